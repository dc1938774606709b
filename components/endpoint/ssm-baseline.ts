import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { partitionOf } from "../organization/naming";
import { serviceTrustPolicy } from "../policies/security";
import { sessionLoggingPolicy } from "../policies/endpoint";
import { toJson } from "../policies/document";
import { SSM_HOST_MANAGEMENT_ROLE } from "../shared/names";

/** A patch baseline by logical name (endpoint.ssm.patchBaselines.<name>). */
interface PatchBaselineConfig {
    readonly operatingSystem: string;
    /** Days after release before a patch is approved. */
    readonly approveAfterDays: number;
    readonly complianceLevel: "CRITICAL" | "HIGH" | "MEDIUM" | "LOW" | "INFORMATIONAL";
    /** Patch groups (instance tag "Patch Group") this baseline patches. */
    readonly patchGroups: readonly string[];
}

/** Session Manager and patching settings (endpoint.ssm). */
export interface SsmSettings {
    readonly sessionIdleTimeoutMinutes: number;
    readonly maxSessionDurationMinutes: number;
    /** OS user sessions run as; never root. */
    readonly runAsUser: string;
    readonly patchBaselines: Readonly<Record<string, PatchBaselineConfig>>;
    readonly patchScanSchedule: string;
    readonly inventorySchedule: string;
}

/** Role every instance gets through Default Host Management Configuration (no instance profile needed). */
export const DEFAULT_HOST_MANAGEMENT_ROLE = SSM_HOST_MANAGEMENT_ROLE.name;
const DHMC_ROLE_PATH = SSM_HOST_MANAGEMENT_ROLE.path;

export interface SsmAccountRoleArgs {
    readonly accountId: pulumi.Input<string>;
    /** Central bucket session transcripts go to. */
    readonly sessionBucketArn: string;
    /** Key prefix of transcripts in that bucket. */
    readonly sessionLogPrefix: string;
    /** The account's session KMS keys, one per region. */
    readonly sessionKeyArns: readonly pulumi.Input<string>[];
    /** Session log group name (same in every region). */
    readonly sessionLogGroupName: string;
}

/** The Default Host Management role of one account (IAM is global: built once, in the home region). */
export class SsmAccountRole extends pulumi.ComponentResource {
    readonly role: aws.iam.Role;
    /** Value of the default-ec2-instance-management-role service setting: the role's path and name. */
    readonly settingValue = `${DHMC_ROLE_PATH.slice(1)}${DEFAULT_HOST_MANAGEMENT_ROLE}`;

    constructor(name: string, args: SsmAccountRoleArgs, opts: pulumi.ComponentResourceOptions) {
        super("landing-zone:endpoint:SsmAccountRole", name, {}, opts);
        if (args.sessionKeyArns.length === 0)
            throw new Error(`SsmAccountRole ${name}: sessionKeyArns is empty; pass the account's session key in every region`);
        const child = { parent: this };
        this.role = new aws.iam.Role(
            `${name}-dhmc`,
            {
                name: DEFAULT_HOST_MANAGEMENT_ROLE,
                path: DHMC_ROLE_PATH,
                description: "Default Host Management Configuration: lets SSM manage every EC2 instance without an instance profile",
                assumeRolePolicy: pulumi.output(args.accountId).apply((id) => toJson(serviceTrustPolicy("ssm.amazonaws.com", id))),
            },
            child,
        );
        new aws.iam.RolePolicyAttachment(
            `${name}-dhmc-core`,
            { role: this.role.name, policyArn: "arn:aws:iam::aws:policy/AmazonSSMManagedEC2InstanceDefaultPolicy" },
            child,
        );
        new aws.iam.RolePolicy(
            `${name}-dhmc-session-logging`,
            {
                role: this.role.name,
                name: "session-logging",
                policy: pulumi.all([args.accountId, ...args.sessionKeyArns]).apply(([id, ...keys]) =>
                    toJson(
                        sessionLoggingPolicy({
                            bucketArn: args.sessionBucketArn,
                            prefix: args.sessionLogPrefix,
                            accountId: id,
                            logGroupArn: `arn:aws:logs:*:${id}:log-group:${args.sessionLogGroupName}`,
                            keyArns: keys,
                        }),
                    ),
                ),
            },
            child,
        );
        this.registerOutputs({ roleArn: this.role.arn });
    }
}

/** Approval filters per OS family: security (and bug) fixes, the way each OS labels them. */
export function patchFilters(os: PatchBaselineConfig["operatingSystem"]): { key: string; values: string[] }[] {
    switch (os) {
        case "WINDOWS":
            return [
                { key: "CLASSIFICATION", values: ["CriticalUpdates", "SecurityUpdates"] },
                { key: "MSRC_SEVERITY", values: ["Critical", "Important"] },
            ];
        case "UBUNTU":
        case "DEBIAN":
            return [{ key: "PRIORITY", values: ["Required", "Important"] }];
        case "SUSE":
            return [{ key: "CLASSIFICATION", values: ["Security", "Recommended"] }];
        default:
            return [{ key: "CLASSIFICATION", values: ["Security", "Bugfix"] }];
    }
}

/** Session Manager preferences: encrypted, logged to S3 and CloudWatch, never as root, with time limits. */
export function sessionPreferences(args: {
    bucketName: string;
    keyPrefix: string;
    logGroupName: string;
    kmsKeyId: string;
    runAsUser: string;
    idleTimeoutMinutes: number;
    maxSessionMinutes: number;
}): string {
    if (args.runAsUser === "root") throw new Error("Session Manager preferences: runAsUser must not be root");
    return JSON.stringify({
        schemaVersion: "1.0",
        description: "Landing-zone Session Manager preferences",
        sessionType: "Standard_Stream",
        inputs: {
            s3BucketName: args.bucketName,
            s3KeyPrefix: args.keyPrefix,
            s3EncryptionEnabled: true,
            cloudWatchLogGroupName: args.logGroupName,
            cloudWatchEncryptionEnabled: true,
            cloudWatchStreamingEnabled: true,
            kmsKeyId: args.kmsKeyId,
            runAsEnabled: true,
            runAsDefaultUser: args.runAsUser,
            idleSessionTimeout: String(args.idleTimeoutMinutes),
            maxSessionDuration: String(args.maxSessionMinutes),
            shellProfile: { linux: "", windows: "" },
        },
    });
}

export interface SsmBaselineArgs {
    readonly accountId: pulumi.Input<string>;
    readonly region: string;
    /** Value of the DHMC service setting (the role's path/name). */
    readonly hostManagementRole: string;
    /** Central bucket session transcripts go to. */
    readonly sessionBucketName: string;
    /** Key prefix of transcripts in that bucket (the account id and region follow). */
    readonly sessionLogPrefix: string;
    /** The account's KMS key in this region that encrypts sessions and their logs. */
    readonly sessionKeyArn: pulumi.Input<string>;
    readonly sessionLogGroupName: string;
    readonly logRetentionDays: number;
    readonly ssm: SsmSettings;
}

/**
 * Systems Manager in one account and region: Default Host Management (every instance managed, no
 * instance profile), no public SSM documents, Session Manager preferences, patch baselines registered
 * as OS defaults and for their patch groups, and State Manager patch-compliance scans and inventory.
 */
export class SsmBaseline extends pulumi.ComponentResource {
    constructor(name: string, args: SsmBaselineArgs, opts: pulumi.ComponentResourceOptions) {
        super("landing-zone:endpoint:SsmBaseline", name, {}, opts);
        if (Object.keys(args.ssm.patchBaselines).length === 0)
            throw new Error(`SsmBaseline ${name}: ssm.patchBaselines is empty; define at least one baseline`);
        const child = { parent: this };
        const settingArn = (id: string) => pulumi.interpolate`arn:${partitionOf(args.region)}:ssm:${args.region}:${args.accountId}:servicesetting${id}`;

        new aws.ssm.ServiceSetting(
            `${name}-default-host-management`,
            { settingId: settingArn("/ssm/managed-instance/default-ec2-instance-management-role"), settingValue: args.hostManagementRole },
            child,
        );
        new aws.ssm.ServiceSetting(
            `${name}-block-public-documents`,
            { settingId: settingArn("/ssm/documents/console/public-sharing-permission"), settingValue: "Disable" },
            child,
        );

        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-sessions`,
            { name: args.sessionLogGroupName, retentionInDays: args.logRetentionDays, kmsKeyId: args.sessionKeyArn },
            // Session transcripts are audit evidence: keep them when the baseline changes.
            child,
        );
        new aws.ssm.Document(
            `${name}-session-preferences`,
            {
                name: "SSM-SessionManagerRunShell",
                documentType: "Session",
                documentFormat: "JSON",
                content: pulumi.all([args.accountId, args.sessionKeyArn, logGroup.name]).apply(([id, key, group]) =>
                    sessionPreferences({
                        bucketName: args.sessionBucketName,
                        keyPrefix: `${args.sessionLogPrefix}/${id}/${args.region}`,
                        logGroupName: group,
                        kmsKeyId: key,
                        runAsUser: args.ssm.runAsUser,
                        idleTimeoutMinutes: args.ssm.sessionIdleTimeoutMinutes,
                        maxSessionMinutes: args.ssm.maxSessionDurationMinutes,
                    }),
                ),
            },
            child,
        );

        for (const [baselineName, b] of Object.entries(args.ssm.patchBaselines)) {
            const baseline = new aws.ssm.PatchBaseline(
                `${name}-patch-${baselineName}`,
                {
                    name: `landing-zone-${baselineName}`,
                    description: `Landing-zone baseline: security fixes approved after ${b.approveAfterDays} days`,
                    operatingSystem: b.operatingSystem,
                    approvedPatchesComplianceLevel: b.complianceLevel,
                    approvalRules: [
                        {
                            approveAfterDays: b.approveAfterDays,
                            complianceLevel: b.complianceLevel,
                            enableNonSecurity: false,
                            patchFilters: patchFilters(b.operatingSystem),
                        },
                    ],
                },
                child,
            );
            new aws.ssm.DefaultPatchBaseline(`${name}-patch-${baselineName}-default`, { baselineId: baseline.id, operatingSystem: b.operatingSystem }, child);
            for (const group of b.patchGroups) {
                new aws.ssm.PatchGroup(`${name}-patch-group-${group}`, { baselineId: baseline.id, patchGroup: group }, child);
            }
        }

        const everyInstance = [{ key: "InstanceIds", values: ["*"] }];
        new aws.ssm.Association(
            `${name}-patch-scan`,
            {
                associationName: "landing-zone-patch-compliance-scan",
                name: "AWS-RunPatchBaseline",
                parameters: { Operation: "Scan" },
                targets: everyInstance,
                scheduleExpression: args.ssm.patchScanSchedule,
                complianceSeverity: "HIGH",
                maxConcurrency: "10%",
                maxErrors: "10%",
            },
            child,
        );
        new aws.ssm.Association(
            `${name}-inventory`,
            {
                associationName: "landing-zone-inventory",
                name: "AWS-GatherSoftwareInventory",
                targets: everyInstance,
                scheduleExpression: args.ssm.inventorySchedule,
                complianceSeverity: "MEDIUM",
            },
            child,
        );
        this.registerOutputs({});
    }
}
