import { amazonEnv } from "@adsconnect/amazon/env";
import { dbEnv } from "@adsconnect/db/env";
import { loggerEnv } from "@adsconnect/logger/env";
import { metricsEnv } from "@adsconnect/metrics/env";
import { operationsEnv } from "@adsconnect/operations/env";
import { refreshEnv } from "@adsconnect/services/env";
import { vaultEnv } from "@adsconnect/vault/env";
import { webhooksEnv } from "@adsconnect/webhooks/env";
import { createEnv } from "@t3-oss/env-core";
import { z } from "zod";

/**
 * The worker's configuration: the presets of the packages its services are built from
 * (DATABASE_URL, ENCRYPTION_KEYS, AMAZON_*, APP_URL, LOG_LEVEL, REFRESH_*), and its own.
 */
export const env = createEnv({
  extends: [
    dbEnv(),
    vaultEnv(),
    amazonEnv(),
    loggerEnv(),
    refreshEnv(),
    metricsEnv(),
    operationsEnv(),
    webhooksEnv(),
  ],
  server: {
    /** Jobs run at once by this process. Default 10: refreshes wait on Amazon, not the CPU. */
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(500).default(10),
    /** Seconds between heartbeats written to Postgres. Default 10. */
    WORKER_HEARTBEAT_SECONDS: z.coerce.number().int().min(1).default(10),
    /** The port of the worker's /health (and /metrics); Railway sets it. Unset: no HTTP. */
    PORT: z.coerce.number().int().min(0).max(65535).optional(),
    /** /health fails when graphile-worker's job loop has not turned for this long. Default 60. */
    WORKER_HEALTH_STALE_SECONDS: z.coerce.number().int().min(1).default(60),
    /** Rows per batch of the key-rotation task. Default 500. */
    KEY_ROTATION_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
    /**
     * Days a disconnected account (profiles, advertisers, history) is kept before the hourly
     * purge deletes it. Default 30: see the README's configuration table.
     */
    DISCONNECTED_ACCOUNT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
    /**
     * Days a delivered or failed webhook message, its attempts and a spent outbox event are kept
     * before the hourly purge deletes them (pending messages never are). Default 30.
     */
    WEBHOOK_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
    /** Webhook deliveries in flight at once in this process. Default 10. */
    WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(200).default(10),
    /** The dispatcher looks for due deliveries (retries, expired leases) at least this often, in ms. Default 1,000. */
    WEBHOOK_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(1000),
  },
  // A copy: env-core deletes empty strings from the object it is given.
  runtimeEnv: { ...process.env },
  emptyStringAsUndefined: true,
});
