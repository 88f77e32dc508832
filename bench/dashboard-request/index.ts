/**
 * One dashboard request over HTTP, at 8 connections, side by side in one run with its floor:
 *   - the web service as Railway runs it (railway.json's start command: `next start` on the
 *     production build of apps/web), local sign-in: GET /api/trpc/accounts.list with the
 *     session cookie, through the proxy (local session check, Clerk's middleware), the session
 *     and workspace reads and the procedure;
 *   - floor: a bare node:http + pg server that checks the same cookie's signature and runs
 *     one indexed SELECT of the person's accounts with their profiles.
 * One person, their personal workspace holding `--accounts` accounts (seeded as
 * bench/dashboard does). Prints figures and the ratio; asserts nothing.
 *
 *   pnpm --filter @adsconnect/web build   # once
 *   pnpm --filter @adsconnect/bench bench:dashboard-request [--seconds 10] [--concurrency 8] [--rounds 3] [--accounts 10]
 */
import type { ChildProcess } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";

import { generateLocalAuthKeyPair } from "@adsconnect/auth";
import { createDb } from "@adsconnect/db/client";
import { generateFernetKey } from "@adsconnect/vault";

import { cleanUpOnExit } from "../support/clean-up";
import { seedAccounts } from "../dashboard/seed";
import { createBenchDatabase } from "../refresh/database";
import { medianOf, runLoad, type LoadResult } from "../support/load";
import { startTsxServer } from "../support/tsx-server";
import { startWebServer } from "../support/web-server";
import type { FloorConfig } from "./floor-server";

const { values: args } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== "--"),
  options: {
    seconds: { type: "string", default: "10" },
    warmup: { type: "string", default: "3" },
    concurrency: { type: "string", default: "8" },
    accounts: { type: "string", default: "10" },
    rounds: { type: "string", default: "3" },
  },
});
const SECONDS = Number(args.seconds);
const WARMUP = Number(args.warmup);
const CONCURRENCY = Number(args.concurrency);
const ACCOUNTS = Number(args.accounts);
const ROUNDS = Number(args.rounds);
const WEB = "web service (next start), accounts.list";
const FLOOR = "floor: node:http + pg, one SELECT";

const database = await createBenchDatabase("adsconnect_bench_dashboard_request");
const db = createDb(database.url, { max: 2 });
const children: ChildProcess[] = [];
const cleanUp = cleanUpOnExit(async () => {
  const exits = children.map((c) =>
    c.exitCode === null ? new Promise((r) => c.once("exit", r)) : null,
  );
  for (const child of children) child.kill("SIGTERM");
  await Promise.all(exits);
  await db.$disconnect();
  await database.drop();
});

try {
  const keys = generateLocalAuthKeyPair();
  const web = await startWebServer(3900 + Math.floor(Math.random() * 90), {
    DATABASE_URL: database.url,
    ENCRYPTION_KEYS: generateFernetKey(),
    AMAZON_CLIENT_ID: "amzn1.application-oa2-client.bench",
    // The floor verifies the same tokens.
    LOCAL_AUTH_PRIVATE_KEY: keys.privateKeyPem,
  });
  children.push(web.child);
  const floorConfig: FloorConfig = { databaseUrl: database.url, publicKeyPem: keys.publicKeyPem };
  const floor = await startTsxServer("dashboard-request/floor-server.ts", floorConfig, children);

  const cookie = await signIn(web.url, "bench@example.com", "Bench Person");
  const listUrl = `${web.url}/api/trpc/accounts.list`;
  // The person's first request makes their users row and personal workspace.
  await expectAccounts(WEB, listUrl, cookie, 0);
  const user = await db.user.findFirstOrThrow({ where: { email: "bench@example.com" } });
  await seedAccounts(db, user.id, ACCOUNTS);

  const contenders = [
    { name: FLOOR, url: `${floor}/accounts` },
    { name: WEB, url: listUrl },
  ];
  // Each must list the person's accounts before it is timed.
  for (const { name, url } of contenders) await expectAccounts(name, url, cookie, ACCOUNTS);

  const loadBefore = loadavg()[0]!;
  // Rounds interleave the contenders, so a slow spell of this shared machine lands on both;
  // each figure is the median over rounds.
  const runs: { name: string; result: LoadResult }[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    for (const { name, url } of contenders) {
      const result = await runLoad({
        requests: [{ method: "GET", url, headers: { cookie } }],
        concurrency: CONCURRENCY,
        seconds: SECONDS,
        warmupSeconds: WARMUP,
      });
      runs.push({ name, result });
      console.log(
        `  round ${round}: ${name}: ${result.perSecond.toFixed(0)} req/s, p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, ${result.errors} errors`,
      );
    }
  }
  const medians = contenders.map(({ name }) => ({
    name,
    result: medianOf(runs.filter((r) => r.name === name).map((r) => r.result)),
  }));

  console.log(`
bench/dashboard-request: accounts.list (${ACCOUNTS} accounts) with a local session cookie, ${CONCURRENCY} connections,
median of ${ROUNDS} interleaved rounds of ${SECONDS} s after ${WARMUP} s of warm-up; client and servers share this machine
(${cpus().length} cores, Node ${process.version}, 1-minute load average ${loadBefore.toFixed(1)} before the rounds, ${loadavg()[0]!.toFixed(1)} after)
`);
  const pad = (s: string, n: number) => s.padEnd(n);
  console.log(
    `${pad("contender", 42)}${pad("req/s", 9)}${pad("p50 ms", 9)}${pad("p90 ms", 9)}${pad("p99 ms", 9)}${pad("errors", 8)}vs floor`,
  );
  const base = medians.find((m) => m.name === FLOOR)!.result;
  for (const { name, result } of medians) {
    console.log(
      `${pad(name, 42)}${pad(result.perSecond.toFixed(0), 9)}${pad(result.p50.toFixed(2), 9)}${pad(result.p90.toFixed(2), 9)}${pad(result.p99.toFixed(2), 9)}${pad(String(result.errors), 8)}${((result.perSecond / base.perSecond) * 100).toFixed(0)} %`,
    );
  }
} finally {
  await cleanUp();
}

/** Signs a person in locally (the sign-in form's POST) and returns their Cookie header. */
async function signIn(url: string, email: string, name: string): Promise<string> {
  const response = await fetch(`${url}/api/local-auth/sign-in`, {
    method: "POST",
    // The form takes only a POST from the app's own pages (login CSRF).
    headers: { origin: url },
    body: new URLSearchParams({ email, name }),
    redirect: "manual",
  });
  if (response.status !== 303) throw new Error(`sign-in answered ${response.status}`);
  return response.headers
    .getSetCookie()
    .map((line) => line.split(";")[0]!)
    .join("; ");
}

/** Throws unless `url` answers 200 with `count` account ids in its body. */
async function expectAccounts(name: string, url: string, cookie: string, count: number) {
  const response = await fetch(url, { headers: { cookie } });
  const body = await response.text();
  const ids = new Set(body.match(/"amazonUserId":"[^"]+"/g) ?? []);
  if (response.status !== 200 || ids.size !== count)
    throw new Error(
      `${name} answered ${response.status} with ${ids.size} accounts: ${body.slice(0, 300)}`,
    );
}
