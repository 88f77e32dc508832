import { defineProject } from "vitest/config";

// One fresh, migrated database per run (@adsconnect/db-dev/testing); tests use random user ids, so files share it.
export default defineProject({
  test: { name: "api", globalSetup: ["@adsconnect/db-dev/testing/global-setup"] },
});
