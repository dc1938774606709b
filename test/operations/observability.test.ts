import * as assert from "assert";
import { observabilitySinkPolicy, OBSERVABILITY_RESOURCE_TYPES } from "../../components/policies/operations";
import type { Widget } from "../../components/operations/dashboard";
import { COMPLIANCE_METRICS, COMPLIANCE_NAMESPACE, COMPLIANCE_PUBLISHER_FUNCTION } from "../../components/operations/compliance-metrics";
import { COMPLIANCE_PUBLISH_SCHEDULE } from "../../components/operations/compliance-publisher";
import type { ReportResource } from "../../tools/report-model";
import { expectDecisions } from "../support/iam-simulation";
import { expectValidDocuments } from "../support/iam-documents";
import { describeStackGraphs } from "./stack-graph";

type Inputs = Record<string, any>;

/** Why a compliance metric with these dimension names is not one the publisher publishes, or undefined. */
function complianceMetricProblem(metric: string, dimensions: readonly string[]): string | undefined {
    const spec = COMPLIANCE_METRICS[metric as keyof typeof COMPLIANCE_METRICS];
    if (!spec) return `the publisher publishes no ${metric}`;
    if ([...dimensions].sort().join(",") !== [...spec.dimensions].sort().join(","))
        return `${metric} is published with dimensions ${spec.dimensions.join(",")}, not ${dimensions.join(",")}`;
    return undefined;
}

/**
 * What a dashboard body names that the graph does not have: alarms (by ARN: account, region, name),
 * metric lines (namespace and metric of the trail's metric filters, Lambda functions, bus rules, the
 * compliance publisher's list), search regions without a firewall, Logs Insights sources that are not
 * log groups of the dashboard's account and region, and widgets off the grid or overlapping.
 */
function dashboardProblems(dashboard: ReportResource, resources: readonly ReportResource[]): string[] {
    const problems: string[] = [];
    const body = JSON.parse((dashboard.inputs as Inputs).dashboardBody) as { widgets: Widget[] };
    const inScope = (r: ReportResource, region?: string) => r.account === dashboard.account && r.region === (region ?? dashboard.region);
    const of = (type: string, region?: string) => resources.filter((r) => r.type === type && inScope(r, region)).map((r) => r.inputs as Inputs);
    const cells = new Set<string>();
    for (const w of body.widgets) {
        if (!["metric", "alarm", "text", "log"].includes(w.type)) problems.push(`widget type ${w.type}`);
        if (w.type === "log") {
            const query = String(w.properties.query);
            const sources = [...query.matchAll(/SOURCE '([^']+)'/g)].map((m) => m[1]);
            if (sources.length === 0) problems.push(`log widget "${w.properties.title}" reads no log group`);
            for (const group of sources)
                if (!of("aws:cloudwatch/logGroup:LogGroup", w.properties.region as string).some((g) => g.name === group))
                    problems.push(`no log group ${group}`);
        }
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
                    const search =
                        /^SEARCH\('\{([A-Za-z0-9]+\/[A-Za-z0-9]+)((?:,[A-Za-z]+)*)\} MetricName="([A-Za-z]+)"((?: [A-Za-z]+="[^"]+")*)', '(Sum|Average|Minimum|Maximum)', \d+\)$/.exec(
                            expression,
                        );
                    if (!search) {
                        problems.push(`expression ${expression}`);
                        continue;
                    }
                    const [, namespace, dimensionList, metric, filters] = search;
                    const dimensions = dimensionList.split(",").filter(Boolean);
                    const filtered = [...filters.matchAll(/ ([A-Za-z]+)="/g)].map((m) => m[1]);
                    if (filtered.some((d) => !dimensions.includes(d))) problems.push(`expression ${expression} filters on a dimension it does not search`);
                    if (namespace === COMPLIANCE_NAMESPACE) {
                        const problem = complianceMetricProblem(metric, dimensions);
                        if (problem) problems.push(problem);
                    } else if (!namespace.startsWith("AWS/")) problems.push(`expression ${expression} searches ${namespace}`);
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
                if (namespace === COMPLIANCE_NAMESPACE) {
                    const problem = complianceMetricProblem(metric, Object.keys(dims));
                    if (problem) problems.push(problem);
                } else if (namespace === "AWS/Lambda") {
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
        it("finds an alarm, function, metric or log group the graph or the publisher's list does not have, and overlapping widgets", () => {
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
                {
                    type: "metric",
                    x: 0,
                    y: 6,
                    width: 12,
                    height: 2,
                    properties: {
                        region: "eu-west-1",
                        metrics: [
                            [COMPLIANCE_NAMESPACE, "SecurityScore", "Standard", "cis", { label: "score" }],
                            [{ expression: `SEARCH('{${COMPLIANCE_NAMESPACE},AccountId} MetricName="ComplianceScore"', 'Average', 3600)`, id: "x" }],
                        ],
                    },
                },
                { type: "log", x: 12, y: 6, width: 12, height: 2, properties: { region: "eu-west-1", query: "SOURCE '/aws/lambda/gone' | stats count(*)" } },
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
                    "SecurityScore is published with dimensions Standard,AccountId, not Standard",
                    "the publisher publishes no ComplianceScore",
                    "no log group /aws/lambda/gone",
                ],
            );
        });
    });

    describeStackGraphs(
        (stack) => `in ${stack}'s graph`,
        ({ ofType, resources }) => {
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

            const dashboardNamed = (name: string) => {
                const found = ofType("aws:cloudwatch/dashboard:Dashboard").filter((d) => (d.inputs as Inputs).dashboardName === name);
                assert.strictEqual(found.length, 1, `one dashboard ${name}`);
                return found[0];
            };

            it("the security dashboard names only alarms, metrics, functions and rules that exist, on a valid grid", () => {
                const dashboard = dashboardNamed("landing-zone-security");
                assert.deepStrictEqual(dashboardProblems(dashboard, resources()), []);
                const body = JSON.parse((dashboard.inputs as Inputs).dashboardBody) as { widgets: Widget[] };
                const alarms = body.widgets.filter((w) => w.type === "alarm").flatMap((w) => w.properties.alarms as string[]);
                const cis = ofType("aws:cloudwatch/metricAlarm:MetricAlarm").filter((a) => /^cis-/.test((a.inputs as Inputs).name));
                assert.ok(cis.length > 10);
                assert.strictEqual(alarms.length, cis.length, "every CIS alarm is on the dashboard");
                const functions = ofType("aws:lambda/function:Function").filter(
                    (f) => f.account === dashboard.account && (f.inputs as Inputs).name.startsWith("lz-remediation-"),
                );
                const lambdaLines = body.widgets
                    .flatMap((w) => (w.type === "metric" ? (w.properties.metrics as unknown[][]) : []))
                    .filter((l) => l[0] === "AWS/Lambda");
                assert.ok(
                    functions.every((f) => lambdaLines.some((l) => l[3] === (f.inputs as Inputs).name)),
                    "every remediation on the dashboard",
                );
            });

            it("the compliance dashboard names only metrics the publisher publishes and functions and log groups that exist, on a valid grid", () => {
                const dashboard = dashboardNamed("landing-zone-compliance");
                assert.deepStrictEqual(dashboardProblems(dashboard, resources()), []);
                const body = JSON.stringify(JSON.parse((dashboard.inputs as Inputs).dashboardBody));
                // Every figure of the issue is on it: each metric of the publisher's list, and the remediations' outcomes.
                for (const metric of Object.keys(COMPLIANCE_METRICS))
                    assert.ok(body.includes(`"${metric}"`) || body.includes(`MetricName=\\"${metric}\\"`), metric);
                const remediations = ofType("aws:lambda/function:Function").filter((f) => (f.inputs as Inputs).name.startsWith("lz-remediation-"));
                for (const f of remediations)
                    assert.ok(body.includes(`SOURCE '/aws/lambda/${(f.inputs as Inputs).name}'`), `${(f.inputs as Inputs).name} outcomes`);
            });

            it("the compliance publisher runs hourly in the dashboard's account and region, on a schedule that invokes only it", () => {
                const dashboard = dashboardNamed("landing-zone-compliance");
                const publisher = ofType("aws:lambda/function:Function").find((f) => (f.inputs as Inputs).name === COMPLIANCE_PUBLISHER_FUNCTION);
                assert.ok(publisher);
                assert.deepStrictEqual([publisher.account, publisher.region], [dashboard.account, dashboard.region]);
                const env = (publisher.inputs as Inputs).environment.variables as Record<string, string>;
                const accounts = new Set(ofType("aws:organizations/account:Account").map((a) => a.id));
                assert.ok(env.ACCOUNTS.split(",").length === accounts.size + 1, "every member account and the management account");
                const schedule = ofType("aws:cloudwatch/eventRule:EventRule").filter(
                    (r) => (r.inputs as Inputs).scheduleExpression === COMPLIANCE_PUBLISH_SCHEDULE,
                );
                assert.strictEqual(schedule.length, 1);
                const targets = ofType("aws:cloudwatch/eventTarget:EventTarget").filter(
                    (t) => (t.inputs as Inputs).rule === (schedule[0].inputs as Inputs).name,
                );
                assert.strictEqual(targets.length, 1);
                const role = ofType("aws:iam/rolePolicy:RolePolicy").find((p) => p.name === "operations-compliance-role-policy");
                const statement = JSON.parse((role!.inputs as Inputs).policy).Statement.find((x: { Sid: string }) => x.Sid === "PublishComplianceMetrics");
                assert.deepStrictEqual(statement.Condition, { StringEquals: { "cloudwatch:namespace": COMPLIANCE_NAMESPACE } });
            });
        },
    );
});
