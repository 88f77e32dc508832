import { nowOf, type AccountsDeps } from "./deps";
import { discoverProfiles } from "./discover-profiles";
import { saveDiscovery } from "./save-discovery";

/**
 * Re-reads an account's profiles in all three regions and its DSP
 * advertisers (the worker's daily sync), given a fresh access token.
 * Writes a profiles_synced audit event with what changed.
 */
export async function syncAccountProfiles(
  deps: AccountsDeps,
  { accountId, userId, accessToken }: { accountId: string; userId: string; accessToken: string },
) {
  const now = nowOf(deps);
  const discovery = await discoverProfiles(deps, accessToken);
  return deps.db.$transaction(async (tx) => {
    const summary = await saveDiscovery(tx, accountId, discovery, now);
    await tx.auditEvent.create({
      data: { userId, accountId, type: "profiles_synced", details: summary },
    });
    return summary;
  });
}
