import type { InlineRefresh, Services } from "@adsconnect/services";
import type { Pool } from "pg";

import {
  isFreshFor,
  readAccountTokenRow,
  type AccountRegion,
  type AccountTokenRow,
} from "./account-row";
import { decryptAccessToken } from "./account-tokens";
import {
  AccessTokenUnavailableError,
  AccountLockBusyError,
  AccountNeedsReconnectError,
  AccountNotFoundError,
  TokenRefreshFailedError,
} from "./errors";
import {
  refreshAccountTokens,
  type RefreshResult,
  type RefreshServices,
} from "./refresh-account-tokens";
import { Semaphore } from "./semaphore";
import { SingleFlight } from "./single-flight";

/** A token handed out is valid for at least this long; closer to expiry it is refreshed first. */
export const HANDOUT_MIN_VALIDITY_SECONDS = 60;

/** What an internal app needs to call the Amazon Ads API for one account. */
export interface AccessTokenGrant {
  accessToken: string;
  expiresAt: Date;
  /** Sent as `Amazon-Advertising-API-ClientId`. */
  clientId: string;
  /** The account's consent region (one grant reaches every region's Ads API). */
  region: AccountRegion;
  /** The Ads API base URL of `region`. */
  adsApiUrl: string;
  /** Every region's Ads API base URL: the one grant reaches all three. */
  regions: Record<"na" | "eu" | "fe", { adsApiUrl: string }>;
}

/** What a caller told to try again shortly because inline refreshes are busy is told to wait, in seconds. */
export const BUSY_RETRY_AFTER_SECONDS = 5;

/**
 * What the hand-out uses: a refresh's services, Amazon's endpoints, the client id it hands out
 * and the bounds of its inline refreshes (`inlineRefresh`: their own connections, Amazon client,
 * concurrency limit and waits).
 */
export type HandOutServices = RefreshServices &
  Pick<Services, "amazon" | "amazonClientId" | "inlineRefresh">;

// One in-process flight per pool (so per database), keyed by account.
const flights = new WeakMap<Pool, SingleFlight<RefreshResult>>();
// One limit per process's inline-refresh settings.
const limits = new WeakMap<InlineRefresh, Semaphore>();

/** Who asks for which account's token. */
export interface HandOutRequest {
  accountId: string;
  /** The caller acts for this workspace; another workspace's account is not found. */
  workspaceId: string;
  /**
   * An access token of this account that Amazon just refused (401): hand out
   * another one, refreshing under the account's lock unless a refresh already
   * replaced it (see RefreshOptions.rejectedAccessToken). Concurrent callers
   * that saw the same token refused share one refresh. The Ads proxy passes it
   * to retry a call once; the tRPC hand-out never does.
   */
  rejectedAccessToken?: string;
}

/**
 * A fresh access token for one of `workspaceId`'s accounts. When the stored one
 * is within HANDOUT_MIN_VALIDITY_SECONDS of expiry (or past it), or is the
 * token the caller says Amazon refused, refreshes inline under the
 * per-account lock, so concurrent callers in every process share one call
 * to Amazon.
 *
 * Inline refreshes are bounded (`services.inlineRefresh`), so a slow Amazon
 * never holds up more than a few of them nor takes `services.pool`: at most
 * `concurrency` run at once in a process, each on a connection of its own
 * pool, trying Amazon once with a short timeout and waiting at most
 * `lockWaitMs` for the account's lock. While the stored token is still valid
 * (if for less than 60 s), a caller waits at most `waitMs` for the refresh
 * and otherwise gets the stored token, the refresh finishing in the
 * background; when no refresh may start (the limit is reached), it gets the
 * stored token at once.
 *
 * Throws AccountNotFoundError (no such account, or another workspace's),
 * AccountNeedsReconnectError (reauth_required or disconnected: the owner
 * must reconnect) and AccessTokenUnavailableError (the token ran out, or was
 * refused, and could not be renewed just now: Amazon failed, or every inline
 * refresh of this process is busy; `reason` says which).
 */
export async function getAccessToken(
  services: HandOutServices,
  { accountId, workspaceId, rejectedAccessToken }: HandOutRequest,
): Promise<AccessTokenGrant> {
  const read = () => readAccountTokenRow(services.pool, accountId, workspaceId);
  const row = await read();
  if (!row) throw new AccountNotFoundError();
  assertConnected(row);
  // The stored token, when it may be handed out as it is: fresh enough and not the refused one.
  const usable = (account: AccountTokenRow, minValiditySeconds: number): string | null => {
    if (!isFreshFor(account, services.now(), minValiditySeconds)) return null;
    const token = decryptAccessToken(services.vault, account.id, account.accessTokenCiphertext!);
    return token === rejectedAccessToken ? null : token;
  };
  const stored = usable(row, HANDOUT_MIN_VALIDITY_SECONDS);
  if (stored !== null)
    return grantOf(services, row.consentRegion, {
      accessToken: stored,
      expiresAt: row.accessTokenExpiresAt!,
    });

  // Still valid, if for less than 60 s (and not the refused one): what a caller gets rather than wait.
  const lasting = usable(row, 0);
  const storedGrant = (accessToken: string) =>
    grantOf(services, row.consentRegion, { accessToken, expiresAt: row.accessTokenExpiresAt! });

  // The database's spelling of the id: the single flight and the account lock key on it, and a
  // caller may write the same uuid in capitals (the worker never does).
  const refresh = startInlineRefresh(services, row.id, rejectedAccessToken);
  if (refresh === null) {
    if (lasting !== null) return storedGrant(lasting);
    throw new AccessTokenUnavailableError(accountId, BUSY_RETRY_AFTER_SECONDS, { reason: "busy" });
  }
  let result: RefreshResult | undefined;
  try {
    result =
      lasting === null
        ? await refresh
        : await settledWithin(refresh, services.inlineRefresh.waitMs);
  } catch (error) {
    if (!(error instanceof TokenRefreshFailedError || error instanceof AccountLockBusyError))
      throw error;
    // The stored token may still have a few seconds (unless Amazon refused it): better than nothing.
    if (lasting !== null) return storedGrant(lasting);
    if (error instanceof AccountLockBusyError)
      throw new AccessTokenUnavailableError(accountId, BUSY_RETRY_AFTER_SECONDS, {
        cause: error,
        reason: "busy",
      });
    // Only a failure that may pass is "try again shortly"; any other (our own
    // credentials refused, a malformed request) is the operator's to fix.
    if (!error.retryable) throw error;
    throw new AccessTokenUnavailableError(accountId, error.retryAfterSeconds, { cause: error });
  }
  // Amazon is slower than the caller waits: the stored token, the refresh going on without it.
  if (result === undefined) return storedGrant(lasting!);

  switch (result.outcome) {
    case "refreshed":
    case "already_fresh":
      return grantOf(services, result.region, result);
    case "reauth_required":
      throw new AccountNeedsReconnectError(accountId, "reauth_required");
    case "not_refreshable":
    case "superseded": {
      // Someone else changed the account meanwhile: answer from what it is now.
      const now = await read();
      if (!now) throw new AccountNotFoundError();
      assertConnected(now);
      if (!isFreshFor(now, services.now(), 0))
        throw new AccountNeedsReconnectError(accountId, "reauth_required");
      return grantOf(services, now.consentRegion, {
        accessToken: decryptAccessToken(services.vault, now.id, now.accessTokenCiphertext!),
        expiresAt: now.accessTokenExpiresAt!,
      });
    }
  }
}

/**
 * The account's inline refresh: the one already running in this process for
 * `rejectedAccessToken` (or for none), or a new one if the process's limit
 * allows; null when it does not. A new one runs on `inlineRefresh`'s own
 * connection and Amazon client, waits at most `lockWaitMs` for the lock, and
 * gives its permit back when done. Callers may stop waiting for it: it then
 * finishes in the background (its failure is recorded on the account by
 * refreshAccountTokens; anything unexpected is logged here).
 */
function startInlineRefresh(
  services: HandOutServices,
  accountId: string,
  rejectedAccessToken: string | undefined,
): Promise<RefreshResult> | null {
  const { pool, inlineRefresh } = services;
  let flight = flights.get(pool);
  if (!flight) flights.set(pool, (flight = new SingleFlight()));
  // Callers that saw the same token refused share a flight; a plain refresh has its own.
  const key =
    rejectedAccessToken === undefined ? accountId : `${accountId}\0${rejectedAccessToken}`;
  const running = flight.get(key);
  if (running) return running;

  let limit = limits.get(inlineRefresh);
  if (!limit) limits.set(inlineRefresh, (limit = new Semaphore(inlineRefresh.concurrency)));
  const release = limit.tryAcquire();
  if (!release) {
    services.logger.debug(
      { accountId, concurrency: inlineRefresh.concurrency },
      "inline refreshes busy: not starting another",
    );
    return null;
  }
  const started = flight.run(key, () =>
    refreshAccountTokens(
      { ...services, pool: inlineRefresh.pool, amazonRefresh: inlineRefresh.amazon },
      accountId,
      {
        minValiditySeconds: HANDOUT_MIN_VALIDITY_SECONDS,
        lockWaitMs: inlineRefresh.lockWaitMs,
        ...(rejectedAccessToken === undefined ? {} : { rejectedAccessToken }),
      },
    ).finally(release),
  );
  started.catch((error: unknown) => {
    if (error instanceof TokenRefreshFailedError || error instanceof AccountLockBusyError) return;
    services.logger.warn({ accountId, err: error }, "inline token refresh failed");
  });
  return started;
}

/** `promise`'s value if it settles within `ms`, else undefined (it keeps running); its rejection if it rejects first. */
async function settledWithin<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(resolve, ms, undefined);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function assertConnected(row: AccountTokenRow): void {
  if (row.status === "reauth_required" || row.status === "disconnected")
    throw new AccountNeedsReconnectError(row.id, row.status);
}

function grantOf(
  services: Pick<HandOutServices, "amazon" | "amazonClientId">,
  region: AccountRegion,
  token: { accessToken: string; expiresAt: Date },
): AccessTokenGrant {
  return {
    accessToken: token.accessToken,
    expiresAt: token.expiresAt,
    clientId: services.amazonClientId,
    region,
    adsApiUrl: services.amazon.endpoints(region).adsApiUrl,
    regions: {
      na: { adsApiUrl: services.amazon.endpoints("NA").adsApiUrl },
      eu: { adsApiUrl: services.amazon.endpoints("EU").adsApiUrl },
      fe: { adsApiUrl: services.amazon.endpoints("FE").adsApiUrl },
    },
  };
}
