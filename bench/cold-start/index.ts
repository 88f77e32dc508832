/**
 * The worker's cold start and memory: the production start command (from
 * apps/worker/railway.json, or `--command`) run ROUNDS times against a fresh
 * database; for each, the time from spawn to the "worker started" log line and
 * the process's RSS then and after a few idle seconds. Prints figures; asserts
 * nothing.
 *
 *   pnpm --filter @adsconnect/bench bench:cold-start [-- --rounds 5 --command "cd apps/worker && exec node --import tsx src/main.ts"]
 */
import { execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

import { deployedStartCommand } from "@adsconnect/deploy/railway-config";
import { repoRoot } from "@adsconnect/test-sandbox";
import { generateFernetKey } from "@adsconnect/vault";

import { createBenchDatabase } from "../refresh/database";
import { path } from "../refresh/env";

const { values: args } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== "--"),
  options: {
    rounds: { type: "string", default: "5" },
    idle: { type: "string", default: "3000" },
    command: { type: "string" },
  },
});
const ROUNDS = Number(args.rounds);
const IDLE_MS = Number(args.idle);
const command = args.command ?? deployedStartCommand("worker");
if (!args.command)
  execFileSync("pnpm", ["--filter", "@adsconnect/worker", "build"], { stdio: "inherit" });

const rssMiB = (pid: number): number => {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kib / 1024;
};

interface Round {
  readyMs: number;
  rssReady: number;
  rssIdle: number;
}

async function oneRound(databaseUrl: string): Promise<Round> {
  const started = performance.now();
  const child = spawn("sh", ["-c", command], {
    cwd: repoRoot(),
    env: {
      PATH: path,
      DATABASE_URL: databaseUrl,
      ENCRYPTION_KEYS: generateFernetKey(),
      AMAZON_CLIENT_ID: "amzn1.application-oa2-client.bench",
      AMAZON_CLIENT_SECRET: "bench-secret",
      AMAZON_BASE_URL: "http://127.0.0.1:9/{region}",
      LOG_LEVEL: "info",
      PORT: "0",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  const readyMs = await new Promise<number>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('"msg":"worker started"')) resolve(performance.now() - started);
    });
    child.once("exit", (code) => reject(new Error(`worker exited (${code}):\n${output}`)));
  });
  const rssReady = rssMiB(child.pid!);
  await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
  const rssIdle = rssMiB(child.pid!);
  child.removeAllListeners("exit");
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
  return { readyMs, rssReady, rssIdle };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

const database = await createBenchDatabase("adsconnect_bench_cold_start");
try {
  await oneRound(database.url); // warms the OS page cache and graphile-worker's migrations
  const rounds: Round[] = [];
  for (let i = 0; i < ROUNDS; i++) rounds.push(await oneRound(database.url));
  const nodeVersion = execFileSync("node", ["-v"], { env: { PATH: path } })
    .toString()
    .trim();
  console.log(`
bench/cold-start: the worker, ${ROUNDS} rounds after one warm-up, median (min–max)
  command                ${command}
  node                   ${nodeVersion}
  spawn → "worker started"  ${median(rounds.map((r) => r.readyMs)).toFixed(0)} ms (${Math.min(...rounds.map((r) => r.readyMs)).toFixed(0)}–${Math.max(...rounds.map((r) => r.readyMs)).toFixed(0)})
  RSS when started       ${median(rounds.map((r) => r.rssReady)).toFixed(1)} MiB
  RSS after ${IDLE_MS / 1000} s idle    ${median(rounds.map((r) => r.rssIdle)).toFixed(1)} MiB
  machine                ${(await import("node:os")).cpus().length} cores`);
} finally {
  await database.drop();
}
