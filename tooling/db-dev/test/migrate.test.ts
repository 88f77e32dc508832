import { execFile, execFileSync } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";

import {
  defaultMigrationsDir,
  migrateDatabase,
  migrationChecksum,
  MigrationError,
  PRISMA_MIGRATE_LOCK_KEY,
  readMigrations,
} from "@adsconnect/db/migrate";
import { describe, expect, it } from "vitest";

import { inheritedEnv } from "./env";
import { collectLog, connect, emptyDatabase, scratchCopy } from "./support/database";

const run = promisify(execFile);

async function addMigration(migrationsDir: string, name: string, sql: string): Promise<void> {
  await mkdir(join(migrationsDir, name));
  await writeFile(join(migrationsDir, name, "migration.sql"), sql);
}

async function ledger(url: string) {
  const client = await connect(url);
  const { rows } = await client.query(
    "SELECT * FROM _prisma_migrations ORDER BY started_at, migration_name",
  );
  return rows as {
    id: string;
    checksum: string;
    migration_name: string;
    started_at: Date;
    finished_at: Date | null;
    rolled_back_at: Date | null;
    logs: string | null;
    applied_steps_count: number;
  }[];
}

describe("migrateDatabase", () => {
  it("applies every migration to an empty database and records each as Prisma does", async () => {
    const db = await emptyDatabase();
    const { lines, log } = collectLog();
    const migrations = await readMigrations();

    const result = await migrateDatabase({ databaseUrl: db.url, log });

    expect(result.applied).toEqual(migrations.map((m) => m.name));
    expect(lines).toEqual(migrations.map((m) => `applied ${m.name}`));
    const rows = await ledger(db.url);
    expect(rows).toHaveLength(migrations.length);
    for (const [i, row] of rows.entries()) {
      const file = await readFile(join(defaultMigrationsDir, row.migration_name, "migration.sql"));
      expect(row.migration_name).toBe(migrations[i]?.name);
      expect(row.checksum).toBe(migrationChecksum(file.toString("utf8")));
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(row.applied_steps_count).toBe(1);
      expect(row.logs).toBeNull();
      expect(row.rolled_back_at).toBeNull();
      expect(row.finished_at!.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
    }
  });

  it("creates _prisma_migrations with the columns Prisma's engine creates", async () => {
    const db = await emptyDatabase();
    await migrateDatabase({ databaseUrl: db.url });
    const client = await connect(db.url);
    const { rows } = await client.query(
      `SELECT column_name, data_type, character_maximum_length, is_nullable, column_default
       FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
    );
    expect(rows).toEqual([
      {
        column_name: "id",
        data_type: "character varying",
        character_maximum_length: 36,
        is_nullable: "NO",
        column_default: null,
      },
      {
        column_name: "checksum",
        data_type: "character varying",
        character_maximum_length: 64,
        is_nullable: "NO",
        column_default: null,
      },
      {
        column_name: "finished_at",
        data_type: "timestamp with time zone",
        character_maximum_length: null,
        is_nullable: "YES",
        column_default: null,
      },
      {
        column_name: "migration_name",
        data_type: "character varying",
        character_maximum_length: 255,
        is_nullable: "NO",
        column_default: null,
      },
      {
        column_name: "logs",
        data_type: "text",
        character_maximum_length: null,
        is_nullable: "YES",
        column_default: null,
      },
      {
        column_name: "rolled_back_at",
        data_type: "timestamp with time zone",
        character_maximum_length: null,
        is_nullable: "YES",
        column_default: null,
      },
      {
        column_name: "started_at",
        data_type: "timestamp with time zone",
        character_maximum_length: null,
        is_nullable: "NO",
        column_default: "now()",
      },
      {
        column_name: "applied_steps_count",
        data_type: "integer",
        character_maximum_length: null,
        is_nullable: "NO",
        column_default: "0",
      },
    ]);
  });

  it("applies nothing on a second run", async () => {
    const db = await emptyDatabase();
    await migrateDatabase({ databaseUrl: db.url });
    const before = await ledger(db.url);
    const { lines, log } = collectLog();

    const result = await migrateDatabase({ databaseUrl: db.url, log });

    expect(result.applied).toEqual([]);
    expect(lines).toEqual(["nothing to apply"]);
    expect(await ledger(db.url)).toEqual(before);
  });

  it("applies only the new migration when one is added", async () => {
    const db = await emptyDatabase();
    const { migrationsDir } = await scratchCopy();
    await migrateDatabase({ databaseUrl: db.url, migrationsDir });
    await addMigration(
      migrationsDir,
      "20990101000000_notes",
      'CREATE TABLE "notes" ("id" TEXT PRIMARY KEY);\n',
    );

    const result = await migrateDatabase({ databaseUrl: db.url, migrationsDir });

    expect(result.applied).toEqual(["20990101000000_notes"]);
    expect((await ledger(db.url)).map((r) => r.migration_name).at(-1)).toBe("20990101000000_notes");
  });

  it("applies each migration exactly once when two runs race in one process", async () => {
    const db = await emptyDatabase();
    const { migrationsDir } = await scratchCopy();
    // A slow migration makes the two runs overlap for certain.
    await addMigration(
      migrationsDir,
      "20990101000000_slow",
      'SELECT pg_sleep(0.5);\nCREATE TABLE "slow" ("id" INT);\n',
    );
    const all = (await readMigrations(migrationsDir)).map((m) => m.name);

    const results = await Promise.all([
      migrateDatabase({ databaseUrl: db.url, migrationsDir }),
      migrateDatabase({ databaseUrl: db.url, migrationsDir }),
    ]);

    expect(results.flatMap((r) => r.applied).sort()).toEqual(all);
    const names = (await ledger(db.url)).map((r) => r.migration_name);
    expect(names.sort()).toEqual(all);
  });

  it("applies each migration exactly once when two `pnpm db:migrate` processes race", async () => {
    const db = await emptyDatabase();
    const env = { ...inheritedEnv(), DATABASE_URL: db.url };
    // What `pnpm db:migrate` runs: @adsconnect/db's bundled script (node, no TypeScript loader).
    const dbPackage = join(import.meta.dirname, "..", "..", "..", "packages", "db");
    execFileSync(process.execPath, ["build.mjs"], { cwd: dbPackage, stdio: "inherit" });
    const script = join(dbPackage, "dist", "migrate.mjs");

    const outputs = await Promise.all([
      run(process.execPath, [script], { env }),
      run(process.execPath, [script], { env }),
    ]);

    const printed = outputs.map((o) => o.stdout.trim()).sort();
    const all = (await readMigrations()).map((m) => `applied ${m.name}`).join("\n");
    // One process applied everything; the other waited for the lock, then had nothing to do.
    expect(printed.some((out) => out.endsWith(all))).toBe(true);
    expect(printed.some((out) => out.endsWith("nothing to apply"))).toBe(true);
    const names = (await ledger(db.url)).map((r) => r.migration_name);
    expect(new Set(names).size).toBe(names.length);
  });

  it("waits for Prisma's advisory lock and gives up after lockTimeoutMs", async () => {
    const db = await emptyDatabase();
    const holder = await connect(db.url);
    await holder.query("SELECT pg_advisory_lock($1)", [PRISMA_MIGRATE_LOCK_KEY]);
    const { lines, log } = collectLog();

    const error = await migrateDatabase({ databaseUrl: db.url, log, lockTimeoutMs: 300 }).catch(
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(MigrationError);
    expect((error as MigrationError).code).toBe("lock-timeout");
    expect(lines).toContain("waiting for another migration run to finish");
    await holder.query("SELECT pg_advisory_unlock($1)", [PRISMA_MIGRATE_LOCK_KEY]);
    expect((await migrateDatabase({ databaseUrl: db.url })).applied.length).toBeGreaterThan(0);
  });

  it("refuses when an applied migration's file changed, and applies nothing", async () => {
    const db = await emptyDatabase();
    const { migrationsDir } = await scratchCopy();
    await migrateDatabase({ databaseUrl: db.url, migrationsDir });
    const [first] = await readMigrations(migrationsDir);
    await writeFile(
      join(migrationsDir, first!.name, "migration.sql"),
      `${first!.sql}\n-- edited\n`,
    );
    await addMigration(migrationsDir, "20990101000000_next", 'CREATE TABLE "next" ("id" INT);\n');

    const error = await migrateDatabase({ databaseUrl: db.url, migrationsDir }).catch(
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(MigrationError);
    expect((error as MigrationError).code).toBe("checksum-mismatch");
    expect((error as Error).message).toContain(first!.name);
    expect((await ledger(db.url)).map((r) => r.migration_name)).not.toContain(
      "20990101000000_next",
    );
  });

  it("accepts a migration whose line endings git converted (as Prisma does)", async () => {
    const db = await emptyDatabase();
    const { migrationsDir } = await scratchCopy();
    await migrateDatabase({ databaseUrl: db.url, migrationsDir });
    const [first] = await readMigrations(migrationsDir);
    await writeFile(
      join(migrationsDir, first!.name, "migration.sql"),
      first!.sql.replaceAll("\n", "\r\n"),
    );

    expect((await migrateDatabase({ databaseUrl: db.url, migrationsDir })).applied).toEqual([]);
  });

  it("records a failing migration like Prisma, rolls its changes back, and refuses until it is resolved", async () => {
    const db = await emptyDatabase();
    const { migrationsDir } = await scratchCopy();
    await migrateDatabase({ databaseUrl: db.url, migrationsDir });
    const bad = "20990101000000_bad";
    await addMigration(
      migrationsDir,
      bad,
      'CREATE TABLE "half" ("id" INT);\nSELECT * FROM "no_such_table";\n',
    );

    const error = await migrateDatabase({ databaseUrl: db.url, migrationsDir }).catch(
      (e: unknown) => e,
    );

    expect((error as MigrationError).code).toBe("migration-failed");
    const row = (await ledger(db.url)).find((r) => r.migration_name === bad)!;
    expect(row.finished_at).toBeNull();
    expect(row.rolled_back_at).toBeNull();
    expect(row.applied_steps_count).toBe(0);
    expect(row.logs).toContain("Migration name: 20990101000000_bad");
    expect(row.logs).toContain("Database error code: 42P01");
    const client = await connect(db.url);
    const half = await client.query(`SELECT to_regclass('public.half') AS t`);
    expect(half.rows[0].t).toBeNull(); // the migration's transaction rolled back

    // The next run refuses, like `prisma migrate deploy` (P3009)...
    const again = await migrateDatabase({ databaseUrl: db.url, migrationsDir }).catch(
      (e: unknown) => e,
    );
    expect((again as MigrationError).code).toBe("failed-migration");
    expect((again as Error).message).toContain(bad);

    // ...until it is marked rolled back (`prisma migrate resolve --rolled-back`) and fixed.
    await client.query(
      `UPDATE _prisma_migrations SET rolled_back_at = now() WHERE migration_name = $1`,
      [bad],
    );
    await writeFile(join(migrationsDir, bad, "migration.sql"), 'CREATE TABLE "half" ("id" INT);\n');
    expect((await migrateDatabase({ databaseUrl: db.url, migrationsDir })).applied).toEqual([bad]);
    const rows = (await ledger(db.url)).filter((r) => r.migration_name === bad);
    expect(rows.map((r) => [r.rolled_back_at === null, r.finished_at === null])).toEqual([
      [false, true],
      [true, false],
    ]);
  });

  it("refuses a database that has tables but no ledger (Prisma's P3005)", async () => {
    const db = await emptyDatabase();
    const client = await connect(db.url);
    await client.query('CREATE TABLE "legacy" ("id" INT)');

    const error = await migrateDatabase({ databaseUrl: db.url }).catch((e: unknown) => e);

    expect((error as MigrationError).code).toBe("schema-not-empty");
    expect((error as Error).message).toContain("legacy");
  });
});
