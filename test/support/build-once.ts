import { ensureBuilt } from "./preview";

/**
 * Builds dist/ before any test file loads: in a parallel run, before the workers start, since a build
 * empties dist/ first and two workers building at once would pull it from under each other.
 */
export function mochaGlobalSetup(): void {
    ensureBuilt();
}
