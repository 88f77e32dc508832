/**
 * The client's grant cache: 10,000 `adsconnect.getAccessToken` calls for 10 accounts through
 * @adsconnect/client against a real machine API (the machine router on node:http through the
 * bridge apps/api serves it with, in this process, on a fresh database), counting the HTTP
 * requests that reach the server. Goal: at most 10 hand-out requests. Prints figures; asserts
 * nothing.
 *
 *   pnpm --filter @adsconnect/bench bench:client-cache [--calls 10000] [--accounts 10] [--concurrency 100]
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";

import { createMachineHandler, MACHINE_TRPC_PATH } from "@adsconnect/api/machine";
import { toNodeHandler } from "@adsconnect/api/node";
import { createActor, createTestAccount } from "@adsconnect/api/testing";
import { createAdsConnectClient } from "@adsconnect/client";
import { createLogger } from "@adsconnect/logger";
import { createServices, servicesEnv } from "@adsconnect/services";
import { generateFernetKey } from "@adsconnect/vault";

import { createBenchDatabase } from "../refresh/database";

const { values: args } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== "--"),
  options: {
    calls: { type: "string", default: "10000" },
    accounts: { type: "string", default: "10" },
    concurrency: { type: "string", default: "100" },
  },
});
const CALLS = Number(args.calls);
const ACCOUNTS = Number(args.accounts);
const CONCURRENCY = Number(args.concurrency);

const database = await createBenchDatabase("adsconnect_bench_client_cache");
const services = createServices(
  servicesEnv({
    runtimeEnv: {
      DATABASE_URL: database.url,
      ENCRYPTION_KEYS: generateFernetKey(),
      AMAZON_CLIENT_ID: "amzn1.application-oa2-client.bench",
      AMAZON_CLIENT_SECRET: "bench-client-secret",
      // Nothing answers on port 9: the accounts' tokens are fresh, so no call reaches Amazon.
      AMAZON_BASE_URL: "http://127.0.0.1:9/{region}",
    },
  }),
  { name: "bench-client-cache", logger: createLogger("bench", { level: "silent" }), poolMax: 4 },
);

let requests = 0;
let handOutRequests = 0;
let handOutCalls = 0; // procedure calls: httpBatchLink batches the calls of one tick into one request
const machine = toNodeHandler(createMachineHandler({ services }));
const server = createServer((req, res) => {
  requests += 1;
  const path = (req.url ?? "/").split("?", 1)[0]!;
  if (path.startsWith(`${MACHINE_TRPC_PATH}/`)) {
    const calls = path.split(",").filter((name) => name.endsWith("tokens.getAccessToken")).length;
    if (calls > 0) handOutRequests += 1;
    handOutCalls += calls;
    return void machine(req, res);
  }
  res.writeHead(404).end();
});

try {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const owner = await createActor(services.db, "bench");
  const accounts: string[] = [];
  for (let i = 0; i < ACCOUNTS; i += 1)
    accounts.push(await createTestAccount(services.db, services.vault, owner));

  const adsconnect = createAdsConnectClient({ url: origin, apiKey: owner.apiKey });
  let next = 0;
  const started = performance.now();
  // CONCURRENCY callers at a time, each taking the next call, accounts round-robin.
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < CALLS) {
        const call = next++;
        await adsconnect.getAccessToken(accounts[call % ACCOUNTS]!);
      }
    }),
  );
  const ms = performance.now() - started;

  console.log(`client cache: ${CALLS} getAccessToken calls for ${ACCOUNTS} accounts`);
  console.log(`  ${CONCURRENCY} concurrent callers, through @adsconnect/client over HTTP`);
  console.log(
    `  HTTP requests at the server: ${requests} (${handOutRequests} asking for tokens.getAccessToken, carrying ${handOutCalls} hand-out calls; goal ≤ ${ACCOUNTS})`,
  );
  console.log(
    `  time: ${ms.toFixed(1)} ms (${((ms * 1000) / CALLS).toFixed(1)} µs per call, cold cache included)`,
  );
} finally {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await services.close();
  await database.drop();
}
