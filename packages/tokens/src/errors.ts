import { ERROR_KIND_OF, type AmazonErrorKind } from "@adsconnect/amazon";
import { AdsConnectError } from "@adsconnect/errors";

/**
 * The account does not exist or belongs to someone else: one answer for both,
 * so existence never leaks. The only one: @adsconnect/accounts raises it too.
 */
export class AccountNotFoundError extends AdsConnectError {
  override readonly name = "AccountNotFoundError";
  constructor() {
    super("not_found", "You have no Amazon account with that id.");
  }
}

/**
 * The account's grant is gone (Amazon refused it, or its owner disconnected
 * it): only its owner can fix that, by connecting it again.
 */
export class AccountNeedsReconnectError extends AdsConnectError {
  override readonly name = "AccountNeedsReconnectError";
  constructor(
    readonly accountId: string,
    readonly status: "reauth_required" | "disconnected",
  ) {
    super(
      "needs_reconnect",
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
 * retryable). The failure is already recorded on the account. Its `kind` is
 * what `amazonKind` means to a caller (`unavailable` when retryable, else
 * `internal`: an operator's to fix). `held`: Amazon answered invalid_grant
 * while the mass-revocation breaker was open, so the grant was kept
 * (retryable, `unavailable`).
 */
export class TokenRefreshFailedError extends AdsConnectError {
  override readonly name = "TokenRefreshFailedError";
  constructor(
    readonly accountId: string,
    readonly amazonKind: AmazonErrorKind,
    readonly retryable: boolean,
    readonly retryAfterSeconds: number | null,
    /** The account's consecutive failures, this one included. */
    readonly consecutiveFailures: number,
    options?: { cause?: unknown; held?: boolean },
  ) {
    super(
      options?.held ? "unavailable" : ERROR_KIND_OF[amazonKind],
      `Refreshing the tokens of Amazon Ads account ${accountId} failed (${amazonKind}).`,
      options?.cause === undefined ? {} : { cause: options.cause },
    );
    this.held = options?.held ?? false;
  }

  /** Amazon answered invalid_grant but the mass-revocation breaker held the grant (tokens kept). */
  readonly held: boolean;
}

/**
 * The account's access token has run out (or was refused) and could not be
 * renewed just now, for a reason that may pass: try again shortly.
 * `reason` says why: `amazon_failed` (a refresh failed, see
 * TokenRefreshFailedError) or `busy` (this process already runs as many
 * inline refreshes as it may, or another refresh holds the account's lock:
 * none was waited for).
 */
export class AccessTokenUnavailableError extends AdsConnectError {
  override readonly name = "AccessTokenUnavailableError";
  readonly reason: "amazon_failed" | "busy";
  constructor(
    readonly accountId: string,
    readonly retryAfterSeconds: number | null,
    options?: { cause?: unknown; reason?: "amazon_failed" | "busy" },
  ) {
    super(
      "unavailable",
      options?.reason === "busy"
        ? `The access token of Amazon Ads account ${accountId} has run out and adsconnect is already renewing as many tokens as it may at once (Amazon is slow to answer); try again in a few seconds.`
        : `Amazon did not renew the access token of Amazon Ads account ${accountId} just now; try again in a minute.`,
      options?.cause === undefined ? undefined : { cause: options.cause },
    );
    this.reason = options?.reason ?? "amazon_failed";
  }
}

/**
 * Another refresh of the account held its lock for longer than the caller
 * would wait (withAccountLock's `waitMs`): nothing was done; try again shortly.
 */
export class AccountLockBusyError extends AdsConnectError {
  override readonly name = "AccountLockBusyError";
  constructor(
    readonly accountId: string,
    readonly waitedMs: number,
  ) {
    super(
      "unavailable",
      `Another refresh of Amazon Ads account ${accountId} is under way; try again in a few seconds.`,
    );
  }
}
