// Loads the TypeScript of the tests and of everything they import through esbuild (about a
// millisecond a file, where ts-node's TypeScript transpiler takes tens), with the repository's
// tsconfig and source-mapped stack traces. Types are checked by `npm run typecheck`, not here, as
// under ts-node's transpile-only mode.
//
// Programs the tests start in a process of their own with `node -r ts-node/register/transpile-only
// program.ts` get the same loader: this file puts itself in NODE_OPTIONS, so that it is preloaded
// ahead of that hook and stands in for it. Any other process the tests start (the compiled CLIs,
// which load workload programs with ts-node and its type-checking, as the engine does) keeps
// ts-node as it is.
"use strict";
const Module = require("module");

const TS_NODE_TRANSPILE_ONLY = "ts-node/register/transpile-only";

// Every process the tests start preloads this file, so it loads esbuild only where it compiles.
function compileTypeScriptWithEsbuild() {
    const esbuild = require("esbuild");
    const fs = require("fs");
    const path = require("path");
    const tsconfigRaw = fs.readFileSync(path.resolve(__dirname, "..", "..", "tsconfig.json"), "utf8");
    Module._extensions[".ts"] = function (module, filename) {
        const { code } = esbuild.transformSync(fs.readFileSync(filename, "utf8"), {
            loader: "ts",
            format: "cjs",
            platform: "node",
            target: `node${process.versions.node}`,
            sourcefile: filename,
            sourcemap: "inline",
            tsconfigRaw,
            // import() becomes require(), as the TypeScript compiler emits it for CommonJS.
            supported: { "dynamic-import": false },
        });
        module._compile(code, filename);
    };
    process.setSourceMapsEnabled(true);
}

/** The modules this process was started with `-r`/`--require`. */
function preloads() {
    const argv = process.execArgv;
    return argv.flatMap((arg, i) => (arg === "-r" || arg === "--require" ? [argv[i + 1]] : arg.startsWith("--require=") ? [arg.slice("--require=".length)] : []));
}

// `module.parent` tells a preload (NODE_OPTIONS) from the test runner's `--require`.
const preloaded = module.parent?.id === "internal/preload";
// A parallel run's workers inherit the runner's NODE_OPTIONS, so they preload this file, and mocha's
// own `--require` of it then finds it loaded: a worker compiles here.
const parallelWorker = /mocha[\\/]lib[\\/]nodejs[\\/]worker\.cjs$/.test(process.argv[1] ?? "");
if (!preloaded || parallelWorker) {
    // The test runner.
    compileTypeScriptWithEsbuild();
    const preload = `--require "${__filename}"`;
    if (!(process.env.NODE_OPTIONS ?? "").includes(preload)) process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ""} ${preload}`.trim();
} else if (preloads().includes(TS_NODE_TRANSPILE_ONLY)) {
    // A program a test started: ts-node's hook counts as loaded, this loader does its work.
    compileTypeScriptWithEsbuild();
    const hook = require.resolve(TS_NODE_TRANSPILE_ONLY, { paths: [process.cwd()] });
    const standIn = new Module(hook);
    standIn.filename = hook;
    standIn.loaded = true;
    Module._cache[hook] = standIn;
}
