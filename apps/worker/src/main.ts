import { createLogger } from "@adsconnect/logger";

import { isConnectionLoss } from "./connection-loss";
import { env } from "./env";
import { startWorker } from "./worker";

const logger = createLogger("worker");

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

const worker = await startWorker({
  databaseUrl: env.DATABASE_URL,
  concurrency: env.WORKER_CONCURRENCY,
  heartbeatIntervalMs: env.WORKER_HEARTBEAT_SECONDS * 1000,
  logger,
  encryptionKeys: env.ENCRYPTION_KEYS,
  amazon: {
    clientId: env.AMAZON_CLIENT_ID,
    clientSecret: env.AMAZON_CLIENT_SECRET,
    redirectUri: `${env.APP_URL.replace(/\/$/, "")}/api/amazon/callback`,
    ...(env.AMAZON_BASE_URL ? { baseUrlTemplate: env.AMAZON_BASE_URL } : {}),
    timeoutMs: env.AMAZON_TIMEOUT_MS,
  },
  refresh: {
    leadSeconds: env.REFRESH_LEAD_SECONDS,
    failingAfter: env.REFRESH_FAILING_AFTER,
    maxAttempts: env.REFRESH_MAX_ATTEMPTS,
    retryBaseMs: env.REFRESH_RETRY_BASE_SECONDS * 1000,
  },
  keyRotationBatchSize: env.KEY_ROTATION_BATCH_SIZE,
});

// Railway sends SIGTERM on deploy and stop: let in-flight jobs finish, then exit.
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    logger.info({ signal }, "shutting down");
    worker.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: String(error) }, "shutdown failed");
        process.exit(1);
      },
    );
  });
}
