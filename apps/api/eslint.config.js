import base from "@adsconnect/eslint-config/base";

export default [
  ...base,
  {
    // The machine API serves internal apps: the dashboard's router (sessions) is the web app's.
    files: ["src/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "@adsconnect/api/dashboard",
              message:
                "The dashboard's router is the web app's; apps/api serves the machine router.",
            },
          ],
        },
      ],
    },
  },
];
