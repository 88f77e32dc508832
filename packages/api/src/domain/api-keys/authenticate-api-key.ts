import type { Pool } from "pg";

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

interface ApiKeyRow extends ApiKeyPrincipal {
  lastUsedAt: Date | null;
}

/**
 * The key's principal, or null for anything that is not an active key:
 * malformed, unknown, revoked, or orphaned (a deleted person's keys go with
 * the person, by cascade). The reasons are not told apart to the caller.
 *
 * Plain SQL on node-postgres rather than Prisma: every internal app's call
 * starts here, and a Prisma query costs several times the CPU of the same
 * query on pg (bench/token-handout measures the difference).
 */
export async function authenticateApiKey(
  pool: Pool,
  rawKey: string,
  now: Date = new Date(),
): Promise<ApiKeyPrincipal | null> {
  if (!parseApiKey(rawKey)) return null;
  // Looked up by hash through a unique index. Timing reveals nothing useful:
  // the caller cannot choose inputs whose sha256 lands near a stored one.
  const { rows } = await pool.query<ApiKeyRow>(
    `SELECT id, name, prefix, user_id AS "userId", last_used_at AS "lastUsedAt"
       FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL`,
    [hashApiKey(rawKey)],
  );
  const row = rows[0];
  if (!row) return null;

  const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  if (!row.lastUsedAt || row.lastUsedAt <= staleBefore) {
    // Conditional, so concurrent calls in the same minute write once between them.
    await pool.query(
      `UPDATE api_keys SET last_used_at = $2
        WHERE id = $1 AND (last_used_at IS NULL OR last_used_at <= $3)`,
      [row.id, now, staleBefore],
    );
  }
  return { id: row.id, name: row.name, prefix: row.prefix, userId: row.userId };
}
