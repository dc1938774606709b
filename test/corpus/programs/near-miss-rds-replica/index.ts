import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const provider = new aws.Provider("workload", {
    region: "us-west-2",
    allowedAccountIds: ["111111111111"],
    defaultTags: { tags: { Environment: "prod", Owner: "team-shop", CostCenter: "cc-1234" } },
});
const opts = { provider };
const key = new aws.kms.Key("orders-db", { enableKeyRotation: true, deletionWindowInDays: 30 }, { ...opts, protect: true });
const primary = new aws.rds.Instance(
    "orders-db",
    {
        identifier: "orders-db",
        engine: "postgres",
        engineVersion: "16.4",
        instanceClass: "db.r6g.large",
        allocatedStorage: 100,
        username: "orders",
        manageMasterUserPassword: true,
        masterUserSecretKmsKeyId: key.arn,
        storageEncrypted: true,
        kmsKeyId: key.arn,
        dbSubnetGroupName: "orders-private",
        backupRetentionPeriod: 14,
        deletionProtection: true,
        finalSnapshotIdentifier: "orders-db-final",
        multiAz: true,
        iamDatabaseAuthenticationEnabled: true,
    },
    opts,
);
// Same region: the replica names its source by identifier and inherits the source's key.
new aws.rds.Instance(
    "orders-db-replica",
    { replicateSourceDb: primary.identifier, instanceClass: "db.r6g.large", skipFinalSnapshot: true, deletionProtection: true },
    opts,
);
export const endpoint = pulumi.secret(primary.endpoint);
