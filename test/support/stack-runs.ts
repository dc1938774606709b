import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { CapturedResource, ProgramRun } from "../../tools/captured-resources";
import { readStackFiles } from "../../tools/stack-files";
import { REPO } from "./preview";
import { sharedOnce } from "./run-cache";

/** Which role the member accounts' providers assume: `landing-zone:pipelineMode`. */
export type PipelineMode = "deploy" | "preview";

export interface StackRunOptions {
    readonly mode?: PipelineMode;
    /** Extra `landing-zone:*` config on top of the stack file (see endpointWith). */
    readonly config?: Readonly<Record<string, string>>;
}

/** Where a run's JSON lists the keys a resource's wireOutputChanges maps to undefined (inputs the outputs drop), which JSON cannot carry. */
const DROPPED_OUTPUTS = "droppedOutputs";

type RunJson = ProgramRun & { readonly resources: readonly (CapturedResource & { [DROPPED_OUTPUTS]?: string[] })[] };

/** A program run as JSON text, for another process. */
export function encodeRun(run: ProgramRun): string {
    return JSON.stringify({
        ...run,
        resources: run.resources.map((r) => ({
            ...r,
            [DROPPED_OUTPUTS]: Object.keys(r.wireOutputChanges ?? {}).filter((k) => r.wireOutputChanges![k] === undefined),
        })),
    });
}

/** The run encodeRun wrote, parsed: the dropped outputs are undefined again. */
export function decodeRun(json: RunJson): ProgramRun {
    for (const r of json.resources) for (const k of r[DROPPED_OUTPUTS] ?? []) (r.wireOutputChanges as Record<string, unknown>)[k] = undefined;
    return json;
}

/**
 * A repository stack's program (index.ts, as the language host runs it) under the capturing mock
 * runtime, in a process of its own (Pulumi's runtime state is process-global). Each stack, mode and
 * config runs once per test run (test/support/run-cache.ts): every test that reads what a stack
 * registers shares the run.
 */
export function stackRun(stack: string, options: StackRunOptions = {}): ProgramRun {
    const config = { ...options.config, "landing-zone:pipelineMode": options.mode ?? "deploy" };
    const key = JSON.stringify(["stack-run", stack, Object.entries(config).sort(([a], [b]) => a.localeCompare(b))]);
    const run = sharedOnce(key, (): RunJson => {
        // The program writes encodeRun's JSON.
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lz-stack-run-"));
        const out = path.join(dir, "run.json");
        try {
            const child = spawnSync(
                process.execPath,
                ["-r", "ts-node/register/transpile-only", path.join(__dirname, "stack-run-program.ts"), stack, JSON.stringify(config), out],
                { cwd: REPO, encoding: "utf8" },
            );
            if (child.status !== 0) throw new Error(`the ${stack} stack's program failed under the mock runtime (${key}):\n${child.stderr}`);
            return JSON.parse(fs.readFileSync(out, "utf8")) as RunJson;
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
    return decodeRun(run);
}

/** The stack's `landing-zone:endpoint` config with some of its options replaced, as extra config for stackRun. */
export function endpointWith(stack: string, options: Readonly<Record<string, unknown>>): Record<string, string> {
    const values = readStackFiles(REPO, stack).values as Record<string, unknown>;
    return { "landing-zone:endpoint": JSON.stringify({ ...(values["landing-zone:endpoint"] as object), ...options }) };
}

/** The organization a run creates: its id and the management account it is created in. */
export function organizationOf(run: ProgramRun): { readonly organizationId: string; readonly managementAccountId: string } {
    const organization = run.resources.find((r) => r.type === "aws:organizations/organization:Organization");
    if (!organization?.id || !organization.account) throw new Error(`the ${run.stack} run registers no organization`);
    return { organizationId: organization.id, managementAccountId: organization.account };
}

/** Logical account name by id, from the providers AccountProviders names `<account>-<region>`. */
export function accountNamesOf(run: ProgramRun): Record<string, string> {
    return Object.fromEntries(
        run.resources
            .filter((r) => r.type === "pulumi:providers:aws" && r.name.endsWith(`-${String(r.inputs.region)}`))
            .map((r) => [(JSON.parse(String(r.inputs.allowedAccountIds)) as string[])[0], r.name.slice(0, -`-${String(r.inputs.region)}`.length)]),
    );
}
