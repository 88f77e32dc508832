export { clientIp } from "./client-ip";
export {
  createRateLimits,
  RATE_LIMIT_TABLE,
  type RateLimitLogger,
  type RateLimits,
  type RateLimitVerdict,
} from "./rate-limits";
export {
  RATE_LIMIT_DEFAULTS,
  RATE_LIMIT_NAMES,
  type RateLimitName,
  type RateLimitRule,
  type RateLimitSettings,
} from "./settings";
export { RateLimitedError, rateLimitedError, tooManyRequestsMessage } from "./errors";
