import { strict as assert } from "assert";
import { keyPolicy, KeyPolicyArgs, KEY_ADMIN_ACTIONS, KEY_USE_ACTIONS } from "../../components/policies/kms";
import { KEY_PURPOSES, KeyPurpose } from "../../components/shared/names";
import type { PolicyDocument } from "../../components/policies/document";
import { expectDecisions, expectValidDocuments, SimulationOutcome, SimulationRequest, uncoveredStatements } from "../support/iam-simulation";
import {
    ACCESS_ROLE,
    BACKUP,
    inOrg,
    LOG_ARCHIVE,
    MANAGEMENT,
    ORG_ID,
    OTHER_ORG_ID,
    OUTSIDER,
    overTls,
    REGION,
    SECURITY_TOOLING,
    session,
    TRAIL_ARN,
    WORKLOAD,
} from "./fixtures";

function policy(
    accountId: string,
    purpose: KeyPurpose,
    accountRole: KeyPolicyArgs["accountRole"],
    admins: string[] = [ACCESS_ROLE],
    homeRegion = REGION,
): PolicyDocument {
    return keyPolicy({
        partition: "aws",
        region: REGION,
        accountId,
        organizationId: ORG_ID,
        purpose,
        accountRole,
        administratorRoleNames: admins,
        organizationTrailArn: TRAIL_ARN,
        logReaderAccountIds: accountId === LOG_ARCHIVE ? [SECURITY_TOOLING] : [],
        backupAccountId: BACKUP,
        homeRegion,
    });
}

const keyArn = (account: string) => `arn:aws:kms:${REGION}:${account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const via = (service: string) => `${service}.${REGION}.amazonaws.com`;
const app = (account: string) => session(account, "app");
const admin = (account: string) => session(account, ACCESS_ROLE);

/** Rows every key must satisfy: admin separated from use, outsiders and plain HTTP denied, no direct use. */
function commonRows(account: string, useService: string | undefined, otherAccountsRefused = true): SimulationRequest[] {
    const key = keyArn(account);
    const other = account === WORKLOAD ? SECURITY_TOOLING : WORKLOAD;
    const rows: SimulationRequest[] = [
        {
            description: "the deployer administers the key",
            principal: admin(account),
            action: "kms:ScheduleKeyDeletion",
            resource: key,
            context: inOrg(),
            expected: "Allowed",
            statement: "KeyAdministration",
        },
        {
            description: "the deployer cannot decrypt with the key",
            principal: admin(account),
            action: "kms:Decrypt",
            resource: key,
            context: inOrg(),
            expected: "ImplicitlyDenied",
        },
        {
            description: "a workload role cannot change the key policy",
            principal: app(account),
            action: "kms:PutKeyPolicy",
            resource: key,
            context: inOrg(),
            expected: "ImplicitlyDenied",
        },
        {
            description: "an in-org role cannot decrypt directly, outside any service",
            principal: app(account),
            action: "kms:Decrypt",
            resource: key,
            context: inOrg({ "kms:CallerAccount": account }),
            expected: "ImplicitlyDenied",
        },
        {
            description: "a principal outside the organization is denied",
            principal: session(OUTSIDER, "attacker"),
            action: "kms:Decrypt",
            resource: key,
            context: inOrg({ "kms:CallerAccount": OUTSIDER }, OTHER_ORG_ID),
            expected: "ExplicitlyDenied",
            statement: "DenyOutsideOrganization",
        },
        {
            description: "an administrator from outside the organization is denied",
            principal: session(OUTSIDER, ACCESS_ROLE),
            action: "kms:ScheduleKeyDeletion",
            resource: key,
            context: inOrg({}, OTHER_ORG_ID),
            expected: "ExplicitlyDenied",
            statement: "DenyOutsideOrganization",
        },
        {
            description: "the deployer over plain HTTP is denied",
            principal: admin(account),
            action: "kms:DescribeKey",
            resource: key,
            context: inOrg({ "aws:SecureTransport": "false" }),
            expected: "ExplicitlyDenied",
            statement: "DenyWithoutTls",
        },
        {
            description: "the deployer in the organization over TLS passes both denies",
            principal: admin(account),
            action: "kms:DescribeKey",
            resource: key,
            context: inOrg(),
            expected: "Allowed",
            statement: "DenyOutsideOrganization",
        },
        {
            description: "the deployer over TLS is not denied for transport",
            principal: admin(account),
            action: "kms:DescribeKey",
            resource: key,
            context: inOrg(),
            expected: "Allowed",
            statement: "DenyWithoutTls",
        },
    ];
    if (useService) {
        rows.push(
            {
                description: `a role of the account encrypts through ${useService}`,
                principal: app(account),
                action: "kms:GenerateDataKey",
                resource: key,
                context: inOrg({ "kms:ViaService": via(useService), "kms:CallerAccount": account }),
                expected: "Allowed",
                statement: "UseThroughPurposeServices",
            },
            {
                description: `a role of the account decrypts through ${useService}`,
                principal: app(account),
                action: "kms:Decrypt",
                resource: key,
                context: inOrg({ "kms:ViaService": via(useService), "kms:CallerAccount": account }),
                expected: "Allowed",
            },
            {
                description: "a role of the account cannot use the key through an unrelated service",
                principal: app(account),
                action: "kms:Decrypt",
                resource: key,
                context: inOrg({ "kms:ViaService": via("dynamodb"), "kms:CallerAccount": account }),
                expected: "ImplicitlyDenied",
            },
            ...(otherAccountsRefused
                ? [
                      {
                          description: "a role of another org account cannot use the key through the service",
                          principal: app(other),
                          action: "kms:Decrypt",
                          resource: key,
                          context: inOrg({ "kms:ViaService": via(useService), "kms:CallerAccount": other }),
                          expected: "ImplicitlyDenied" as const,
                      },
                  ]
                : []),
            {
                description: `the request through ${useService} over plain HTTP is denied`,
                principal: app(account),
                action: "kms:Decrypt",
                resource: key,
                context: inOrg({ "kms:ViaService": via(useService), "kms:CallerAccount": account, "aws:SecureTransport": "false" }),
                expected: "ExplicitlyDenied",
                statement: "DenyWithoutTls",
            },
        );
    }
    return rows;
}

/** Session Manager on an account's logs key: SSM makes the data key for a user, SSM Agent (Default Host Management role) decrypts it. */
function sessionManagerRows(account: string): SimulationRequest[] {
    const key = keyArn(account);
    const agent = session(account, "AWSSystemsManagerDefaultEC2InstanceManagementRole");
    const agentRole = `arn:aws:iam::${account}:role/service-role/AWSSystemsManagerDefaultEC2InstanceManagementRole`;
    return [
        {
            description: "a user starting a session has SSM generate the session data key",
            principal: app(account),
            action: "kms:GenerateDataKey",
            resource: key,
            context: inOrg({ "kms:ViaService": via("ssm"), "kms:CallerAccount": account }),
            expected: "Allowed",
            statement: "SessionManagerStartsSessions",
        },
        {
            description: "a user cannot generate a session data key outside SSM",
            principal: app(account),
            action: "kms:GenerateDataKey",
            resource: key,
            context: inOrg({ "kms:CallerAccount": account }),
            expected: "ImplicitlyDenied",
        },
        {
            description: "SSM Agent under the Default Host Management role decrypts the session key",
            principal: agent,
            action: "kms:Decrypt",
            resource: key,
            context: inOrg({ "kms:CallerAccount": account, "aws:PrincipalArn": agentRole }),
            expected: "Allowed",
            statement: "SessionManagerAgentOfThisAccount",
        },
        {
            description: "another role of the account cannot decrypt session data directly",
            principal: app(account),
            action: "kms:Decrypt",
            resource: key,
            context: inOrg({ "kms:CallerAccount": account, "aws:PrincipalArn": `arn:aws:iam::${account}:role/app` }),
            expected: "ImplicitlyDenied",
        },
        {
            description: "the Default Host Management role of another account cannot use the key",
            principal: session(SECURITY_TOOLING === account ? WORKLOAD : SECURITY_TOOLING, "AWSSystemsManagerDefaultEC2InstanceManagementRole"),
            action: "kms:Decrypt",
            resource: key,
            context: inOrg({
                "kms:CallerAccount": SECURITY_TOOLING === account ? WORKLOAD : SECURITY_TOOLING,
                "aws:PrincipalArn": agentRole.replace(account, SECURITY_TOOLING === account ? WORKLOAD : SECURITY_TOOLING),
            }),
            expected: "ImplicitlyDenied",
        },
    ];
}

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

interface Case {
    readonly name: string;
    readonly doc: PolicyDocument;
    readonly rows: SimulationRequest[];
}

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
    {
        name: "security-tooling logs (home region: GuardDuty findings export)",
        doc: policy(SECURITY_TOOLING, "logs", "securityTooling"),
        rows: [
            ...commonRows(SECURITY_TOOLING, undefined),
            ...sessionManagerRows(SECURITY_TOOLING),
            {
                description: "GuardDuty exports findings of a detector of the account (any region)",
                principal: "guardduty.amazonaws.com",
                action: "kms:GenerateDataKey",
                resource: keyArn(SECURITY_TOOLING),
                context: overTls({ "aws:SourceAccount": SECURITY_TOOLING, "aws:SourceArn": `arn:aws:guardduty:eu-central-1:${SECURITY_TOOLING}:detector/abc` }),
                expected: "Allowed",
                statement: "GuardDutyFindingsExport",
            },
            {
                description: "GuardDuty for a detector of another account is refused",
                principal: "guardduty.amazonaws.com",
                action: "kms:GenerateDataKey",
                resource: keyArn(SECURITY_TOOLING),
                context: overTls({ "aws:SourceAccount": WORKLOAD, "aws:SourceArn": `arn:aws:guardduty:${REGION}:${WORKLOAD}:detector/abc` }),
                expected: "ImplicitlyDenied",
            },
            {
                description: "GuardDuty cannot decrypt with the findings key",
                principal: "guardduty.amazonaws.com",
                action: "kms:Decrypt",
                resource: keyArn(SECURITY_TOOLING),
                context: overTls({ "aws:SourceAccount": SECURITY_TOOLING, "aws:SourceArn": `arn:aws:guardduty:${REGION}:${SECURITY_TOOLING}:detector/abc` }),
                expected: "ImplicitlyDenied",
            },
            {
                description: "security tooling reads exported findings through S3",
                principal: app(SECURITY_TOOLING),
                action: "kms:Decrypt",
                resource: keyArn(SECURITY_TOOLING),
                context: inOrg({ "kms:ViaService": via("s3"), "kms:CallerAccount": SECURITY_TOOLING }),
                expected: "Allowed",
                statement: "FindingsReadersThroughS3",
            },
            {
                description: "another account cannot read exported findings through S3",
                principal: app(WORKLOAD),
                action: "kms:Decrypt",
                resource: keyArn(SECURITY_TOOLING),
                context: inOrg({ "kms:ViaService": via("s3"), "kms:CallerAccount": WORKLOAD }),
                expected: "ImplicitlyDenied",
            },
        ],
    },
    {
        name: "security-tooling logs outside the home region",
        doc: policy(SECURITY_TOOLING, "logs", "securityTooling", [ACCESS_ROLE], "eu-central-1"),
        rows: [
            ...commonRows(SECURITY_TOOLING, undefined),
            ...sessionManagerRows(SECURITY_TOOLING),
            {
                description: "GuardDuty cannot export findings with a non-home-region key",
                principal: "guardduty.amazonaws.com",
                action: "kms:GenerateDataKey",
                resource: keyArn(SECURITY_TOOLING),
                context: overTls({ "aws:SourceAccount": SECURITY_TOOLING, "aws:SourceArn": `arn:aws:guardduty:${REGION}:${SECURITY_TOOLING}:detector/abc` }),
                expected: "ImplicitlyDenied",
            },
        ],
    },
    {
        name: "log-archive logs (archive key)",
        doc: policy(LOG_ARCHIVE, "logs", "logArchive"),
        rows: [
            ...commonRows(LOG_ARCHIVE, undefined),
            ...sessionManagerRows(LOG_ARCHIVE),
            {
                description: "CloudWatch Logs without a log-group encryption context is refused",
                principal: via("logs"),
                action: "kms:Encrypt",
                resource: keyArn(LOG_ARCHIVE),
                context: overTls(),
                expected: "ImplicitlyDenied",
            },
            {
                description: "flow-log delivery for an org account writes to the archive",
                principal: "delivery.logs.amazonaws.com",
                action: "kms:GenerateDataKey",
                resource: keyArn(LOG_ARCHIVE),
                context: overTls({ "aws:SourceOrgID": ORG_ID, "aws:SourceAccount": WORKLOAD }),
                expected: "Allowed",
                statement: "LogDeliveryForOrganization",
            },
            {
                description: "GuardDuty export for an org account writes to the archive",
                principal: "guardduty.amazonaws.com",
                action: "kms:GenerateDataKey",
                resource: keyArn(LOG_ARCHIVE),
                context: overTls({ "aws:SourceOrgID": ORG_ID }),
                expected: "Allowed",
            },
            {
                description: "flow-log delivery naming only a source account is not admitted by account",
                principal: "delivery.logs.amazonaws.com",
                action: "kms:GenerateDataKey",
                resource: keyArn(LOG_ARCHIVE),
                context: overTls({ "aws:SourceAccount": WORKLOAD }),
                // Admitted by organization only: the organization's RCP denies such a request anyway.
                expected: "ImplicitlyDenied",
            },
            {
                description: "log delivery naming only an outside account is refused",
                principal: "delivery.logs.amazonaws.com",
                action: "kms:GenerateDataKey",
                resource: keyArn(LOG_ARCHIVE),
                context: overTls({ "aws:SourceAccount": OUTSIDER }),
                expected: "ImplicitlyDenied",
            },
            {
                description: "log delivery for another organization is refused",
                principal: "delivery.logs.amazonaws.com",
                action: "kms:GenerateDataKey",
                resource: keyArn(LOG_ARCHIVE),
                context: overTls({ "aws:SourceOrgID": OTHER_ORG_ID, "aws:SourceAccount": OUTSIDER }),
                expected: "ImplicitlyDenied",
            },
            {
                description: "log delivery cannot decrypt the archive",
                principal: "delivery.logs.amazonaws.com",
                action: "kms:Decrypt",
                resource: keyArn(LOG_ARCHIVE),
                context: overTls({ "aws:SourceOrgID": ORG_ID }),
                expected: "ImplicitlyDenied",
            },
            {
                description: "security tooling reads the archive through S3",
                principal: session(SECURITY_TOOLING, "investigator"),
                action: "kms:Decrypt",
                resource: keyArn(LOG_ARCHIVE),
                context: inOrg({ "kms:ViaService": via("s3"), "kms:CallerAccount": SECURITY_TOOLING }),
                expected: "Allowed",
                statement: "ArchiveReadersThroughS3",
            },
            {
                description: "security tooling cannot decrypt outside S3",
                principal: session(SECURITY_TOOLING, "investigator"),
                action: "kms:Decrypt",
                resource: keyArn(LOG_ARCHIVE),
                context: inOrg({ "kms:CallerAccount": SECURITY_TOOLING }),
                expected: "ImplicitlyDenied",
            },
            {
                description: "a workload account cannot read the archive",
                principal: app(WORKLOAD),
                action: "kms:Decrypt",
                resource: keyArn(LOG_ARCHIVE),
                context: inOrg({ "kms:ViaService": via("s3"), "kms:CallerAccount": WORKLOAD }),
                expected: "ImplicitlyDenied",
            },
        ],
    },
    {
        name: "log-archive cloudtrail (organization trail key)",
        doc: policy(LOG_ARCHIVE, "cloudtrail", "logArchive"),
        rows: [
            ...commonRows(LOG_ARCHIVE, "s3"),
            {
                description: "the organization trail encrypts its log files",
                principal: "cloudtrail.amazonaws.com",
                action: "kms:GenerateDataKey",
                resource: keyArn(LOG_ARCHIVE),
                context: overTls({ "aws:SourceArn": TRAIL_ARN }),
                expected: "Allowed",
                statement: "CloudTrailEncryptsTrailsOfThisAccount",
            },
            {
                description: "the organization trail checks the key",
                principal: "cloudtrail.amazonaws.com",
                action: "kms:DescribeKey",
                resource: keyArn(LOG_ARCHIVE),
                context: overTls({ "aws:SourceArn": TRAIL_ARN }),
                expected: "Allowed",
                statement: "CloudTrailDescribesKey",
            },
            {
                description: "another trail of the management account cannot use the key",
                principal: "cloudtrail.amazonaws.com",
                action: "kms:GenerateDataKey",
                resource: keyArn(LOG_ARCHIVE),
                context: overTls({ "aws:SourceArn": `arn:aws:cloudtrail:${REGION}:${MANAGEMENT}:trail/other` }),
                expected: "ImplicitlyDenied",
            },
            {
                description: "security tooling reads trail logs through S3",
                principal: session(SECURITY_TOOLING, "investigator"),
                action: "kms:Decrypt",
                resource: keyArn(LOG_ARCHIVE),
                context: inOrg({ "kms:ViaService": via("s3"), "kms:CallerAccount": SECURITY_TOOLING }),
                expected: "Allowed",
                statement: "ArchiveReadersThroughS3",
            },
        ],
    },
    {
        name: "log-archive config",
        doc: policy(LOG_ARCHIVE, "config", "logArchive"),
        rows: [
            ...commonRows(LOG_ARCHIVE, "s3"),
            {
                description: "AWS Config reporting its organization delivers",
                principal: "config.amazonaws.com",
                action: "kms:GenerateDataKey",
                resource: keyArn(LOG_ARCHIVE),
                context: overTls({ "aws:SourceOrgID": ORG_ID }),
                expected: "Allowed",
                statement: "ConfigDeliveryForOrganization",
            },
            {
                description: "AWS Config of any org account delivers",
                principal: "config.amazonaws.com",
                action: "kms:GenerateDataKey",
                resource: keyArn(LOG_ARCHIVE),
                context: overTls({ "aws:SourceOrgID": ORG_ID, "aws:SourceAccount": WORKLOAD }),
                expected: "Allowed",
                statement: "ConfigDeliveryForOrganization",
            },
            {
                description: "AWS Config of another organization is refused",
                principal: "config.amazonaws.com",
                action: "kms:GenerateDataKey",
                resource: keyArn(LOG_ARCHIVE),
                context: overTls({ "aws:SourceOrgID": OTHER_ORG_ID, "aws:SourceAccount": OUTSIDER }),
                expected: "ImplicitlyDenied",
            },
            {
                description: "security tooling reads Config snapshots through S3",
                principal: session(SECURITY_TOOLING, "investigator"),
                action: "kms:Decrypt",
                resource: keyArn(LOG_ARCHIVE),
                context: inOrg({ "kms:ViaService": via("s3"), "kms:CallerAccount": SECURITY_TOOLING }),
                expected: "Allowed",
                statement: "ArchiveReadersThroughS3",
            },
        ],
    },
];

describe("data: the log-archive keys do not depend on the organization's accounts", () => {
    it("name no member account, so adding an account changes no key policy", () => {
        for (const purpose of KEY_PURPOSES) {
            const text = JSON.stringify(policy(LOG_ARCHIVE, purpose, "logArchive"));
            assert.ok(!text.includes(WORKLOAD), `${purpose} names the workload account ${WORKLOAD}`);
        }
    });
});

describe("data: key policies (simulated)", () => {
    const outcomes = new Map<string, SimulationOutcome[]>();

    it("use only actions, condition keys and ARNs that exist in IAM", async () => {
        const docs: Record<string, PolicyDocument> = {};
        for (const role of ["other", "logArchive", "backup"] as const) for (const p of KEY_PURPOSES) docs[`${role}/${p}`] = policy(WORKLOAD, p, role);
        docs["management/logs"] = policy(MANAGEMENT, "logs", "other", []);
        await expectValidDocuments(docs);
    });

    for (const c of cases) {
        it(`${c.name}: every request gets its decision`, async () => {
            outcomes.set(c.name, await expectDecisions({ resourcePolicy: c.doc }, c.rows));
        });
        it(`${c.name}: every statement is exercised`, () => {
            // iam-simulate matches variable condition keys only after a "/" (aws:RequestTag/x), so it drops
            // kms:EncryptionContext:aws:logs:arn: that statement is checked by its own test below.
            const unprovable = (line: string) => line.startsWith("CloudWatchLogsOfThisAccount:");
            assert.deepEqual(
                uncoveredStatements([c.doc], outcomes.get(c.name) ?? []).filter((l) => !unprovable(l)),
                [],
            );
        });
    }

    it("lets CloudWatch Logs use a logs key only for log groups of the key's own account and region", () => {
        for (const [account, role] of [
            [WORKLOAD, "other"],
            [LOG_ARCHIVE, "logArchive"],
        ] as const) {
            const s = policy(account, "logs", role).Statement.find((x) => x.Sid === "CloudWatchLogsOfThisAccount")!;
            assert.deepEqual(s.Principal, { Service: `logs.${REGION}.amazonaws.com` });
            assert.deepEqual(s.Condition, { ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:${REGION}:${account}:log-group:*` } });
        }
    });

    it("lets Auto Scaling launch encrypted instances though its service-linked role's own policy grants no KMS action", async () => {
        await expectDecisions(
            { identity: { AutoScalingServiceRolePolicy: AUTO_SCALING_SERVICE_ROLE_POLICY }, resourcePolicy: policy(WORKLOAD, "ebs", "other") },
            autoScalingRows(),
        );
    });

    it("separates administration from use", () => {
        for (const p of KEY_PURPOSES) {
            const doc = policy(WORKLOAD, p, "other");
            const adminStatement = doc.Statement.find((s) => s.Sid === "KeyAdministration")!;
            const actions = adminStatement.Action as readonly string[];
            for (const use of KEY_USE_ACTIONS) if (use !== "kms:DescribeKey") assert.ok(!actions.includes(use), `${p}: admin has ${use}`);
            for (const s of doc.Statement.filter((s) => s.Effect === "Allow" && s.Sid !== "KeyAdministration")) {
                const list = typeof s.Action === "string" ? [s.Action] : (s.Action ?? []);
                for (const a of list)
                    assert.ok(!(KEY_ADMIN_ACTIONS as readonly string[]).includes(a) || a === "kms:DescribeKey", `${p}/${s.Sid} grants admin action ${a}`);
            }
        }
    });

    it("never allows a wildcard principal without an organization condition", () => {
        for (const role of ["other", "logArchive", "backup"] as const) {
            for (const p of KEY_PURPOSES) {
                for (const s of policy(WORKLOAD, p, role).Statement) {
                    if (s.Effect !== "Allow" || s.Principal !== "*") continue;
                    assert.ok(
                        JSON.stringify(s.Condition ?? {}).includes('"aws:PrincipalOrgID"'),
                        `${role}/${p}/${s.Sid}: wildcard principal without aws:PrincipalOrgID`,
                    );
                }
            }
        }
    });

    it("lets the management account's IAM administer its key when no deployer role is named", async () => {
        const doc = policy(MANAGEMENT, "logs", "other", []);
        await expectDecisions({ resourcePolicy: doc }, [
            {
                description: "a management admin schedules deletion",
                principal: session(MANAGEMENT, "platform-admin"),
                action: "kms:ScheduleKeyDeletion",
                resource: keyArn(MANAGEMENT),
                context: inOrg(),
                expected: "Allowed",
            },
            {
                description: "a management admin cannot decrypt",
                principal: session(MANAGEMENT, "platform-admin"),
                action: "kms:Decrypt",
                resource: keyArn(MANAGEMENT),
                context: inOrg(),
                expected: "ImplicitlyDenied",
            },
        ]);
    });
});
