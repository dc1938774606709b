import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { backupVaultPolicy } from "../policies/backup-vault";
import { policyDocument, toJson } from "../policies/document";

export interface VaultLockSettings {
    /** GOVERNANCE: lock can be removed by privileged users; COMPLIANCE: immutable after the grace time. */
    readonly mode: "GOVERNANCE" | "COMPLIANCE";
    readonly minRetentionDays: number;
    readonly maxRetentionDays: number;
}

export interface BackupVaultArgs {
    /** Vault name (names.ts BACKUP_VAULT_NAME or CENTRAL_BACKUP_VAULT_NAME). */
    readonly vaultName: string;
    /** The account's backup key in this region. */
    readonly kmsKeyArn: pulumi.Input<string>;
    readonly organizationId: pulumi.Input<string>;
    /** The central vault accepts copies from every account of the organization. */
    readonly acceptsOrganizationCopies: boolean;
    readonly lock: VaultLockSettings;
    /** Create the role AWS Backup assumes for organization backup plans (once per account: pass it in one region). */
    readonly serviceRoleName?: string;
}

/** Days a compliance lock can still be changed or removed after it is set (AWS minimum). */
const COMPLIANCE_GRACE_DAYS = 3;

/**
 * An AWS Backup vault under vault lock, encrypted with the account's backup key, behind a policy
 * that denies principals outside the organization. Plans come from the organization backup policy,
 * which names this vault and the service role; the central vault in the backup account receives
 * the copies. The vault's protect and retainOnDelete come from the stack's transform (components/shared/stateful.ts).
 */
export class BackupVault extends pulumi.ComponentResource {
    readonly vault: aws.backup.Vault;
    readonly vaultArn: pulumi.Output<string>;
    readonly serviceRole?: aws.iam.Role;

    constructor(name: string, args: BackupVaultArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:data:BackupVault", name, {}, opts);
        if (!/^[a-zA-Z0-9\-_]{2,50}$/.test(args.vaultName))
            throw new Error(`BackupVault ${name}: vaultName "${args.vaultName}" is invalid; use 2-50 letters, digits, - or _`);
        if (args.lock.minRetentionDays < 1 || args.lock.maxRetentionDays < args.lock.minRetentionDays)
            throw new Error(
                `BackupVault ${name}: lock retention ${args.lock.minRetentionDays}-${args.lock.maxRetentionDays} days is invalid; set data.backup.vaultLock with 1 <= minRetentionDays <= maxRetentionDays`,
            );

        this.vault = new aws.backup.Vault(
            `${name}-vault`,
            { name: args.vaultName, kmsKeyArn: args.kmsKeyArn, forceDestroy: false },
            { parent: this },
        );
        this.vaultArn = this.vault.arn;
        new aws.backup.VaultLockConfiguration(
            `${name}-lock`,
            {
                backupVaultName: this.vault.name,
                minRetentionDays: args.lock.minRetentionDays,
                maxRetentionDays: args.lock.maxRetentionDays,
                // Without changeableForDays the lock stays in governance mode.
                changeableForDays: args.lock.mode === "COMPLIANCE" ? COMPLIANCE_GRACE_DAYS : undefined,
            },
            // Not a stateful type, so the stack's transform leaves it: it inherits the vault's protect, and
            // removing it from config must not unlock the vault.
            { parent: this.vault, retainOnDelete: true },
        );
        new aws.backup.VaultPolicy(
            `${name}-policy`,
            {
                backupVaultName: this.vault.name,
                policy: pulumi
                    .all([this.vault.arn, args.organizationId])
                    .apply(([vaultArn, organizationId]) =>
                        toJson(backupVaultPolicy({ vaultArn, organizationId, acceptsOrganizationCopies: args.acceptsOrganizationCopies })),
                    ),
            },
            { parent: this.vault },
        );

        if (args.serviceRoleName) {
            this.serviceRole = new aws.iam.Role(
                `${name}-service-role`,
                {
                    name: args.serviceRoleName,
                    description: "AWS Backup runs the organization backup policy's plans with this role",
                    assumeRolePolicy: toJson(
                        policyDocument([{ Sid: "AwsBackup", Effect: "Allow", Principal: { Service: "backup.amazonaws.com" }, Action: "sts:AssumeRole" }]),
                    ),
                },
                { parent: this },
            );
            const managed: Record<string, string> = {
                backup: "service-role/AWSBackupServiceRolePolicyForBackup",
                restores: "service-role/AWSBackupServiceRolePolicyForRestores",
                "s3-backup": "AWSBackupServiceRolePolicyForS3Backup",
                "s3-restore": "AWSBackupServiceRolePolicyForS3Restore",
            };
            for (const [role, policy] of Object.entries(managed)) {
                new aws.iam.RolePolicyAttachment(
                    `${name}-service-role-${role}`,
                    { role: this.serviceRole.name, policyArn: `arn:aws:iam::aws:policy/${policy}` },
                    { parent: this.serviceRole },
                );
            }
        }
        this.registerOutputs({ vaultArn: this.vaultArn });
    }
}
