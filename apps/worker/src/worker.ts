import { randomUUID } from "node:crypto";

import { createAmazonClient } from "@adsconnect/amazon";
import { createDb } from "@adsconnect/db/client";
import type { Logger } from "@adsconnect/logger";
import { createTokensPool } from "@adsconnect/tokens/pool";
import { TokenVault } from "@adsconnect/vault";
import { run, type Runner } from "graphile-worker";

import { graphileLogger } from "./graphile-logger";
import { startHeartbeat } from "./heartbeat";
import { createTaskList, crontab } from "./task-list";
import type { RefreshSettings, WorkerDeps } from "./worker-deps";

export interface WorkerOptions {
  databaseUrl: string;
  /** Jobs run at once. */
  concurrency: number;
  heartbeatIntervalMs: number;
  logger: Logger;
  /** ENCRYPTION_KEYS: Fernet keys, newest first. */
  encryptionKeys: string;
  amazon: {
    clientId: string;
    clientSecret: string;
    /** `${APP_URL}/api/amazon/callback`. */
    redirectUri: string;
    /** AMAZON_BASE_URL; unset for Amazon's hosts. */
    baseUrlTemplate?: string;
    /** Per-request timeout. Default 10,000 ms. */
    timeoutMs?: number;
  };
  refresh: RefreshSettings & { failingAfter: number };
  keyRotationBatchSize: number;
  /** Run the crontab (the sweep every minute, the daily tasks). Default true; tests add jobs themselves. */
  crontab?: boolean;
  /** Shown in pg_stat_activity for every connection. Default "adsconnect-worker". */
  applicationName?: string;
}

export interface RunningWorker {
  workerId: string;
  runner: Runner;
  deps: WorkerDeps;
  /** Finishes in-flight jobs (graphile-worker releases the rest for retry), then closes every connection. */
  stop(): Promise<void>;
}

/**
 * Starts graphile-worker in library mode: it applies its own migrations (schema
 * `graphile_worker`) on start, then runs the task list and crontab.
 */
export async function startWorker(options: WorkerOptions): Promise<RunningWorker> {
  const { logger } = options;
  const workerId = `worker-${randomUUID()}`;
  const applicationName = options.applicationName ?? "adsconnect-worker";
  const warnLost = (error: Error) =>
    logger.warn({ err: error.message }, "postgres connection lost");
  // One pool for graphile-worker and the token refreshes, so the process's connections stay within
  // WORKER_CONCURRENCY + 4 (+ 2 for Prisma): each refresh in flight holds one for its per-account
  // lock, graphile-worker keeps one for LISTEN and borrows the rest briefly to fetch and complete jobs.
  const pgPool = createTokensPool(options.databaseUrl, {
    max: options.concurrency + 4,
    applicationName,
    onError: warnLost,
  });
  // A checked-out client Postgres drops must not crash the process either; the pool reconnects.
  pgPool.on("connect", (client) => client.on("error", warnLost));
  const db = createDb(withApplicationName(options.databaseUrl, applicationName), { max: 2 });
  const deps = createWorkerDeps(options, { db, pool: pgPool });

  const runner = await run({
    pgPool,
    concurrency: options.concurrency,
    noHandleSignals: true,
    pollInterval: 1000,
    preset: {
      worker: {
        // Fetch (and lock) a batch of jobs at a time, and complete finished ones together: a
        // sweep enqueues thousands at once, and on a small machine each round trip to Postgres
        // costs as much as a refresh's own work (bench/refresh). A worker that dies with jobs in
        // its local queue leaves them locked; the next sweep enqueues those accounts again (a
        // locked job's key is handed to a new job), and runner.stop() returns them on SIGTERM.
        localQueue: { size: options.concurrency },
        completeJobBatchDelay: 0,
      },
    },
    taskList: createTaskList(deps),
    ...(options.crontab === false ? {} : { crontab }),
    logger: graphileLogger(logger),
  });
  const stopHeartbeat = startHeartbeat(db, {
    workerId,
    intervalMs: options.heartbeatIntervalMs,
    onError: (error) => logger.warn({ err: String(error) }, "heartbeat failed"),
  });
  logger.info({ workerId, concurrency: options.concurrency }, "worker started");

  let stopping: Promise<void> | undefined;
  return {
    workerId,
    runner,
    deps,
    stop: () =>
      (stopping ??= (async () => {
        await runner.stop();
        await stopHeartbeat();
        await db.$disconnect();
        await pgPool.end();
        logger.info({ workerId }, "worker stopped");
      })()),
  };
}

/** The tasks' dependencies over the given connections (tests build them this way to run tasks directly). */
export function createWorkerDeps(
  options: Omit<WorkerOptions, "databaseUrl" | "concurrency" | "heartbeatIntervalMs">,
  { db, pool }: Pick<WorkerDeps, "db" | "pool">,
): WorkerDeps {
  const { logger } = options;
  const vault = TokenVault.fromEncryptionKeys(options.encryptionKeys);
  const amazonConfig = {
    clientId: options.amazon.clientId,
    clientSecret: options.amazon.clientSecret,
    redirectUri: options.amazon.redirectUri,
    ...(options.amazon.baseUrlTemplate ? { baseUrlTemplate: options.amazon.baseUrlTemplate } : {}),
    ...(options.amazon.timeoutMs === undefined ? {} : { timeoutMs: options.amazon.timeoutMs }),
  };
  return {
    db,
    pool,
    vault,
    logger,
    tokens: {
      pool,
      vault,
      // One request per refresh: retries are jobs, with the worker's backoff (tasks/refresh-account-tokens.ts).
      amazon: createAmazonClient({ ...amazonConfig, retry: { maxAttempts: 1 } }),
      clientId: options.amazon.clientId,
      logger,
      refreshFailingAfter: options.refresh.failingAfter,
    },
    accounts: { db, vault, amazon: createAmazonClient(amazonConfig), logger },
    refresh: options.refresh,
    keyRotationBatchSize: options.keyRotationBatchSize,
  };
}

function withApplicationName(databaseUrl: string, name: string): string {
  const url = new URL(databaseUrl);
  if (!url.searchParams.has("application_name")) url.searchParams.set("application_name", name);
  return url.toString();
}
