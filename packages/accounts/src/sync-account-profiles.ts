import { recordActivity } from "@adsconnect/db/activity";
import type { Services } from "@adsconnect/services";

import { discoverProfiles } from "./discover-profiles";
import { SAVE_TRANSACTION_OPTIONS, saveDiscovery } from "./save-discovery";

/**
 * Re-reads an account's profiles in all three regions and its DSP
 * advertisers (the worker's daily sync), given a fresh access token.
 * Writes a profiles_synced audit event with what changed, as the worker's doing (no actor).
 */
export async function syncAccountProfiles(
  services: Pick<Services, "db" | "amazon" | "logger" | "now">,
  {
    accountId,
    workspaceId,
    accessToken,
  }: { accountId: string; workspaceId: string; accessToken: string },
) {
  const now = services.now();
  const discovery = await discoverProfiles(services, accessToken);
  return services.db.$transaction(async (tx) => {
    const summary = await saveDiscovery(tx, accountId, discovery, now);
    await recordActivity(tx, {
      workspaceId,
      actorId: null,
      accountId,
      type: "profiles_synced",
      details: summary,
    });
    return summary;
  }, SAVE_TRANSACTION_OPTIONS);
}
