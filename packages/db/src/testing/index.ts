// `@adsconnect/db/testing`: a test database for every package's tests.
//
// vitest.config.ts:  test: { name: "api", globalSetup: ["@adsconnect/db/testing/global-setup"] }
// a test:            const db = createDb(testDatabaseUrl());
import { inject } from "vitest";

import "./provided-context";

export {
  createTestDatabase,
  type CreateTestDatabaseOptions,
  type TestDatabase,
} from "./test-database";
export {
  EMBEDDED_DEV_PORT,
  ensureDatabase,
  startEmbeddedPostgres,
  type EmbeddedPostgresServer,
  type EnsureDatabaseOptions,
  type EnsuredDatabase,
  type StartEmbeddedPostgresOptions,
} from "./embedded";

/** This run's migrated database, from `@adsconnect/db/testing/global-setup`. */
export function testDatabaseUrl(): string {
  const url = inject("databaseUrl");
  if (!url) {
    throw new Error(
      'No test database: add globalSetup: ["@adsconnect/db/testing/global-setup"] to this package\'s vitest.config.ts',
    );
  }
  return url;
}
