import type { PolicyResource } from "@pulumi/policy";
import type { ResourceValidationArgs } from "@pulumi/policy";
import { Deployments, isCustomerManagedKey, outputsPending, label, list, ofType, Props, providerValue, refersTo, resourcePolicy, SECRET_NAME, stackPolicy, ZeroTrustPolicy } from "./common";
import { parseDocument } from "./iam-document";

const BUCKET_TYPES = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"];
const BPA = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
const BPA_FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"];
const SSE = [
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
];
const VERSIONING = ["aws:s3/bucketVersioning:BucketVersioning", "aws:s3/bucketVersioningV2:BucketVersioningV2"];
const LOGGING = ["aws:s3/bucketLogging:BucketLogging", "aws:s3/bucketLoggingV2:BucketLoggingV2"];
const OBJECT_LOCK = [
    "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration",
    "aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2",
];
const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";
const PUBLIC_ACLS = ["public-read", "public-read-write", "authenticated-read"];
const PUBLIC_GRANTEES = /acs\.amazonaws\.com\/groups\/global\/(AllUsers|AuthenticatedUsers)/;

/** OpenSearch and its predecessor, the legacy Elasticsearch domain: the same security settings. */
const SEARCH_DOMAINS = ["aws:opensearch/domain:Domain", "aws:elasticsearch/domain:Domain"];

const RDS_INSTANCE = "aws:rds/instance:Instance";
const RDS_CLUSTER = "aws:rds/cluster:Cluster";
const DOCDB_CLUSTER = "aws:docdb/cluster:Cluster";
const NEPTUNE_CLUSTER = "aws:neptune/cluster:Cluster";
const REDSHIFT_CLUSTER = "aws:redshift/cluster:Cluster";

/** A replica (RDS replicateSourceDb, Aurora/Neptune replicationSourceIdentifier) has no backups or final snapshot of its own. */
const isReplica = (p: Props) => Boolean(p.replicateSourceDb) || Boolean(p.replicationSourceIdentifier);

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
        validate: (props, report) => {
            if (props.skipFinalSnapshot === true && !isReplica(props)) report("skipFinalSnapshot is true: deleting or replacing it loses the data");
        },
    }),
    resourcePolicy<{ productionPattern: string }>({
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
        validate: (props, report, { args }) => {
            if (isReplica(props)) return;
            const field = args.type === REDSHIFT_CLUSTER ? "automatedSnapshotRetentionPeriod" : "backupRetentionPeriod";
            if (props[field] === 0) report(`${field} is 0: automated backups are off`);
        },
    }),
];

/** Assigns through the analyzer's proxy, which keeps secret inputs secret (a spread would unwrap them). */
function enableAllFlags(props: Props): Props {
    for (const flag of BPA_FLAGS) props[flag] = true;
    return props;
}

/** The resources of `types` that configure `bucket` (linked by property dependency or bucket name). */
function configsOf(resources: readonly PolicyResource[], bucket: PolicyResource, types: readonly string[], key = "bucket"): PolicyResource[] {
    return ofType(resources, ...types).filter((r) => refersTo(r, key, bucket, ["id", "bucket"]));
}

/** Load balancers whose access logs go to S3 (ALB/NLB and classic). */
const LOAD_BALANCERS = ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer", "aws:elb/loadBalancer:LoadBalancer"];

/**
 * Buckets that S3 server access logging (of another bucket) or ELB access logs deliver to in this
 * stack, derived from the resource graph (the delivery is configured here), never from names or
 * tags. Both deliveries accept only SSE-S3 default encryption (`sseS3Only`); server access logging
 * also rejects a target with an Object Lock default retention (`noDefaultRetention`).
 */
function logDeliveryTargets(resources: readonly PolicyResource[]): { sseS3Only: Set<string>; noDefaultRetention: Set<string> } {
    const buckets = ofType(resources, ...BUCKET_TYPES);
    const noDefaultRetention = new Set<string>();
    for (const l of ofType(resources, ...LOGGING))
        for (const b of buckets)
            if (refersTo(l, "targetBucket", b, ["id", "bucket"]) && !refersTo(l, "bucket", b, ["id", "bucket"])) noDefaultRetention.add(b.urn);
    const sseS3Only = new Set(noDefaultRetention);
    for (const lb of ofType(resources, ...LOAD_BALANCERS)) {
        const logs = lb.props.accessLogs;
        if (!logs || logs.enabled === false) continue;
        for (const b of buckets) {
            const byDependency = (lb.propertyDependencies.accessLogs ?? []).some((d) => d.urn === b.urn);
            const byName = typeof logs.bucket === "string" && logs.bucket !== "" && [b.props.id, b.props.bucket].includes(logs.bucket);
            if (byDependency || byName) sseS3Only.add(b.urn);
        }
    }
    return { sseS3Only, noDefaultRetention };
}

/** Whether an S3 policy statement set denies requests without TLS. */
function deniesInsecureTransport(policy: unknown): boolean {
    const statements = parseDocument(policy) ?? [];
    return statements.some(
        (s) =>
            s.effect === "Deny" &&
            // Every S3 action: a Deny naming some actions leaves the others open over plain HTTP.
            s.actions.some((a) => a === "*" || /^s3:\*$/i.test(a)) &&
            Object.entries(s.conditions).some(
                ([op, block]) => /^Bool/i.test(op) && Object.entries(block).some(([k, v]) => k.toLowerCase() === "aws:securetransport" && v.includes("false")),
            ),
    );
}

/** A CMK-encryption check for the many services with a kmsKeyId-like field. */
function cmkPolicy(spec: {
    name: string;
    service: string;
    types: string[];
    controls: string[];
    read: (p: Props) => { encrypted: boolean; key: unknown; field: string };
}): ZeroTrustPolicy {
    return resourcePolicy({
        name: spec.name,
        description: `${spec.service} data is encrypted at rest with a customer-managed KMS key.`,
        severity: "high",
        area: "data",
        controls: spec.controls,
        remediation: `Enable encryption and set ${spec.service}'s key field to the account's customer-managed key for this purpose (from the landing zone key set), never an aws/ alias.`,
        types: spec.types,
        validate: (props, report) => {
            const { encrypted, key, field } = spec.read(props);
            if (!encrypted) report(`${spec.service} is not encrypted at rest`);
            else if (!isCustomerManagedKey(key))
                report(`${field} is ${key === undefined ? "unset (AWS-owned or AWS-managed key)" : key}: expected a customer-managed key`);
        },
    });
}

export const dataPolicies: ZeroTrustPolicy[] = [
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
    resourcePolicy({
        name: "s3-bucket-public-access-block",
        description: "S3 bucket public access blocks set all four flags.",
        severity: "critical",
        area: "data",
        controls: ["CIS 2.1.4", "S3.8"],
        remediation:
            "Set blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets to true on the aws.s3.BucketPublicAccessBlock (remediable automatically).",
        types: [BPA],
        validate: (props, report) => {
            const missing = BPA_FLAGS.filter((flag) => props[flag] !== true);
            if (missing.length > 0) report(`public access block leaves ${missing.join(", ")} off`);
        },
        remediate: enableAllFlags,
    }),
    resourcePolicy({
        name: "s3-account-public-access-block",
        description: "Account-level S3 public access blocks set all four flags.",
        severity: "critical",
        area: "data",
        controls: ["CIS 2.1.4", "S3.1"],
        remediation: "Set all four flags to true on aws.s3.AccountPublicAccessBlock (remediable automatically).",
        types: ["aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock"],
        validate: (props, report) => {
            const missing = BPA_FLAGS.filter((flag) => props[flag] !== true);
            if (missing.length > 0) report(`account public access block leaves ${missing.join(", ")} off`);
        },
        remediate: enableAllFlags,
    }),
    stackPolicy({
        name: "s3-account-public-access-block-present",
        description:
            "The landing zone blocks S3 public access at the account level in every account it deploys to. The setting is account-wide (it applies in every region), so one per account, in any region.",
        severity: "critical",
        area: "data",
        controls: ["CIS 2.1.4", "S3.1"],
        remediation: "Create aws.s3.AccountPublicAccessBlock with all four flags in every account the program deploys to, the management account included.",
        landingZoneOnly: true,
        validate: (resources, report) => {
            const deployed = new Deployments(resources, report);
            const blocked = new Set(
                ofType(resources, "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock").flatMap((r) => deployed.place(r)?.account ?? []),
            );
            for (const a of deployed.accounts())
                if (!blocked.has(a.account)) report(`account ${a.accountLabel} has no account-level S3 public access block`);
        },
    }),
    stackPolicy({
        name: "s3-bucket-has-public-access-block",
        description: "Every S3 bucket has its own public access block.",
        severity: "high",
        area: "data",
        controls: ["S3.8"],
        remediation: "Add an aws.s3.BucketPublicAccessBlock with bucket set to the bucket's id and all four flags true.",
        validate: (resources, report) => {
            for (const b of ofType(resources, ...BUCKET_TYPES))
                if (configsOf(resources, b, [BPA]).length === 0) report(`${label(b)} has no public access block`, b.urn);
        },
    }),
    resourcePolicy({
        name: "s3-no-public-acl",
        description: "S3 buckets grant nothing to AllUsers or AuthenticatedUsers through ACLs.",
        severity: "critical",
        area: "data",
        controls: ["S3.2", "S3.3", "S3.12"],
        remediation:
            'Remove the public ACL and set object ownership to "BucketOwnerEnforced" (ACLs disabled); share data through policies scoped to the organization.',
        types: [...BUCKET_TYPES, "aws:s3/bucketAcl:BucketAcl", "aws:s3/bucketAclV2:BucketAclV2"],
        validate: (props, report) => {
            if (PUBLIC_ACLS.includes(props.acl)) report(`acl is ${props.acl}`);
            const grants = [...list(props.grants), ...list(props.accessControlPolicy?.grants)];
            grants.forEach((g: Props, i: number) => {
                const uri = String(g.grantee?.uri ?? g.uri ?? "");
                if (PUBLIC_GRANTEES.test(uri)) report(`grant ${i + 1} gives ${g.permission ?? list(g.permissions).join("/")} to ${uri.split("/").pop()}`);
            });
        },
    }),
    resourcePolicy({
        name: "s3-acls-disabled",
        description: 'S3 object ownership is "BucketOwnerEnforced", so ACLs cannot grant access.',
        severity: "medium",
        enforcementLevel: "advisory",
        area: "data",
        controls: ["S3.12"],
        remediation: 'Set rule.objectOwnership to "BucketOwnerEnforced" on the aws.s3.BucketOwnershipControls.',
        types: ["aws:s3/bucketOwnershipControls:BucketOwnershipControls"],
        validate: (props, report) => {
            if (props.rule?.objectOwnership !== "BucketOwnerEnforced") report(`objectOwnership is ${props.rule?.objectOwnership}`);
        },
    }),
    stackPolicy({
        name: "s3-tls-only-policy",
        description: "Every S3 bucket policy denies requests that do not use TLS.",
        severity: "high",
        area: "data",
        controls: ["CIS 2.1.1", "S3.5"],
        remediation:
            'Add a statement { Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [bucketArn, bucketArn + "/*"], Condition: { Bool: { "aws:SecureTransport": "false" } } } to the bucket policy.',
        validate: (resources, report) => {
            for (const b of ofType(resources, ...BUCKET_TYPES)) {
                const policies = [...configsOf(resources, b, [BUCKET_POLICY]).map((p) => p.props.policy), b.props.policy].filter((p) => p !== undefined);
                if (!policies.some(deniesInsecureTransport)) report(`${label(b)} has no bucket policy denying aws:SecureTransport=false`, b.urn);
            }
        },
    }),
    stackPolicy({
        name: "s3-sse-kms-cmk",
        description:
            "Every S3 bucket encrypts by default with SSE-KMS under a customer-managed key; a bucket that S3 server access logging or ELB access logs deliver to in the same stack uses SSE-S3, the only default encryption those deliveries accept.",
        severity: "high",
        area: "data",
        controls: ["S3.17"],
        remediation:
            'Add an aws.s3.BucketServerSideEncryptionConfiguration with sseAlgorithm "aws:kms" (or "aws:kms:dsse"), kmsMasterKeyId set to the data key, and bucketKeyEnabled: true (sseAlgorithm "AES256" on a server access log or ELB log target bucket).',
        validate: (resources, report) => {
            const { sseS3Only } = logDeliveryTargets(resources);
            for (const b of ofType(resources, ...BUCKET_TYPES)) {
                const rules = [
                    ...configsOf(resources, b, SSE).flatMap((c) => list(c.props.rules)),
                    ...(b.props.serverSideEncryptionConfiguration ? [b.props.serverSideEncryptionConfiguration.rule] : []),
                ].map((r: Props) => r?.applyServerSideEncryptionByDefault ?? {});
                if (rules.length === 0) report(`${label(b)} has no default encryption configuration`, b.urn);
                else if (sseS3Only.has(b.urn)) {
                    if (!rules.every((r) => r.sseAlgorithm === "AES256"))
                        report(`${label(b)} receives S3 server access logs or ELB logs, which are delivered only to SSE-S3 (AES256) buckets`, b.urn);
                } else if (!rules.some((r) => String(r.sseAlgorithm).startsWith("aws:kms") && isCustomerManagedKey(r.kmsMasterKeyId)))
                    report(`${label(b)} default encryption is not SSE-KMS with a customer-managed key`, b.urn);
            }
        },
    }),
    stackPolicy({
        name: "s3-versioning-enabled",
        description: "Every S3 bucket has versioning enabled.",
        severity: "medium",
        area: "data",
        controls: ["S3.14"],
        remediation: 'Add an aws.s3.BucketVersioning with versioningConfiguration.status "Enabled".',
        validate: (resources, report) => {
            for (const b of ofType(resources, ...BUCKET_TYPES)) {
                const enabled =
                    configsOf(resources, b, VERSIONING).some((v) => v.props.versioningConfiguration?.status === "Enabled") ||
                    b.props.versioning?.enabled === true;
                if (!enabled) report(`${label(b)} is not versioned`, b.urn);
            }
        },
    }),
    stackPolicy({
        name: "s3-access-logging",
        description: "Every S3 bucket except log-delivery targets records server access logs.",
        severity: "medium",
        enforcementLevel: "advisory",
        area: "data",
        controls: ["CIS 3.4", "S3.9"],
        remediation: "Add an aws.s3.BucketLogging with targetBucket set to the central access-log bucket.",
        validate: (resources, report) => {
            const buckets = ofType(resources, ...BUCKET_TYPES);
            const logs = ofType(resources, ...LOGGING);
            const isTarget = (b: PolicyResource) => logs.some((l) => refersTo(l, "targetBucket", b, ["id", "bucket"]));
            for (const b of buckets) {
                if (isTarget(b)) continue;
                if (configsOf(resources, b, LOGGING).length === 0 && !b.props.logging?.targetBucket) report(`${label(b)} has no server access logging`, b.urn);
            }
        },
    }),
    stackPolicy<{ namePattern: string }>({
        name: "s3-log-buckets-object-lock",
        description:
            "Buckets that receive logs (CloudTrail, Config, flow logs, access logs) have Object Lock with a default retention; a bucket that S3 server access logging delivers to has Object Lock enabled and no default retention, which server access logging rejects; a CloudFront standard-log bucket is not asked for Object Lock.",
        severity: "high",
        area: "data",
        controls: ["S3.15"],
        remediation:
            "Create the bucket with objectLockEnabled: true and add an aws.s3.BucketObjectLockConfiguration with a default retention (COMPLIANCE in prod); on a server access log target bucket, enable Object Lock without a default retention.",
        params: {
            namePattern: {
                type: "string",
                default: "(^|-)logs?(-|$)|log-archive",
                description: "Regular expression on bucket logical names that marks further log buckets.",
            },
        },
        validate: (resources, report, { config }) => {
            const feeders: [string[], string][] = [
                [["aws:cloudtrail/trail:Trail"], "s3BucketName"],
                [["aws:cfg/deliveryChannel:DeliveryChannel"], "s3BucketName"],
                [LOGGING, "targetBucket"],
                [["aws:ec2/flowLog:FlowLog"], "logDestination"],
            ];
            const pattern = new RegExp(config.namePattern);
            const { noDefaultRetention } = logDeliveryTargets(resources);
            // CloudFront standard logging delivers through an ACL grant to the awslogsdelivery account, which an
            // Object Lock bucket does not accept: its log bucket is not asked for Object Lock.
            const distributions = ofType(resources, "aws:cloudfront/distribution:Distribution");
            const cloudFrontTarget = (b: PolicyResource) =>
                distributions.some(
                    (d) =>
                        (d.propertyDependencies.loggingConfig ?? []).some((x) => x.urn === b.urn) ||
                        [b.props.bucketDomainName, b.props.bucket].includes(d.props.loggingConfig?.bucket),
                );
            for (const b of ofType(resources, ...BUCKET_TYPES)) {
                if (cloudFrontTarget(b)) continue;
                const fed = feeders.some(([types, key]) => ofType(resources, ...types).some((r) => refersTo(r, key, b, ["id", "bucket", "arn"])));
                if (!fed && !pattern.test(b.name)) continue;
                const lock =
                    configsOf(resources, b, OBJECT_LOCK).some((c) => c.props.rule?.defaultRetention?.mode) ||
                    b.props.objectLockConfiguration?.rule?.defaultRetention?.mode;
                if (noDefaultRetention.has(b.urn)) {
                    if (b.props.objectLockEnabled !== true) report(`log bucket ${label(b)} does not have Object Lock enabled`, b.urn);
                    if (lock)
                        report(
                            `log bucket ${label(b)} receives S3 server access logs but has an Object Lock default retention, which server access logging rejects`,
                            b.urn,
                        );
                } else if (b.props.objectLockEnabled !== true || !lock) report(`log bucket ${label(b)} has no Object Lock default retention`, b.urn);
            }
        },
    }),
    resourcePolicy({
        name: "kms-key-rotation",
        description: "Customer-managed symmetric KMS keys rotate automatically.",
        severity: "high",
        area: "data",
        controls: ["CIS 3.6", "KMS.4"],
        remediation: "Set enableKeyRotation: true on the aws.kms.Key (symmetric encryption keys).",
        types: ["aws:kms/key:Key"],
        validate: (props, report) => {
            const spec = props.customerMasterKeySpec ?? "SYMMETRIC_DEFAULT";
            const usage = props.keyUsage ?? "ENCRYPT_DECRYPT";
            if (spec === "SYMMETRIC_DEFAULT" && usage === "ENCRYPT_DECRYPT" && props.enableKeyRotation !== true)
                report("symmetric KMS key without automatic rotation");
        },
    }),
    resourcePolicy<{ minimumDays: number }, "aws:kms/key:Key" | "aws:kms/replicaKey:ReplicaKey">({
        name: "kms-deletion-window",
        description: "KMS keys keep a deletion window long enough to notice and cancel a mistaken deletion.",
        severity: "medium",
        area: "data",
        controls: ["KMS.3"],
        remediation: "Set deletionWindowInDays to at least the configured minimum (30 unless the stack's policy config says otherwise).",
        params: { minimumDays: { type: "integer", minimum: 7, maximum: 30, default: 30, description: "Shortest deletion window accepted." } },
        types: ["aws:kms/key:Key", "aws:kms/replicaKey:ReplicaKey"],
        validate: (props, report, { config }) => {
            const days = props.deletionWindowInDays ?? 30;
            if (days < config.minimumDays) report(`deletionWindowInDays is ${days}; expected >= ${config.minimumDays}`);
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
        name: "efs-encrypted-cmk",
        service: "EFS",
        types: ["aws:efs/fileSystem:FileSystem"],
        controls: ["CIS 2.3.1", "EFS.1"],
        read: (p) => ({ encrypted: p.encrypted === true, key: p.kmsKeyId, field: "kmsKeyId" }),
    }),
    cmkPolicy({
        name: "sqs-encrypted-cmk",
        service: "SQS",
        types: ["aws:sqs/queue:Queue"],
        controls: ["SQS.1"],
        read: (p) => ({ encrypted: p.kmsMasterKeyId !== undefined || p.sqsManagedSseEnabled === true, key: p.kmsMasterKeyId, field: "kmsMasterKeyId" }),
    }),
    cmkPolicy({
        name: "sns-encrypted-cmk",
        service: "SNS",
        types: ["aws:sns/topic:Topic"],
        controls: ["SNS.1"],
        read: (p) => ({ encrypted: p.kmsMasterKeyId !== undefined, key: p.kmsMasterKeyId, field: "kmsMasterKeyId" }),
    }),
    cmkPolicy({
        name: "secretsmanager-encrypted-cmk",
        service: "Secrets Manager",
        types: ["aws:secretsmanager/secret:Secret"],
        controls: [],
        read: (p) => ({ encrypted: true, key: p.kmsKeyId, field: "kmsKeyId" }),
    }),
    cmkPolicy({
        name: "ecr-encrypted-cmk",
        service: "ECR",
        types: ["aws:ecr/repository:Repository"],
        controls: ["ECR.5"],
        read: (p) => {
            const c: Props = list(p.encryptionConfigurations)[0] ?? {};
            return {
                encrypted: String(c.encryptionType ?? "AES256").startsWith("KMS") || c.encryptionType === undefined,
                key: c.kmsKey,
                field: "encryptionConfigurations[0].kmsKey",
            };
        },
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
            const ep: Props = props.domainEndpointOptions ?? {};
            if (ep.enforceHttps !== true) report("HTTPS is not enforced");
            if (!String(ep.tlsSecurityPolicy ?? "").startsWith("Policy-Min-TLS-1-2")) report(`tlsSecurityPolicy is ${ep.tlsSecurityPolicy ?? "unset"}`);
        },
    }),
    cmkPolicy({
        name: "redshift-encrypted-cmk",
        service: "Redshift",
        types: ["aws:redshift/cluster:Cluster"],
        controls: ["Redshift.10"],
        read: (p) => ({ encrypted: p.encrypted === undefined || p.encrypted === "true" || p.encrypted === true, key: p.kmsKeyId, field: "kmsKeyId" }),
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
            if (args.type === "aws:elasticache/replicationGroup:ReplicationGroup") {
                if (props.atRestEncryptionEnabled === false) report("encryption at rest is disabled");
                if (props.transitEncryptionEnabled !== true) report("encryption in transit is disabled");
            }
            if (!isCustomerManagedKey(props.kmsKeyId)) report("kmsKeyId is not a customer-managed key");
        },
    }),
    stackPolicy({
        name: "secretsmanager-rotation",
        description: "Secrets Manager secrets rotate automatically.",
        severity: "medium",
        area: "data",
        controls: ["SecretsManager.1", "SecretsManager.4"],
        remediation:
            "Add an aws.secretsmanager.SecretRotation with secretId set to the secret, a rotation Lambda (or managed rotation) and rotationRules of 90 days or less.",
        validate: (resources, report) => {
            const rotations = ofType(resources, "aws:secretsmanager/secretRotation:SecretRotation");
            for (const secret of ofType(resources, "aws:secretsmanager/secret:Secret"))
                if (!rotations.some((r) => refersTo(r, "secretId", secret, ["id", "arn", "name"]))) report(`${label(secret)} never rotates`, secret.urn);
        },
    }),
    resourcePolicy({
        name: "ssm-parameter-secure-string",
        description: "SSM parameters whose names look like secrets are SecureStrings under a customer-managed key.",
        severity: "high",
        area: "data",
        controls: [],
        remediation: 'Set type: "SecureString" and keyId to the secrets key, or move the value to Secrets Manager.',
        types: ["aws:ssm/parameter:Parameter"],
        validate: (props, report) => {
            const name = String(props.name ?? "");
            if (!SECRET_NAME.test(name)) return;
            if (props.type !== "SecureString") report(`parameter ${name} holds a secret as ${props.type}`);
            else if (!isCustomerManagedKey(props.keyId)) report(`parameter ${name} uses the AWS-managed key`);
        },
    }),
    stackPolicy({
        name: "macie-enabled",
        description:
            "The landing zone enables Amazon Macie to discover and classify sensitive data in S3 in every region where it deploys workloads: Macie is regional (the delegated administrator enables it, and its members, region by region). A region holding only global-service plumbing, where the SCP admits no bucket, needs none.",
        severity: "medium",
        area: "data",
        controls: ["CIS 2.1.3", "Macie.1"],
        remediation: "Create aws.macie2.Account (status ENABLED) with the delegated administrator and automated sensitive data discovery.",
        landingZoneOnly: true,
        validate: (resources, report) => {
            const deployed = new Deployments(resources, report);
            const enabled = new Set(
                ofType(resources, "aws:macie2/account:Account")
                    .filter((m) => outputsPending(m) || (m.props.status ?? "ENABLED") === "ENABLED")
                    .flatMap((m) => deployed.place(m)?.region ?? []),
            );
            for (const region of new Set(deployed.pairsDeployed(true).map((p) => p.region)))
                if (!enabled.has(region)) report(`Amazon Macie is not enabled in region ${region}`);
        },
    }),
];
