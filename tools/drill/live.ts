/**
 * The live threat drill: GuardDuty sample findings created in a member account (CreateSampleFindings),
 * followed through the deployed landing zone with read-only calls, hop by hop, as the offline drill
 * follows them through the captured graph:
 * - lands: the finding in GuardDuty's delegated administrator (ListFindings, GetFindings);
 * - forwarded: the administrator's forwarding rule invoked its target, the central bus (AWS/Events);
 * - alert: the central bus's alert rules invoked, and their topics published (AWS/Events, AWS/SNS);
 * - remediation: the remediation rules and functions invoked (AWS/Events, AWS/Lambda), and no other
 *   remediation function logged the finding;
 * - handler: the function's own log for this finding (FilterLogEvents), its outcome and dry-run mode.
 * Which rules must fire comes from the captured graph: the offline matcher on the sample event, with
 * the live finding's id, type and severity. Metrics count every event a rule sees, not this finding's
 * alone; only the logs and the findings are this finding's own.
 */
import type { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import type { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { CreateSampleFindingsCommand, GetFindingsCommand, GuardDutyClient, ListDetectorsCommand, ListFindingsCommand } from "@aws-sdk/client-guardduty";
import { matches } from "../events/event-pattern";
import { retarget, WORKLOAD_ACCOUNT } from "../events/samples";
import type { DrillFinding, Expectation } from "./findings";
import type { DrillGraph } from "./graph";
import { handlerOutcome, judgeHandler, logEntries } from "./live-handler-logs";
import { functionMetrics, ruleMetrics, topicMetrics, topicOf } from "./live-metrics";
import type { FindingRun, Hop, HopName } from "./report";

/** Clients of the two sessions the drill uses. */
export interface LiveClients {
    /** In the member account: its own detector makes the sample findings. */
    readonly memberGuardDuty: GuardDutyClient;
    /** In GuardDuty's delegated administrator, which also holds the central bus, the topics and the remediations. */
    readonly adminGuardDuty: GuardDutyClient;
    readonly cloudWatch: CloudWatchClient;
    readonly logs: CloudWatchLogsClient;
}

/** Time as the drill waits for it (tests pass one that never sleeps). */
export interface Clock {
    now(): number;
    sleep(ms: number): Promise<void>;
}

export const SYSTEM_CLOCK: Clock = { now: () => Date.now(), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) };

export interface LiveOptions {
    readonly accountId: string;
    readonly region: string;
    readonly guardDutyMinSeverity: number;
    /** GuardDuty drill findings only (the others have no sample API). */
    readonly findings: readonly DrillFinding[];
    /** How long after the findings are created the drill waits for the last hop. */
    readonly timeoutMs: number;
    /** Between two reads of a hop that has not arrived yet. */
    readonly pollMs: number;
    /** The operator accepts remediations that act (a deployed DRY_RUN=false); without it they must be in dry-run. */
    readonly act: boolean;
    readonly clock?: Clock;
}

/** A problem with the deployment or the request, found before any finding is created. */
export class LiveDrillError extends Error {}

const GUARDDUTY = "aws.guardduty";

/** The remediations a finding's sample calls for, by function, checked against the mode the operator asked for. */
export function actingRemediations(graph: DrillGraph, o: Pick<LiveOptions, "findings" | "guardDutyMinSeverity">): string[] {
    const wanted = new Set(o.findings.flatMap((f) => f.expect(o.guardDutyMinSeverity).remediations));
    return [...new Set(graph.remediations.filter((r) => wanted.has(r.remediation) && r.environment.DRY_RUN === "false").map((r) => r.functionName))];
}

/** Runs the live drill: creates the sample findings, then follows each through the deployed chain until the deadline. */
export async function liveDrill(graph: DrillGraph, aws: LiveClients, o: LiveOptions): Promise<FindingRun[]> {
    const clock = o.clock ?? SYSTEM_CLOCK;
    const admin = graph.administrators[GUARDDUTY];
    if (!admin) throw new LiveDrillError("the stack registers no GuardDuty delegated administrator: no account would receive the member's findings");
    if (graph.centralBus.account !== admin || graph.centralBus.region !== o.region)
        throw new LiveDrillError(
            `the central bus is in ${graph.centralBus.account} ${graph.centralBus.region}, not in GuardDuty's administrator ${admin} ${o.region}: the live drill reads both with one session`,
        );
    const missing = o.findings.filter((f) => !f.guardDuty).map((f) => f.key);
    if (missing.length > 0) throw new LiveDrillError(`${missing.join(", ")}: not a GuardDuty finding (the live drill creates GuardDuty sample findings only)`);
    const acting = actingRemediations(graph, o);
    if (acting.length > 0 && !o.act)
        throw new LiveDrillError(
            `${acting.join(", ")} act (deployed with DRY_RUN=false, response.dryRun): the drill cannot switch them to dry-run; pass --act to drill against acting remediations`,
        );

    const memberDetector = await detectorOf(aws.memberGuardDuty, `the member account ${o.accountId}`, o.region);
    const adminDetector = await detectorOf(aws.adminGuardDuty, `GuardDuty's administrator ${admin}`, o.region);
    const createdAt = clock.now();
    await aws.memberGuardDuty.send(
        new CreateSampleFindingsCommand({ DetectorId: memberDetector, FindingTypes: [...new Set(o.findings.map((f) => f.guardDuty!.type))] }),
    );
    const deadline = createdAt + o.timeoutMs;
    const wait = <T>(attempt: () => Promise<T | undefined>) => poll(clock, deadline, o.pollMs, attempt);
    const since = () => clock.now() - createdAt;
    const window = () => ({ start: new Date(Math.floor(createdAt / 60_000) * 60_000), end: new Date(Math.ceil(clock.now() / 60_000) * 60_000 + 60_000) });

    const runs: { finding: DrillFinding; expected: Expectation; hops: Hop[]; findingId?: string }[] = [];
    for (const finding of o.findings) {
        const type = finding.guardDuty!.type;
        const hops: Hop[] = [];
        const hop = (name: HopName, pass: boolean, detail: string) => hops.push({ hop: name, pass, ms: since(), detail });

        const live = await wait(async () => {
            const ids = await aws.adminGuardDuty.send(
                new ListFindingsCommand({
                    DetectorId: adminDetector,
                    FindingCriteria: {
                        Criterion: {
                            "service.additionalInfo.sample": { Eq: ["true"] },
                            type: { Eq: [type] },
                            accountId: { Eq: [o.accountId] },
                            updatedAt: { GreaterThanOrEqual: createdAt - 60_000 },
                        },
                    },
                    SortCriteria: { AttributeName: "updatedAt", OrderBy: "DESC" },
                    MaxResults: 1,
                }),
            );
            const id = ids.FindingIds?.[0];
            if (!id) return undefined;
            return (await aws.adminGuardDuty.send(new GetFindingsCommand({ DetectorId: adminDetector, FindingIds: [id] }))).Findings?.[0];
        });
        const expected =
            live?.Severity !== undefined ? finding.guardDuty!.expectAt(o.guardDutyMinSeverity, live.Severity) : finding.expect(o.guardDutyMinSeverity);
        if (!live?.Id) {
            hop(
                "lands",
                false,
                `no sample ${type} of ${o.accountId} updated in ${admin}'s GuardDuty (detector ${adminDetector}) in ${o.region} before the deadline`,
            );
            runs.push({ finding, expected, hops });
            continue;
        }
        // Each later sample of a type updates the first one; GuardDuty publishes an update only at the detector's publishing frequency.
        const repeat = (live.Service?.Count ?? 1) > 1;
        hop(
            "lands",
            true,
            `${live.Id} (severity ${live.Severity}) in ${admin}'s GuardDuty, ${o.region}${repeat ? `; occurrence ${live.Service!.Count}: GuardDuty publishes an update only at the detector's finding publishing frequency` : ""}`,
        );
        const event = liveEvent(finding, live, { admin, accountId: o.accountId, region: o.region });

        const forwarders = graph.forwarders.filter((r) => r.account === admin && r.region === o.region && matches(r.pattern, event));
        const forwardedRules = await wait(async () => {
            const m = await ruleMetrics(aws.cloudWatch, forwarders, window());
            return forwarders.length > 0 && forwarders.every((r) => m.invoked(r) > 0) ? m : undefined;
        });
        const forwarded = !!forwardedRules && forwarders.every((r) => forwardedRules.failed(r) === 0);
        hop(
            "forwarded",
            forwarded,
            forwarders.length === 0
                ? `no forwarding rule of ${admin} in ${o.region} matches the finding (from the graph): it never reaches the central bus`
                : `${forwarders.map((r) => `${r.name} ${forwardedRules ? forwardedRules.describe(r) : "not invoked"}`).join(", ")} -> ${graph.centralBus.arn}`,
        );

        const alerts = forwarded ? graph.alerts.filter((r) => matches(r.pattern, event)) : [];
        const severities = [...new Set(alerts.map((r) => r.severity))].sort();
        const routed = severities.join() === [...expected.alerts].sort().join();
        if (!forwarded) {
            hop("alert", expected.alerts.length === 0, `not on the central bus; expected ${list(expected.alerts)}`);
        } else if (alerts.length === 0) {
            hop("alert", routed, `no alert rule matches (from the graph); expected ${list(expected.alerts)}`);
        } else {
            const seen = await wait(async () => {
                const m = await ruleMetrics(aws.cloudWatch, alerts, window());
                const t = await topicMetrics(aws.cloudWatch, alerts, window());
                return alerts.every((r) => m.invoked(r) > 0 && t.published(r) > 0) ? { m, t } : undefined;
            });
            const m = seen?.m ?? (await ruleMetrics(aws.cloudWatch, alerts, window()));
            const t = seen?.t ?? (await topicMetrics(aws.cloudWatch, alerts, window()));
            const delivered = alerts.every((r) => m.invoked(r) > 0 && m.failed(r) === 0 && t.published(r) > 0 && t.failed(r) === 0);
            hop(
                "alert",
                routed && delivered,
                `${alerts.map((r) => `${r.name} ${m.describe(r)} -> ${topicOf(r)} (${r.severity}) ${t.describe(r)}`).join(", ")}; expected ${list(expected.alerts)}`,
            );
        }

        const triggers = forwarded ? graph.remediations.filter((r) => matches(r.pattern, event)) : [];
        const wanted = triggers.filter((t) => expected.remediations.includes(t.remediation));
        const reached = await wait(async () => {
            const m = await ruleMetrics(aws.cloudWatch, wanted, window());
            const f = await functionMetrics(aws.cloudWatch, wanted, window());
            return wanted.every((r) => m.invoked(r) > 0 && f.invoked(r) > 0) ? { m, f } : undefined;
        });
        const routedRemediations = [...new Set(triggers.map((r) => r.remediation))].sort().join() === [...expected.remediations].sort().join();
        hop(
            "remediation",
            routedRemediations && (wanted.length === 0 || !!reached),
            `${
                !forwarded
                    ? "not on the central bus"
                    : triggers.length === 0
                      ? "no remediation rule matches (from the graph)"
                      : triggers
                            .map(
                                (r) =>
                                    `${r.name} -> ${r.functionName}${wanted.includes(r) ? ` ${reached ? `${reached.m.describe(r)}, function ${reached.f.describe(r)}` : "not invoked"}` : ""}`,
                            )
                            .join(", ")
            }; expected ${list(expected.remediations)}`,
        );
        for (const trigger of wanted) {
            const outcome = await wait(() => handlerOutcome(aws.logs, trigger, live.Id!, createdAt));
            const errors = (await functionMetrics(aws.cloudWatch, [trigger], window())).errors(trigger);
            hops.push({ hop: "handler", ms: since(), ...judgeHandler(trigger, outcome, errors, o.act, live.Id) });
        }
        runs.push({ finding, expected, hops, findingId: live.Id });
    }

    // Last, once every expected invocation had its time: no other remediation function may have logged a finding.
    for (const run of runs) {
        if (!run.findingId) continue;
        const others = graph.remediations.filter(
            (r, i, all) => !run.expected.remediations.includes(r.remediation) && all.findIndex((x) => x.functionName === r.functionName) === i,
        );
        const logged: string[] = [];
        for (const r of others) if ((await logEntries(aws.logs, r.functionName, `"${run.findingId}"`, createdAt)).length > 0) logged.push(r.functionName);
        const i = run.hops.findIndex((h) => h.hop === "remediation");
        if (i >= 0 && logged.length > 0)
            run.hops[i] = { ...run.hops[i], pass: false, detail: `${run.hops[i].detail}; but ${logged.join(", ")} logged the finding` };
    }
    return runs.map(({ finding, expected, hops }) => ({
        key: finding.key,
        title: finding.title,
        expected,
        hops,
        pass: hops.length > 0 && hops.every((h) => h.pass),
    }));
}

/** Asks until the attempt returns a value or the deadline passes (one last try at the deadline). */
async function poll<T>(clock: Clock, deadline: number, pollMs: number, attempt: () => Promise<T | undefined>): Promise<T | undefined> {
    for (;;) {
        const got = await attempt();
        if (got !== undefined) return got;
        const left = deadline - clock.now();
        if (left <= 0) return undefined;
        await clock.sleep(Math.min(pollMs, left));
    }
}

async function detectorOf(gd: GuardDutyClient, where: string, region: string): Promise<string> {
    const id = (await gd.send(new ListDetectorsCommand({}))).DetectorIds?.[0];
    if (!id) throw new LiveDrillError(`GuardDuty has no detector in ${where} in ${region}: the landing zone enables it in every account and allowed region`);
    return id;
}

const list = (xs: readonly string[]) => (xs.length > 0 ? xs.join(", ") : "none");

/** The event the administrator's default bus received, as the offline drill builds it, with the live finding's id, type and severity. */
function liveEvent(finding: DrillFinding, live: { Id?: string; Type?: string; Severity?: number }, at: { admin: string; accountId: string; region: string }) {
    const event = retarget(finding.sample, { [WORKLOAD_ACCOUNT]: at.accountId, "eu-west-1": at.region }) as Record<string, unknown>;
    const detail = event.detail as Record<string, unknown>;
    const service = (detail.service ?? {}) as Record<string, unknown>;
    return {
        ...event,
        account: at.admin,
        detail: {
            ...detail,
            id: live.Id,
            type: live.Type ?? detail.type,
            severity: live.Severity ?? detail.severity,
            service: { ...service, additionalInfo: { ...((service.additionalInfo ?? {}) as object), sample: true } },
        },
    };
}
