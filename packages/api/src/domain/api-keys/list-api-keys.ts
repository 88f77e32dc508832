import type { Db } from "@adsconnect/db/client";

import { apiKeySummarySelect, type ApiKeySummary } from "./api-key-summary";

/** Every key of `workspaceId`, revoked ones included (they explain past access), newest first. */
export async function listApiKeys(db: Db, workspaceId: string): Promise<ApiKeySummary[]> {
  return db.apiKey.findMany({
    where: { workspaceId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: apiKeySummarySelect,
  });
}
