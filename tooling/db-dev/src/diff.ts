import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

import {
  defaultMigrationsDir,
  defaultSchemaPath,
  lockfileContent,
  lockfileName,
  readMigrations,
} from "@adsconnect/db/migrate";

import { loadMigrationList, noFilters, openSchemaEngine, schemaFiles } from "./schema-engine";

export interface CreateMigrationOptions {
  /** Short snake_case name, e.g. `add_invoices`: the folder is `<timestamp>_<name>`. */
  name: string;
  /** Server for the engine's shadow database. Default: `postgresql://postgres@127.0.0.1:5432/postgres`. */
  databaseUrl?: string;
  /** Default: `<repo>/prisma/migrations`. */
  migrationsDir?: string;
  /** Default: `<repo>/prisma/schema.prisma`. */
  schemaPath?: string;
  /** When the folder is created. Default: now. */
  now?: Date;
}

export interface CreateMigrationResult {
  /** The new folder's name, or null when schema.prisma already matches the migrations. */
  migrationName: string | null;
  sql: string;
}

/** Prisma's folder prefix: UTC `YYYYMMDDHHMMSS`. */
export function migrationTimestamp(date: Date): string {
  return date.toISOString().replace(/\D/g, "").slice(0, 14);
}

/**
 * What `prisma migrate dev --create-only` does, offline: the engine replays
 * the migrations folder on a shadow database (or starts from empty when there
 * is none) and diffs that to schema.prisma; the SQL becomes the next folder.
 * (The engine's own `createMigration` fails in Wasm; its `diff` works.)
 */
export async function createMigration(
  options: CreateMigrationOptions,
): Promise<CreateMigrationResult> {
  const migrationsDir = options.migrationsDir ?? defaultMigrationsDir;
  const schemaPath = options.schemaPath ?? defaultSchemaPath;
  const slug = options.name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_|_$/g, "");
  if (!slug) throw new Error("A migration needs a name, e.g. `pnpm db:diff add_invoices`");

  await mkdir(migrationsDir, { recursive: true });
  if (!existsSync(join(migrationsDir, lockfileName))) {
    await writeFile(join(migrationsDir, lockfileName), lockfileContent);
  }
  const existing = await readMigrations(migrationsDir);

  const handle = await openSchemaEngine({
    databaseUrl: options.databaseUrl ?? "postgresql://postgres@127.0.0.1:5432/postgres",
  });
  let sql: string;
  try {
    const from =
      existing.length === 0
        ? ({ tag: "empty" } as const)
        : ({ tag: "migrations", ...(await loadMigrationList(migrationsDir)) } as const);
    const to = { tag: "schemaDatamodel", ...(await schemaFiles(schemaPath)) } as const;
    const result = await handle.engine.diff({
      from,
      to,
      script: true,
      exitCode: null,
      filters: noFilters,
    });
    sql = result.stdout ?? "";
  } finally {
    await handle.close();
  }

  if (isEmptyMigration(sql)) return { migrationName: null, sql };

  let stamp = migrationTimestamp(options.now ?? new Date());
  // Keep the order strict even if the clock is behind the newest folder.
  const newest = existing.at(-1)?.name.slice(0, 14);
  if (newest && stamp <= newest) stamp = String(BigInt(newest) + 1n);
  const migrationName = `${stamp}_${slug}`;
  await mkdir(join(migrationsDir, migrationName));
  await writeFile(join(migrationsDir, migrationName, "migration.sql"), sql);
  return { migrationName, sql };
}

/** The engine's script for "no changes" is a lone comment. */
function isEmptyMigration(sql: string): boolean {
  return (
    sql
      .split("\n")
      .filter((line) => line.trim() && !line.trim().startsWith("--"))
      .join("").length === 0
  );
}
