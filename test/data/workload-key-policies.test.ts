import type { PolicyDocument } from "../../components/policies/document";
import { expectDecisions, SimulationRequest } from "../support/iam-simulation";
import { BACKUP, inOrg, OUTSIDER, overTls, REGION, SECURITY_TOOLING, session, WORKLOAD } from "./fixtures";
import { app, Case, commonRows, itSimulates, keyArn, policy, sessionManagerRows, via } from "./key-policy-simulation";

const AUTO_SCALING_ROLE = "AWSServiceRoleForAutoScaling";
const autoScaling = session(WORKLOAD, AUTO_SCALING_ROLE);
const autoScalingContext = (extra: Record<string, string> = {}) =>
    inOrg({ "aws:PrincipalArn": `arn:aws:iam::${WORKLOAD}:role/aws-service-role/autoscaling.amazonaws.com/${AUTO_SCALING_ROLE}`, ...extra });

/** EC2 Auto Scaling launching an instance with encrypted volumes, as its service-linked role. */
function autoScalingRows(): SimulationRequest[] {
    return [
        {
            description: "Auto Scaling's service-linked role makes the data key of a launched instance's volume",
            principal: autoScaling,
            action: "kms:GenerateDataKeyWithoutPlaintext",
            resource: keyArn(WORKLOAD),
            context: autoScalingContext({ "kms:CallerAccount": WORKLOAD, "kms:ViaService": via("ec2") }),
            expected: "Allowed",
            statement: "AutoScalingLaunchesEncryptedInstances",
        },
        {
            description: "Auto Scaling's service-linked role has EC2 hold a grant for the volume",
            principal: autoScaling,
            action: "kms:CreateGrant",
            resource: keyArn(WORKLOAD),
            context: autoScalingContext({ "kms:CallerAccount": WORKLOAD, "kms:GrantIsForAWSResource": "true" }),
            expected: "Allowed",
            statement: "AutoScalingGrantsForVolumes",
        },
        {
            description: "Auto Scaling's service-linked role cannot create a grant for a principal of its choosing",
            principal: autoScaling,
            action: "kms:CreateGrant",
            resource: keyArn(WORKLOAD),
            context: autoScalingContext({ "kms:CallerAccount": WORKLOAD, "kms:GrantIsForAWSResource": "false" }),
            expected: "ImplicitlyDenied",
        },
    ];
}

/**
 * The identity policy of AWSServiceRoleForAutoScaling (AutoScalingServiceRolePolicy), cut to its shape:
 * EC2, load balancing and CloudWatch actions, and no KMS action at all.
 */
const AUTO_SCALING_SERVICE_ROLE_POLICY: PolicyDocument = {
    Version: "2012-10-17",
    Statement: [
        {
            Sid: "EC2InstanceManagement",
            Effect: "Allow",
            Action: ["ec2:RunInstances", "ec2:CreateTags", "ec2:TerminateInstances", "ec2:Describe*"],
            Resource: "*",
        },
        { Sid: "CloudWatchManagement", Effect: "Allow", Action: ["cloudwatch:PutMetricAlarm", "cloudwatch:DescribeAlarms"], Resource: "*" },
    ],
};

const cases: Case[] = [
    { name: "workload s3", doc: policy(WORKLOAD, "s3", "other"), rows: commonRows(WORKLOAD, "s3") },
    {
        name: "workload secrets",
        doc: policy(WORKLOAD, "secrets", "other"),
        rows: [
            ...commonRows(WORKLOAD, "secretsmanager"),
            {
                description: "Parameter Store SecureString uses the secrets key",
                principal: app(WORKLOAD),
                action: "kms:Decrypt",
                resource: keyArn(WORKLOAD),
                context: inOrg({ "kms:ViaService": via("ssm"), "kms:CallerAccount": WORKLOAD }),
                expected: "Allowed",
            },
            {
                description: "Verified Access encrypts its instance, groups and endpoints with the secrets key",
                principal: app(WORKLOAD),
                action: "kms:GenerateDataKey",
                resource: keyArn(WORKLOAD),
                context: inOrg({ "kms:ViaService": via("verified-access"), "kms:CallerAccount": WORKLOAD }),
                expected: "Allowed",
                statement: "UseThroughPurposeServices",
            },
        ],
    },
    {
        name: "workload ebs",
        doc: policy(WORKLOAD, "ebs", "other"),
        rows: [
            ...commonRows(WORKLOAD, "ec2"),
            {
                description: "EC2 creates a grant for a volume",
                principal: app(WORKLOAD),
                action: "kms:CreateGrant",
                resource: keyArn(WORKLOAD),
                context: inOrg({ "kms:ViaService": via("ec2"), "kms:CallerAccount": WORKLOAD, "kms:GrantIsForAWSResource": "true" }),
                expected: "Allowed",
                statement: "GrantsForAwsResources",
            },
            {
                description: "a role cannot create a grant for itself",
                principal: app(WORKLOAD),
                action: "kms:CreateGrant",
                resource: keyArn(WORKLOAD),
                context: inOrg({ "kms:ViaService": via("ec2"), "kms:CallerAccount": WORKLOAD, "kms:GrantIsForAWSResource": "false" }),
                expected: "ImplicitlyDenied",
            },
            ...autoScalingRows(),
            {
                description: "the backup account copies snapshots through AWS Backup",
                principal: session(BACKUP, "backup-operator"),
                action: "kms:CreateGrant",
                resource: keyArn(WORKLOAD),
                context: inOrg({ "kms:ViaService": via("backup"), "kms:CallerAccount": BACKUP }),
                expected: "Allowed",
                statement: "BackupAccountCopies",
            },
            {
                description: "EC2 in the backup account copies an EBS snapshot a backup of it was shared as (not fully managed: EBS copies it)",
                principal: session(BACKUP, "AWSBackupDefaultServiceRole"),
                action: "kms:ReEncryptFrom",
                resource: keyArn(WORKLOAD),
                context: inOrg({ "kms:ViaService": via("ec2"), "kms:CallerAccount": BACKUP }),
                expected: "Allowed",
                statement: "BackupAccountCopies",
            },
            {
                description: "the backup account cannot use the key through an unrelated service",
                principal: session(BACKUP, "backup-operator"),
                action: "kms:Decrypt",
                resource: keyArn(WORKLOAD),
                context: inOrg({ "kms:ViaService": via("dynamodb"), "kms:CallerAccount": BACKUP }),
                expected: "ImplicitlyDenied",
            },
            {
                description: "the backup account cannot decrypt volumes outside AWS Backup",
                principal: session(BACKUP, "backup-operator"),
                action: "kms:Decrypt",
                resource: keyArn(WORKLOAD),
                context: inOrg({ "kms:CallerAccount": BACKUP }),
                expected: "ImplicitlyDenied",
            },
        ],
    },
    {
        name: "workload backup",
        doc: policy(WORKLOAD, "backup", "other"),
        rows: [
            ...commonRows(WORKLOAD, "backup"),
            {
                description: "AWS Backup creates a grant for a recovery point",
                principal: app(WORKLOAD),
                action: "kms:CreateGrant",
                resource: keyArn(WORKLOAD),
                context: inOrg({ "kms:ViaService": via("backup"), "kms:CallerAccount": WORKLOAD, "kms:GrantIsForAWSResource": "true" }),
                expected: "Allowed",
                statement: "GrantsForAwsResources",
            },
            {
                description: "the backup account copies through AWS Backup",
                principal: session(BACKUP, "backup-operator"),
                action: "kms:Decrypt",
                resource: keyArn(WORKLOAD),
                context: inOrg({ "kms:ViaService": via("backup"), "kms:CallerAccount": BACKUP }),
                expected: "Allowed",
                statement: "BackupAccountCopies",
            },
        ],
    },
    {
        name: "backup account vault key",
        doc: policy(BACKUP, "backup", "backup"),
        rows: [
            ...commonRows(BACKUP, "backup", false),
            {
                description: "AWS Backup grants for a recovery point in the backup account",
                principal: app(BACKUP),
                action: "kms:CreateGrant",
                resource: keyArn(BACKUP),
                context: inOrg({ "kms:ViaService": via("backup"), "kms:CallerAccount": BACKUP, "kms:GrantIsForAWSResource": "true" }),
                expected: "Allowed",
                statement: "GrantsForAwsResources",
            },
            ...(["ec2", "rds"] as const).map((service): SimulationRequest => ({
                description: `a copy into the central vault of a ${service === "ec2" ? "EBS" : "RDS"} snapshot, re-encrypted by ${service} with the vault key`,
                principal: session(WORKLOAD, "AWSBackupDefaultServiceRole"),
                action: "kms:CreateGrant",
                resource: keyArn(BACKUP),
                context: inOrg({ "kms:ViaService": via(service), "kms:CallerAccount": WORKLOAD, "kms:GrantIsForAWSResource": "true" }),
                expected: "Allowed",
                statement: "OrganizationBackupCopies",
            })),
            {
                description: "an org account cannot use the central vault key through an unrelated service",
                principal: app(WORKLOAD),
                action: "kms:Decrypt",
                resource: keyArn(BACKUP),
                context: inOrg({ "kms:ViaService": via("dynamodb"), "kms:CallerAccount": WORKLOAD }),
                expected: "ImplicitlyDenied",
            },
            {
                description: "an org account copies into the central vault through AWS Backup",
                principal: app(WORKLOAD),
                action: "kms:GenerateDataKey",
                resource: keyArn(BACKUP),
                context: inOrg({ "kms:ViaService": via("backup"), "kms:CallerAccount": WORKLOAD }),
                expected: "Allowed",
                statement: "OrganizationBackupCopies",
            },
            {
                description: "an org account cannot use the central key outside AWS Backup",
                principal: app(WORKLOAD),
                action: "kms:Decrypt",
                resource: keyArn(BACKUP),
                context: inOrg({ "kms:CallerAccount": WORKLOAD }),
                expected: "ImplicitlyDenied",
            },
        ],
    },
    {
        name: "workload messaging",
        doc: policy(WORKLOAD, "messaging", "other"),
        rows: [
            ...commonRows(WORKLOAD, "sns"),
            {
                description: "EventBridge rules of the account publish to encrypted topics",
                principal: "events.amazonaws.com",
                action: "kms:GenerateDataKey",
                resource: keyArn(WORKLOAD),
                context: overTls({ "aws:SourceAccount": WORKLOAD }),
                expected: "Allowed",
                statement: "ServicesPublishingToEncryptedTopicsAndQueues",
            },
            {
                description: "EventBridge on behalf of another account is refused",
                principal: "events.amazonaws.com",
                action: "kms:GenerateDataKey",
                resource: keyArn(WORKLOAD),
                context: overTls({ "aws:SourceAccount": OUTSIDER }),
                expected: "ImplicitlyDenied",
            },
        ],
    },
    {
        name: "workload logs",
        doc: policy(WORKLOAD, "logs", "other"),
        rows: [
            ...commonRows(WORKLOAD, undefined),
            ...sessionManagerRows(WORKLOAD),
            {
                description: "GuardDuty cannot export findings with a workload logs key",
                principal: "guardduty.amazonaws.com",
                action: "kms:GenerateDataKey",
                resource: keyArn(WORKLOAD),
                context: overTls({ "aws:SourceAccount": WORKLOAD, "aws:SourceArn": `arn:aws:guardduty:${REGION}:${WORKLOAD}:detector/abc` }),
                expected: "ImplicitlyDenied",
            },
            {
                description: "CloudWatch Logs without a log-group encryption context is refused",
                principal: via("logs"),
                action: "kms:GenerateDataKey",
                resource: keyArn(WORKLOAD),
                context: overTls(),
                expected: "ImplicitlyDenied",
            },
        ],
    },
    {
        name: "workload cloudtrail",
        doc: policy(WORKLOAD, "cloudtrail", "other"),
        rows: [
            ...commonRows(WORKLOAD, "s3"),
            {
                description: "CloudTrail encrypts a trail of the account",
                principal: "cloudtrail.amazonaws.com",
                action: "kms:GenerateDataKey",
                resource: keyArn(WORKLOAD),
                context: overTls({ "aws:SourceArn": `arn:aws:cloudtrail:${REGION}:${WORKLOAD}:trail/app` }),
                expected: "Allowed",
                statement: "CloudTrailEncryptsTrailsOfThisAccount",
            },
            {
                description: "CloudTrail describes the key for a trail of the account",
                principal: "cloudtrail.amazonaws.com",
                action: "kms:DescribeKey",
                resource: keyArn(WORKLOAD),
                context: overTls({ "aws:SourceArn": `arn:aws:cloudtrail:${REGION}:${WORKLOAD}:trail/app` }),
                expected: "Allowed",
                statement: "CloudTrailDescribesKey",
            },
            {
                description: "CloudTrail for a trail elsewhere is refused",
                principal: "cloudtrail.amazonaws.com",
                action: "kms:GenerateDataKey",
                resource: keyArn(WORKLOAD),
                context: overTls({ "aws:SourceArn": `arn:aws:cloudtrail:${REGION}:${OUTSIDER}:trail/x` }),
                expected: "ImplicitlyDenied",
            },
        ],
    },
    {
        name: "workload config",
        doc: policy(WORKLOAD, "config", "other"),
        rows: [
            ...commonRows(WORKLOAD, "s3"),
            {
                description: "AWS Config delivers for the account",
                principal: "config.amazonaws.com",
                action: "kms:GenerateDataKey",
                resource: keyArn(WORKLOAD),
                context: overTls({ "aws:SourceAccount": WORKLOAD }),
                expected: "Allowed",
                statement: "ConfigDelivery",
            },
            {
                description: "AWS Config for another account is refused",
                principal: "config.amazonaws.com",
                action: "kms:GenerateDataKey",
                resource: keyArn(WORKLOAD),
                context: overTls({ "aws:SourceAccount": SECURITY_TOOLING }),
                expected: "ImplicitlyDenied",
            },
        ],
    },
];

describe("data: key policies (simulated)", () => {
    itSimulates(cases);

    it("lets Auto Scaling launch encrypted instances though its service-linked role's own policy grants no KMS action", async () => {
        await expectDecisions(
            { identity: { AutoScalingServiceRolePolicy: AUTO_SCALING_SERVICE_ROLE_POLICY }, resourcePolicy: policy(WORKLOAD, "ebs", "other") },
            autoScalingRows(),
        );
    });
});
