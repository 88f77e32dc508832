import { amazonEnv } from "@adsconnect/amazon/env";
import { dbEnv } from "@adsconnect/db/env";
import { loggerEnv } from "@adsconnect/logger/env";
import { vaultEnv } from "@adsconnect/vault/env";
import { createEnv } from "@t3-oss/env-core";
import { z } from "zod";

/** Where a preset reads its variables, and whether it checks them. */
export interface EnvPresetOptions {
  /** Default: a copy of this process's environment. */
  runtimeEnv?: Record<string, string | undefined>;
  /** Return the variables unchecked (`next build` needs no secrets). Default false. */
  skipValidation?: boolean;
}

/**
 * How tokens are refreshed, as a preset for an app's env.ts (`extends: [refreshEnv(), …]`).
 * The machine API's inline refreshes count failures too and are bounded by `REFRESH_INLINE_*`;
 * the rest is the worker's.
 */
export function refreshEnv(options: EnvPresetOptions = {}) {
  return createEnv({
    server: {
      /** Refresh an access token this many seconds before it expires (the worker's sweep). Default 600. */
      REFRESH_LEAD_SECONDS: z.coerce.number().int().min(60).default(600),
      /** Consecutive failed refreshes after which an account is refresh_failing. Default 3. */
      REFRESH_FAILING_AFTER: z.coerce.number().int().min(1).default(3),
      /** The worker's retries of a failed refresh before waiting for the next sweep. Default 5. */
      REFRESH_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(5),
      /** The worker's first retry delay, doubled each time (with jitter, capped at 5 min). Default 5. */
      REFRESH_RETRY_BASE_SECONDS: z.coerce.number().min(0).default(5),
      /** Inline refreshes (the hand-out's, near expiry) running at once per process; past it, no wait. Default 2. */
      REFRESH_INLINE_CONCURRENCY: z.coerce.number().int().min(1).default(2),
      /** The one attempt of an inline refresh waits this long for Amazon (no retries: the worker's are). Default 5,000. */
      REFRESH_INLINE_TIMEOUT_MS: z.coerce.number().int().min(1).default(5_000),
      /** An inline refresh waits this long for the account's lock held by another refresh, then gives up. Default 2,000. */
      REFRESH_INLINE_LOCK_WAIT_MS: z.coerce.number().int().min(0).default(2_000),
      /** A caller whose stored token is still valid waits this long for its refresh, then gets the stored one. Default 0. */
      REFRESH_INLINE_WAIT_MS: z.coerce.number().int().min(0).default(0),
      /**
       * The mass-revocation breaker (@adsconnect/tokens/refresh-breaker): a refused grant is held
       * (tokens kept) instead of erased once at least REFRESH_BREAKER_MIN_INVALID_GRANTS of
       * Amazon's latest verdicts within REFRESH_BREAKER_WINDOW_SECONDS were invalid_grant and
       * they are at least REFRESH_BREAKER_PERCENT % of them. Defaults 5, 20, 600 (README: why).
       */
      REFRESH_BREAKER_MIN_INVALID_GRANTS: z.coerce.number().int().min(1).default(5),
      REFRESH_BREAKER_PERCENT: z.coerce.number().gt(0).max(100).default(20),
      REFRESH_BREAKER_WINDOW_SECONDS: z.coerce.number().int().min(60).max(86_400).default(600),
    },
    // A copy: env-core deletes empty strings from the object it is given.
    runtimeEnv: { ...(options.runtimeEnv ?? process.env) },
    skipValidation: options.skipValidation ?? false,
    emptyStringAsUndefined: true,
  });
}

/** Every variable createServices reads: the presets an app's env.ts must extend. */
export type ServicesEnv = ReturnType<typeof dbEnv> &
  ReturnType<typeof vaultEnv> &
  ReturnType<typeof amazonEnv> &
  ReturnType<typeof loggerEnv> &
  ReturnType<typeof refreshEnv>;

/**
 * The variables createServices reads, checked, from `runtimeEnv`: for harnesses, benches
 * and scripts that hand createServices an environment of their own. Apps compose the
 * same presets in their env.ts instead.
 */
export function servicesEnv(options: EnvPresetOptions = {}): ServicesEnv {
  return createEnv({
    server: {},
    extends: [
      dbEnv(options),
      vaultEnv(options),
      amazonEnv(options),
      loggerEnv(options),
      refreshEnv(options),
    ],
    runtimeEnv: {},
  });
}
