import { UNKNOWN, secret } from "../harness";
import { BUCKET, bucket, BUCKET_POLICY, CMK, doc, KEY, LZ, R, res, S, SSE_CONFIG, tlsPolicy, PolicyCases } from "./fixtures";

/** Failing and passing cases of the policies in policypack/policies/data.ts. */
export const dataCases: Readonly<Record<string, PolicyCases>> = {
    "s3-bucket-public-access-block": {
        fail: [R("two flags off", "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", { bucket: "b", blockPublicAcls: true, ignorePublicAcls: true })],
        pass: [
            R("all four", "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", {
                bucket: "b",
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            }),
        ],
    },
    "s3-account-public-access-block": {
        fail: [
            R("restrictPublicBuckets off", "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock", {
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
            }),
        ],
        pass: [
            R("all four", "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock", {
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            }),
        ],
    },
    "s3-account-public-access-block-present": {
        fail: [S("landing zone without it", [bucket("b")], LZ)],
        pass: [S("present", [res("aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock", "bpa", { blockPublicAcls: true })], LZ)],
    },
    "s3-bucket-has-public-access-block": {
        fail: [S("bucket alone", [bucket("data")])],
        pass: [
            S("bucket with BPA by dependency", [
                bucket("data"),
                res("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "data-bpa", { bucket: UNKNOWN }, { bucket: ["data"] }),
            ]),
            S("bucket with BPA by literal name", [
                bucket("data"),
                res("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "data-bpa", { bucket: "data-111111111111" }),
            ]),
        ],
    },
    "s3-no-public-acl": {
        fail: [
            R("public-read canned ACL", "aws:s3/bucketAcl:BucketAcl", { bucket: "b", acl: "public-read" }),
            R("grant to AllUsers", "aws:s3/bucketAcl:BucketAcl", {
                bucket: "b",
                accessControlPolicy: {
                    owner: { id: "o" },
                    grants: [{ grantee: { type: "Group", uri: "http://acs.amazonaws.com/groups/global/AllUsers" }, permission: "READ" }],
                },
            }),
        ],
        pass: [R("private ACL", "aws:s3/bucketAcl:BucketAcl", { bucket: "b", acl: "private" })],
    },
    "s3-acls-disabled": {
        fail: [R("ObjectWriter", "aws:s3/bucketOwnershipControls:BucketOwnershipControls", { bucket: "b", rule: { objectOwnership: "ObjectWriter" } })],
        pass: [
            R("BucketOwnerEnforced", "aws:s3/bucketOwnershipControls:BucketOwnershipControls", {
                bucket: "b",
                rule: { objectOwnership: "BucketOwnerEnforced" },
            }),
        ],
    },
    "s3-tls-only-policy": {
        fail: [
            S("a TLS Deny on a single action leaves the others open", [
                res(BUCKET, "b", { bucket: "b" }),
                res(
                    BUCKET_POLICY,
                    "bp",
                    {
                        bucket: "b",
                        policy: doc({
                            Effect: "Deny",
                            Principal: "*",
                            Action: "s3:GetObject",
                            Resource: "arn:aws:s3:::b/*",
                            Condition: { Bool: { "aws:SecureTransport": "false" } },
                        }),
                    },
                    { bucket: ["b"] },
                ),
            ]),
            S("bucket without policy", [bucket("data")]),
            S("policy without TLS deny", [
                bucket("data"),
                res(BUCKET_POLICY, "data-policy", {
                    bucket: "data-111111111111",
                    policy: doc({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "s3:GetObject", Resource: "*" }),
                }),
            ]),
        ],
        pass: [
            S("TLS deny by dependency", [
                bucket("data"),
                res(BUCKET_POLICY, "data-policy", { bucket: UNKNOWN, policy: tlsPolicy("data-111111111111") }, { bucket: ["data"] }),
            ]),
        ],
    },
    "s3-sse-kms-cmk": {
        fail: [
            S("no encryption config", [bucket("data")]),
            S("SSE-S3", [
                bucket("data"),
                res("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "data-sse", {
                    bucket: "data-111111111111",
                    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
                }),
            ]),
            S("SSE-S3 on a bucket that only logs itself (not a log target)", [
                bucket("data"),
                res(SSE_CONFIG, "data-sse", { bucket: "data-111111111111", rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] }),
                res("aws:s3/bucketLogging:BucketLogging", "data-log", { bucket: "data-111111111111", targetBucket: "data-111111111111" }),
            ]),
            S("SSE-KMS on a server access log target (delivery fails)", [
                bucket("data"),
                bucket("access-logs"),
                res(SSE_CONFIG, "access-logs-sse", {
                    bucket: "access-logs-111111111111",
                    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: CMK } }],
                }),
                res("aws:s3/bucketLogging:BucketLogging", "data-log", { bucket: "data-111111111111", targetBucket: "access-logs-111111111111" }),
            ]),
            S("an ELB log target with no encryption config", [
                bucket("lb-logs"),
                res("aws:lb/loadBalancer:LoadBalancer", "alb", { accessLogs: { enabled: true, bucket: UNKNOWN } }, { accessLogs: ["lb-logs"] }),
            ]),
        ],
        pass: [
            S("SSE-S3 on the target of another bucket's server access logging", [
                bucket("data"),
                res(SSE_CONFIG, "data-sse", {
                    bucket: "data-111111111111",
                    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: CMK }, bucketKeyEnabled: true }],
                }),
                bucket("access-logs"),
                res(
                    SSE_CONFIG,
                    "access-logs-sse",
                    { bucket: UNKNOWN, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] },
                    { bucket: ["access-logs"] },
                ),
                res("aws:s3/bucketLogging:BucketLogging", "data-log", { bucket: "data-111111111111", targetBucket: "access-logs-111111111111" }),
            ]),
            S("SSE-S3 on the ELB access log target", [
                bucket("lb-logs"),
                res(SSE_CONFIG, "lb-logs-sse", { bucket: "lb-logs-111111111111", rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] }),
                res("aws:lb/loadBalancer:LoadBalancer", "alb", { accessLogs: { enabled: true, bucket: "lb-logs-111111111111" } }),
            ]),
            S("SSE-KMS with CMK", [
                bucket("data"),
                res(
                    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
                    "data-sse",
                    {
                        bucket: UNKNOWN,
                        rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: CMK }, bucketKeyEnabled: true }],
                    },
                    { bucket: ["data"] },
                ),
            ]),
        ],
    },
    "s3-versioning-enabled": {
        fail: [
            S("suspended", [
                bucket("data"),
                res("aws:s3/bucketVersioning:BucketVersioning", "data-v", { bucket: "data-111111111111", versioningConfiguration: { status: "Suspended" } }),
            ]),
        ],
        pass: [
            S("enabled", [
                bucket("data"),
                res("aws:s3/bucketVersioning:BucketVersioning", "data-v", { bucket: "data-111111111111", versioningConfiguration: { status: "Enabled" } }),
            ]),
        ],
    },
    "s3-access-logging": {
        fail: [S("no logging", [bucket("data")])],
        pass: [
            S("logs to the access-log bucket, which is exempt", [
                bucket("data"),
                bucket("access-logs"),
                res("aws:s3/bucketLogging:BucketLogging", "data-log", { bucket: "data-111111111111", targetBucket: "access-logs-111111111111" }),
            ]),
        ],
    },
    "s3-log-buckets-object-lock": {
        fail: [
            S("trail bucket without lock", [
                bucket("trail-store"),
                res("aws:cloudtrail/trail:Trail", "org", { s3BucketName: UNKNOWN }, { s3BucketName: ["trail-store"] }),
            ]),
            S("bucket named as a log bucket without lock", [bucket("flow-logs")]),
            S("server access log target without Object Lock", [
                bucket("data"),
                bucket("access-logs"),
                res("aws:s3/bucketLogging:BucketLogging", "data-log", { bucket: "data-111111111111", targetBucket: "access-logs-111111111111" }),
            ]),
            S("server access log target with a default retention (delivery rejected)", [
                bucket("data"),
                bucket("access-logs", { objectLockEnabled: true }),
                res("aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration", "access-logs-lock", {
                    bucket: "access-logs-111111111111",
                    rule: { defaultRetention: { mode: "COMPLIANCE", days: 365 } },
                }),
                res("aws:s3/bucketLogging:BucketLogging", "data-log", { bucket: "data-111111111111", targetBucket: "access-logs-111111111111" }),
            ]),
            S("ELB-only log target keeps the default-retention rule", [
                bucket("lb-logs", { objectLockEnabled: true }),
                res("aws:lb/loadBalancer:LoadBalancer", "alb", { accessLogs: { enabled: true, bucket: "lb-logs-111111111111" } }),
            ]),
        ],
        pass: [
            S("a CloudFront standard-log bucket (ACL delivery)", [
                res(BUCKET, "site-logs", { bucket: "site-logs" }),
                res(
                    "aws:cloudfront/distribution:Distribution",
                    "site",
                    { loggingConfig: { bucket: "site-logs.s3.amazonaws.com" } },
                    { loggingConfig: ["site-logs"] },
                ),
            ]),
            S("trail bucket with Object Lock", [
                bucket("trail-store", { objectLockEnabled: true }),
                res("aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration", "trail-lock", {
                    bucket: "trail-store-111111111111",
                    rule: { defaultRetention: { mode: "COMPLIANCE", days: 365 } },
                }),
                res("aws:cloudtrail/trail:Trail", "org", { s3BucketName: "trail-store-111111111111" }),
            ]),
            S("ordinary bucket", [bucket("reports")]),
            S("server access log target with Object Lock and no default retention", [
                bucket("data"),
                bucket("access-logs", { objectLockEnabled: true }),
                res(
                    "aws:s3/bucketLogging:BucketLogging",
                    "data-log",
                    { bucket: UNKNOWN, targetBucket: UNKNOWN },
                    { bucket: ["data"], targetBucket: ["access-logs"] },
                ),
            ]),
        ],
    },
    "kms-key-rotation": {
        fail: [R("no rotation", KEY, { description: "data" })],
        pass: [
            R("rotation", KEY, { enableKeyRotation: true }),
            R("asymmetric signing key", KEY, { customerMasterKeySpec: "RSA_2048", keyUsage: "SIGN_VERIFY" }),
        ],
    },
    "kms-deletion-window": {
        fail: [R("7 days", KEY, { deletionWindowInDays: 7, enableKeyRotation: true })],
        pass: [
            R("30 days", KEY, { deletionWindowInDays: 30 }),
            R("7 days where the stack allows it", KEY, { deletionWindowInDays: 7 }, { config: { minimumDays: 7 } }),
        ],
    },
    "rds-encrypted-cmk": {
        fail: [
            R("a cross-region replica without its own key", "aws:rds/instance:Instance", {
                instanceClass: "db.t4g.micro",
                replicateSourceDb: "arn:aws:rds:eu-central-1:111111111111:db:orders",
            }),
            R("unencrypted", "aws:rds/instance:Instance", { instanceClass: "db.t4g.micro", engine: "postgres" }),
            R("AWS-managed key", "aws:rds/instance:Instance", {
                instanceClass: "db.t4g.micro",
                storageEncrypted: true,
                kmsKeyId: "arn:aws:kms:eu-west-1:111111111111:alias/aws/rds",
            }),
        ],
        pass: [
            R("a same-region read replica inherits the source's key", "aws:rds/instance:Instance", {
                instanceClass: "db.t4g.micro",
                replicateSourceDb: "orders",
            }),
            R("CMK", "aws:rds/instance:Instance", { instanceClass: "db.t4g.micro", storageEncrypted: true, kmsKeyId: CMK }),
        ],
    },
    "aurora-encrypted-cmk": {
        fail: [R("unencrypted cluster", "aws:rds/cluster:Cluster", { engine: "aurora-postgresql" })],
        pass: [R("CMK cluster", "aws:rds/cluster:Cluster", { engine: "aurora-postgresql", storageEncrypted: true, kmsKeyId: CMK })],
    },
    "rds-multi-az": {
        fail: [
            R("single-AZ (the default)", "aws:rds/instance:Instance", { engine: "postgres", instanceClass: "db.t4g.micro" }),
            R("multiAz false", "aws:rds/instance:Instance", { engine: "postgres", multiAz: false }),
        ],
        pass: [R("Multi-AZ", "aws:rds/instance:Instance", { engine: "postgres", multiAz: true })],
    },
    "rds-auto-minor-version-upgrade": {
        fail: [R("minor upgrades switched off", "aws:rds/instance:Instance", { engine: "postgres", autoMinorVersionUpgrade: false })],
        pass: [
            R("AWS default (true)", "aws:rds/instance:Instance", { engine: "postgres" }),
            R("explicitly on", "aws:rds/instance:Instance", { engine: "postgres", autoMinorVersionUpgrade: true }),
        ],
    },
    "rds-not-public": {
        fail: [
            R("public instance", "aws:rds/instance:Instance", { instanceClass: "db.t4g.micro", publiclyAccessible: true }),
            R("public flag as a secret", "aws:rds/clusterInstance:ClusterInstance", {
                clusterIdentifier: "c",
                instanceClass: "db.r6g.large",
                publiclyAccessible: secret(true),
            }),
        ],
        pass: [R("private instance", "aws:rds/instance:Instance", { instanceClass: "db.t4g.micro", publiclyAccessible: false })],
    },
    "dynamodb-encrypted-cmk": {
        fail: [R("AWS-owned key", "aws:dynamodb/table:Table", { hashKey: "id", attributes: [{ name: "id", type: "S" }] })],
        pass: [R("CMK", "aws:dynamodb/table:Table", { hashKey: "id", serverSideEncryption: { enabled: true, kmsKeyArn: CMK } })],
    },
    "efs-encrypted-cmk": {
        fail: [R("unencrypted", "aws:efs/fileSystem:FileSystem", {})],
        pass: [R("CMK", "aws:efs/fileSystem:FileSystem", { encrypted: true, kmsKeyId: CMK })],
    },
    "sqs-encrypted-cmk": {
        fail: [
            R("SQS-managed SSE", "aws:sqs/queue:Queue", { sqsManagedSseEnabled: true }),
            R("aws/sqs alias", "aws:sqs/queue:Queue", { kmsMasterKeyId: "alias/aws/sqs" }),
        ],
        pass: [R("CMK", "aws:sqs/queue:Queue", { kmsMasterKeyId: CMK })],
    },
    "sns-encrypted-cmk": {
        fail: [R("unencrypted topic", "aws:sns/topic:Topic", {})],
        pass: [R("CMK topic", "aws:sns/topic:Topic", { kmsMasterKeyId: "alias/landing-zone/alerts" })],
    },
    "secretsmanager-encrypted-cmk": {
        fail: [R("default key", "aws:secretsmanager/secret:Secret", { name: "db" })],
        pass: [R("CMK", "aws:secretsmanager/secret:Secret", { name: "db", kmsKeyId: CMK })],
    },
    "ecr-encrypted-cmk": {
        fail: [
            R("AES256", "aws:ecr/repository:Repository", { encryptionConfigurations: [{ encryptionType: "AES256" }] }),
            R("KMS with the AWS-managed key", "aws:ecr/repository:Repository", { encryptionConfigurations: [{ encryptionType: "KMS" }] }),
        ],
        pass: [R("KMS with CMK", "aws:ecr/repository:Repository", { encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: CMK }] })],
    },
    "opensearch-encrypted-cmk": {
        fail: [R("no encryption at rest", "aws:opensearch/domain:Domain", { domainName: "d" })],
        pass: [R("CMK", "aws:opensearch/domain:Domain", { domainName: "d", encryptAtRest: { enabled: true, kmsKeyId: CMK } })],
    },
    "opensearch-private-tls": {
        fail: [
            R("a legacy Elasticsearch domain with a public endpoint", "aws:elasticsearch/domain:Domain", { domainName: "logs" }),
            R("public domain without TLS enforcement", "aws:opensearch/domain:Domain", { domainName: "d" }),
        ],
        pass: [
            R("VPC domain with TLS 1.2", "aws:opensearch/domain:Domain", {
                domainName: "d",
                vpcOptions: { subnetIds: ["s"] },
                nodeToNodeEncryption: { enabled: true },
                domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: "Policy-Min-TLS-1-2-PFS-2023-10" },
            }),
        ],
    },
    "redshift-encrypted-cmk": {
        fail: [
            R("encrypted off", "aws:redshift/cluster:Cluster", { clusterIdentifier: "c", nodeType: "ra3.xlplus", encrypted: "false" }),
            R("default key", "aws:redshift/cluster:Cluster", { clusterIdentifier: "c", nodeType: "ra3.xlplus" }),
        ],
        pass: [R("CMK", "aws:redshift/cluster:Cluster", { clusterIdentifier: "c", nodeType: "ra3.xlplus", encrypted: "true", kmsKeyId: CMK })],
    },
    "redshift-not-public": {
        fail: [R("public", "aws:redshift/cluster:Cluster", { clusterIdentifier: "c", nodeType: "ra3.xlplus", publiclyAccessible: true })],
        pass: [R("private", "aws:redshift/cluster:Cluster", { clusterIdentifier: "c", nodeType: "ra3.xlplus", publiclyAccessible: false })],
    },
    "elasticache-encrypted-cmk": {
        fail: [R("no transit encryption, default key", "aws:elasticache/replicationGroup:ReplicationGroup", { description: "cache" })],
        pass: [
            R("CMK and TLS", "aws:elasticache/replicationGroup:ReplicationGroup", {
                description: "cache",
                atRestEncryptionEnabled: true,
                transitEncryptionEnabled: true,
                kmsKeyId: CMK,
            }),
            R("serverless with CMK", "aws:elasticache/serverlessCache:ServerlessCache", { engine: "valkey", name: "c", kmsKeyId: CMK }),
        ],
    },
    "ssm-parameter-secure-string": {
        fail: [R("password as String", "aws:ssm/parameter:Parameter", { name: "/app/db-password", type: "String", value: secret("hunter2") })],
        pass: [
            R("SecureString with CMK", "aws:ssm/parameter:Parameter", { name: "/app/db-password", type: "SecureString", keyId: CMK, value: secret("hunter2") }),
            R("non-secret name", "aws:ssm/parameter:Parameter", { name: "/app/log-level", type: "String", value: "info" }),
            R("a word that contains 'pass'", "aws:ssm/parameter:Parameter", { name: "/app/compass/bypass-cache", type: "String", value: "true" }),
        ],
    },
    "macie-enabled": {
        fail: [S("landing zone without Macie", [bucket("b")], LZ)],
        pass: [S("Macie enabled", [res("aws:macie2/account:Account", "macie", { status: "ENABLED" })], LZ)],
    },

    "db-final-snapshot": {
        fail: [R("skipFinalSnapshot on an RDS instance", "aws:rds/instance:Instance", { engine: "mysql", skipFinalSnapshot: true })],
        pass: [
            R("final snapshot kept", "aws:rds/cluster:Cluster", { engine: "aurora-postgresql", skipFinalSnapshot: false, finalSnapshotIdentifier: "final" }),
            R("a read replica (no final snapshot of its own)", "aws:rds/instance:Instance", { replicateSourceDb: "orders", skipFinalSnapshot: true }),
        ],
    },
    "db-deletion-protection": {
        fail: [
            R(
                "a prod cluster (provider defaultTags) without protection",
                "aws:docdb/cluster:Cluster",
                { engine: "docdb" },
                {
                    provider: { name: "workload", props: { region: "eu-west-1", defaultTags: JSON.stringify({ tags: { Environment: "prod" } }) } },
                },
            ),
            R("Environment=production tag", "aws:rds/instance:Instance", { engine: "postgres", tags: { Environment: "production" } }),
        ],
        pass: [
            R("protected in prod", "aws:neptune/cluster:Cluster", { deletionProtection: true, tags: { Environment: "prod" } }),
            R("a dev database", "aws:rds/cluster:Cluster", { engine: "aurora-postgresql", tags: { Environment: "dev" } }),
        ],
    },
    "db-backup-retention": {
        fail: [
            R("RDS backups off", "aws:rds/instance:Instance", { engine: "mysql", backupRetentionPeriod: 0 }),
            R("Redshift automated snapshots off", "aws:redshift/cluster:Cluster", { automatedSnapshotRetentionPeriod: 0 }),
        ],
        pass: [
            R("seven days", "aws:rds/instance:Instance", { engine: "mysql", backupRetentionPeriod: 7 }),
            R("a replica", "aws:rds/instance:Instance", { replicateSourceDb: "orders", backupRetentionPeriod: 0 }),
        ],
    },
    "docdb-encrypted-cmk": {
        fail: [R("storage not encrypted (DocumentDB's default)", "aws:docdb/cluster:Cluster", { engine: "docdb" })],
        pass: [R("CMK", "aws:docdb/cluster:Cluster", { storageEncrypted: true, kmsKeyId: CMK })],
    },
    "neptune-encrypted-cmk": {
        fail: [R("storage not encrypted", "aws:neptune/cluster:Cluster", { engine: "neptune" })],
        pass: [R("CMK", "aws:neptune/cluster:Cluster", { storageEncrypted: true, kmsKeyArn: CMK })],
    },
    "redshift-audit-logging": {
        fail: [S("no aws.redshift.Logging", [res("aws:redshift/cluster:Cluster", "dw", { clusterIdentifier: "dw" })])],
        pass: [
            S("logging to CloudWatch", [
                res("aws:redshift/cluster:Cluster", "dw", { clusterIdentifier: "dw" }),
                res("aws:redshift/logging:Logging", "dw-logging", { clusterIdentifier: "dw", logDestinationType: "cloudwatch" }, { clusterIdentifier: ["dw"] }),
            ]),
        ],
    },
    "secretsmanager-rotation": {
        fail: [S("no rotation", [res("aws:secretsmanager/secret:Secret", "db", { kmsKeyId: CMK })])],
        pass: [
            S("rotated every 30 days", [
                res("aws:secretsmanager/secret:Secret", "db", { kmsKeyId: CMK }),
                res(
                    "aws:secretsmanager/secretRotation:SecretRotation",
                    "db-rotation",
                    { secretId: "arn:secret", rotationRules: { automaticallyAfterDays: 30 } },
                    { secretId: ["db"] },
                ),
            ]),
        ],
    },
};
