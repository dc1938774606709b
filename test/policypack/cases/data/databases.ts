import { secret } from "../../harness";
import { CMK, PolicyCases, R, res, S } from "../fixtures";

/** Failing and passing cases of the policies in policypack/policies/data/databases.ts. */
export const databaseCases: Readonly<Record<string, PolicyCases>> = {
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
};
