import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "db-dev",
    include: ["test/**/*.test.ts"],
    // The same entry other packages use: a fresh migrated database per run.
    globalSetup: ["@adsconnect/db-dev/testing/global-setup"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
