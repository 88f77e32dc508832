import type { Services } from "@adsconnect/services";
import { dueAccountIds } from "@adsconnect/tokens/due-accounts";
import type { Helpers } from "graphile-worker";

import { accountJobKey, payloadSchemas } from "../jobs";

/** Jobs added per addJobs call. */
const CHUNK = 1000;

/** A failing refresh job is retried this often by graphile-worker when it throws (database trouble, a bug). */
export const REFRESH_JOB_MAX_ATTEMPTS = 5;

/**
 * Enqueues one refresh_account_tokens job per account due for a refresh
 * (@adsconnect/tokens/due-accounts: expiring within `refresh.leadSeconds`),
 * keyed by account so a job already waiting (a retry scheduled with backoff,
 * or one from the last sweep) absorbs the new one and keeps its run time.
 * Returns how many accounts were due.
 */
export async function sweepDueAccounts(
  services: Pick<Services, "pool" | "refresh" | "now">,
  helpers: Pick<Helpers, "addJobs">,
): Promise<number> {
  const ids = await dueAccountIds(services);
  for (let start = 0; start < ids.length; start += CHUNK) {
    await helpers.addJobs(
      ids.slice(start, start + CHUNK).map((id) => ({
        identifier: "refresh_account_tokens",
        payload: payloadSchemas.refresh_account_tokens.parse({ accountId: id }),
        jobKey: accountJobKey("refresh_account_tokens", id),
        maxAttempts: REFRESH_JOB_MAX_ATTEMPTS,
      })),
      true, // preserve run_at: a retry waiting out its backoff is not pulled forward
    );
  }
  return ids.length;
}
