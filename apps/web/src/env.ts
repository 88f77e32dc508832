import { authEnvSchema } from "@adsconnect/auth";
import { createEnv } from "@t3-oss/env-core";
import { z } from "zod";

/**
 * Server configuration, read when the process starts (never inlined at build),
 * so one build runs in every environment. `next.config.ts` imports this file:
 * a bad value stops `next build` / `next start` with one clear message.
 */
export const env = createEnv({
  server: {
    ...authEnvSchema.shape,
    DATABASE_URL: z.url().default("postgresql://postgres@127.0.0.1:5432/postgres"),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace"]).default("info"),
  },
  runtimeEnv: process.env,
  emptyStringAsUndefined: true,
});
