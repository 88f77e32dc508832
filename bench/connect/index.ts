/**
 * A big agency's connect callback (2,000 profiles, 5,000 DSP advertisers, the sandbox answering):
 * completeConnection timed, median of N runs, beside a floor measured in the same run — the same
 * Ads API discovery calls made directly at the same concurrency plus the same rows written by
 * plain multi-row INSERTs through node-postgres (floor.ts). Each run is a first connection (a new
 * person and workspace); the callback and the floor alternate so both see the same load.
 * `--db-latency-ms` adds that much each way to every Postgres round trip of both, as the accounts
 * test's slowDatabase does. Prints figures; asserts nothing.
 *
 *   pnpm --filter @adsconnect/bench bench:connect [-- --runs 5 --profiles 2000 --advertisers 5000 --db-latency-ms 0]
 */
import { randomUUID } from "node:crypto";
import { cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";

import { completeConnection, startConnection } from "@adsconnect/accounts";
import { createLogger } from "@adsconnect/logger";
import { createServices, servicesEnv } from "@adsconnect/services";
import { driveConsent, startSandboxProcess } from "@adsconnect/test-sandbox";
import { decryptAccessToken } from "@adsconnect/tokens/account-tokens";
import { generateFernetKey } from "@adsconnect/vault";
import { ensurePersonalWorkspace } from "@adsconnect/workspaces";
import pg from "pg";

import { cleanUpOnExit } from "../support/clean-up";
import { createBenchDatabase } from "../refresh/database";
import { discoverDirectly, writeDirectly } from "./floor";
import { startLatencyRelay } from "@adsconnect/db-dev/latency-relay";

const { values: args } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== "--"),
  options: {
    runs: { type: "string", default: "5" },
    profiles: { type: "string", default: "2000" },
    advertisers: { type: "string", default: "5000" },
    "db-latency-ms": { type: "string", default: "0" },
    // packages/accounts/src/discover-profiles.ts's DSP_LISTING_CONCURRENCY.
    concurrency: { type: "string", default: "16" },
  },
});
const RUNS = Number(args.runs);
const PROFILES = Number(args.profiles);
const ADVERTISERS = Number(args.advertisers);
const DB_LATENCY_MS = Number(args["db-latency-ms"]);
const CONCURRENCY = Number(args.concurrency);
const APP_URL = "http://localhost:3000";

const database = await createBenchDatabase("adsconnect_bench_connect");
const relay = DB_LATENCY_MS > 0 ? await startLatencyRelay(database.url, DB_LATENCY_MS) : null;
const databaseUrl = relay?.url ?? database.url;
const sandbox = await startSandboxProcess({ redirectUris: [`${APP_URL}/api/amazon/callback`] });
const services = createServices(
  servicesEnv({
    runtimeEnv: {
      DATABASE_URL: databaseUrl,
      ENCRYPTION_KEYS: generateFernetKey(),
      ...sandbox.appEnv,
      APP_URL,
    },
  }),
  { name: "bench-connect", logger: createLogger("bench-connect", { level: "warn" }), dbPoolMax: 5 },
);
const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
const cleanUp = cleanUpOnExit(async () => {
  await pool.end();
  await services.close();
  await sandbox.stop();
  await relay?.close();
  await database.drop();
});

/** A person signed in, with their personal workspace (made outside the timed part). */
async function newPerson() {
  const userId = `user_bench_connect_${randomUUID()}`;
  await services.db.user.create({ data: { id: userId, email: `${userId}@example.com` } });
  return { userId, access: await ensurePersonalWorkspace(services.db, userId) };
}

/** Start and Amazon's consent page untimed, then the callback timed. */
async function timeCallback(amazonUserId: string) {
  const { userId, access } = await newPerson();
  const { authorizationUrl } = await startConnection(services, { userId, access, region: "NA" });
  const redirect = await driveConsent(authorizationUrl, {
    userId: amazonUserId,
    decision: "allow",
  });
  const started = performance.now();
  const outcome = await completeConnection(services, {
    userId,
    query: Object.fromEntries(redirect.url.searchParams),
  });
  const ms = performance.now() - started;
  if (outcome.kind !== "connected" || outcome.profiles !== PROFILES) {
    throw new Error(`the callback did not connect the agency: ${JSON.stringify(outcome)}`);
  }
  return { ms, accountId: outcome.accountId };
}

async function timeFloor(accessToken: string, amazonUserId: string) {
  const { userId, access } = await newPerson();
  const client = await pool.connect();
  try {
    const started = performance.now();
    const found = await discoverDirectly(
      { baseUrlTemplate: sandbox.baseUrlTemplate, clientId: sandbox.clientId, accessToken },
      CONCURRENCY,
    );
    const written = await writeDirectly(
      client,
      { userId, workspaceId: access.workspaceId, amazonUserId },
      found,
    );
    const ms = performance.now() - started;
    if (written.profiles !== PROFILES || written.advertisers !== ADVERTISERS) {
      throw new Error(`the floor wrote ${JSON.stringify(written)}`);
    }
    return ms;
  } finally {
    client.release();
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

try {
  const agency = await sandbox.admin.createGeneratedAgency({
    profiles: PROFILES,
    advertisers: ADVERTISERS,
  });
  // A warm-up connect (not counted): it also yields an access token for the floor's calls.
  const warmUp = await timeCallback(agency.userId);
  const row = await services.db.amazonAccount.findUniqueOrThrow({
    where: { id: warmUp.accountId },
  });
  const accessToken = decryptAccessToken(services.vault, row.id, row.accessTokenCiphertext!);
  await timeFloor(accessToken, agency.userId);

  const callbackMs: number[] = [];
  const floorMs: number[] = [];
  const load = loadavg()[0]!;
  for (let run = 1; run <= RUNS; run += 1) {
    callbackMs.push((await timeCallback(agency.userId)).ms);
    floorMs.push(await timeFloor(accessToken, agency.userId));
    console.log(
      `  run ${run}: callback ${callbackMs.at(-1)!.toFixed(0)} ms, floor ${floorMs.at(-1)!.toFixed(0)} ms`,
    );
  }
  const callback = median(callbackMs);
  const floor = median(floorMs);
  console.log(`
bench/connect: ${PROFILES} profiles, ${ADVERTISERS} DSP advertisers, median of ${RUNS} first connections, Postgres latency +${DB_LATENCY_MS} ms each way
  connect callback (completeConnection)        ${(callback / 1000).toFixed(2)} s
  floor: direct Ads API calls + multi-row pg   ${(floor / 1000).toFixed(2)} s   (DSP listings ${CONCURRENCY} at a time)
  callback ÷ floor                             ${(callback / floor).toFixed(2)}×
  machine                                      ${cpus().length} cores, Node ${process.version}, load average ${load.toFixed(2)} at start, ${loadavg()[0]!.toFixed(2)} at end`);
} finally {
  await cleanUp();
}
