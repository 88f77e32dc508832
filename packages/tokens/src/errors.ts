import type { AmazonErrorKind } from "@adsconnect/amazon";

/** The account does not exist or belongs to someone else: one answer for both, so existence never leaks. */
export class AccountNotFoundError extends Error {
  override readonly name = "AccountNotFoundError";
  constructor() {
    super("No such Amazon Ads account.");
  }
}

/**
 * The account's grant is gone (Amazon refused it, or its owner disconnected
 * it): only its owner can fix that, by connecting it again.
 */
export class AccountNeedsReconnectError extends Error {
  override readonly name = "AccountNeedsReconnectError";
  constructor(
    readonly accountId: string,
    readonly status: "reauth_required" | "disconnected",
  ) {
    super(
      status === "disconnected"
        ? `Amazon Ads account ${accountId} was disconnected by its owner: ask the owner to connect it again in AdsConnect.`
        : `Amazon no longer accepts the grant of Amazon Ads account ${accountId}: ask the account's owner to reconnect it in AdsConnect.`,
    );
  }
}

/**
 * A refresh failed without Amazon refusing the grant: 429, 5xx, a timeout or
 * a network error (`retryable`: worth retrying with backoff, after
 * `retryAfterSeconds` when Amazon named a time), or another 4xx (not
 * retryable). The failure is already recorded on the account.
 */
export class TokenRefreshFailedError extends Error {
  override readonly name = "TokenRefreshFailedError";
  constructor(
    readonly accountId: string,
    readonly kind: AmazonErrorKind,
    readonly retryable: boolean,
    readonly retryAfterSeconds: number | null,
    /** The account's consecutive failures, this one included. */
    readonly consecutiveFailures: number,
    options?: { cause?: unknown },
  ) {
    super(`Refreshing the tokens of Amazon Ads account ${accountId} failed (${kind}).`, options);
  }
}

/**
 * The account's access token has run out and a refresh just failed for a
 * reason that may pass (see TokenRefreshFailedError): try again shortly.
 */
export class AccessTokenUnavailableError extends Error {
  override readonly name = "AccessTokenUnavailableError";
  constructor(
    readonly accountId: string,
    readonly retryAfterSeconds: number | null,
    options?: { cause?: unknown },
  ) {
    super(
      `Amazon did not renew the access token of Amazon Ads account ${accountId} just now; try again in a minute.`,
      options,
    );
  }
}
