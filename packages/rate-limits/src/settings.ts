/** One limit: at most `points` requests per key in a fixed window of `windowSeconds`. 0 points: off. */
export interface RateLimitRule {
  points: number;
  windowSeconds: number;
}

/** Every limit adsconnect enforces, by name. */
export const RATE_LIMIT_NAMES = [
  /** apps/api: requests per API key (/trpc and /ads), counted after the key is authenticated. */
  "apiKey",
  /** apps/api: failed authentications (unknown, expired or no key) per caller IP. */
  "badApiKeyPerIp",
  /** web: local sign-in POSTs per caller IP. */
  "signInPerIp",
  /** web: Login with Amazon callbacks per caller IP. */
  "oauthCallbackPerIp",
] as const;

export type RateLimitName = (typeof RATE_LIMIT_NAMES)[number];

export type RateLimitSettings = Record<RateLimitName, RateLimitRule> & {
  /** How many proxies append to X-Forwarded-For in front of the service (see clientIp). */
  proxyHops: number;
};

/**
 * Far above what an honest caller sends (the package README says why), so that only a
 * runaway loop or an attack meets them.
 */
export const RATE_LIMIT_DEFAULTS = {
  apiKey: { points: 6000, windowSeconds: 60 },
  badApiKeyPerIp: { points: 120, windowSeconds: 60 },
  signInPerIp: { points: 20, windowSeconds: 60 },
  oauthCallbackPerIp: { points: 30, windowSeconds: 60 },
  proxyHops: 1,
} as const satisfies RateLimitSettings;
