import { identityGuardrailsScp, protectSecurityServicesScp, SECURITY_SERVICE_MUTATIONS } from "../../components/policies/scp";
import { expectDecisions, SimulationRequest } from "../support/iam-simulation";
import { ACCOUNT, arn, LOG_BUCKET, principals as p, scpInputs } from "./fixtures";
import { prove } from "./scp-simulation";

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
            {
                description: "a workload opens its role to outsiders with the RCP's exclusion tag",
                principal: p.workload,
                action: "iam:TagRole",
                resource: arn.role("app"),
                context: { "aws:TagKeys": ["dp:exclude:identity"], "aws:RequestTag/dp:exclude:identity": "true" },
                expected: "ExplicitlyDenied",
                statement: "ProtectIdentityPerimeterExclusionTag",
            },
            {
                description: "a workload creates a role already carrying the exclusion tag",
                principal: p.workload,
                action: "iam:CreateRole",
                resource: arn.role("app-vendor"),
                context: { "aws:TagKeys": ["Team", "dp:exclude:identity"], "aws:RequestTag/dp:exclude:identity": "true" },
                expected: "ExplicitlyDenied",
                statement: "ProtectIdentityPerimeterExclusionTag",
            },
            {
                description: "a workload removes the exclusion tag the platform set",
                principal: p.workload,
                action: "iam:UntagRole",
                resource: arn.role("vendor-integration"),
                context: { "aws:TagKeys": ["dp:exclude:identity"] },
                expected: "ExplicitlyDenied",
                statement: "ProtectIdentityPerimeterExclusionTag",
            },
            {
                description: "the platform tags a vendor integration role for the RCP's exclusion",
                principal: p.platform,
                action: "iam:TagRole",
                resource: arn.role("vendor-integration"),
                context: { "aws:TagKeys": ["dp:exclude:identity"], "aws:RequestTag/dp:exclude:identity": "true" },
                expected: "Allowed",
                statement: "ProtectIdentityPerimeterExclusionTag",
            },
            {
                description: "a workload tags its role with its own keys",
                principal: p.workload,
                action: "iam:TagRole",
                resource: arn.role("app"),
                context: { "aws:TagKeys": ["Team"], "aws:RequestTag/Team": "payments" },
                expected: "Allowed",
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
