// ESLint flat config: typescript-eslint's recommended rules on every TypeScript file, zero warnings allowed.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "out/**",
      "dist/**",
      "node_modules/**",
      ".code-server/**",
      ".vscode-test/**",
      "test/fixtures/**",
      "test/corpus/**",
      ".stryker-tmp/**",
      "reports/**",
      "test/nginx-tests/cases/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.mjs", "**/*.js"],
    languageOptions: {
      globals: {
        process: "readonly",
        console: "readonly",
        URL: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
      },
    },
  },
  {
    // CommonJS scripts (scripts/mutation-tests.cjs: Stryker's command runner loads compiled tests with require).
    files: ["**/*.cjs"],
    languageOptions: {
      sourceType: "commonjs",
      globals: { require: "readonly", module: "writable", __dirname: "readonly" },
    },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    files: ["client/**/*.ts"],
    rules: {
      // The client knows nothing of parsing: it only starts the server.
      "no-restricted-imports": ["error", { patterns: ["**/server/**"] }],
    },
  },
  {
    files: ["**/*.ts"],
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
);
