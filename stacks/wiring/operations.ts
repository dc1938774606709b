import { ComplianceDashboard } from "../../components/operations/compliance-dashboard";
import { CompliancePublisher } from "../../components/operations/compliance-publisher";
import { LogAnalytics } from "../../components/operations/log-analytics";
import { linkToSink, ObservabilitySink } from "../../components/operations/observability";
import { IncidentRunbook } from "../../components/operations/runbooks";
import { SecurityDashboard } from "../../components/operations/security-dashboard";
import { partitionOf, regionCode } from "../../components/organization/naming";
import { CIS_METRIC_NAMESPACE, cisAlarmName, cisMetricName } from "../../components/security/cis-alarms";
import { standardArn } from "../../components/security/security-hub";
import {
    CONFIG_AGGREGATOR_NAME,
    LOG_ANALYTICS_DATABASE,
    LOG_ANALYTICS_WORKGROUP,
    ORGANIZATION_TRAIL_LOG_GROUP,
    ORGANIZATION_TRAIL_NAME,
    organizationTrailArn,
    queryResultsBucketName,
    RUNBOOKS,
} from "../../components/shared/names";
import type { DataLayer, LandingZoneContext } from "../context";
import { nextTurn } from "../turn";
import type { NetworkLayer } from "./network";
import type { ResponseLayer } from "./response";
import type { SecurityLayer } from "./security";

/** The areas operations reads from. */
export interface OperationsInputs {
    readonly data: DataLayer;
    readonly network: NetworkLayer;
    readonly security: SecurityLayer;
    readonly response: ResponseLayer;
}

/** Days Athena results are kept: long enough to finish an investigation, short enough not to become a second archive. */
const QUERY_RESULTS_EXPIRATION_DAYS = 30;
/** 1 TB per query: far above a day's flow logs of a large estate, far below a full scan of years of them. */
const BYTES_SCANNED_CUTOFF_PER_QUERY = 1_000_000_000_000;
/** Days the saved queries look back unless the analyst edits them. */
const QUERY_LOOKBACK_DAYS = 7;
/** Hours of the organization trail a runbook scopes by default: alerts are fresh, and a responder widens it by hand. */
const RUNBOOK_LOOKBACK_HOURS = 72;
/** The trail delivers within about 15 minutes; twice that without an event means it is still not logging. */
const TRAIL_DELIVERY_TOLERANCE_MINUTES = 30;

/**
 * Operating the estate: one place to look (a CloudWatch cross-account observability sink per region in
 * the security-tooling account, linked from every other member account, and the security dashboard there)
 * flow-log and DNS-log analysis in the log-archive account, over every account's and region's logs, and
 * the incident-response runbooks with their Security Hub custom actions in the security-tooling account.
 */
export async function wireOperations(ctx: LandingZoneContext, { data, network, security, response }: OperationsInputs): Promise<void> {
    const { config } = ctx;
    const home = config.regions.home;
    const tooling = ctx.organization.core("securityTooling");
    const organizationId = ctx.organization.organization.id;

    for (const region of config.regions.allowed) {
        const sink = new ObservabilitySink(`operations-sink-${regionCode(region)}`, { organizationId }, { provider: ctx.member.get(tooling.name, region) });
        for (const account of ctx.organization.accounts.values()) {
            if (account.name === tooling.name) continue;
            linkToSink(`operations-link-${account.name}-${regionCode(region)}`, sink, { provider: ctx.member.get(account.name, region) });
        }
        await nextTurn();
    }

    new SecurityDashboard(
        "operations-security",
        {
            region: home,
            partition: partitionOf(home),
            accountId: tooling.id,
            cisNamespace: CIS_METRIC_NAMESPACE,
            cisControls: security.cisControls.map((c) => ({ alarmName: cisAlarmName(c), metricName: cisMetricName(c), description: c.description })),
            alarms: security.cisAlarms,
            busName: response.busName,
            alertRuleNames: response.alertRuleNames,
            remediationFunctionNames: Object.values(response.functionNames),
            networkRegions: [...network.regions.keys()],
        },
        { provider: ctx.member.get(tooling.name, home) },
    );

    // Compliance figures need the organization's Config aggregator; without Config there is nothing to publish.
    if (security.configAggregator) {
        const standards = config.security.securityHub.enabled
            ? config.security.securityHub.standards.map((name) => ({ name, arn: standardArn(name, home) }))
            : [];
        const toolingHome = { provider: ctx.member.get(tooling.name, home) };
        const publisher = new CompliancePublisher(
            "operations-compliance",
            {
                region: home,
                partition: partitionOf(home),
                accountId: tooling.id,
                aggregatorName: CONFIG_AGGREGATOR_NAME,
                aggregator: security.configAggregator.aggregator,
                standards,
                trailArn: organizationTrailArn(config),
                accountIds: [config.managementAccountId, ...[...ctx.organization.accounts.values()].map((a) => a.id)],
                regions: config.regions.allowed,
                logsKeyArn: data.keyArn(tooling.name, home, "logs"),
                environmentKeyArn: data.keyArn(tooling.name, home, "secrets"),
                logRetentionDays: config.settings.logRetentionDays,
            },
            toolingHome,
        );
        new ComplianceDashboard(
            "operations-compliance",
            {
                region: home,
                standards: standards.map((s) => s.name),
                trailName: ORGANIZATION_TRAIL_NAME,
                remediationFunctionNames: Object.values(response.functionNames),
                publisher: publisher.function,
            },
            toolingHome,
        );
    }

    // Queries run where the logs live: no copy of the archive crosses an account, and results can be
    // access-logged to the archive's access-log bucket (S3 logs only to a bucket of the same account and region).
    const archive = ctx.organization.core("logArchive");
    const regional = [...network.regions.values()];
    new LogAnalytics(
        "analytics",
        {
            region: home,
            accountId: archive.id,
            workgroupName: LOG_ANALYTICS_WORKGROUP,
            databaseName: LOG_ANALYTICS_DATABASE,
            resultsBucketName: queryResultsBucketName(config),
            resultsKeyArn: data.keyArn(archive.name, home, "s3"),
            accessLogBucketName: data.logBucketName("access-logs"),
            accessLogsReady: data.logBucketPolicy("access-logs"),
            resultsExpirationDays: QUERY_RESULTS_EXPIRATION_DAYS,
            bytesScannedCutoffPerQuery: BYTES_SCANNED_CUTOFF_PER_QUERY,
            flowLogBucketName: data.logBucketName("flow-logs"),
            dnsQueryLogBucketName: data.logBucketName("dns-query-logs"),
            accountIds: [...ctx.organization.accounts.values()].map((a) => a.id),
            regions: config.regions.allowed,
            queryLoggedVpcIds: [...regional.flatMap((r) => [r.inspection.vpc.id, r.endpoints.vpc.id]), ...[...network.spokes.values()].map((s) => s.vpc.id)],
            inspectionVpcIds: regional.map((r) => r.inspection.vpc.id),
            eastWestPorts: [...new Set(config.network.eastWest.flatMap((rule) => rule.ports))].sort((a, b) => a - b),
            lookbackDays: QUERY_LOOKBACK_DAYS,
        },
        { provider: ctx.member.get(archive.name, home) },
    );

    // Runbooks live with Security Hub's administrator and the organization trail's central log group.
    for (const runbook of RUNBOOKS) {
        new IncidentRunbook(
            `operations-runbook-${runbook}`,
            {
                runbook,
                partition: partitionOf(home),
                region: home,
                accountId: tooling.id,
                trailLogGroup: ORGANIZATION_TRAIL_LOG_GROUP,
                lookbackHours: RUNBOOK_LOOKBACK_HOURS,
                deliveryToleranceMinutes: TRAIL_DELIVERY_TOLERANCE_MINUTES,
                approvers: config.response.runbookApprovers,
                securityHub: security.securityHubPolicy,
            },
            { provider: ctx.member.get(tooling.name, home) },
        );
    }
}
