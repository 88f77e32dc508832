import base from "@adsconnect/eslint-config/base";

export default [
  ...base,
  { ignores: ["next-env.d.ts", ".next/**", "e2e/screenshots/**"] },
  // Browser tests start processes with the test run's environment, like test/.
  { files: ["e2e/**"], rules: { "no-restricted-properties": "off" } },
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
