import { defineProject } from "vitest/config";

// The tests start sandbox processes and wait on real sockets: on a shared, busy 2-core machine
// vitest's 5 s default failed a correct fault-injection test.
export default defineProject({
  test: { name: "amazon-sandbox", testTimeout: 30_000, hookTimeout: 30_000 },
});
