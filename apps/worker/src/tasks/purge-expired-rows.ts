import type { Db } from "@adsconnect/db/client";
import { VERDICT_RETENTION_MS } from "@adsconnect/tokens/refresh-breaker";

/** Pending connections are kept a day past expiry so a late callback still gets a clear "expired" page. */
export const OAUTH_STATE_RETENTION_MS = 24 * 60 * 60 * 1000;

/**
 * Routine token_refreshed events (one per refresh, about 24 a day per account)
 * feed the refresh-health chart; after 30 days they only cost space. Events
 * that tell a story (failures, reauthorization, disconnects) are kept.
 */
export const REFRESH_EVENT_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * Deletes Login with Amazon states that expired more than a day ago, old routine refresh events, and
 * Amazon's verdicts on refreshes older than the longest breaker window (a day).
 */
export async function purgeExpiredRows(db: Db, now: Date = new Date()) {
  const oauthStates = await db.oAuthState.deleteMany({
    where: { expiresAt: { lt: new Date(now.getTime() - OAUTH_STATE_RETENTION_MS) } },
  });
  const refreshEvents = await db.auditEvent.deleteMany({
    where: {
      type: "token_refreshed",
      createdAt: { lt: new Date(now.getTime() - REFRESH_EVENT_RETENTION_MS) },
    },
  });
  const refreshVerdicts = await db.tokenRefreshOutcome.deleteMany({
    where: { createdAt: { lt: new Date(now.getTime() - VERDICT_RETENTION_MS) } },
  });
  return {
    oauthStates: oauthStates.count,
    refreshEvents: refreshEvents.count,
    refreshVerdicts: refreshVerdicts.count,
  };
}
