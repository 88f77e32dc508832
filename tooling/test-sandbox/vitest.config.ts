import { defineProject } from "vitest/config";

// Each test starts the sandbox as a child process (tsx compiles on start), so allow more time.
export default defineProject({
  test: { name: "test-sandbox", testTimeout: 30_000, hookTimeout: 30_000 },
});
