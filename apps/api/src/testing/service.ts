import { execFileSync } from "node:child_process";
import { join } from "node:path";

import { spawnDeployed } from "@adsconnect/deploy/testing";

import { inherited } from "./env";

const apiRoot = join(import.meta.dirname, "..", "..");

/**
 * Builds the service's bundle (apps/api/dist, esbuild, about a second) from the current
 * sources, so tests never run a stale one. Test projects that start the service call it from
 * their global setup.
 */
export function buildApiBundle(): void {
  execFileSync(process.execPath, ["build.mjs"], { cwd: apiRoot, stdio: "inherit" });
}

export interface ApiService {
  /** The origin it answers at, e.g. "http://127.0.0.1:41234" (also its API_URL). */
  url: string;
  pid: number;
  /** Everything it logged so far (pino JSON lines), for assertions and failure messages. */
  output(): string;
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM (SIGKILL after 12 s, past the drain); resolves with the exit code, null when killed. */
  stop(): Promise<number | null>;
}

/**
 * Starts apps/api exactly as Railway does (apps/api/railway.json's start command: a shell,
 * then `exec node dist/main.mjs`, so signals reach the service itself) on a port of its
 * choosing, with the given environment (DATABASE_URL, ENCRYPTION_KEYS, AMAZON_*, …) on top of
 * PATH and HOME; resolves once it logged "api listening" (so LOG_LEVEL, default info, must
 * let info through). Needs the bundle (buildApiBundle).
 */
export async function startApiService(env: Record<string, string>): Promise<ApiService> {
  if (env.LOG_LEVEL && !["info", "debug", "trace"].includes(env.LOG_LEVEL))
    throw new Error(
      `startApiService reads the "api listening" line: LOG_LEVEL ${env.LOG_LEVEL} hides it`,
    );
  const { child, output, exited } = spawnDeployed("api", {
    ...inherited,
    PORT: "0",
    LOG_LEVEL: "info",
    ...env,
  });

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`apps/api did not start within 30 s:\n${output()}`));
    }, 30_000);
    const onData = () => {
      const line = output()
        .split("\n")
        .find((text) => text.includes('"msg":"api listening"'));
      if (!line) return;
      clearTimeout(timer);
      child.stdout.off("data", onData);
      resolve((JSON.parse(line) as { port: number }).port);
    };
    child.stdout.on("data", onData);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`apps/api exited before listening (${code ?? signal}):\n${output()}`));
    });
  });

  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    output,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 12_000).unref();
      }
      return (await exited).code;
    },
  };
}
