// The end-to-end suite (`npm run test:engine`): the real engine (test/engine/) and the CLIs as users
// run them (test/e2e/), in two workers, dist/ built once before they start.
const { longestFirst, testFiles } = require("../support/spec-order.cjs");

/** Each stack through the engine takes minutes; the rest well under one. */
const LONGEST = ["test/engine/prod.test.ts", "test/engine/dev.test.ts"];

module.exports = {
    require: ["./test/support/register.js", "./test/support/build-once.ts"],
    extension: ["ts"],
    spec: longestFirst([...testFiles("test/engine"), ...testFiles("test/e2e")], LONGEST),
    timeout: 3600000,
    reporter: "spec",
    parallel: true,
    jobs: 2,
};
