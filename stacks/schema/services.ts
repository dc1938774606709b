import { z } from "zod";
import { emailSchema, enforcementLevelSchema, logicalNameSchema, regionSchema } from "./common";

const toggle = (enabled: boolean) => z.strictObject({ enabled: z.boolean().default(enabled) });

export const securitySchema = z.strictObject({
    guardDuty: z
        .strictObject({
            enabled: z.boolean().default(true),
            protections: z
                .strictObject({
                    s3: z.boolean().default(true),
                    eksAuditLogs: z.boolean().default(true),
                    runtimeMonitoring: z.boolean().default(true),
                    malwareProtectionEc2: z.boolean().default(true),
                    malwareProtectionS3: z.boolean().default(true),
                    rdsLogin: z.boolean().default(true),
                    lambdaNetwork: z.boolean().default(true),
                })
                .prefault({}),
        })
        .prefault({}),
    securityHub: z
        .strictObject({
            enabled: z.boolean().default(true),
            standards: z
                .array(z.enum(["aws-foundational-security-best-practices", "cis-aws-foundations-benchmark-v5", "nist-800-53-r5", "pci-dss-v4"]))
                .default(["aws-foundational-security-best-practices", "cis-aws-foundations-benchmark-v5"]),
            disabledControls: z
                .array(z.strictObject({ id: z.string().regex(/^[A-Za-z0-9]+\.\d+$/, "not a control id (expected e.g. EC2.10)"), reason: z.string().min(10) }))
                .default([]),
        })
        .prefault({}),
    config: toggle(true).prefault({}),
    detective: toggle(true).prefault({}),
    inspector: toggle(true).prefault({}),
    macie: toggle(true).prefault({}),
    cisAlarms: toggle(true).prefault({}),
});

export const dataSchema = z.strictObject({
    /** Create multi-region KMS keys where copies cross regions (backup). */
    multiRegionKeys: z.boolean().default(false),
    cloudTrail: z
        .strictObject({
            s3DataEvents: z.boolean().default(true),
            lambdaDataEvents: z.boolean().default(false),
        })
        .prefault({}),
    backup: z
        .strictObject({
            enabled: z.boolean().default(true),
            /** AWS Backup cron expression for the daily plan. */
            schedule: z
                .string()
                .regex(/^cron\(.+\)$/, "not a schedule (expected cron(...))")
                .default("cron(0 3 * * ? *)"),
            retentionDays: z.number().int().min(1).max(36500).default(35),
            copyToBackupAccount: z.boolean().default(true),
            /** Vault lock of every vault: GOVERNANCE (removable by privileged users) or COMPLIANCE (immutable after 3 days). */
            vaultLock: z
                .strictObject({
                    mode: z.enum(["GOVERNANCE", "COMPLIANCE"]).default("GOVERNANCE"),
                    minRetentionDays: z.number().int().min(1).max(36500).default(7),
                    maxRetentionDays: z.number().int().min(1).max(36500).default(3650),
                })
                .prefault({}),
        })
        .prefault({}),
    macie: z
        .strictObject({
            /** How often updated Macie findings are published to EventBridge and Security Hub. */
            findingPublishingFrequency: z.enum(["FIFTEEN_MINUTES", "ONE_HOUR", "SIX_HOURS"]).default("FIFTEEN_MINUTES"),
        })
        .prefault({}),
});

export const deviceTrustProviderSchema = z.strictObject({
    type: z.enum(["jamf", "crowdstrike", "jumpcloud"]),
    /** Tenant id of the device-management provider. */
    tenantId: z.string().min(1),
});

export const endpointSchema = z.strictObject({
    ssm: z
        .strictObject({
            sessionIdleTimeoutMinutes: z.number().int().min(1).max(60).default(20),
            patchGroups: z.array(logicalNameSchema).default(["default"]),
        })
        .prefault({}),
    verifiedAccess: z
        .strictObject({
            enabled: z.boolean().default(true),
            deviceTrustProvider: deviceTrustProviderSchema.optional(),
        })
        .prefault({}),
    clientVpn: toggle(false).prefault({}),
    workspaces: toggle(false).prefault({}),
    waf: toggle(true).prefault({}),
    shieldAdvanced: toggle(false).prefault({}),
});

const subscriptionSchema = z.discriminatedUnion("protocol", [
    z.strictObject({ protocol: z.literal("email"), endpoint: emailSchema }),
    z.strictObject({ protocol: z.literal("https"), endpoint: z.url({ protocol: /^https$/, message: "not an https URL" }) }),
]);

export const responseSchema = z.strictObject({
    /** Remediation functions log what they would do instead of doing it. */
    dryRun: z.boolean().default(true),
    /** GuardDuty findings at or above this severity are routed and acted on. */
    guardDutyMinSeverity: z.number().min(1).max(10).default(7),
    /**
     * Region where AWS delivers global-service events (Organizations, IAM, STS global endpoint, console
     * sign-in, AWS Health risk events); every account also forwards from here, even if it is not allowed.
     */
    globalEventsRegion: regionSchema.default("us-east-1"),
    notifications: z
        .strictObject({
            critical: z.array(subscriptionSchema).default([]),
            high: z.array(subscriptionSchema).default([]),
            medium: z.array(subscriptionSchema).default([]),
        })
        .prefault({}),
});

export const settingsSchema = z.strictObject({
    /** Protect stateful resources (accounts, keys, log buckets, vaults, trails) from deletion. */
    protectStatefulResources: z.boolean(),
    kmsDeletionWindowDays: z.number().int().min(7).max(30),
    objectLock: z.strictObject({
        mode: z.enum(["GOVERNANCE", "COMPLIANCE"]),
        retentionDays: z.number().int().min(1).max(3650),
    }),
    /** CloudWatch Logs retention for security log groups. */
    logRetentionDays: z
        .number()
        .int()
        .refine((d) => [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653].includes(d), {
            message:
                "not a CloudWatch Logs retention (expected one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)",
        }),
    /** Days before log objects move to colder storage. */
    logTransitionDays: z.number().int().min(30).max(3650).default(90),
});

const policySettingSchema = z.union([enforcementLevelSchema, z.looseObject({ enforcementLevel: enforcementLevelSchema.optional() })]);

export const policyPackSchema = z.strictObject({
    /** Default enforcement for every policy not listed below. */
    enforcementLevel: enforcementLevelSchema.default("mandatory"),
    /** Per-policy enforcement level, or an object with enforcementLevel and the policy's parameters. */
    policies: z.record(z.string().regex(/^[a-z0-9-]+$/), policySettingSchema).default({}),
});

export type SecurityConfig = z.infer<typeof securitySchema>;
export type DataConfig = z.infer<typeof dataSchema>;
export type EndpointConfig = z.infer<typeof endpointSchema>;
export type ResponseConfig = z.infer<typeof responseSchema>;
export type SettingsConfig = z.infer<typeof settingsSchema>;
export type PolicyPackConfig = z.infer<typeof policyPackSchema>;
