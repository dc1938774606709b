import * as aws from "@pulumi/aws";

const search = new aws.opensearch.Domain("site-search", {
    domainName: "site-search",
    engineVersion: "OpenSearch_2.13",
    clusterConfig: { instanceType: "t3.small.search", instanceCount: 1 },
    ebsOptions: { ebsEnabled: true, volumeSize: 10 },
    encryptAtRest: { enabled: true },
    domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: "Policy-Min-TLS-1-0-2019-07" },
});

export const endpoint = search.endpoint;
