import { execFileSync } from "node:child_process";
import { join } from "node:path";

import { spawnDeployed } from "@adsconnect/deploy/testing";

import { inherited } from "./env";

const workerRoot = join(import.meta.dirname, "..", "..");

/** Builds the worker's bundle (apps/worker/dist, esbuild) from the current sources. */
export function buildWorkerBundle(): void {
  execFileSync(process.execPath, ["build.mjs"], { cwd: workerRoot, stdio: "inherit" });
}

export interface WorkerService {
  pid: number;
  /** Its `/health` and `/metrics` origin, when it was given a PORT (e.g. "0"); else null. */
  url: string | null;
  /** Everything it logged so far (pino JSON lines). */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends a signal (SIGSTOP and SIGCONT pause and resume it). */
  signal(signal: NodeJS.Signals): void;
  /** SIGTERM (SIGKILL after 70 s, past the drain); resolves with the exit code. */
  stop(): Promise<number | null>;
}

/**
 * Starts the worker exactly as Railway does (apps/worker/railway.json's start command, on its
 * bundle) with `env` on top of PATH and HOME; resolves once it logged "worker started" (and,
 * with a PORT, "worker health listening"). Needs the bundle (buildWorkerBundle).
 */
export async function startWorkerService(env: Record<string, string>): Promise<WorkerService> {
  const { child, output, exited } = spawnDeployed("worker", {
    ...inherited,
    LOG_LEVEL: "info",
    ...env,
  });

  const wantsPort = env.PORT !== undefined;
  const port = await new Promise<number | null>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the worker did not start within 60 s:\n${output()}`));
    }, 60_000);
    const onData = () => {
      if (!output().includes('"msg":"worker started"')) return;
      let port: number | null = null;
      if (wantsPort) {
        const line = output()
          .split("\n")
          .find((text) => text.includes('"msg":"worker health listening"'));
        if (!line) return;
        port = (JSON.parse(line) as { port: number }).port;
      }
      clearTimeout(timer);
      child.stdout.off("data", onData);
      resolve(port);
    };
    child.stdout.on("data", onData);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`the worker exited before starting (${code ?? signal}):\n${output()}`));
    });
  });

  return {
    pid: child.pid!,
    url: port === null ? null : `http://127.0.0.1:${port}`,
    output,
    exited,
    signal: (signal) => child.kill(signal),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGCONT");
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 70_000).unref();
      }
      return (await exited).code;
    },
  };
}
