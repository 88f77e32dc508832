import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

import { wholeEnvironment } from "./env";

const webRoot = join(import.meta.dirname, "..", "..");

/**
 * The tests run the production build. `pnpm test` builds it first (turbo,
 * cached); a bare `vitest run` builds it here when there is none.
 */
export default function ensureBuild() {
  if (existsSync(join(webRoot, ".next", "BUILD_ID"))) return;
  execFileSync("pnpm", ["run", "build"], {
    cwd: webRoot,
    stdio: "inherit",
    env: { ...wholeEnvironment(), NEXT_TELEMETRY_DISABLED: "1" },
  });
}
