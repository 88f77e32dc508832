import { recordActivity } from "@adsconnect/db/activity";
import type { Db } from "@adsconnect/db/client";
import { AdsConnectError } from "@adsconnect/errors";

import { apiKeySummarySelect, type ApiKeySummary } from "./api-key-summary";

/**
 * Revokes key `id` of `workspaceId` and records `api_key_revoked` by `actorId`.
 * Revoking a revoked key changes nothing and returns it (a retried request is
 * not an error). Throws an AdsConnectError("not_found") when the workspace has
 * no such key: whether it exists in another workspace is never told.
 */
export async function revokeApiKey(
  db: Db,
  {
    workspaceId,
    actorId,
    id,
    now = new Date(),
  }: { workspaceId: string; actorId: string; id: string; now?: Date },
): Promise<ApiKeySummary> {
  return db.$transaction(async (tx) => {
    // Conditional on `revokedAt: null`, so of two revokes at once only one writes the audit event.
    const { count } = await tx.apiKey.updateMany({
      where: { id, workspaceId, revokedAt: null },
      data: { revokedAt: now },
    });
    const apiKey = await tx.apiKey.findFirst({
      where: { id, workspaceId },
      select: apiKeySummarySelect,
    });
    if (!apiKey)
      throw new AdsConnectError("not_found", "This workspace has no API key with that id.");
    if (count === 1) {
      await recordActivity(tx, {
        workspaceId,
        actorId,
        type: "api_key_revoked",
        details: { apiKeyId: id, prefix: apiKey.prefix, name: apiKey.name },
      });
    }
    return apiKey;
  });
}
