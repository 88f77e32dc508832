import { metricsAnswer } from "@adsconnect/metrics";
import { registerStatusGauges, statusThresholdsFrom } from "@adsconnect/operations";
import { createServices } from "@adsconnect/services";
import { webhookSettingsFromEnv } from "@adsconnect/webhooks/env";

import { isConnectionLoss } from "./connection-loss";
import { env } from "./env";
import { startWorkerHttp } from "./health-server";
import { startWorker } from "./worker";

const services = createServices(env, {
  name: "worker",
  // graphile-worker, the refreshes and the webhook dispatcher share the pool: see worker.ts.
  poolMax: env.WORKER_CONCURRENCY + env.WEBHOOK_CONCURRENCY + 5,
  // The heartbeat and profile syncs.
  dbPoolMax: 2,
  // One request per refresh: retries are jobs, with the worker's backoff (tasks/refresh-account-tokens.ts).
  refreshMaxAttempts: 1,
  webhooks: webhookSettingsFromEnv(env),
});
const { logger } = services;

// A query in flight inside a library (pg, graphile-worker's LISTEN client) can
// reject with nobody awaiting it when Postgres drops the connection; that must
// not take the worker down. Anything else unexpected still stops the process,
// and Railway's restart policy brings it back.
process.on("unhandledRejection", (reason) => {
  if (isConnectionLoss(reason)) {
    logger.warn(
      { err: reason instanceof Error ? reason.message : String(reason) },
      "postgres connection lost in flight; carrying on",
    );
    return;
  }
  logger.fatal(
    { err: reason instanceof Error ? reason.stack : String(reason) },
    "unhandled rejection",
  );
  logger.flush();
  process.exit(1);
});

const worker = await startWorker(services, {
  concurrency: env.WORKER_CONCURRENCY,
  heartbeatIntervalMs: env.WORKER_HEARTBEAT_SECONDS * 1000,
  keyRotationBatchSize: env.KEY_ROTATION_BATCH_SIZE,
  disconnectedAccountRetentionDays: env.DISCONNECTED_ACCOUNT_RETENTION_DAYS,
  webhookRetentionDays: env.WEBHOOK_RETENTION_DAYS,
  webhooks: { concurrency: env.WEBHOOK_CONCURRENCY, pollMs: env.WEBHOOK_POLL_MS },
});

// /health for Railway and /metrics for Prometheus (METRICS_TOKEN) on PORT, when set.
if (env.METRICS_TOKEN !== undefined)
  registerStatusGauges(services.metrics, services, { thresholds: statusThresholdsFrom(env) });
const http =
  env.PORT === undefined
    ? undefined
    : await startWorkerHttp(services, env.PORT, {
        lastTickAt: worker.lastTickAt,
        tickStaleMs: env.WORKER_HEALTH_STALE_SECONDS * 1000,
        extra: async (req, res, path) => {
          if (path !== "/metrics") return false;
          const answer = await metricsAnswer(
            services.metrics,
            env.METRICS_TOKEN,
            req.headers.authorization,
          );
          res.writeHead(answer.status, answer.headers);
          res.end(answer.body);
          return true;
        },
      });
if (http) logger.info({ port: http.port }, "worker health listening");

// Railway sends SIGTERM on deploy and stop: let in-flight jobs finish, then exit.
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    logger.info({ signal }, "shutting down");
    worker
      .stop()
      .then(() => http?.close())
      .then(() => services.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: String(error) }, "shutdown failed");
          process.exit(1);
        },
      );
  });
}
