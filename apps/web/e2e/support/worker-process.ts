import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";

import { inherited } from "../../test/support/env";
import { webRoot } from "../../test/support/web-server";

const workerRoot = join(webRoot, "..", "worker");

export interface WorkerProcess {
  output(): string;
  stop(): Promise<void>;
}

/**
 * Runs apps/worker as its own process (`node --import tsx src/main.ts`), as
 * in production, with the given environment; resolves once it has started.
 */
export async function startWorkerProcess(env: Record<string, string>): Promise<WorkerProcess> {
  let output = "";
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: workerRoot,
    env: {
      ...inherited,
      NODE_ENV: "production",
      LOG_LEVEL: "info",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 60_000;
  while (!output.includes("worker started")) {
    if (child.exitCode !== null) throw new Error(`worker exited early:\n${output}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`worker did not start within 60 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
      }),
  };
}
