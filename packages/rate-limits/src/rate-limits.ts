import type { Pool } from "pg";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";

import { RATE_LIMIT_NAMES, type RateLimitName, type RateLimitSettings } from "./settings";

/** The table every limiter counts in (prisma/schema.prisma, model RateLimit); made by a migration. */
export const RATE_LIMIT_TABLE = "rate_limits";

/** What one request is told: go on, or wait this long. */
export type RateLimitVerdict =
  | { allowed: true }
  | {
      allowed: false;
      /** Whole seconds until the key's window ends (at least 1): the Retry-After header. */
      retryAfterSeconds: number;
    };

export interface RateLimits {
  readonly settings: RateLimitSettings;
  /**
   * Counts one request of `key` (an API key's id, an IP) against `name`'s limit, in
   * PostgreSQL, so every process of every service shares the count. A key this process saw
   * refused is refused again without a query until its window ends. A limit of 0 allows all.
   * When PostgreSQL cannot count, the request is allowed and a warning logged: the limits
   * guard against floods, and an outage of the counter must not lock everyone out.
   */
  consume(name: RateLimitName, key: string): Promise<RateLimitVerdict>;
  /** Whether this process saw `key` refused by `name` in a window that has not ended (no query). */
  refusedHere(name: RateLimitName, key: string): RateLimitVerdict;
}

/** Where a failure to count is told. */
export interface RateLimitLogger {
  warn(fields: Record<string, unknown>, message: string): void;
}

/** Refusals remembered in memory at most (then the expired ones, or all, are forgotten). */
const MAX_REMEMBERED_REFUSALS = 10_000;
/** The table's key column is varchar(255): the limiter's name and a colon come first. */
const MAX_KEY_LENGTH = 200;

/**
 * The limiters of `settings`, on `pool` (createServices' one node-postgres pool): one
 * rate-limiter-flexible RateLimiterPostgres per limit, all in RATE_LIMIT_TABLE, each row
 * keyed `<name>:<key>`. The table exists already (a Prisma migration made it), so the library
 * is told so and creates nothing; one of the limiters deletes rows expired an hour ago every
 * five minutes (an unref'd timer). Nothing connects until the first count.
 */
export function createRateLimits(
  pool: Pool,
  settings: RateLimitSettings,
  options: { logger?: RateLimitLogger } = {},
): RateLimits {
  const limiters = new Map<RateLimitName, RateLimiterPostgres>();
  for (const name of RATE_LIMIT_NAMES) {
    const rule = settings[name];
    if (rule.points === 0) continue;
    limiters.set(
      name,
      new RateLimiterPostgres({
        storeClient: pool,
        storeType: "pool",
        tableName: RATE_LIMIT_TABLE,
        tableCreated: true,
        // One timer per process is enough: every limiter's rows are in the one table.
        clearExpiredByTimeout: limiters.size === 0,
        keyPrefix: name,
        points: rule.points,
        duration: rule.windowSeconds,
      }),
    );
  }
  const refused = new Map<string, number>();
  const memoryKey = (name: RateLimitName, key: string) => `${name}:${key}`;

  function refusedHere(name: RateLimitName, key: string): RateLimitVerdict {
    const id = memoryKey(name, key);
    const until = refused.get(id);
    if (until === undefined) return { allowed: true };
    const left = until - Date.now();
    if (left <= 0) {
      refused.delete(id);
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(left / 1000)) };
  }

  function remember(id: string, msBeforeNext: number) {
    if (refused.size >= MAX_REMEMBERED_REFUSALS) {
      const now = Date.now();
      for (const [one, until] of refused) if (until <= now) refused.delete(one);
      if (refused.size >= MAX_REMEMBERED_REFUSALS) refused.clear();
    }
    refused.set(id, Date.now() + msBeforeNext);
  }

  return {
    settings,
    refusedHere,
    async consume(name, rawKey) {
      const limiter = limiters.get(name);
      if (!limiter) return { allowed: true };
      const key = rawKey.slice(0, MAX_KEY_LENGTH);
      const known = refusedHere(name, key);
      if (!known.allowed) return known;
      try {
        await limiter.consume(key, 1);
        return { allowed: true };
      } catch (outcome) {
        if (outcome instanceof RateLimiterRes) {
          remember(memoryKey(name, key), outcome.msBeforeNext);
          return {
            allowed: false,
            retryAfterSeconds: Math.max(1, Math.ceil(outcome.msBeforeNext / 1000)),
          };
        }
        options.logger?.warn(
          { err: outcome instanceof Error ? outcome.message : String(outcome), limit: name },
          "rate limit not counted (PostgreSQL failed); request allowed",
        );
        return { allowed: true };
      }
    },
  };
}
