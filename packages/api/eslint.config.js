import base from "@adsconnect/eslint-config/base";

/** Neither surface imports the other's: they share the domain functions, src/trpc.ts and the context. */
const apart = (other, why) => ({
  "no-restricted-imports": [
    "error",
    { patterns: [{ group: [`**/${other}`, `**/${other}/**`], message: why }] },
  ],
});

export default [
  ...base,
  {
    files: ["src/dashboard/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: apart(
      "machine",
      "The dashboard's router never imports the machine router's code: share domain functions instead.",
    ),
  },
  {
    files: ["src/machine/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: apart(
      "dashboard",
      "The machine router never imports the dashboard's code: share domain functions instead.",
    ),
  },
];
