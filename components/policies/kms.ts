import { AUTO_SCALING_SERVICE_ROLE, SSM_HOST_MANAGEMENT_ROLE, type KeyPurpose } from "../shared/names";
import { policyDocument, PolicyDocument, Statement } from "./document";

/**
 * Key policies for the landing zone's customer-managed keys. Least privilege by construction:
 * - the account root never gets kms:*; key administration goes to the deployer role only, and
 *   that role gets no cryptographic action (administration is separated from use);
 * - use by the account's principals is delegated to IAM (root principal) but only through the
 *   AWS services of the key's purpose (kms:ViaService + kms:CallerAccount);
 * - AWS service principals are allowed only for this organization's resources
 *   (aws:SourceOrgID / aws:SourceAccount / aws:SourceArn) or, for CloudWatch Logs, the log-group
 *   encryption context;
 * - explicit denies: principals outside the organization and requests without TLS.
 */

/** Administrative actions: manage the key, never use it. */
export const KEY_ADMIN_ACTIONS = [
    "kms:CancelKeyDeletion",
    "kms:CreateAlias",
    "kms:DeleteAlias",
    "kms:DescribeKey",
    "kms:DisableKey",
    "kms:DisableKeyRotation",
    "kms:EnableKey",
    "kms:EnableKeyRotation",
    "kms:GetKeyPolicy",
    "kms:GetKeyRotationStatus",
    "kms:ListAliases",
    "kms:ListGrants",
    "kms:ListKeyPolicies",
    "kms:ListKeyRotations",
    "kms:ListResourceTags",
    "kms:PutKeyPolicy",
    "kms:ReplicateKey",
    "kms:RetireGrant",
    "kms:RevokeGrant",
    "kms:RotateKeyOnDemand",
    "kms:ScheduleKeyDeletion",
    "kms:TagResource",
    "kms:UntagResource",
    "kms:UpdateAlias",
    "kms:UpdateKeyDescription",
    "kms:UpdatePrimaryRegion",
] as const;

/** Symmetric-key use through an integrated service. */
export const KEY_USE_ACTIONS = ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"] as const;

/** What a log-delivery service may do with a key it encrypts deliveries with. */
const DELIVERY_ACTIONS = ["kms:DescribeKey", "kms:GenerateDataKey*"] as const;

/** Services whose resources use a purpose's key, as `<service>.<region>.amazonaws.com` prefixes. */
export const VIA_SERVICES: Readonly<Record<KeyPurpose, readonly string[]>> = {
    logs: [],
    s3: ["s3"],
    ebs: ["ec2"],
    backup: ["backup"],
    // Verified Access encrypts its instance, groups and endpoints with the secrets key; Lambda its
    // functions' environment variables.
    secrets: ["secretsmanager", "ssm", "verified-access", "lambda"],
    messaging: ["sns", "sqs"],
    cloudtrail: ["s3"],
    config: ["s3"],
};

/**
 * Services whose KMS calls carry a cross-account Backup copy. AWS Backup encrypts fully managed
 * resource types itself (backup.*), but backups of the others (EBS snapshots, RDS snapshots) inherit
 * the source's encryption and are copied by their own service, so the key sees ec2.* or rds.*.
 */
export const BACKUP_COPY_SERVICES = ["backup", "ec2", "rds"] as const;

/** The account's place in the organization, which decides whom its keys serve beyond itself. */
export type KeyAccountRole = "logArchive" | "backup" | "securityTooling" | "other";

export interface KeyPolicyArgs {
    readonly partition: string;
    readonly region: string;
    readonly accountId: string;
    readonly organizationId: string;
    readonly purpose: KeyPurpose;
    readonly accountRole: KeyAccountRole;
    /**
     * IAM role names in the key's account that administer the key (the deployer). Empty: the
     * account's IAM decides (the management account, reached with the caller's own credentials).
     */
    readonly administratorRoleNames: readonly string[];
    /** ARN of the organization trail (encrypts with the log-archive account's cloudtrail key). */
    readonly organizationTrailArn: string;
    /** Account ids allowed to read the log archive (decrypt via S3) besides the log-archive account. */
    readonly logReaderAccountIds: readonly string[];
    /** Backup account id: it may use workload keys through AWS Backup for cross-account copies. */
    readonly backupAccountId: string;
    /** Home region: GuardDuty exports findings with the security-tooling logs key of this region only. */
    readonly homeRegion?: string;
}

/** Administration for the named roles of the key's account (the account's IAM decides when none is named), never use. */
function keyAdministration(partition: string, accountId: string, roleNames: readonly string[]): Statement {
    return {
        Sid: "KeyAdministration",
        Effect: "Allow",
        Principal: {
            AWS: roleNames.length > 0 ? roleNames.map((r) => `arn:${partition}:iam::${accountId}:role/${r}`) : `arn:${partition}:iam::${accountId}:root`,
        },
        Action: [...KEY_ADMIN_ACTIONS],
        Resource: "*",
    };
}

/** The key policy for one key. */
export function keyPolicy(args: KeyPolicyArgs): PolicyDocument {
    // Sorted so that the document never depends on the order of accounts in config.
    const a: KeyPolicyArgs = {
        ...args,
        logReaderAccountIds: [...args.logReaderAccountIds].sort(),
    };
    const root = `arn:${a.partition}:iam::${a.accountId}:root`;
    const via = (services: readonly string[]) => services.map((s) => `${s}.${a.region}.amazonaws.com`);
    const statements: Statement[] = [keyAdministration(a.partition, a.accountId, a.administratorRoleNames)];

    const viaServices = VIA_SERVICES[a.purpose];
    if (viaServices.length > 0) {
        statements.push({
            Sid: "UseThroughPurposeServices",
            Effect: "Allow",
            Principal: { AWS: root },
            Action: [...KEY_USE_ACTIONS],
            Resource: "*",
            Condition: { StringEquals: { "kms:CallerAccount": a.accountId, "kms:ViaService": via(viaServices) } },
        });
    }
    // EBS volumes and Backup recovery points hold grants for as long as the resource lives.
    if (a.purpose === "ebs" || a.purpose === "backup") {
        statements.push({
            Sid: "GrantsForAwsResources",
            Effect: "Allow",
            Principal: { AWS: root },
            Action: "kms:CreateGrant",
            Resource: "*",
            Condition: {
                StringEquals: { "kms:CallerAccount": a.accountId, "kms:ViaService": via(viaServices) },
                Bool: { "kms:GrantIsForAWSResource": true },
            },
        });
        if (a.purpose === "ebs") {
            // Auto Scaling launches encrypted instances as its service-linked role, whose AWS-managed policy
            // grants no KMS action, so delegating to the account's IAM is not enough: the key names the role.
            const autoScaling = `arn:${a.partition}:iam::${a.accountId}:role${AUTO_SCALING_SERVICE_ROLE.path}${AUTO_SCALING_SERVICE_ROLE.name}`;
            statements.push(
                {
                    Sid: "AutoScalingLaunchesEncryptedInstances",
                    Effect: "Allow",
                    Principal: { AWS: autoScaling },
                    Action: [...KEY_USE_ACTIONS],
                    Resource: "*",
                },
                {
                    Sid: "AutoScalingGrantsForVolumes",
                    Effect: "Allow",
                    Principal: { AWS: autoScaling },
                    Action: "kms:CreateGrant",
                    Resource: "*",
                    Condition: { Bool: { "kms:GrantIsForAWSResource": true } },
                },
            );
        }
        // Cross-account copies of non-fully-managed resources (EBS snapshots) keep the source key.
        if (a.accountRole !== "backup") {
            statements.push({
                Sid: "BackupAccountCopies",
                Effect: "Allow",
                Principal: { AWS: `arn:${a.partition}:iam::${a.backupAccountId}:root` },
                Action: ["kms:Decrypt", "kms:DescribeKey", "kms:CreateGrant", "kms:GenerateDataKey*", "kms:ReEncrypt*"],
                Resource: "*",
                Condition: { StringEquals: { "kms:ViaService": via(BACKUP_COPY_SERVICES), "kms:CallerAccount": a.backupAccountId } },
            });
        }
    }
    // The backup account's vault key receives copies from every account of the organization.
    if (a.purpose === "backup" && a.accountRole === "backup") {
        statements.push({
            Sid: "OrganizationBackupCopies",
            Effect: "Allow",
            Principal: "*",
            Action: ["kms:Decrypt", "kms:DescribeKey", "kms:CreateGrant", "kms:GenerateDataKey*", "kms:ReEncrypt*"],
            Resource: "*",
            Condition: { StringEquals: { "aws:PrincipalOrgID": a.organizationId, "kms:ViaService": via(BACKUP_COPY_SERVICES) } },
        });
    }

    switch (a.purpose) {
        case "logs":
            statements.push({
                Sid: "CloudWatchLogsOfThisAccount",
                Effect: "Allow",
                Principal: { Service: `logs.${a.region}.amazonaws.com` },
                Action: ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"],
                Resource: "*",
                Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:${a.partition}:logs:${a.region}:${a.accountId}:log-group:*` } },
            });
            // Session Manager: a user starting a session has SSM create the data key; SSM Agent, under
            // the Default Host Management role, decrypts it on the instance.
            statements.push(
                {
                    Sid: "SessionManagerStartsSessions",
                    Effect: "Allow",
                    Principal: { AWS: root },
                    Action: "kms:GenerateDataKey",
                    Resource: "*",
                    Condition: { StringEquals: { "kms:CallerAccount": a.accountId, "kms:ViaService": via(["ssm"]) } },
                },
                {
                    Sid: "SessionManagerAgentOfThisAccount",
                    Effect: "Allow",
                    Principal: { AWS: root },
                    Action: ["kms:Decrypt", "kms:GenerateDataKey"],
                    Resource: "*",
                    Condition: {
                        StringEquals: { "kms:CallerAccount": a.accountId },
                        ArnEquals: {
                            "aws:PrincipalArn": `arn:${a.partition}:iam::${a.accountId}:role${SSM_HOST_MANAGEMENT_ROLE.path}${SSM_HOST_MANAGEMENT_ROLE.name}`,
                        },
                    },
                },
            );
            if (a.accountRole === "securityTooling" && a.region === a.homeRegion) {
                // GuardDuty detectors of this account (every region) export findings with this key.
                statements.push({
                    Sid: "GuardDutyFindingsExport",
                    Effect: "Allow",
                    Principal: { Service: "guardduty.amazonaws.com" },
                    Action: "kms:GenerateDataKey",
                    Resource: "*",
                    Condition: {
                        StringEquals: { "aws:SourceAccount": a.accountId },
                        ArnLike: { "aws:SourceArn": `arn:${a.partition}:guardduty:*:${a.accountId}:detector/*` },
                    },
                });
                statements.push({
                    Sid: "FindingsReadersThroughS3",
                    Effect: "Allow",
                    Principal: { AWS: root },
                    Action: ["kms:Decrypt", "kms:DescribeKey"],
                    Resource: "*",
                    Condition: { StringEquals: { "kms:ViaService": via(["s3"]), "kms:CallerAccount": a.accountId } },
                });
            }
            if (a.accountRole === "logArchive") {
                // The archive key: default encryption of the central log buckets.
                const deliveryServices = ["config.amazonaws.com", "delivery.logs.amazonaws.com", "guardduty.amazonaws.com"];
                statements.push({
                    Sid: "LogDeliveryForOrganization",
                    Effect: "Allow",
                    Principal: { Service: deliveryServices },
                    Action: [...DELIVERY_ACTIONS],
                    Resource: "*",
                    Condition: { StringEquals: { "aws:SourceOrgID": a.organizationId } },
                });
                statements.push(archiveReaders(a, via(["s3"])));
            }
            break;
        case "messaging":
            statements.push({
                Sid: "ServicesPublishingToEncryptedTopicsAndQueues",
                Effect: "Allow",
                Principal: { Service: ["cloudwatch.amazonaws.com", "events.amazonaws.com"] },
                Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
                Resource: "*",
                Condition: { StringEquals: { "aws:SourceAccount": a.accountId } },
            });
            break;
        case "cloudtrail":
            statements.push({
                Sid: "CloudTrailEncryptsTrailsOfThisAccount",
                Effect: "Allow",
                Principal: { Service: "cloudtrail.amazonaws.com" },
                Action: ["kms:GenerateDataKey*"],
                Resource: "*",
                // aws:SourceArn pins the trail itself, which also fixes the aws:cloudtrail:arn encryption context.
                Condition: { ArnLike: { "aws:SourceArn": cloudTrailSources(a) } },
            });
            statements.push({
                Sid: "CloudTrailDescribesKey",
                Effect: "Allow",
                Principal: { Service: "cloudtrail.amazonaws.com" },
                Action: "kms:DescribeKey",
                Resource: "*",
                Condition: { ArnLike: { "aws:SourceArn": cloudTrailSources(a) } },
            });
            if (a.accountRole === "logArchive") statements.push(archiveReaders(a, via(["s3"])));
            break;
        case "config":
            // The archive's key serves Config delivery of the whole organization (aws:SourceOrgID, so
            // a new account changes nothing here), every other account's key its own.
            statements.push({
                Sid: a.accountRole === "logArchive" ? "ConfigDeliveryForOrganization" : "ConfigDelivery",
                Effect: "Allow",
                Principal: { Service: "config.amazonaws.com" },
                Action: ["kms:Decrypt", ...DELIVERY_ACTIONS],
                Resource: "*",
                Condition: { StringEquals: a.accountRole === "logArchive" ? { "aws:SourceOrgID": a.organizationId } : { "aws:SourceAccount": a.accountId } },
            });
            if (a.accountRole === "logArchive") statements.push(archiveReaders(a, via(["s3"])));
            break;
        default:
            break;
    }

    statements.push(
        {
            Sid: "DenyOutsideOrganization",
            Effect: "Deny",
            Principal: "*",
            Action: "kms:*",
            Resource: "*",
            Condition: {
                StringNotEqualsIfExists: { "aws:PrincipalOrgID": a.organizationId },
                BoolIfExists: { "aws:PrincipalIsAWSService": false },
            },
        },
        {
            Sid: "DenyWithoutTls",
            Effect: "Deny",
            Principal: "*",
            Action: "kms:*",
            Resource: "*",
            Condition: { Bool: { "aws:SecureTransport": false } },
        },
    );
    return policyDocument(statements);
}

/** Trails whose logs a cloudtrail key may encrypt: this account's own, plus the organization trail in log archive. */
function cloudTrailSources(a: KeyPolicyArgs): string[] {
    const own = `arn:${a.partition}:cloudtrail:*:${a.accountId}:trail/*`;
    return a.accountRole === "logArchive" ? [own, a.organizationTrailArn] : [own];
}

/** Principals of the log-archive account and the log-reader accounts may decrypt archived logs through S3. */
function archiveReaders(a: KeyPolicyArgs, viaS3: string[]): Statement {
    return {
        Sid: "ArchiveReadersThroughS3",
        Effect: "Allow",
        Principal: { AWS: [a.accountId, ...a.logReaderAccountIds].map((id) => `arn:${a.partition}:iam::${id}:root`) },
        Action: ["kms:Decrypt", "kms:DescribeKey"],
        Resource: "*",
        Condition: { StringEquals: { "kms:ViaService": viaS3, "kms:CallerAccount": [a.accountId, ...a.logReaderAccountIds] } },
    };
}

/**
 * The key of the CRL bucket (log-archive account). AWS Private CA encrypts the CRLs it writes as its
 * service principal, so the key admits it for the CA account's CAs and for objects of the CRL bucket
 * only (the S3 encryption context names the object: the bucket uses no S3 Bucket Key). Principals of
 * the organization decrypt through S3 only, to read a CRL.
 */
export function crlKeyPolicy(args: {
    readonly partition: string;
    readonly region: string;
    readonly accountId: string;
    readonly organizationId: string;
    readonly administratorRoleNames: readonly string[];
    /** Objects AWS Private CA writes, as S3 object ARN patterns. */
    readonly objectArns: readonly string[];
    readonly caAccountId: string;
    readonly caRegion: string;
}): PolicyDocument {
    return policyDocument([
        keyAdministration(args.partition, args.accountId, args.administratorRoleNames),
        {
            Sid: "PrivateCaEncryptsCrls",
            Effect: "Allow",
            Principal: { Service: "acm-pca.amazonaws.com" },
            Action: ["kms:GenerateDataKey", "kms:Decrypt"],
            Resource: "*",
            Condition: {
                StringLike: { "kms:EncryptionContext:aws:s3:arn": [...args.objectArns] },
                StringEquals: { "aws:SourceAccount": args.caAccountId },
                ArnLike: { "aws:SourceArn": `arn:${args.partition}:acm-pca:${args.caRegion}:${args.caAccountId}:certificate-authority/*` },
            },
        },
        {
            Sid: "OrganizationDecryptsThroughS3",
            Effect: "Allow",
            Principal: "*",
            Action: "kms:Decrypt",
            Resource: "*",
            Condition: {
                StringEquals: { "aws:PrincipalOrgID": args.organizationId, "kms:ViaService": `s3.${args.region}.amazonaws.com` },
            },
        },
    ]);
}
