import { defineProject } from "vitest/config";

// HTTP tests (test/) and browser tests (e2e/: Chromium via playwright-core) against the production
// build (`next start`, as railway.json runs it), the machine API and the worker (their bundles, as
// their railway.json run them), a fresh database and the Amazon sandbox.
export default defineProject({
  test: {
    name: "web",
    include: ["test/**/*.test.ts", "e2e/**/*.test.ts"],
    globalSetup: [
      "@adsconnect/db-dev/testing/global-setup",
      "./test/support/ensure-build.ts",
      "./test/support/build-api-bundle.ts",
      "./test/support/build-worker-bundle.ts",
    ],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // What a page does by itself (focus moving back, a list refetching) can take seconds on two
    // busy shared cores; vitest's 1 s default for expect.poll failed correct steps there.
    expect: { poll: { timeout: 10_000 } },
    // Each file starts its own Next server: run them after the other projects,
    // two at a time, so they do not compete with the rest for two cores.
    maxWorkers: 2,
    sequence: { groupOrder: 1 },
  },
});
