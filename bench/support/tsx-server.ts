import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";

import { repoRoot } from "@adsconnect/test-sandbox";

import { path } from "../refresh/env";
import { LISTENING } from "./bench-server";

/**
 * Spawns one of bench/'s own servers (a .ts file, relative to bench/) with tsx, handing it
 * `config`, and resolves with its origin once it prints LISTENING. The child goes into
 * `children`, for the bench to stop.
 */
export async function startTsxServer(
  script: string,
  config: unknown,
  children: ChildProcess[],
): Promise<string> {
  const child = spawn(process.execPath, ["--import", "tsx", script, JSON.stringify(config)], {
    cwd: join(repoRoot(), "bench"),
    env: { PATH: path, NODE_ENV: "production", LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.setEncoding("utf8");
    child.stdout!.on("data", (chunk: string) => {
      out += chunk;
      const match = LISTENING.exec(out);
      if (match) resolve(match[1]!);
    });
    child.once("exit", (code) => reject(new Error(`${script} exited (${code}) before listening`)));
  });
}
