/**
 * Organization backup policy from `data.backup`: every account backs up resources tagged for backup
 * into its own vault on the configured schedule and, when configured, copies each recovery point to
 * the central vault of the backup account, so a compromised workload account cannot destroy both.
 */
import type { Assign } from "./declarative";

export interface BackupPolicyInputs {
    /** AWS Backup cron expression. */
    readonly schedule: string;
    readonly retentionDays: number;
    /** Regions the plan runs in. */
    readonly regions: readonly string[];
    /** Partition of those regions (aws, aws-cn, aws-us-gov). */
    readonly partition: string;
    /** Vault in each account that receives the backups. */
    readonly vaultName: string;
    /** Role AWS Backup assumes in each account. */
    readonly roleName: string;
    readonly selectionTag: { readonly key: string; readonly value: string };
    /** Cross-account copy target; omitted when copies are switched off. */
    readonly copyTo?: { readonly accountId: string; readonly region: string; readonly vaultName: string };
}

interface BackupRule {
    readonly schedule_expression: Assign<string>;
    readonly start_backup_window_minutes: Assign<string>;
    readonly complete_backup_window_minutes: Assign<string>;
    readonly lifecycle: { readonly delete_after_days: Assign<string> };
    readonly target_backup_vault_name: Assign<string>;
    readonly copy_actions?: Readonly<
        Record<string, { readonly target_backup_vault_arn: Assign<string>; readonly lifecycle: { readonly delete_after_days: Assign<string> } }>
    >;
}

export interface BackupPolicy {
    readonly plans: Readonly<
        Record<
            string,
            {
                readonly regions: Assign<readonly string[]>;
                readonly rules: Readonly<Record<string, BackupRule>>;
                readonly selections: {
                    readonly tags: Readonly<
                        Record<
                            string,
                            { readonly iam_role_arn: Assign<string>; readonly tag_key: Assign<string>; readonly tag_value: Assign<readonly string[]> }
                        >
                    >;
                };
            }
        >
    >;
}

/** Name of the plan in every account. */
export const BACKUP_PLAN_NAME = "landing-zone-daily";

export function backupPolicy(i: BackupPolicyInputs): BackupPolicy {
    if (i.regions.length === 0) throw new Error("backupPolicy: regions is empty; pass the allowed regions");
    if (!/^cron\(.+\)$/.test(i.schedule)) throw new Error(`backupPolicy: schedule "${i.schedule}" is not cron(...)`);
    const days = { delete_after_days: { "@@assign": String(i.retentionDays) } };
    const copyArn = i.copyTo && `arn:${i.partition}:backup:${i.copyTo.region}:${i.copyTo.accountId}:backup-vault:${i.copyTo.vaultName}`;
    return {
        plans: {
            [BACKUP_PLAN_NAME]: {
                regions: { "@@assign": [...i.regions] },
                rules: {
                    daily: {
                        schedule_expression: { "@@assign": i.schedule },
                        start_backup_window_minutes: { "@@assign": "60" },
                        complete_backup_window_minutes: { "@@assign": "1440" },
                        lifecycle: days,
                        target_backup_vault_name: { "@@assign": i.vaultName },
                        ...(copyArn ? { copy_actions: { [copyArn]: { target_backup_vault_arn: { "@@assign": copyArn }, lifecycle: days } } } : {}),
                    },
                },
                selections: {
                    tags: {
                        [`${BACKUP_PLAN_NAME}-tagged`]: {
                            // $account: Organizations substitutes each account's id.
                            iam_role_arn: { "@@assign": `arn:${i.partition}:iam::$account:role/${i.roleName}` },
                            tag_key: { "@@assign": i.selectionTag.key },
                            tag_value: { "@@assign": [i.selectionTag.value] },
                        },
                    },
                },
            },
        },
    };
}
