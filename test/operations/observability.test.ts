import * as assert from "assert";
import { observabilitySinkPolicy, OBSERVABILITY_RESOURCE_TYPES } from "../../components/policies/operations";
import type { Widget } from "../../components/operations/security-dashboard";
import type { ReportResource } from "../../tools/report";
import { expectDecisions, expectValidDocuments } from "../support/iam-simulation";
import { runPreview } from "../support/preview";

type Inputs = Record<string, any>;

/**
 * What a dashboard body names that the graph does not have: alarms (by ARN: account, region, name),
 * metric lines (namespace and metric of the trail's metric filters, Lambda functions, bus rules), search
 * regions without a firewall, and widgets off the grid or overlapping.
 */
function dashboardProblems(dashboard: ReportResource, resources: readonly ReportResource[]): string[] {
    const problems: string[] = [];
    const body = JSON.parse((dashboard.inputs as Inputs).dashboardBody) as { widgets: Widget[] };
    const inScope = (r: ReportResource, region?: string) => r.account === dashboard.account && r.region === (region ?? dashboard.region);
    const of = (type: string, region?: string) => resources.filter((r) => r.type === type && inScope(r, region)).map((r) => r.inputs as Inputs);
    const cells = new Set<string>();
    for (const w of body.widgets) {
        if (!["metric", "alarm", "text"].includes(w.type)) problems.push(`widget type ${w.type}`);
        if (w.x < 0 || w.y < 0 || w.width < 1 || w.height < 1 || w.x + w.width > 24) problems.push(`widget "${w.properties.title}" off the grid`);
        for (let x = w.x; x < w.x + w.width; x++)
            for (let y = w.y; y < w.y + w.height; y++) {
                if (cells.has(`${x},${y}`)) problems.push(`widget "${w.properties.title}" overlaps another at ${x},${y}`);
                cells.add(`${x},${y}`);
            }
        if (w.type === "alarm") {
            for (const arn of w.properties.alarms as string[]) {
                const m = /^arn:aws:cloudwatch:([a-z0-9-]+):(\d{12}):alarm:(.+)$/.exec(arn);
                if (!m || m[1] !== dashboard.region || m[2] !== dashboard.account || !of("aws:cloudwatch/metricAlarm:MetricAlarm").some((a) => a.name === m[3]))
                    problems.push(`alarm ${arn} is not an alarm of the dashboard's account and region`);
            }
        }
        if (w.type === "metric") {
            const region = w.properties.region as string;
            for (const line of w.properties.metrics as (string | Inputs)[][]) {
                const [first] = line;
                if (typeof first === "object") {
                    const expression = String(first.expression);
                    if (!/^SEARCH\('\{AWS\/[A-Za-z0-9]+(,[A-Za-z]+)*\} MetricName="[A-Za-z]+"', 'Sum', \d+\)$/.test(expression))
                        problems.push(`expression ${expression}`);
                    if (
                        expression.includes("AWS/NetworkFirewall") &&
                        !resources.some((r) => r.type === "aws:networkfirewall/firewall:Firewall" && r.region === region)
                    )
                        problems.push(`Network Firewall search in ${region}, which has no firewall`);
                    continue;
                }
                const [namespace, metric, ...rest] = line as string[];
                const dims = Object.fromEntries(
                    rest
                        .filter((x) => typeof x === "string")
                        .reduce<string[][]>((pairs, x, i) => (i % 2 === 0 ? [...pairs, [x]] : [...pairs.slice(0, -1), [...pairs[pairs.length - 1], x]]), []),
                );
                if (namespace === "AWS/Lambda") {
                    if (!of("aws:lambda/function:Function", region).some((f) => f.name === dims.FunctionName))
                        problems.push(`no function ${dims.FunctionName}`);
                } else if (namespace === "AWS/Events") {
                    if (!of("aws:cloudwatch/eventRule:EventRule", region).some((r) => r.name === dims.RuleName && r.eventBusName === dims.EventBusName))
                        problems.push(`no rule ${dims.RuleName} on bus ${dims.EventBusName}`);
                } else if (
                    !of("aws:cloudwatch/logMetricFilter:LogMetricFilter", region).some(
                        (f) => f.metricTransformation?.namespace === namespace && f.metricTransformation?.name === metric,
                    )
                )
                    problems.push(`no metric filter publishes ${namespace} ${metric}`);
            }
        }
    }
    return problems;
}

describe("one place to look: cross-account observability and the security dashboard", () => {
    describe("the sink policy", () => {
        const doc = observabilitySinkPolicy("o-a1b2c3d4e5");
        const sink = "arn:aws:oam:eu-west-1:222222222222:sink/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111";
        const link = (orgId: string, types: readonly string[], expected: "Allowed" | "ImplicitlyDenied", description: string) => ({
            description,
            principal: "arn:aws:iam::333333333333:role/OrganizationAccountAccessRole",
            action: "oam:CreateLink",
            resource: sink,
            resourceAccount: "222222222222",
            context: { "aws:PrincipalOrgID": orgId, "oam:ResourceTypes": [...types] },
            expected,
        });
        it("is a valid document", async () => expectValidDocuments({ sink: doc }));
        it("lets an organization account link its metrics and logs, and nothing else or nobody else", async () => {
            await expectDecisions({ resourcePolicy: doc }, [
                link("o-a1b2c3d4e5", OBSERVABILITY_RESOURCE_TYPES, "Allowed", "member links metrics and log groups"),
                link("o-a1b2c3d4e5", ["AWS::CloudWatch::Metric"], "Allowed", "member links metrics only"),
                link("o-zzzzzzzzzz", OBSERVABILITY_RESOURCE_TYPES, "ImplicitlyDenied", "an account of another organization"),
                link("o-a1b2c3d4e5", [...OBSERVABILITY_RESOURCE_TYPES, "AWS::XRay::Trace"], "ImplicitlyDenied", "member also shares traces"),
            ]);
        });
    });

    describe("the dashboard check", () => {
        const dashboard = (widgets: unknown[]): ReportResource =>
            ({
                urn: "urn:d",
                type: "aws:cloudwatch/dashboard:Dashboard",
                account: "222222222222",
                region: "eu-west-1",
                inputs: { dashboardBody: JSON.stringify({ widgets }) },
            }) as unknown as ReportResource;
        const alarm = {
            urn: "urn:a",
            type: "aws:cloudwatch/metricAlarm:MetricAlarm",
            account: "222222222222",
            region: "eu-west-1",
            inputs: { name: "cis-root-usage" },
        };
        it("finds an alarm, function or metric the graph does not have, and overlapping widgets", () => {
            const widgets = [
                { type: "alarm", x: 0, y: 0, width: 24, height: 2, properties: { alarms: ["arn:aws:cloudwatch:eu-west-1:222222222222:alarm:cis-root-usage"] } },
                { type: "alarm", x: 0, y: 2, width: 12, height: 2, properties: { alarms: ["arn:aws:cloudwatch:eu-west-1:222222222222:alarm:cis-no-such"] } },
                {
                    type: "metric",
                    x: 6,
                    y: 2,
                    width: 12,
                    height: 2,
                    properties: { region: "eu-west-1", metrics: [["AWS/Lambda", "Errors", "FunctionName", "gone"]] },
                },
                { type: "metric", x: 0, y: 4, width: 12, height: 2, properties: { region: "eu-west-1", metrics: [["LandingZone/CIS", "RootUsage"]] } },
            ];
            assert.deepStrictEqual(
                dashboardProblems(dashboard(widgets), [alarm as unknown as ReportResource])
                    .map((p) => p.replace(/ at \d+,\d+$/, ""))
                    .filter((p, i, a) => a.indexOf(p) === i),
                [
                    "alarm arn:aws:cloudwatch:eu-west-1:222222222222:alarm:cis-no-such is not an alarm of the dashboard's account and region",
                    'widget "undefined" overlaps another',
                    "no function gone",
                    "no metric filter publishes LandingZone/CIS RootUsage",
                ],
            );
        });
    });

    for (const stack of ["dev", "prod"]) {
        describe(`in ${stack}'s graph`, function () {
            this.timeout(10 * 60 * 1000);
            let resources: readonly ReportResource[] = [];
            before(() => {
                const run = runPreview({ stack });
                assert.ok(run.report, run.stderr);
                resources = run.report.resources;
            });
            const ofType = (type: string) => resources.filter((r) => r.type === type);

            it("every member account but the monitoring one links to the sink of each region where it is, after the sink policy admits it", () => {
                const sinks = ofType("aws:oam/sink:Sink");
                const policies = ofType("aws:oam/sinkPolicy:SinkPolicy");
                const links = ofType("aws:oam/link:Link");
                const monitoring = new Set(sinks.map((s) => s.account));
                assert.strictEqual(monitoring.size, 1, "one monitoring account");
                const regions = [...new Set(ofType("aws:kms/key:Key").map((k) => k.region))].sort();
                assert.deepStrictEqual(sinks.map((s) => s.region).sort(), regions, "a sink in every region");
                const members = [...new Set(ofType("aws:organizations/account:Account").map((a) => a.id!))].filter((id) => !monitoring.has(id));
                assert.ok(members.length > 0);
                for (const account of members)
                    for (const region of regions) {
                        const found = links.filter((l) => l.account === account && l.region === region);
                        assert.strictEqual(found.length, 1, `${account} ${region}: one link`);
                        const policy = policies.find((p) => p.region === region)!;
                        assert.ok(found[0].dependencies.includes(policy.urn), `${account} ${region}: the link waits for its region's sink policy`);
                        assert.deepStrictEqual((found[0].inputs as Inputs).resourceTypes, [...OBSERVABILITY_RESOURCE_TYPES]);
                    }
                assert.ok(!links.some((l) => monitoring.has(l.account!)), "the monitoring account does not link to itself");
            });

            it("the security dashboard names only alarms, metrics, functions and rules that exist, on a valid grid", () => {
                const dashboards = ofType("aws:cloudwatch/dashboard:Dashboard");
                assert.strictEqual(dashboards.length, 1);
                const [dashboard] = dashboards;
                assert.deepStrictEqual(dashboardProblems(dashboard, resources), []);
                const body = JSON.parse((dashboard.inputs as Inputs).dashboardBody) as { widgets: Widget[] };
                const alarms = body.widgets.filter((w) => w.type === "alarm").flatMap((w) => w.properties.alarms as string[]);
                const cis = ofType("aws:cloudwatch/metricAlarm:MetricAlarm").filter((a) => /^cis-/.test((a.inputs as Inputs).name));
                assert.ok(cis.length > 10);
                assert.strictEqual(alarms.length, cis.length, "every CIS alarm is on the dashboard");
                const functions = ofType("aws:lambda/function:Function").filter((f) => f.account === dashboard.account);
                const lambdaLines = body.widgets
                    .flatMap((w) => (w.type === "metric" ? (w.properties.metrics as unknown[][]) : []))
                    .filter((l) => l[0] === "AWS/Lambda");
                assert.ok(
                    functions.every((f) => lambdaLines.some((l) => l[3] === (f.inputs as Inputs).name)),
                    "every remediation on the dashboard",
                );
            });
        });
    }
});
