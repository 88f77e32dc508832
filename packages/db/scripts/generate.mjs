// `prisma generate` offline: Prisma 7 tries to download its native schema
// engine even though generating the client never runs it. Pointing
// PRISMA_SCHEMA_ENGINE_BINARY at a stub executable skips the download.
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { inheritedEnv } from "./env.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..", "..");
const stub = join(here, "..", ".cache", "schema-engine-stub");
if (!existsSync(stub)) {
  mkdirSync(dirname(stub), { recursive: true });
  writeFileSync(stub, "#!/bin/sh\necho 'schema engine stub: use pnpm db:migrate' >&2\nexit 1\n");
  chmodSync(stub, 0o755);
}
execFileSync(
  "pnpm",
  ["exec", "prisma", "generate", "--schema", join(root, "prisma", "schema.prisma")],
  {
    cwd: join(here, ".."),
    stdio: "inherit",
    env: {
      PRISMA_SCHEMA_ENGINE_BINARY: stub,
      ...inheritedEnv(),
      PRISMA_HIDE_UPDATE_MESSAGE: "1",
      CHECKPOINT_DISABLE: "1",
    },
  },
);
