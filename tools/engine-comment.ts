import * as fs from "fs";
import * as path from "path";
import { policyPackConfigPath } from "../stacks/policy-pack";
import { readPolicyConfig } from "./analyze";
import { type EngineEvent, parseEngineEvents } from "./engine-events";
import { engineReport } from "./engine-report";
import { expandPolicyConfig, type PolicyPackConfigFile } from "./policy-engine";
import { loadPackDefinition, packInfo } from "./pack-definition";
import { EXIT, finish, remediationLookup, runCli } from "./preview";
import { InputError, errorText } from "./cli-args";
import { parseCommandLine } from "./cli-args";
import { reviewVerdict } from "./report";
import type { PreviewReport } from "./report-model";

/**
 * The pull-request review from the engine's own output: the events `pulumi preview --json` writes with
 * PULUMI_ENABLE_STREAMING_JSON_PREVIEW=true (pull-request.yml's cloud preview), made into a report by
 * tools/engine-report.ts and written as `npm run preview` writes its own (tools/preview.ts `finish`):
 * the terminal text, `--json`, the comment (`--markdown`) and the untrimmed report (`--markdown-full`).
 * One renderer, two sources.
 *
 * The engine's exit code stays the verdict: given `--engine-exit-code`, a preview that failed without a
 * mandatory finding (the program or a provider stopped it) is reported as an error with the engine's
 * own error messages, never as a pass.
 */

/** The compiled repository: this file lives in dist/tools/. */
const DIST = path.resolve(__dirname, "..");
const REPO = path.resolve(DIST, "..");

/** The heading of the cloud preview's comment, so it is not taken for the offline one. */
export const ENGINE_TITLE = "Pulumi preview in AWS";

/** Reads the events file; a file with no events at all is not engine output. */
export function readEngineEvents(file: string): EngineEvent[] {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (err) {
        throw new InputError(`--events ${file}: cannot read it (${errorText(err)})`);
    }
    return parseEngineEvents(text);
}

/** The project and stack the events are of, from their first resource URN. */
export function eventsStack(events: readonly EngineEvent[]): { project: string; stack: string } | undefined {
    for (const e of events) {
        const urn = e.resourcePreEvent?.metadata.urn ?? e.policyEvent?.resourceUrn;
        const m = urn ? /^urn:pulumi:([^:]+)::([^:]+)::/.exec(urn) : null;
        if (m) return { stack: m[1], project: m[2] };
    }
    return undefined;
}

/**
 * The engine's error messages: its error diagnostics (the program's or a provider's failure), without
 * the closing "preview failed" that only repeats the exit code.
 */
export function engineErrors(events: readonly EngineEvent[]): string[] {
    return events
        .filter((e) => e.diagnosticEvent?.severity === "error")
        .map((e) => e.diagnosticEvent!.message.trim())
        .filter((m) => m.length > 0 && !/^(preview|update) failed$/.test(m));
}

/** The comment for a preview that failed before it could be judged: the engine's errors in a fence that holds them. */
export function engineFailureMarkdown(stack: string, code: number | undefined, errors: readonly string[], marker?: string, title = ENGINE_TITLE): string {
    const shown = errors.slice(0, 20).map((m) => (m.length > 2000 ? `${m.slice(0, 2000)} ...` : m));
    const body = shown.join("\n\n") || "(the engine reported no error message)";
    const fence = "`".repeat(Math.max(3, ...[...body.matchAll(/`+/g)].map((m) => m[0].length + 1)));
    const out: string[] = [];
    if (marker) out.push(`<!-- ${marker} -->`);
    out.push(
        `## ${title}: \`${stack}\``,
        "",
        `**ERROR** - pulumi preview ${code === undefined ? "wrote no summary" : `exited ${code}`} without a mandatory policy finding: it did not finish, so nothing was judged. The engine's errors:`,
        "",
        fence,
        body,
        fence,
    );
    if (errors.length > shown.length) out.push("", `_${errors.length - shown.length} more error(s) in the job log._`);
    return out.join("\n") + "\n";
}

/** The report from the engine's events, with the pack as the stack's pack config set it. */
export function engineReview(events: readonly EngineEvent[], stack: string, packConfig: PolicyPackConfigFile): PreviewReport {
    const named = eventsStack(events);
    if (named && named.stack !== stack) throw new InputError(`the events are of stack ${named.stack} (expected stack ${stack})`);
    const info = packInfo(loadPackDefinition(path.join(REPO, "policypack"), path.join(DIST, "policypack", "pack.js")));
    const effective = expandPolicyConfig(packConfig, info.policies);
    return engineReport(events, { project: named?.project ?? "landing-zone", stack, pack: info, policies: info.policies, effective });
}

const USAGE =
    "usage: node dist/tools/engine-comment.js --stack <stack> --events <pulumi preview --json output> [--engine-exit-code <n>] [--policy-pack-config <file>] [--json <file>] [--markdown <file>] [--markdown-full <file>] [--full-report-url <url>] [--comment-marker <text>] [--verbose]";

async function main(argv: readonly string[]): Promise<number> {
    const values = parseCommandLine(
        argv,
        USAGE,
        {
            stack: { type: "string" },
            events: { type: "string" },
            "engine-exit-code": { type: "string" },
            "policy-pack-config": { type: "string" },
            json: { type: "string" },
            markdown: { type: "string" },
            "markdown-full": { type: "string" },
            "full-report-url": { type: "string" },
            "comment-marker": { type: "string" },
            verbose: { type: "boolean", short: "v" },
        },
        ["stack", "events"],
    );
    if (!values) return EXIT.ok;
    const exitText = values["engine-exit-code"];
    if (exitText !== undefined && !/^\d+$/.test(exitText)) throw new InputError(`--engine-exit-code ${exitText}: not an exit code\n${USAGE}`);
    const engineCode = exitText === undefined ? undefined : Number(exitText);
    const packConfig = readPolicyConfig(values["policy-pack-config"] ?? path.join(REPO, policyPackConfigPath(values.stack)));
    const events = readEngineEvents(values.events);
    const summary = events.find((e) => e.summaryEvent)?.summaryEvent;
    const marker = values["comment-marker"];
    const report = summary ? engineReview(events, values.stack, packConfig) : undefined;
    // Judged: the engine finished the preview and, if it failed, a mandatory finding is why.
    const blocked = report !== undefined && reviewVerdict(report).levels.mandatory > 0;
    if (!report || (engineCode !== undefined && engineCode !== 0 && !blocked)) {
        const errors = engineErrors(events);
        const text = engineFailureMarkdown(values.stack, report ? engineCode : undefined, errors, undefined);
        process.stdout.write(text);
        if (values.markdown) fs.writeFileSync(values.markdown, engineFailureMarkdown(values.stack, report ? engineCode : undefined, errors, marker));
        if (values["markdown-full"]) fs.writeFileSync(values["markdown-full"], text);
        return EXIT.mandatoryViolations;
    }
    return finish(report, remediationLookup(), {
        json: values.json,
        markdown: values.markdown,
        markdownFull: values["markdown-full"],
        fullReportUrl: values["full-report-url"],
        marker,
        verbose: values.verbose,
        title: ENGINE_TITLE,
    });
}

if (require.main === module) runCli(main, "engine comment");
