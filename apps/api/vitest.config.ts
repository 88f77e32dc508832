import { defineProject } from "vitest/config";

// The service as Railway runs it (apps/api/railway.json's start command, on its bundle), on this
// run's database and the Amazon sandbox process. The bundle is built first from the sources.
export default defineProject({
  test: {
    name: "api-service",
    globalSetup: ["@adsconnect/db-dev/testing/global-setup", "./test/support/build-bundle.ts"],
    // One file at a time: inline-refresh-load.test.ts measures latency (p99 under 200 ms), which
    // another file's service and sandbox processes running beside it on two cores would distort.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
