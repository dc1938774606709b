import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { named } from "./naming.js";

const config = new pulumi.Config();
const retentionDays = config.getNumber("retentionDays") ?? 30;

// Top-level await: the program looks up its account and the default VPC before declaring anything.
const identity = await aws.getCallerIdentity();
const vpc = await aws.ec2.getVpc({ default: true });
const ami = await aws.ec2.getAmi({
    mostRecent: true,
    owners: ["amazon"],
    filters: [{ name: "name", values: ["al2023-ami-*-x86_64"] }],
});

const landing = new aws.s3.Bucket(named("landing"), { forceDestroy: true });
new aws.s3.BucketLifecycleConfiguration(named("landing-expiry"), {
    bucket: landing.id,
    rules: [{ id: "expire", status: "Enabled", filter: {}, expiration: { days: retentionDays } }],
});

const table = new aws.dynamodb.Table(named("events"), {
    billingMode: "PAY_PER_REQUEST",
    hashKey: "id",
    attributes: [{ name: "id", type: "S" }],
});

const sg = new aws.ec2.SecurityGroup(named("worker"), {
    vpcId: vpc.id,
    description: "ingest worker",
    ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }],
    egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
});

const worker = new aws.ec2.Instance(named("worker"), {
    ami: ami.id,
    instanceType: "t3.micro",
    vpcSecurityGroupIds: [sg.id],
    associatePublicIpAddress: true,
    tags: { Owner: identity.accountId },
});

export const bucketName = landing.bucket;
export const tableName = table.name;
export const workerIp = worker.publicIp;
