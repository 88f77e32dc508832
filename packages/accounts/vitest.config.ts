import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "accounts",
    globalSetup: ["@adsconnect/db-dev/testing/global-setup"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
