import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const config = new pulumi.Config();

const warehouse = new aws.redshift.Cluster("analytics", {
    clusterIdentifier: "analytics",
    databaseName: "analytics",
    masterUsername: "analyst",
    masterPassword: config.getSecret("masterPassword") ?? pulumi.secret("Analytics-change-me1"),
    nodeType: "ra3.xlplus",
    clusterType: "single-node",
    publiclyAccessible: true,
    encrypted: "false",
    skipFinalSnapshot: true,
    automatedSnapshotRetentionPeriod: 0,
});

export const endpoint = warehouse.endpoint;
