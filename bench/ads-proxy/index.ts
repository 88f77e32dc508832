/**
 * The Ads proxy's added cost, in one run:
 *   - latency: the same Ads API requests (GET /v2/profiles and POST /sp/campaigns/list, alternating)
 *     sent to the Amazon sandbox directly (with the account's token) and through the proxy (with an
 *     API key), 8 at a time, in interleaved rounds; added = proxy − direct, per percentile;
 *   - memory: a 50 MB report downloaded through the proxy, the proxy process's RSS sampled from /proc
 *     every 5 ms (growth = peak − before), and the same file fetched directly for speed.
 * The proxy runs in its own process as apps/api would run it (node --expose-gc, LOG_LEVEL info, one
 * log line per request). Goals: p50 ≤ 2 ms and p99 ≤ 10 ms added at 8 concurrent; RSS growth < 20 MB
 * for the 50 MB download. Prints figures; asserts nothing.
 *
 *   pnpm --filter @adsconnect/bench bench:ads-proxy [--seconds 5] [--rounds 3] [--concurrency 8] [--download-mb 50]
 *     [--proxy-flags="--cpu-prof --cpu-prof-dir=/tmp/prof"]
 */
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";

import { createActor } from "@adsconnect/api/testing";
import { createServices, servicesEnv } from "@adsconnect/services";
import { repoRoot, startSandboxProcess } from "@adsconnect/test-sandbox";
import { getAccessToken } from "@adsconnect/tokens/get-access-token";
import { createAccount } from "@adsconnect/tokens/testing";
import { generateFernetKey } from "@adsconnect/vault";

import { cleanUpOnExit } from "../support/clean-up";
import { createBenchDatabase } from "../refresh/database";
import { path } from "../refresh/env";
import { medianOf, runLoad, type BenchRequest, type LoadResult } from "../support/load";

const { values: args } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== "--"),
  options: {
    seconds: { type: "string", default: "5" },
    warmup: { type: "string", default: "2" },
    rounds: { type: "string", default: "3" },
    concurrency: { type: "string", default: "8" },
    "download-mb": { type: "string", default: "50" },
    // Extra node flags for the measured proxy process, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
    "proxy-flags": { type: "string", default: "" },
  },
});
const SECONDS = Number(args.seconds);
const WARMUP = Number(args.warmup);
const ROUNDS = Number(args.rounds);
const CONCURRENCY = Number(args.concurrency);
const DOWNLOAD_BYTES = Number(args["download-mb"]) * 1024 * 1024;
const SELLER = "amzn1.account.AFSBXSELLER2REGIONS0000000001";
const SELLER_US_PROFILE = "4400000000000000101";
const SP_JSON = "application/vnd.spCampaign.v3+json";

const loadBefore = loadavg()
  .map((l) => l.toFixed(2))
  .join(", ");
const database = await createBenchDatabase("adsconnect_bench_proxy");
const sandbox = await startSandboxProcess();
const env = {
  DATABASE_URL: database.url,
  ENCRYPTION_KEYS: generateFernetKey(),
  AMAZON_CLIENT_ID: sandbox.clientId,
  AMAZON_CLIENT_SECRET: sandbox.clientSecret,
  AMAZON_BASE_URL: sandbox.baseUrlTemplate,
  LOG_LEVEL: "info",
};
const services = createServices(servicesEnv({ runtimeEnv: { ...env, LOG_LEVEL: "warn" } }), {
  name: "bench-ads-proxy-client",
  poolMax: 2,
  dbPoolMax: 2,
});
const children: ChildProcess[] = [];
const logDir = mkdtempSync(join(tmpdir(), "bench-ads-proxy-"));
const cleanUp = cleanUpOnExit(async () => {
  for (const child of children) child.kill("SIGTERM");
  await Promise.all(
    children.map((c) => (c.exitCode === null ? new Promise((r) => c.once("exit", r)) : null)),
  );
  await sandbox.stop();
  await services.close();
  await database.drop();
  rmSync(logDir, { recursive: true, force: true });
});

try {
  const owner = await createActor(services.db, "bench");
  const account = await createAccount(services.pool, services.vault, sandbox, {
    userId: owner.userId,
    amazonUserId: SELLER,
    expiresInSeconds: -60,
  });
  const proxy = await startProxy([
    "--expose-gc",
    ...args["proxy-flags"].split(" ").filter(Boolean),
  ]);
  const { accessToken, clientId } = await getAccessToken(services, {
    accountId: account.id,
    workspaceId: owner.workspaceId,
  });

  const listBody = JSON.stringify({ maxResults: 10 });
  const shapes = (base: string, auth: Record<string, string>): BenchRequest[] => [
    { method: "GET", url: `${base}/v2/profiles`, headers: auth },
    {
      method: "POST",
      url: `${base}/sp/campaigns/list`,
      headers: {
        ...auth,
        "content-type": SP_JSON,
        accept: SP_JSON,
        "amazon-advertising-api-scope": SELLER_US_PROFILE,
      },
      body: listBody,
    },
  ];
  const contenders = [
    {
      name: "direct to the sandbox",
      requests: shapes(sandbox.baseUrl("na"), {
        authorization: `Bearer ${accessToken}`,
        "amazon-advertising-api-clientid": clientId,
      }),
    },
    {
      name: "through the proxy",
      requests: shapes(`${proxy.origin}/ads/${account.id}/na`, {
        authorization: `Bearer ${owner.apiKey}`,
      }),
    },
  ];
  // Both must answer the same before they are timed.
  for (const { name, requests } of contenders)
    for (const spec of requests) {
      const response = await fetch(spec.url, {
        method: spec.method,
        headers: spec.headers,
        ...(spec.body ? { body: spec.body } : {}),
      });
      if (response.status !== 200)
        throw new Error(`${name}: ${spec.method} ${spec.url} answered ${response.status}`);
      await response.arrayBuffer();
    }

  // Rounds interleave the two, so a slow spell of this shared machine lands on both.
  // The CPU time the proxy process and the sandbox spend per request in the measured window: what
  // the proxy costs whatever else this shared machine is running.
  const runs: { name: string; result: LoadResult; cpu: { proxy: number; sandbox: number } }[] = [];
  for (let round = 1; round <= ROUNDS; round++)
    for (const { name, requests } of contenders) {
      let window = { proxy: 0, sandbox: 0 };
      const result = await runLoad({
        requests,
        concurrency: CONCURRENCY,
        seconds: SECONDS,
        warmupSeconds: WARMUP,
        onWindow: (edge) => {
          const now = { proxy: cpuMsOf(proxy.pid), sandbox: cpuMsOf(sandbox.pid) };
          window =
            edge === "start"
              ? now
              : { proxy: now.proxy - window.proxy, sandbox: now.sandbox - window.sandbox };
        },
      });
      const cpu = {
        proxy: (window.proxy * 1000) / result.requests,
        sandbox: (window.sandbox * 1000) / result.requests,
      };
      runs.push({ name, result, cpu });
      console.log(
        `  round ${round}: ${name}: ${result.perSecond.toFixed(0)} req/s, p50 ${result.p50.toFixed(2)} ms, p99 ${result.p99.toFixed(2)} ms, ${result.errors} errors; CPU per request: proxy ${cpu.proxy.toFixed(0)} µs, sandbox ${cpu.sandbox.toFixed(0)} µs`,
      );
    }
  const medianCpu = (name: string, pick: "proxy" | "sandbox") => {
    const values = runs
      .filter((r) => r.name === name)
      .map((r) => r.cpu[pick])
      .sort((a, b) => a - b);
    return values[Math.floor(values.length / 2)]!;
  };
  const direct = medianOf(runs.filter((r) => r.name === contenders[0]!.name).map((r) => r.result));
  const proxied = medianOf(runs.filter((r) => r.name === contenders[1]!.name).map((r) => r.result));

  // Downloads: one small file to warm the path, then the large one through the proxy and directly.
  await sandbox.admin.setReportSettings({ processingMs: 0 });
  const base = `${proxy.origin}/ads/${account.id}/na`;
  const warm = await completedReport(base, owner.apiKey, "warm-up");
  await download(`${base}/__download?url=${encodeURIComponent(warm.url)}`, owner.apiKey);
  await sandbox.admin.setReportSettings({ processingMs: 0, downloadBytes: DOWNLOAD_BYTES });
  const large = await completedReport(base, owner.apiKey, "large");
  const through = await download(
    `${base}/__download?url=${encodeURIComponent(large.url)}`,
    owner.apiKey,
    proxy.pid,
  );
  const straight = await download(large.url);
  // The same download through a proxy process started without --expose-gc, for comparison.
  const plain = await startProxy([]);
  const plainBase = `${plain.origin}/ads/${account.id}/na`;
  await download(`${plainBase}/__download?url=${encodeURIComponent(warm.url)}`, owner.apiKey);
  const withoutGc = await download(
    `${plainBase}/__download?url=${encodeURIComponent(large.url)}`,
    owner.apiKey,
    plain.pid,
  );

  const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
  const pad = (s: string, n: number) => s.padEnd(n);
  console.log(`
bench/ads-proxy: the same Ads API requests directly and through the proxy, ${CONCURRENCY} concurrent,
median of ${ROUNDS} interleaved rounds of ${SECONDS} s after ${WARMUP} s of warm-up; client, proxy, sandbox and
Postgres share this machine (${cpus().length} cores, Node ${process.version})
`);
  console.log(
    `${pad("", 24)}${pad("req/s", 9)}${pad("p50 ms", 9)}${pad("p90 ms", 9)}${pad("p99 ms", 9)}errors`,
  );
  for (const [name, r] of [
    [contenders[0]!.name, direct],
    [contenders[1]!.name, proxied],
  ] as const)
    console.log(
      `${pad(name, 24)}${pad(r.perSecond.toFixed(0), 9)}${pad(r.p50.toFixed(2), 9)}${pad(r.p90.toFixed(2), 9)}${pad(r.p99.toFixed(2), 9)}${r.errors}`,
    );
  const logLines = readFileSync(proxy.log, "utf8").split("\n").filter(Boolean);
  const sample = logLines
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .find((line) => line.method === "POST");
  console.log(
    `the proxy logged ${logLines.length} lines (one per request), e.g. ${JSON.stringify(sample)}`,
  );
  const addedP50 = proxied.p50 - direct.p50;
  const addedP99 = proxied.p99 - direct.p99;
  console.log(
    `CPU per request through the proxy: the proxy process ${medianCpu(contenders[1]!.name, "proxy").toFixed(0)} µs (user + system), the sandbox ${medianCpu(contenders[1]!.name, "sandbox").toFixed(0)} µs (${medianCpu(contenders[0]!.name, "sandbox").toFixed(0)} µs when called directly); load average before the run ${loadBefore}`,
  );
  console.log(
    `added by the proxy: p50 ${addedP50.toFixed(2)} ms (goal ≤ 2: ${addedP50 <= 2 ? "met" : "missed"}), p99 ${addedP99.toFixed(2)} ms (goal ≤ 10: ${addedP99 <= 10 ? "met" : "missed"})`,
  );
  console.log(`
${mib(DOWNLOAD_BYTES)} MiB report download (${mib(large.fileSize)} MiB file):
  through the proxy (--expose-gc): ${through.seconds.toFixed(2)} s, ${mib(through.bytes / through.seconds)} MiB/s; proxy RSS ${mib(through.rssBefore)} → peak ${mib(through.rssPeak)} MiB: growth ${mib(through.rssPeak - through.rssBefore)} MiB (goal < 20: ${through.rssPeak - through.rssBefore < 20 * 2 ** 20 ? "met" : "missed"})
  directly from the sandbox:       ${straight.seconds.toFixed(2)} s, ${mib(straight.bytes / straight.seconds)} MiB/s
  proxy without --expose-gc:       ${withoutGc.seconds.toFixed(2)} s; RSS ${mib(withoutGc.rssBefore)} → peak ${mib(withoutGc.rssPeak)} MiB: growth ${mib(withoutGc.rssPeak - withoutGc.rssBefore)} MiB (V8 collects the streamed buffers late)`);
} finally {
  await cleanUp();
}

/**
 * bench/ads-proxy/proxy-server.ts in its own process with `flags`; its origin and pid. Its log (one
 * line per request) goes to a file, as it would to a log collector that keeps up.
 */
async function startProxy(flags: string[]): Promise<{ origin: string; pid: number; log: string }> {
  const log = join(logDir, `proxy-${children.length}.log`);
  const out = openSync(log, "w");
  const child = spawn(
    process.execPath,
    [...flags, "--import", "tsx", "ads-proxy/proxy-server.ts", JSON.stringify(env)],
    {
      cwd: join(repoRoot(), "bench"),
      env: { PATH: path, NODE_ENV: "production" },
      stdio: ["ignore", out, "pipe"],
    },
  );
  closeSync(out);
  children.push(child);
  return new Promise((resolve, reject) => {
    let text = "";
    let listening = false;
    child.stderr!.setEncoding("utf8");
    child.stderr!.on("data", (chunk: string) => {
      if (listening) return void process.stderr.write(chunk);
      text += chunk;
      const match = /^listening on (http:\/\/\S+)$/m.exec(text);
      if (match) {
        listening = true;
        resolve({ origin: match[1]!, pid: child.pid!, log });
      }
    });
    child.once("exit", (code) =>
      reject(new Error(`the proxy exited (${code}) before listening:\n${text}`)),
    );
  });
}

/** POST /reporting/reports and GET /reporting/reports/{id} through the proxy until COMPLETED. */
async function completedReport(base: string, apiKey: string, name: string) {
  const headers = {
    authorization: `Bearer ${apiKey}`,
    "amazon-advertising-api-scope": SELLER_US_PROFILE,
  };
  const day = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
  const created = await fetch(`${base}/reporting/reports`, {
    method: "POST",
    headers: { ...headers, "content-type": "application/vnd.createasyncreportrequest.v3+json" },
    body: JSON.stringify({
      name,
      startDate: day,
      endDate: day,
      configuration: {
        adProduct: "SPONSORED_PRODUCTS",
        reportTypeId: "spCampaigns",
        groupBy: ["campaign"],
        columns: ["campaignId", "campaignName", "impressions", "clicks", "cost"],
        timeUnit: "SUMMARY",
        format: "GZIP_JSON",
      },
    }),
  });
  if (created.status !== 200) throw new Error(`report create: ${created.status}`);
  const { reportId } = (await created.json()) as { reportId: string };
  for (;;) {
    const report = (await (
      await fetch(`${base}/reporting/reports/${reportId}`, { headers })
    ).json()) as { status: string; url: string; fileSize: number };
    if (report.status === "COMPLETED") return report;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Reads a download to the end; with `pid`, samples that process's RSS every 5 ms meanwhile. */
async function download(url: string, apiKey?: string, pid?: number) {
  const rss = () => (pid === undefined ? 0 : rssOf(pid));
  const rssBefore = rss();
  let rssPeak = rssBefore;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rss())), 5);
  const started = performance.now();
  let bytes = 0;
  try {
    const response = await fetch(
      url,
      apiKey ? { headers: { authorization: `Bearer ${apiKey}` } } : {},
    );
    if (response.status !== 200) throw new Error(`download answered ${response.status}`);
    for await (const chunk of response.body!) bytes += chunk.length;
  } finally {
    clearInterval(sampler);
  }
  rssPeak = Math.max(rssPeak, rss());
  return { bytes, seconds: (performance.now() - started) / 1000, rssBefore, rssPeak };
}

/** A process's user + system CPU time so far, in ms (from /proc; clock ticks of 10 ms). */
function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function rssOf(pid: number): number {
  const kb = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  return Number(kb) * 1024;
}
