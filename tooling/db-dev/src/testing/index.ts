// `@adsconnect/db-dev/testing`: a test database for every package's tests.
//
// vitest.config.ts:  test: { name: "api", globalSetup: ["@adsconnect/db-dev/testing/global-setup"] }
// a test:            const db = createDb(testDatabaseUrl());
// For pnpm dev, import "@adsconnect/db-dev/embedded" instead: this module loads vitest.
import { inject } from "vitest";

import "./provided-context";
import { createTestDatabase, type TestDatabase } from "./test-database";

export {
  createTestDatabase,
  type CreateTestDatabaseOptions,
  type TestDatabase,
} from "./test-database";
export { createDatabaseBefore } from "./database-before";
export {
  PERSON_MADE_EVENT_TYPES,
  seedPreWorkspacesData,
  WORKSPACES_MIGRATION,
  type EncryptFor,
  type ExpectedKeyLookup,
  type PreWorkspacesData,
  type Queryable,
  type SeededAccount,
  type SeededApiKey,
  type SeededOAuthState,
} from "./pre-workspaces-data";
export {
  EMBEDDED_DEV_PORT,
  ensureDatabase,
  startEmbeddedPostgres,
  type EmbeddedPostgresServer,
  type EnsureDatabaseOptions,
  type EnsuredDatabase,
  type StartEmbeddedPostgresOptions,
} from "../embedded";

const missingSetup =
  'No test database: add globalSetup: ["@adsconnect/db-dev/testing/global-setup"] to this package\'s vitest.config.ts';

/** This run's migrated database, shared by the package's test files. */
export function testDatabaseUrl(): string {
  const url = inject("databaseUrl");
  if (!url) throw new Error(missingSetup);
  return url;
}

/**
 * A migrated database of one's own (a copy of the run's template), for a
 * test file that must not see other files' rows. Drop it when done:
 *   let db: TestDatabase; beforeAll(async () => (db = await cloneTestDatabase())); afterAll(() => db.drop());
 */
export async function cloneTestDatabase(): Promise<TestDatabase> {
  const template = inject("templateDatabaseUrl");
  if (!template) throw new Error(missingSetup);
  // Issue CREATE DATABASE from the run's database: a session on the template would block the copy.
  return createTestDatabase({ serverUrl: testDatabaseUrl(), template });
}
