import { defineConfig } from "vitest/config";

// Every package and app with tests has its own vitest.config.ts; one `vitest run`
// at the top runs them all and ends with one summary.
export default defineConfig({
  test: {
    projects: [
      "packages/*/vitest.config.ts",
      "apps/*/vitest.config.ts",
      "tooling/*/vitest.config.ts",
    ],
  },
});
