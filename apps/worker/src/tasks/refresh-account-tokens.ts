import { TokenRefreshFailedError } from "@adsconnect/tokens/errors";
import {
  refreshAccountTokens,
  type RefreshServices,
} from "@adsconnect/tokens/refresh-account-tokens";
import type { JobHelpers } from "graphile-worker";

import { accountJobKey, enqueue, type Payload } from "../jobs";
import { retryDelayMs } from "./retry-delay";
import { REFRESH_JOB_MAX_ATTEMPTS } from "./sweep-due-accounts";

/**
 * Refreshes one account (see @adsconnect/tokens: lock, re-read, skip when
 * already fresh, store before unlocking). A failure that may pass is
 * retried by scheduling the same job key again after an exponential,
 * jittered delay that honours Retry-After, until the account has failed
 * `maxAttempts` times in a row; after that the minute sweep tries it again.
 * A refused grant ends the account's refreshes (reauth_required): nothing to
 * retry. Other errors (database, a bug) throw, and graphile-worker retries.
 */
export async function runRefreshAccountTokens(
  services: RefreshServices,
  { accountId }: Payload<"refresh_account_tokens">,
  helpers: Pick<JobHelpers, "addJob" | "logger">,
): Promise<void> {
  try {
    const result = await refreshAccountTokens(services, accountId, {
      minValiditySeconds: services.refresh.leadSeconds,
    });
    if (result.outcome !== "refreshed" && result.outcome !== "already_fresh")
      services.logger.info({ accountId, outcome: result.outcome }, "account not refreshed");
  } catch (error) {
    if (!(error instanceof TokenRefreshFailedError)) throw error;
    if (!error.retryable || error.consecutiveFailures >= services.refresh.maxAttempts) {
      services.logger.warn(
        { accountId, kind: error.amazonKind, consecutiveFailures: error.consecutiveFailures },
        "refresh failed; the next sweep will try again",
      );
      return;
    }
    const delayMs = retryDelayMs(error.consecutiveFailures, error.retryAfterSeconds, {
      baseMs: services.refresh.retryBaseMs,
      ...(services.refresh.maxRetryDelayMs === undefined
        ? {}
        : { maxMs: services.refresh.maxRetryDelayMs }),
    });
    await enqueue(
      helpers,
      "refresh_account_tokens",
      { accountId },
      {
        jobKey: accountJobKey("refresh_account_tokens", accountId),
        runAt: new Date(Date.now() + delayMs),
        maxAttempts: REFRESH_JOB_MAX_ATTEMPTS,
      },
    );
    services.logger.info(
      {
        accountId,
        kind: error.amazonKind,
        consecutiveFailures: error.consecutiveFailures,
        retryInMs: delayMs,
      },
      "refresh failed; retrying later",
    );
  }
}
