import js from "@eslint/js";
import tseslint from "typescript-eslint";

const READ_ENV =
  "Read the environment only in a file named env.ts (a package's preset, an app's composition of them, or a harness's env.ts), so a bad environment fails in one place with one message.";
const WRITE_ENV =
  "Never write process.env: pass an env object (to createServices, to a preset's runtimeEnv, or to a child process's spawn options).";

// process.env.X (and process.env["X"]) as the target of a write.
/** @param {string} node */
const envMember = (node) =>
  `[${node}.object.object.name='process'][${node}.object.property.name='env']`;
/** @param {string} node */
const envItself = (node) => `[${node}.object.name='process'][${node}.property.name='env']`;

/**
 * Shared flat config. `process.env` is read only in files named env.ts (env.mjs
 * and env.cjs for plain-Node scripts), so a bad environment fails in one place
 * with one message, and it is written nowhere: configuration flows as objects.
 */
export default tseslint.config(
  {
    ignores: [
      "**/node_modules/**",
      "**/.next/**",
      "**/dist/**",
      "**/src/generated/**",
      "**/*.d.ts",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts", "**/*.tsx"],
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
    },
  },
  {
    // Every file, scripts and tests included.
    rules: {
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: READ_ENV },
      ],
      "no-restricted-syntax": [
        "error",
        { selector: `AssignmentExpression${envMember("left")}`, message: WRITE_ENV },
        { selector: `AssignmentExpression${envItself("left")}`, message: WRITE_ENV },
        { selector: `UpdateExpression${envMember("argument")}`, message: WRITE_ENV },
        {
          selector: `UnaryExpression[operator='delete']${envMember("argument")}`,
          message: WRITE_ENV,
        },
        {
          selector: `CallExpression[callee.object.name=/^(Object|Reflect)$/][callee.property.name=/^(assign|defineProperty|defineProperties|set|deleteProperty|setPrototypeOf)$/]${envItself("arguments.0")}`,
          message: WRITE_ENV,
        },
      ],
    },
  },
  {
    files: ["**/env.ts", "**/env.mjs", "**/env.cjs"],
    rules: { "no-restricted-properties": "off" },
  },
);
