// The worker and its operator scripts, bundled into dist/ (tooling/bundle).
import { bundleForNode } from "@adsconnect/bundle";

await bundleForNode({
  root: import.meta.dirname,
  entryPoints: {
    main: "src/main.ts",
    "keys-status": "scripts/keys-status.ts",
    "keys-rotate": "scripts/keys-rotate.ts",
  },
});
