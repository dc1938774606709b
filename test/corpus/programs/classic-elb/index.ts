import * as aws from "@pulumi/aws";

const subnetId = "subnet-0a1b2c3d4e5f60718";
const webSg = new aws.ec2.SecurityGroup("web-sg", {
    vpcId: "vpc-0a1b2c3d4e5f60718",
    ingress: [{ protocol: "tcp", fromPort: 80, toPort: 80, cidrBlocks: ["10.0.0.0/16"] }],
});

const servers = [0, 1].map(
    (i) =>
        new aws.ec2.Instance(`web-${i}`, {
            ami: "ami-0c55b159cbfafe1f0",
            instanceType: "t3.micro",
            subnetId,
            vpcSecurityGroupIds: [webSg.id],
            metadataOptions: { httpTokens: "required" },
            rootBlockDevice: { encrypted: true, kmsKeyId: "arn:aws:kms:us-west-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab" },
        }),
);

const elb = new aws.elb.LoadBalancer("web-elb", {
    subnets: [subnetId],
    listeners: [{ instancePort: 80, instanceProtocol: "http", lbPort: 80, lbProtocol: "http" }],
    instances: servers.map((s) => s.id),
});

export const url = elb.dnsName;
