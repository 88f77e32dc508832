// `pnpm dev`: the whole product on one machine with working defaults —
// Postgres (DATABASE_URL, or an embedded one), migrations, the Amazon
// sandbox, the web app, the machine API and the worker, with generated
// development secrets.
import { join } from "node:path";

import { ensureDatabase } from "@adsconnect/db-dev/embedded";

import { loadOrCreateDevSecrets } from "./dev-env";
import { userEnv as readUserEnv } from "./env";
import { startProcess, stopAll, type Supervised } from "./processes";

const repoRoot = join(import.meta.dirname, "..", "..", "..");
const userEnv = readUserEnv();

// The sandbox's client id and secret: development values, not secrets.
const SANDBOX_CLIENT_ID = "amzn1.application-oa2-client.sandbox";
const SANDBOX_CLIENT_SECRET = "amzn1.oa2-cs.v1.sandbox-development-secret-not-for-production";

async function main() {
  const secrets = loadOrCreateDevSecrets(join(repoRoot, ".dev", "env"));
  const database = await ensureDatabase({
    databaseUrl: userEnv.DATABASE_URL,
    log: (line) => console.log(`dev      | ${line}`),
  });

  const webPort = Number(userEnv.PORT ?? 3000);
  const appUrl = userEnv.APP_URL ?? `http://localhost:${webPort}`;
  // The machine API (apps/api) listens on API_URL's port: 3001 unless API_URL says otherwise.
  const apiUrl = (userEnv.API_URL ?? "http://localhost:3001").replace(/\/+$/, "");
  const apiPort = new URL(apiUrl).port || "3001";
  // The worker serves its /health (and /metrics) on PORT too; each service gets its own.
  const workerPort = String(userEnv.WORKER_PORT ?? 3002);
  // Real Amazon credentials in the environment mean real Amazon; otherwise the sandbox.
  const useSandbox = !userEnv.AMAZON_CLIENT_ID;
  const sandboxPort = Number(userEnv.SANDBOX_PORT ?? 4599);

  const env: NodeJS.ProcessEnv = {
    ...secrets,
    ...userEnv,
    NODE_ENV: "development",
    DATABASE_URL: database.url,
    APP_URL: appUrl,
    API_URL: apiUrl,
    PORT: String(webPort),
    NEXT_TELEMETRY_DISABLED: "1",
    NEXT_PUBLIC_CLERK_KEYLESS_DISABLED: "1",
    NEXT_PUBLIC_CLERK_TELEMETRY_DISABLED: "1",
    ...(useSandbox
      ? {
          AMAZON_CLIENT_ID: SANDBOX_CLIENT_ID,
          AMAZON_CLIENT_SECRET: SANDBOX_CLIENT_SECRET,
          AMAZON_BASE_URL: `http://127.0.0.1:${sandboxPort}/{region}`,
          SANDBOX_PORT: String(sandboxPort),
          SANDBOX_REDIRECT_URIS: `${appUrl}/api/amazon/callback`,
        }
      : {}),
  };

  const processes: Supervised[] = [];
  const pnpm = (filter: string, script: string) => ["--filter", filter, "run", script];
  if (useSandbox)
    processes.push(
      startProcess("sandbox", 0, "pnpm", pnpm("@adsconnect/amazon-sandbox", "dev"), {
        cwd: repoRoot,
        env,
      }),
    );
  processes.push(
    startProcess("web", 1, "pnpm", pnpm("@adsconnect/web", "dev"), { cwd: repoRoot, env }),
  );
  processes.push(
    startProcess("api", 2, "pnpm", pnpm("@adsconnect/api-service", "dev"), {
      cwd: repoRoot,
      env: { ...env, PORT: apiPort },
    }),
  );
  processes.push(
    startProcess("worker", 3, "pnpm", pnpm("@adsconnect/worker", "dev"), {
      cwd: repoRoot,
      env: { ...env, PORT: workerPort },
    }),
  );

  console.log(
    `dev      | adsconnect on ${appUrl}, machine API on ${apiUrl}, worker health on http://127.0.0.1:${workerPort}/health (database ${database.embedded ? "embedded" : "from DATABASE_URL"}${useSandbox ? `, Amazon sandbox on http://127.0.0.1:${sandboxPort}` : ", real Amazon"})`,
  );

  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await stopAll(processes);
    await database.stop();
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));
  for (const { name, child } of processes) {
    child.once("exit", (code) => {
      if (stopping) return;
      console.error(`dev      | ${name} exited (${code ?? "signal"}); stopping everything`);
      void shutdown(code ?? 1);
    });
  }
}

main().catch((error: unknown) => {
  console.error(`dev      | ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
