import { defineProject } from "vitest/config";

// Each test file clones the run's migrated database (the sweep sees every account in it) and runs
// its own Amazon sandbox process.
export default defineProject({
  test: {
    name: "worker",
    globalSetup: ["@adsconnect/db-dev/testing/global-setup", "./test/support/build-bundle.ts"],
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
