import { WEBHOOK_DEFAULTS, type WebhookSettings } from "@adsconnect/services";
import { createEnv } from "@t3-oss/env-core";
import { z } from "zod";

/** Where the preset reads its variables. */
export interface WebhooksEnvOptions {
  /** Default: a copy of this process's environment. */
  runtimeEnv?: Record<string, string | undefined>;
  skipValidation?: boolean;
}

/** "0,5s,5m,30m,2h,5h,10h,10h": each delay as a number with s, m or h (ms when bare). */
const schedule = z
  .string()
  .transform((value, ctx) => {
    const delays = value.split(",").map((part) => parseDelay(part.trim()));
    if (delays.some((delay) => delay === null) || delays.length === 0) {
      ctx.addIssue({
        code: "custom",
        message: 'must be delays separated by commas, such as "0,5s,5m,30m,2h"',
      });
      return z.NEVER;
    }
    return delays as number[];
  })
  .optional();

function parseDelay(part: string): number | null {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(part);
  if (!match) return null;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2] ?? "ms"]!;
  return Math.round(Number(match[1]) * unit);
}

/** Outbound webhooks' variables, as a preset for an app's env.ts (`extends: [webhooksEnv(), …]`). */
export function webhooksEnv(options: WebhooksEnvOptions = {}) {
  return createEnv({
    server: {
      /** production: https-only endpoints on public addresses. Default production (pnpm dev and tests set their own). */
      NODE_ENV: z.enum(["development", "test", "production"]).default("production"),
      /**
       * "true": development rules (http, loopback and private addresses) even in production.
       * Tests and demos only (the browser e2e's receiver on 127.0.0.1). Default false.
       */
      WEBHOOK_ALLOW_PRIVATE_URLS: z.enum(["true", "false"]).default("false"),
      /** Delays before each delivery attempt. Default 0,5s,5m,30m,2h,5h,10h,10h (about a day). */
      WEBHOOK_RETRY_SCHEDULE: schedule,
      /** One attempt waits this long for the endpoint's answer. Default 10,000. */
      WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
      /** Hours a rotated-out secret still signs beside the new one. Default 24. */
      WEBHOOK_SECRET_OVERLAP_HOURS: z.coerce
        .number()
        .min(0)
        .max(24 * 7)
        .default(24),
    },
    runtimeEnv: { ...(options.runtimeEnv ?? process.env) },
    skipValidation: options.skipValidation ?? false,
    emptyStringAsUndefined: true,
  });
}

/** createServices' `webhooks` option from the preset's variables. */
export function webhookSettingsFromEnv(
  env: Pick<
    ReturnType<typeof webhooksEnv>,
    | "NODE_ENV"
    | "WEBHOOK_ALLOW_PRIVATE_URLS"
    | "WEBHOOK_RETRY_SCHEDULE"
    | "WEBHOOK_TIMEOUT_MS"
    | "WEBHOOK_SECRET_OVERLAP_HOURS"
  >,
): WebhookSettings {
  return {
    production: env.NODE_ENV === "production" && env.WEBHOOK_ALLOW_PRIVATE_URLS !== "true",
    retryScheduleMs: env.WEBHOOK_RETRY_SCHEDULE ?? WEBHOOK_DEFAULTS.retryScheduleMs,
    timeoutMs: env.WEBHOOK_TIMEOUT_MS,
    secretOverlapMs: env.WEBHOOK_SECRET_OVERLAP_HOURS * 3_600_000,
  };
}
