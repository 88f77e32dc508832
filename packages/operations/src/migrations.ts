import { existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";

import type { Pool } from "pg";

/**
 * `prisma/migrations` in the nearest folder at or above `from` (default: the working directory,
 * which is `apps/<service>` under every start command), or null. Bundles and Next's build move
 * code around, so the folder is looked up from where the process runs, not from this file.
 */
export function findMigrationsDir(from: string = process.cwd()): string | null {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, "prisma", "migrations");
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return null;
  }
}

/** The migration folders' names (Prisma's `migration_name`), sorted as Prisma sorts them. */
export function migrationNames(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The names of `expected` that Prisma's ledger (`_prisma_migrations`, kept by `pnpm db:migrate`)
 * does not show as finished and not rolled back: every one when there is no ledger.
 */
export async function pendingMigrations(
  pool: Pick<Pool, "query">,
  expected: readonly string[],
): Promise<string[]> {
  const { rows: ledger } = await pool.query<{ present: boolean }>(
    `SELECT to_regclass('_prisma_migrations') IS NOT NULL AS present`,
  );
  if (!ledger[0]?.present) return [...expected];
  const { rows } = await pool.query<{ migration_name: string }>(
    `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
  );
  const applied = new Set(rows.map((row) => row.migration_name));
  return expected.filter((name) => !applied.has(name));
}
