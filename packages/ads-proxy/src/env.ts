import { createEnv } from "@t3-oss/env-core";
import { z } from "zod";

import { PROXY_DEFAULTS, type AdsProxyOptions } from "./options";

/**
 * The Ads proxy's limits, as a preset for an app's env.ts
 * (`extends: [adsProxyEnv(), …]`); turn them into options with
 * adsProxyOptionsFromEnv. Every variable is optional.
 */
export function adsProxyEnv(
  options: { runtimeEnv?: Record<string, string | undefined>; skipValidation?: boolean } = {},
) {
  return createEnv({
    server: {
      /** Largest request body, in bytes (413 above). Default 1048576. */
      ADS_PROXY_MAX_BODY_BYTES: z.coerce
        .number()
        .int()
        .min(0)
        .default(PROXY_DEFAULTS.maxRequestBodyBytes),
      /** Until Amazon's answer starts, retries included (504 after). Default 30000. */
      ADS_PROXY_TIMEOUT_MS: z.coerce.number().int().min(1).default(PROXY_DEFAULTS.timeoutMs),
      /** Longest silence while an answer streams. Default 60000. */
      ADS_PROXY_IDLE_TIMEOUT_MS: z.coerce
        .number()
        .int()
        .min(1)
        .default(PROXY_DEFAULTS.idleTimeoutMs),
      /** Longest Retry-After the proxy waits out itself; longer ones pass through. Default 5000. */
      ADS_PROXY_MAX_RETRY_WAIT_MS: z.coerce
        .number()
        .int()
        .min(0)
        .default(PROXY_DEFAULTS.maxRetryWaitMs),
      /** Retries of a 429 or 5xx per request. Default 2. */
      ADS_PROXY_MAX_RETRIES: z.coerce.number().int().min(0).default(PROXY_DEFAULTS.maxRetries),
      /** How long a key's principal and an account's token are remembered (revocation delay). Default 2000. */
      ADS_PROXY_CACHE_TTL_MS: z.coerce.number().int().min(0).default(PROXY_DEFAULTS.cacheTtlMs),
    },
    // A copy: env-core deletes empty strings from the object it is given.
    runtimeEnv: { ...(options.runtimeEnv ?? process.env) },
    skipValidation: options.skipValidation ?? false,
    emptyStringAsUndefined: true,
  });
}

export type AdsProxyEnv = ReturnType<typeof adsProxyEnv>;

/** The proxy's options from its preset's variables. */
export function adsProxyOptionsFromEnv(env: AdsProxyEnv): AdsProxyOptions {
  return {
    maxRequestBodyBytes: env.ADS_PROXY_MAX_BODY_BYTES,
    timeoutMs: env.ADS_PROXY_TIMEOUT_MS,
    idleTimeoutMs: env.ADS_PROXY_IDLE_TIMEOUT_MS,
    maxRetryWaitMs: env.ADS_PROXY_MAX_RETRY_WAIT_MS,
    maxRetries: env.ADS_PROXY_MAX_RETRIES,
    cacheTtlMs: env.ADS_PROXY_CACHE_TTL_MS,
  };
}
