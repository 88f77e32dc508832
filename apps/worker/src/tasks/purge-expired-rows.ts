import { purgeDisconnectedAccounts } from "@adsconnect/accounts";
import type { Db } from "@adsconnect/db/client";
import { VERDICT_RETENTION_MS } from "@adsconnect/tokens/refresh-breaker";

const DAY_MS = 24 * 60 * 60 * 1000;

/** Pending connections are kept a day past expiry so a late callback still gets a clear "expired" page. */
export const OAUTH_STATE_RETENTION_MS = DAY_MS;

/**
 * Routine token_refreshed events (one per refresh, about 24 a day per account)
 * feed the refresh-health chart; after 30 days they only cost space. Events
 * that tell a story (failures, reauthorization, disconnects) are kept.
 */
export const REFRESH_EVENT_RETENTION_MS = 30 * DAY_MS;

/**
 * Svix ids of Clerk webhooks already handled (replay refusal). Svix refuses a timestamp more
 * than 5 minutes off, so an id older than that can never be replayed; a day is ample.
 */
export const WEBHOOK_DELIVERY_RETENTION_MS = DAY_MS;

/** DISCONNECTED_ACCOUNT_RETENTION_DAYS' default (README, configuration). */
export const DEFAULT_DISCONNECTED_ACCOUNT_RETENTION_DAYS = 30;

/**
 * Deletes Login with Amazon states that expired more than a day ago, old routine refresh
 * events, Amazon's verdicts on refreshes older than the longest breaker window (a day),
 * remembered webhook ids over a day old, and accounts disconnected more than
 * `disconnectedAccountRetentionDays` ago with their profiles, DSP advertisers and audit events
 * (`purgeDisconnectedAccounts` in @adsconnect/accounts).
 */
export async function purgeExpiredRows(
  db: Db,
  now: Date = new Date(),
  {
    disconnectedAccountRetentionDays = DEFAULT_DISCONNECTED_ACCOUNT_RETENTION_DAYS,
  }: { disconnectedAccountRetentionDays?: number } = {},
) {
  const oauthStates = await db.oAuthState.deleteMany({
    where: { expiresAt: { lt: new Date(now.getTime() - OAUTH_STATE_RETENTION_MS) } },
  });
  const refreshEvents = await db.auditEvent.deleteMany({
    where: {
      type: "token_refreshed",
      createdAt: { lt: new Date(now.getTime() - REFRESH_EVENT_RETENTION_MS) },
    },
  });
  const webhookDeliveries = await db.webhookDelivery.deleteMany({
    where: { receivedAt: { lt: new Date(now.getTime() - WEBHOOK_DELIVERY_RETENTION_MS) } },
  });
  const disconnected = await purgeDisconnectedAccounts(db, {
    cutoff: new Date(now.getTime() - disconnectedAccountRetentionDays * DAY_MS),
  });
  const refreshVerdicts = await db.tokenRefreshOutcome.deleteMany({
    where: { createdAt: { lt: new Date(now.getTime() - VERDICT_RETENTION_MS) } },
  });
  return {
    oauthStates: oauthStates.count,
    refreshEvents: refreshEvents.count,
    webhookDeliveries: webhookDeliveries.count,
    disconnectedAccounts: disconnected.accounts,
    disconnectedAccountEvents: disconnected.auditEvents,
    refreshVerdicts: refreshVerdicts.count,
  };
}
