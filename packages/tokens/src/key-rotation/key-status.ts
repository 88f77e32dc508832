import type { Services } from "@adsconnect/services";
import { InvalidTokenError } from "@adsconnect/vault";

import { CIPHERTEXT_TABLES } from "./ciphertext-columns";

export interface ColumnKeyCounts {
  column: string;
  /** Values per key id, newest key first. */
  byKey: Record<string, number>;
  /** Values that no key in the ring opens. */
  unreadable: number;
}

export interface KeyStatus {
  /** Key ids, newest first, as ENCRYPTION_KEYS lists them. */
  keyIds: readonly string[];
  columns: ColumnKeyCounts[];
  /** Values that still need a key other than the newest. */
  needingOlderKeys: number;
  /** Per older key id, how many values still need it. */
  olderKeysInUse: Record<string, number>;
  unreadable: number;
}

const PAGE = 5000;

/**
 * Which key every stored ciphertext needs (an HMAC check per value, no
 * decryption), read page by page. An older key may leave ENCRYPTION_KEYS
 * once `needingOlderKeys` is 0.
 */
export async function keyStatus({
  pool,
  vault,
}: Pick<Services, "pool" | "vault">): Promise<KeyStatus> {
  const [newest] = vault.keyIds;
  const columns: ColumnKeyCounts[] = [];
  const olderKeysInUse: Record<string, number> = {};
  let needingOlderKeys = 0;
  let unreadable = 0;
  for (const { table, columns: names } of CIPHERTEXT_TABLES) {
    for (const column of names) {
      const counts: ColumnKeyCounts = {
        column: `${table}.${column}`,
        byKey: Object.fromEntries(vault.keyIds.map((id) => [id, 0])),
        unreadable: 0,
      };
      let afterId: string | null = null;
      for (;;) {
        const { rows }: { rows: { id: string; value: string }[] } = await pool.query(
          `SELECT id, ${column} AS value FROM ${table}
            WHERE ${column} IS NOT NULL AND ($1::uuid IS NULL OR id > $1::uuid) ORDER BY id LIMIT $2`,
          [afterId, PAGE],
        );
        for (const { value } of rows) {
          try {
            const keyId = vault.keyIdFor(value);
            counts.byKey[keyId] = (counts.byKey[keyId] ?? 0) + 1;
            if (keyId !== newest) {
              needingOlderKeys++;
              olderKeysInUse[keyId] = (olderKeysInUse[keyId] ?? 0) + 1;
            }
          } catch (error) {
            if (!(error instanceof InvalidTokenError)) throw error;
            counts.unreadable++;
            unreadable++;
          }
        }
        if (rows.length < PAGE) break;
        afterId = rows[rows.length - 1]!.id;
      }
      columns.push(counts);
    }
  }
  return { keyIds: vault.keyIds, columns, needingOlderKeys, olderKeysInUse, unreadable };
}

/** A report an operator can act on, and the exit code of keys:status (0 done, 1 older keys in use, 2 unreadable values). */
export function describeKeyStatus(status: KeyStatus): { text: string; exitCode: 0 | 1 | 2 } {
  const [newest, ...older] = status.keyIds;
  const lines = [`ENCRYPTION_KEYS, newest first: ${status.keyIds.join(", ")}`];
  for (const column of status.columns) {
    const parts = Object.entries(column.byKey).map(
      ([id, count]) => `${count} under ${id}${id === newest ? " (newest)" : ""}`,
    );
    if (column.unreadable > 0) parts.push(`${column.unreadable} unreadable`);
    lines.push(`  ${column.column}: ${parts.join(", ")}`);
  }
  if (status.unreadable > 0) {
    lines.push(
      `${status.unreadable} values open with no key in ENCRYPTION_KEYS: a key they need was removed too early. Put it back.`,
    );
    return { text: lines.join("\n"), exitCode: 2 };
  }
  if (status.needingOlderKeys > 0) {
    const inUse = Object.entries(status.olderKeysInUse).map(([id, count]) => `${id} (${count})`);
    lines.push(
      `${status.needingOlderKeys} values still need an older key: ${inUse.join(", ")}. Keep it, and run ` +
        "`pnpm --filter @adsconnect/worker keys:rotate` (or wait for the nightly rotation).",
    );
    return { text: lines.join("\n"), exitCode: 1 };
  }
  lines.push(
    older.length > 0
      ? `Every value uses the newest key (${newest}): ${older.join(", ")} may be removed from ENCRYPTION_KEYS.`
      : `Every value uses the newest key (${newest}), the only one.`,
  );
  return { text: lines.join("\n"), exitCode: 0 };
}
