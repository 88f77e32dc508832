import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

import { generateLocalAuthKeyPair } from "@adsconnect/auth";
import { deployedStartCommand } from "@adsconnect/deploy/railway-config";
import { repoRoot } from "@adsconnect/test-sandbox";

import { path } from "../refresh/env";

export const webRoot = join(repoRoot(), "apps", "web");

export interface WebServer {
  url: string;
  child: ChildProcess;
}

/**
 * The web service as Railway runs it (railway.json's start command: `next start` on the
 * existing production build of apps/web), with local sign-in and Amazon out of reach (benches
 * never call it), resolving once /api/health answers. `env` adds DATABASE_URL,
 * ENCRYPTION_KEYS and the like.
 */
export async function startWebServer(
  port: number,
  env: Record<string, string>,
): Promise<WebServer> {
  if (!existsSync(join(webRoot, ".next", "BUILD_ID")))
    throw new Error("apps/web has no production build (run `pnpm --filter @adsconnect/web build`)");
  const url = `http://localhost:${port}`;
  const child = spawn(
    "sh",
    // What Railway runs: a shell, then `exec node … next start`.
    ["-c", deployedStartCommand("web")],
    {
      cwd: repoRoot(),
      env: {
        PORT: String(port),
        PATH: path,
        NEXT_TELEMETRY_DISABLED: "1",
        AMAZON_CLIENT_SECRET: "bench",
        AMAZON_BASE_URL: "http://127.0.0.1:9/{region}",
        APP_URL: url,
        AUTH_PROVIDER: "local",
        LOCAL_AUTH_PRIVATE_KEY: generateLocalAuthKeyPair().privateKeyPem,
        CLERK_ENCRYPTION_KEY: "bench-request-encryption-key",
        ALLOW_LOCAL_AUTH_IN_PRODUCTION: "true",
        LOG_LEVEL: "warn",
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the web server exited:\n${output.slice(-2000)}`);
    try {
      const health = await fetch(`${url}/api/health`);
      if (health.status === 200 || health.status === 503) return { url, child };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`the web server did not answer within 60 s:\n${output.slice(-2000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
