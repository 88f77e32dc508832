import { defineProject } from "vitest/config";

// One migrated database per run (@adsconnect/db-dev/testing).
export default defineProject({
  test: { name: "workspaces", globalSetup: ["@adsconnect/db-dev/testing/global-setup"] },
});
