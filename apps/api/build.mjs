// The machine API, bundled into dist/ (tooling/bundle).
import { bundleForNode } from "@adsconnect/bundle";

await bundleForNode({ root: import.meta.dirname, entryPoints: { main: "src/main.ts" } });
