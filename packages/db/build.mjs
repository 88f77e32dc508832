// `pnpm db:migrate` (scripts/migrate.ts), bundled into dist/migrate.mjs (tooling/bundle):
// Railway's pre-deploy step runs plain node, no TypeScript loader.
import { bundleForNode } from "@adsconnect/bundle";

await bundleForNode({
  root: import.meta.dirname,
  entryPoints: { migrate: "scripts/migrate.ts" },
  sourcemap: false,
});
