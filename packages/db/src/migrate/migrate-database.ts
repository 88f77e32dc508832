import { randomUUID } from "node:crypto";

import pg from "pg";

import {
  CREATE_MIGRATIONS_TABLE,
  currentSchemaTables,
  ledgerExists,
  PRISMA_MIGRATE_LOCK_KEY,
  readLedger,
  recordFailed,
  recordFinished,
  recordStarted,
} from "./ledger";
import {
  defaultMigrationsDir,
  type MigrationFile,
  readMigrations,
  scriptMatchesChecksum,
} from "./migrations-dir";

export const DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

export interface MigrateDatabaseOptions {
  /** The database to migrate. Default: `postgresql://postgres@127.0.0.1:5432/postgres`. */
  databaseUrl?: string;
  /** Prisma Migrate's folder. Default: `<repo>/prisma/migrations`. */
  migrationsDir?: string;
  /** Progress lines ("applied 20261125_init", "nothing to apply"). Default: none. */
  log?: (message: string) => void;
  /** How long to wait for another migrator's lock before giving up. Default: 60 000 ms. */
  lockTimeoutMs?: number;
}

export interface MigrateDatabaseResult {
  /** Names of the migrations this call applied, in order; empty when up to date. */
  applied: string[];
}

export type MigrationErrorCode =
  | "schema-not-empty" // Prisma P3005
  | "failed-migration" // Prisma P3009
  | "checksum-mismatch" // what `prisma migrate dev/status` report as an edited migration
  | "migration-failed" // Prisma P3018
  | "lock-timeout";

/** A refusal or failure the person running migrations has to act on; `message` says how. */
export class MigrationError extends Error {
  override name = "MigrationError";
  constructor(
    readonly code: MigrationErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Apply pending migrations from Prisma Migrate's folder, keeping Prisma's
 * `_prisma_migrations` ledger as Prisma does. Each migration runs in its own
 * transaction. Holds Prisma's advisory lock throughout, so concurrent runs (of
 * this or `prisma migrate deploy`) apply each migration exactly once.
 *
 * Refuses, before applying anything, when a migration failed earlier (like
 * `migrate deploy`) or an applied migration's file changed (like `migrate dev`).
 */
export async function migrateDatabase(
  options: MigrateDatabaseOptions = {},
): Promise<MigrateDatabaseResult> {
  const log = options.log ?? (() => {});
  const migrations = await readMigrations(options.migrationsDir ?? defaultMigrationsDir);
  const client = new pg.Client({
    connectionString: options.databaseUrl ?? DEFAULT_DATABASE_URL,
    application_name: "adsconnect-migrate",
  });
  await client.connect();
  try {
    await acquireLock(client, options.lockTimeoutMs ?? 60_000, log);
    try {
      await ensureLedger(client);
      const pending = await pendingMigrations(client, migrations, log);
      if (pending.length === 0) {
        log("nothing to apply");
        return { applied: [] };
      }
      const applied: string[] = [];
      for (const migration of pending) {
        await applyMigration(client, migration);
        applied.push(migration.name);
        log(`applied ${migration.name}`);
      }
      return { applied };
    } finally {
      await client
        .query("SELECT pg_advisory_unlock($1)", [PRISMA_MIGRATE_LOCK_KEY])
        .catch(() => {});
    }
  } finally {
    await client.end();
  }
}

async function acquireLock(
  client: pg.Client,
  timeoutMs: number,
  log: (message: string) => void,
): Promise<void> {
  const { rows } = await client.query<{ locked: boolean }>(
    "SELECT pg_try_advisory_lock($1) AS locked",
    [PRISMA_MIGRATE_LOCK_KEY],
  );
  if (rows[0]?.locked) return;
  log("waiting for another migration run to finish");
  await client.query(`SET lock_timeout = ${Math.max(1, Math.round(timeoutMs))}`);
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PRISMA_MIGRATE_LOCK_KEY]);
  } catch (error) {
    if ((error as { code?: string }).code === "55P03") {
      throw new MigrationError(
        "lock-timeout",
        `Another migration run held the migrate lock (pg_advisory_lock ${PRISMA_MIGRATE_LOCK_KEY}) for over ${timeoutMs} ms`,
        { cause: error },
      );
    }
    throw error;
  } finally {
    await client.query("RESET lock_timeout");
  }
}

async function ensureLedger(client: pg.Client): Promise<void> {
  if (await ledgerExists(client)) return;
  const tables = await currentSchemaTables(client);
  if (tables.length > 0) {
    throw new MigrationError(
      "schema-not-empty",
      `The database schema is not empty (tables: ${tables.slice(0, 5).join(", ")}${tables.length > 5 ? ", ..." : ""}) ` +
        "and has no _prisma_migrations ledger (Prisma P3005). Migrate an empty database, or baseline this one " +
        "(https://pris.ly/d/migrate-baseline).",
    );
  }
  await client.query(CREATE_MIGRATIONS_TABLE);
}

async function pendingMigrations(
  client: pg.Client,
  migrations: MigrationFile[],
  log: (message: string) => void,
): Promise<MigrationFile[]> {
  const ledger = await readLedger(client);

  const failed = ledger.filter((row) => row.finished_at === null && row.rolled_back_at === null);
  if (failed.length > 0) {
    const details = failed
      .map((row) => {
        const logs = row.logs?.trim() ? ` with the following logs:\n${row.logs.trim()}` : "";
        return `The \`${row.migration_name}\` migration started at ${row.started_at.toISOString()} failed${logs}`;
      })
      .join("\n");
    throw new MigrationError(
      "failed-migration",
      "Found failed migrations in the target database; new migrations will not be applied (Prisma P3009).\n" +
        `${details}\n` +
        "Each migration runs in a transaction, so a failed one left no changes behind. Once fixed, mark it rolled back " +
        "(`prisma migrate resolve --rolled-back <name>`, or UPDATE _prisma_migrations SET rolled_back_at = now() " +
        "WHERE migration_name = '<name>' AND finished_at IS NULL) and run again.",
    );
  }

  const applied = new Map(
    ledger
      .filter((row) => row.rolled_back_at === null)
      .map((row) => [row.migration_name, row] as const),
  );
  const onDisk = new Set(migrations.map((migration) => migration.name));

  const edited = migrations.filter((m) => {
    const row = applied.get(m.name);
    return row !== undefined && !scriptMatchesChecksum(m.sql, row.checksum);
  });
  if (edited.length > 0) {
    throw new MigrationError(
      "checksum-mismatch",
      `Migration${edited.length > 1 ? "s" : ""} ${edited.map((m) => m.name).join(", ")} changed after ` +
        "being applied to this database: the checksum of migration.sql no longer matches _prisma_migrations. " +
        "Restore the applied file and put the change in a new migration (`pnpm db:diff <name>`).",
    );
  }

  const unknown = [...applied.keys()].filter((name) => !onDisk.has(name));
  if (unknown.length > 0) {
    log(`warning: applied but not in the migrations folder: ${unknown.join(", ")}`);
  }

  return migrations.filter((m) => !applied.has(m.name));
}

async function applyMigration(client: pg.Client, migration: MigrationFile): Promise<void> {
  const id = randomUUID();
  // Recorded before the script runs (and outside its transaction), as Prisma
  // does: a run that dies midway leaves a row with no finished_at.
  await recordStarted(client, { id, name: migration.name, checksum: migration.checksum });
  try {
    await client.query("BEGIN");
    await client.query(migration.sql);
    await recordFinished(client, id);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    const logs = applyErrorLogs(migration.name, error);
    await recordFailed(client, id, logs);
    throw new MigrationError("migration-failed", logs, { cause: error });
  }
}

/** Prisma's P3018 text, which `prisma migrate deploy` also stores in `logs`. */
function applyErrorLogs(name: string, error: unknown): string {
  const e = error as { code?: string; message?: string; position?: string };
  return (
    "A migration failed to apply. New migrations cannot be applied before the error is recovered from. " +
    "Read more about how to resolve migration issues in a production database: https://pris.ly/d/migrate-resolve\n\n" +
    `Migration name: ${name}\n\n` +
    `Database error code: ${e.code ?? "none"}\n\n` +
    `Database error:\n${e.message ?? String(error)}`
  );
}
