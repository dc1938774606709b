import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const config = new pulumi.Config();
const dbPassword = config.getSecret("dbPassword") ?? pulumi.secret("wordpress-change-me");
const vpcId = "vpc-0a1b2c3d4e5f60718";

const dbSg = new aws.ec2.SecurityGroup("wordpress-db-sg", { vpcId, description: "MySQL" });
new aws.ec2.SecurityGroupRule("wordpress-db-mysql", {
    type: "ingress",
    securityGroupId: dbSg.id,
    protocol: "tcp",
    fromPort: 3306,
    toPort: 3306,
    cidrBlocks: ["0.0.0.0/0"],
});

const subnets = new aws.rds.SubnetGroup("wordpress-db-subnets", { subnetIds: ["subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a69788"] });

const db = new aws.rds.Instance("wordpress-db", {
    engine: "mysql",
    engineVersion: "8.0",
    instanceClass: "db.t3.micro",
    allocatedStorage: 20,
    dbName: "wordpress",
    username: "admin",
    password: dbPassword,
    dbSubnetGroupName: subnets.name,
    vpcSecurityGroupIds: [dbSg.id],
    publiclyAccessible: true,
    skipFinalSnapshot: true,
    backupRetentionPeriod: 0,
});

export const dbEndpoint = db.endpoint;
