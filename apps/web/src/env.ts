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
    /** Fernet keys, comma-separated, newest first. `pnpm dev` generates one. */
    ENCRYPTION_KEYS: z
      .string()
      .min(1, "ENCRYPTION_KEYS is required: comma-separated Fernet keys, newest first"),
    AMAZON_CLIENT_ID: z
      .string()
      .min(1, "AMAZON_CLIENT_ID is required (Login with Amazon security profile)"),
    AMAZON_CLIENT_SECRET: z
      .string()
      .min(1, "AMAZON_CLIENT_SECRET is required (Login with Amazon security profile)"),
    /** Development and tests only: e.g. http://127.0.0.1:4599/{region}. Unset in production. */
    AMAZON_BASE_URL: z
      .string()
      .includes("{region}", { message: "must contain {region}" })
      .optional(),
    /** The port the web service listens on (Railway sets it). */
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace"]).default("info"),
  },
  runtimeEnv: process.env,
  // `next build` needs no secrets: they are checked when the server starts.
  skipValidation: process.env.npm_lifecycle_event === "build",
  emptyStringAsUndefined: true,
});
