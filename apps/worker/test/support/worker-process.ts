import { spawnDeployed } from "@adsconnect/deploy/testing";

export interface WorkerProcess {
  pid: number;
  /** Everything the worker logged so far (pino JSON lines), for failure messages. */
  logs(): string;
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal: NodeJS.Signals): void;
}

/**
 * Runs the worker exactly as Railway does (a shell, then `exec node … src/main.ts`, so signals
 * reach the worker itself), resolving once it logged "worker started".
 */
export async function spawnWorker(env: Record<string, string>): Promise<WorkerProcess> {
  const { child, output, exited } = spawnDeployed("worker", env);
  await new Promise<void>((resolve, reject) => {
    const onData = () => {
      if (output().includes('"msg":"worker started"')) {
        child.stdout.off("data", onData);
        resolve();
      }
    };
    child.stdout.on("data", onData);
    void exited.then(({ code, signal }) =>
      reject(new Error(`the worker exited before starting (${code ?? signal})\n${output()}`)),
    );
  });
  return { pid: child.pid!, logs: output, exited, kill: (signal) => child.kill(signal) };
}

/**
 * Polls `check` until it returns true, failing at once with the worker's log
 * if the worker dies meanwhile (the test's own timeout bounds the wait).
 */
export async function waitWhileAlive(
  worker: WorkerProcess,
  check: () => Promise<boolean>,
  intervalMs = 200,
): Promise<void> {
  let dead: string | undefined;
  void worker.exited.then(({ code, signal }) => (dead = `the worker exited (${code ?? signal})`));
  while (!(await check())) {
    if (dead) throw new Error(`${dead}; it logged:\n${worker.logs().slice(-6000)}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
