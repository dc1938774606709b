/**
 * The drift check's verdict from the plan `pulumi preview --refresh --save-plan` writes (the engine's
 * DeploymentPlanV1). drift.yml previews in pipelineMode=preview, so every member-account provider is
 * planned as an update of its `assumeRoles` (the preview role in place of the access role the state
 * records): that is how the check reads, not drift. Every other planned change is drift.
 *
 * Usage: node dist/tools/drift-plan.js <plan.json>; exit 0 without drift, 1 listing it, 2 on a bad file.
 */
import * as fs from "fs";

/** The parts of a saved plan the check reads. */
export interface SavedPlan {
    readonly resourcePlans?: Readonly<
        Record<
            string,
            {
                readonly goal?: {
                    readonly type?: string;
                    readonly inputDiff?: { readonly adds?: object; readonly deletes?: readonly string[]; readonly updates?: object };
                };
                readonly steps?: readonly string[];
            }
        >
    >;
}

/** Steps that change nothing: the refresh read itself, reads of data sources, unchanged resources. */
const NO_CHANGE = new Set(["same", "refresh", "read", "read-discard", "read-replacement"]);

/** The properties the preview mode changes on an AWS provider. */
const MODE_PROPERTIES = new Set(["assumeRoles"]);

/** Each planned change that is drift, as `<step> <urn> [<properties>]`. */
export function driftInPlan(plan: SavedPlan): string[] {
    const out: string[] = [];
    for (const [urn, resource] of Object.entries(plan.resourcePlans ?? {})) {
        const changes = (resource.steps ?? []).filter((s) => !NO_CHANGE.has(s));
        if (changes.length === 0) continue;
        const diff = resource.goal?.inputDiff ?? {};
        const properties = [...Object.keys(diff.adds ?? {}), ...(diff.deletes ?? []), ...Object.keys(diff.updates ?? {})].sort();
        const modeSwitch =
            resource.goal?.type === "pulumi:providers:aws" &&
            changes.every((s) => s === "update") &&
            properties.length > 0 &&
            properties.every((p) => MODE_PROPERTIES.has(p));
        if (!modeSwitch) out.push(`${changes.join(",")} ${urn}${properties.length > 0 ? ` [${properties.join(", ")}]` : ""}`);
    }
    return out.sort();
}

if (require.main === module) {
    const file = process.argv[2];
    let plan: SavedPlan;
    try {
        plan = JSON.parse(fs.readFileSync(file, "utf8")) as SavedPlan;
    } catch (err) {
        process.stderr.write(`drift-plan: cannot read the saved plan ${file ?? "(no file given)"}: ${(err as Error).message}\n`);
        process.exit(2);
    }
    const drift = driftInPlan(plan);
    if (drift.length === 0) {
        process.stdout.write(`No drift: ${Object.keys(plan.resourcePlans ?? {}).length} resources planned, no change but the preview mode's providers\n`);
    } else {
        process.stdout.write(`Drift: ${drift.length} planned change(s) between AWS, the state and the code:\n${drift.map((d) => `  ${d}`).join("\n")}\n`);
        process.exit(1);
    }
}
