import { strict as assert } from "assert";
import { GetMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { CreateSampleFindingsCommand, ListFindingsCommand } from "@aws-sdk/client-guardduty";
import { FORWARDER_RULE_PREFIX, SECURITY_EVENT_BUS } from "../../components/shared/names";
import { LiveDrillError } from "../../tools/drill/live";
import { handlerLine } from "../../tools/drill/live-handler-logs";
import { MEMBER, REGION, TOOLING } from "./drill-fixture";
import { ADMIN_DETECTOR, ALL, graph, healthyWorld, hop, lambdaLine, MEMBER_DETECTOR, metricKey, run, START, TIMEOUT_MS } from "./drill-live-fixture";

/** The live drill's hops, followed through scripted AWS APIs (drill-live-fixture.ts). */

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

    it("reads the handler's own line out of Lambda's JSON log format", () => {
        assert.deepEqual(handlerLine(lambdaLine({ level: "info", message: "result: skipped", eventId: "e" }))?.message, "result: skipped");
        assert.equal(handlerLine('{"level":"info","message":"plain"}')?.message, "plain");
        assert.equal(handlerLine("START RequestId: 6f1c2a3b Version: $LATEST"), undefined);
    });
});
