import { createEnv } from "@t3-oss/env-core";
import { z } from "zod";

export const env = createEnv({
  server: {
    DATABASE_URL: z.url().default("postgresql://postgres@127.0.0.1:5432/postgres"),
    /** Jobs run at once by this process. Default 10: refreshes wait on Amazon, not the CPU. */
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(500).default(10),
    /** Seconds between heartbeats written to Postgres. Default 10. */
    WORKER_HEARTBEAT_SECONDS: z.coerce.number().int().min(1).default(10),
  },
  runtimeEnv: process.env,
  emptyStringAsUndefined: true,
});
