import type { Db } from "@adsconnect/db/client";

import { apiKeySummarySelect, type ApiKeySummary } from "./api-key-summary";

/** Every key `userId` holds, revoked ones included (they explain past access), newest first. */
export async function listApiKeys(db: Db, userId: string): Promise<ApiKeySummary[]> {
  return db.apiKey.findMany({
    where: { userId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: apiKeySummarySelect,
  });
}
