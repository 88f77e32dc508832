import { execFileSync } from "node:child_process";
import { join } from "node:path";

/**
 * The process tests start the worker as Railway does, from its bundle: build
 * it from the current sources first (esbuild, about a second), so a bare
 * `vitest run` never tests a stale dist/.
 */
export default function buildBundle() {
  execFileSync(process.execPath, ["build.mjs"], {
    cwd: join(import.meta.dirname, "..", ".."),
    stdio: "inherit",
  });
}
