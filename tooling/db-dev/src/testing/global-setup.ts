// Vitest global setup: a migrated database per run, dropped after. In a
// package's vitest.config.ts:
//   test: { name: "api", globalSetup: ["@adsconnect/db-dev/testing/global-setup"] }
// then in tests: `testDatabaseUrl()` from "@adsconnect/db-dev/testing" (or `inject("databaseUrl")`),
// or `cloneTestDatabase()` for a database of a test file's own.
//
// Migrations run once, into a template nobody connects to; the run's database
// and every clone are copies of it (CREATE DATABASE ... TEMPLATE), which is fast.
import type { TestProject } from "vitest/node";

import "./provided-context";
import { createTestDatabase } from "./test-database";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const log = (line: string) => console.log(`[db] ${line}`);
  const template = await createTestDatabase({ prefix: "adsconnect_test_template", log });
  try {
    const run = await createTestDatabase({ serverUrl: template.serverUrl, template: template.url });
    project.provide("databaseUrl", run.url);
    project.provide("templateDatabaseUrl", template.url);
    return async () => {
      try {
        await run.drop();
      } finally {
        await template.drop();
      }
    };
  } catch (error) {
    await template.drop();
    throw error;
  }
}
