import { syncAccountProfiles } from "@adsconnect/accounts";
import { refreshAccountTokens } from "@adsconnect/tokens/refresh-account-tokens";

import type { Payload } from "../jobs";
import type { WorkerDeps } from "../worker-deps";

/** A sync needs a token that outlives it: refresh first when less than this is left. */
const SYNC_MIN_VALIDITY_SECONDS = 900;

/**
 * Reads one account's profiles in NA, EU and FE and its DSP advertisers
 * again (@adsconnect/accounts), with an access token made fresh first.
 * Accounts that are not connected any more are skipped; failures throw and
 * graphile-worker retries (3 attempts).
 */
export async function runSyncAccountProfiles(
  deps: WorkerDeps,
  { accountId }: Payload<"sync_account_profiles">,
): Promise<"synced" | "skipped"> {
  const { rows } = await deps.pool.query<{ ownerId: string }>(
    `SELECT owner_id AS "ownerId" FROM amazon_accounts
      WHERE id = $1 AND status IN ('active', 'refresh_failing')`,
    [accountId],
  );
  const owner = rows[0];
  if (!owner) return "skipped";
  const token = await refreshAccountTokens(deps.tokens, accountId, {
    minValiditySeconds: SYNC_MIN_VALIDITY_SECONDS,
  });
  if (token.outcome !== "refreshed" && token.outcome !== "already_fresh") return "skipped";
  const summary = await syncAccountProfiles(deps.accounts, {
    accountId,
    userId: owner.ownerId,
    accessToken: token.accessToken,
  });
  deps.logger.info({ accountId, summary }, "profiles synced");
  return "synced";
}
