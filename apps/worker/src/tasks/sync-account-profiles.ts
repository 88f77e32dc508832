import { syncAccountProfiles } from "@adsconnect/accounts";
import type { Services } from "@adsconnect/services";
import { readAccountTokenRow } from "@adsconnect/tokens/account-row";
import {
  refreshAccountTokens,
  type RefreshServices,
} from "@adsconnect/tokens/refresh-account-tokens";

import type { Payload } from "../jobs";

/** A sync needs a token that outlives it: refresh first when less than this is left. */
const SYNC_MIN_VALIDITY_SECONDS = 900;

/**
 * Reads one account's profiles in NA, EU and FE and its DSP advertisers
 * again (@adsconnect/accounts), with an access token made fresh first.
 * Accounts that are not connected any more are skipped; failures throw and
 * graphile-worker retries (3 attempts).
 */
export async function runSyncAccountProfiles(
  services: RefreshServices & Pick<Services, "db" | "amazon">,
  { accountId }: Payload<"sync_account_profiles">,
): Promise<"synced" | "skipped"> {
  const account = await readAccountTokenRow(services.pool, accountId);
  if (!account || (account.status !== "active" && account.status !== "refresh_failing"))
    return "skipped";
  const token = await refreshAccountTokens(services, accountId, {
    minValiditySeconds: SYNC_MIN_VALIDITY_SECONDS,
  });
  if (token.outcome !== "refreshed" && token.outcome !== "already_fresh") return "skipped";
  const summary = await syncAccountProfiles(services, {
    accountId,
    workspaceId: account.workspaceId,
    accessToken: token.accessToken,
  });
  services.logger.info({ accountId, summary }, "profiles synced");
  return "synced";
}
