// Bundles the machine API into dist/ with esbuild, so production runs plain
// `node dist/main.mjs`: no tsx, no TypeScript loader, one file to read at start
// (as the worker does; see the root README, "Why a bundle"). Every dependency is
// bundled: workspace packages export TypeScript source, and pnpm's strict
// node_modules would not let dist/ resolve their dependencies.
import { rm } from "node:fs/promises";

import { build } from "esbuild";

const root = import.meta.dirname;
await rm(`${root}/dist`, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { main: "src/main.ts" },
  outdir: "dist",
  outExtension: { ".js": ".mjs" },
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node24",
  // Maps are written for debugging (`node --enable-source-maps dist/main.mjs`) but not loaded:
  // loading them costs start time and memory for every process.
  sourcemap: "linked",
  legalComments: "none",
  logLevel: "warning",
  // pg's optional native binding is never installed; nothing here needs TypeScript at run time.
  external: ["pg-native", "typescript"],
  // CommonJS dependencies inside an ESM bundle need a `require` of their own.
  banner: {
    js: "import { createRequire as __adsconnectCreateRequire } from 'node:module'; const require = __adsconnectCreateRequire(import.meta.url);",
  },
});
