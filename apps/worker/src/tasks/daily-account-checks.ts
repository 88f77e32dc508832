import type { Services } from "@adsconnect/services";
import { connectedAccountIds } from "@adsconnect/tokens/due-accounts";
import { flagExpiringConsents } from "@adsconnect/tokens/flag-expiring-consents";
import type { Helpers } from "graphile-worker";

import { accountJobKey, payloadSchemas } from "../jobs";

/** Profile syncs run after refreshes when both are waiting (graphile-worker: lower runs first). */
export const SYNC_PRIORITY = 10;
/** The day's syncs are spread over at most this long, at most one a second. Default 1 h. */
export const SYNC_SPREAD_MS = 60 * 60 * 1000;

/**
 * The daily pass: flags accounts whose consent is close to a year old
 * (audit event consent_expiring, once per consent), then enqueues one
 * sync_account_profiles job per connected account, spread out so Amazon's
 * rate limits are not met all at once.
 */
export async function runDailyAccountChecks(
  services: Pick<Services, "pool" | "logger" | "now">,
  helpers: Pick<Helpers, "addJobs">,
): Promise<{ flagged: number; syncs: number }> {
  const now = services.now();
  const flagged = await flagExpiringConsents({ ...services, now: () => now });
  const ids = await connectedAccountIds(services);
  const stepMs = ids.length === 0 ? 0 : Math.min(1000, SYNC_SPREAD_MS / ids.length);
  for (let start = 0; start < ids.length; start += 1000) {
    await helpers.addJobs(
      ids.slice(start, start + 1000).map((id, i) => ({
        identifier: "sync_account_profiles",
        payload: payloadSchemas.sync_account_profiles.parse({ accountId: id }),
        jobKey: accountJobKey("sync_account_profiles", id),
        runAt: new Date(now.getTime() + Math.round((start + i) * stepMs)),
        priority: SYNC_PRIORITY,
        maxAttempts: 3,
      })),
    );
  }
  services.logger.info({ flagged: flagged.length, syncs: ids.length }, "daily account checks done");
  return { flagged: flagged.length, syncs: ids.length };
}
