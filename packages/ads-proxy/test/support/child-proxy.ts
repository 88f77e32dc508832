import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export interface ChildProxy {
  origin: string;
  pid: number;
  /** The process's resident set size now, in bytes (from /proc). */
  rss(): number;
  stop(): Promise<void>;
}

/** test/fixtures/proxy-server.ts in its own Node process (with `nodeFlags`), services from `env`. */
export async function startChildProxy(
  env: Record<string, string>,
  nodeFlags: string[] = [],
): Promise<ChildProxy> {
  const script = fileURLToPath(new URL("../fixtures/proxy-server.ts", import.meta.url));
  const child: ChildProcess = spawn(
    process.execPath,
    [...nodeFlags, "--import", "tsx", script, JSON.stringify(env)],
    {
      cwd: fileURLToPath(new URL("../..", import.meta.url)),
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const origin = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.setEncoding("utf8");
    child.stdout!.on("data", (chunk: string) => {
      out += chunk;
      const match = /^listening on (http:\/\/\S+)$/m.exec(out);
      if (match) resolve(match[1]!);
    });
    void exited.then(() => reject(new Error(`the proxy process exited before listening:\n${out}`)));
  });
  return {
    origin,
    pid: child.pid!,
    rss: () => rssOf(child.pid!),
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

/** VmRSS of a process, in bytes. */
export function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
  if (!kb) throw new Error(`no VmRSS for process ${pid}`);
  return Number(kb) * 1024;
}
