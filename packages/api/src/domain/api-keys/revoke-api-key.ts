import type { Db } from "@adsconnect/db/client";
import { AdsConnectError } from "@adsconnect/errors";

import { apiKeySummarySelect, type ApiKeySummary } from "./api-key-summary";

/**
 * Revokes key `id` if `userId` holds it and records `api_key_revoked`.
 * Revoking a revoked key changes nothing and returns it (a retried request is
 * not an error). Throws an AdsConnectError("not_found") when `userId` holds
 * no such key: whether it exists for someone else is never told.
 */
export async function revokeApiKey(
  db: Db,
  { userId, id, now = new Date() }: { userId: string; id: string; now?: Date },
): Promise<ApiKeySummary> {
  return db.$transaction(async (tx) => {
    // Conditional on `revokedAt: null`, so of two revokes at once only one writes the audit event.
    const { count } = await tx.apiKey.updateMany({
      where: { id, userId, revokedAt: null },
      data: { revokedAt: now },
    });
    const apiKey = await tx.apiKey.findFirst({
      where: { id, userId },
      select: apiKeySummarySelect,
    });
    if (!apiKey) throw new AdsConnectError("not_found", "You have no API key with that id.");
    if (count === 1) {
      await tx.auditEvent.create({
        data: {
          userId,
          type: "api_key_revoked",
          details: { apiKeyId: id, prefix: apiKey.prefix, name: apiKey.name },
        },
      });
    }
    return apiKey;
  });
}
