import { defineProject } from "vitest/config";

// Each file clones the run's migrated database: the status reads every heartbeat, job and
// account in it.
export default defineProject({
  test: {
    name: "operations",
    globalSetup: ["@adsconnect/db-dev/testing/global-setup"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
