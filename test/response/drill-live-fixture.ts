import { CloudWatchClient, GetMetricDataCommand, type GetMetricDataCommandInput, type MetricDataResult } from "@aws-sdk/client-cloudwatch";
import { CloudWatchLogsClient, FilterLogEventsCommand, type FilteredLogEvent } from "@aws-sdk/client-cloudwatch-logs";
import {
    CreateSampleFindingsCommand,
    GetFindingsCommand,
    GuardDutyClient,
    ListDetectorsCommand,
    ListFindingsCommand,
    type Finding,
} from "@aws-sdk/client-guardduty";
import { mockClient } from "aws-sdk-client-mock";
import { FORWARDER_RULE_PREFIX, SECURITY_EVENT_BUS } from "../../components/shared/names";
import { DRILL_FINDINGS } from "../../tools/drill/findings";
import { drillGraph, type DrillGraph } from "../../tools/drill/graph";
import { liveDrill, type Clock, type LiveClients } from "../../tools/drill/live";
import type { FindingRun, HopName } from "../../tools/drill/report";
import { drillResources, MEMBER, REGION } from "./drill-fixture";


/**
 * The live drill's scripted AWS APIs: GuardDuty (which moto does not implement for findings),
 * CloudWatch metrics and Logs, each answering in the shape the real API returns, and a clock
 * that moves only when the drill waits.
 */

export const MEMBER_DETECTOR = "5ac8b3f0e1d24c6b9f7a5e3d1c0b9a86";
export const ADMIN_DETECTOR = "7e1f2a3b4c5d6e7f8091a2b3c4d5e6f7";
export const START = Date.parse("2026-12-06T20:00:00Z");
export const TIMEOUT_MS = 300_000;
export const POLL_MS = 15_000;
export const byKey = (keys: readonly string[]) => DRILL_FINDINGS.filter((f) => keys.includes(f.key));
export const hop = (f: FindingRun, name: HopName) => f.hops.find((h) => h.hop === name)!;

/** A clock that moves only when the drill waits. */
export function fakeClock(): Clock & { waited: number } {
    const c = { at: START, waited: 0, now: () => c.at, sleep: async (ms: number) => void ((c.at += ms), (c.waited += ms)) };
    return c;
}

/** GuardDuty's API members are the finding JSON's names, capitalised (the SDK's shape of GetFindings). */
function sdkShape(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(sdkShape);
    if (value && typeof value === "object")
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.charAt(0).toUpperCase() + k.slice(1), sdkShape(v)]));
    return value;
}

/** A sample finding as GetFindings returns it: the sample event's detail, as AWS makes samples (placeholder resources). */
function sampleFinding(key: string, id: string, count = 1): Finding {
    const detail = DRILL_FINDINGS.find((f) => f.key === key)!.sample.detail as Record<string, any>;
    const resource =
        detail.resource.resourceType === "AccessKey"
            ? {
                  ...detail.resource,
                  accessKeyDetails: {
                      accessKeyId: "GeneratedFindingAccessKeyId",
                      principalId: "GeneratedFindingPrincipalId",
                      userName: "GeneratedFindingUserName",
                      userType: "IAMUser",
                  },
              }
            : { ...detail.resource, instanceDetails: { ...detail.resource.instanceDetails, instanceId: "i-99999999" } };
    return sdkShape({
        ...detail,
        id,
        accountId: MEMBER,
        arn: `arn:aws:guardduty:${REGION}:${MEMBER}:detector/${MEMBER_DETECTOR}/finding/${id}`,
        resource,
        service: { ...detail.service, count, archived: false, additionalInfo: { value: '{"sample":true}', type: "default" } },
    }) as Finding;
}

/** What the scripted account holds: metric sums by `namespace metric dimension=value...`, log lines by function, findings by type. */
export interface World {
    /** Finding id by type, and from when (ms after creation) it is listed. */
    readonly findings: Record<string, { id: string; key: string; after?: number; count?: number }>;
    readonly metrics: Record<string, number>;
    /** From when (ms after creation) metrics have data points. */
    readonly metricsAfter?: number;
    readonly logs: Record<string, readonly string[]>;
}

export const metricKey = (namespace: string, metric: string, dims: Record<string, string>) =>
    `${namespace} ${metric} ${Object.entries(dims)
        .map(([k, v]) => `${k}=${v}`)
        .join(" ")}`;

/** A handler's line (components/response/handlers/runtime.ts `log`) inside Lambda's JSON log format. */
export function lambdaLine(fields: Record<string, unknown>): string {
    const line = JSON.stringify({ function: "lz-remediation", ...fields, time: "2026-12-06T20:01:10.000Z" });
    return JSON.stringify({ timestamp: "2026-12-06T20:01:10.000Z", level: "INFO", requestId: "6f1c2a3b-0000-4000-8000-000000000001", message: line });
}

export function scripted(world: World, clock: Clock) {
    const clients: LiveClients = {
        memberGuardDuty: new GuardDutyClient({ region: REGION }),
        adminGuardDuty: new GuardDutyClient({ region: REGION }),
        cloudWatch: new CloudWatchClient({ region: REGION }),
        logs: new CloudWatchLogsClient({ region: REGION }),
    };
    const member = mockClient(clients.memberGuardDuty);
    const admin = mockClient(clients.adminGuardDuty);
    const cw = mockClient(clients.cloudWatch);
    const logs = mockClient(clients.logs);
    let createdAt = Infinity;
    member.on(ListDetectorsCommand).resolves({ DetectorIds: [MEMBER_DETECTOR] });
    member.on(CreateSampleFindingsCommand).callsFake(() => ((createdAt = clock.now()), {}));
    admin.on(ListDetectorsCommand).resolves({ DetectorIds: [ADMIN_DETECTOR] });
    admin.on(ListFindingsCommand).callsFake((input) => {
        const type = input.FindingCriteria.Criterion.type.Eq[0];
        const f = world.findings[type];
        return { FindingIds: f && clock.now() - createdAt >= (f.after ?? 0) ? [f.id] : [] };
    });
    admin.on(GetFindingsCommand).callsFake((input) => ({
        Findings: input.FindingIds.flatMap((id: string) =>
            Object.values(world.findings)
                .filter((f) => f.id === id)
                .map((f) => sampleFinding(f.key, f.id, f.count)),
        ),
    }));
    cw.on(GetMetricDataCommand).callsFake((input: GetMetricDataCommandInput) => ({
        MetricDataResults: input.MetricDataQueries!.map((q): MetricDataResult => {
            const m = q.MetricStat!.Metric!;
            const dims = Object.fromEntries(m.Dimensions!.map((d) => [d.Name!, d.Value!]));
            const value = clock.now() - createdAt >= (world.metricsAfter ?? 0) ? world.metrics[metricKey(m.Namespace!, m.MetricName!, dims)] : undefined;
            // An absent series (EventBridge sends its counts only when they are not zero) comes back empty.
            return value === undefined
                ? { Id: q.Id, Label: m.MetricName, Timestamps: [], Values: [], StatusCode: "Complete" }
                : { Id: q.Id, Label: m.MetricName, Timestamps: [new Date(START + 60_000)], Values: [value], StatusCode: "Complete" };
        }),
        Messages: [],
    }));
    logs.on(FilterLogEventsCommand).callsFake((input) => {
        const term = String(input.filterPattern).replace(/^"|"$/g, "");
        const fn = String(input.logGroupName).replace("/aws/lambda/", "");
        const events: FilteredLogEvent[] = (world.logs[fn] ?? [])
            .filter((l) => l.includes(term))
            .map((message, i) => ({
                logStreamName: "2026/12/06/[$LATEST]0a1b2c3d",
                timestamp: START + 70_000 + i,
                ingestionTime: START + 71_000 + i,
                message,
                eventId: `${i}`,
            }));
        return { events, searchedLogStreams: [] };
    });
    return { clients, member, admin, cw, logs };
}

export const graph = (o: { dryRun?: boolean } = {}): DrillGraph => drillGraph(drillResources({ administratorForwards: true, alertMinimum: 7, ...o }));

/** A chain where every hop arrives: the findings, the rules' and topics' and functions' counts, the handlers' logs. */
export function healthyWorld(g: DrillGraph): World {
    const metrics: Record<string, number> = {};
    const rule = (name: string, count: number) => {
        const [bus, rule] = name.includes("/") ? name.split("/") : [undefined, name];
        metrics[metricKey("AWS/Events", "Invocations", { ...(bus ? { EventBusName: bus } : {}), RuleName: rule })] = count;
    };
    rule(`${FORWARDER_RULE_PREFIX}findings`, 3);
    rule(`${SECURITY_EVENT_BUS}/lz-alert-guardduty-high`, 2);
    metrics[metricKey("AWS/SNS", "NumberOfMessagesPublished", { TopicName: "lz-security-high" })] = 2;
    for (const r of g.remediations.filter((r) => r.remediation === "isolate-instance" || r.remediation === "deactivate-access-key")) {
        rule(r.name, 1);
        metrics[metricKey("AWS/Lambda", "Invocations", { FunctionName: r.functionName })] = 1;
    }
    const delivery = (eventId: string, findingId: string, decision: string, result: Record<string, unknown>, extra: Record<string, unknown>) => [
        lambdaLine({ level: "info", message: "event received", eventId, source: "aws.guardduty", detailType: "GuardDuty Finding", dryRun: true }),
        lambdaLine({ level: result.outcome === "rejected" ? "warn" : "info", message: decision, eventId, findingId, ...extra }),
        lambdaLine({
            level: "info",
            message: `result: ${result.outcome}`,
            eventId,
            source: "aws.guardduty",
            detailType: "GuardDuty Finding",
            dryRun: true,
            ...result,
        }),
    ];
    return {
        findings: {
            "Backdoor:EC2/C&CActivity.B": { id: "e1f0a2b3c4d5e6f708192a3b4c5d6e7f", key: "guardduty-ec2" },
            "Exfiltration:IAMUser/AnomalousBehavior": { id: "a0b1c2d3e4f5061728394a5b6c7d8e9f", key: "guardduty-iam-access-key" },
            "Recon:EC2/PortProbeUnprotectedPort": { id: "c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7", key: "guardduty-low" },
        },
        metrics,
        logs: {
            "lz-remediation-isolate-instance": delivery(
                "11111111-2222-4333-8444-555555555555",
                "e1f0a2b3c4d5e6f708192a3b4c5d6e7f",
                "skipped: instance i-99999999 no longer exists",
                { outcome: "skipped", reason: "instance i-99999999 no longer exists", actions: [] },
                { instanceId: "i-99999999" },
            ),
            "lz-remediation-deactivate-access-key": delivery(
                "66666666-7777-4888-8999-aaaaaaaaaaaa",
                "a0b1c2d3e4f5061728394a5b6c7d8e9f",
                "rejected: finding lacks a long-term access key id (AKIA...) and an IAM user name",
                { outcome: "rejected", reason: "finding lacks a long-term access key id (AKIA...) and an IAM user name", actions: [] },
                { accessKeyId: "GeneratedFindingAccessKeyId", userName: "GeneratedFindingUserName" },
            ),
        },
    };
}

export async function run(world: World, keys: readonly string[], o: { dryRun?: boolean; act?: boolean; timeoutMs?: number } = {}) {
    const clock = fakeClock();
    const g = graph({ dryRun: o.dryRun });
    const aws = scripted(world, clock);
    const runs = await liveDrill(g, aws.clients, {
        accountId: MEMBER,
        region: REGION,
        guardDutyMinSeverity: 7,
        findings: byKey(keys),
        timeoutMs: o.timeoutMs ?? TIMEOUT_MS,
        pollMs: POLL_MS,
        act: !!o.act,
        clock,
    });
    return { runs, clock, aws, byKey: Object.fromEntries(runs.map((r) => [r.key, r])) as Record<string, FindingRun> };
}

export const ALL = ["guardduty-ec2", "guardduty-iam-access-key", "guardduty-low"];
