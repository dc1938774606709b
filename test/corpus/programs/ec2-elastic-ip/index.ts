import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const config = new pulumi.Config();
const subnetId = config.get("subnetId") ?? "subnet-0a1b2c3d4e5f60718";
const vpcId = config.get("vpcId") ?? "vpc-0a1b2c3d4e5f60718";

const appSg = new aws.ec2.SecurityGroup("app-sg", { vpcId, description: "app server" });
// The app listens on 8080; the team opened it to everyone while testing.
new aws.vpc.SecurityGroupIngressRule("app-8080", {
    securityGroupId: appSg.id,
    ipProtocol: "tcp",
    fromPort: 8080,
    toPort: 8080,
    cidrIpv4: "0.0.0.0/0",
});

const app = new aws.ec2.Instance("app", {
    ami: "ami-0c55b159cbfafe1f0",
    instanceType: "t3.small",
    subnetId,
    vpcSecurityGroupIds: [appSg.id],
    associatePublicIpAddress: false,
    metadataOptions: { httpTokens: "required" },
    rootBlockDevice: { encrypted: true },
});

const eip = new aws.ec2.Eip("app-ip", { domain: "vpc", instance: app.id });
export const appIp = eip.publicIp;
