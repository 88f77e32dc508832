import type { Services } from "@adsconnect/services";
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
  AccountNeedsReconnectError,
  AccountNotFoundError,
  TokenRefreshFailedError,
} from "./errors";
import {
  refreshAccountTokens,
  type RefreshResult,
  type RefreshServices,
} from "./refresh-account-tokens";
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

/** What the hand-out uses: a refresh's services, Amazon's endpoints and the client id it hands out. */
export type HandOutServices = RefreshServices & Pick<Services, "amazon" | "amazonClientId">;

// One in-process flight per pool (so per database), keyed by account.
const flights = new WeakMap<Pool, SingleFlight<RefreshResult>>();

/** Who asks for which account's token. */
export interface HandOutRequest {
  accountId: string;
  /** The caller acts for this person; another person's account is not found. */
  userId: string;
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
 * A fresh access token for one of `userId`'s accounts. When the stored one
 * is within HANDOUT_MIN_VALIDITY_SECONDS of expiry (or past it), or is the
 * token the caller says Amazon refused, refreshes inline under the
 * per-account lock, so concurrent callers in every process share one call
 * to Amazon.
 *
 * Throws AccountNotFoundError (no such account, or another person's),
 * AccountNeedsReconnectError (reauth_required or disconnected: the owner
 * must reconnect) and AccessTokenUnavailableError (the token ran out, or was
 * refused, and Amazon failed to renew it just now).
 */
export async function getAccessToken(
  services: HandOutServices,
  { accountId, userId, rejectedAccessToken }: HandOutRequest,
): Promise<AccessTokenGrant> {
  const read = () => readAccountTokenRow(services.pool, accountId, userId);
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

  const { pool } = services;
  let flight = flights.get(pool);
  if (!flight) flights.set(pool, (flight = new SingleFlight()));
  let result: RefreshResult;
  try {
    // Callers that saw the same token refused share a flight; a plain refresh has its own.
    const key =
      rejectedAccessToken === undefined ? accountId : `${accountId}\0${rejectedAccessToken}`;
    result = await flight.run(key, () =>
      refreshAccountTokens(services, accountId, {
        minValiditySeconds: HANDOUT_MIN_VALIDITY_SECONDS,
        ...(rejectedAccessToken === undefined ? {} : { rejectedAccessToken }),
      }),
    );
  } catch (error) {
    if (!(error instanceof TokenRefreshFailedError)) throw error;
    // The stored token may still have a few seconds (unless Amazon refused it): better than nothing.
    const lasting = usable(row, 0);
    if (lasting !== null)
      return grantOf(services, row.consentRegion, {
        accessToken: lasting,
        expiresAt: row.accessTokenExpiresAt!,
      });
    // Only a failure that may pass is "try again shortly"; any other (our own
    // credentials refused, a malformed request) is the operator's to fix.
    if (!error.retryable) throw error;
    throw new AccessTokenUnavailableError(accountId, error.retryAfterSeconds, { cause: error });
  }

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
