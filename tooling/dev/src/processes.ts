import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";

const colours = ["\x1b[36m", "\x1b[35m", "\x1b[33m", "\x1b[32m"];
const reset = "\x1b[0m";

export interface Supervised {
  name: string;
  child: ChildProcess;
}

/** Starts a command whose output lines are prefixed with its name, like a tiny foreman. */
export function startProcess(
  name: string,
  index: number,
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Supervised {
  const child = spawn(command, args, {
    ...options,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const prefix = `${colours[index % colours.length]}${name.padEnd(8)}${reset}|`;
  for (const stream of [child.stdout, child.stderr]) {
    if (stream)
      createInterface({ input: stream }).on("line", (line) =>
        process.stdout.write(`${prefix} ${line}\n`),
      );
  }
  return { name, child };
}

/** Stops every process group (pnpm → node → next), politely first. */
export async function stopAll(processes: Supervised[]): Promise<void> {
  await Promise.all(
    processes.map(
      ({ child }) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.pid === undefined) return resolve();
          child.once("exit", () => resolve());
          const signalGroup = (signal: NodeJS.Signals) => {
            try {
              process.kill(-child.pid!, signal);
            } catch {
              // already gone
            }
          };
          signalGroup("SIGTERM");
          setTimeout(() => signalGroup("SIGKILL"), 10_000).unref();
        }),
    ),
  );
}
