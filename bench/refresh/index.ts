/**
 * The worker against 10,000 accounts all due at once, the sandbox answering
 * each refresh after 100 ms: how long until every one is fresh, against the
 * floor N × latency ÷ concurrency (what WORKER_CONCURRENCY slots waiting on
 * Amazon alone would take). Goals: at least 80% of that floor's pace, and
 * all 10,000 in under 60 s. Prints figures; asserts nothing.
 *
 *   pnpm --filter @adsconnect/bench bench:refresh [-- --accounts 10000 --concurrency 50 --latency 100]
 */
import { execFileSync, spawn } from "node:child_process";
import { parseArgs } from "node:util";

import { deployedStartCommand } from "@adsconnect/deploy/railway-config";
import { startSandboxProcess, repoRoot } from "@adsconnect/test-sandbox";
import { createAccounts, createUser } from "@adsconnect/tokens/testing";
import { generateFernetKey, TokenVault } from "@adsconnect/vault";
import pg from "pg";

import { cleanUpOnExit } from "../support/clean-up";
import { createBenchDatabase } from "./database";
import { path } from "./env";

const { values: args } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== "--"),
  options: {
    accounts: { type: "string", default: "10000" },
    concurrency: { type: "string", default: "50" },
    latency: { type: "string", default: "100" },
  },
});
const N = Number(args.accounts);
const CONCURRENCY = Number(args.concurrency);
const LATENCY_MS = Number(args.latency);

const database = await createBenchDatabase("adsconnect_bench_refresh");
const sandbox = await startSandboxProcess();
const pool = new pg.Pool({ connectionString: database.url, max: 4 });
const encryptionKeys = generateFernetKey();
const vault = TokenVault.fromEncryptionKeys(encryptionKeys);
let worker: ReturnType<typeof spawn> | undefined;
const cleanUp = cleanUpOnExit(async () => {
  worker?.kill("SIGTERM");
  if (worker && worker.exitCode === null)
    await new Promise((resolve) => worker!.once("exit", resolve));
  await pool.end();
  await sandbox.stop();
  await database.drop();
});

try {
  console.log(`creating ${N} accounts, all due…`);
  const owner = await createUser(pool);
  await createAccounts(pool, vault, sandbox, N, { userId: owner, expiresInSeconds: 120 });
  await pool.query("ANALYZE amazon_accounts");
  await sandbox.admin.setLatency({ tokenMs: LATENCY_MS });

  // The deployed worker: its bundle, started by railway.json's command.
  execFileSync("pnpm", ["--filter", "@adsconnect/worker", "build"], { stdio: "inherit" });
  worker = spawn("sh", ["-c", deployedStartCommand("worker")], {
    cwd: repoRoot(),
    env: {
      PATH: path,
      DATABASE_URL: database.url,
      ENCRYPTION_KEYS: encryptionKeys,
      AMAZON_CLIENT_ID: sandbox.clientId,
      AMAZON_CLIENT_SECRET: sandbox.clientSecret,
      AMAZON_BASE_URL: sandbox.baseUrlTemplate,
      WORKER_CONCURRENCY: String(CONCURRENCY),
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  worker.once("exit", (code, signal) => {
    cleanUp.abort(`the worker exited (${code ?? signal}) before the bench was done`);
  });
  await waitFor(async () => {
    const { rows } = await pool.query<{ ready: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM worker_heartbeats) AS ready`,
    );
    return rows[0]!.ready;
  });

  const callsBefore = (await sandbox.admin.counters()).token.refresh_token;
  const started = performance.now();
  await pool.query(`SELECT graphile_worker.add_job('sweep_due_accounts', '{}'::json)`);
  let last = 0;
  await waitFor(async () => {
    const fresh = await freshCount();
    const seconds = Math.floor((performance.now() - started) / 1000);
    if (seconds > last) {
      last = seconds;
      console.log(`  ${seconds} s: ${fresh} fresh`);
    }
    return fresh === N;
  }, 100);
  const elapsedMs = performance.now() - started;
  const calls = (await sandbox.admin.counters()).token.refresh_token - callsBefore;

  const floorMs = (N * LATENCY_MS) / CONCURRENCY;
  const pace = floorMs / elapsedMs;
  console.log(`
bench/refresh: ${N} accounts due, sandbox latency ${LATENCY_MS} ms, WORKER_CONCURRENCY ${CONCURRENCY}
  all fresh after        ${(elapsedMs / 1000).toFixed(2)} s   (goal < 60 s: ${elapsedMs < 60_000 ? "met" : "missed"})
  floor N×latency÷conc.  ${(floorMs / 1000).toFixed(2)} s
  pace vs the floor      ${(pace * 100).toFixed(1)} %   (goal ≥ 80 %: ${pace >= 0.8 ? "met" : "missed"})
  refreshes per second   ${((N / elapsedMs) * 1000).toFixed(0)}
  calls to the sandbox   ${calls}   (one per account: ${calls === N ? "yes" : "no"})
  machine                ${(await import("node:os")).cpus().length} cores, Node ${process.version}`);
} finally {
  await cleanUp();
}

async function freshCount(): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM amazon_accounts WHERE access_token_expires_at > now() + interval '10 minutes'`,
  );
  return rows[0]!.n;
}

async function waitFor(check: () => Promise<boolean>, intervalMs = 200): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, intervalMs));
}
