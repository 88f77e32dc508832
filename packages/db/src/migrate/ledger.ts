// Prisma Migrate's ledger, `_prisma_migrations`, written the way Prisma's
// schema engine writes it (sql-schema-connector: flavour/postgres.rs and
// sql_migration_persistence.rs), so `prisma migrate deploy` and this runner
// agree about what is applied.
import type pg from "pg";

export const MIGRATIONS_TABLE = "_prisma_migrations";

/** Prisma's advisory lock key for Migrate; taking the same one serializes with `prisma migrate deploy`. */
export const PRISMA_MIGRATE_LOCK_KEY = 72707369;

/** Byte for byte the DDL Prisma's engine runs on Postgres. */
export const CREATE_MIGRATIONS_TABLE = `CREATE TABLE _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
);
`;

export interface LedgerRow {
  id: string;
  checksum: string;
  finished_at: Date | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: Date | null;
  started_at: Date;
  applied_steps_count: number;
}

/** Whether the ledger exists in the connection's current schema (where Prisma looks for it). */
export async function ledgerExists(client: pg.ClientBase): Promise<boolean> {
  const { rows } = await client.query<{ exists: boolean }>(
    `SELECT EXISTS (
       SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE c.relkind = 'r' AND n.nspname = current_schema() AND c.relname = $1
     ) AS exists`,
    [MIGRATIONS_TABLE],
  );
  return rows[0]?.exists ?? false;
}

/** Tables in the current schema: Prisma refuses to start a ledger in a schema that already has some. */
export async function currentSchemaTables(client: pg.ClientBase): Promise<string[]> {
  const { rows } = await client.query<{ relname: string }>(
    `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind IN ('r', 'p') AND n.nspname = current_schema() ORDER BY 1`,
  );
  return rows.map((row) => row.relname);
}

export async function readLedger(client: pg.ClientBase): Promise<LedgerRow[]> {
  const { rows } = await client.query<LedgerRow>(
    `SELECT id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count
     FROM _prisma_migrations ORDER BY started_at, migration_name`,
  );
  return rows;
}

/** Prisma's `record_migration_started`: a row with no `finished_at` yet. */
export async function recordStarted(
  client: pg.ClientBase,
  row: { id: string; name: string; checksum: string },
): Promise<void> {
  await client.query(
    `INSERT INTO _prisma_migrations (id, checksum, started_at, migration_name) VALUES ($1, $2, clock_timestamp(), $3)`,
    [row.id, row.checksum, row.name],
  );
}

/** Prisma's `record_successful_step` then `record_migration_finished`. */
export async function recordFinished(client: pg.ClientBase, id: string): Promise<void> {
  await client.query(
    `UPDATE _prisma_migrations
     SET applied_steps_count = applied_steps_count + 1, finished_at = clock_timestamp()
     WHERE id = $1`,
    [id],
  );
}

/** Prisma's `record_failed_step`: the error goes to `logs`, `finished_at` stays null. */
export async function recordFailed(client: pg.ClientBase, id: string, logs: string): Promise<void> {
  await client.query(`UPDATE _prisma_migrations SET logs = $2 WHERE id = $1`, [id, logs]);
}
