// Vitest global setup: one fresh, migrated database per run, dropped after.
// In a package's vitest.config.ts:
//   test: { name: "api", globalSetup: ["@adsconnect/db/testing/global-setup"] }
// then in tests: `testDatabaseUrl()` from "@adsconnect/db/testing" (or `inject("databaseUrl")`).
import type { TestProject } from "vitest/node";

import "./provided-context";
import { createTestDatabase } from "./test-database";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const database = await createTestDatabase({
    log: (line) => console.log(`[db] ${line}`),
  });
  project.provide("databaseUrl", database.url);
  return () => database.drop();
}
