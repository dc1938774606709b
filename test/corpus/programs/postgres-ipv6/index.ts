import * as aws from "@pulumi/aws";

const dbSg = new aws.ec2.SecurityGroup("pg-sg", { vpcId: "vpc-0a1b2c3d4e5f60718", description: "PostgreSQL" });
new aws.vpc.SecurityGroupIngressRule("pg-v6", { securityGroupId: dbSg.id, ipProtocol: "tcp", fromPort: 5432, toPort: 5432, cidrIpv6: "::/0" });
new aws.vpc.SecurityGroupIngressRule("pg-vpc", { securityGroupId: dbSg.id, ipProtocol: "tcp", fromPort: 5432, toPort: 5432, cidrIpv4: "10.0.0.0/16" });

new aws.ec2.Instance("pg", {
    ami: "ami-0c55b159cbfafe1f0",
    instanceType: "t3.medium",
    subnetId: "subnet-0a1b2c3d4e5f60718",
    vpcSecurityGroupIds: [dbSg.id],
    keyName: "ops",
    metadataOptions: { httpTokens: "required" },
    rootBlockDevice: { encrypted: true, kmsKeyId: "arn:aws:kms:us-west-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab" },
});
