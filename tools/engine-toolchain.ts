import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

/** Where the engine toolchain comes from, and the error raised when it cannot be had. */

/** The repository root, from tools/ (ts-node) or dist/tools/ (compiled). */
export const REPO = fs.existsSync(path.resolve(__dirname, "..", "package.json")) ? path.resolve(__dirname, "..") : path.resolve(__dirname, "..", "..");

/** Raised when the engine toolchain cannot be had or a command cannot start; the message says what to do. */
export class EngineError extends Error {}

let binDir: string | undefined;

/** The directory holding `pulumi` and `pulumi-language-nodejs`, installing them on first use. */
export function engineBinDir(): string {
    if (binDir) return binDir;
    const run = spawnSync("bash", [path.join(REPO, "engine", "install.sh")], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    const dir = run.stdout.trim().split("\n").pop() ?? "";
    if (run.status !== 0 || !fs.existsSync(path.join(dir, "pulumi")))
        throw new EngineError(`the engine toolchain is not installed and could not be built (npm run engine:install):\n${run.stderr.trim()}`);
    binDir = dir;
    return dir;
}
