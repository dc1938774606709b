/**
 * Service control policies: the guardrails no identity in a member account can lift. Each builder is
 * a pure function of typed inputs; attachments live in components/organization. SCPs never apply to
 * the management account, so nothing here can lock the organization's owners out.
 */
import { policyDocument, PolicyDocument, Statement } from "./document";
import { IDENTITY_PERIMETER_EXCLUSION_TAG } from "./rcp";

/** What the SCPs need to know about the landing zone. */
export interface ScpInputs {
    /** Role the platform's automation uses in every account; exempt from change protection. */
    readonly platformRoleName: string;
    /** Role Organizations created in every account and Pulumi assumes; exempt, and protected itself. */
    readonly accessRoleName: string;
    /** Prefix of every role the landing zone creates; such roles change only through the platform. */
    readonly protectedRolePrefix: string;
    /** Emergency roles: the only principals that may create IAM users or access keys (none: nobody may). */
    readonly breakGlassRoleNames: readonly string[];
    /** Regions workloads may use. */
    readonly allowedRegions: readonly string[];
    /**
     * Region where AWS delivers global-service events; the platform forwards them from there in every
     * account even when the region is not allowed, so its forwarding rules are exempt from the allow-list.
     */
    readonly globalEventsRegion: string;
    /** Name prefix of those forwarding rules: the only EventBridge rules the exemption covers. */
    readonly forwarderRulePrefix: string;
    /** Roles that set S3 account Block Public Access besides the access role: the Config remediation role (the runbook turns it back on). */
    readonly accountPublicAccessBlockRoleNames: readonly string[];
    /** ARNs of the central log-archive buckets. */
    readonly logBucketArns: readonly string[];
}

const roleArn = (name: string) => `arn:*:iam::*:role/${name}`;

/** `aws:PrincipalArn` is not the platform role or the access role: the exemption of every change-protection statement. */
export function unlessPlatform(i: ScpInputs): Statement["Condition"] {
    return { ArnNotLike: { "aws:PrincipalArn": [roleArn(i.platformRoleName), roleArn(i.accessRoleName)] } };
}

/** Role changes an attacker uses to take over or disable a role. */
export const ROLE_MUTATIONS = [
    "iam:AttachRolePolicy",
    "iam:DeleteRole",
    "iam:DeleteRolePermissionsBoundary",
    "iam:DeleteRolePolicy",
    "iam:DetachRolePolicy",
    "iam:PutRolePermissionsBoundary",
    "iam:PutRolePolicy",
    "iam:UpdateAssumeRolePolicy",
    "iam:UpdateRole",
    "iam:UpdateRoleDescription",
    "iam:TagRole",
    "iam:UntagRole",
] as const;

/**
 * Identity guardrails for every member account: no root user (except central root-access sessions),
 * no leaving the organization, no long-lived IAM users or keys (Identity Center only; break-glass
 * excepted), and the access and platform roles changeable only by the platform.
 */
export function identityGuardrailsScp(i: ScpInputs): PolicyDocument {
    return policyDocument([
        {
            Sid: "DenyRootUser",
            Effect: "Deny",
            Action: "*",
            Resource: "*",
            // Sessions from sts:AssumeRoot (central root access) carry aws:AssumedRoot and are task-scoped by AWS.
            Condition: { ArnLike: { "aws:PrincipalArn": "arn:*:iam::*:root" }, BoolIfExists: { "aws:AssumedRoot": "false" } },
        },
        { Sid: "DenyLeaveOrganization", Effect: "Deny", Action: "organizations:LeaveOrganization", Resource: "*" },
        {
            Sid: "DenyIamUsersAndAccessKeys",
            Effect: "Deny",
            Action: ["iam:CreateUser", "iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile"],
            Resource: "*",
            // Without break-glass roles nobody is excepted.
            ...(i.breakGlassRoleNames.length > 0 ? { Condition: { ArnNotLike: { "aws:PrincipalArn": i.breakGlassRoleNames.map(roleArn) } } } : {}),
        },
        {
            Sid: "ProtectAccessRole",
            Effect: "Deny",
            Action: [...ROLE_MUTATIONS],
            Resource: `arn:*:iam::*:role/${i.accessRoleName}`,
            Condition: { ArnNotLike: { "aws:PrincipalArn": roleArn(i.accessRoleName) } },
        },
        {
            Sid: "ProtectPlatformRoles",
            Effect: "Deny",
            // CreateRole too: a workload must not squat a platform role name before the platform creates it.
            Action: ["iam:CreateRole", ...ROLE_MUTATIONS],
            Resource: [roleArn(`${i.protectedRolePrefix}*`), ...i.breakGlassRoleNames.map(roleArn)],
            Condition: unlessPlatform(i),
        },
        {
            // The tag opens a role to principals outside the organization (the RCP's one exception).
            Sid: "ProtectIdentityPerimeterExclusionTag",
            Effect: "Deny",
            Action: ["iam:CreateRole", "iam:TagRole", "iam:UntagRole"],
            Resource: "*",
            Condition: { ...unlessPlatform(i), "ForAnyValue:StringEquals": { "aws:TagKeys": [IDENTITY_PERIMETER_EXCLUSION_TAG] } },
        },
    ]);
}

/** Changes that would blind the organization's detection and logging. */
export const SECURITY_SERVICE_MUTATIONS = {
    ProtectCloudTrail: [
        "cloudtrail:DeleteTrail",
        "cloudtrail:StopLogging",
        "cloudtrail:UpdateTrail",
        "cloudtrail:PutEventSelectors",
        "cloudtrail:DeleteEventDataStore",
        "cloudtrail:StopEventDataStoreIngestion",
    ],
    ProtectConfig: [
        "config:DeleteConfigurationRecorder",
        "config:StopConfigurationRecorder",
        "config:PutConfigurationRecorder",
        "config:DeleteDeliveryChannel",
        "config:PutDeliveryChannel",
        "config:DeleteConfigurationAggregator",
        "config:DeleteRetentionConfiguration",
    ],
    ProtectGuardDuty: [
        "guardduty:DeleteDetector",
        "guardduty:UpdateDetector",
        "guardduty:DisassociateFromAdministratorAccount",
        "guardduty:DisassociateFromMasterAccount",
        "guardduty:StopMonitoringMembers",
        "guardduty:DeletePublishingDestination",
        "guardduty:CreateIPSet",
        "guardduty:UpdateIPSet",
    ],
    ProtectSecurityHub: [
        "securityhub:DisableSecurityHub",
        "securityhub:DisassociateFromAdministratorAccount",
        "securityhub:DisassociateFromMasterAccount",
        "securityhub:BatchDisableStandards",
        "securityhub:DeleteMembers",
    ],
    ProtectAccessAnalyzer: ["access-analyzer:DeleteAnalyzer", "access-analyzer:CreateArchiveRule", "access-analyzer:UpdateArchiveRule"],
    ProtectMacie: ["macie2:DisableMacie", "macie2:DisassociateFromAdministratorAccount", "macie2:DisassociateFromMasterAccount", "macie2:UpdateMacieSession"],
    ProtectFlowLogs: ["ec2:DeleteFlowLogs"],
} as const;

/** Log-archive bucket changes: policy, lock, lifecycle, encryption, replication and deletion. */
export const LOG_BUCKET_MUTATIONS = [
    "s3:DeleteBucket",
    "s3:DeleteBucketPolicy",
    "s3:PutBucketPolicy",
    "s3:PutBucketAcl",
    "s3:PutBucketObjectLockConfiguration",
    "s3:PutBucketVersioning",
    "s3:PutLifecycleConfiguration",
    "s3:PutEncryptionConfiguration",
    "s3:PutBucketPublicAccessBlock",
    "s3:PutReplicationConfiguration",
    "s3:PutBucketOwnershipControls",
    "s3:DeleteObject",
    "s3:DeleteObjectVersion",
    "s3:BypassGovernanceRetention",
    "s3:PutObjectRetention",
    "s3:PutObjectLegalHold",
] as const;

/** Security and logging services, and the log archive, change only through the platform. */
export function protectSecurityServicesScp(i: ScpInputs): PolicyDocument {
    if (i.logBucketArns.length === 0) throw new Error("protectSecurityServicesScp: logBucketArns is empty; pass the central log buckets");
    const services = Object.entries(SECURITY_SERVICE_MUTATIONS).map(([sid, actions]): Statement => ({
        Sid: sid,
        Effect: "Deny",
        Action: [...actions],
        Resource: "*",
        Condition: unlessPlatform(i),
    }));
    return policyDocument([
        ...services,
        {
            Sid: "ProtectLogArchive",
            Effect: "Deny",
            Action: [...LOG_BUCKET_MUTATIONS],
            Resource: i.logBucketArns.flatMap((arn) => [arn, `${arn}/*`]),
            Condition: unlessPlatform(i),
        },
    ]);
}

/**
 * Encryption and instance hardening that member accounts cannot undo: EBS default encryption and S3
 * account Block Public Access stay on, instances launch with IMDSv2 only, and storage is created
 * encrypted where AWS exposes a condition key for it (EBS, RDS, EFS). S3 needs no statement: every
 * new object is encrypted at rest since January 2023.
 */
export function dataProtectionScp(i: ScpInputs): PolicyDocument {
    return policyDocument([
        { Sid: "DenyDisableEbsDefaultEncryption", Effect: "Deny", Action: "ec2:DisableEbsEncryptionByDefault", Resource: "*" },
        {
            // Only the access role (the deployment sets the baseline through it) and the Config remediation role, which turns it back on.
            Sid: "ProtectS3AccountPublicAccessBlock",
            Effect: "Deny",
            Action: "s3:PutAccountPublicAccessBlock",
            Resource: "*",
            Condition: { ArnNotLike: { "aws:PrincipalArn": [i.accessRoleName, ...i.accountPublicAccessBlockRoleNames].map(roleArn) } },
        },
        {
            Sid: "RequireImdsV2",
            Effect: "Deny",
            Action: "ec2:RunInstances",
            Resource: "arn:*:ec2:*:*:instance/*",
            Condition: { StringNotEquals: { "ec2:MetadataHttpTokens": "required" } },
        },
        { Sid: "DenyMetadataOptionChanges", Effect: "Deny", Action: "ec2:ModifyInstanceMetadataOptions", Resource: "*", Condition: unlessPlatform(i) },
        {
            // The declarative policy allows VPC Block Public Access exclusions (the inspection VPCs need
            // one); only the platform makes them, or an account could open any VPC to the internet.
            Sid: "ProtectVpcBlockPublicAccessExclusions",
            Effect: "Deny",
            Action: ["ec2:CreateVpcBlockPublicAccessExclusion", "ec2:ModifyVpcBlockPublicAccessExclusion", "ec2:DeleteVpcBlockPublicAccessExclusion"],
            Resource: "*",
            Condition: unlessPlatform(i),
        },
        {
            Sid: "DenyUnencryptedEbsVolumes",
            Effect: "Deny",
            Action: ["ec2:CreateVolume", "ec2:RunInstances"],
            Resource: "arn:*:ec2:*:*:volume/*",
            Condition: { Bool: { "ec2:Encrypted": "false" } },
        },
        {
            Sid: "DenyUnencryptedRds",
            Effect: "Deny",
            Action: ["rds:CreateDBInstance", "rds:CreateDBCluster"],
            Resource: "*",
            Condition: { Bool: { "rds:StorageEncrypted": "false" } },
        },
        {
            Sid: "DenyUnencryptedEfs",
            Effect: "Deny",
            Action: "elasticfilesystem:CreateFileSystem",
            Resource: "*",
            Condition: { Bool: { "elasticfilesystem:Encrypted": "false" } },
        },
    ]);
}

/** Instance sizes a sandbox may launch: enough to experiment, not enough to run up a bill. */
export const SANDBOX_INSTANCE_TYPES = ["*.nano", "*.micro", "*.small", "*.medium", "*.large"] as const;

/**
 * Sandbox accounts experiment freely inside their own account but never connect to the corporate
 * network, buy long-term commitments, or launch large instances.
 */
export function sandboxScp(): PolicyDocument {
    return policyDocument([
        {
            Sid: "DenySandboxConnectivity",
            Effect: "Deny",
            Action: [
                "ec2:CreateVpcPeeringConnection",
                "ec2:AcceptVpcPeeringConnection",
                "ec2:CreateTransitGatewayVpcAttachment",
                "ec2:CreateVpnConnection",
                "ec2:CreateCustomerGateway",
                "directconnect:*",
            ],
            Resource: "*",
        },
        {
            Sid: "DenySandboxCommitments",
            Effect: "Deny",
            Action: [
                "ec2:PurchaseReservedInstancesOffering",
                "ec2:PurchaseHostReservation",
                "rds:PurchaseReservedDBInstancesOffering",
                "savingsplans:CreateSavingsPlan",
                "route53domains:RegisterDomain",
            ],
            Resource: "*",
        },
        {
            Sid: "DenySandboxLargeInstances",
            Effect: "Deny",
            Action: "ec2:RunInstances",
            Resource: "arn:*:ec2:*:*:instance/*",
            Condition: { StringNotLike: { "ec2:InstanceType": [...SANDBOX_INSTANCE_TYPES] } },
        },
    ]);
}

/**
 * Quarantine: an account in the quarantine OU can do nothing except through the platform and access
 * roles, which build its baseline before it is released to its OU.
 */
export function quarantineScp(i: ScpInputs): PolicyDocument {
    return policyDocument([{ Sid: "DenyAllButPlatform", Effect: "Deny", Action: "*", Resource: "*", Condition: unlessPlatform(i) }]);
}
