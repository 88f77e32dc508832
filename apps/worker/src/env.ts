import { createEnv } from "@t3-oss/env-core";
import { z } from "zod";

export const env = createEnv({
  server: {
    DATABASE_URL: z.url().default("postgresql://postgres@127.0.0.1:5432/postgres"),
    /** Jobs run at once by this process. Default 10: refreshes wait on Amazon, not the CPU. */
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(500).default(10),
    /** Seconds between heartbeats written to Postgres. Default 10. */
    WORKER_HEARTBEAT_SECONDS: z.coerce.number().int().min(1).default(10),
    /** Fernet keys, comma-separated, newest first (see @adsconnect/vault). Required. */
    ENCRYPTION_KEYS: z.string().min(1),
    /** The Login with Amazon app's client id. Required. */
    AMAZON_CLIENT_ID: z.string().min(1),
    /** The Login with Amazon app's client secret. Required. */
    AMAZON_CLIENT_SECRET: z.string().min(1),
    /** e.g. "http://127.0.0.1:4599/{region}" for the sandbox. Default: unset, Amazon's real hosts. */
    AMAZON_BASE_URL: z.string().optional(),
    /** Per-request timeout for Amazon, in ms. Default 10000. */
    AMAZON_TIMEOUT_MS: z.coerce.number().int().min(1).default(10_000),
    /** The web app's origin; the Amazon client's redirect URI is `${APP_URL}/api/amazon/callback`. Default http://localhost:3000. */
    APP_URL: z.url().default("http://localhost:3000"),
    /** Refresh an access token this many seconds before it expires. Default 600. */
    REFRESH_LEAD_SECONDS: z.coerce.number().int().min(60).default(600),
    /** Consecutive failed refreshes after which an account is refresh_failing. Default 3. */
    REFRESH_FAILING_AFTER: z.coerce.number().int().min(1).default(3),
    /** Retries of a failed refresh before waiting for the next sweep. Default 5. */
    REFRESH_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(5),
    /** First retry delay of a failed refresh, doubled each time (with jitter, capped at 5 min). Default 5. */
    REFRESH_RETRY_BASE_SECONDS: z.coerce.number().min(0).default(5),
    /** Rows per batch of the key-rotation task. Default 500. */
    KEY_ROTATION_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
  },
  runtimeEnv: process.env,
  emptyStringAsUndefined: true,
});
