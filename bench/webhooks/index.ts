/**
 * The worker delivering webhooks while it refreshes tokens, in one run: `--events` account
 * events queued for one endpoint (a node:http receiver on 127.0.0.1 answering 204 at once), and
 * `--accounts` accounts all due for a refresh (the sandbox answering each after `--latency` ms).
 * One worker process does both; prints webhook events delivered per second beside refreshes per
 * second, each over its own span from the start. Asserts nothing.
 *
 *   pnpm --filter @adsconnect/bench bench:webhooks [-- --events 5000 --accounts 2000 --concurrency 50 --webhook-concurrency 10 --latency 100]
 */
import { execFileSync, spawn } from "node:child_process";
import { cpus } from "node:os";
import { parseArgs } from "node:util";

import { deployedStartCommand } from "@adsconnect/deploy/railway-config";
import { createLogger } from "@adsconnect/logger";
import { createServices, servicesEnv, WEBHOOK_DEFAULTS } from "@adsconnect/services";
import { repoRoot, startSandboxProcess } from "@adsconnect/test-sandbox";
import { createAccounts, createUser } from "@adsconnect/tokens/testing";
import { generateFernetKey } from "@adsconnect/vault";
import { createEndpoint } from "@adsconnect/webhooks/endpoints";
import { recordAccountEvent } from "@adsconnect/webhooks/record-account-event";
import { startTestReceiver } from "@adsconnect/webhooks/testing";

import { cleanUpOnExit } from "../support/clean-up";
import { createBenchDatabase } from "../refresh/database";
import { path } from "../refresh/env";

const { values: args } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== "--"),
  options: {
    events: { type: "string", default: "5000" },
    accounts: { type: "string", default: "2000" },
    concurrency: { type: "string", default: "50" },
    "webhook-concurrency": { type: "string", default: "10" },
    latency: { type: "string", default: "100" },
  },
});
const EVENTS = Number(args.events);
const ACCOUNTS = Number(args.accounts);
const LATENCY_MS = Number(args.latency);

const database = await createBenchDatabase("adsconnect_bench_webhooks");
const sandbox = await startSandboxProcess();
const receiver = await startTestReceiver();
const encryptionKeys = generateFernetKey();
const services = createServices(
  servicesEnv({
    runtimeEnv: {
      DATABASE_URL: database.url,
      ENCRYPTION_KEYS: encryptionKeys,
      AMAZON_CLIENT_ID: sandbox.clientId,
      AMAZON_CLIENT_SECRET: sandbox.clientSecret,
      AMAZON_BASE_URL: sandbox.baseUrlTemplate,
    },
  }),
  {
    name: "bench-webhooks",
    logger: createLogger("bench-webhooks", { level: "warn" }),
    poolMax: 4,
    webhooks: { ...WEBHOOK_DEFAULTS, production: false },
  },
);
const { pool } = services;
let worker: ReturnType<typeof spawn> | undefined;
const cleanUp = cleanUpOnExit(async () => {
  worker?.kill("SIGTERM");
  if (worker && worker.exitCode === null)
    await new Promise((resolve) => worker!.once("exit", resolve));
  await services.close();
  await receiver.close();
  await sandbox.stop();
  await database.drop();
});

try {
  console.log(`creating ${ACCOUNTS} accounts, all due, and ${EVENTS} webhook events…`);
  const owner = await createUser(pool);
  const accounts = await createAccounts(pool, services.vault, sandbox, ACCOUNTS, {
    userId: owner,
    expiresInSeconds: 120,
  });
  const { rows } = await pool.query<{ workspaceId: string }>(
    `SELECT workspace_id AS "workspaceId" FROM amazon_accounts LIMIT 1`,
  );
  await createEndpoint(services, {
    workspaceId: rows[0]!.workspaceId,
    createdById: null,
    url: receiver.url,
    eventTypes: [],
  });
  // Each event in a transaction of its own, as the changes that cause them write them.
  for (let i = 0; i < EVENTS; i++) {
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      await recordAccountEvent(client, {
        accountId: accounts[i % accounts.length]!.id,
        type: "account.refresh_failing",
        status: "refresh_failing",
        reason: `bench ${i}`,
        at: new Date(),
      });
      await client.query("COMMIT");
    } finally {
      client.release();
    }
  }
  await pool.query("ANALYZE");
  await sandbox.admin.setLatency({ tokenMs: LATENCY_MS });

  execFileSync("pnpm", ["--filter", "@adsconnect/worker", "build"], { stdio: "inherit" });
  const started = performance.now();
  worker = spawn("sh", ["-c", deployedStartCommand("worker")], {
    cwd: repoRoot(),
    env: {
      PATH: path,
      NODE_ENV: "development",
      DATABASE_URL: database.url,
      ENCRYPTION_KEYS: encryptionKeys,
      AMAZON_CLIENT_ID: sandbox.clientId,
      AMAZON_CLIENT_SECRET: sandbox.clientSecret,
      AMAZON_BASE_URL: sandbox.baseUrlTemplate,
      WORKER_CONCURRENCY: args.concurrency,
      WEBHOOK_CONCURRENCY: args["webhook-concurrency"],
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  worker.once("exit", (code, signal) => {
    cleanUp.abort(`the worker exited (${code ?? signal}) before the bench was done`);
  });
  await pool.query(`SELECT pg_sleep(0)`);
  let sweepQueued = false;
  let eventsDoneMs: number | undefined;
  let refreshesDoneMs: number | undefined;
  let last = 0;
  while (eventsDoneMs === undefined || refreshesDoneMs === undefined) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    if (!sweepQueued) {
      // graphile-worker makes its schema on start; the sweep is queued once it exists.
      const { rows: ready } = await pool.query<{ ready: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM worker_heartbeats) AS ready`,
      );
      if (ready[0]!.ready) {
        await pool.query(`SELECT graphile_worker.add_job('sweep_due_accounts', '{}'::json)`);
        sweepQueued = true;
      }
    }
    const elapsed = performance.now() - started;
    if (eventsDoneMs === undefined && receiver.received.length >= EVENTS) eventsDoneMs = elapsed;
    if (refreshesDoneMs === undefined && (await freshCount()) === ACCOUNTS)
      refreshesDoneMs = elapsed;
    if (elapsed / 1000 > last + 1) {
      last = Math.floor(elapsed / 1000);
      console.log(
        `  ${last} s: ${receiver.received.length} events delivered, ${await freshCount()} fresh`,
      );
    }
  }
  const delivered = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM webhook_messages WHERE state = 'delivered'`,
  );
  console.log(`
bench/webhooks: one worker process, from its start (graphile-worker's start-up included)
  webhook events          ${EVENTS} to one receiver on 127.0.0.1, WEBHOOK_CONCURRENCY ${args["webhook-concurrency"]}, ${ACCOUNTS} lanes at most
  all delivered after     ${(eventsDoneMs / 1000).toFixed(2)} s
  events per second       ${((EVENTS / eventsDoneMs) * 1000).toFixed(0)}   (requests received ${receiver.received.length}, messages delivered ${delivered.rows[0]!.n})
  refreshes, beside them  ${ACCOUNTS} accounts due, sandbox latency ${LATENCY_MS} ms, WORKER_CONCURRENCY ${args.concurrency}
  all fresh after         ${(refreshesDoneMs / 1000).toFixed(2)} s
  refreshes per second    ${((ACCOUNTS / refreshesDoneMs) * 1000).toFixed(0)}
  machine                 ${cpus().length} cores, Node ${process.version}`);
} finally {
  await cleanUp();
}

async function freshCount(): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM amazon_accounts WHERE access_token_expires_at > now() + interval '10 minutes'`,
  );
  return rows[0]!.n;
}
