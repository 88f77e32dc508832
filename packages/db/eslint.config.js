import base from "@adsconnect/eslint-config/base";

export default [
  ...base,
  { ignores: [".cache/**", ".tmp/**"] },
  // Plain Node scripts (generate.mjs runs before TypeScript tooling exists).
  {
    files: ["**/*.mjs"],
    languageOptions: { globals: { process: "readonly", console: "readonly" } },
  },
];
