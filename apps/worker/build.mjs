// Bundles the worker and its operator scripts into dist/ with esbuild, so
// production runs plain `node dist/main.mjs`: no tsx, no TypeScript loader,
// and one file to read at start instead of hundreds (see README, "Why a bundle").
// Every dependency is bundled: workspace packages export TypeScript source, and
// pnpm's strict node_modules would not let dist/ resolve their dependencies.
import { rm } from "node:fs/promises";

import { build } from "esbuild";

const root = import.meta.dirname;
await rm(`${root}/dist`, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: {
    main: "src/main.ts",
    "keys-status": "scripts/keys-status.ts",
    "keys-rotate": "scripts/keys-rotate.ts",
  },
  outdir: "dist",
  outExtension: { ".js": ".mjs" },
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node24",
  // Maps are written for debugging (`node --enable-source-maps dist/main.mjs`) but not loaded
  // in production: loading them doubles the cold start (README, "Why a bundle").
  sourcemap: "linked",
  legalComments: "none",
  logLevel: "warning",
  // pg's optional native binding is never installed. cosmiconfig (inside
  // graphile-worker) requires TypeScript only to read a .ts config file, which
  // the worker has none of: bundling it would add 10 MB parsed at every start.
  external: ["pg-native", "typescript"],
  // CommonJS dependencies inside an ESM bundle need a `require` of their own.
  banner: {
    js: "import { createRequire as __adsconnectCreateRequire } from 'node:module'; const require = __adsconnectCreateRequire(import.meta.url);",
  },
});
