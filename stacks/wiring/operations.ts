import { LogAnalytics } from "../../components/operations/log-analytics";
import { LOG_ANALYTICS_DATABASE, LOG_ANALYTICS_WORKGROUP, queryResultsBucketName } from "../../components/shared/names";
import type { DataLayer, LandingZoneContext } from "../context";
import type { NetworkLayer } from "./network";

/** Days Athena results are kept: long enough to finish an investigation, short enough not to become a second archive. */
const QUERY_RESULTS_EXPIRATION_DAYS = 30;
/** 1 TB per query: far above a day's flow logs of a large estate, far below a full scan of years of them. */
const BYTES_SCANNED_CUTOFF_PER_QUERY = 1_000_000_000_000;
/** Days the saved queries look back unless the analyst edits them. */
const QUERY_LOOKBACK_DAYS = 7;

/**
 * Operating the estate: flow-log and DNS-log analysis in the log-archive account, over every account's
 * and region's logs.
 */
export async function wireOperations(ctx: LandingZoneContext, data: DataLayer, network: NetworkLayer): Promise<void> {
    const { config } = ctx;
    const home = config.regions.home;
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
            protect: ctx.protect,
        },
        { provider: ctx.member.get(archive.name, home) },
    );
}
