import { spawn, type ChildProcessByStdio } from "node:child_process";
import { join } from "node:path";
import type { Readable } from "node:stream";

import { deployedStartCommand, type RAILWAY_CONFIGS } from "../railway-config";

const repoRoot = join(import.meta.dirname, "..", "..", "..", "..");

export interface DeployedProcess {
  child: ChildProcessByStdio<null, Readable, Readable>;
  /** Everything it wrote to stdout and stderr so far (the last 500,000 characters). */
  output(): string;
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts `service` exactly as Railway does (its railway.json's start command, in a shell from the
 * repository root, so signals reach the service itself) with exactly `env`: the caller passes
 * PATH and HOME, nothing else leaks in. Killed if the test process exits first.
 */
export function spawnDeployed(
  service: keyof typeof RAILWAY_CONFIGS,
  env: Record<string, string>,
): DeployedProcess {
  const child = spawn("sh", ["-c", deployedStartCommand(service)], {
    cwd: repoRoot,
    // A child's environment (Next's types, in the web's tests that import this, require NODE_ENV).
    env: env as unknown as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const append = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-500_000);
  };
  child.stdout.on("data", append);
  child.stderr.on("data", append);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  void exited.then(() => process.off("exit", killOnExit));
  return { child, output: () => output, exited };
}
