/**
 * Threat drill: follows sample findings through the landing zone hop by hop, from the account whose
 * default bus receives them, through its forwarding rules to the central security bus, the alert rules
 * and their severity topics, to the remediation rules and the remediation handler itself.
 *
 * Offline: the stack runs under the mock runtime; the drill reads the EventBridge rules it registers
 * and matches AWS-shaped sample events against their patterns (tools/events/event-pattern.ts), then
 * runs each reached handler, unchanged and in dry-run, against the local AWS API emulator (moto) with
 * the function's registered environment, on a resource seeded for it.
 * Live (`--live`, tools/drill/live.ts): GuardDuty sample findings in the member account, followed
 * through the deployed chain with read-only calls.
 */
import * as fs from "fs";
import * as path from "path";
import { performance } from "perf_hooks";
import { handler as blockS3PublicAccess } from "../components/response/handlers/block-s3-public-access";
import { handler as deactivateAccessKey } from "../components/response/handlers/deactivate-access-key";
import { handler as isolateInstance } from "../components/response/handlers/isolate-instance";
import { handler as restoreDefaultSecurityGroup } from "../components/response/handlers/restore-default-security-group";
import { handler as restoreTrail } from "../components/response/handlers/restore-trail";
import type { Result } from "../components/response/handlers/runtime";
import { ADMINISTERED_FINDING_SOURCES, Remediation } from "../components/response/patterns";
import { namespacedConfig, parseLandingZoneConfig } from "../stacks/config";
import { readPolicyPackConfig } from "../stacks/policy-pack";
import { DRILL_FINDINGS, DrillFinding, memberClients } from "./drill/findings";
import { DrillGraph, drillGraph } from "./drill/graph";
import { liveArgProblems, runLiveDrill } from "./drill/live-cli";
import { DrillReport, FindingRun, Hop, HopName, renderDrill } from "./drill/report";
import { Emulator, motoVersion, useEmulatorEnv } from "./emulator/emulator";
import { matches } from "./events/event-pattern";
import { renderInput } from "./events/input-transformer";
import { retarget, WORKLOAD_ACCOUNT } from "./events/samples";
import { runProgram } from "./mock-runtime";
import { EXIT, runCli } from "./preview";
import { errorText, InputError } from "./cli-args";
import { parseCommandLine } from "./cli-args";
import { readStackFiles, runtimeConfig } from "./stack-files";

const HANDLERS: Readonly<Record<Remediation, (event: unknown) => Promise<Result>>> = {
    "isolate-instance": isolateInstance,
    "block-s3-public-access": blockS3PublicAccess,
    "deactivate-access-key": deactivateAccessKey,
    "restore-trail": restoreTrail,
    "restore-default-security-group": restoreDefaultSecurityGroup,
};

export interface DrillOptions {
    readonly account: string;
    readonly accountId: string;
    readonly region: string;
    readonly guardDutyMinSeverity: number;
    readonly findings: readonly DrillFinding[];
    /** The running emulator (only a reached remediation's handler uses it). */
    readonly emulator: Pick<Emulator, "endpoint" | "reset">;
}

type HopOutcome = { readonly pass: boolean; readonly detail: string; readonly ms?: number };

const sameSet = (a: readonly string[], b: readonly string[]) => [...new Set(a)].sort().join() === [...new Set(b)].sort().join();
const list = (xs: readonly string[]) => (xs.length > 0 ? xs.join(", ") : "none");

/** Runs each finding through the graph's rules, and its remediation's handler against the emulator. */
export async function drill(graph: DrillGraph, o: DrillOptions): Promise<FindingRun[]> {
    const runs: FindingRun[] = [];
    for (const finding of o.findings) {
        const expected = finding.expect(o.guardDutyMinSeverity);
        const hops: Hop[] = [];
        /** Runs a hop and times it (a step that seeds the emulator first times only its own part). */
        const timed = async (hop: HopName, step: () => Promise<HopOutcome> | HopOutcome) => {
            const start = performance.now();
            const { pass, detail, ms } = await step();
            hops.push({ hop, pass, ms: ms ?? performance.now() - start, detail });
            return pass;
        };
        const source = String(finding.sample.source);
        // Administered sources (GuardDuty, Security Hub, ...) reach the delegated administrator's default bus, not the member's.
        const administered = (ADMINISTERED_FINDING_SOURCES as readonly string[]).includes(source);
        const receiver = administered ? graph.administrators[source] : o.accountId;
        const event = { ...retarget(finding.sample, { [WORKLOAD_ACCOUNT]: o.accountId, "eu-west-1": o.region }), account: receiver ?? o.accountId };

        await timed("lands", () =>
            receiver
                ? {
                      pass: true,
                      detail: `default bus of ${nameOf(graph, receiver)} in ${o.region}${administered ? ` (${source}'s delegated administrator)` : ""}`,
                  }
                : { pass: false, detail: `no delegated administrator for ${source} in the graph: no account receives the organization's findings` },
        );
        const forwarders = graph.forwarders.filter((r) => r.account === event.account && r.region === o.region && matches(r.pattern, event));
        const forwarded = await timed("forwarded", () => ({
            pass: forwarders.length > 0,
            detail:
                forwarders.length > 0
                    ? `${list(forwarders.map((r) => r.name))} -> ${graph.centralBus.arn}`
                    : `no forwarding rule of ${nameOf(graph, event.account)} in ${o.region} matches: the event never reaches the central bus`,
        }));
        const alerts = forwarded ? graph.alerts.filter((r) => matches(r.pattern, event)) : [];
        await timed("alert", () => {
            // The message each topic publishes, rendered from the event as EventBridge would; a path the event lacks fails the hop.
            const messages = alerts.map((r) => {
                try {
                    return {
                        ok: !!r.inputTransformer,
                        text: r.inputTransformer ? renderInput(r.inputTransformer, event) : "no input transformer: the raw event",
                    };
                } catch (err) {
                    return { ok: false, text: errorText(err) };
                }
            });
            const routes = alerts.map((r) => `${r.name} -> ${r.targetArn.split(":").pop()} (${r.severity})`);
            return {
                pass:
                    sameSet(
                        alerts.map((r) => r.severity),
                        expected.alerts,
                    ) && messages.every((m) => m.ok),
                detail: `${alerts.length > 0 ? routes.join(", ") : "no alert"}; expected ${list(expected.alerts)}${messages
                    .map((m, i) => `\n    message of ${alerts[i].name}:\n${indent(m.text, 6)}`)
                    .join("")}`,
            };
        });
        const triggers = forwarded ? graph.remediations.filter((r) => matches(r.pattern, event)) : [];
        await timed("remediation", () => ({
            pass: sameSet(
                triggers.map((r) => r.remediation),
                expected.remediations,
            ),
            detail: `${triggers.length > 0 ? triggers.map((r) => `${r.name} -> ${r.functionName}`).join(", ") : "no remediation"}; expected ${list(expected.remediations)}`,
        }));
        for (const trigger of triggers.filter((t) => expected.remediations.includes(t.remediation))) {
            await timed("handler", () => runHandler(trigger, finding, event, o));
        }
        runs.push({ key: finding.key, title: finding.title, expected, hops, pass: hops.every((h) => h.pass) });
    }
    return runs;
}

/**
 * The function's handler on the event, with the function's registered environment (dry-run forced),
 * against a fresh emulator holding the resource the finding names. Passes when it would act.
 */
async function runHandler(
    trigger: DrillGraph["remediations"][number],
    finding: DrillFinding,
    event: Record<string, unknown>,
    o: DrillOptions,
): Promise<HopOutcome> {
    await o.emulator.reset();
    const restore = useEmulatorEnv(o.emulator.endpoint, {
        ...trigger.environment,
        DRY_RUN: "true",
        AWS_LAMBDA_FUNCTION_NAME: trigger.functionName,
        AWS_REGION: trigger.region,
        AWS_DEFAULT_REGION: trigger.region,
    });
    const logs: string[] = [];
    const original = { log: console.log, error: console.error };
    try {
        const ids = finding.seed ? await finding.seed(await memberClients(o.accountId, o.region)) : {};
        console.log = (line: unknown) => logs.push(String(line));
        console.error = (line: unknown) => logs.push(String(line));
        const start = performance.now();
        const result = await HANDLERS[trigger.remediation](retarget(event, ids));
        const ms = performance.now() - start;
        const pass = result.outcome === "dry-run" && result.actions.length > 0;
        const what = result.actions.length > 0 ? `would ${result.actions.join("; ")}` : (result.reason ?? "no action");
        return {
            pass,
            ms,
            detail: `${trigger.remediation}: ${result.outcome}, ${what}${pass ? "" : `; expected dry-run with actions. Handler log:\n${logs.join("\n")}`}`,
        };
    } catch (err) {
        return { pass: false, detail: `${trigger.remediation} failed: ${errorText(err)}\n${logs.join("\n")}` };
    } finally {
        console.log = original.log;
        console.error = original.error;
        restore();
    }
}

const indent = (text: string, n: number) =>
    text
        .split("\n")
        .map((l) => " ".repeat(n) + l)
        .join("\n");

function nameOf(graph: DrillGraph, id: string): string {
    const name = Object.entries(graph.accounts).find(([, v]) => v === id)?.[0];
    return name ? `${name} (${id})` : id;
}

/** The compiled repository: this file lives in dist/tools/. */
const DIST = path.resolve(__dirname, "..");
const REPO = path.resolve(DIST, "..");
const USAGE = `usage: npm run drill -- --stack <stack> --account <name> [--finding <${DRILL_FINDINGS.map((f) => f.key).join("|")}>]... [--json <file>] [--live [--dry-run|--act] [--timeout <seconds>] [--member-profile <profile>] [--admin-profile <profile>]]`;

async function main(argv: readonly string[]): Promise<number> {
    const values = parseCommandLine(
        argv,
        USAGE,
        {
            stack: { type: "string" },
            account: { type: "string" },
            finding: { type: "string", multiple: true },
            json: { type: "string" },
            live: { type: "boolean" },
            "dry-run": { type: "boolean" },
            act: { type: "boolean" },
            timeout: { type: "string" },
            "member-profile": { type: "string" },
            "admin-profile": { type: "string" },
        },
        ["stack", "account"],
    );
    if (!values) return EXIT.ok;
    const liveProblems = liveArgProblems(values);
    if (liveProblems.length > 0) throw new InputError(`${liveProblems.join("\n")}\n${USAGE}`);
    const unknown = (values.finding ?? []).filter((k) => !DRILL_FINDINGS.some((f) => f.key === k));
    if (unknown.length > 0)
        throw new InputError(`--finding ${unknown.join(", ")}: no such drill finding (expected one of ${DRILL_FINDINGS.map((f) => f.key).join(", ")})`);
    const findings = values.finding ? DRILL_FINDINGS.filter((f) => values.finding!.includes(f.key)) : DRILL_FINDINGS;

    const files = readStackFiles(REPO, values.stack);
    const source = path.relative(process.cwd(), files.configFile) || files.configFile;
    const config = parseLandingZoneConfig(namespacedConfig(files.values), source, readPolicyPackConfig(REPO, files.stack));
    process.stderr.write(`Running ${files.project} (stack ${files.stack}) under the mock runtime...\n`);
    const run = await runProgram({
        project: files.project,
        stack: files.stack,
        config: runtimeConfig(files.values),
        secretKeys: files.secretKeys,
        load: () => require(path.join(DIST, "index.js")),
    });
    const graph = drillGraph(run.resources);
    const accountId = graph.accounts[values.account];
    const members = Object.keys(graph.accounts).filter((n) => graph.accounts[n] !== graph.managementAccountId);
    if (!accountId || accountId === graph.managementAccountId)
        throw new InputError(`--account ${values.account}: not a member account of stack ${files.stack} (expected one of ${members.sort().join(", ")})`);

    if (values.live)
        return runLiveDrill({
            stack: files.stack,
            account: values.account,
            accountId,
            region: config.regions.home,
            guardDutyMinSeverity: config.response.guardDutyMinSeverity,
            graph,
            args: values,
            json: values.json,
        });
    process.stderr.write(`Starting the local AWS API emulator (moto ${motoVersion()})...\n`);
    const emulator = await Emulator.start();
    try {
        const runs = await drill(graph, {
            account: values.account,
            accountId,
            region: config.regions.home,
            guardDutyMinSeverity: config.response.guardDutyMinSeverity,
            findings,
            emulator,
        });
        const report: DrillReport = {
            stack: files.stack,
            account: values.account,
            accountId,
            region: config.regions.home,
            mode: "offline",
            findings: runs,
            pass: runs.every((r) => r.pass),
        };
        process.stdout.write(renderDrill(report, `the stack's registered rules, handlers in dry-run against moto ${motoVersion()}`) + "\n");
        if (values.json) fs.writeFileSync(values.json, JSON.stringify(report, null, 2) + "\n");
        return report.pass ? EXIT.ok : EXIT.mandatoryViolations;
    } finally {
        await emulator.stop();
    }
}

if (require.main === module) runCli(main, "threat drill");
