import * as aws from "@pulumi/aws";

const vpcId = "vpc-0a1b2c3d4e5f60718";
const subnets = ["subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a69788"];

const albSg = new aws.ec2.SecurityGroup("alb-sg", {
    vpcId,
    ingress: [{ protocol: "tcp", fromPort: 80, toPort: 80, cidrBlocks: ["0.0.0.0/0"] }],
});
const appSg = new aws.ec2.SecurityGroup("app-sg", {
    vpcId,
    // The app port is opened to the world instead of to the load balancer's group.
    ingress: [{ protocol: "tcp", fromPort: 3000, toPort: 3000, cidrBlocks: ["0.0.0.0/0"] }],
});

const alb = new aws.lb.LoadBalancer("app-alb", { loadBalancerType: "application", subnets, securityGroups: [albSg.id], dropInvalidHeaderFields: true });
const tg = new aws.lb.TargetGroup("app-tg", { port: 3000, protocol: "HTTP", vpcId, targetType: "instance" });
new aws.lb.Listener("app-http", {
    loadBalancerArn: alb.arn,
    port: 80,
    protocol: "HTTP",
    defaultActions: [{ type: "forward", targetGroupArn: tg.arn }],
});

new aws.ec2.Instance("app", {
    ami: "ami-0c55b159cbfafe1f0",
    instanceType: "t3.small",
    subnetId: subnets[0],
    vpcSecurityGroupIds: [appSg.id],
    metadataOptions: { httpTokens: "required" },
    rootBlockDevice: { encrypted: true, kmsKeyId: "arn:aws:kms:us-west-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab" },
});

export const url = alb.dnsName;
