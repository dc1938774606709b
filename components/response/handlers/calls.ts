/**
 * The AWS calls each remediation handler makes in a target account, as its remediation role, with an
 * example resource ARN of the kind the handler acts on. Kept next to the handlers: a test holds each
 * list equal to the SDK commands the handler's source sends (test/review/runtime-calls.test.ts), and
 * simulates every call against the SCPs and RCPs of every target account in every region its events
 * come from (tools/runtime-calls.ts). AssumeRole into the remediation role (runtime.ts) is the
 * function role's own call and is simulated separately.
 */
import { QUARANTINE_FINDING_TAG, QUARANTINE_PURPOSE_TAG } from "../../policies/response";
import type { Remediation } from "../patterns";

/** Where a handler acts: the event's account and region. */
export interface HandlerTarget {
    readonly partition: string;
    readonly account: string;
    readonly region: string;
}

export interface HandlerCall {
    /** IAM action the SDK command is authorized as. */
    readonly action: string;
    /** A resource of the kind the handler calls it on, in the target account and region. */
    readonly resource: (t: HandlerTarget) => string;
    /** Request context the call carries besides region and TLS (tags it sets, tags of the resource). */
    readonly context?: (t: HandlerTarget) => Readonly<Record<string, string>>;
}

const ec2 = (resource: string) => (t: HandlerTarget) => `arn:${t.partition}:ec2:${t.region}:${t.account}:${resource}`;
const any = () => "*";
const bucket = (t: HandlerTarget) => `arn:${t.partition}:s3:::app-${t.account}`;
const bucketContext = (t: HandlerTarget) => ({ "s3:ResourceAccount": t.account });

/** Calls common to the handlers that empty a security group (handlers/ec2.ts revokeAllRules). */
function revokeAllRules(groupTags: Readonly<Record<string, string>> = {}): readonly HandlerCall[] {
    const context = () => groupTags;
    return [
        { action: "ec2:DescribeSecurityGroupRules", resource: any },
        { action: "ec2:RevokeSecurityGroupIngress", resource: ec2("security-group/sg-0123456789abcdef0"), context },
        { action: "ec2:RevokeSecurityGroupEgress", resource: ec2("security-group/sg-0123456789abcdef0"), context },
    ];
}
/** isolate-instance empties only the quarantine group it created (tagged with its purpose). */
const QUARANTINE_GROUP = { [`aws:ResourceTag/${QUARANTINE_PURPOSE_TAG.key}`]: QUARANTINE_PURPOSE_TAG.value };

export const HANDLER_CALLS: Readonly<Record<Remediation, readonly HandlerCall[]>> = {
    "isolate-instance": [
        { action: "autoscaling:DescribeAutoScalingInstances", resource: any },
        {
            action: "autoscaling:DetachInstances",
            resource: (t) =>
                `arn:${t.partition}:autoscaling:${t.region}:${t.account}:autoScalingGroup:11111111-2222-3333-4444-555555555555:autoScalingGroupName/app`,
        },
        { action: "ec2:DescribeInstances", resource: any },
        { action: "ec2:DescribeSnapshots", resource: any },
        { action: "ec2:CreateSnapshot", resource: ec2("volume/vol-0123456789abcdef0") },
        { action: "ec2:DescribeSecurityGroups", resource: any },
        { action: "ec2:CreateSecurityGroup", resource: ec2("vpc/vpc-0123456789abcdef0") },
        { action: "ec2:CreateTags", resource: ec2("instance/i-0123456789abcdef0"), context: () => ({ "aws:TagKeys": QUARANTINE_FINDING_TAG }) },
        { action: "ec2:ModifyNetworkInterfaceAttribute", resource: ec2("network-interface/eni-0123456789abcdef0") },
        { action: "ec2:ModifyNetworkInterfaceAttribute", resource: ec2("security-group/sg-0123456789abcdef0"), context: () => QUARANTINE_GROUP },
        { action: "ec2:DescribeNetworkAcls", resource: any },
        { action: "ec2:CreateNetworkAclEntry", resource: ec2("network-acl/acl-0123456789abcdef0") },
        { action: "ec2:DescribeIamInstanceProfileAssociations", resource: any },
        { action: "ec2:DisassociateIamInstanceProfile", resource: ec2("instance/i-0123456789abcdef0") },
        { action: "iam:GetInstanceProfile", resource: (t) => `arn:${t.partition}:iam::${t.account}:instance-profile/app` },
        { action: "iam:GetRolePolicy", resource: (t) => `arn:${t.partition}:iam::${t.account}:role/app` },
        { action: "iam:PutRolePolicy", resource: (t) => `arn:${t.partition}:iam::${t.account}:role/app` },
        ...revokeAllRules(QUARANTINE_GROUP),
    ],
    "block-s3-public-access": [
        { action: "s3:GetBucketPublicAccessBlock", resource: bucket, context: bucketContext },
        { action: "s3:PutBucketPublicAccessBlock", resource: bucket, context: bucketContext },
        { action: "s3:GetBucketPolicyStatus", resource: bucket, context: bucketContext },
        { action: "s3:GetBucketAcl", resource: bucket, context: bucketContext },
    ],
    "deactivate-access-key": [
        { action: "iam:GetAccessKeyLastUsed", resource: (t) => `arn:${t.partition}:iam::${t.account}:user/ci-deployer` },
        { action: "iam:ListAccessKeys", resource: (t) => `arn:${t.partition}:iam::${t.account}:user/ci-deployer` },
        { action: "iam:UpdateAccessKey", resource: (t) => `arn:${t.partition}:iam::${t.account}:user/ci-deployer` },
    ],
    "restore-trail": [
        { action: "cloudtrail:GetTrail", resource: (t) => `arn:${t.partition}:cloudtrail:${t.region}:${t.account}:trail/team-trail` },
        { action: "cloudtrail:GetTrailStatus", resource: (t) => `arn:${t.partition}:cloudtrail:${t.region}:${t.account}:trail/team-trail` },
        { action: "cloudtrail:StartLogging", resource: (t) => `arn:${t.partition}:cloudtrail:${t.region}:${t.account}:trail/team-trail` },
        // Only on an organization trail, which lives in the management account (SCPs never apply there).
        { action: "cloudtrail:UpdateTrail", resource: (t) => `arn:${t.partition}:cloudtrail:${t.region}:${t.account}:trail/landing-zone-organization` },
        { action: "cloudtrail:GetEventSelectors", resource: (t) => `arn:${t.partition}:cloudtrail:${t.region}:${t.account}:trail/landing-zone-organization` },
        { action: "cloudtrail:PutEventSelectors", resource: (t) => `arn:${t.partition}:cloudtrail:${t.region}:${t.account}:trail/landing-zone-organization` },
    ],
    "restore-default-security-group": [{ action: "ec2:DescribeSecurityGroups", resource: any }, ...revokeAllRules()],
};

/**
 * Calls a handler makes only where the organization trail is, i.e. in the management account: they
 * are not made in member accounts, where the protect-security-services SCP would refuse them.
 */
export const MANAGEMENT_ONLY_CALLS: Readonly<Partial<Record<Remediation, readonly string[]>>> = {
    "restore-trail": ["cloudtrail:UpdateTrail", "cloudtrail:GetEventSelectors", "cloudtrail:PutEventSelectors"],
};

/** Remediations triggered by global services' events (IAM), which arrive in the global-events region too. */
export const GLOBAL_EVENT_REMEDIATIONS: readonly Remediation[] = ["deactivate-access-key"];

/** AWS SDK v3 client package (after `@aws-sdk/client-`) to IAM service prefix. */
export const SDK_CLIENT_SERVICES: Readonly<Record<string, string>> = {
    "auto-scaling": "autoscaling",
    cloudtrail: "cloudtrail",
    ec2: "ec2",
    iam: "iam",
    s3: "s3",
    sts: "sts",
};

/** SDK commands whose IAM action has another name. */
export const SDK_COMMAND_ACTIONS: Readonly<Record<string, string>> = {
    "s3:GetPublicAccessBlock": "s3:GetBucketPublicAccessBlock",
    "s3:PutPublicAccessBlock": "s3:PutBucketPublicAccessBlock",
};
