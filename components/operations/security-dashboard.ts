import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { GRID_WIDTH, layout, metricWidget, searchLine, type MetricLine, type Widget } from "./dashboard";

export interface SecurityDashboardArgs {
    /** The monitoring account's home region, where the bus, alarms and remediations are. */
    readonly region: string;
    readonly partition: string;
    /** The monitoring (security-tooling) account. */
    readonly accountId: string;
    /** The CIS controls' alarms and the metrics their filters publish. */
    readonly cisNamespace: string;
    readonly cisControls: readonly { readonly alarmName: string; readonly metricName: string; readonly description: string }[];
    /** The central security bus and its alert rules (one per finding source and severity). */
    readonly busName: string;
    readonly alertRuleNames: readonly string[];
    readonly remediationFunctionNames: readonly string[];
    /** Every region with a Network Firewall and DNS Firewall; linked accounts' metrics are searched there. */
    readonly networkRegions: readonly string[];
}

/**
 * The security dashboard of the monitoring account: CIS alarm states, identity activity from the trail's
 * metric filters, security findings as the central bus's alert rules match them, remediation invocations
 * and errors, and, per network region, Network Firewall drops and DNS Firewall rule matches across the
 * linked accounts.
 */
export function securityDashboardBody(a: SecurityDashboardArgs): { readonly widgets: readonly Widget[] } {
    const alarmArn = (name: string) => `arn:${a.partition}:cloudwatch:${a.region}:${a.accountId}:alarm:${name}`;
    const widgets: Omit<Widget, "x" | "y">[] = [
        {
            type: "text",
            width: GRID_WIDTH,
            height: 2,
            properties: {
                markdown:
                    "## Landing zone security\nCIS alarms, identity activity, findings reaching the security bus, automated remediation, firewall drops. Flow-log and DNS-log questions: the saved queries of the `landing-zone-log-analytics` Athena workgroup (log-archive account).",
            },
        },
    ];
    if (a.cisControls.length > 0) {
        widgets.push({
            type: "alarm",
            width: GRID_WIDTH,
            height: 4,
            properties: { title: "CIS alarms", alarms: a.cisControls.map((c) => alarmArn(c.alarmName)), sortBy: "stateUpdatedTimestamp", states: [] },
        });
        widgets.push(
            metricWidget(
                "Identity and configuration activity (organization trail)",
                a.region,
                a.cisControls.map((c) => [a.cisNamespace, c.metricName, { label: c.description }]),
                GRID_WIDTH,
            ),
        );
    }
    widgets.push(
        metricWidget(
            "Findings and events matched by alert rules",
            a.region,
            a.alertRuleNames.map((rule) => ["AWS/Events", "MatchedEvents", "EventBusName", a.busName, "RuleName", rule, { label: rule }]),
        ),
        metricWidget(
            "Automated remediation",
            a.region,
            a.remediationFunctionNames.flatMap((fn): MetricLine[] => [
                ["AWS/Lambda", "Invocations", "FunctionName", fn, { label: `${fn} invocations` }],
                ["AWS/Lambda", "Errors", "FunctionName", fn, { label: `${fn} errors` }],
            ]),
        ),
    );
    for (const region of a.networkRegions) {
        widgets.push(
            metricWidget(`Network Firewall dropped packets (${region})`, region, [
                searchLine("AWS/NetworkFirewall,AvailabilityZone,Engine,FirewallName", "DroppedPackets", "drops"),
            ]),
            metricWidget(`DNS Firewall rule matches (${region})`, region, [
                searchLine("AWS/Route53Resolver,FirewallDomainListId,FirewallRuleGroupId", "FirewallRuleQueryVolume", "dnsmatches"),
            ]),
        );
    }
    return { widgets: layout(widgets) };
}

export interface SecurityDashboardComponentArgs extends Omit<SecurityDashboardArgs, "accountId"> {
    readonly accountId: pulumi.Input<string>;
    /** Alarms the dashboard shows: its widgets name them, so they exist first. */
    readonly alarms: readonly pulumi.Resource[];
}

export class SecurityDashboard extends pulumi.ComponentResource {
    readonly dashboard: aws.cloudwatch.Dashboard;

    constructor(name: string, args: SecurityDashboardComponentArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:operations:SecurityDashboard", name, {}, opts);
        this.dashboard = new aws.cloudwatch.Dashboard(
            `${name}-dashboard`,
            {
                dashboardName: "landing-zone-security",
                dashboardBody: pulumi.output(args.accountId).apply((accountId) => JSON.stringify(securityDashboardBody({ ...args, accountId }))),
            },
            { parent: this, dependsOn: [...args.alarms] },
        );
        this.registerOutputs({ dashboardName: this.dashboard.dashboardName });
    }
}
