import { AmazonError, type TokenSet } from "@adsconnect/amazon";
import type { Services } from "@adsconnect/services";
import { recordAccountEvent } from "@adsconnect/webhooks/record-account-event";
import type { PoolClient } from "pg";

import { inTransaction, withAccountLock } from "./account-lock";
import {
  isFreshFor,
  readAccountTokenRow,
  type AccountRegion,
  type AccountStatus,
  type AccountTokenRow,
} from "./account-row";
import { decryptAccessToken, decryptRefreshToken, encryptTokenSet } from "./account-tokens";
import { auditEventsInsert, writeAuditEvent, type TokenAuditEvent } from "./audit";
import { AccountLockBusyError, TokenRefreshFailedError } from "./errors";
import { dispositionOf } from "./failure-policy";
import { judgeInvalidGrant, recordVerdict, verdictInsert } from "./refresh-breaker";

export interface RefreshOptions {
  /** Call Amazon even when the stored access token is still fresh. Default false. */
  force?: boolean;
  /**
   * Skip the call when, under the lock, the stored access token is valid for
   * at least this many more seconds (another refresh got there first).
   * Default 60.
   */
  minValiditySeconds?: number;
  /**
   * An access token Amazon just refused (401): refresh even though the stored
   * token looks fresh, unless the stored one is already another token that is
   * still valid — a refresh replaced it meanwhile, in this process or another —
   * which is then returned as `already_fresh`. So a burst of callers that all
   * saw the same token refused makes one call to Amazon between them, where
   * `force` would make one each.
   */
  rejectedAccessToken?: string;
  /**
   * Wait at most this long for the account's lock when another refresh holds
   * it, then throw AccountLockBusyError (see withAccountLock). Default: as long
   * as it takes. The hand-out's inline refreshes bound it; the worker does not.
   */
  lockWaitMs?: number;
}

export type RefreshResult =
  /** Amazon answered; the new tokens are stored. `recovered`: the account was refresh_failing. */
  | {
      outcome: "refreshed";
      accessToken: string;
      expiresAt: Date;
      region: AccountRegion;
      recovered: boolean;
    }
  /** The stored token was fresh enough under the lock; Amazon was not called. */
  | { outcome: "already_fresh"; accessToken: string; expiresAt: Date; region: AccountRegion }
  /**
   * Amazon refused the grant: the account is now reauth_required, its tokens erased. (When the
   * mass-revocation breaker is open the grant is held instead: TokenRefreshFailedError, `held`.)
   */
  | { outcome: "reauth_required"; reason: "invalid_grant" }
  /** Nothing to refresh: no such account, no grant, or a grant already given up. */
  | {
      outcome: "not_refreshable";
      status: Exclude<AccountStatus, "active" | "refresh_failing"> | "missing" | "no_refresh_token";
    }
  /** The row changed while Amazon was being asked (disconnected or reconnected): its new state stands. */
  | { outcome: "superseded" };

const REFRESHABLE = `status IN ('active', 'refresh_failing')`;

/**
 * What a refresh uses: the pool it locks on, the vault, Amazon's refresh client, its settings and
 * clock, and (when given) the process's metrics, which count each outcome and its latency.
 */
export type RefreshServices = Pick<
  Services,
  "pool" | "vault" | "amazonRefresh" | "logger" | "refresh" | "now"
> &
  Partial<Pick<Services, "metrics">>;

/**
 * Refreshes one account's tokens under its per-account lock (see
 * account-lock.ts), which is held across the call to Amazon: re-reads the
 * account, skips when another refresh already made it fresh, calls Login
 * with Amazon, and stores the new tokens encrypted before the lock goes.
 * When Amazon sends no refresh token, the stored one is kept.
 *
 * Failures follow failure-policy.ts: a refused grant ends in
 * reauth_required (returned, not thrown), unless the mass-revocation breaker
 * (refresh-breaker.ts) is open: then the grant is held, its tokens kept, the
 * account refresh_failing at once, and TokenRefreshFailedError (retryable,
 * `held`) is thrown. Anything else is recorded on the account and thrown as
 * TokenRefreshFailedError, the account becoming refresh_failing after
 * `refresh.failingAfter` consecutive failures. Every verdict of Amazon's on
 * the grant (accepted, erased, held) is written for the breaker.
 *
 * Every write compares the refresh-token ciphertext read under the lock, so
 * a disconnect or reconnect that happened meanwhile (without the lock) is
 * never overwritten.
 */
export async function refreshAccountTokens(
  services: RefreshServices,
  accountId: string,
  options: RefreshOptions = {},
): Promise<RefreshResult> {
  const { metrics } = services;
  if (!metrics) return refreshUnderLock(services, accountId, options);
  const started = performance.now();
  const record = (outcome: string) => {
    metrics.refreshes.inc({ outcome });
    metrics.refreshDuration.observe({ outcome }, (performance.now() - started) / 1000);
  };
  try {
    const result = await refreshUnderLock(services, accountId, options);
    record(result.outcome);
    return result;
  } catch (error) {
    record(
      error instanceof TokenRefreshFailedError
        ? "failed"
        : error instanceof AccountLockBusyError
          ? "lock_busy"
          : "error",
    );
    throw error;
  }
}

function refreshUnderLock(
  services: RefreshServices,
  accountId: string,
  options: RefreshOptions,
): Promise<RefreshResult> {
  const lock = options.lockWaitMs === undefined ? {} : { waitMs: options.lockWaitMs };
  return withAccountLock(services.pool, accountId, lock, async (client) => {
    const row = await readAccountTokenRow(client, accountId);
    if (!row) return { outcome: "not_refreshable", status: "missing" };
    if (row.status === "reauth_required" || row.status === "disconnected")
      return { outcome: "not_refreshable", status: row.status };
    const storedRefresh = row.refreshTokenCiphertext;
    if (storedRefresh === null) return { outcome: "not_refreshable", status: "no_refresh_token" };

    if (options.rejectedAccessToken !== undefined) {
      if (isFreshFor(row, services.now(), 0)) {
        const stored = decryptAccessToken(services.vault, accountId, row.accessTokenCiphertext!);
        if (stored !== options.rejectedAccessToken)
          return {
            outcome: "already_fresh",
            accessToken: stored,
            expiresAt: row.accessTokenExpiresAt!,
            region: row.consentRegion,
          };
      }
    } else if (
      !options.force &&
      isFreshFor(row, services.now(), options.minValiditySeconds ?? 60)
    ) {
      return {
        outcome: "already_fresh",
        accessToken: decryptAccessToken(services.vault, accountId, row.accessTokenCiphertext!),
        expiresAt: row.accessTokenExpiresAt!,
        region: row.consentRegion,
      };
    }

    let tokenSet: TokenSet;
    try {
      tokenSet = await services.amazonRefresh.refreshAccessToken({
        region: row.consentRegion,
        refreshToken: decryptRefreshToken(services.vault, accountId, storedRefresh),
      });
    } catch (error) {
      if (!(error instanceof AmazonError)) throw error;
      return recordFailure(services, client, row, storedRefresh, error);
    }
    return storeTokens(services, client, row, storedRefresh, tokenSet);
  });
}

async function storeTokens(
  services: RefreshServices,
  client: PoolClient,
  row: AccountTokenRow,
  storedRefresh: string,
  tokenSet: TokenSet,
): Promise<RefreshResult> {
  const now = services.now();
  const columns = encryptTokenSet(services.vault, row.id, tokenSet, storedRefresh);
  const recovered = row.status === "refresh_failing";
  // Every refresh leaves a token_refreshed event (the dashboard's refresh-health
  // chart counts them; the worker purges them after 30 days), plus "recovered"
  // when the account was failing. One statement writes the tokens and the
  // events, so they land together without a transaction's extra round trips
  // (a refresh is a handful of them; on this kind of machine each costs more
  // CPU than the encryption): no events when the UPDATE matched nothing. The
  // same statement writes Amazon's verdict for the mass-revocation breaker
  // (refresh-breaker.ts), whether or not the row was still ours to update.
  const events: TokenAuditEvent[] = [
    { type: "token_refreshed", details: { expiresAt: columns.accessTokenExpiresAt.toISOString() } },
    ...(recovered
      ? [{ type: "recovered" as const, details: { afterFailures: row.consecutiveFailures } }]
      : []),
  ];
  const insertEvents = auditEventsInsert(events, {
    workspaceId: row.workspaceId,
    at: now,
    first: 7,
    source: "updated",
  });
  const write = () =>
    client.query(
      `WITH updated AS (
       UPDATE amazon_accounts
          SET refresh_token_ciphertext = $2, access_token_ciphertext = $3, access_token_expires_at = $4,
              last_refreshed_at = $5, consecutive_failures = 0, status = 'active', updated_at = $5
        WHERE id = $1 AND refresh_token_ciphertext = $6 AND ${REFRESHABLE}
        RETURNING id AS account_id
     ), verdict AS (
       ${verdictInsert("accepted", 1, 5)}
     )
     ${insertEvents.sql}`,
      [
        row.id,
        columns.refreshTokenCiphertext,
        columns.accessTokenCiphertext,
        columns.accessTokenExpiresAt,
        now,
        storedRefresh,
        ...insertEvents.params,
      ],
    );
  // A recovery also tells the workspace's webhooks, in one transaction with the write (recoveries
  // are rare: plain refreshes keep their single statement).
  const result = recovered
    ? await inTransaction(client, async () => {
        const written = await write();
        if (written.rowCount === events.length)
          await recordAccountEvent(client, {
            accountId: row.id,
            type: "account.recovered",
            status: "active",
            reason: `refreshed after ${row.consecutiveFailures} failed attempts`,
            at: now,
          });
        return written;
      })
    : await write();
  const stored = result.rowCount === events.length;
  if (!stored) {
    services.logger.info(
      { accountId: row.id },
      "account changed during its refresh; keeping its new state",
    );
    return { outcome: "superseded" };
  }
  if (recovered)
    services.logger.info(
      { accountId: row.id },
      "account recovered: tokens refreshed after failures",
    );
  return {
    outcome: "refreshed",
    accessToken: tokenSet.accessToken,
    expiresAt: columns.accessTokenExpiresAt,
    region: row.consentRegion,
    recovered,
  };
}

/**
 * An account turning refresh_failing: its webhook event (`reason`) and its token_refresh_failed
 * line, `held` when the mass-revocation breaker kept a refused grant.
 */
async function recordNowFailing(
  client: PoolClient,
  row: AccountTokenRow,
  error: AmazonError,
  { failures, reason, at, held }: { failures: number; reason: string; at: Date; held?: true },
): Promise<void> {
  await recordAccountEvent(client, {
    accountId: row.id,
    type: "account.refresh_failing",
    status: "refresh_failing",
    reason,
    at,
  });
  await writeAuditEvent(client, {
    workspaceId: row.workspaceId,
    accountId: row.id,
    type: "token_refresh_failed",
    details: {
      kind: error.amazonKind,
      code: error.code,
      // Amazon's request id (x-amzn-RequestId), for the operator's page and Amazon support.
      requestId: error.requestId,
      consecutiveFailures: failures,
      ...(held ? { held } : {}),
    },
    at,
  });
}

async function recordFailure(
  services: RefreshServices,
  client: PoolClient,
  row: AccountTokenRow,
  storedRefresh: string,
  error: AmazonError,
): Promise<RefreshResult> {
  const now = services.now();
  const disposition = dispositionOf(error);
  const failures = row.consecutiveFailures + 1;
  const { amazonKind } = error;
  const log = {
    accountId: row.id,
    kind: amazonKind,
    code: error.code,
    status: error.status,
    requestId: error.requestId,
  };

  if (disposition === "reauth") {
    const reason = "invalid_grant" as const;
    const decided = await inTransaction(client, async () => {
      const judgement = await judgeInvalidGrant(client, services);
      if (judgement.verdict === "held") {
        // The breaker is open: keep every token, hold the account as refresh_failing.
        const result = await client.query(
          `UPDATE amazon_accounts
              SET status = 'refresh_failing', consecutive_failures = $2, last_error_code = $3,
                  last_error_message = $4, last_error_at = $5, updated_at = $5
            WHERE id = $1 AND refresh_token_ciphertext = $6 AND ${REFRESHABLE}`,
          [row.id, failures, error.code ?? amazonKind, error.message, now, storedRefresh],
        );
        if (result.rowCount !== 1) return null;
        await recordVerdict(client, row.id, "held", now);
        if (row.status === "active") {
          await recordNowFailing(client, row, error, {
            failures,
            reason: "invalid_grant held: Amazon refused many grants at once",
            at: now,
            held: true,
          });
        }
        return judgement;
      }
      const result = await client.query(
        `UPDATE amazon_accounts
            SET status = 'reauth_required', refresh_token_ciphertext = NULL, access_token_ciphertext = NULL,
                access_token_expires_at = NULL, consecutive_failures = $2, last_error_code = $3,
                last_error_message = $4, last_error_at = $5, updated_at = $5
          WHERE id = $1 AND refresh_token_ciphertext = $6 AND ${REFRESHABLE}`,
        [row.id, failures, error.code ?? amazonKind, error.message, now, storedRefresh],
      );
      if (result.rowCount !== 1) return null;
      await recordVerdict(client, row.id, "erased", now);
      await writeAuditEvent(client, {
        workspaceId: row.workspaceId,
        accountId: row.id,
        type: "reauth_required",
        details: { reason, code: error.code, requestId: error.requestId },
        at: now,
      });
      await recordAccountEvent(client, {
        accountId: row.id,
        type: "account.reauth_required",
        status: "reauth_required",
        reason,
        at: now,
      });
      return judgement;
    });
    if (!decided) return { outcome: "superseded" };
    if (decided.verdict === "erased") {
      services.logger.warn(
        log,
        "Amazon refused the account's grant: reauth_required, tokens erased",
      );
      return { outcome: "reauth_required", reason };
    }
    const breaker = {
      ...log,
      consecutiveFailures: failures,
      recentVerdicts: decided.counts.refreshCount,
      recentInvalidGrants: decided.counts.invalidGrantCount,
      refreshesInFlight: decided.inFlight,
    };
    if (decided.opening)
      services.logger.error(
        breaker,
        "refresh breaker open: Amazon refuses many grants at once (another security profile's AMAZON_CLIENT_ID/SECRET?); grants are held, not erased",
      );
    else services.logger.warn(breaker, "refresh breaker open: grant held, tokens kept");
    throw new TokenRefreshFailedError(row.id, amazonKind, true, null, failures, {
      cause: error,
      held: true,
    });
  }

  const threshold = services.refresh.failingAfter;
  const nowFailing = row.status === "active" && failures >= threshold;
  const recorded = await inTransaction(client, async () => {
    const result = await client.query(
      `UPDATE amazon_accounts
          SET consecutive_failures = $2, last_error_code = $3, last_error_message = $4, last_error_at = $5,
              status = CASE WHEN $6::boolean THEN 'refresh_failing'::"AccountStatus" ELSE status END, updated_at = $5
        WHERE id = $1 AND refresh_token_ciphertext = $7 AND ${REFRESHABLE}`,
      [row.id, failures, error.code ?? amazonKind, error.message, now, nowFailing, storedRefresh],
    );
    if (result.rowCount === 1 && nowFailing) {
      await recordNowFailing(client, row, error, {
        failures,
        reason: error.code ?? amazonKind,
        at: now,
      });
    }
    return result.rowCount === 1;
  });
  if (!recorded) return { outcome: "superseded" };
  if (amazonKind === "invalid_client")
    services.logger.error(
      log,
      "Amazon refused adsconnect's client credentials: check AMAZON_CLIENT_ID and AMAZON_CLIENT_SECRET (grants are kept)",
    );
  services.logger.warn(
    { ...log, consecutiveFailures: failures, refreshFailing: failures >= threshold },
    "token refresh failed",
  );
  throw new TokenRefreshFailedError(
    row.id,
    amazonKind,
    disposition === "retry",
    error.retryAfterSeconds,
    failures,
    {
      cause: error,
    },
  );
}
