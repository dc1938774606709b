import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";

const provider = new aws.Provider("workload", {
    region: "eu-west-1",
    allowedAccountIds: ["111111111111"],
    defaultTags: { tags: { Environment: "dev", Owner: "team-web", CostCenter: "cc-1234" } },
});

// The crosswalk quick start: a VPC, a load balancer and a Fargate service, all on awsx's defaults.
const vpc = new awsx.ec2.Vpc("app", { numberOfAvailabilityZones: 2 }, { provider });
const lb = new awsx.lb.ApplicationLoadBalancer("app", { subnetIds: vpc.publicSubnetIds }, { provider });
new awsx.ecs.FargateService(
    "app",
    {
        cluster: "arn:aws:ecs:eu-west-1:111111111111:cluster/web",
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

export const url = lb.loadBalancer.dnsName;
