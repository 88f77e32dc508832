import { defineProject } from "vitest/config";

// The service as Railway runs it (apps/api/railway.json's start command, on its bundle), on this
// run's database and the Amazon sandbox process. The bundle is built first from the sources.
export default defineProject({
  test: {
    name: "api-service",
    globalSetup: ["@adsconnect/db-dev/testing/global-setup", "./test/support/build-bundle.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
