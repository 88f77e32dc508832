import base from "@adsconnect/eslint-config/base";

export default [
  ...base,
  { ignores: ["next-env.d.ts", ".next/**", "e2e/screenshots/**"] },
  {
    // The egress recorder is preloaded with `node --require`, so it is CommonJS.
    files: ["**/*.cjs"],
    languageOptions: {
      sourceType: "commonjs",
      globals: { require: "readonly", process: "readonly", module: "writable" },
    },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
];
