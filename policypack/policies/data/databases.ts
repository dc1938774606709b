import type { ResourceValidationArgs } from "@pulumi/policy";
import { isCustomerManagedKey, label, list, ofType, providerValue, refersTo, resourcePolicy, stackPolicy, ZeroTrustPolicy } from "../common";
import { propsIf } from "../props";
import { cmkPolicy } from "./keys";

/** OpenSearch and its predecessor, the legacy Elasticsearch domain: the same security settings. */
const SEARCH_DOMAINS = ["aws:opensearch/domain:Domain", "aws:elasticsearch/domain:Domain"] as const;

const RDS_INSTANCE = "aws:rds/instance:Instance";
const RDS_CLUSTER = "aws:rds/cluster:Cluster";
const DOCDB_CLUSTER = "aws:docdb/cluster:Cluster";
const NEPTUNE_CLUSTER = "aws:neptune/cluster:Cluster";
const REDSHIFT_CLUSTER = "aws:redshift/cluster:Cluster";

/** A replica (RDS replicateSourceDb, Aurora/Neptune replicationSourceIdentifier) has no backups or final snapshot of its own. */
const isReplica = (resource: { readonly type: string; readonly props: unknown }) =>
    Boolean(propsIf(resource, RDS_INSTANCE)?.replicateSourceDb) || Boolean(propsIf(resource, RDS_CLUSTER, NEPTUNE_CLUSTER)?.replicationSourceIdentifier);

/** Whether a resource belongs to production: the stack's name or its Environment tag (resource or provider defaultTags). */
function isProduction(args: ResourceValidationArgs, pattern: string): boolean {
    const re = new RegExp(pattern, "i");
    const stack = /^urn:pulumi:([^:]+)::/.exec(args.urn)?.[1] ?? "";
    const fromProvider = (providerValue(args.provider?.props.defaultTags) as { tags?: Record<string, string> } | undefined)?.tags ?? {};
    const env = (args.props.tags ?? {}).Environment ?? fromProvider.Environment;
    return re.test(stack) || (typeof env === "string" && re.test(env));
}

/** Final snapshot, deletion protection and automated backups of databases and warehouses. */
const databaseLifecyclePolicies: ZeroTrustPolicy[] = [
    resourcePolicy({
        name: "db-final-snapshot",
        description: "Deleting a database (RDS, Aurora, DocumentDB, Neptune, Redshift) takes a final snapshot.",
        severity: "high",
        area: "data",
        controls: [],
        remediation: "Remove skipFinalSnapshot: true and set finalSnapshotIdentifier, so a deletion (or a replacement) keeps the data.",
        types: [RDS_INSTANCE, RDS_CLUSTER, DOCDB_CLUSTER, NEPTUNE_CLUSTER, REDSHIFT_CLUSTER],
        validate: (props, report, { args }) => {
            if (props.skipFinalSnapshot === true && !isReplica(args)) report("skipFinalSnapshot is true: deleting or replacing it loses the data");
        },
    }),
    resourcePolicy<{ productionPattern: string }, typeof RDS_INSTANCE | typeof RDS_CLUSTER | typeof DOCDB_CLUSTER | typeof NEPTUNE_CLUSTER>({
        name: "db-deletion-protection",
        description: "Production databases (RDS, Aurora, DocumentDB, Neptune) have deletion protection.",
        severity: "high",
        area: "data",
        controls: ["RDS.7", "RDS.8", "DocumentDB.5", "Neptune.4"],
        remediation: "Set deletionProtection: true.",
        params: {
            productionPattern: {
                type: "string",
                default: "^(prod|production|prd)([-_.].*)?$",
                description: "Regular expression (case-insensitive) on the stack name or the Environment tag that marks production.",
            },
        },
        types: [RDS_INSTANCE, RDS_CLUSTER, DOCDB_CLUSTER, NEPTUNE_CLUSTER],
        validate: (props, report, { args, config }) => {
            if (!isProduction(args, config.productionPattern)) return;
            // An Aurora member instance is protected through its cluster.
            if (props.deletionProtection !== true) report("deletionProtection is not enabled on a production database");
        },
    }),
    resourcePolicy({
        name: "db-backup-retention",
        description: "Automated backups are on (retention of at least one day).",
        severity: "high",
        area: "data",
        controls: ["RDS.11", "DocumentDB.2", "Neptune.5", "Redshift.3"],
        remediation: "Set backupRetentionPeriod (Redshift: automatedSnapshotRetentionPeriod) to 7 days or more.",
        types: [RDS_INSTANCE, RDS_CLUSTER, DOCDB_CLUSTER, NEPTUNE_CLUSTER, REDSHIFT_CLUSTER],
        validate: (_props, report, { args }) => {
            if (isReplica(args)) return;
            const redshift = propsIf(args, REDSHIFT_CLUSTER);
            const field = redshift ? "automatedSnapshotRetentionPeriod" : "backupRetentionPeriod";
            const days = redshift
                ? redshift.automatedSnapshotRetentionPeriod
                : propsIf(args, RDS_INSTANCE, RDS_CLUSTER, DOCDB_CLUSTER, NEPTUNE_CLUSTER)?.backupRetentionPeriod;
            if (days === 0) report(`${field} is 0: automated backups are off`);
        },
    }),
];

/** Databases, warehouses, search domains and caches: encryption, exposure, backups and availability. */
export const databasePolicies: ZeroTrustPolicy[] = [
    resourcePolicy({
        name: "rds-multi-az",
        description: "RDS DB instances run as Multi-AZ deployments, with a standby in a second Availability Zone.",
        severity: "low",
        area: "data",
        // Availability rather than exposure, and a cost choice per environment: advisory by default.
        enforcementLevel: "advisory",
        controls: ["CIS 2.2.4", "RDS.5"],
        remediation: "Set multiAz: true (Aurora spreads a cluster's instances across zones instead; this covers aws.rds.Instance).",
        types: ["aws:rds/instance:Instance"],
        validate: (props, report) => {
            if (props.multiAz !== true) report("multiAz is not true: one Availability Zone's outage takes the database down");
        },
    }),
    resourcePolicy({
        name: "rds-auto-minor-version-upgrade",
        description: "RDS DB instances take minor engine upgrades (security patches) automatically in their maintenance window.",
        severity: "medium",
        area: "data",
        controls: ["CIS 2.2.2", "RDS.13"],
        remediation: "Leave autoMinorVersionUpgrade unset (AWS defaults it to true) or set it to true.",
        types: ["aws:rds/instance:Instance"],
        validate: (props, report) => {
            if (props.autoMinorVersionUpgrade === false) report("autoMinorVersionUpgrade is false: minor engine patches are never applied automatically");
        },
    }),
    cmkPolicy({
        name: "rds-encrypted-cmk",
        service: "RDS / Aurora",
        types: ["aws:rds/instance:Instance"],
        controls: ["CIS 2.2.1", "RDS.3"],
        read: (p) => {
            // A same-region replica names its source by identifier and inherits the source's key (checked on the source);
            // a cross-region replica names it by ARN and must set kmsKeyId in its own region.
            const source = p.replicateSourceDb;
            if (typeof source === "string" && source !== "" && !source.startsWith("arn:") && p.kmsKeyId === undefined)
                return { encrypted: true, key: "inherited", field: "kmsKeyId" };
            return { encrypted: p.storageEncrypted === true || source !== undefined, key: p.kmsKeyId, field: "kmsKeyId" };
        },
    }),
    cmkPolicy({
        name: "aurora-encrypted-cmk",
        service: "Aurora cluster",
        types: ["aws:rds/cluster:Cluster"],
        controls: ["RDS.27"],
        read: (p) => ({ encrypted: p.storageEncrypted === true, key: p.kmsKeyId, field: "kmsKeyId" }),
    }),
    resourcePolicy({
        name: "rds-not-public",
        description: "RDS instances and Aurora cluster instances are not publicly accessible.",
        severity: "critical",
        area: "data",
        controls: ["CIS 2.2.3", "RDS.2"],
        remediation: "Set publiclyAccessible: false and place the database in isolated data subnets.",
        types: ["aws:rds/instance:Instance", "aws:rds/clusterInstance:ClusterInstance"],
        validate: (props, report) => {
            if (props.publiclyAccessible === true) report("publiclyAccessible is true");
        },
    }),
    cmkPolicy({
        name: "docdb-encrypted-cmk",
        service: "DocumentDB",
        types: ["aws:docdb/cluster:Cluster"],
        controls: ["DocumentDB.1"],
        read: (p) => ({ encrypted: p.storageEncrypted === true, key: p.kmsKeyId, field: "kmsKeyId" }),
    }),
    cmkPolicy({
        name: "neptune-encrypted-cmk",
        service: "Neptune",
        types: ["aws:neptune/cluster:Cluster"],
        controls: ["Neptune.1"],
        read: (p) => ({ encrypted: p.storageEncrypted === true, key: p.kmsKeyArn, field: "kmsKeyArn" }),
    }),
    ...databaseLifecyclePolicies,
    cmkPolicy({
        name: "dynamodb-encrypted-cmk",
        service: "DynamoDB",
        types: ["aws:dynamodb/table:Table"],
        controls: [],
        read: (p) => ({ encrypted: p.serverSideEncryption?.enabled === true, key: p.serverSideEncryption?.kmsKeyArn, field: "serverSideEncryption.kmsKeyArn" }),
    }),
    cmkPolicy({
        name: "opensearch-encrypted-cmk",
        service: "OpenSearch",
        types: SEARCH_DOMAINS,
        controls: ["Opensearch.1", "ES.1"],
        read: (p) => ({ encrypted: p.encryptAtRest?.enabled === true, key: p.encryptAtRest?.kmsKeyId, field: "encryptAtRest.kmsKeyId" }),
    }),
    resourcePolicy({
        name: "opensearch-private-tls",
        description: "OpenSearch domains live in a VPC and enforce TLS 1.2+ between clients and nodes.",
        severity: "high",
        area: "data",
        controls: ["Opensearch.2", "Opensearch.3", "Opensearch.8", "ES.2", "ES.3", "ES.8"],
        remediation:
            'Set vpcOptions.subnetIds, nodeToNodeEncryption.enabled: true and domainEndpointOptions { enforceHttps: true, tlsSecurityPolicy: "Policy-Min-TLS-1-2-PFS-2023-10" }.',
        types: SEARCH_DOMAINS,
        validate: (props, report) => {
            if (list(props.vpcOptions?.subnetIds).length === 0) report("domain has a public endpoint (no vpcOptions)");
            if (props.nodeToNodeEncryption?.enabled !== true) report("node-to-node encryption is off");
            const ep = props.domainEndpointOptions;
            if (ep?.enforceHttps !== true) report("HTTPS is not enforced");
            if (!String(ep?.tlsSecurityPolicy ?? "").startsWith("Policy-Min-TLS-1-2")) report(`tlsSecurityPolicy is ${ep?.tlsSecurityPolicy ?? "unset"}`);
        },
    }),
    cmkPolicy({
        name: "redshift-encrypted-cmk",
        service: "Redshift",
        types: ["aws:redshift/cluster:Cluster"],
        controls: ["Redshift.10"],
        // A boolean that may arrive as the string "true": String() reads both, as before typed props.
        read: (p) => ({ encrypted: p.encrypted === undefined || String(p.encrypted) === "true", key: p.kmsKeyId, field: "kmsKeyId" }),
    }),
    resourcePolicy({
        name: "redshift-not-public",
        description: "Redshift clusters are not publicly accessible.",
        severity: "critical",
        area: "data",
        controls: ["Redshift.1"],
        remediation: "Set publiclyAccessible: false and use a private subnet group.",
        types: ["aws:redshift/cluster:Cluster"],
        validate: (props, report) => {
            if (props.publiclyAccessible === true) report("publiclyAccessible is true");
        },
    }),
    stackPolicy({
        name: "redshift-audit-logging",
        description: "Redshift clusters log connections and user activity (aws.redshift.Logging).",
        severity: "medium",
        area: "data",
        controls: ["Redshift.4"],
        remediation: 'Add an aws.redshift.Logging with clusterIdentifier set to the cluster and logDestinationType "cloudwatch" (or "s3" with a bucketName).',
        validate: (resources, report) => {
            const logging = ofType(resources, "aws:redshift/logging:Logging");
            for (const c of ofType(resources, REDSHIFT_CLUSTER))
                if (!logging.some((l) => refersTo(l, "clusterIdentifier", c, ["id", "clusterIdentifier"])))
                    report(`${label(c)} has no audit logging (aws.redshift.Logging)`, c.urn);
        },
    }),
    resourcePolicy({
        name: "elasticache-encrypted-cmk",
        description: "ElastiCache replication groups and serverless caches encrypt at rest with a customer-managed key and in transit.",
        severity: "high",
        area: "data",
        controls: ["ElastiCache.4", "ElastiCache.5"],
        remediation: "Set atRestEncryptionEnabled: true, kmsKeyId to the data key and transitEncryptionEnabled: true (serverless caches: kmsKeyId).",
        types: ["aws:elasticache/replicationGroup:ReplicationGroup", "aws:elasticache/serverlessCache:ServerlessCache"],
        validate: (props, report, { args }) => {
            const group = propsIf(args, "aws:elasticache/replicationGroup:ReplicationGroup");
            if (group) {
                if (group.atRestEncryptionEnabled === false) report("encryption at rest is disabled");
                if (group.transitEncryptionEnabled !== true) report("encryption in transit is disabled");
            }
            if (!isCustomerManagedKey(props.kmsKeyId)) report("kmsKeyId is not a customer-managed key");
        },
    }),
];
