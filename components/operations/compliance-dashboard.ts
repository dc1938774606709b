import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { COMPLIANCE_METRICS, COMPLIANCE_NAMESPACE, COMPLIANCE_PUBLISHER_FUNCTION, type ComplianceMetricName } from "./compliance-metrics";
import { GRID_WIDTH, layout, logWidget, metricWidget, searchLine, type Aggregation, type MetricLine, type Widget } from "./dashboard";

/** The publisher writes once an hour: one datapoint per period. */
const HOURLY = 3600;
const LATEST: Aggregation = { stat: "Average", period: HOURLY };
const WORST: Aggregation = { stat: "Minimum", period: HOURLY };
const MOST: Aggregation = { stat: "Maximum", period: HOURLY };

/**
 * Each remediation logs one "result" line whose outcome is remediated, dry-run, compliant, skipped or
 * rejected. Lambda's JSON log format may carry that line as an escaped string in its message, so the
 * outcome is parsed from the raw event, with or without the escapes.
 */
export const REMEDIATION_OUTCOMES_QUERY = String.raw`parse @message /outcome\?":\?"(?<outcome>[a-z-]+)/ | filter ispresent(outcome) | stats count(*) as results by @log, outcome | sort @log, outcome`;

export interface ComplianceDashboardArgs {
    /** The monitoring account's home region: where the publisher writes and the remediations log. */
    readonly region: string;
    /** Configured Security Hub standards by dashboard name (the publisher's Standard dimension); empty when Security Hub is off. */
    readonly standards: readonly string[];
    /** Name of the organization trail (the publisher's Trail dimension). */
    readonly trailName: string;
    /** Remediation functions: their invocations, errors and logged outcomes. */
    readonly remediationFunctionNames: readonly string[];
}

/** A SEARCH over one of the publisher's metrics, across every value of its dimensions. */
function complianceSearch(metric: ComplianceMetricName, id: string, aggregation: Aggregation, filter: Readonly<Record<string, string>> = {}): MetricLine {
    return searchLine([COMPLIANCE_NAMESPACE, ...COMPLIANCE_METRICS[metric].dimensions].join(","), metric, id, aggregation, filter);
}

/** One of the publisher's metrics with every dimension value named. */
function complianceLine<M extends ComplianceMetricName>(metric: M, dimensions: readonly string[], label: string): MetricLine {
    const names = COMPLIANCE_METRICS[metric].dimensions;
    return [COMPLIANCE_NAMESPACE, metric, ...names.flatMap((n, i) => [n, dimensions[i]]), { label }];
}

/**
 * The compliance dashboard of the monitoring account: Security Hub scores per standard and account,
 * conformance-pack and rule compliance per account, open policy violations, remediation outcomes, and
 * audit-trail completeness (the organization trail, each account's and region's Config source). The
 * compliance figures are the publisher's metrics; remediation outcomes are the functions' own logs.
 */
export function complianceDashboardBody(a: ComplianceDashboardArgs): { readonly widgets: readonly Widget[] } {
    const widgets: Omit<Widget, "x" | "y">[] = [
        {
            type: "text",
            width: GRID_WIDTH,
            height: 2,
            properties: {
                markdown: `## Landing zone compliance\nPublished hourly by \`${COMPLIANCE_PUBLISHER_FUNCTION}\` from the Config aggregator, Security Hub and the organization trail (namespace \`${COMPLIANCE_NAMESPACE}\`); a gap means the publisher failed (its errors are below).`,
            },
        },
    ];
    if (a.standards.length > 0) {
        widgets.push(
            metricWidget(
                "Security Hub standards enabled (1 = ready)",
                a.region,
                a.standards.map((s) => complianceLine("StandardEnabled", [s], s)),
                GRID_WIDTH,
                WORST,
            ),
            ...a.standards.map((s, i) =>
                metricWidget(
                    `Security score: ${s} (% of controls passed, per account)`,
                    a.region,
                    [complianceSearch("SecurityScore", `score${i}`, LATEST, { Standard: s })],
                    12,
                    LATEST,
                ),
            ),
        );
    }
    widgets.push(
        metricWidget(
            "Conformance-pack compliance (% of rules compliant, per pack and account)",
            a.region,
            [complianceSearch("ConformancePackCompliance", "packs", LATEST)],
            12,
            LATEST,
        ),
        metricWidget(
            "Open policy violations (non-compliant rules, per account)",
            a.region,
            [complianceSearch("OpenPolicyViolations", "violations", MOST)],
            12,
            MOST,
        ),
        metricWidget("Non-compliant resources per rule and account", a.region, [complianceSearch("NonCompliantResources", "rules", MOST)], GRID_WIDTH, MOST),
        metricWidget(
            "Organization trail: logging, log file validation (1 = on)",
            a.region,
            [complianceLine("TrailLogging", [a.trailName], "logging"), complianceLine("TrailLogFileValidation", [a.trailName], "log file validation")],
            12,
            WORST,
        ),
        metricWidget(
            "Organization trail: minutes since last delivery",
            a.region,
            [complianceLine("TrailDeliveryAgeMinutes", [a.trailName], "minutes since last delivery")],
            12,
            MOST,
        ),
        metricWidget(
            "Config sources reporting (1 = last update succeeded, per account and region)",
            a.region,
            [complianceSearch("ConfigSourceHealthy", "sources", WORST)],
            GRID_WIDTH,
            WORST,
        ),
    );
    if (a.remediationFunctionNames.length > 0) {
        widgets.push(
            logWidget(
                "Remediation outcomes (last period)",
                a.region,
                a.remediationFunctionNames.map((fn) => `/aws/lambda/${fn}`),
                REMEDIATION_OUTCOMES_QUERY,
            ),
            metricWidget(
                "Remediation invocations and errors",
                a.region,
                a.remediationFunctionNames.flatMap((fn): MetricLine[] => [
                    ["AWS/Lambda", "Invocations", "FunctionName", fn, { label: `${fn} invocations` }],
                    ["AWS/Lambda", "Errors", "FunctionName", fn, { label: `${fn} errors` }],
                ]),
            ),
        );
    }
    widgets.push(
        metricWidget(
            "Compliance publisher errors",
            a.region,
            [["AWS/Lambda", "Errors", "FunctionName", COMPLIANCE_PUBLISHER_FUNCTION, { label: "errors" }]],
            GRID_WIDTH,
        ),
    );
    return { widgets: layout(widgets) };
}

export interface ComplianceDashboardComponentArgs extends ComplianceDashboardArgs {
    /** The publisher: the dashboard's figures exist once it runs. */
    readonly publisher: pulumi.Resource;
}

export class ComplianceDashboard extends pulumi.ComponentResource {
    readonly dashboard: aws.cloudwatch.Dashboard;

    constructor(name: string, args: ComplianceDashboardComponentArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:operations:ComplianceDashboard", name, {}, opts);
        this.dashboard = new aws.cloudwatch.Dashboard(
            `${name}-dashboard`,
            { dashboardName: "landing-zone-compliance", dashboardBody: JSON.stringify(complianceDashboardBody(args)) },
            { parent: this, dependsOn: [args.publisher] },
        );
        this.registerOutputs({ dashboardName: this.dashboard.dashboardName });
    }
}
