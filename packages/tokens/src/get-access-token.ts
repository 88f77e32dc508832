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

/**
 * A fresh access token for one of `userId`'s accounts. When the stored one
 * is within HANDOUT_MIN_VALIDITY_SECONDS of expiry (or past it), refreshes
 * inline under the per-account lock, so concurrent callers in every process
 * share one call to Amazon.
 *
 * Throws AccountNotFoundError (no such account, or another person's),
 * AccountNeedsReconnectError (reauth_required or disconnected: the owner
 * must reconnect) and AccessTokenUnavailableError (the token ran out and
 * Amazon failed to renew it just now).
 */
export async function getAccessToken(
  services: HandOutServices,
  { accountId, userId }: { accountId: string; userId: string },
): Promise<AccessTokenGrant> {
  const read = () => readAccountTokenRow(services.pool, accountId, userId);
  const row = await read();
  if (!row) throw new AccountNotFoundError();
  assertConnected(row);
  if (isFreshFor(row, services.now(), HANDOUT_MIN_VALIDITY_SECONDS)) {
    return grantOf(services, row.consentRegion, {
      accessToken: decryptAccessToken(services.vault, row.id, row.accessTokenCiphertext!),
      expiresAt: row.accessTokenExpiresAt!,
    });
  }

  const { pool } = services;
  let flight = flights.get(pool);
  if (!flight) flights.set(pool, (flight = new SingleFlight()));
  let result: RefreshResult;
  try {
    result = await flight.run(accountId, () =>
      refreshAccountTokens(services, accountId, {
        minValiditySeconds: HANDOUT_MIN_VALIDITY_SECONDS,
      }),
    );
  } catch (error) {
    if (!(error instanceof TokenRefreshFailedError)) throw error;
    // The stored token may still have a few seconds: better than nothing.
    if (row.accessTokenExpiresAt && row.accessTokenExpiresAt.getTime() > services.now().getTime())
      return grantOf(services, row.consentRegion, {
        accessToken: decryptAccessToken(services.vault, row.id, row.accessTokenCiphertext!),
        expiresAt: row.accessTokenExpiresAt,
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
