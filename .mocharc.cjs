// The unit suite (`npm run test:unit` runs it in two workers; `npx mocha` and `npm run test:watch`
// serially). The end-to-end suite is test/engine/mocharc.cjs.
const { longestFirst, testFiles } = require("./test/support/spec-order.cjs");

/** Each costs 10-30 s of CPU; the rest a few seconds at most. */
const LONGEST = [
    "test/review/member-preview.test.ts",
    "test/review/report-pr-comment.test.ts",
    "test/safety/nothing-lost.test.ts",
    "test/network/reachability.test.ts",
    "test/policypack/evaluator-conformance.test.ts",
    "test/data/landing-zone.test.ts",
    "test/review/runtime-calls.test.ts",
    "test/response/emulator-isolate-instance.test.ts",
];

module.exports = {
    require: ["./test/support/register.js"],
    extension: ["ts"],
    spec: longestFirst(testFiles("test", ["test/engine", "test/e2e"]), LONGEST),
    timeout: 120000,
    reporter: "spec",
};
