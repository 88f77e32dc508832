import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";

import type { Services } from "@adsconnect/services";
import { startWebhookDispatcher, type DispatcherOptions } from "@adsconnect/webhooks/delivery";
import { run, type Runner, type WorkerEvents } from "graphile-worker";

import { graphileLogger } from "./graphile-logger";
import { startHeartbeat } from "./heartbeat";
import { loopTicks } from "./loop-ticks";
import { createTaskList, crontab, type TaskSettings } from "./task-list";

export interface WorkerOptions extends TaskSettings {
  /** Jobs run at once. The services' pool needs this many connections plus 4. */
  concurrency: number;
  heartbeatIntervalMs: number;
  /** Run the crontab (the sweep every minute, the daily tasks). Default true; tests add jobs themselves. */
  crontab?: boolean;
  /** Outbound webhook deliveries (@adsconnect/webhooks' dispatcher); false: none in this process. Default on. */
  webhooks?: DispatcherOptions | false;
}

export interface RunningWorker {
  workerId: string;
  /** graphile-worker's current runner (a new one after each restart). */
  readonly runner: Runner;
  /** How many times graphile-worker stopped by itself and was started again. */
  readonly restarts: number;
  /** When graphile-worker's job loop last turned (a fetch, a job started or done), ms since the epoch: /health. */
  readonly lastTickAt: () => number;
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
  const ticks = loopTicks(Date.now());
  const start = async () => {
    const events = new EventEmitter() as WorkerEvents;
    ticks.watch(events);
    const started = await run({
      events,
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
    runner = started;
    // The pool starting to shut down is the sign: its promise may never settle (its local queue
    // can fail to return its jobs on the very connection that was dropped).
    events.on("pool:gracefulShutdown", () => onEnded(started, "its worker pool is shutting down"));
    void started.promise.then(
      () => onEnded(started, null),
      (error: unknown) => onEnded(started, error),
    );
    return started;
  };

  // graphile-worker 0.18 shuts its worker pool down by itself when it cannot complete or fail a
  // batch of jobs (a single failed query: Postgres dropping the connection mid-statement is
  // enough; "queue is in an inconsistent state; aborting"), and the runner and its cron stop with
  // it. The CLI then exits; in library mode it is ours to notice. Unwatched, the process lived on
  // with its heartbeat beating and no job ever run again. So a runner whose pool shuts down (or
  // that ends) without stop() is abandoned and a new one started after a short backoff (the old
  // one's unfinished jobs stay locked: their refreshes are idempotent, and the next sweep
  // enqueues those accounts again under new jobs).
  let runner: Runner | undefined;
  let restarts = 0;
  let stopping = false;
  let restarting: Promise<void> | undefined;
  const stopSignal = new AbortController();
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        stopSignal.signal.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      stopSignal.signal.addEventListener("abort", done);
    });
  const ended = new WeakSet<Runner>();
  const onEnded = (dead: Runner, error: unknown) => {
    if (ended.has(dead)) return;
    ended.add(dead);
    // Our own stop(), an abandoned runner, or one the restart loop below is already replacing.
    if (stopping || dead !== runner || restarting) return;
    restarts += 1;
    logger.error(
      { workerId, restarts, err: error === null ? undefined : String(error) },
      "graphile-worker stopped by itself; starting it again",
    );
    restarting = (async () => {
      for (let attempt = 1; !stopping; attempt++) {
        // Whatever an abandoned runner still holds is let go without waiting for it.
        void runner!.kill().catch(() => {});
        await pause(Math.min(30_000, 250 * 2 ** attempt));
        if (stopping) return;
        try {
          await start();
        } catch (startError) {
          logger.error(
            { workerId, attempt, err: String(startError) },
            "graphile-worker failed to start again; retrying",
          );
          continue;
        }
        if (!ended.has(runner!)) {
          logger.info({ workerId, restarts }, "graphile-worker started again");
          return;
        }
      }
    })().finally(() => (restarting = undefined));
  };
  await start();

  // Webhook deliveries run beside graphile-worker, on the same pool (one more connection, for LISTEN):
  // leased claims rather than jobs, so delivery order per account holds across processes.
  const dispatcher =
    options.webhooks === false
      ? null
      : await startWebhookDispatcher(services, options.webhooks ?? {});

  const stopHeartbeat = startHeartbeat(services.db, {
    workerId,
    intervalMs: options.heartbeatIntervalMs,
    onError: (error) => logger.warn({ err: String(error) }, "heartbeat failed"),
  });
  logger.info({ workerId, concurrency: options.concurrency }, "worker started");

  let stopped: Promise<void> | undefined;
  return {
    workerId,
    get runner() {
      return runner!;
    },
    get restarts() {
      return restarts;
    },
    lastTickAt: ticks.lastTickAt,
    stop: () =>
      (stopped ??= (async () => {
        stopping = true;
        stopSignal.abort();
        await restarting;
        // A runner that already ended by itself answers "Runner is already stopped".
        await runner!.stop().catch((error: unknown) => {
          logger.warn({ workerId, err: String(error) }, "graphile-worker was already stopped");
        });
        await dispatcher?.stop();
        await stopHeartbeat();
        logger.info({ workerId }, "worker stopped");
      })()),
  };
}
