// The one esbuild setup behind every process that runs outside Next.js (the
// worker, the machine API, `db:migrate`): production runs plain `node dist/…`,
// with no tsx and no TypeScript loader (see the root README, "Why a bundle").
// Every dependency is bundled: workspace packages export TypeScript source, and
// pnpm's strict node_modules would not let dist/ resolve their dependencies.
import { rm } from "node:fs/promises";

import { build } from "esbuild";

/**
 * Empties `<root>/dist` and bundles `entryPoints` (name → source) into it as
 * ESM `.mjs` files for Node 24.
 * @param {{ root: string, entryPoints: Record<string, string>, sourcemap?: boolean }} options
 */
export async function bundleForNode({ root, entryPoints, sourcemap = true }) {
  await rm(`${root}/dist`, { recursive: true, force: true });
  await build({
    absWorkingDir: root,
    entryPoints,
    outdir: "dist",
    outExtension: { ".js": ".mjs" },
    bundle: true,
    splitting: Object.keys(entryPoints).length > 1,
    format: "esm",
    platform: "node",
    target: "node24",
    // Maps are written for debugging (`node --enable-source-maps dist/main.mjs`) but not
    // loaded in production: loading them doubles the worker's cold start (bench/cold-start).
    sourcemap: sourcemap ? "linked" : false,
    legalComments: "none",
    logLevel: "warning",
    // pg's optional native binding is never installed. cosmiconfig (inside graphile-worker)
    // requires TypeScript only to read a .ts config file, which no service has: bundling it
    // would add 10 MB parsed at every start.
    external: ["pg-native", "typescript"],
    // CommonJS dependencies inside an ESM bundle need a `require` of their own.
    banner: {
      js: "import { createRequire as __adsconnectCreateRequire } from 'node:module'; const require = __adsconnectCreateRequire(import.meta.url);",
    },
  });
}
