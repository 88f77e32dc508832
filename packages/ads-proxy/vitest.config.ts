import { defineProject } from "vitest/config";

// One migrated database per run (@adsconnect/db-dev/testing); every test makes its own people and
// accounts. Each file runs its own Amazon sandbox process and serves the proxy on a free port.
export default defineProject({
  test: {
    name: "ads-proxy",
    globalSetup: ["@adsconnect/db-dev/testing/global-setup"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
