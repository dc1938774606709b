import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { CREATED_LEDGER_ENV } from "./aws-stand-in";

/**
 * The real Pulumi engine, run here: the CLI and language host from engine/install.sh, the stand-in
 * AWS provider (tools/aws-stand-in.ts) installed as the `aws` plugin, and a local file backend with
 * a passphrase secrets provider. Users with credentials run the same commands against AWS.
 */

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

/** What one `pulumi` command did. */
export interface CommandResult {
    readonly args: readonly string[];
    readonly status: number;
    readonly stdout: string;
    readonly stderr: string;
}

/** The @pulumi/aws version the program depends on: the engine asks for that plugin version. */
function awsPluginVersion(): string {
    return (JSON.parse(fs.readFileSync(path.join(REPO, "node_modules", "@pulumi", "aws", "package.json"), "utf8")) as { version: string }).version;
}

/**
 * A throwaway engine workspace for one program and stack: its own PULUMI_HOME (plugins), a file
 * backend, and a copy of the program directory (its entries linked, its stack files copied, since
 * `stack init` writes the passphrase salt into Pulumi.<stack>.yaml).
 */
export class EngineWorkspace {
    readonly root: string;
    readonly projectDir: string;
    readonly env: NodeJS.ProcessEnv;

    constructor(
        readonly programDir: string,
        readonly stack: string,
    ) {
        const bin = engineBinDir();
        this.root = fs.mkdtempSync(path.join(os.tmpdir(), `lz-engine-${stack}-`));
        this.projectDir = path.join(this.root, "project");
        const home = path.join(this.root, "home");
        const backend = path.join(this.root, "backend");
        for (const dir of [this.projectDir, home, backend]) fs.mkdirSync(dir, { recursive: true });
        for (const entry of fs.readdirSync(programDir)) {
            if (entry === ".git" || entry === ".pulumi") continue;
            const from = path.join(programDir, entry);
            if (/^Pulumi\.[^.]+\.ya?ml$/.test(entry)) fs.copyFileSync(from, path.join(this.projectDir, entry));
            else fs.symlinkSync(from, path.join(this.projectDir, entry));
        }
        // A program inside this repository (a test fixture) runs with the repository's dependencies.
        if (!fs.existsSync(path.join(this.projectDir, "node_modules")))
            fs.symlinkSync(path.join(REPO, "node_modules"), path.join(this.projectDir, "node_modules"));
        this.env = {
            ...process.env,
            PATH: `${bin}${path.delimiter}${process.env.PATH ?? ""}`,
            PULUMI_HOME: home,
            PULUMI_BACKEND_URL: `file://${backend}`,
            // The local backend's secrets key; the stacks themselves hold no secrets.
            PULUMI_CONFIG_PASSPHRASE: "landing-zone-engine-tests",
            PULUMI_SKIP_UPDATE_CHECK: "true",
            // Every plugin is local: never reach for a download.
            PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
            PULUMI_SKIP_CONFIRMATIONS: "true",
            NO_COLOR: "1",
            // What the stand-in AWS provider processes created: a create AWS would refuse is refused.
            [CREATED_LEDGER_ENV]: path.join(this.root, "aws-created"),
        };
        this.installStandInProvider();
        this.must(["stack", "init", stack, "--secrets-provider", "passphrase"]);
    }

    /** Installs the stand-in as the `aws` resource plugin at the version the program asks for. */
    private installStandInProvider(): void {
        const pluginDir = path.join(this.root, "aws-plugin");
        fs.mkdirSync(pluginDir);
        const script = path.join(pluginDir, "pulumi-resource-aws");
        fs.writeFileSync(script, `#!/bin/sh\nexec "${process.execPath}" "${path.join(REPO, "dist", "tools", "aws-stand-in.js")}" "$@"\n`, { mode: 0o755 });
        if (!fs.existsSync(path.join(REPO, "dist", "tools", "aws-stand-in.js"))) throw new EngineError("dist/ is not built: run npm run build first");
        this.must(["plugin", "install", "resource", "aws", awsPluginVersion(), "--file", pluginDir]);
    }

    /** How to start `pulumi <args>` in this workspace (the benchmarks start it themselves to sample it). */
    invocation(args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}): { file: string; args: string[]; cwd: string; env: NodeJS.ProcessEnv } {
        return { file: "pulumi", args: [...args, "--non-interactive"], cwd: this.projectDir, env: { ...this.env, ...extraEnv } };
    }

    /** Runs `pulumi <args>` in the project and returns what it did. */
    pulumi(args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}): CommandResult {
        const call = this.invocation(args, extraEnv);
        const run = spawnSync(call.file, call.args, { cwd: call.cwd, env: call.env, encoding: "utf8", maxBuffer: 1024 * 1024 * 1024 });
        if (run.error) throw new EngineError(`pulumi ${args.join(" ")}: ${run.error.message}`);
        return { args, status: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
    }

    /** Runs a command that must succeed. */
    must(args: readonly string[]): CommandResult {
        const result = this.pulumi(args);
        if (result.status !== 0) throw new EngineError(`pulumi ${args.join(" ")} exited ${result.status}:\n${result.stderr || result.stdout}`);
        return result;
    }

    /** Runs a preview or update with `--json` streaming engine events, and returns them parsed. */
    events(args: readonly string[]): { result: CommandResult; events: EngineEvent[] } {
        const result = this.pulumi(args.includes("--json") ? args : [...args, "--json"], { PULUMI_ENABLE_STREAMING_JSON_PREVIEW: "true" });
        return { result, events: parseEngineEvents(result.stdout) };
    }

    /** The stack's state as the engine recorded it. */
    exportState(): StateExport {
        return JSON.parse(this.must(["stack", "export"]).stdout) as StateExport;
    }

    dispose(): void {
        fs.rmSync(this.root, { recursive: true, force: true });
    }
}

/**
 * The events of `pulumi preview --json` with PULUMI_ENABLE_STREAMING_JSON_PREVIEW=true: one JSON object
 * per line (what pull-request.yml's cloud preview writes, and what the engine suite reads).
 */
export function parseEngineEvents(text: string): EngineEvent[] {
    const events: EngineEvent[] = [];
    for (const line of text.split("\n")) {
        if (!line.startsWith("{")) continue;
        try {
            events.push(JSON.parse(line) as EngineEvent);
        } catch {
            // Not an event line (a non-streamed JSON document spans lines).
        }
    }
    return events;
}

/** One engine event of `--json` streaming output (the fields the reports read). */
export interface EngineEvent {
    readonly sequence: number;
    readonly timestamp: number;
    readonly resourcePreEvent?: { metadata: StepMetadata };
    readonly policyEvent?: {
        resourceUrn?: string;
        message: string;
        policyName: string;
        policyPackName: string;
        enforcementLevel: "advisory" | "mandatory" | "remediate" | "disabled";
        severity?: string;
        /** The pack config's exceptions that matched the violation (a version 2 file): it fails nothing. */
        exceptions?: { id: string; reason: string }[];
    };
    readonly policyRemediationEvent?: { resourceUrn: string; policyName: string; policyPackName: string };
    readonly diagnosticEvent?: { urn?: string; message: string; severity: string };
    readonly summaryEvent?: { resourceChanges?: Record<string, number>; result?: string; durationSeconds?: number };
}

export interface StepMetadata {
    readonly op: string;
    readonly urn: string;
    readonly type: string;
    readonly provider?: string;
    readonly new?: { urn: string; type: string; parent?: string; provider?: string; inputs?: Record<string, unknown>; custom?: boolean };
    readonly old?: { urn: string; type: string; id?: string } | null;
    /** Top-level properties whose change the provider reported. */
    readonly diffs?: readonly string[] | null;
    readonly detailedDiff?: Record<string, unknown> | null;
}

/** `pulumi stack export`: the resources of the deployment, as the engine keeps them. */
export interface StateExport {
    readonly deployment: { resources?: StateResource[] };
}

export interface StateResource {
    readonly urn: string;
    readonly type: string;
    readonly custom: boolean;
    readonly id?: string;
    readonly parent?: string;
    readonly provider?: string;
    readonly protect?: boolean;
    readonly retainOnDelete?: boolean;
    readonly dependencies?: string[];
    readonly propertyDependencies?: Record<string, string[]>;
    readonly inputs?: Record<string, unknown>;
    readonly outputs?: Record<string, unknown>;
}

/** A provider reference `urn::id` without its id. */
export function providerUrn(ref: string | undefined): string | undefined {
    return ref ? ref.split("::").slice(0, -1).join("::") : undefined;
}

// ---------------------------------------------------------------------------------------------
// The workflows' engine commands.

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
            throw new EngineError(`${source}: pulumi/actions input ${key} is not translated to the CLI here (tools/engine.ts ACTION_INPUTS)`);
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
            throw new EngineError(`${source}: $${name} is not set by the job's or step's env (translate it in tools/engine.ts runStepCommands)`);
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
