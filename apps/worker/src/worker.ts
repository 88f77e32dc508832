import { randomUUID } from "node:crypto";

import { createDb } from "@adsconnect/db/client";
import type { Logger } from "@adsconnect/logger";
import { run, type Runner } from "graphile-worker";
import pg from "pg";

import { graphileLogger } from "./graphile-logger";
import { startHeartbeat } from "./heartbeat";
import { createTaskList, crontab } from "./task-list";

export interface WorkerOptions {
  databaseUrl: string;
  /** Jobs run at once. */
  concurrency: number;
  heartbeatIntervalMs: number;
  logger: Logger;
}

export interface RunningWorker {
  workerId: string;
  runner: Runner;
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
  const pgPool = new pg.Pool({ connectionString: options.databaseUrl, max: options.concurrency + 2 });
  // A dropped connection must not crash the process; the pool reconnects on next use.
  pgPool.on("error", (error) => logger.warn({ err: error.message }, "postgres connection lost"));
  pgPool.on("connect", (client) => client.on("error", (error) => logger.warn({ err: error.message }, "postgres client error")));
  const db = createDb(options.databaseUrl, { max: options.concurrency + 2 });

  const runner = await run({
    pgPool,
    concurrency: options.concurrency,
    noHandleSignals: true,
    pollInterval: 1000,
    taskList: createTaskList(db),
    crontab,
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
