import { createAmazonClient, type AmazonClient, type AmazonClientConfig } from "@adsconnect/amazon";
import { createDb, type Db } from "@adsconnect/db/client";
import { createLogger, type Logger } from "@adsconnect/logger";
import {
  createRateLimits,
  RATE_LIMIT_DEFAULTS,
  type RateLimits,
  type RateLimitSettings,
} from "@adsconnect/rate-limits";
import { createMetrics, type Metrics } from "@adsconnect/metrics";
import { TokenVault } from "@adsconnect/vault";
import type { Pool } from "pg";

import type { ServicesEnv } from "./env";
import { createPool } from "./pool";
import { WEBHOOK_DEFAULTS, type WebhookSettings } from "./webhook-settings";

/**
 * The mass-revocation breaker (refreshEnv's REFRESH_BREAKER_*): once at least `minInvalidGrants`
 * of Amazon's latest verdicts on refreshed grants (at most minInvalidGrants / share of them, within
 * `windowSeconds`) were invalid_grant, and they are at least `share` of those, a refused grant is
 * held (tokens kept, refresh_failing) instead of erased. See @adsconnect/tokens/refresh-breaker.
 */
export interface RefreshBreakerSettings {
  minInvalidGrants: number;
  /** 0 < share <= 1. */
  share: number;
  windowSeconds: number;
}

/** How tokens are refreshed (refreshEnv). */
export interface RefreshSettings {
  /** The worker's sweep refreshes a token this many seconds before it expires. */
  leadSeconds: number;
  /** Consecutive failed refreshes after which an account is refresh_failing. */
  failingAfter: number;
  /** The worker's retries of a failed refresh (by the account's consecutive failures) before waiting for the next sweep. */
  maxAttempts: number;
  /** The worker's first retry delay in ms, doubled per failure, jittered, capped at `maxRetryDelayMs`. */
  retryBaseMs: number;
  /** Cap of the exponential part of the retry delay. Default 300,000 (5 min). */
  maxRetryDelayMs?: number;
  /** Default: 5 invalid_grant answers of the latest 25 verdicts within 600 s (@adsconnect/tokens/refresh-breaker). */
  breaker?: RefreshBreakerSettings;
}

/**
 * The hand-out's inline refreshes (packages/tokens/src/get-access-token.ts), bounded so that a
 * slow Amazon never takes `pool` from everything else (REFRESH_INLINE_*).
 */
export interface InlineRefresh {
  /** Inline refreshes running at once in this process; past it a caller never waits for one. */
  concurrency: number;
  /**
   * Their own node-postgres connections (`concurrency` at most): the account's advisory lock is
   * held on one of these across the call to Amazon, never on one of `pool`'s.
   */
  pool: Pool;
  /** Amazon for inline refreshes: one attempt of at most REFRESH_INLINE_TIMEOUT_MS. */
  amazon: AmazonClient;
  /** How long an inline refresh waits for the account's lock held by another refresh. */
  lockWaitMs: number;
  /** How long a caller whose stored token is still valid waits for its refresh before getting that token. */
  waitMs: number;
}

/**
 * Every long-lived object of a process (the web app, the worker, a test, a
 * bench), built once by createServices. Domain functions take the part they
 * use, as `Pick<Services, "pool" | "vault" | …>`.
 */
export interface Services {
  /** pino, secrets redacted, at LOG_LEVEL. */
  logger: Logger;
  /** Prisma over node-postgres: the dashboard's reads, the connect flow, the worker's heartbeat. */
  db: Db;
  /**
   * node-postgres, in plain SQL where every internal app's call or every refresh goes: API-key
   * lookups, the hand-out, token refreshes (each holds one connection for its per-account
   * advisory lock across the call to Amazon, which a Prisma client cannot). The worker's
   * graphile-worker runs on it too.
   */
  pool: Pool;
  /** ENCRYPTION_KEYS: Fernet key ring, ciphertexts bound to their row. */
  vault: TokenVault;
  /** Amazon with retries: the connect flow, profile and DSP advertiser reads. */
  amazon: AmazonClient;
  /** Amazon for token refreshes: the same client, or one that tries once where the caller retries (the worker). */
  amazonRefresh: AmazonClient;
  /** AMAZON_CLIENT_ID, handed to internal apps with their tokens. */
  amazonClientId: string;
  refresh: RefreshSettings;
  /** The hand-out's inline refreshes: their concurrency limit, connections, Amazon client and waits. */
  inlineRefresh: InlineRefresh;
  /**
   * The rate limits (per API key, per IP on sign-in and the OAuth callback), counted in
   * PostgreSQL on `pool` so they hold across processes and replicas (packages/rate-limits).
   */
  rateLimits: RateLimits;
  /** Outbound webhooks: the SSRF rules, retry schedule, timeout and secret overlap (@adsconnect/webhooks). */
  webhooks: WebhookSettings;
  /** This process's Prometheus registry and instruments (@adsconnect/metrics), served at /metrics. */
  metrics: Metrics;
  /** The clock; tests may replace it. */
  now: () => Date;
  /** Ends the pools and Prisma's connections. Safe to call twice. */
  close(): Promise<void>;
}

export interface ServicesOptions {
  /** Who this process is: the logger's `service`, and `adsconnect-<name>` in pg_stat_activity. */
  name: string;
  /** node-postgres connections at most. Default 10. */
  poolMax?: number;
  /** Prisma's connections at most. Default 10. */
  dbPoolMax?: number;
  /** How long an idle node-postgres connection stays open. Default 10 s. */
  idleTimeoutMillis?: number;
  /**
   * Requests a token refresh makes at most. Default: as many as a read (the Amazon client's
   * 3). The worker passes 1: its jobs retry with their own backoff.
   */
  refreshMaxAttempts?: number;
  /** This logger rather than a new one at LOG_LEVEL (the web app's proxy logs without services; tests capture). */
  logger?: Logger;
  /** The clock. Default: `() => new Date()`. */
  now?: () => Date;
  /** The rate limits' settings (an app's rateLimitSettingsFromEnv). Default RATE_LIMIT_DEFAULTS. */
  rateLimits?: RateLimitSettings;
  /** Outbound webhooks' settings (webhookSettingsFromEnv of @adsconnect/webhooks/env). Default WEBHOOK_DEFAULTS (production rules). */
  webhooks?: WebhookSettings;
}

/**
 * The composition root: every pool, client and key ring a process holds,
 * from its environment (an app's env.ts, or servicesEnv for harnesses).
 * Nothing connects until first used.
 */
export function createServices(env: ServicesEnv, options: ServicesOptions): Services {
  // Configuration first (a bad key ring or Amazon setting throws here), connections after.
  const vault = TokenVault.fromEncryptionKeys(env.ENCRYPTION_KEYS);
  const applicationName = `adsconnect-${options.name}`;
  const logger = options.logger ?? createLogger(options.name, { level: env.LOG_LEVEL });
  const metrics = createMetrics({ service: options.name });
  const amazonConfig: AmazonClientConfig = {
    clientId: env.AMAZON_CLIENT_ID,
    clientSecret: env.AMAZON_CLIENT_SECRET,
    redirectUri: `${env.APP_URL}/api/amazon/callback`,
    timeoutMs: env.AMAZON_TIMEOUT_MS,
    ...(env.AMAZON_BASE_URL ? { baseUrlTemplate: env.AMAZON_BASE_URL } : {}),
    // Every request to Amazon: counted by endpoint and status, and logged with Amazon's request id.
    onRequest: ({ endpoint, status, durationMs, requestId }) => {
      metrics.amazonRequests.inc({ endpoint, status: String(status) });
      metrics.amazonRequestDuration.observe({ endpoint }, durationMs / 1000);
      logger.info(
        { endpoint, status, durationMs: Math.round(durationMs), amazonRequestId: requestId },
        "amazon request",
      );
    },
  };
  const amazon = createAmazonClient(amazonConfig);
  const amazonRefresh =
    options.refreshMaxAttempts === undefined
      ? amazon
      : createAmazonClient({ ...amazonConfig, retry: { maxAttempts: options.refreshMaxAttempts } });
  // Inline refreshes try once, briefly: the worker's sweep is the one that retries.
  const amazonInline = createAmazonClient({
    ...amazonConfig,
    timeoutMs: env.REFRESH_INLINE_TIMEOUT_MS,
    retry: { maxAttempts: 1 },
  });

  const pool = createPool(env.DATABASE_URL, {
    applicationName,
    ...(options.poolMax === undefined ? {} : { max: options.poolMax }),
    ...(options.idleTimeoutMillis === undefined
      ? {}
      : { idleTimeoutMillis: options.idleTimeoutMillis }),
    onError: (error) => logger.warn({ err: error.message }, "postgres connection lost"),
  });
  const inlinePool = createPool(env.DATABASE_URL, {
    applicationName: `${applicationName}-inline-refresh`,
    max: env.REFRESH_INLINE_CONCURRENCY,
    ...(options.idleTimeoutMillis === undefined
      ? {}
      : { idleTimeoutMillis: options.idleTimeoutMillis }),
    onError: (error) => logger.warn({ err: error.message }, "postgres connection lost"),
  });
  const db = createDb(withApplicationName(env.DATABASE_URL, applicationName), {
    ...(options.dbPoolMax === undefined ? {} : { max: options.dbPoolMax }),
  });

  let closing: Promise<void> | undefined;
  return {
    logger,
    db,
    pool,
    vault,
    amazon,
    amazonRefresh,
    amazonClientId: env.AMAZON_CLIENT_ID,
    metrics,
    refresh: {
      leadSeconds: env.REFRESH_LEAD_SECONDS,
      failingAfter: env.REFRESH_FAILING_AFTER,
      maxAttempts: env.REFRESH_MAX_ATTEMPTS,
      retryBaseMs: env.REFRESH_RETRY_BASE_SECONDS * 1000,
      breaker: {
        minInvalidGrants: env.REFRESH_BREAKER_MIN_INVALID_GRANTS,
        share: env.REFRESH_BREAKER_PERCENT / 100,
        windowSeconds: env.REFRESH_BREAKER_WINDOW_SECONDS,
      },
    },
    inlineRefresh: {
      concurrency: env.REFRESH_INLINE_CONCURRENCY,
      pool: inlinePool,
      amazon: amazonInline,
      lockWaitMs: env.REFRESH_INLINE_LOCK_WAIT_MS,
      waitMs: env.REFRESH_INLINE_WAIT_MS,
    },
    rateLimits: createRateLimits(pool, options.rateLimits ?? RATE_LIMIT_DEFAULTS, { logger }),
    webhooks: options.webhooks ?? WEBHOOK_DEFAULTS,
    now: options.now ?? (() => new Date()),
    close: () =>
      (closing ??= Promise.allSettled([db.$disconnect(), pool.end(), inlinePool.end()]).then(
        (results) => {
          const failed = results.find((result) => result.status === "rejected");
          if (failed) throw failed.reason;
        },
      )),
  };
}

function withApplicationName(databaseUrl: string, name: string): string {
  const url = new URL(databaseUrl);
  if (!url.searchParams.has("application_name")) url.searchParams.set("application_name", name);
  return url.toString();
}
