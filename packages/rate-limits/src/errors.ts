import { AdsConnectError } from "@adsconnect/errors";

import type { RateLimitName, RateLimitRule } from "./settings";

/** What a caller refused by `name` is told: what it met, and when to try again. */
export function tooManyRequestsMessage(
  name: RateLimitName,
  rule: RateLimitRule,
  retryAfterSeconds: number,
): string {
  const wait = `Try again in ${retryAfterSeconds} s (Retry-After).`;
  const budget = `at most ${rule.points} per ${rule.windowSeconds} s`;
  switch (name) {
    case "apiKey":
      return `Too many requests with this API key (${budget}). ${wait} Cache access tokens (the client's getAccessToken does) and slow down.`;
    case "badApiKeyPerIp":
      return `Too many requests from this address with a missing, unknown or expired API key (${budget}). ${wait}`;
    case "signInPerIp":
      return `Too many sign-in attempts from this address (${budget}). ${wait}`;
    case "oauthCallbackPerIp":
      return `Too many Amazon connection attempts from this address (${budget}). ${wait}`;
  }
}

/** A request refused by a rate limit: kind `rate_limited` (tRPC TOO_MANY_REQUESTS, HTTP 429). */
export class RateLimitedError extends AdsConnectError {
  override readonly name = "RateLimitedError";
  constructor(
    readonly limit: RateLimitName,
    /** Whole seconds to wait: the answer's Retry-After. */
    readonly retryAfterSeconds: number,
    rule: RateLimitRule,
  ) {
    super("rate_limited", tooManyRequestsMessage(limit, rule, retryAfterSeconds), {
      details: { limit, retryAfterSeconds },
    });
  }
}

/** The error for a refusal by `name` under `settings`. */
export function rateLimitedError(
  name: RateLimitName,
  retryAfterSeconds: number,
  settings: Record<RateLimitName, RateLimitRule>,
): RateLimitedError {
  return new RateLimitedError(name, retryAfterSeconds, settings[name]);
}
