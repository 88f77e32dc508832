import { defineProject } from "vitest/config";

// One migrated database per run (@adsconnect/db-dev/testing).
export default defineProject({
  test: {
    name: "workspaces",
    globalSetup: ["@adsconnect/db-dev/testing/global-setup"],
    // Every test talks to Postgres: on a shared, busy 2-core machine a round trip can take
    // seconds, and vitest's 5 s default then fails a test that is not wrong.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
