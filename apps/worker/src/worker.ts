import { randomUUID } from "node:crypto";

import type { Services } from "@adsconnect/services";
import { run, type Runner } from "graphile-worker";

import { graphileLogger } from "./graphile-logger";
import { startHeartbeat } from "./heartbeat";
import { trackLoopTicks } from "./loop-ticks";
import { createTaskList, crontab, type TaskSettings } from "./task-list";

export interface WorkerOptions extends TaskSettings {
  /** Jobs run at once. The services' pool needs this many connections plus 4. */
  concurrency: number;
  heartbeatIntervalMs: number;
  /** Run the crontab (the sweep every minute, the daily tasks). Default true; tests add jobs themselves. */
  crontab?: boolean;
}

export interface RunningWorker {
  workerId: string;
  runner: Runner;
  /** When graphile-worker's job loop last turned (a fetch, a job started or done), ms since the epoch: /health. */
  lastTickAt: () => number;
  /** Finishes in-flight jobs (graphile-worker releases the rest for retry) and removes the heartbeat; the services stay open. */
  stop(): Promise<void>;
}

/**
 * Starts graphile-worker in library mode on the services' pool: it applies
 * its own migrations (schema `graphile_worker`) on start, then runs the task
 * list and crontab. One pool serves graphile-worker and the token refreshes,
 * so the process's connections stay within `concurrency + 4` (+ Prisma's):
 * each refresh in flight holds one for its per-account lock, graphile-worker
 * keeps one for LISTEN and borrows the rest briefly to fetch and complete jobs.
 */
export async function startWorker(
  services: Services,
  options: WorkerOptions,
): Promise<RunningWorker> {
  const { logger } = services;
  const workerId = `worker-${randomUUID()}`;
  const startedAt = Date.now();
  const runner = await run({
    pgPool: services.pool,
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
    taskList: createTaskList(services, options),
    ...(options.crontab === false ? {} : { crontab }),
    logger: graphileLogger(logger),
  });
  const stopHeartbeat = startHeartbeat(services.db, {
    workerId,
    intervalMs: options.heartbeatIntervalMs,
    onError: (error) => logger.warn({ err: String(error) }, "heartbeat failed"),
  });
  const lastTickAt = trackLoopTicks(runner, startedAt);
  logger.info({ workerId, concurrency: options.concurrency }, "worker started");

  let stopping: Promise<void> | undefined;
  return {
    workerId,
    runner,
    lastTickAt,
    stop: () =>
      (stopping ??= (async () => {
        await runner.stop();
        await stopHeartbeat();
        logger.info({ workerId }, "worker stopped");
      })()),
  };
}
