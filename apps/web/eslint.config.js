import base from "@adsconnect/eslint-config/base";

export default [
  ...base,
  { ignores: ["next-env.d.ts", ".next/**", "e2e/screenshots/**"] },
  {
    // The web app serves people: the machine router (API keys) is apps/api's, never mounted here.
    files: ["src/**/*.ts", "src/**/*.tsx"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "@adsconnect/api/machine",
              message: "The machine router is apps/api's; the web app serves the dashboard's.",
            },
          ],
        },
      ],
    },
  },
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
