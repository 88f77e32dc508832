import type { Db } from "@adsconnect/db/client";

import { hashApiKey, parseApiKey } from "./key-format";

/**
 * `lastUsedAt` is kept to this resolution: a key used constantly costs one
 * write a minute, not one per call. Default 60 s.
 */
export const LAST_USED_RESOLUTION_MS = 60_000;

/** An active key and the person it acts for. */
export interface ApiKeyPrincipal {
  id: string;
  name: string;
  prefix: string;
  userId: string;
}

/**
 * The key's principal, or null for anything that is not an active key:
 * malformed, unknown, revoked, or orphaned (a deleted person's keys go with
 * the person, by cascade). The reasons are not told apart to the caller.
 */
export async function authenticateApiKey(
  db: Db,
  rawKey: string,
  now: Date = new Date(),
): Promise<ApiKeyPrincipal | null> {
  if (!parseApiKey(rawKey)) return null;
  // Looked up by hash through a unique index. Timing reveals nothing useful:
  // the caller cannot choose inputs whose sha256 lands near a stored one.
  const row = await db.apiKey.findUnique({
    where: { keyHash: hashApiKey(rawKey) },
    select: { id: true, name: true, prefix: true, userId: true, revokedAt: true, lastUsedAt: true },
  });
  if (!row || row.revokedAt) return null;

  const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  if (!row.lastUsedAt || row.lastUsedAt <= staleBefore) {
    // Conditional, so concurrent calls in the same minute write once between them.
    await db.apiKey.updateMany({
      where: { id: row.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: staleBefore } }] },
      data: { lastUsedAt: now },
    });
  }
  return { id: row.id, name: row.name, prefix: row.prefix, userId: row.userId };
}
