import * as fs from "fs";
import { DIST_BUILT_ENV, ensureBuilt } from "./preview";
import { makeRunCacheDirectory, RUN_CACHE_ENV } from "./run-cache";

/**
 * The parallel unit run (`npm run test:unit`) builds dist/ once, before its workers start (a build
 * empties dist/ first, so two workers building on first use would pull it from under each other),
 * and gives them one directory to share stack runs and previews through.
 */
export function mochaGlobalSetup(): void {
    ensureBuilt();
    process.env[DIST_BUILT_ENV] = "1";
    process.env[RUN_CACHE_ENV] = makeRunCacheDirectory();
}

export function mochaGlobalTeardown(): void {
    const dir = process.env[RUN_CACHE_ENV];
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
}
