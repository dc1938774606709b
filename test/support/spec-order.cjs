// The order the test files of a suite are run in: mocha's parallel workers take files in the order
// given, so the longest go first, and neither worker is left with a long file after the other has
// run out. Used by .mocharc.cjs and test/engine/mocharc.cjs.
const fs = require("fs");
const path = require("path");

/** The `*.test.ts` files under a directory, in path order. */
function testFiles(dir, ignored = []) {
    return fs
        .readdirSync(dir, { withFileTypes: true })
        .flatMap((e) => {
            const file = path.posix.join(dir, e.name);
            if (e.isDirectory()) return ignored.includes(file) ? [] : testFiles(file, ignored);
            return e.name.endsWith(".test.ts") ? [file] : [];
        })
        .sort();
}

/** The files, the named longest first; a name that is not among the files fails loudly. */
function longestFirst(files, longest) {
    const missing = longest.filter((f) => !files.includes(f));
    if (missing.length > 0) throw new Error(`mocha config: the longest-first list names files that do not exist: ${missing.join(", ")}`);
    return [...longest, ...files.filter((f) => !longest.includes(f))];
}

module.exports = { testFiles, longestFirst };
