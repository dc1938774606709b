import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ConfigError, namespacedConfig, parseLandingZoneConfig } from "../stacks/config";
import { readPolicyPackConfig } from "../stacks/policy-pack";
import { EngineWorkspace } from "./engine";
import { EngineError } from "./engine-toolchain";
import { workflowCommands } from "./workflow-commands";
import { engineReport } from "./engine-report";
import { runProgram } from "./mock-runtime";
import type { PriorState, ProgramRun } from "./captured-resources";
import { applyExceptions, expandPolicyConfig, PolicyPackConfigFile } from "./policy-engine";
import { PolicyEvaluator } from "./policy-evaluator";
import { loadPackDefinition, packInfo } from "./pack-definition";
import { BaselineError, diffReports, PreviewDiff } from "./diff";
import { buildReport, RemediationLookup, renderText, reviewVerdict } from "./report";
import type { PreviewReport } from "./report-model";
import { renderReviewMarkdown } from "./review";
import { StackFileError, StackFiles, readStackFiles, runtimeConfig } from "./stack-files";
import { errorText, InputError, parseCommandLine } from "./cli-args";

/** Exit codes shared by the preview and the analyzer. */
export const EXIT = { ok: 0, mandatoryViolations: 1, invalidInput: 2 } as const;

/** The compiled repository: this file lives in dist/tools/. */
const DIST = path.resolve(__dirname, "..");
const REPO = path.resolve(DIST, "..");
const PACK_DIR = path.join(REPO, "policypack");

export interface PreviewOptions {
    readonly programDir: string;
    readonly stack: string;
    readonly configFile?: string;
    /** Loads the program (its exports become stack outputs). */
    readonly load: () => unknown;
    /** The @pulumi/pulumi the program loads, when not ours (see runProgram). */
    readonly sdk?: string;
    /** Validates the stack's config before anything runs and returns the pack config to evaluate with; throws ConfigError. */
    readonly validate?: (files: StackFiles, source: string, programDir: string) => PolicyPackConfigFile;
    readonly progress?: (line: string) => void;
    /** What the stack holds before the preview (default: the program's resources, deployed). */
    readonly priorState?: PriorState;
}

/** Runs a program offline and evaluates the landing zone's policy pack on what it registers. */
export async function previewProgram(opts: PreviewOptions): Promise<{
    report: PreviewReport;
    remediation: RemediationLookup;
    /** Multi-language components, whose children are not seen. */ unseen: readonly string[];
}> {
    const progress = opts.progress ?? (() => undefined);
    const files = readStackFiles(opts.programDir, opts.stack, opts.configFile);
    const packConfig = opts.validate ? opts.validate(files, path.relative(process.cwd(), files.configFile) || files.configFile, opts.programDir) : {};

    progress(`Running ${files.project} (stack ${files.stack}) under the mock runtime...`);
    const failures: unknown[] = [];
    const onRejection = (reason: unknown) => failures.push(reason);
    process.on("unhandledRejection", onRejection);
    let run: ProgramRun;
    try {
        run = await runProgram({
            priorState: opts.priorState,
            project: files.project,
            stack: files.stack,
            config: runtimeConfig(files.values),
            secretKeys: files.secretKeys,
            load: opts.load,
            sdk: opts.sdk,
            onProgress: (n) => progress(`  ${n} resources registered`),
        });
    } catch (err) {
        throw new InputError(`the program failed: ${errorText(err)}`);
    } finally {
        process.off("unhandledRejection", onRejection);
    }
    if (failures.length > 0) throw new InputError(`the program failed: ${failures.map(errorText).join("; ")}`);
    progress(`  ${run.resources.length} registrations captured`);

    progress("Evaluating the policy pack...");
    const pack = loadPackDefinition(PACK_DIR, path.join(DIST, "policypack", "pack.js"));
    const info = packInfo(pack);
    const effective = expandPolicyConfig(packConfig, info.policies);
    const stackUrn =
        run.resources.find((r) => r.type === "pulumi:pulumi:Stack")?.urn ??
        `urn:pulumi:${run.stack}::${run.project}::pulumi:pulumi:Stack::${run.project}-${run.stack}`;
    // The pack's policies run directly, with the analyzer's semantics (test/policypack/evaluator-conformance.test.ts holds it to the library's handlers).
    const { violations, remediations } = await new PolicyEvaluator(pack, PACK_DIR, effective).evaluate(run.resources, stackUrn);
    // The config file's exceptions (a version 2 file) are matched to the violations as the engine matches them.
    const report = buildReport(run, info, info.policies, effective, applyExceptions(violations, packConfig), remediations);
    return { report, remediation: remediationLookup(), unseen: run.resources.filter((r) => r.remote).map((r) => `${r.type} ${r.name}`) };
}

/**
 * The same preview through the real engine (tools/engine.ts): the pull-request workflow's own
 * `pulumi preview` command, against the stand-in provider and a throwaway local backend. A preview
 * of the deployed stack first deploys it there with the deploy workflow's `pulumi up`.
 */
export async function enginePreview(
    stack: string,
    priorState: PriorState,
    progress: (line: string) => void,
): Promise<{ report: PreviewReport; remediation: RemediationLookup }> {
    const files = readStackFiles(REPO, stack);
    const packConfig = validateLandingZone(files, path.relative(process.cwd(), files.configFile) || files.configFile, REPO);
    const info = packInfo(loadPackDefinition(PACK_DIR, path.join(DIST, "policypack", "pack.js")));
    const temp = fs.mkdtempSync(path.join(os.tmpdir(), "lz-engine-preview-"));
    const commands = workflowCommands(stack, temp);
    const command = (file: string, name: string) => {
        const found = commands.find((c) => c.source.startsWith(`${file}:`) && c.command === name);
        if (!found) throw new InputError(`${file} runs no pulumi ${name} for stack ${stack}`);
        return found.args;
    };
    progress(`Starting the engine (${files.project}, stack ${stack}) against the stand-in AWS provider and a local backend...`);
    const ws = new EngineWorkspace(REPO, stack);
    try {
        if (priorState === "deployed") {
            progress("Deploying the stack to the local backend (deploy.yml's pulumi up), so the preview sees it deployed...");
            const up = ws.pulumi(command("deploy.yml", "up"));
            if (up.status !== 0) throw new InputError(`pulumi up exited ${up.status}:\n${(up.stderr || up.stdout).slice(-4000)}`);
        }
        progress("Previewing with the engine (pull-request.yml's pulumi preview)...");
        const { result, events } = ws.events(command("pull-request.yml", "preview"));
        if (!events.some((e) => e.summaryEvent))
            throw new InputError(`pulumi preview exited ${result.status}:\n${(result.stderr || result.stdout).slice(-4000)}`);
        const effective = expandPolicyConfig(packConfig, info.policies);
        const report = engineReport(events, { project: files.project, stack, pack: info, policies: info.policies, effective });
        return { report, remediation: remediationLookup() };
    } finally {
        ws.dispose();
        fs.rmSync(temp, { recursive: true, force: true });
    }
}

/** Remediation text from the pack's policy definitions. */
export function remediationLookup(): RemediationLookup {
    const { allPolicies } = require(path.join(DIST, "policypack", "policies", "index.js")) as { allPolicies: { name: string; remediation?: string }[] };
    const byName = new Map(allPolicies.map((p) => [p.name, p.remediation]));
    return (policy) => byName.get(policy);
}

/**
 * The landing zone's own config check: the stack config and the stack's pack config file
 * (policypack/config/<stack>.json, the file every workflow passes as --policy-pack-config) must
 * validate together. Returns that file's content unchanged: the pack is evaluated with exactly it.
 */
export function validateLandingZone(files: StackFiles, source: string, programDir: string): PolicyPackConfigFile {
    const config = parseLandingZoneConfig(namespacedConfig(files.values), source, readPolicyPackConfig(programDir, files.stack));
    return config.policyPack as PolicyPackConfigFile;
}

/** Writes the report files the user asked for and returns the exit code. */
export function finish(
    report: PreviewReport,
    remediation: RemediationLookup,
    out: {
        json?: string;
        markdown?: string;
        /** The same comment with no size budget short of a job summary's (1 MiB): the run's summary and artifact. */
        markdownFull?: string;
        /** Where the full report is, linked from the comment when something is trimmed. */
        fullReportUrl?: string;
        baseline?: PreviewReport;
        acceptRemoval?: readonly string[];
        marker?: string;
        verbose?: boolean;
        /** The comment's heading (default "Landing zone preview"). */
        title?: string;
    },
): number {
    const diff: PreviewDiff | undefined = out.baseline ? diffReports(out.baseline, report, out.acceptRemoval) : undefined;
    const color = process.stdout.isTTY === true && !process.env.NO_COLOR;
    process.stdout.write(renderText(report, remediation, { diff, baseline: out.baseline, verbose: out.verbose, color }) + "\n");
    if (out.json) fs.writeFileSync(out.json, JSON.stringify(report, null, 2) + "\n");
    const opts = { diff, baseline: out.baseline, marker: out.marker, fullReport: out.fullReportUrl, title: out.title };
    if (out.markdown) fs.writeFileSync(out.markdown, renderReviewMarkdown(report, remediation, opts));
    if (out.markdownFull) fs.writeFileSync(out.markdownFull, renderReviewMarkdown(report, remediation, { ...opts, marker: undefined, budget: 1_000_000 }));
    return reviewVerdict(report, diff).outcome === "blocked" ? EXIT.mandatoryViolations : EXIT.ok;
}

/** Reads a previous `--json` report to diff against. */
export function readBaseline(file: string): PreviewReport {
    let parsed: unknown;
    try {
        parsed = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (err) {
        throw new InputError(`--baseline ${file}: cannot read it as JSON (${errorText(err)}; expected a report written by --json)`);
    }
    const r = parsed as Partial<PreviewReport>;
    if (!r || typeof r.stack !== "string" || typeof r.project !== "string" || !Array.isArray(r.resources))
        throw new InputError(`--baseline ${file}: not a preview report (expected a report written by --json)`);
    return r as PreviewReport;
}

/**
 * What adding accounts to a deployed landing zone creates: every resource named after one of them
 * (`org-account-<name>`, `security-config-<name>-euw1`, ...). Child names are built from config's
 * logical names, and adding an account adds only resources named after it (test/safety/nothing-lost).
 */
function namedAfter(accounts: readonly string[]): (type: string, name: string) => boolean {
    return (_type, name) => accounts.some((a) => new RegExp(`(^|-)${a.replace(/[^a-z0-9-]/g, "")}(-|$)`).test(name));
}

const USAGE =
    "usage: npm run preview -- --stack <dev|prod> [--config <file>] [--json <file>] [--markdown <file>] [--markdown-full <file>] [--full-report-url <url>] [--verbose] [--baseline <previous report.json> [--accept-removal <urn>]...] [--comment-marker <text>] [--first-rollout | --new-account <name>...] [--engine]";

async function main(argv: readonly string[]): Promise<number> {
    const values = parseCommandLine(
        argv,
        USAGE,
        {
            stack: { type: "string" },
            config: { type: "string" },
            json: { type: "string" },
            markdown: { type: "string" },
            "markdown-full": { type: "string" },
            "full-report-url": { type: "string" },
            verbose: { type: "boolean", short: "v" },
            baseline: { type: "string" },
            "accept-removal": { type: "string", multiple: true },
            "comment-marker": { type: "string" },
            "first-rollout": { type: "boolean" },
            "new-account": { type: "string", multiple: true },
            engine: { type: "boolean" },
        },
        ["stack"],
    );
    if (!values) return EXIT.ok;
    // The user waits from the process's start: Node and module loading count too.
    const loaded = process.uptime();
    const baseline = values.baseline ? readBaseline(values.baseline) : undefined;
    if (baseline && baseline.stack !== values.stack)
        throw new BaselineError(`the baseline is a preview of ${baseline.project}/${baseline.stack} (expected a preview of stack ${values.stack})`);
    const progress = (line: string) => process.stderr.write(`${line}\n`);
    const newAccounts = values["new-account"] ?? [];
    if (newAccounts.length > 0 && (values["first-rollout"] || values.engine))
        throw new InputError("--new-account previews offline a deployed stack: drop --first-rollout and --engine");
    const priorState: PriorState = values["first-rollout"] ? "none" : newAccounts.length > 0 ? { created: namedAfter(newAccounts) } : "deployed";
    if (values.engine && values.config) throw new InputError("--engine previews the stack file the engine reads, Pulumi.<stack>.yaml: drop --config");
    const { report, remediation } = values.engine
        ? await enginePreview(values.stack, priorState, progress)
        : await previewProgram({
              programDir: REPO,
              stack: values.stack,
              configFile: values.config ? path.resolve(values.config) : undefined,
              load: () => require(path.join(DIST, "index.js")),
              validate: validateLandingZone,
              priorState,
              progress,
          });
    const previewed = process.uptime();
    const code = finish(report, remediation, {
        json: values.json,
        markdown: values.markdown,
        markdownFull: values["markdown-full"],
        fullReportUrl: values["full-report-url"],
        verbose: values.verbose,
        baseline,
        acceptRemoval: values["accept-removal"],
        marker: values["comment-marker"],
    });
    const done = process.uptime();
    process.stderr.write(
        `Done in ${done.toFixed(1)} s (start-up and loading ${loaded.toFixed(1)} s, program and pack ${(previewed - loaded).toFixed(1)} s, report ${(done - previewed).toFixed(1)} s)\n`,
    );
    return code;
}

/**
 * Runs a command's main and exits with its code. Anything the user must fix (usage, config, stack
 * files, the program, a baseline) exits 2 with its message alone; anything else exits 2 too, named
 * as unexpected, never with a stack trace.
 */
export function runCli(main: (argv: readonly string[]) => Promise<number>, command: string): void {
    // Node exits 0 when nothing is left to wait on: a program (or an SDK) awaiting what never comes
    // must not end as a silent pass.
    process.once("beforeExit", () => {
        process.stderr.write(`${command} failed: the program stopped before it finished (it awaits something the offline runtime never answers)\n`);
        process.exit(EXIT.invalidInput);
    });
    main(process.argv.slice(2)).then(
        (code) => process.exit(code),
        (err) => {
            const userError =
                err instanceof ConfigError ||
                err instanceof StackFileError ||
                err instanceof InputError ||
                err instanceof BaselineError ||
                err instanceof EngineError;
            process.stderr.write(userError ? `${(err as Error).message}\n` : `${command} failed unexpectedly: ${errorText(err)}\n`);
            process.exit(EXIT.invalidInput);
        },
    );
}

if (require.main === module) runCli(main, "offline preview");
