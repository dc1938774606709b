import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const config = new pulumi.Config();

const cluster = new aws.rds.Cluster("orders", {
    engine: "aurora-postgresql",
    engineVersion: "16.4",
    databaseName: "orders",
    masterUsername: "orders",
    masterPassword: config.getSecret("dbPassword") ?? pulumi.secret("orders-change-me"),
    skipFinalSnapshot: true,
    deletionProtection: false,
});

new aws.rds.ClusterInstance("orders-1", {
    clusterIdentifier: cluster.id,
    instanceClass: "db.r6g.large",
    engine: "aurora-postgresql",
    publiclyAccessible: true,
});

export const endpoint = cluster.endpoint;
