import { DIST_BUILT_ENV, ensureBuilt } from "./preview";

/**
 * The parallel unit run (`npm run test:unit`) builds dist/ once, before its workers start: a build
 * empties dist/ first, so two workers building on first use would pull it from under each other.
 */
export function mochaGlobalSetup(): void {
    ensureBuilt();
    process.env[DIST_BUILT_ENV] = "1";
}
