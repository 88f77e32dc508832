import type { Pool } from "pg";

import { hashApiKey, parseApiKey } from "./key-format";
import { isApiKeyPermission, type ApiKeyScope } from "./scopes";

/**
 * `lastUsedAt` is kept to this resolution: a key used constantly costs one
 * write a minute, not one per call. Default 60 s.
 */
export const LAST_USED_RESOLUTION_MS = 60_000;

/** An active key, the workspace it acts for, and its scope (check it with authorizeKey). */
export interface ApiKeyPrincipal extends ApiKeyScope {
  id: string;
  name: string;
  prefix: string;
  /** The workspace the key belongs to: it reaches that workspace's accounts, no other's. */
  workspaceId: string;
  /** When the key stops working; null: never. */
  expiresAt: Date | null;
}

/**
 * What a presented key is: active (with its principal), expired (it was a
 * real key; its caller should be told to create a new one), or nothing usable
 * (malformed, unknown, revoked, orphaned, bound to a creator who left: not told apart).
 */
export type ApiKeyLookup =
  | { status: "active"; principal: ApiKeyPrincipal }
  | { status: "expired"; expiredAt: Date }
  | { status: "invalid" };

interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  workspaceId: string;
  lastUsedAt: Date | null;
  permissions: string[] | null;
  accountIds: string[] | null;
  expiresAt: Date | null;
}

/** The message for an expired key, naming when it expired and what to do. */
export function expiredApiKeyMessage(expiredAt: Date): string {
  return `This API key expired at ${expiredAt.toISOString()}. Create a new one on the API keys page and send it as \`Authorization: Bearer <key>\`.`;
}

/**
 * The key's principal, or null for anything that is not an active key:
 * malformed, unknown, revoked, expired, orphaned (a deleted workspace's keys go
 * with it, by cascade), or bound to a creator who is no longer an active member of
 * its workspace (removed or erased). The reasons are not told apart to the
 * caller; lookUpApiKey tells an expired key apart, for a better message.
 */
export async function authenticateApiKey(
  pool: Pool,
  rawKey: string,
  now: Date = new Date(),
): Promise<ApiKeyPrincipal | null> {
  const lookup = await lookUpApiKey(pool, rawKey, now);
  return lookup.status === "active" ? lookup.principal : null;
}

/**
 * Plain SQL on node-postgres rather than Prisma: every internal app's call
 * starts here, and a Prisma query costs several times the CPU of the same
 * query on pg (bench/token-handout measures the difference).
 */
export async function lookUpApiKey(
  pool: Pool,
  rawKey: string,
  now: Date = new Date(),
): Promise<ApiKeyLookup> {
  if (!parseApiKey(rawKey)) return { status: "invalid" };
  // Looked up by hash through a unique index. Timing reveals nothing useful:
  // the caller cannot choose inputs whose sha256 lands near a stored one.
  // A key bound to its creator needs them to be an active member of its workspace, checked
  // here on every lookup so a removal takes effect at once.
  const { rows } = await pool.query<ApiKeyRow>(
    `SELECT k.id, k.name, k.prefix, k.workspace_id::text AS "workspaceId",
            k.last_used_at AS "lastUsedAt", k.permissions,
            k.account_ids::text[] AS "accountIds", k.expires_at AS "expiresAt"
       FROM api_keys k
       LEFT JOIN workspace_memberships m
         ON m.workspace_id = k.workspace_id AND m.user_id = k.created_by_id AND m.removed_at IS NULL
      WHERE k.key_hash = $1 AND k.revoked_at IS NULL
        AND (NOT k.bound_to_creator OR m.user_id IS NOT NULL)`,
    [hashApiKey(rawKey)],
  );
  const row = rows[0];
  if (!row) return { status: "invalid" };
  if (row.expiresAt && row.expiresAt.getTime() <= now.getTime())
    return { status: "expired", expiredAt: row.expiresAt };

  const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  if (!row.lastUsedAt || row.lastUsedAt <= staleBefore) {
    // Conditional, so concurrent calls in the same minute write once between them.
    await pool.query(
      `UPDATE api_keys SET last_used_at = $2
        WHERE id = $1 AND (last_used_at IS NULL OR last_used_at <= $3)`,
      [row.id, now, staleBefore],
    );
  }
  return {
    status: "active",
    principal: {
      id: row.id,
      name: row.name,
      prefix: row.prefix,
      workspaceId: row.workspaceId,
      // Anything not a known permission grants nothing; NULL (never written by us) is none.
      permissions: (row.permissions ?? []).filter(isApiKeyPermission),
      // Empty (or NULL) means every account of the workspace.
      accountIds: row.accountIds && row.accountIds.length > 0 ? row.accountIds : null,
      expiresAt: row.expiresAt,
    },
  };
}

// The check that goes with a principal, importable beside it (the Ads API proxy:
// `authorize: (principal, call) => authorizeKey(principal, { permission: "ads:proxy", accountId: call.accountId })`).
export {
  API_KEY_PERMISSIONS,
  authorizeKey,
  MissingPermissionError,
  type ApiKeyPermission,
  type ApiKeyScope,
} from "./scopes";
