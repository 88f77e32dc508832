import { defineProject } from "vitest/config";

// One migrated database per run (@adsconnect/db/testing).
export default defineProject({
  test: { name: "services", globalSetup: ["@adsconnect/db/testing/global-setup"] },
});
