import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { toJson } from "../policies/document";
import { queryResultsBucketPolicy } from "../policies/s3";
import { DNS_QUERY_LOG_COLUMNS, LogColumn, VPC_FLOW_LOG_COLUMNS } from "../shared/log-formats";
import { partitionOf } from "../organization/naming";
import { logQueries } from "./log-queries";

export interface LogAnalyticsArgs {
    /** Region of the provider: the home region, where the archive buckets are. */
    readonly region: string;
    /** Account that owns the workgroup and its results: the log-archive account. */
    readonly accountId: pulumi.Input<string>;
    readonly workgroupName: string;
    readonly databaseName: string;
    readonly resultsBucketName: pulumi.Input<string>;
    /** The owning account's s3 key: results are copies of archived logs and stay encrypted. */
    readonly resultsKeyArn: pulumi.Input<string>;
    readonly resultsExpirationDays: number;
    /** The archive's access-log bucket (same account and region), which records every read of the results. */
    readonly accessLogBucketName: string;
    /** The access-log bucket's policy: logs delivered before it admits S3 logging are lost. */
    readonly accessLogsReady: pulumi.Resource;
    /** Per-query scan limit: a query without a partition filter stops here instead of reading the whole archive. */
    readonly bytesScannedCutoffPerQuery: number;
    readonly flowLogBucketName: string;
    readonly dnsQueryLogBucketName: string;
    /** Every account whose logs land in the archive (partition values: projection cannot discover them). */
    readonly accountIds: readonly pulumi.Input<string>[];
    /** Every region that writes flow logs. */
    readonly regions: readonly string[];
    /** Every VPC with Resolver query logging: the query-log prefix is per VPC. */
    readonly queryLoggedVpcIds: readonly pulumi.Input<string>[];
    readonly inspectionVpcIds: readonly pulumi.Input<string>[];
    readonly eastWestPorts: readonly number[];
    readonly lookbackDays: number;
}

export const FLOW_LOG_TABLE = "vpc_flow_logs";
export const DNS_QUERY_LOG_TABLE = "dns_query_logs";

/** Partition columns of each table, in the order of their path segments. */
export const FLOW_LOG_PARTITIONS = ["aws_account_id", "aws_region", "year", "month", "day", "hour"] as const;
export const DNS_QUERY_LOG_PARTITIONS = ["log_account", "vpc", "log_date"] as const;

/** First year of the projected flow-log partitions; later years appear on their own (range up to NOW). */
const FIRST_LOG_YEAR = 2024;

function columns(list: readonly LogColumn[]): aws.types.input.glue.CatalogTableStorageDescriptorColumn[] {
    return list.map((c) => ({ name: c.name, type: c.type }));
}

function joined(values: readonly pulumi.Input<string>[]): pulumi.Output<string> {
    return pulumi.all([...values]).apply((v) => [...new Set(v)].sort().join(","));
}

/**
 * Flow-log and DNS-log analysis over the central archive, in the account that already reads it: a Glue
 * database with partition-projected tables (no crawler, no MSCK REPAIR: every hour and account is
 * queryable as soon as its objects land), an Athena workgroup whose settings users cannot override
 * (encrypted results in an account-only bucket, a scan limit, metrics), and the saved queries an
 * analyst starts from.
 */
export class LogAnalytics extends pulumi.ComponentResource {
    readonly workgroup: aws.athena.Workgroup;
    readonly database: aws.glue.CatalogDatabase;
    readonly flowLogTable: aws.glue.CatalogTable;
    readonly dnsQueryLogTable: aws.glue.CatalogTable;
    readonly queries: readonly aws.athena.NamedQuery[];
    readonly resultsBucket: aws.s3.Bucket;

    constructor(name: string, args: LogAnalyticsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:operations:LogAnalytics", name, {}, opts);
        if (!Number.isInteger(args.resultsExpirationDays) || args.resultsExpirationDays < 1)
            throw new Error(`LogAnalytics ${name}: resultsExpirationDays is ${args.resultsExpirationDays}; pass a whole number of days, at least 1`);
        if (args.bytesScannedCutoffPerQuery < 10_000_000)
            throw new Error(`LogAnalytics ${name}: bytesScannedCutoffPerQuery is ${args.bytesScannedCutoffPerQuery}; Athena's minimum is 10 MB (10000000)`);
        if (args.regions.length === 0) throw new Error(`LogAnalytics ${name}: regions is empty; pass every region that writes flow logs`);

        const partition = partitionOf(args.region);
        const parent = { parent: this };
        const stateful = { parent: this };

        this.resultsBucket = new aws.s3.Bucket(
            `${name}-results`,
            { bucket: args.resultsBucketName, forceDestroy: false, tags: { Purpose: "athena-results" } },
            stateful,
        );
        const bucketChild = { parent: this.resultsBucket };
        const publicAccess = new aws.s3.BucketPublicAccessBlock(
            `${name}-results-public-access`,
            { bucket: this.resultsBucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
            bucketChild,
        );
        new aws.s3.BucketOwnershipControls(
            `${name}-results-ownership`,
            { bucket: this.resultsBucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } },
            bucketChild,
        );
        const versioning = new aws.s3.BucketVersioning(
            `${name}-results-versioning`,
            { bucket: this.resultsBucket.id, versioningConfiguration: { status: "Enabled" } },
            bucketChild,
        );
        const encryption = new aws.s3.BucketServerSideEncryptionConfiguration(
            `${name}-results-encryption`,
            {
                bucket: this.resultsBucket.id,
                rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: args.resultsKeyArn }, bucketKeyEnabled: true }],
            },
            bucketChild,
        );
        new aws.s3.BucketLifecycleConfiguration(
            `${name}-results-lifecycle`,
            {
                bucket: this.resultsBucket.id,
                rules: [
                    {
                        id: "expire-results",
                        status: "Enabled",
                        filter: {},
                        expiration: { days: args.resultsExpirationDays },
                        noncurrentVersionExpiration: { noncurrentDays: 1 },
                        abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
                    },
                ],
            },
            { parent: this.resultsBucket, dependsOn: [versioning] },
        );
        new aws.s3.BucketLogging(
            `${name}-results-access-logging`,
            { bucket: this.resultsBucket.id, targetBucket: args.accessLogBucketName, targetPrefix: "athena-results/" },
            { parent: this.resultsBucket, dependsOn: [args.accessLogsReady] },
        );
        const bucketPolicy = new aws.s3.BucketPolicy(
            `${name}-results-policy`,
            {
                bucket: this.resultsBucket.id,
                policy: pulumi
                    .all([args.resultsBucketName, args.accountId])
                    .apply(([bucketName, accountId]) => toJson(queryResultsBucketPolicy({ partition, bucketName, accountId }))),
            },
            { parent: this.resultsBucket, dependsOn: [publicAccess] },
        );

        // Results are written only once the bucket encrypts and admits nobody else.
        this.workgroup = new aws.athena.Workgroup(
            `${name}-workgroup`,
            {
                name: args.workgroupName,
                description: "Flow-log and DNS-log analysis over the organization's log archive",
                state: "ENABLED",
                forceDestroy: false,
                configuration: {
                    enforceWorkgroupConfiguration: true,
                    publishCloudwatchMetricsEnabled: true,
                    bytesScannedCutoffPerQuery: args.bytesScannedCutoffPerQuery,
                    resultConfiguration: {
                        outputLocation: pulumi.interpolate`s3://${args.resultsBucketName}/`,
                        encryptionConfiguration: { encryptionOption: "SSE_KMS", kmsKeyArn: args.resultsKeyArn },
                        expectedBucketOwner: args.accountId,
                        aclConfiguration: { s3AclOption: "BUCKET_OWNER_FULL_CONTROL" },
                    },
                },
            },
            { parent: this, dependsOn: [encryption, bucketPolicy] },
        );

        this.database = new aws.glue.CatalogDatabase(
            `${name}-database`,
            { name: args.databaseName, description: "Partition-projected tables over the organization's log archive" },
            parent,
        );
        const accounts = joined(args.accountIds);

        const flowLocation = `s3://${args.flowLogBucketName}/AWSLogs/`;
        this.flowLogTable = new aws.glue.CatalogTable(
            `${name}-flow-logs`,
            {
                databaseName: this.database.name,
                name: FLOW_LOG_TABLE,
                description: "VPC flow logs: Parquet, Hive-compatible paths, hourly partitions, the program's custom format",
                tableType: "EXTERNAL_TABLE",
                parameters: {
                    EXTERNAL: "TRUE",
                    classification: "parquet",
                    "projection.enabled": "true",
                    "projection.aws_account_id.type": "enum",
                    "projection.aws_account_id.values": accounts,
                    "projection.aws_region.type": "enum",
                    "projection.aws_region.values": [...args.regions].sort().join(","),
                    "projection.year.type": "date",
                    "projection.year.format": "yyyy",
                    "projection.year.range": `${FIRST_LOG_YEAR},NOW`,
                    "projection.year.interval": "1",
                    "projection.year.interval.unit": "YEARS",
                    "projection.month.type": "integer",
                    "projection.month.range": "1,12",
                    "projection.month.digits": "2",
                    "projection.day.type": "integer",
                    "projection.day.range": "1,31",
                    "projection.day.digits": "2",
                    "projection.hour.type": "integer",
                    "projection.hour.range": "0,23",
                    "projection.hour.digits": "2",
                    "storage.location.template": `${flowLocation}aws-account-id=\${aws_account_id}/aws-service=vpcflowlogs/aws-region=\${aws_region}/year=\${year}/month=\${month}/day=\${day}/hour=\${hour}`,
                },
                partitionKeys: FLOW_LOG_PARTITIONS.map((p) => ({ name: p, type: "string" })),
                storageDescriptor: {
                    location: flowLocation,
                    inputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
                    outputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
                    serDeInfo: { serializationLibrary: "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe" },
                    columns: columns(VPC_FLOW_LOG_COLUMNS),
                },
            },
            parent,
        );

        const dnsLocation = `s3://${args.dnsQueryLogBucketName}/AWSLogs/`;
        this.dnsQueryLogTable = new aws.glue.CatalogTable(
            `${name}-dns-query-logs`,
            {
                databaseName: this.database.name,
                name: DNS_QUERY_LOG_TABLE,
                description: "Route 53 Resolver query logs (DNS Firewall actions included): JSON lines, per account, VPC and day",
                tableType: "EXTERNAL_TABLE",
                parameters: {
                    EXTERNAL: "TRUE",
                    classification: "json",
                    "projection.enabled": "true",
                    "projection.log_account.type": "enum",
                    "projection.log_account.values": accounts,
                    "projection.vpc.type": "enum",
                    "projection.vpc.values": joined(args.queryLoggedVpcIds),
                    "projection.log_date.type": "date",
                    "projection.log_date.format": "yyyy/MM/dd",
                    "projection.log_date.range": `${FIRST_LOG_YEAR}/01/01,NOW`,
                    "projection.log_date.interval": "1",
                    "projection.log_date.interval.unit": "DAYS",
                    "storage.location.template": `${dnsLocation}\${log_account}/vpcdnsquerylogs/\${vpc}/\${log_date}`,
                },
                partitionKeys: DNS_QUERY_LOG_PARTITIONS.map((p) => ({ name: p, type: "string" })),
                storageDescriptor: {
                    location: dnsLocation,
                    inputFormat: "org.apache.hadoop.mapred.TextInputFormat",
                    outputFormat: "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
                    serDeInfo: { serializationLibrary: "org.openx.data.jsonserde.JsonSerDe" },
                    columns: columns(DNS_QUERY_LOG_COLUMNS),
                },
            },
            parent,
        );

        const sql = pulumi.all([...args.inspectionVpcIds]).apply((inspectionVpcIds) =>
            logQueries({
                database: args.databaseName,
                flowLogTable: FLOW_LOG_TABLE,
                dnsQueryLogTable: DNS_QUERY_LOG_TABLE,
                inspectionVpcIds,
                eastWestPorts: args.eastWestPorts,
                lookbackDays: args.lookbackDays,
            }),
        );
        // Names and descriptions are plain data; only the SQL waits for the inspection VPCs' ids.
        const specs = logQueries({
            database: args.databaseName,
            flowLogTable: FLOW_LOG_TABLE,
            dnsQueryLogTable: DNS_QUERY_LOG_TABLE,
            inspectionVpcIds: [],
            eastWestPorts: args.eastWestPorts,
            lookbackDays: args.lookbackDays,
        });
        this.queries = specs.map(
            (spec, i) =>
                new aws.athena.NamedQuery(
                    `${name}-${spec.name}`,
                    {
                        name: spec.name,
                        description: spec.description,
                        database: this.database.name,
                        workgroup: this.workgroup.name,
                        query: sql.apply((all) => all[i].sql),
                    },
                    { parent: this, dependsOn: [this.flowLogTable, this.dnsQueryLogTable] },
                ),
        );

        this.registerOutputs({ workgroup: this.workgroup.name, database: this.database.name });
    }
}
