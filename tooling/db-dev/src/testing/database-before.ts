import { cp, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { defaultMigrationsDir, lockfileName, migrateDatabase } from "@adsconnect/db/migrate";

import {
  createTestDatabase,
  type CreateTestDatabaseOptions,
  type TestDatabase,
} from "./test-database";

/**
 * A fresh database migrated with every migration of prisma/migrations that comes before
 * `migration` (by name, as the runner orders them), and none from it on: the schema a
 * deployed database had before that migration shipped. Apply the rest with
 * `migrateDatabase({ databaseUrl: db.url })`, the real runner. Drop the database when done.
 *
 * The earlier folders are copied to a temporary directory (removed here), so the runner
 * records them with the same checksums as the real folder's.
 */
export async function createDatabaseBefore(
  migration: string,
  options: Pick<CreateTestDatabaseOptions, "serverUrl" | "prefix"> = {},
): Promise<TestDatabase> {
  const names = (await readdir(defaultMigrationsDir, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
  if (!names.includes(migration)) throw new Error(`No migration named ${migration}`);
  const earlier = names.filter((name) => name < migration);

  const db = await createTestDatabase({ ...options, migrate: false });
  const dir = await mkdtemp(join(tmpdir(), "adsconnect-migrations-"));
  try {
    for (const name of [...earlier, lockfileName]) {
      await cp(join(defaultMigrationsDir, name), join(dir, name), { recursive: true });
    }
    await migrateDatabase({ databaseUrl: db.url, migrationsDir: dir });
    return db;
  } catch (error) {
    await db.drop();
    throw error;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
