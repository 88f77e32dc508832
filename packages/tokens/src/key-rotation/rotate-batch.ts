import type { Services } from "@adsconnect/services";
import { InvalidTokenError, type TokenVault } from "@adsconnect/vault";
import type { ClientBase, Pool } from "pg";

import { withAccountLock } from "../account-lock";
import {
  ciphertextTable,
  type CiphertextTable,
  type CiphertextTableName,
} from "./ciphertext-columns";

export interface RotateBatchResult {
  scanned: number;
  rotated: number;
  /** Values no key in ENCRYPTION_KEYS opens (logged by row id); left as they are. */
  unreadable: number;
  /** The last id scanned: the next batch starts after it. Null when the table is done. */
  lastId: string | null;
}

type Row = { id: string } & Record<string, string | null>;

/**
 * Re-encrypts, under the newest key, every ciphertext of up to `batchSize`
 * rows of `table` after `afterId` (in id order). Values already under the
 * newest key are left alone, so running it again changes nothing; each row
 * is written with a compare-and-set on the values read, so a concurrent
 * write (a refresh, a reconnect) is never overwritten. Account rows are
 * re-read and written under the account's token lock.
 */
export async function rotateBatch(
  services: Pick<Services, "pool" | "vault" | "logger">,
  {
    table: name,
    afterId,
    batchSize,
  }: { table: CiphertextTableName; afterId: string | null; batchSize: number },
): Promise<RotateBatchResult> {
  const table = ciphertextTable(name);
  const { rows } = await services.pool.query<Row>(
    `SELECT id, ${table.columns.join(", ")} FROM ${table.table}
      WHERE $1::uuid IS NULL OR id > $1::uuid ORDER BY id LIMIT $2`,
    [afterId, batchSize],
  );
  let rotated = 0;
  let unreadable = 0;
  for (const row of rows) {
    const { stale, broken } = staleColumns(services.vault, table, row);
    unreadable += broken.length;
    for (const column of broken)
      services.logger.error(
        { table: table.table, id: row.id, column },
        "no key in ENCRYPTION_KEYS opens this value",
      );
    if (stale.length === 0) continue;
    const rotate = (client: ClientBase | Pool) => rotateRow(client, services.vault, table, row.id);
    rotated += table.accountLock
      ? await withAccountLock(services.pool, row.id, rotate)
      : await rotate(services.pool);
  }
  return {
    scanned: rows.length,
    rotated,
    unreadable,
    lastId: rows.length < batchSize ? null : (rows[rows.length - 1]?.id ?? null),
  };
}

/** Re-reads one row and rotates its stale values in one compare-and-set UPDATE; returns the values rotated. */
async function rotateRow(
  client: ClientBase | Pool,
  vault: TokenVault,
  table: CiphertextTable,
  id: string,
) {
  const { rows } = await client.query<Row>(
    `SELECT id, ${table.columns.join(", ")} FROM ${table.table} WHERE id = $1`,
    [id],
  );
  const row = rows[0];
  if (!row) return 0;
  const { stale } = staleColumns(vault, table, row);
  if (stale.length === 0) return 0;
  const values: unknown[] = [id];
  const sets = stale.map((column) => {
    values.push(vault.rotate(row[column]!));
    return `${column} = $${values.length}`;
  });
  const checks = stale.map((column) => {
    values.push(row[column]);
    return `${column} = $${values.length}`;
  });
  const result = await client.query(
    `UPDATE ${table.table} SET ${sets.join(", ")} WHERE id = $1 AND ${checks.join(" AND ")}`,
    values,
  );
  return result.rowCount === 1 ? stale.length : 0;
}

function staleColumns(vault: TokenVault, table: CiphertextTable, row: Row) {
  const stale: string[] = [];
  const broken: string[] = [];
  for (const column of table.columns) {
    const value = row[column];
    if (value === null || value === undefined) continue;
    try {
      if (vault.needsRotation(value)) stale.push(column);
    } catch (error) {
      if (!(error instanceof InvalidTokenError)) throw error;
      broken.push(column);
    }
  }
  return { stale, broken };
}
