import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const config = new pulumi.Config();

const catalog = new aws.docdb.Cluster("catalog", {
    clusterIdentifier: "catalog",
    engine: "docdb",
    masterUsername: "catalog",
    masterPassword: config.getSecret("dbPassword") ?? pulumi.secret("catalog-change-me"),
    backupRetentionPeriod: 5,
    skipFinalSnapshot: true,
});

new aws.docdb.ClusterInstance("catalog-1", { clusterIdentifier: catalog.id, instanceClass: "db.t3.medium" });

export const endpoint = catalog.endpoint;
