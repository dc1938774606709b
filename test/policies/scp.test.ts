import assert from "node:assert/strict";
import {
    dataProtectionScp,
    identityGuardrailsScp,
    protectSecurityServicesScp,
    quarantineScp,
    regionAllowListScp,
    sandboxScp,
    SECURITY_SERVICE_MUTATIONS,
} from "../../components/policies/scp";
import type { PolicyDocument } from "../../components/policies/document";
import { expectDecisions, expectValidDocuments, SimulationRequest, uncoveredStatements } from "../support/iam-simulation";
import { ACCOUNT, arn, LOG_BUCKET, principals as p, scpInputs } from "./fixtures";

/** Runs a table against one SCP (plus FullAWSAccess) and requires every statement to be covered both ways. */
async function prove(doc: PolicyDocument, table: readonly SimulationRequest[]) {
    await expectValidDocuments({ doc });
    const outcomes = await expectDecisions({ scps: { doc } }, table, { defaultContext: { "aws:RequestedRegion": "eu-west-1" } });
    assert.deepEqual(uncoveredStatements([doc], outcomes), []);
}

describe("SCP: identity guardrails", () => {
    const doc = identityGuardrailsScp(scpInputs);
    it("denies root, leaving, IAM users and role tampering; allows their neighbours", () =>
        prove(doc, [
            {
                description: "root user lists buckets",
                principal: p.root,
                action: "s3:ListAllMyBuckets",
                resource: "*",
                expected: "ExplicitlyDenied",
                statement: "DenyRootUser",
            },
            {
                description: "central root-access session unlocks a bucket policy",
                principal: p.root,
                action: "s3:DeleteBucketPolicy",
                resource: arn.bucket,
                context: { "aws:AssumedRoot": "true" },
                expected: "Allowed",
                statement: "DenyRootUser",
            },
            {
                description: "a role leaves the organization",
                principal: p.workload,
                action: "organizations:LeaveOrganization",
                resource: "*",
                expected: "ExplicitlyDenied",
                statement: "DenyLeaveOrganization",
            },
            {
                description: "a role describes the organization",
                principal: p.workload,
                action: "organizations:DescribeOrganization",
                resource: "*",
                expected: "Allowed",
                statement: "DenyLeaveOrganization",
            },
            {
                description: "a role creates an IAM user",
                principal: p.workload,
                action: "iam:CreateUser",
                resource: `arn:aws:iam::${ACCOUNT}:user/bob`,
                expected: "ExplicitlyDenied",
                statement: "DenyIamUsersAndAccessKeys",
            },
            {
                description: "the platform creates an access key",
                principal: p.platform,
                action: "iam:CreateAccessKey",
                resource: `arn:aws:iam::${ACCOUNT}:user/bob`,
                expected: "ExplicitlyDenied",
                statement: "DenyIamUsersAndAccessKeys",
            },
            {
                description: "break-glass creates an IAM user",
                principal: p.breakGlass,
                action: "iam:CreateUser",
                resource: `arn:aws:iam::${ACCOUNT}:user/bob`,
                expected: "Allowed",
                statement: "DenyIamUsersAndAccessKeys",
            },
            {
                description: "a role creates a role",
                principal: p.workload,
                action: "iam:CreateRole",
                resource: arn.role("app"),
                expected: "Allowed",
                statement: "DenyIamUsersAndAccessKeys",
            },
            {
                description: "the platform re-trusts the access role",
                principal: p.platform,
                action: "iam:UpdateAssumeRolePolicy",
                resource: arn.role("OrganizationAccountAccessRole"),
                expected: "ExplicitlyDenied",
                statement: "ProtectAccessRole",
            },
            {
                description: "a workload attaches a policy to the access role",
                principal: p.workload,
                action: "iam:AttachRolePolicy",
                resource: arn.role("OrganizationAccountAccessRole"),
                expected: "ExplicitlyDenied",
                statement: "ProtectAccessRole",
            },
            {
                description: "the access role tags itself",
                principal: p.access,
                action: "iam:TagRole",
                resource: arn.role("OrganizationAccountAccessRole"),
                expected: "Allowed",
                statement: "ProtectAccessRole",
            },
            {
                description: "a workload widens the platform role",
                principal: p.workload,
                action: "iam:PutRolePolicy",
                resource: arn.role("landing-zone-platform"),
                expected: "ExplicitlyDenied",
                statement: "ProtectPlatformRoles",
            },
            {
                description: "a workload deletes a break-glass role",
                principal: p.workload,
                action: "iam:DeleteRole",
                resource: arn.role("break-glass-admin"),
                expected: "ExplicitlyDenied",
                statement: "ProtectPlatformRoles",
            },
            {
                description: "a workload squats a landing-zone role name",
                principal: p.workload,
                action: "iam:CreateRole",
                resource: arn.role("landing-zone-config-recorder"),
                expected: "ExplicitlyDenied",
                statement: "ProtectPlatformRoles",
            },
            {
                description: "the platform updates a landing-zone role",
                principal: p.platform,
                action: "iam:PutRolePolicy",
                resource: arn.role("landing-zone-config-recorder"),
                expected: "Allowed",
                statement: "ProtectPlatformRoles",
            },
            {
                description: "a workload updates its own role",
                principal: p.workload,
                action: "iam:PutRolePolicy",
                resource: arn.role("app"),
                expected: "Allowed",
                statement: "ProtectPlatformRoles",
            },
        ]));

    it("without break-glass roles nobody may create IAM users", async () => {
        const strict = identityGuardrailsScp({ ...scpInputs, breakGlassRoleNames: [] });
        await expectDecisions({ scps: { strict } }, [
            {
                description: "former break-glass name creates a user",
                principal: p.breakGlass,
                action: "iam:CreateUser",
                resource: `arn:aws:iam::${ACCOUNT}:user/bob`,
                expected: "ExplicitlyDenied",
                statement: "DenyIamUsersAndAccessKeys",
            },
        ]);
    });
});

describe("SCP: region allow-list", () => {
    const doc = regionAllowListScp(scpInputs);
    it("denies regional actions outside the list and keeps global services working", () =>
        prove(doc, [
            {
                description: "instance in an unlisted region",
                principal: p.workload,
                action: "ec2:RunInstances",
                resource: `arn:aws:ec2:us-west-2:${ACCOUNT}:instance/i-0123456789abcdef0`,
                context: { "aws:RequestedRegion": "us-west-2" },
                expected: "ExplicitlyDenied",
                statement: "DenyOutsideAllowedRegions",
            },
            {
                description: "even the platform, outside the list",
                principal: p.platform,
                action: "sqs:CreateQueue",
                resource: `arn:aws:sqs:ap-south-1:${ACCOUNT}:q`,
                context: { "aws:RequestedRegion": "ap-south-1" },
                expected: "ExplicitlyDenied",
                statement: "DenyOutsideAllowedRegions",
            },
            {
                description: "instance in an allowed region",
                principal: p.workload,
                action: "ec2:RunInstances",
                resource: arn.instance,
                context: { "aws:RequestedRegion": "eu-west-1" },
                expected: "Allowed",
                statement: "DenyOutsideAllowedRegions",
            },
            {
                description: "second allowed region",
                principal: p.workload,
                action: "ec2:RunInstances",
                resource: `arn:aws:ec2:eu-central-1:${ACCOUNT}:instance/i-0123456789abcdef0`,
                context: { "aws:RequestedRegion": "eu-central-1" },
                expected: "Allowed",
                statement: "DenyOutsideAllowedRegions",
            },
            {
                description: "IAM (global) through us-east-1",
                principal: p.workload,
                action: "iam:ListRoles",
                resource: "*",
                context: { "aws:RequestedRegion": "us-east-1" },
                expected: "Allowed",
                statement: "DenyOutsideAllowedRegions",
            },
            {
                description: "CloudFront (global) through us-east-1",
                principal: p.workload,
                action: "cloudfront:CreateInvalidation",
                resource: `arn:aws:cloudfront::${ACCOUNT}:distribution/E2QWRUHAPOMQZL`,
                context: { "aws:RequestedRegion": "us-east-1" },
                expected: "Allowed",
                statement: "DenyOutsideAllowedRegions",
            },
            {
                description: "the deploy (access) role creates a global-event forwarding rule in us-east-1",
                principal: p.access,
                action: "events:PutRule",
                resource: `arn:aws:events:us-east-1:${ACCOUNT}:rule/lz-forward-security-iam`,
                context: { "aws:RequestedRegion": "us-east-1" },
                expected: "Allowed",
                statement: "DenyOutsideAllowedRegions",
            },
            {
                description: "the deploy (access) role adds the central bus as the rule's target in us-east-1",
                principal: p.access,
                action: "events:PutTargets",
                resource: `arn:aws:events:us-east-1:${ACCOUNT}:rule/lz-forward-security-iam`,
                context: { "aws:RequestedRegion": "us-east-1" },
                expected: "Allowed",
                statement: "DenyOtherRulesOutsideAllowedRegions",
            },
            {
                description: "the deploy (access) role reads the forwarding rule's targets in us-east-1",
                principal: p.access,
                action: "events:ListTargetsByRule",
                resource: `arn:aws:events:us-east-1:${ACCOUNT}:rule/lz-forward-security-iam`,
                context: { "aws:RequestedRegion": "us-east-1" },
                expected: "Allowed",
                statement: "GlobalEventRulesOnlyByPlatform",
            },
            {
                description: "the deploy (access) role passes the forwarder role from us-east-1",
                principal: p.access,
                action: "iam:PassRole",
                resource: arn.role("landing-zone-security-event-forwarder"),
                context: { "aws:RequestedRegion": "us-east-1" },
                expected: "Allowed",
                statement: "DenyOutsideAllowedRegions",
            },
            {
                description: "the deploy (access) role creates an S3 bucket in us-east-1",
                principal: p.access,
                action: "s3:CreateBucket",
                resource: "arn:aws:s3:::lz-anything-us-east-1",
                context: { "aws:RequestedRegion": "us-east-1" },
                expected: "ExplicitlyDenied",
                statement: "DenyOutsideAllowedRegions",
            },
            {
                description: "the deploy (access) role launches an instance in us-east-1",
                principal: p.access,
                action: "ec2:RunInstances",
                resource: `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-0123456789abcdef0`,
                context: { "aws:RequestedRegion": "us-east-1" },
                expected: "ExplicitlyDenied",
                statement: "DenyOutsideAllowedRegions",
            },
            {
                description: "the deploy (access) role puts events on a bus in us-east-1",
                principal: p.access,
                action: "events:PutEvents",
                resource: `arn:aws:events:us-east-1:${ACCOUNT}:event-bus/default`,
                context: { "aws:RequestedRegion": "us-east-1" },
                expected: "ExplicitlyDenied",
                statement: "DenyOutsideAllowedRegions",
            },
            {
                description: "the deploy (access) role creates any other rule in us-east-1",
                principal: p.access,
                action: "events:PutRule",
                resource: `arn:aws:events:us-east-1:${ACCOUNT}:rule/mine`,
                context: { "aws:RequestedRegion": "us-east-1" },
                expected: "ExplicitlyDenied",
                statement: "DenyOtherRulesOutsideAllowedRegions",
            },
            {
                description: "a forwarding-rule name in another unlisted region",
                principal: p.access,
                action: "events:PutRule",
                resource: `arn:aws:events:us-west-2:${ACCOUNT}:rule/lz-forward-security-iam`,
                context: { "aws:RequestedRegion": "us-west-2" },
                expected: "ExplicitlyDenied",
                statement: "DenyOtherRulesOutsideAllowedRegions",
            },
            {
                description: "a workload role creates a forwarding-rule name in us-east-1",
                principal: p.workload,
                action: "events:PutRule",
                resource: `arn:aws:events:us-east-1:${ACCOUNT}:rule/lz-forward-security-iam`,
                context: { "aws:RequestedRegion": "us-east-1" },
                expected: "ExplicitlyDenied",
                statement: "GlobalEventRulesOnlyByPlatform",
            },
        ]));
});

describe("SCP: protect security services and the log archive", () => {
    const doc = protectSecurityServicesScp(scpInputs);
    const sample: Record<keyof typeof SECURITY_SERVICE_MUTATIONS, { action: string; resource: string; harmless: string }> = {
        ProtectCloudTrail: { action: "cloudtrail:StopLogging", resource: arn.trail, harmless: "cloudtrail:GetTrailStatus" },
        ProtectConfig: { action: "config:StopConfigurationRecorder", resource: "*", harmless: "config:DescribeConfigurationRecorders" },
        ProtectGuardDuty: {
            action: "guardduty:DeleteDetector",
            resource: `arn:aws:guardduty:eu-west-1:${ACCOUNT}:detector/12abc34d567e8fa901bc2d34e56789f0`,
            harmless: "guardduty:ListDetectors",
        },
        ProtectSecurityHub: {
            action: "securityhub:DisableSecurityHub",
            resource: `arn:aws:securityhub:eu-west-1:${ACCOUNT}:hub/default`,
            harmless: "securityhub:GetFindings",
        },
        ProtectAccessAnalyzer: {
            action: "access-analyzer:DeleteAnalyzer",
            resource: `arn:aws:access-analyzer:eu-west-1:${ACCOUNT}:analyzer/org`,
            harmless: "access-analyzer:ListFindings",
        },
        ProtectMacie: { action: "macie2:DisableMacie", resource: "*", harmless: "macie2:GetMacieSession" },
        ProtectFlowLogs: {
            action: "ec2:DeleteFlowLogs",
            resource: `arn:aws:ec2:eu-west-1:${ACCOUNT}:vpc-flow-log/fl-0123456789abcdef0`,
            harmless: "ec2:DescribeFlowLogs",
        },
    };
    const serviceRows: SimulationRequest[] = Object.entries(sample).flatMap(([sid, s]) => [
        {
            description: `a workload role: ${s.action}`,
            principal: p.workload,
            action: s.action,
            resource: s.resource,
            expected: "ExplicitlyDenied" as const,
            statement: sid,
        },
        {
            description: `the platform role: ${s.action}`,
            principal: p.platform,
            action: s.action,
            resource: s.resource,
            expected: "Allowed" as const,
            statement: sid,
        },
        {
            description: `a workload role reads: ${s.harmless}`,
            principal: p.workload,
            action: s.harmless,
            resource: "*",
            expected: "Allowed" as const,
            statement: sid,
        },
    ]);
    it("denies blinding changes to everyone but the platform, and leaves reads alone", () =>
        prove(doc, [
            ...serviceRows,
            {
                description: "the access role stops the trail",
                principal: p.access,
                action: "cloudtrail:StopLogging",
                resource: arn.trail,
                expected: "Allowed",
                statement: "ProtectCloudTrail",
            },
            {
                description: "a workload rewrites the log bucket policy",
                principal: p.workload,
                action: "s3:PutBucketPolicy",
                resource: LOG_BUCKET,
                expected: "ExplicitlyDenied",
                statement: "ProtectLogArchive",
            },
            {
                description: "a workload deletes a log object",
                principal: p.workload,
                action: "s3:DeleteObject",
                resource: `${LOG_BUCKET}/AWSLogs/o-abc/x.json.gz`,
                expected: "ExplicitlyDenied",
                statement: "ProtectLogArchive",
            },
            {
                description: "a workload bypasses governance retention",
                principal: p.workload,
                action: "s3:BypassGovernanceRetention",
                resource: `${LOG_BUCKET}/AWSLogs/o-abc/x.json.gz`,
                expected: "ExplicitlyDenied",
                statement: "ProtectLogArchive",
            },
            {
                description: "the platform sets the log bucket policy",
                principal: p.platform,
                action: "s3:PutBucketPolicy",
                resource: LOG_BUCKET,
                expected: "Allowed",
                statement: "ProtectLogArchive",
            },
            {
                description: "a workload sets its own bucket policy",
                principal: p.workload,
                action: "s3:PutBucketPolicy",
                resource: arn.bucket,
                expected: "Allowed",
                statement: "ProtectLogArchive",
            },
            {
                description: "a workload reads a log object",
                principal: p.workload,
                action: "s3:GetObject",
                resource: `${LOG_BUCKET}/AWSLogs/o-abc/x.json.gz`,
                expected: "Allowed",
                statement: "ProtectLogArchive",
            },
        ]));
});

describe("SCP: data protection", () => {
    const doc = dataProtectionScp(scpInputs);
    it("keeps encryption, BPA and IMDSv2 in place", () =>
        prove(doc, [
            {
                description: "the platform disables EBS default encryption",
                principal: p.platform,
                action: "ec2:DisableEbsEncryptionByDefault",
                resource: "*",
                expected: "ExplicitlyDenied",
                statement: "DenyDisableEbsDefaultEncryption",
            },
            {
                description: "a workload enables EBS default encryption",
                principal: p.workload,
                action: "ec2:EnableEbsEncryptionByDefault",
                resource: "*",
                expected: "Allowed",
                statement: "DenyDisableEbsDefaultEncryption",
            },
            {
                description: "a workload changes account BPA",
                principal: p.workload,
                action: "s3:PutAccountPublicAccessBlock",
                resource: "*",
                expected: "ExplicitlyDenied",
                statement: "ProtectS3AccountPublicAccessBlock",
            },
            {
                description: "the Config remediation role turns account BPA back on (AWSConfigRemediation-ConfigureS3PublicAccessBlock)",
                principal: p.configRemediation,
                action: "s3:PutAccountPublicAccessBlock",
                resource: "*",
                expected: "Allowed",
                statement: "ProtectS3AccountPublicAccessBlock",
            },
            {
                description: "another landing-zone role changes account BPA",
                principal: p.platform,
                action: "s3:PutAccountPublicAccessBlock",
                resource: "*",
                expected: "ExplicitlyDenied",
                statement: "ProtectS3AccountPublicAccessBlock",
            },
            {
                description: "the access role sets account BPA (baseline)",
                principal: p.access,
                action: "s3:PutAccountPublicAccessBlock",
                resource: "*",
                expected: "Allowed",
                statement: "ProtectS3AccountPublicAccessBlock",
            },
            {
                description: "launch with IMDSv1 allowed",
                principal: p.workload,
                action: "ec2:RunInstances",
                resource: arn.instance,
                context: { "ec2:MetadataHttpTokens": "optional" },
                expected: "ExplicitlyDenied",
                statement: "RequireImdsV2",
            },
            {
                description: "launch with IMDSv2 only",
                principal: p.workload,
                action: "ec2:RunInstances",
                resource: arn.instance,
                context: { "ec2:MetadataHttpTokens": "required" },
                expected: "Allowed",
                statement: "RequireImdsV2",
            },
            {
                description: "a workload re-enables IMDSv1",
                principal: p.workload,
                action: "ec2:ModifyInstanceMetadataOptions",
                resource: arn.instance,
                expected: "ExplicitlyDenied",
                statement: "DenyMetadataOptionChanges",
            },
            {
                description: "the platform changes metadata options",
                principal: p.platform,
                action: "ec2:ModifyInstanceMetadataOptions",
                resource: arn.instance,
                expected: "Allowed",
                statement: "DenyMetadataOptionChanges",
            },
            ...["ec2:CreateVpcBlockPublicAccessExclusion", "ec2:ModifyVpcBlockPublicAccessExclusion", "ec2:DeleteVpcBlockPublicAccessExclusion"].map(
                (action): SimulationRequest => ({
                    description: `a workload calls ${action} to open a VPC to the internet`,
                    principal: p.workload,
                    action,
                    resource: "*",
                    expected: "ExplicitlyDenied",
                    statement: "ProtectVpcBlockPublicAccessExclusions",
                }),
            ),
            {
                description: "the platform creates the inspection VPC's exclusion",
                principal: p.platform,
                action: "ec2:CreateVpcBlockPublicAccessExclusion",
                resource: "*",
                expected: "Allowed",
                statement: "ProtectVpcBlockPublicAccessExclusions",
            },
            {
                description: "unencrypted volume",
                principal: p.workload,
                action: "ec2:CreateVolume",
                resource: arn.volume,
                context: { "ec2:Encrypted": "false" },
                expected: "ExplicitlyDenied",
                statement: "DenyUnencryptedEbsVolumes",
            },
            {
                description: "unencrypted root volume at launch",
                principal: p.workload,
                action: "ec2:RunInstances",
                resource: arn.volume,
                context: { "ec2:Encrypted": "false" },
                expected: "ExplicitlyDenied",
                statement: "DenyUnencryptedEbsVolumes",
            },
            {
                description: "encrypted volume",
                principal: p.workload,
                action: "ec2:CreateVolume",
                resource: arn.volume,
                context: { "ec2:Encrypted": "true" },
                expected: "Allowed",
                statement: "DenyUnencryptedEbsVolumes",
            },
            {
                description: "unencrypted RDS instance",
                principal: p.workload,
                action: "rds:CreateDBInstance",
                resource: `arn:aws:rds:eu-west-1:${ACCOUNT}:db:orders`,
                context: { "rds:StorageEncrypted": "false" },
                expected: "ExplicitlyDenied",
                statement: "DenyUnencryptedRds",
            },
            {
                description: "encrypted RDS instance",
                principal: p.workload,
                action: "rds:CreateDBInstance",
                resource: `arn:aws:rds:eu-west-1:${ACCOUNT}:db:orders`,
                context: { "rds:StorageEncrypted": "true" },
                expected: "Allowed",
                statement: "DenyUnencryptedRds",
            },
            {
                description: "unencrypted EFS",
                principal: p.workload,
                action: "elasticfilesystem:CreateFileSystem",
                resource: "*",
                context: { "elasticfilesystem:Encrypted": "false" },
                expected: "ExplicitlyDenied",
                statement: "DenyUnencryptedEfs",
            },
            {
                description: "encrypted EFS",
                principal: p.workload,
                action: "elasticfilesystem:CreateFileSystem",
                resource: "*",
                context: { "elasticfilesystem:Encrypted": "true" },
                expected: "Allowed",
                statement: "DenyUnencryptedEfs",
            },
        ]));
});

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
