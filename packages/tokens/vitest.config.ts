import { defineProject } from "vitest/config";

// One migrated database per run (@adsconnect/db-dev/testing); every test makes its own people and
// accounts, so files share it. Each file runs its own Amazon sandbox process.
export default defineProject({
  test: {
    name: "tokens",
    globalSetup: ["@adsconnect/db-dev/testing/global-setup"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
