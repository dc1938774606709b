/** The repository's GitHub workflows, read as the runner reads them, and what the tests look up in them. */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { REPO } from "../support/preview";

export interface Step {
    name?: string;
    uses?: string;
    run?: string;
    if?: string;
    with?: Record<string, unknown>;
    env?: Record<string, string>;
    id?: string;
    "continue-on-error"?: boolean;
}
export interface Job {
    "runs-on": string;
    env?: Record<string, string>;
    needs?: string | string[];
    environment?: string;
    if?: string;
    permissions?: Record<string, string>;
    strategy?: { matrix: { stack?: string[]; include?: { stack: string }[] } };
    steps: Step[];
}
export interface Workflow {
    name: string;
    on: Record<string, unknown>;
    permissions?: Record<string, string>;
    jobs: Record<string, Job>;
}

export const DIR = path.join(REPO, ".github", "workflows");

export function load(file: string): Workflow {
    const doc = YAML.parseDocument(fs.readFileSync(path.join(DIR, file), "utf8"));
    assert.deepStrictEqual(doc.errors, [], `${file} is not valid YAML`);
    return doc.toJS() as Workflow;
}

export function stacksOf(job: Job): string[] {
    const m = job.strategy?.matrix;
    return (m?.stack ?? m?.include?.map((i) => i.stack) ?? []).slice().sort();
}

export function step(job: Job, predicate: (s: Step) => boolean, what: string): Step {
    const found = job.steps.find(predicate);
    assert.ok(found, `no step that ${what}`);
    return found!;
}

export const uses = (action: string) => (s: Step) => s.uses?.split("@")[0] === action;
export const runs = (pattern: RegExp) => (s: Step) => pattern.test(s.run ?? "");

/** The landing zone's stacks; each has its pack config at policypack/config/<stack>.json. */
export const STACKS = ["dev", "prod"];

/** One place a step runs the policy pack: for one stack, the packs and the configs it passes (in order). */
export interface PackUse {
    readonly where: string;
    readonly stack?: string;
    readonly packs: readonly string[];
    readonly configs: readonly string[];
}

/** A list input of pulumi/actions (policyPacks, policyPackConfigs): one entry per line or comma. */
export const listInput = (value: unknown): string[] =>
    value === undefined
        ? []
        : String(value)
              .split(/[\n,]/)
              .map((s) => s.trim())
              .filter(Boolean);

/** Values of a CLI flag in a shell script (`--flag value` or `--flag=value`). */
export const flagValues = (script: string, flag: string): string[] =>
    [...script.matchAll(new RegExp(`(?:^|\\s)${flag}(?:=|\\s+)("[^"]*"|'[^']*'|[^\\s]+)`, "g"))].map((m) => m[1].replace(/^["']|["']$/g, ""));

/**
 * Every step of a workflow that passes a policy pack (pulumi/actions' policyPacks, or a shell
 * `pulumi preview|up --policy-pack`), once per stack of its job's matrix with `${{ matrix.stack }}`
 * substituted, as GitHub would expand it.
 */
export function packUses(file: string, wf: Workflow): PackUse[] {
    const out: PackUse[] = [];
    for (const [id, job] of Object.entries(wf.jobs)) {
        const matrix = stacksOf(job);
        for (const s of job.steps) {
            const action = s.uses?.split("@")[0] === "pulumi/actions" && s.with?.policyPacks !== undefined;
            const script = s.run !== undefined && /--policy-pack(?![-\w])/.test(s.run) ? s.run : undefined;
            if (!action && script === undefined) continue;
            for (const m of matrix.length > 0 ? matrix : [undefined]) {
                const matrixed = (v: string) => (m === undefined ? v : v.replace(/\$\{\{\s*matrix\.stack\s*\}\}/g, m));
                // A script's $VAR / ${VAR} from the job's and step's env, as the runner sets them.
                const env: Record<string, string> = Object.fromEntries(Object.entries({ ...job.env, ...s.env }).map(([k, v]) => [k, matrixed(String(v))]));
                const expand = (v: string) => matrixed(v).replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (all, name: string) => env[name] ?? all);
                const stackName = action ? String(s.with?.["stack-name"] ?? "") : (flagValues(script!, "--stack")[0] ?? flagValues(script!, "-s")[0] ?? "");
                out.push({
                    where: `${file}/${id}/${s.name ?? "step"}${m ? ` (${m})` : ""}`,
                    stack: expand(stackName).split("/").pop() || undefined,
                    packs: action ? listInput(s.with?.policyPacks).map(expand) : flagValues(script!, "--policy-pack").map(expand),
                    configs: action ? listInput(s.with?.policyPackConfigs).map(expand) : flagValues(script!, "--policy-pack-config").map(expand),
                });
            }
        }
    }
    return out;
}

/** What is wrong with one use: every pack needs the config of the stack the step runs on, in the same position. */
export function packUseProblems(use: PackUse): string[] {
    if (!use.stack || !STACKS.includes(use.stack))
        return [`${use.where}: runs the policy pack on stack ${use.stack ?? "(none)"} (expected one of ${STACKS.join(", ")})`];
    const expected = `policypack/config/${use.stack}.json`;
    const problems: string[] = [];
    if (use.configs.length !== use.packs.length)
        problems.push(
            `${use.where}: ${use.packs.length} policy pack(s) but ${use.configs.length} config(s) (expected ${expected} for ${use.packs.join(", ")})`,
        );
    use.packs.forEach((pack, i) => {
        const config = use.configs[i];
        if (pack === "policypack" && config !== undefined && config !== expected)
            problems.push(`${use.where}: passes ${config} for stack ${use.stack} (expected ${expected})`);
    });
    if (use.configs.includes(expected) && !fs.existsSync(path.join(REPO, expected))) problems.push(`${use.where}: ${expected} does not exist`);
    return problems;
}

export function parseWorkflow(text: string): Workflow {
    return YAML.parse(text) as Workflow;
}
