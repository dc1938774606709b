import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";

const provider = new aws.Provider("workload", {
    region: "eu-west-1",
    allowedAccountIds: ["111111111111"],
    defaultTags: { tags: { Environment: "prod", Owner: "team-web", CostCenter: "cc-1234" } },
});
const certificateArn = "arn:aws:acm:eu-west-1:111111111111:certificate/0a1b2c3d-1111-2222-3333-444455556666";

// Private and isolated subnets only, no NAT of its own: egress goes through the landing zone's attachment.
const vpc = new awsx.ec2.Vpc(
    "app",
    {
        cidrBlock: "10.40.0.0/16",
        numberOfAvailabilityZones: 2,
        subnetStrategy: "Auto",
        subnetSpecs: [{ type: "Private" }, { type: "Isolated", name: "data" }],
        natGateways: { strategy: "None" },
    },
    { provider },
);
// Internal, HTTPS, and port 80 only redirects.
const lb = new awsx.lb.ApplicationLoadBalancer(
    "app",
    {
        internal: true,
        subnetIds: vpc.privateSubnetIds,
        listeners: [
            { port: 443, protocol: "HTTPS", certificateArn, sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06" },
            { port: 80, protocol: "HTTP", defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }] },
        ],
    },
    { provider },
);
new awsx.ecs.FargateService(
    "app",
    {
        cluster: "arn:aws:ecs:eu-west-1:111111111111:cluster/web",
        networkConfiguration: { subnets: vpc.privateSubnetIds, assignPublicIp: false },
        taskDefinitionArgs: {
            container: {
                name: "web",
                image: "nginx:1.27",
                cpu: 256,
                memory: 512,
                essential: true,
                portMappings: [{ containerPort: 80, targetGroup: lb.defaultTargetGroup }],
            },
        },
    },
    { provider },
);

/** @pulumi/eks's generated Cluster constructor registers this remote component (the package is not installed here). */
class Cluster extends pulumi.ComponentResource {
    constructor(name: string, args: pulumi.Inputs, opts?: pulumi.ComponentResourceOptions) {
        super("eks:index:Cluster", name, args, opts, true);
    }
}
new Cluster(
    "platform",
    {
        vpcId: vpc.vpcId,
        privateSubnetIds: vpc.privateSubnetIds,
        endpointPublicAccess: false,
        endpointPrivateAccess: true,
        nodeAssociatePublicIpAddress: false,
    },
    { providers: { aws: provider } },
);
