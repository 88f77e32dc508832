import { defineProject } from "vitest/config";

// One migrated database per run (@adsconnect/db-dev/testing); every test makes its own workspace,
// endpoints and receivers (node:http on 127.0.0.1), so files share it.
export default defineProject({
  test: {
    name: "webhooks",
    globalSetup: ["@adsconnect/db-dev/testing/global-setup"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
