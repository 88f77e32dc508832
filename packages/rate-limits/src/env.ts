import { createEnv } from "@t3-oss/env-core";
import { z } from "zod";

import { RATE_LIMIT_DEFAULTS, type RateLimitSettings } from "./settings";

/** Where a preset reads its variables, and whether it checks them. */
export interface RateLimitEnvOptions {
  /** Default: a copy of this process's environment. */
  runtimeEnv?: Record<string, string | undefined>;
  /** Return the variables unchecked (`next build` needs no configuration). Default false. */
  skipValidation?: boolean;
}

const points = (fallback: number) => z.coerce.number().int().min(0).default(fallback);
const seconds = (fallback: number) => z.coerce.number().int().min(1).default(fallback);

/**
 * The rate limits, as a preset for an app's env.ts (`extends: [rateLimitEnv(), …]`); turn them
 * into settings with rateLimitSettingsFromEnv. Every variable is optional; a limit of 0 turns
 * that limit off. The defaults and why an honest caller never meets them: the package README.
 */
export function rateLimitEnv(options: RateLimitEnvOptions = {}) {
  const d = RATE_LIMIT_DEFAULTS;
  return createEnv({
    server: {
      /** Requests per API key (apps/api: /trpc and /ads) per window. Default 6000. */
      RATE_LIMIT_API_KEY: points(d.apiKey.points),
      /** That window, in seconds. Default 60. */
      RATE_LIMIT_API_KEY_WINDOW_SECONDS: seconds(d.apiKey.windowSeconds),
      /** Requests with an unknown, expired or missing API key per IP (apps/api) per window. Default 120. */
      RATE_LIMIT_BAD_API_KEY_PER_IP: points(d.badApiKeyPerIp.points),
      /** That window, in seconds. Default 60. */
      RATE_LIMIT_BAD_API_KEY_WINDOW_SECONDS: seconds(d.badApiKeyPerIp.windowSeconds),
      /** Local sign-in POSTs per IP (web) per window. Default 20. */
      RATE_LIMIT_SIGN_IN_PER_IP: points(d.signInPerIp.points),
      /** That window, in seconds. Default 60. */
      RATE_LIMIT_SIGN_IN_WINDOW_SECONDS: seconds(d.signInPerIp.windowSeconds),
      /** OAuth callbacks per IP (web: /api/amazon/callback) per window. Default 30. */
      RATE_LIMIT_OAUTH_CALLBACK_PER_IP: points(d.oauthCallbackPerIp.points),
      /** That window, in seconds. Default 60. */
      RATE_LIMIT_OAUTH_CALLBACK_WINDOW_SECONDS: seconds(d.oauthCallbackPerIp.windowSeconds),
      /**
       * Proxies in front of the service that append the caller's address to X-Forwarded-For:
       * the caller is the entry this many from the right. Default 1 (Railway's edge); 0 trusts
       * no header (the connection's own address; the web app, behind no proxy, then has none).
       */
      RATE_LIMIT_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(d.proxyHops),
    },
    // A copy: env-core deletes empty strings from the object it is given.
    runtimeEnv: { ...(options.runtimeEnv ?? process.env) },
    skipValidation: options.skipValidation ?? false,
    emptyStringAsUndefined: true,
  });
}

export type RateLimitEnv = ReturnType<typeof rateLimitEnv>;

/** The settings createServices builds the limiters from, from the preset's variables. */
export function rateLimitSettingsFromEnv(env: RateLimitEnv): RateLimitSettings {
  return {
    apiKey: {
      points: env.RATE_LIMIT_API_KEY,
      windowSeconds: env.RATE_LIMIT_API_KEY_WINDOW_SECONDS,
    },
    badApiKeyPerIp: {
      points: env.RATE_LIMIT_BAD_API_KEY_PER_IP,
      windowSeconds: env.RATE_LIMIT_BAD_API_KEY_WINDOW_SECONDS,
    },
    signInPerIp: {
      points: env.RATE_LIMIT_SIGN_IN_PER_IP,
      windowSeconds: env.RATE_LIMIT_SIGN_IN_WINDOW_SECONDS,
    },
    oauthCallbackPerIp: {
      points: env.RATE_LIMIT_OAUTH_CALLBACK_PER_IP,
      windowSeconds: env.RATE_LIMIT_OAUTH_CALLBACK_WINDOW_SECONDS,
    },
    proxyHops: env.RATE_LIMIT_PROXY_HOPS,
  };
}
