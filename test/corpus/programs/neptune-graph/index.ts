import * as aws from "@pulumi/aws";

const graph = new aws.neptune.Cluster("recommendations", {
    clusterIdentifier: "recommendations",
    engine: "neptune",
    backupRetentionPeriod: 7,
    skipFinalSnapshot: true,
    iamDatabaseAuthenticationEnabled: true,
});

new aws.neptune.ClusterInstance("recommendations-1", {
    clusterIdentifier: graph.id,
    instanceClass: "db.r6g.large",
    engine: "neptune",
});

export const endpoint = graph.endpoint;
