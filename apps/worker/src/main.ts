import { createLogger } from "@adsconnect/logger";

import { env } from "./env";
import { startWorker } from "./worker";

const logger = createLogger("worker");

const worker = await startWorker({
  databaseUrl: env.DATABASE_URL,
  concurrency: env.WORKER_CONCURRENCY,
  heartbeatIntervalMs: env.WORKER_HEARTBEAT_SECONDS * 1000,
  logger,
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
