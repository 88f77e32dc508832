import { amazonEnv } from "@adsconnect/amazon/env";
import { apiEnv } from "@adsconnect/api/env";
import { authEnv } from "@adsconnect/auth/env";
import { dbEnv } from "@adsconnect/db/env";
import { loggerEnv } from "@adsconnect/logger/env";
import { metricsEnv } from "@adsconnect/metrics/env";
import { operationsEnv } from "@adsconnect/operations/env";
import { rateLimitEnv } from "@adsconnect/rate-limits/env";
import { refreshEnv } from "@adsconnect/services/env";
import { vaultEnv } from "@adsconnect/vault/env";
import { webhooksEnv } from "@adsconnect/webhooks/env";
import { createEnv } from "@t3-oss/env-core";
import { z } from "zod";

// `next build` (`pnpm build`) needs no secrets: they are checked when the server starts.
const skipValidation = process.env.npm_lifecycle_event === "build";
const preset = { skipValidation };

/**
 * Server configuration, read when the process starts (never inlined at build),
 * so one build runs in every environment: the presets of the packages the web
 * app's services and sign-in are built from (DATABASE_URL, ENCRYPTION_KEYS,
 * AMAZON_*, APP_URL, LOG_LEVEL, REFRESH_*, sign-in, RATE_LIMIT_*), the machine API's origin
 * (API_URL, named to whoever sends the dashboard an API key), and the web's own.
 * A bad value stops the process with one clear message when this file is
 * first imported: by next.config.ts (`next dev`, `next start`).
 */
export const env = createEnv({
  extends: [
    // First: its NODE_ENV default (production) must not override another preset's.
    webhooksEnv(preset),
    authEnv(preset),
    dbEnv(preset),
    vaultEnv(preset),
    amazonEnv(preset),
    loggerEnv(preset),
    refreshEnv(preset),
    apiEnv(preset),
    rateLimitEnv(preset),
    operationsEnv(preset),
    metricsEnv(preset),
  ],
  server: {
    /** The port the web service listens on (Railway sets it). */
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    /**
     * The signing secret (`whsec_…`) of the Clerk webhook endpoint
     * `${APP_URL}/api/webhooks/clerk` (Clerk dashboard → Webhooks; subscribe to `user.deleted`).
     * Unset: that route answers 503 and erases nothing.
     */
    /**
     * Operators: sign-in provider user ids (Clerk's `user_…`, or local sign-in's
     * `user_local_…`), comma-separated. Only they see /operations and reach `operations.*`;
     * everyone else gets a 404. Unset: nobody.
     */
    ADMIN_USER_IDS: z
      .string()
      .optional()
      .transform((value) =>
        (value ?? "")
          .split(",")
          .map((id) => id.trim())
          .filter((id) => id.length > 0),
      ),
    CLERK_WEBHOOK_SIGNING_SECRET: z
      .string()
      .startsWith("whsec_", { error: "must be Clerk's webhook signing secret (whsec_…)" })
      .optional(),
  },
  // A copy: env-core deletes empty strings from the object it is given.
  runtimeEnv: { ...process.env },
  skipValidation,
  emptyStringAsUndefined: true,
});

/**
 * The runtime Next compiled this module for ("nodejs" or "edge"; undefined outside Next's
 * bundler). Next inlines it at build time: it is not configuration.
 */
export const nextRuntime = process.env.NEXT_RUNTIME;
