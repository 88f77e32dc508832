/**
 * The accounts page with 200 accounts in Chromium, on the production build:
 *   - navigation-to-load time (Navigation Timing: navigation start to the
 *     end of the load event), each run in a fresh browser context (no cache);
 *   - the first-load JavaScript of the page (every script it fetched, from
 *     .next/static, gzipped).
 * Goals: under 1 s, and under 250 kB of first-load JS. Prints figures; asserts nothing.
 *
 *   pnpm --filter @adsconnect/web build   # once
 *   pnpm --filter @adsconnect/bench bench:dashboard [--accounts 200] [--runs 10]
 */
import type { ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";

import { createDb } from "@adsconnect/db/client";
import { generateFernetKey } from "@adsconnect/vault";
import { chromium, type Browser } from "playwright-core";

import { cleanUpOnExit } from "../support/clean-up";
import { createBenchDatabase } from "../refresh/database";
import { startWebServer, webRoot } from "../support/web-server";
import { firstLoadJs } from "./first-load-js";
import { seedAccounts } from "./seed";

const { values: args } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== "--"),
  options: {
    accounts: { type: "string", default: "200" },
    runs: { type: "string", default: "10" },
    warmup: { type: "string", default: "2" },
  },
});
const ACCOUNTS = Number(args.accounts);
const RUNS = Number(args.runs);
const WARMUP = Number(args.warmup);
const GOAL_MS = 1000;
const GOAL_KB = 250;
const CHROMIUM = "/usr/bin/chromium";
// ../shared/TOOLCHAIN.md: without these Chromium keeps calling home on a machine with no network.
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];

if (!existsSync(join(webRoot, ".next", "BUILD_ID"))) {
  console.error(
    "apps/web has no production build: run `pnpm --filter @adsconnect/web build` first.",
  );
  process.exit(1);
}
if (!existsSync(CHROMIUM)) {
  console.error(`${CHROMIUM} is missing: apt-get update && apt-get install -y chromium`);
  process.exit(1);
}

const database = await createBenchDatabase("adsconnect_bench_dashboard");
const db = createDb(database.url, { max: 2 });
let next: ChildProcess | undefined;
let browser: Browser | undefined;
const cleanUp = cleanUpOnExit(async () => {
  await browser?.close();
  if (next && next.exitCode === null) {
    const exited = new Promise((resolve) => next!.once("exit", resolve));
    next.kill("SIGTERM");
    await exited;
  }
  await db.$disconnect();
  await database.drop();
});

try {
  const url = await startNext(database.url);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
  });

  // Sign in once (local sign-in), then give that person the accounts.
  const signIn = await browser.newContext({ baseURL: url });
  const response = await signIn.request.post("/api/local-auth/sign-in", {
    form: { email: "bench@example.com", name: "Bench Person" },
    // The sign-in form takes only a POST from the app's own pages (login CSRF).
    headers: { origin: url },
    maxRedirects: 0,
  });
  if (response.status() !== 303) throw new Error(`sign-in answered ${response.status()}`);
  const storageState = await signIn.storageState();
  await signIn.close();
  // The person's row is created on their first request.
  const page0 = await (await browser.newContext({ baseURL: url, storageState })).newPage();
  await page0.goto("/accounts");
  const user = await db.user.findFirstOrThrow({ where: { email: "bench@example.com" } });
  await seedAccounts(db, user.id, ACCOUNTS);
  await page0.context().close();

  const loads: number[] = [];
  const visible: number[] = [];
  const contentLoaded: number[] = [];
  const firstBytes: number[] = [];
  const paints: number[] = [];
  let scripts: string[] = [];
  let htmlBytes = 0;
  for (let run = 0; run < WARMUP + RUNS; run++) {
    const context = await browser.newContext({
      baseURL: url,
      storageState,
      viewport: { width: 1280, height: 860 },
    });
    const page = await context.newPage();
    // When the list first shows, from a check every few milliseconds that starts with the
    // document (React may reveal streamed content after the load event; rAF does not run this early).
    await page.addInitScript(() => {
      const scope = globalThis as unknown as {
        document: {
          querySelector(selector: string): { getBoundingClientRect(): { height: number } } | null;
        };
        __listVisibleAt?: number;
      };
      const timer = setInterval(() => {
        const list = scope.document.querySelector('ul[aria-label="Connected Amazon accounts"]');
        if (list && list.getBoundingClientRect().height > 0) {
          scope.__listVisibleAt = performance.now();
          clearInterval(timer);
        }
      }, 4);
    });
    await page.goto("/accounts", { waitUntil: "load" });
    const listVisible = await page
      .waitForFunction(
        () => (globalThis as unknown as { __listVisibleAt?: number }).__listVisibleAt ?? false,
        undefined,
        { polling: 16 },
      )
      .then((handle) => handle.jsonValue() as Promise<number>);
    const rows = await page
      .getByRole("list", { name: "Connected Amazon accounts" })
      .getByRole("listitem")
      .count();
    if (rows !== ACCOUNTS)
      throw new Error(
        `${page.url()} showed ${rows} accounts, not ${ACCOUNTS}: ${(await page.locator("main").innerText()).slice(0, 500)}`,
      );
    const timing = await page.evaluate(() => {
      // Browser code: this package's types are Node's, so the navigation entry is typed here.
      type NavigationEntry = {
        startTime: number;
        loadEventEnd: number;
        domContentLoadedEventEnd: number;
        responseStart: number;
        encodedBodySize: number;
      };
      const [navigation] = performance.getEntriesByType(
        "navigation" as never,
      ) as unknown as NavigationEntry[];
      return {
        load: navigation!.loadEventEnd - navigation!.startTime,
        contentLoaded: navigation!.domContentLoadedEventEnd - navigation!.startTime,
        firstByte: navigation!.responseStart - navigation!.startTime,
        firstContentfulPaint:
          (
            performance.getEntriesByName("first-contentful-paint" as never)[0] as unknown as
              { startTime: number } | undefined
          )?.startTime ?? NaN,
        htmlBytes: navigation!.encodedBodySize,
        scripts: performance
          .getEntriesByType("resource" as never)
          .map((entry) => entry.name)
          .filter((name) => new URL(name).pathname.endsWith(".js")),
      };
    });
    await context.close();
    if (run < WARMUP) continue;
    loads.push(timing.load);
    visible.push(listVisible);
    contentLoaded.push(timing.contentLoaded);
    firstBytes.push(timing.firstByte);
    paints.push(timing.firstContentfulPaint);
    scripts = timing.scripts;
    htmlBytes = timing.htmlBytes;
  }

  const js = firstLoadJs(webRoot, scripts);
  const ms = (values: number[]) =>
    `median ${median(values).toFixed(0)} ms, p90 ${percentile(values, 0.9).toFixed(0)} ms, min ${Math.min(...values).toFixed(0)} ms, max ${Math.max(...values).toFixed(0)} ms`;
  const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
  console.log(
    `bench:dashboard — /accounts with ${ACCOUNTS} accounts, web service (next start, production build), Chromium ${browser.version()}, ${RUNS} cold runs after ${WARMUP} warm-up`,
  );
  console.log(`  navigation → load event:       ${ms(loads)}`);
  console.log(`  navigation → DOMContentLoaded: ${ms(contentLoaded)}`);
  console.log(`  navigation → first paint:      ${ms(paints)} (first-contentful-paint)`);
  console.log(
    `  navigation → accounts visible: ${ms(visible)} (the list laid out, seen by a 4 ms check on the main thread)`,
  );
  console.log(`  navigation → first byte:       ${ms(firstBytes)}`);
  console.log(`  HTML document:                 ${kB(htmlBytes)} as sent`);
  console.log(
    `  first-load JS:                 ${kB(js.gzip)} gzipped (${kB(js.raw)} raw) in ${js.files} files`,
  );
  console.log(
    `  goals: load < ${GOAL_MS} ms: ${percentile(loads, 0.9) < GOAL_MS ? "met" : "missed"} (p90 ${percentile(loads, 0.9).toFixed(0)} ms); list visible < ${GOAL_MS} ms: ${percentile(visible, 0.9) < GOAL_MS ? "met" : "missed"} (p90 ${percentile(visible, 0.9).toFixed(0)} ms); first-load JS < ${GOAL_KB} kB: ${js.gzip / 1000 < GOAL_KB ? "met" : "missed"} (${kB(js.gzip)})`,
  );
} finally {
  await cleanUp();
}

function median(values: number[]) {
  return percentile(values, 0.5);
}

function percentile(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

/** The web service (`next start`) on apps/web's production build with local sign-in, on a free-ish port. */
async function startNext(databaseUrl: string): Promise<string> {
  const server = await startWebServer(3800 + Math.floor(Math.random() * 90), {
    DATABASE_URL: databaseUrl,
    ENCRYPTION_KEYS: generateFernetKey(),
    AMAZON_CLIENT_ID: "amzn1.application-oa2-client.bench",
  });
  next = server.child;
  return server.url;
}
