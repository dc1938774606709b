import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { EngineError, REPO } from "./engine-toolchain";

/**
 * The workflows' engine commands: each `pulumi` command a GitHub workflow runs for a stack (pulumi/actions
 * steps and `pulumi` run steps), translated to the CLI arguments the engine tests run.
 */

/** One `pulumi` command a workflow runs for a stack, as the CLI arguments it comes to. */
export interface WorkflowCommand {
    /** `<workflow file>: <job> / <step>`, for messages. */
    readonly source: string;
    readonly command: string;
    /** CLI arguments after `pulumi`, stack included. */
    readonly args: readonly string[];
}

/** The pulumi/actions inputs this translation understands; any other input fails loudly. */
const ACTION_INPUTS = new Set([
    "command",
    "stack-name",
    "policyPacks",
    "policyPackConfigs",
    "refresh",
    "diff",
    "expect-no-changes",
    "plan",
    "message",
    "suppress-outputs",
    "comment-on-pr",
    "edit-pr-comment",
    "always-include-summary",
    "github-token",
    "upsert",
    "config-map",
]);

type Step = { name?: string; uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, unknown> };
type Job = {
    name?: string;
    env?: Record<string, unknown>;
    steps?: Step[];
    strategy?: { matrix?: { stack?: string[]; include?: { stack?: string }[] } };
};

/** `${{ ... }}` expressions the commands use, evaluated for one stack; others are left as written. */
function evaluate(text: string, stack: string, temp: string): string {
    return text
        .replace(/\$\{\{\s*matrix\.stack\s*\}\}/g, stack)
        .replace(/\$\{\{\s*vars\.PULUMI_ORG\s*\}\}/g, "organization")
        .replace(/\$\{\{\s*runner\.temp\s*\}\}/g, temp);
}

function list(value: unknown): string[] {
    if (value === undefined || value === null) return [];
    return String(value)
        .split(/[\n,]/)
        .map((s) => s.trim())
        .filter((s) => s.length > 0);
}

function truthy(value: unknown): boolean {
    return value === true || value === "true";
}

/** The stacks a job runs for: its matrix, or every stack when it has none. */
function jobStacks(job: Job): string[] | undefined {
    const matrix = job.strategy?.matrix;
    if (!matrix) return undefined;
    return [...(matrix.stack ?? []), ...(matrix.include ?? []).map((i) => i.stack).filter((s): s is string => typeof s === "string")];
}

/**
 * The CLI arguments pulumi/actions passes for a step's inputs: it drives the CLI through the
 * Automation API, whose `up` is `up --yes --skip-preview` and whose preview/up/refresh add one flag
 * per option (@pulumi/pulumi/automation/stack.js).
 */
export function actionArgs(
    inputs: Readonly<Record<string, unknown>>,
    stack: string,
    temp: string,
    source: string,
    env: Readonly<Record<string, unknown>> = {},
): { command: string; args: string[] } {
    for (const key of Object.keys(inputs))
        if (!ACTION_INPUTS.has(key))
            throw new EngineError(`${source}: pulumi/actions input ${key} is not translated to the CLI here (tools/workflow-commands.ts ACTION_INPUTS)`);
    const value = (key: string) => (inputs[key] === undefined ? undefined : evaluate(String(inputs[key]), stack, temp));
    const command = value("command") ?? "";
    const stackName = value("stack-name") ?? "";
    // The file backend has no organizations: `organization/<stack>` is the stack.
    const stackArg = stackName.replace(/^organization\//, "");
    if (stackArg !== stack) throw new EngineError(`${source}: stack-name ${stackName} does not name stack ${stack}`);
    const args: string[] = [];
    switch (command) {
        case "up":
            args.push("up", "--yes", "--skip-preview");
            break;
        case "preview":
        case "refresh":
        case "destroy":
            args.push(command);
            if (command !== "preview") args.push("--yes", "--skip-preview");
            break;
        default:
            throw new EngineError(`${source}: pulumi/actions command ${command || "(none)"} is not translated here`);
    }
    args.push("--stack", stackArg);
    if (truthy(inputs["expect-no-changes"])) args.push("--expect-no-changes");
    if (truthy(inputs.refresh) && command !== "refresh") args.push("--refresh");
    if (truthy(inputs.diff)) args.push("--diff");
    // The action sets config-map on the stack (setAllConfig) before running: the CLI's --config does the same.
    for (const [key, entry] of Object.entries(configMap(inputs["config-map"], source))) args.push("--config", `${key}=${entry}`);
    // The CLI reads PULUMI_RUN_PROGRAM from the step's environment as the default of --run-program.
    if (truthy(env.PULUMI_RUN_PROGRAM)) args.push("--run-program");
    if (inputs.message !== undefined && command === "up") args.push("--message", "workflow run");
    if (inputs.plan !== undefined) args.push(command === "preview" ? "--save-plan" : "--plan", value("plan")!);
    if (truthy(inputs["suppress-outputs"])) args.push("--suppress-outputs");
    const packs = list(value("policyPacks"));
    const configs = list(value("policyPackConfigs"));
    packs.forEach((pack, i) => {
        args.push("--policy-pack", pack);
        if (configs[i]) args.push("--policy-pack-config", configs[i]);
    });
    return { command, args };
}

/** The action's `config-map` input (YAML of `key: {value, secret}`); secrets are not translated here. */
function configMap(text: unknown, source: string): Record<string, string> {
    if (text === undefined) return {};
    const parsed = YAML.parse(String(text)) as Record<string, { value?: unknown; secret?: unknown }> | null;
    const out: Record<string, string> = {};
    for (const [key, entry] of Object.entries(parsed ?? {})) {
        if (entry?.secret === true || typeof entry?.value !== "string")
            throw new EngineError(`${source}: config-map entry ${key} is not a plain string value (expected {value: <string>, secret: false})`);
        out[key] = entry.value;
    }
    return out;
}

/** A stack command of the pulumi CLI in a run step: `pulumi` as a command word (a line's first, or after `;`, `&&`, `||`, `|`, `(`), not in a message. */
const CLI_COMMAND = /(^[ \t]*|[;&|(][ \t]*)pulumi\s+(preview|up|update|refresh|destroy|import)\b/m;

/** Shell text with its quoted strings blanked (same length), so a message naming `pulumi up` is not taken for the command. */
function unquoted(text: string): string {
    return text.replace(/'[^']*'|"(?:[^"\\]|\\.)*"/g, (q) => "_".repeat(q.length));
}

/**
 * The `pulumi <command> ...` lines of a run step's script as CLI arguments for one stack: words split
 * as bash splits them (quotes, backslash-newline continuations), `$VAR`/`${VAR}` expanded from the
 * job's and step's `env` (with `${{ matrix.stack }}`, `${{ vars.PULUMI_ORG }}` and `${{ runner.temp }}`
 * evaluated) and RUNNER_TEMP, up to the first redirection, pipe or list operator. A variable it cannot
 * expand, or a command substitution, fails loudly: the translation is exact or refused.
 */
export function runStepCommands(
    script: string,
    env: Readonly<Record<string, unknown>>,
    stack: string,
    temp: string,
    source: string,
): { command: string; args: string[] }[] {
    const vars: Record<string, string> = { RUNNER_TEMP: temp };
    for (const [k, v] of Object.entries(env)) vars[k] = evaluate(String(v), stack, temp);
    const expand = (name: string) => {
        if (!(name in vars))
            throw new EngineError(`${source}: $${name} is not set by the job's or step's env (translate it in tools/workflow-commands.ts runStepCommands)`);
        return vars[name];
    };
    const out: { command: string; args: string[] }[] = [];
    for (const line of script.replace(/\\\n/g, " ").split("\n")) {
        const m = CLI_COMMAND.exec(unquoted(line));
        if (!m || line.trimStart().startsWith("#")) continue;
        const words: string[] = [];
        let word: string | undefined;
        const text = line.slice(m.index + m[1].length + "pulumi".length);
        let i = 0;
        const variable = () => {
            // At a `$`: ${NAME} or $NAME.
            const braced = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}/.exec(text.slice(i));
            const bare = /^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(text.slice(i));
            const found = braced ?? bare;
            if (!found) throw new EngineError(`${source}: cannot translate ${text.slice(i, i + 20)} in a pulumi command`);
            i += found[0].length;
            return expand(found[1]);
        };
        scan: while (i < text.length) {
            const c = text[i];
            if (/\s/.test(c)) {
                if (word !== undefined) words.push(word);
                word = undefined;
                i++;
            } else if ("><|;&".includes(c)) {
                break scan;
            } else if (c === "'") {
                const end = text.indexOf("'", i + 1);
                word = (word ?? "") + text.slice(i + 1, end);
                i = end + 1;
            } else if (c === '"') {
                word = word ?? "";
                i++;
                while (i < text.length && text[i] !== '"') {
                    if (text[i] === "$") word += variable();
                    else if (text[i] === "`") throw new EngineError(`${source}: command substitution in a pulumi command is not translated`);
                    else word += text[i++];
                }
                i++;
            } else if (c === "$") {
                word = (word ?? "") + variable();
            } else if (c === "`") {
                throw new EngineError(`${source}: command substitution in a pulumi command is not translated`);
            } else {
                word = (word ?? "") + c;
                i++;
            }
        }
        if (word !== undefined) words.push(word);
        const [command, ...rest] = words;
        const args = [command, ...rest.filter((w) => w !== "--non-interactive")];
        // The file backend has no organizations: `organization/<stack>` is the stack.
        for (const flag of ["--stack", "-s"]) {
            const at = args.indexOf(flag);
            if (at >= 0) args[at + 1] = args[at + 1].replace(/^organization\//, "");
        }
        const at = Math.max(args.indexOf("--stack"), args.indexOf("-s"));
        if (at < 0) throw new EngineError(`${source}: pulumi ${command} names no --stack`);
        if (args[at + 1] !== stack) continue;
        out.push({ command: command === "update" ? "up" : command, args });
    }
    return out;
}

/** Every engine command the workflows run for a stack: pulumi/actions steps and `pulumi` run steps. */
export function workflowCommands(stack: string, temp: string, workflowsDir = path.join(REPO, ".github", "workflows")): WorkflowCommand[] {
    const out: WorkflowCommand[] = [];
    for (const file of fs
        .readdirSync(workflowsDir)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort()) {
        const doc = YAML.parse(fs.readFileSync(path.join(workflowsDir, file), "utf8")) as { jobs?: Record<string, Job> };
        for (const [jobId, job] of Object.entries(doc.jobs ?? {})) {
            const stacks = jobStacks(job);
            for (const step of job.steps ?? []) {
                const source = `${file}: ${jobId} / ${step.name ?? step.uses ?? "step"}`;
                if (step.uses?.startsWith("pulumi/actions@")) {
                    const inputs = step.with ?? {};
                    // Without a command the action only installs the CLI (a later run step uses it).
                    if (inputs.command === undefined) continue;
                    const named = String(inputs["stack-name"] ?? "");
                    const forStack = named.includes("matrix.stack") ? (stacks ?? []).includes(stack) : named.endsWith(`/${stack}`) || named === stack;
                    if (!forStack) continue;
                    const { command, args } = actionArgs(inputs, stack, temp, source, step.env ?? {});
                    out.push({ source, command, args });
                } else if (step.run && CLI_COMMAND.test(unquoted(step.run))) {
                    if (stacks !== undefined && !stacks.includes(stack)) continue;
                    for (const c of runStepCommands(step.run, { ...job.env, ...step.env }, stack, temp, source)) out.push({ source, ...c });
                }
            }
        }
    }
    return out;
}
