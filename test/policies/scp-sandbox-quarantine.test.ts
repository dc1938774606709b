import { quarantineScp, sandboxScp } from "../../components/policies/scp";
import { ACCOUNT, arn, principals as p, scpInputs } from "./fixtures";
import { prove } from "./scp-simulation";

describe("SCP: sandbox", () => {
    const doc = sandboxScp();
    it("keeps sandboxes off the network and the bill small", () =>
        prove(doc, [
            {
                description: "peering to another VPC",
                principal: p.workload,
                action: "ec2:CreateVpcPeeringConnection",
                resource: `arn:aws:ec2:eu-west-1:${ACCOUNT}:vpc/vpc-0123456789abcdef0`,
                expected: "ExplicitlyDenied",
                statement: "DenySandboxConnectivity",
            },
            {
                description: "attaching to the transit gateway",
                principal: p.platform,
                action: "ec2:CreateTransitGatewayVpcAttachment",
                resource: `arn:aws:ec2:eu-west-1:${ACCOUNT}:vpc/vpc-0123456789abcdef0`,
                expected: "ExplicitlyDenied",
                statement: "DenySandboxConnectivity",
            },
            {
                description: "creating a VPC of its own",
                principal: p.workload,
                action: "ec2:CreateVpc",
                resource: `arn:aws:ec2:eu-west-1:${ACCOUNT}:vpc/*`,
                expected: "Allowed",
                statement: "DenySandboxConnectivity",
            },
            {
                description: "buying reserved instances",
                principal: p.workload,
                action: "ec2:PurchaseReservedInstancesOffering",
                resource: "*",
                expected: "ExplicitlyDenied",
                statement: "DenySandboxCommitments",
            },
            {
                description: "browsing reserved instance offerings",
                principal: p.workload,
                action: "ec2:DescribeReservedInstancesOfferings",
                resource: "*",
                expected: "Allowed",
                statement: "DenySandboxCommitments",
            },
            {
                description: "launching a large instance",
                principal: p.workload,
                action: "ec2:RunInstances",
                resource: arn.instance,
                context: { "ec2:InstanceType": "m5.4xlarge" },
                expected: "ExplicitlyDenied",
                statement: "DenySandboxLargeInstances",
            },
            {
                description: "launching a small instance",
                principal: p.workload,
                action: "ec2:RunInstances",
                resource: arn.instance,
                context: { "ec2:InstanceType": "t3.micro" },
                expected: "Allowed",
                statement: "DenySandboxLargeInstances",
            },
        ]));
});

describe("SCP: quarantine", () => {
    const doc = quarantineScp(scpInputs);
    it("lets only the platform and access roles act", () =>
        prove(doc, [
            {
                description: "a workload role reads S3",
                principal: p.workload,
                action: "s3:GetObject",
                resource: `${arn.bucket}/x`,
                expected: "ExplicitlyDenied",
                statement: "DenyAllButPlatform",
            },
            {
                description: "break-glass lists roles",
                principal: p.breakGlass,
                action: "iam:ListRoles",
                resource: "*",
                expected: "ExplicitlyDenied",
                statement: "DenyAllButPlatform",
            },
            {
                description: "the platform builds the baseline",
                principal: p.platform,
                action: "cloudtrail:CreateTrail",
                resource: arn.trail,
                expected: "Allowed",
                statement: "DenyAllButPlatform",
            },
            {
                description: "the access role builds the baseline",
                principal: p.access,
                action: "ec2:EnableEbsEncryptionByDefault",
                resource: "*",
                expected: "Allowed",
                statement: "DenyAllButPlatform",
            },
        ]));
});
