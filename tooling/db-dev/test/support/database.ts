import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { defaultMigrationsDir, defaultSchemaPath } from "@adsconnect/db/migrate";
import pg from "pg";
import { afterEach } from "vitest";

import { createTestDatabase, type TestDatabase } from "../../src/testing";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** An empty (unmigrated) database, dropped after the test. */
export async function emptyDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase({ migrate: false, prefix: "adsconnect_test_db" });
  cleanups.push(db.drop);
  return db;
}

/** A migrated database, dropped after the test. */
export async function migratedDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase({ prefix: "adsconnect_test_db" });
  cleanups.push(db.drop);
  return db;
}

/** A copy of prisma/migrations (and optionally schema.prisma) in a temp folder the test may edit. */
export async function scratchCopy(): Promise<{
  dir: string;
  migrationsDir: string;
  schemaPath: string;
}> {
  const dir = await mkdtemp(join(tmpdir(), "adsconnect-db-test-"));
  const migrationsDir = join(dir, "migrations");
  const schemaPath = join(dir, "schema.prisma");
  await cp(defaultMigrationsDir, migrationsDir, { recursive: true });
  await writeFile(schemaPath, await readFile(defaultSchemaPath, "utf8"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return { dir, migrationsDir, schemaPath };
}

/** Run queries on a connection closed after the test. */
export async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  // A test may stop the server first; the client's "terminated" event is expected then.
  client.on("error", () => {});
  await client.connect();
  cleanups.push(() => client.end().catch(() => {}));
  return client;
}

export function collectLog(): { lines: string[]; log: (line: string) => void } {
  const lines: string[] = [];
  return { lines, log: (line) => lines.push(line) };
}
