import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
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
import { liveDrill, LiveDrillError, type Clock, type LiveClients } from "../../tools/drill/live";
import { handlerLine } from "../../tools/drill/live-handler-logs";
import { liveArgProblems, runLiveDrill } from "../../tools/drill/live-cli";
import type { DrillReport, FindingRun, HopName } from "../../tools/drill/report";
import { ensureBuilt, REPO } from "../support/preview";
import { drillResources, MEMBER, REGION, TOOLING } from "./drill-fixture";

/**
 * The live drill against scripted AWS APIs: GuardDuty (which moto does not implement for findings),
 * CloudWatch metrics and Logs, each answering in the shape the real API returns.
 */

const MEMBER_DETECTOR = "5ac8b3f0e1d24c6b9f7a5e3d1c0b9a86";
const ADMIN_DETECTOR = "7e1f2a3b4c5d6e7f8091a2b3c4d5e6f7";
const START = Date.parse("2026-12-06T20:00:00Z");
const TIMEOUT_MS = 300_000;
const POLL_MS = 15_000;
const byKey = (keys: readonly string[]) => DRILL_FINDINGS.filter((f) => keys.includes(f.key));
const hop = (f: FindingRun, name: HopName) => f.hops.find((h) => h.hop === name)!;

/** A clock that moves only when the drill waits. */
function fakeClock(): Clock & { waited: number } {
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
interface World {
    /** Finding id by type, and from when (ms after creation) it is listed. */
    readonly findings: Record<string, { id: string; key: string; after?: number; count?: number }>;
    readonly metrics: Record<string, number>;
    /** From when (ms after creation) metrics have data points. */
    readonly metricsAfter?: number;
    readonly logs: Record<string, readonly string[]>;
}

const metricKey = (namespace: string, metric: string, dims: Record<string, string>) =>
    `${namespace} ${metric} ${Object.entries(dims)
        .map(([k, v]) => `${k}=${v}`)
        .join(" ")}`;

/** A handler's line (components/response/handlers/runtime.ts `log`) inside Lambda's JSON log format. */
function lambdaLine(fields: Record<string, unknown>): string {
    const line = JSON.stringify({ function: "lz-remediation", ...fields, time: "2026-12-06T20:01:10.000Z" });
    return JSON.stringify({ timestamp: "2026-12-06T20:01:10.000Z", level: "INFO", requestId: "6f1c2a3b-0000-4000-8000-000000000001", message: line });
}

function scripted(world: World, clock: Clock) {
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

const graph = (o: { dryRun?: boolean } = {}): DrillGraph => drillGraph(drillResources({ administratorForwards: true, alertMinimum: 7, ...o }));

/** A chain where every hop arrives: the findings, the rules' and topics' and functions' counts, the handlers' logs. */
function healthyWorld(g: DrillGraph): World {
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

async function run(world: World, keys: readonly string[], o: { dryRun?: boolean; act?: boolean; timeoutMs?: number } = {}) {
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

const ALL = ["guardduty-ec2", "guardduty-iam-access-key", "guardduty-low"];

describe("threat drill, live, against scripted AWS APIs", () => {
    it("creates the sample findings in the member's detector and passes every hop of a working chain", async () => {
        const { runs, aws, byKey, clock } = await run(healthyWorld(graph()), ALL);
        for (const r of runs) for (const h of r.hops) assert.ok(h.pass, `${r.key} ${h.hop}: ${h.detail}`);
        assert.equal(clock.waited, 0, "nothing to wait for: every hop was already there");
        assert.deepEqual(aws.member.commandCalls(CreateSampleFindingsCommand)[0].args[0].input, {
            DetectorId: MEMBER_DETECTOR,
            FindingTypes: ["Backdoor:EC2/C&CActivity.B", "Exfiltration:IAMUser/AnomalousBehavior", "Recon:EC2/PortProbeUnprotectedPort"],
        });
        // Looked up in the administrator, by the sample flag, type and member account, updated since the drill began.
        assert.deepEqual(aws.admin.commandCalls(ListFindingsCommand)[0].args[0].input, {
            DetectorId: ADMIN_DETECTOR,
            FindingCriteria: {
                Criterion: {
                    "service.additionalInfo.sample": { Eq: ["true"] },
                    type: { Eq: ["Backdoor:EC2/C&CActivity.B"] },
                    accountId: { Eq: [MEMBER] },
                    updatedAt: { GreaterThanOrEqual: START - 60_000 },
                },
            },
            SortCriteria: { AttributeName: "updatedAt", OrderBy: "DESC" },
            MaxResults: 1,
        });
        const ec2 = byKey["guardduty-ec2"];
        assert.deepEqual(
            ec2.hops.map((h) => h.hop),
            ["lands", "forwarded", "alert", "remediation", "handler"],
        );
        assert.match(hop(ec2, "lands").detail, new RegExp(`^e1f0a2b3c4d5e6f708192a3b4c5d6e7f \\(severity 8\\) in ${TOOLING}'s GuardDuty, ${REGION}$`));
        assert.match(
            hop(ec2, "forwarded").detail,
            new RegExp(`^${FORWARDER_RULE_PREFIX}findings invoked 3x -> arn:aws:events:eu-west-1:${TOOLING}:event-bus/${SECURITY_EVENT_BUS}$`),
        );
        assert.match(
            hop(ec2, "alert").detail,
            /^landing-zone-security\/lz-alert-guardduty-high invoked 2x -> lz-security-high \(high\) published 2; expected high$/,
        );
        assert.match(hop(ec2, "remediation").detail, /lz-remediation-isolate-instance invoked 1x, function invoked 1x; expected isolate-instance$/);
        assert.equal(hop(ec2, "handler").detail, "isolate-instance: skipped (instance i-99999999 no longer exists), dryRun true");
        assert.match(hop(byKey["guardduty-iam-access-key"], "handler").detail, /^deactivate-access-key: rejected \(finding lacks a long-term access key id/);
        // Severity 2: no alert, no remediation, and no function logged it.
        assert.deepEqual(
            byKey["guardduty-low"].hops.map((h) => `${h.hop} ${h.pass}`),
            ["lands true", "forwarded true", "alert true", "remediation true"],
        );
        assert.match(hop(byKey["guardduty-low"], "alert").detail, /^no alert rule matches \(from the graph\); expected none$/);
    });

    it("reads each rule's metrics with the dimensions AWS/Events uses: RuleName on the default bus, EventBusName and RuleName on the central bus", async () => {
        const { aws } = await run(healthyWorld(graph()), ["guardduty-ec2"]);
        const queries = aws.cw.commandCalls(GetMetricDataCommand).flatMap((c) => c.args[0].input.MetricDataQueries!);
        const dims = (metric: string) =>
            queries
                .filter((q) => q.MetricStat!.Metric!.MetricName === metric)
                .map((q) => q.MetricStat!.Metric!.Dimensions!.map((d) => `${d.Name}=${d.Value}`).join(","));
        assert.ok(dims("Invocations").includes(`RuleName=${FORWARDER_RULE_PREFIX}findings`));
        assert.ok(dims("Invocations").includes(`EventBusName=${SECURITY_EVENT_BUS},RuleName=lz-alert-guardduty-high`));
        assert.ok(dims("FailedInvocations").includes(`EventBusName=${SECURITY_EVENT_BUS},RuleName=lz-alert-guardduty-high`));
        assert.ok(dims("NumberOfMessagesPublished").includes("TopicName=lz-security-high"));
        assert.ok(dims("Errors").includes("FunctionName=lz-remediation-isolate-instance"));
        for (const q of queries) assert.deepEqual([q.MetricStat!.Period, q.MetricStat!.Stat, q.ReturnData], [60, "Sum", true]);
    });

    it("fails the landing hop when the finding never reaches the administrator, after waiting until the deadline", async () => {
        const world = { ...healthyWorld(graph()), findings: {} };
        const { byKey, clock } = await run(world, ["guardduty-ec2"]);
        const ec2 = byKey["guardduty-ec2"];
        assert.deepEqual(
            ec2.hops.map((h) => `${h.hop} ${h.pass}`),
            ["lands false"],
        );
        assert.match(
            hop(ec2, "lands").detail,
            new RegExp(`^no sample Backdoor:EC2/C&CActivity.B of ${MEMBER} updated in ${TOOLING}'s GuardDuty .* before the deadline$`),
        );
        assert.equal(clock.waited, TIMEOUT_MS);
        assert.equal(hop(ec2, "lands").ms, TIMEOUT_MS);
        assert.equal(ec2.pass, false);
    });

    it("fails forwarding when the forwarding rule is never invoked, and every hop after it", async () => {
        const world = healthyWorld(graph());
        const metrics = Object.fromEntries(Object.entries(world.metrics).filter(([k]) => !k.includes(`RuleName=${FORWARDER_RULE_PREFIX}findings`)));
        const { byKey } = await run({ ...world, metrics }, ["guardduty-ec2"]);
        const ec2 = byKey["guardduty-ec2"];
        assert.deepEqual(
            ec2.hops.map((h) => `${h.hop} ${h.pass}`),
            ["lands true", "forwarded false", "alert false", "remediation false"],
        );
        assert.match(hop(ec2, "forwarded").detail, new RegExp(`^${FORWARDER_RULE_PREFIX}findings not invoked -> `));
        assert.equal(hop(ec2, "alert").detail, "not on the central bus; expected high");
    });

    it("fails the alert hop when the rule's deliveries fail or the topic publishes nothing", async () => {
        const world = healthyWorld(graph());
        const failing = {
            ...world.metrics,
            [metricKey("AWS/Events", "FailedInvocations", { EventBusName: SECURITY_EVENT_BUS, RuleName: "lz-alert-guardduty-high" })]: 2,
        };
        delete failing[metricKey("AWS/SNS", "NumberOfMessagesPublished", { TopicName: "lz-security-high" })];
        const { byKey } = await run({ ...world, metrics: failing }, ["guardduty-ec2"]);
        assert.equal(hop(byKey["guardduty-ec2"], "alert").pass, false);
        assert.match(hop(byKey["guardduty-ec2"], "alert").detail, /lz-alert-guardduty-high invoked 2x, 2 failed -> lz-security-high \(high\) published 0/);
    });

    it("fails the handler hop when the function errors and logs no result for the finding", async () => {
        const world = healthyWorld(graph());
        const metrics = { ...world.metrics, [metricKey("AWS/Lambda", "Errors", { FunctionName: "lz-remediation-isolate-instance" })]: 1 };
        const logs = { ...world.logs, "lz-remediation-isolate-instance": world.logs["lz-remediation-isolate-instance"].slice(0, 2) };
        const { byKey } = await run({ ...world, metrics, logs }, ["guardduty-ec2"]);
        const handler = hop(byKey["guardduty-ec2"], "handler");
        assert.equal(handler.pass, false);
        assert.match(
            handler.detail,
            /^isolate-instance: no result logged for e1f0a2b3c4d5e6f708192a3b4c5d6e7f in \/aws\/lambda\/lz-remediation-isolate-instance before the deadline; the function reported 1 errors$/,
        );
    });

    it("waits for metrics that arrive late, and times the hop from the findings' creation", async () => {
        const world = { ...healthyWorld(graph()), metricsAfter: 95_000 };
        const { byKey } = await run(world, ["guardduty-ec2"]);
        const forwarded = hop(byKey["guardduty-ec2"], "forwarded");
        assert.equal(forwarded.pass, true);
        // Read at 0, 15, ..., 90 s (nothing), then at 105 s.
        assert.equal(forwarded.ms, 105_000);
        const late = await run(world, ["guardduty-ec2"], { timeoutMs: 60_000 });
        assert.deepEqual(
            late.byKey["guardduty-ec2"].hops.map((h) => `${h.hop} ${h.pass}`),
            ["lands true", "forwarded false", "alert false", "remediation false"],
        );
        assert.equal(hop(late.byKey["guardduty-ec2"], "forwarded").ms, 60_000);
    });

    it("fails the remediation hop of a finding no remediation may take when a function logged it", async () => {
        const world = healthyWorld(graph());
        const low = world.findings["Recon:EC2/PortProbeUnprotectedPort"].id;
        const logs = {
            ...world.logs,
            "lz-remediation-isolate-instance": [
                ...world.logs["lz-remediation-isolate-instance"],
                lambdaLine({ level: "info", message: "skipped", findingId: low }),
            ],
        };
        const { byKey } = await run({ ...world, logs }, ["guardduty-low"]);
        assert.equal(hop(byKey["guardduty-low"], "remediation").pass, false);
        assert.match(hop(byKey["guardduty-low"], "remediation").detail, /; but lz-remediation-isolate-instance logged the finding$/);
    });

    it("notes a repeated sample: GuardDuty publishes updates of a finding only at its publishing frequency", async () => {
        const world = healthyWorld(graph());
        const findings = { ...world.findings, "Backdoor:EC2/C&CActivity.B": { ...world.findings["Backdoor:EC2/C&CActivity.B"], count: 3 } };
        const { byKey } = await run({ ...world, findings }, ["guardduty-ec2"]);
        assert.match(
            hop(byKey["guardduty-ec2"], "lands").detail,
            /; occurrence 3: GuardDuty publishes an update only at the detector's finding publishing frequency$/,
        );
    });

    it("refuses, before creating anything, to drill against remediations deployed to act unless --act", async () => {
        const world = healthyWorld(graph());
        await assert.rejects(
            run(world, ["guardduty-ec2"], { dryRun: false }),
            (err: Error) =>
                err instanceof LiveDrillError &&
                /^lz-remediation-isolate-instance act \(deployed with DRY_RUN=false, response\.dryRun\): the drill cannot switch them to dry-run; pass --act/.test(
                    err.message,
                ),
        );
        const acting = await run(world, ["guardduty-ec2"], { dryRun: false, act: true });
        assert.equal(acting.runs[0].pass, true, JSON.stringify(acting.runs[0].hops));
        await assert.rejects(run(world, ["access-analyzer"]), /access-analyzer: not a GuardDuty finding/);
    });

    it("creates nothing when it refuses, and prints and writes the offline drill's report shape when it runs", async () => {
        const clock = fakeClock();
        const world = healthyWorld(graph());
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lz-drill-live-"));
        const json = path.join(dir, "drill.json");
        const common = { stack: "dev", account: "payments-staging", accountId: MEMBER, region: REGION, guardDutyMinSeverity: 7, json, clock, pollMs: POLL_MS };
        const refused = scripted(world, clock);
        await assert.rejects(
            runLiveDrill({ ...common, graph: graph({ dryRun: false }), args: { live: true }, clients: async () => refused.clients }),
            /^Error: --live: lz-remediation-isolate-instance, lz-remediation-deactivate-access-key act/,
        );
        assert.equal(refused.member.commandCalls(CreateSampleFindingsCommand).length, 0);

        const aws = scripted(world, clock);
        const out: string[] = [];
        const write = process.stdout.write;
        process.stdout.write = ((chunk: string) => out.push(chunk) > 0) as typeof process.stdout.write;
        const stderr = process.stderr.write;
        process.stderr.write = (() => true) as typeof process.stderr.write;
        let code: number;
        try {
            code = await runLiveDrill({ ...common, graph: graph(), args: { live: true, timeout: "120" }, clients: async () => aws.clients });
        } finally {
            process.stdout.write = write;
            process.stderr.write = stderr;
        }
        const report = JSON.parse(fs.readFileSync(json, "utf8")) as DrillReport;
        fs.rmSync(dir, { recursive: true, force: true });
        assert.equal(code, 0, out.join(""));
        assert.deepEqual(Object.keys(report), ["stack", "account", "accountId", "region", "mode", "findings", "pass"]);
        assert.equal(report.mode, "live");
        assert.deepEqual(
            report.findings.map((f) => f.key),
            ["guardduty-ec2", "guardduty-iam-access-key", "guardduty-low"],
        );
        assert.match(
            out.join(""),
            /^Threat drill: stack dev, account payments-staging \(\d{12}\), eu-west-1, live: GuardDuty sample findings in payments-staging, followed in security-tooling/,
        );
        assert.match(out.join(""), /pass {2}handler +\d+\.\d ms {2}isolate-instance: skipped/);
        assert.match(out.join(""), /All 3 findings passed every hop\./);
    });

    it("reads the handler's own line out of Lambda's JSON log format", () => {
        assert.deepEqual(handlerLine(lambdaLine({ level: "info", message: "result: skipped", eventId: "e" }))?.message, "result: skipped");
        assert.equal(handlerLine('{"level":"info","message":"plain"}')?.message, "plain");
        assert.equal(handlerLine("START RequestId: 6f1c2a3b Version: $LATEST"), undefined);
    });

    it("names every problem with the live options at once", () => {
        assert.deepEqual(liveArgProblems({ live: true, "dry-run": true, act: true, timeout: "0", finding: ["guardduty-ec2", "config-non-compliant"] }), [
            "--dry-run and --act: choose one (dry-run is the default)",
            "--timeout 0: expected whole seconds from 1 to 3600 (default 600)",
            "--finding config-non-compliant: the live drill creates GuardDuty sample findings only (expected one of guardduty-ec2, guardduty-iam-access-key, guardduty-low; the others run offline)",
        ]);
        assert.deepEqual(liveArgProblems({ live: true, timeout: "120", "member-profile": "payments-staging-auditor" }), []);
    });
});

describe("threat drill, live, from the command line without credentials", function () {
    this.timeout(300_000);

    it("exits 2 with what to sign in to, and no stack trace", () => {
        ensureBuilt();
        const home = fs.mkdtempSync(path.join(os.tmpdir(), "lz-drill-home-"));
        const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("AWS_")));
        const r = spawnSync(
            process.execPath,
            ["dist/tools/drill.js", "--stack", "dev", "--account", "payments-staging", "--live", "--member-profile", "payments-staging-auditor"],
            {
                cwd: REPO,
                encoding: "utf8",
                // No shared config or SSO cache, and no instance metadata to fall back on.
                env: {
                    ...env,
                    HOME: home,
                    AWS_CONFIG_FILE: path.join(home, "config"),
                    AWS_SHARED_CREDENTIALS_FILE: path.join(home, "credentials"),
                    AWS_EC2_METADATA_DISABLED: "true",
                },
            },
        );
        fs.rmSync(home, { recursive: true, force: true });
        assert.equal(r.status, 2, r.stderr);
        assert.match(r.stderr, /^--live: --member-profile: no usable AWS credentials from profile payments-staging-auditor: /m);
        assert.match(r.stderr, /^--admin-profile: no usable AWS credentials from the default credential chain/m);
        assert.match(
            r.stderr,
            /aws sso login --profile <profile>, then --member-profile <profile in payments-staging> --admin-profile <profile in security-tooling>/,
        );
        assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
    });
});
