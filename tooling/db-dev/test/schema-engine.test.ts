import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

import { defaultMigrationsDir, migrateDatabase, readMigrations } from "@adsconnect/db/migrate";
import { describe, expect, it } from "vitest";

import { createMigration } from "../src/diff";
import { catalogDrift, engineDrift } from "../src/drift";
import { loadMigrationList, noFilters, openSchemaEngine } from "../src/schema-engine";
import { testDatabaseUrl } from "../src/testing";
import { connect, emptyDatabase, migratedDatabase, scratchCopy } from "./support/database";

describe("Prisma's Wasm schema engine and the runner", () => {
  it("engine sees a runner-migrated database as up to date and applies nothing", async () => {
    const db = await migratedDatabase();
    const migrationsList = await loadMigrationList(defaultMigrationsDir);
    const { engine, close } = await openSchemaEngine({ databaseUrl: db.url });
    try {
      expect(
        await engine.diagnoseMigrationHistory({
          migrationsList,
          optInToShadowDatabase: false,
          filters: noFilters,
        }),
      ).toEqual({
        editedMigrationNames: [],
        failedMigrationNames: [],
        hasMigrationsTable: true,
        history: null,
      });
      expect(await engine.applyMigrations({ migrationsList, filters: noFilters })).toEqual({
        appliedMigrationNames: [],
      });
    } finally {
      await close();
    }
  });

  it("runner sees an engine-migrated database (prisma migrate deploy) as up to date", async () => {
    const db = await emptyDatabase();
    const migrationsList = await loadMigrationList(defaultMigrationsDir);
    const { engine, close } = await openSchemaEngine({ databaseUrl: db.url });
    try {
      const { appliedMigrationNames } = await engine.applyMigrations({
        migrationsList,
        filters: noFilters,
      });
      expect(appliedMigrationNames).toEqual((await readMigrations()).map((m) => m.name));
    } finally {
      await close();
    }
    expect((await migrateDatabase({ databaseUrl: db.url })).applied).toEqual([]);
    const client = await connect(db.url);
    const { rows } = await client.query(
      "SELECT checksum, applied_steps_count, logs FROM _prisma_migrations",
    );
    const [init] = await readMigrations();
    expect(rows[0]).toEqual({ checksum: init!.checksum, applied_steps_count: 1, logs: null });
  });

  it("engine reports an edited migration the runner applied", async () => {
    const db = await migratedDatabase();
    const { migrationsDir } = await scratchCopy();
    const [first] = await readMigrations(migrationsDir);
    await writeFile(join(migrationsDir, first!.name, "migration.sql"), `${first!.sql}-- edited\n`);
    const { engine, close } = await openSchemaEngine({ databaseUrl: db.url });
    try {
      const diagnosis = await engine.diagnoseMigrationHistory({
        migrationsList: await loadMigrationList(migrationsDir),
        optInToShadowDatabase: false,
        filters: noFilters,
      });
      expect(diagnosis.editedMigrationNames).toEqual([first!.name]);
    } finally {
      await close();
    }
  });
});

describe("createMigration (pnpm db:diff)", () => {
  it("finds nothing to create: the committed migrations match schema.prisma", async () => {
    const { migrationsDir, schemaPath } = await scratchCopy();
    const result = await createMigration({
      name: "noop",
      migrationsDir,
      schemaPath,
      databaseUrl: testDatabaseUrl(),
    });
    expect(result.migrationName).toBeNull();
  });

  it("writes the next migration from a schema change, which migrates a database to match it", async () => {
    const { migrationsDir, schemaPath } = await scratchCopy();
    const schema = await readFile(schemaPath, "utf8");
    await writeFile(
      schemaPath,
      schema.replace(
        "  name      String?\n",
        '  name      String?\n  locale    String   @default("en")\n  @@index([email])\n',
      ),
    );

    const result = await createMigration({
      name: "Add locale",
      migrationsDir,
      schemaPath,
      databaseUrl: testDatabaseUrl(),
      now: new Date("2099-01-02T03:04:05Z"),
    });

    expect(result.migrationName).toBe("20990102030405_add_locale");
    const sql = await readFile(join(migrationsDir, result.migrationName!, "migration.sql"), "utf8");
    expect(sql).toContain(`ALTER TABLE "users" ADD COLUMN     "locale" TEXT NOT NULL DEFAULT 'en'`);
    expect(sql).toContain(`CREATE INDEX "users_email_idx" ON "users"("email")`);

    const db = await emptyDatabase();
    await migrateDatabase({ databaseUrl: db.url, migrationsDir });
    expect(await catalogDrift({ databaseUrl: db.url, schemaPath })).toEqual([]);
    expect(await engineDrift({ databaseUrl: db.url, schemaPath })).toBe("");
  });

  it("makes the first migration from an empty database: the committed init when it is the only one, else one that builds the same schema", async () => {
    const { dir, schemaPath } = await scratchCopy();
    const migrationsDir = join(dir, "fresh-migrations");

    const result = await createMigration({
      name: "init",
      migrationsDir,
      schemaPath,
      databaseUrl: testDatabaseUrl(),
    });

    const committed = await readMigrations();
    if (committed.length === 1) expect(result.sql).toBe(committed[0]!.sql);
    const db = await emptyDatabase();
    await migrateDatabase({ databaseUrl: db.url, migrationsDir });
    expect(await catalogDrift({ databaseUrl: db.url, schemaPath })).toEqual([]);
    expect(await readFile(join(migrationsDir, "migration_lock.toml"), "utf8")).toContain(
      'provider = "postgresql"',
    );
  });
});
