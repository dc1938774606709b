import * as aws from "@pulumi/aws";

const domain = new aws.elasticsearch.Domain("app-logs", {
    domainName: "app-logs",
    elasticsearchVersion: "7.10",
    clusterConfig: { instanceType: "t3.small.elasticsearch", instanceCount: 1 },
    ebsOptions: { ebsEnabled: true, volumeSize: 10 },
});

export const endpoint = domain.endpoint;
