import { runProgram } from "../../tools/mock-runtime";
import type { CapturedResource } from "../../tools/captured-resources";
import type { LandingZoneConfig } from "../../stacks/config";
import { buildLandingZone } from "../../stacks/landing-zone";

/** A whole-landing-zone run under the mock runtime, with resources placed by account name and region. */
export interface LandingZoneRun {
    readonly resources: readonly CapturedResource[];
    /** Account logical name by placeholder account id (member accounts and management). */
    readonly accountNames: ReadonlyMap<string, string>;
    /** Custom resources of a type, with the logical account they land in. */
    of(type: string): { readonly r: CapturedResource; readonly account: string; readonly region: string }[];
}

const runs = new Map<string, LandingZoneRun>();

/** Builds the whole landing zone for a config under the offline preview's mock runtime (memoised per config). */
export async function runLandingZone(config: LandingZoneConfig): Promise<LandingZoneRun> {
    const key = JSON.stringify(config);
    const cached = runs.get(key);
    if (cached) return cached;
    const result = await buildRun(config);
    runs.set(key, result);
    return result;
}

async function buildRun(config: LandingZoneConfig): Promise<LandingZoneRun> {
    const run = await runProgram({
        project: "landing-zone",
        stack: config.environment,
        config: {},
        load: async () => {
            await buildLandingZone(config);
        },
    });
    const accountNames = new Map<string, string>([[config.managementAccountId, "management"]]);
    for (const r of run.resources) {
        if (r.type === "aws:organizations/account:Account" && r.id) accountNames.set(r.id, String((r.inputs.tags as Record<string, string>).AccountName));
    }
    return {
        resources: run.resources,
        accountNames,
        of: (type) =>
            run.resources
                .filter((r) => r.type === type)
                .map((r) => ({ r, account: accountNames.get(r.account ?? "") ?? `unknown:${r.account}`, region: r.region ?? "unknown" })),
    };
}

/** Every logical member account name in a config (core and workload). */
export function memberAccounts(config: LandingZoneConfig): string[] {
    return [...Object.values(config.organization.coreAccounts).map((a) => a.name), ...config.organization.workloadAccounts.map((a) => a.name)];
}

/** A deep copy of a config, for tests that edit it. */
export function cloneConfig(config: LandingZoneConfig): LandingZoneConfig {
    return JSON.parse(JSON.stringify(config)) as LandingZoneConfig;
}
