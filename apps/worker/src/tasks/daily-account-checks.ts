import { flagExpiringConsents } from "@adsconnect/tokens/flag-expiring-consents";
import type { Helpers } from "graphile-worker";

import { accountJobKey, payloadSchemas } from "../jobs";
import type { WorkerDeps } from "../worker-deps";

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
  deps: WorkerDeps,
  helpers: Pick<Helpers, "addJobs">,
  now: Date = new Date(),
): Promise<{ flagged: number; syncs: number }> {
  const flagged = await flagExpiringConsents({ ...deps.tokens, now: () => now });
  const { rows } = await deps.pool.query<{ id: string }>(
    `SELECT id FROM amazon_accounts WHERE status IN ('active', 'refresh_failing') ORDER BY id`,
  );
  const stepMs = rows.length === 0 ? 0 : Math.min(1000, SYNC_SPREAD_MS / rows.length);
  for (let start = 0; start < rows.length; start += 1000) {
    await helpers.addJobs(
      rows.slice(start, start + 1000).map(({ id }, i) => ({
        identifier: "sync_account_profiles",
        payload: payloadSchemas.sync_account_profiles.parse({ accountId: id }),
        jobKey: accountJobKey("sync_account_profiles", id),
        runAt: new Date(now.getTime() + Math.round((start + i) * stepMs)),
        priority: SYNC_PRIORITY,
        maxAttempts: 3,
      })),
    );
  }
  deps.logger.info({ flagged: flagged.length, syncs: rows.length }, "daily account checks done");
  return { flagged: flagged.length, syncs: rows.length };
}
