// The unit suite (`npm run test:unit` runs it in two workers; `npx mocha` and `npm run test:watch`
// serially). The end-to-end suite is test/engine/mocharc.json.
const fs = require("fs");
const path = require("path");

/**
 * Workers take files in the order given: the longest first, so that neither worker is left with a
 * long file after the other has run out (each costs 10-30 s of CPU; the rest a few seconds at most).
 */
const LONGEST_FIRST = [
    "test/review/member-preview.test.ts",
    "test/review/report-pr-comment.test.ts",
    "test/safety/nothing-lost.test.ts",
    "test/network/reachability.test.ts",
    "test/policypack/evaluator-conformance.test.ts",
    "test/data/landing-zone.test.ts",
    "test/review/runtime-calls.test.ts",
    "test/response/emulator-isolate-instance.test.ts",
];

const IGNORED = ["test/engine", "test/e2e"];

function testFiles(dir) {
    return fs
        .readdirSync(dir, { withFileTypes: true })
        .flatMap((e) => {
            const file = path.posix.join(dir, e.name);
            if (e.isDirectory()) return IGNORED.includes(file) ? [] : testFiles(file);
            return e.name.endsWith(".test.ts") ? [file] : [];
        })
        .sort();
}

const files = testFiles("test");
const missing = LONGEST_FIRST.filter((f) => !files.includes(f));
if (missing.length > 0) throw new Error(`.mocharc.cjs: LONGEST_FIRST names files that do not exist: ${missing.join(", ")}`);

module.exports = {
    require: ["./test/support/register.js"],
    extension: ["ts"],
    spec: [...LONGEST_FIRST, ...files.filter((f) => !LONGEST_FIRST.includes(f))],
    timeout: 120000,
    reporter: "spec",
};
