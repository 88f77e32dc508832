/**
 * tokens.getAccessToken over HTTP with an API key, at saturation, side by
 * side in one run with its yardstick:
 *   - the machine API as Railway runs it: apps/api/railway.json's start command, on its
 *     bundle (built here first, about a second);
 *   - yardstick: a bare node:http + pg server doing the same lookups and decryption.
 * 100 accounts with fresh tokens (no refresh in the measured path), requests
 * spread over them. Goals: at least 50% of the yardstick's throughput, p99
 * under 20 ms. Prints figures; asserts nothing.
 *
 *   pnpm --filter @adsconnect/bench bench:token-handout [--seconds 10] [--concurrency 8,32] [--rounds 3]
 */
import type { ChildProcess } from "node:child_process";
import { cpus } from "node:os";
import { parseArgs } from "node:util";

import { createActor } from "@adsconnect/api/testing";
import { buildApiBundle, startApiService, type ApiService } from "@adsconnect/api-service/testing";
import { createDb } from "@adsconnect/db/client";
import { createAccounts, type GrantSource } from "@adsconnect/tokens/testing";
import { generateFernetKey, TokenVault } from "@adsconnect/vault";
import pg from "pg";

import { cleanUpOnExit } from "../support/clean-up";
import { createBenchDatabase } from "../refresh/database";
import { medianOf, runLoad, type LoadResult } from "../support/load";
import { startTsxServer } from "../support/tsx-server";
import type { ServerConfig } from "./config";

const { values: args } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== "--"),
  options: {
    seconds: { type: "string", default: "10" },
    warmup: { type: "string", default: "3" },
    concurrency: { type: "string", default: "8,32" },
    accounts: { type: "string", default: "100" },
    rounds: { type: "string", default: "3" },
  },
});
const SECONDS = Number(args.seconds);
const WARMUP = Number(args.warmup);
const CONCURRENCIES = args.concurrency.split(",").map(Number);
const ROUNDS = Number(args.rounds);
const API = "machine API (apps/api, its start command)";
const YARDSTICK = "yardstick: node:http + pg";

const database = await createBenchDatabase("adsconnect_bench_handout");
const children: ChildProcess[] = [];
let api: ApiService | undefined;
const pool = new pg.Pool({ connectionString: database.url, max: 2 });
const db = createDb(database.url, { max: 2 });
const cleanUp = cleanUpOnExit(async () => {
  for (const child of children) child.kill("SIGTERM");
  await Promise.all([
    api?.stop(),
    ...children.map((c) => (c.exitCode === null ? new Promise((r) => c.once("exit", r)) : null)),
  ]);
  await pool.end();
  await db.$disconnect();
  await database.drop();
});

try {
  const encryptionKeys = generateFernetKey();
  const vault = TokenVault.fromEncryptionKeys(encryptionKeys);
  const config: ServerConfig = {
    databaseUrl: database.url,
    encryptionKeys,
    amazonClientId: "amzn1.application-oa2-client.bench",
  };
  const owner = await createActor(db, "bench");
  let minted = 0;
  // Tokens that never reach Amazon: every access token is fresh for the whole run.
  const grants: GrantSource = {
    admin: {
      mintGrants: ({ count = 1 } = {}) =>
        Promise.resolve(
          Array.from({ length: count }, () => ({
            userId: `amzn1.account.BENCH${++minted}`,
            refreshToken: `Atzr|bench-${minted}-${"r".repeat(380)}`,
          })),
        ),
      counters: () => Promise.resolve({ token: { refresh_token: 0 } }),
    },
  };
  const accounts = await createAccounts(pool, vault, grants, Number(args.accounts), {
    userId: owner.userId,
    expiresInSeconds: 3600,
  });
  const headers = { authorization: `Bearer ${owner.apiKey}` };
  const trpcPath = (id: string) =>
    `/trpc/tokens.getAccessToken?input=${encodeURIComponent(JSON.stringify({ json: { accountId: id } }))}`;

  const yardstick = await startTsxServer("token-handout/yardstick-server.ts", config, children);
  buildApiBundle();
  api = await startApiService({
    DATABASE_URL: config.databaseUrl,
    ENCRYPTION_KEYS: config.encryptionKeys,
    AMAZON_CLIENT_ID: config.amazonClientId,
    AMAZON_CLIENT_SECRET: "bench",
    AMAZON_BASE_URL: "http://127.0.0.1:9/{region}",
    // Every request is still counted (that cost is measured), but never refused.
    RATE_LIMIT_API_KEY: "1000000000",
  });
  const contenders: { name: string; urls: string[] }[] = [
    { name: YARDSTICK, urls: accounts.map((a) => `${yardstick}/token?accountId=${a.id}`) },
    { name: API, urls: accounts.map((a) => `${api!.url}${trpcPath(a.id)}`) },
  ];

  // Every contender must hand out the right token before it is timed.
  for (const { name, urls } of contenders) {
    const response = await fetch(urls[0]!, { headers });
    const body = await response.text();
    if (response.status !== 200 || !body.includes(accounts[0]!.accessToken))
      throw new Error(`${name} answered ${response.status}: ${body.slice(0, 300)}`);
  }

  // Rounds interleave the contenders, so a slow spell of this shared machine lands on all of
  // them; each figure is the median over rounds.
  const runs: { name: string; concurrency: number; result: LoadResult }[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    for (const concurrency of CONCURRENCIES) {
      for (const { name, urls } of contenders) {
        const result = await runLoad({
          requests: urls.map((url) => ({ method: "GET" as const, url, headers })),
          concurrency,
          seconds: SECONDS,
          warmupSeconds: WARMUP,
        });
        runs.push({ name, concurrency, result });
        console.log(
          `  round ${round}: ${name}, ${concurrency} connections: ${result.perSecond.toFixed(0)} req/s`,
        );
      }
    }
  }
  const results = CONCURRENCIES.flatMap((concurrency) =>
    contenders.map(({ name }) => {
      const mine = runs.filter((r) => r.name === name && r.concurrency === concurrency);
      return { name, concurrency, result: medianOf(mine.map((r) => r.result)) };
    }),
  );

  console.log(`
bench/token-handout: tokens.getAccessToken with an API key, fresh tokens, ${accounts.length} accounts,
median of ${ROUNDS} interleaved rounds of ${SECONDS} s after ${WARMUP} s of warm-up; client and servers share this machine (${cpus().length} cores, Node ${process.version})
`);
  const pad = (s: string, n: number) => s.padEnd(n);
  console.log(
    `${pad("contender", 44)}${pad("conns", 7)}${pad("req/s", 9)}${pad("p50 ms", 9)}${pad("p90 ms", 9)}${pad("p99 ms", 9)}errors  vs yardstick`,
  );
  for (const { name, concurrency, result } of results) {
    const base = results.find((r) => r.concurrency === concurrency && r.name === YARDSTICK)!.result;
    console.log(
      `${pad(name, 44)}${pad(String(concurrency), 7)}${pad(result.perSecond.toFixed(0), 9)}${pad(result.p50.toFixed(2), 9)}${pad(result.p90.toFixed(2), 9)}${pad(result.p99.toFixed(2), 9)}${pad(String(result.errors), 8)}${((result.perSecond / base.perSecond) * 100).toFixed(0)} %`,
    );
  }
  const product = results.filter((r) => r.name === API);
  for (const { concurrency, result } of product) {
    const base = results.find((r) => r.concurrency === concurrency && r.name === YARDSTICK)!.result;
    const ratio = result.perSecond / base.perSecond;
    console.log(
      `goals at ${concurrency} connections (machine API): throughput ≥ 50 % of the yardstick: ${ratio >= 0.5 ? "met" : "missed"} (${(ratio * 100).toFixed(0)} %); p99 < 20 ms: ${result.p99 < 20 ? "met" : "missed"} (${result.p99.toFixed(1)} ms)`,
    );
  }
  // At saturation: each at the concurrency where it served the most.
  const best = (name: string) =>
    results
      .filter((r) => r.name === name)
      .reduce((a, b) => (b.result.perSecond > a.result.perSecond ? b : a));
  const ours = best(API);
  const base = best(YARDSTICK);
  const ratio = ours.result.perSecond / base.result.perSecond;
  console.log(
    `at saturation (each at its best concurrency): machine API ${ours.result.perSecond.toFixed(0)} req/s at ${ours.concurrency} vs the yardstick's ${base.result.perSecond.toFixed(0)} at ${base.concurrency}: ${(ratio * 100).toFixed(0)} % (${ratio >= 0.5 ? "met" : "missed"}); p99 there ${ours.result.p99.toFixed(1)} ms (${ours.result.p99 < 20 ? "met" : "missed"})`,
  );
} finally {
  await cleanUp();
}
