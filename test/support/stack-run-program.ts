/**
 * Runs the landing zone (index.ts) for one of the repository's stacks under the capturing mock runtime
 * and writes the whole run as JSON (see stack-runs.ts). Usage: <stack> <extra config as JSON> <output file>
 */
import * as fs from "fs";
import * as path from "path";
import { runProgram } from "../../tools/mock-runtime";
import { readStackFiles, runtimeConfig } from "../../tools/stack-files";
import { encodeRun } from "./stack-runs";

const REPO = path.resolve(__dirname, "..", "..");
const [stack, extraConfig, out] = process.argv.slice(2);
const files = readStackFiles(REPO, stack);

runProgram({
    project: files.project,
    stack: files.stack,
    config: { ...runtimeConfig(files.values), ...(JSON.parse(extraConfig) as Record<string, string>) },
    secretKeys: files.secretKeys,
    load: () => require(path.join(REPO, "index.ts")),
}).then((run) => fs.writeFileSync(out, encodeRun(run)));
