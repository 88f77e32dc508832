// Bundles `pnpm db:migrate` (scripts/migrate.ts) into dist/migrate.mjs with
// esbuild: Railway's pre-deploy step runs plain node, no TypeScript loader.
import { rm } from "node:fs/promises";

import { build } from "esbuild";

const root = import.meta.dirname;
await rm(`${root}/dist`, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { migrate: "scripts/migrate.ts" },
  outdir: "dist",
  outExtension: { ".js": ".mjs" },
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node24",
  legalComments: "none",
  logLevel: "warning",
  external: ["pg-native"],
  banner: {
    js: "import { createRequire as __adsconnectCreateRequire } from 'node:module'; const require = __adsconnectCreateRequire(import.meta.url);",
  },
});
