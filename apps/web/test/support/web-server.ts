import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { deployedStartCommand } from "@adsconnect/deploy/railway-config";

import { inherited } from "./env";

export const webRoot = join(import.meta.dirname, "..", "..");
const repoRoot = join(webRoot, "..", "..");

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address
          ? resolve(address.port)
          : reject(new Error("no port")),
      );
    });
  });
}

export interface WebServer {
  url: string;
  /** Every attempt the server made to reach another machine (DNS lookups and connects). */
  egress(): string[];
  output(): string;
  /**
   * SIGTERM (SIGKILL after 12 s, past the drain); resolves with the exit code: 143 when
   * `next start` stopped by itself on SIGTERM, null when killed.
   */
  stop(): Promise<number | null>;
}

/**
 * Starts the production build as Railway does (railway.json's start command) with the given environment and
 * an egress recorder preloaded. Needs `next build` first (the test command
 * runs it; see the web project's global setup).
 */
export async function startWebServer(
  env: Record<string, string>,
  options: { port?: number } = {},
): Promise<WebServer> {
  if (!existsSync(join(webRoot, ".next", "BUILD_ID"))) {
    throw new Error(
      "apps/web has no production build: run `pnpm --filter @adsconnect/web build` first",
    );
  }
  const port = options.port ?? (await freePort());
  // Next's proxy re-enters the server through "localhost" (Clerk's middleware
  // rewrites to the same URL), so the server listens on every interface and
  // is addressed as localhost, as in development.
  const url = `http://localhost:${port}`;
  const egressLog = join(mkdtempSync(join(tmpdir(), "adsconnect-egress-")), "egress.log");
  writeFileSync(egressLog, "");
  let output = "";
  // Exactly what Railway runs (a shell, then `exec node … next start`), so these tests see the
  // deployed process: its signals, and its NODE_ENV (none is set here: the start command sets
  // production).
  const processEnv: Record<string, string> = {
    PORT: String(port),
    ...inherited,
    NEXT_TELEMETRY_DISABLED: "1",
    NEXT_PUBLIC_CLERK_TELEMETRY_DISABLED: "1",
    NEXT_PUBLIC_CLERK_KEYLESS_DISABLED: "1",
    APP_URL: url,
    LOG_LEVEL: "info",
    EGRESS_LOG: egressLog,
    NODE_OPTIONS: `--require ${join(import.meta.dirname, "egress-recorder.cjs")}`,
    ...env,
  };
  const child: ChildProcess = spawn("sh", ["-c", deployedStartCommand("web")], {
    cwd: repoRoot,
    env: processEnv as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`web server exited early:\n${output}`);
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.status === 200 || response.status === 503) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`web server did not start within 30 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  return {
    url,
    egress: () => readFileSync(egressLog, "utf8").split("\n").filter(Boolean),
    output: () => output,
    stop: () =>
      new Promise<number | null>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
        child.once("exit", (code) => resolve(code));
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 12_000).unref();
      }),
  };
}
