import { z } from "zod";
import { emailSchema, ipv4CidrSchema, logicalNameSchema, regionSchema } from "./common";

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
                    rdsLogin: z.boolean().default(true),
                    lambdaNetwork: z.boolean().default(true),
                })
                .prefault({}),
            /** How often updated findings are exported to the findings bucket and EventBridge. */
            findingPublishingFrequency: z.enum(["FIFTEEN_MINUTES", "ONE_HOUR", "SIX_HOURS"]).default("FIFTEEN_MINUTES"),
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
    config: z
        .strictObject({
            enabled: z.boolean().default(true),
            /** How often Config delivers configuration snapshots to the config bucket. */
            snapshotFrequency: z.enum(["One_Hour", "Three_Hours", "Six_Hours", "Twelve_Hours", "TwentyFour_Hours"]).default("TwentyFour_Hours"),
            /** Apply the SSM Automation remediations of the baseline rules automatically (false: rules only report). */
            autoRemediation: z.boolean().default(true),
        })
        .prefault({}),
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
    /** CrowdStrike only: minimum Zero Trust Assessment overall score (1-100) a device needs. */
    minimumScore: z.number().int().min(1).max(100).default(70),
});

export const patchOperatingSystemSchema = z.enum([
    "AMAZON_LINUX_2",
    "AMAZON_LINUX_2023",
    "UBUNTU",
    "REDHAT_ENTERPRISE_LINUX",
    "WINDOWS",
    "DEBIAN",
    "SUSE",
    "ROCKY_LINUX",
]);

const patchBaselineSchema = z.strictObject({
    operatingSystem: patchOperatingSystemSchema,
    /** Days after release before a patch is approved. */
    approveAfterDays: z.number().int().min(0).max(360).default(7),
    /** Compliance severity reported for a missing approved patch. */
    complianceLevel: z.enum(["CRITICAL", "HIGH", "MEDIUM", "LOW", "INFORMATIONAL"]).default("HIGH"),
    /** Patch groups (instance tag "Patch Group") this baseline patches; the baseline is also the OS default. */
    patchGroups: z.array(logicalNameSchema).min(1),
});

const verifiedAccessGroupSchema = z.strictObject({
    /**
     * Display name of the IAM Identity Center group (one of identity.groups) whose members may reach the
     * group's applications; the program looks its id up in the identity store, as it does for assignments.
     */
    identityCenterGroup: z.string().min(1).max(1024),
    description: z.string().min(1),
});

const awsArn = (service: string) => z.string().regex(new RegExp(`^arn:aws[a-z-]*:${service}:`), `not an ${service} ARN (expected arn:aws:${service}:...)`);

export const endpointSchema = z.strictObject({
    ssm: z
        .strictObject({
            sessionIdleTimeoutMinutes: z.number().int().min(1).max(60).default(20),
            /** Hard limit on a Session Manager session. */
            maxSessionDurationMinutes: z.number().int().min(1).max(1440).default(240),
            /** OS user sessions run as; never root. */
            runAsUser: z
                .string()
                .regex(/^[a-z_][a-z0-9_-]{0,31}$/, "not a Linux user name (expected lowercase letters, digits, _ or -)")
                .refine((u) => u !== "root", { message: "sessions must not run as root (expected an unprivileged user)" })
                .default("ssm-session"),
            patchBaselines: z.record(logicalNameSchema, patchBaselineSchema).default({
                "amazon-linux-2023": { operatingSystem: "AMAZON_LINUX_2023", approveAfterDays: 7, complianceLevel: "HIGH", patchGroups: ["default"] },
            }),
            /** Schedule of the State Manager patch compliance scan. */
            patchScanSchedule: z
                .string()
                .regex(/^(rate|cron)\(.+\)$/, "not a schedule (expected rate(...) or cron(...))")
                .default("rate(1 day)"),
            /** Schedule of the State Manager software inventory. */
            inventorySchedule: z
                .string()
                .regex(/^(rate|cron)\(.+\)$/, "not a schedule (expected rate(...) or cron(...))")
                .default("rate(12 hours)"),
        })
        .prefault({}),
    verifiedAccess: z
        .strictObject({
            enabled: z.boolean().default(true),
            deviceTrustProvider: deviceTrustProviderSchema.optional(),
            /** Verified Access groups by logical name; each admits one Identity Center group on a trusted device. */
            groups: z.record(logicalNameSchema, verifiedAccessGroupSchema).default({}),
        })
        .prefault({}),
    clientVpn: z
        .strictObject({
            enabled: z.boolean().default(false),
            /** Client address pool (a /22 or larger, outside every VPC). */
            clientCidr: ipv4CidrSchema.default("172.31.252.0/22"),
            /** ACM certificate of the VPN endpoint. */
            serverCertificateArn: awsArn("acm").optional(),
            /** ACM certificate whose chain signs client certificates (mutual TLS). */
            clientRootCertificateArn: awsArn("acm").optional(),
            /** Shared-services subnets the endpoint is associated with (from the network stack outputs). */
            subnetIds: z.array(z.string().regex(/^subnet-[0-9a-f]{8,17}$/)).default([]),
        })
        .prefault({}),
    workspaces: z
        .strictObject({
            enabled: z.boolean().default(false),
            /** Directory Service directory WorkSpaces registers (AD Connector or Managed AD in shared services). */
            directoryId: z
                .string()
                .regex(/^d-[0-9a-f]{10}$/, "not a directory id (expected d-xxxxxxxxxx)")
                .optional(),
            subnetIds: z.array(z.string().regex(/^subnet-[0-9a-f]{8,17}$/)).default([]),
        })
        .prefault({}),
    privateCa: z
        .strictObject({
            enabled: z.boolean().default(false),
            /** Subject of both CAs: organization (O) and the common-name stem ("<stem> Root CA", "<stem> Issuing CA"). */
            organization: z.string().min(1).max(64).default("Landing Zone"),
            commonName: z.string().min(1).max(48).default("landing-zone"),
            /** Key of both CAs; the signing algorithm must be of the same family (EC: ECDSA, RSA: RSA). */
            keyAlgorithm: z.enum(["EC_prime256v1", "EC_secp384r1", "RSA_2048", "RSA_3072", "RSA_4096"]).default("EC_prime256v1"),
            signingAlgorithm: z
                .enum(["SHA256WITHECDSA", "SHA384WITHECDSA", "SHA512WITHECDSA", "SHA256WITHRSA", "SHA384WITHRSA", "SHA512WITHRSA"])
                .default("SHA256WITHECDSA"),
            /** Validity of the root's self-signed certificate; the issuing CA's must end before it. */
            rootValidityYears: z.number().int().min(5).max(30).default(10),
            issuingValidityYears: z.number().int().min(1).max(10).default(3),
            /** How long a published CRL is valid; AWS Private CA refreshes it well before. */
            crlExpirationDays: z.number().int().min(1).max(5000).default(7),
            /** Days a deleted CA can be restored before AWS deletes it for good. */
            permanentDeletionTimeInDays: z.number().int().min(7).max(30).default(30),
        })
        .prefault({}),
    waf: z
        .strictObject({
            enabled: z.boolean().default(true),
            /** Also protect CloudFront distributions (a global policy created in us-east-1); needs us-east-1 in regions.allowed. */
            cloudFront: z.boolean().default(false),
            /** Let Firewall Manager attach the web ACL (false: report non-compliant resources only). */
            remediate: z.boolean().default(true),
        })
        .prefault({}),
    shieldAdvanced: toggle(false).prefault({}),
});

const subscriptionSchema = z.discriminatedUnion("protocol", [
    z.strictObject({ protocol: z.literal("email"), endpoint: emailSchema }),
    z.strictObject({ protocol: z.literal("https"), endpoint: z.url({ protocol: /^https$/, message: "not an https URL" }) }),
]);

/** An aws:approve approver: an IAM user name, or a user, role or assumed-role ARN. */
const approverSchema = z
    .string()
    .regex(
        /^([\w+=,.@-]{1,64}|arn:aws(-[a-z]+)*:iam::\d{12}:(user|role)\/[\w+=,.@/-]{1,512}|arn:aws(-[a-z]+)*:sts::\d{12}:assumed-role\/[\w+=,.@-]{1,64}\/[\w+=,.@-]{1,64})$/,
        "not an approver (expected an IAM user name, or an IAM user, role or assumed-role ARN)",
    );

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
    /**
     * Who approves closing the finding at each runbook's decision step (aws:approve, in the security-tooling
     * account); unset, that step is an aws:pause anyone allowed to signal the execution resumes.
     */
    runbookApprovers: z
        .strictObject({
            principals: z.array(approverSchema).min(1).max(10, "at most 10 approvers (aws:approve's limit)"),
            minRequiredApprovals: z.number().int().min(1).default(1),
        })
        .refine((a) => a.minRequiredApprovals <= a.principals.length, {
            message: "more approvals required than approvers listed (expected at most the number of principals)",
            path: ["minRequiredApprovals"],
        })
        .optional(),
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

export type SecurityConfig = z.infer<typeof securitySchema>;
export type DataConfig = z.infer<typeof dataSchema>;
export type EndpointConfig = z.infer<typeof endpointSchema>;
export type ResponseConfig = z.infer<typeof responseSchema>;
export type SettingsConfig = z.infer<typeof settingsSchema>;

/** Rules across endpoint fields: one default baseline per OS, one baseline per patch group, switched-on options complete. */
export function endpointProblems(e: EndpointConfig): { path: (string | number)[]; message: string }[] {
    const problems: { path: (string | number)[]; message: string }[] = [];
    const base = ["endpoint"];
    const osOwner = new Map<string, string>();
    const groupOwner = new Map<string, string>();
    for (const [name, b] of Object.entries(e.ssm.patchBaselines)) {
        const path = [...base, "ssm", "patchBaselines", name];
        const other = osOwner.get(b.operatingSystem);
        if (other)
            problems.push({
                path: [...path, "operatingSystem"],
                message: `${b.operatingSystem} already has baseline ${other} (expected one baseline per operating system, the OS default)`,
            });
        osOwner.set(b.operatingSystem, name);
        b.patchGroups.forEach((g, i) => {
            const owner = groupOwner.get(g);
            if (owner)
                problems.push({
                    path: [...path, "patchGroups", i],
                    message: `patch group already patched by baseline ${owner} (expected each patch group in one baseline)`,
                });
            groupOwner.set(g, name);
        });
    }
    if (e.verifiedAccess.enabled && !e.verifiedAccess.deviceTrustProvider)
        problems.push({
            path: [...base, "verifiedAccess", "deviceTrustProvider"],
            message: "Verified Access needs a device trust provider (expected type and tenantId)",
        });
    if (e.clientVpn.enabled) {
        for (const key of ["serverCertificateArn", "clientRootCertificateArn"] as const)
            if (!e.clientVpn[key])
                problems.push({ path: [...base, "clientVpn", key], message: "required when clientVpn is enabled (expected an ACM certificate ARN)" });
        if (e.clientVpn.subnetIds.length === 0)
            problems.push({
                path: [...base, "clientVpn", "subnetIds"],
                message: "required when clientVpn is enabled (expected at least one shared-services subnet id)",
            });
    }
    if (e.workspaces.enabled) {
        if (!e.workspaces.directoryId)
            problems.push({ path: [...base, "workspaces", "directoryId"], message: "required when workspaces is enabled (expected d-xxxxxxxxxx)" });
        if (e.workspaces.subnetIds.length < 2)
            problems.push({ path: [...base, "workspaces", "subnetIds"], message: "WorkSpaces needs two subnets in different AZs (expected two subnet ids)" });
    }
    if (e.privateCa.enabled) {
        const ca = e.privateCa;
        const family = ca.keyAlgorithm.startsWith("EC_") ? "ECDSA" : "RSA";
        if (!ca.signingAlgorithm.endsWith(`WITH${family}`))
            problems.push({
                path: [...base, "privateCa", "signingAlgorithm"],
                message: `cannot sign with the CAs' ${ca.keyAlgorithm} key (expected a SHA*WITH${family} algorithm)`,
            });
        if (ca.issuingValidityYears >= ca.rootValidityYears)
            problems.push({
                path: [...base, "privateCa", "issuingValidityYears"],
                message: `the issuing CA would outlive the root's ${ca.rootValidityYears}-year certificate (expected fewer years than rootValidityYears)`,
            });
    }
    if (e.shieldAdvanced.enabled && !e.waf.enabled)
        problems.push({
            path: [...base, "shieldAdvanced", "enabled"],
            message: "Shield Advanced is applied through Firewall Manager (expected waf.enabled: true)",
        });
    return problems;
}
