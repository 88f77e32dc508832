import { defineProject } from "vitest/config";

// Tests spawn the Amazon sandbox as a child process (tsx compiles on start), so allow more time.
export default defineProject({
  test: { name: "amazon", testTimeout: 30_000, hookTimeout: 30_000 },
});
