import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AccountBaseline } from "../../components/data/account-baseline";
import { BackupVault } from "../../components/data/backup-vault";
import { KeySet } from "../../components/data/key-set";
import { LogArchive } from "../../components/data/log-archive";
import { MacieOrganization } from "../../components/data/macie";
import { OrganizationTrail } from "../../components/security/cloudtrail";
import type { KeyAccountRole } from "../../components/policies/kms";
import {
    AUTO_SCALING_SERVICE_ROLE,
    BACKUP_ROLE_NAME,
    BACKUP_VAULT_NAME,
    CENTRAL_BACKUP_VAULT_NAME,
    KEY_PURPOSES,
    KeyPurpose,
    LOG_BUCKET_KINDS,
    LogBucketKind,
    logBucketArn,
    logBucketName,
    ORGANIZATION_TRAIL_LOG_GROUP,
    ORGANIZATION_TRAIL_NAME,
    organizationTrailArn,
} from "../../components/shared/names";
import { regionCode } from "../../components/organization/naming";
import { MANAGEMENT_ACCOUNT } from "../config";
import type { DataLayer, LandingZoneContext, OrganizationDelegations } from "../context";
import { nextTurn } from "../turn";
import { withEmails } from "./security";

/** Component name of the organization trail; its log-delivery role is autonamed from it (see trailLogsRolePattern). */
export const ORGANIZATION_TRAIL_COMPONENT = "organization-trail";

/** Purposes whose keys are multi-region when data.multiRegionKeys is on: backup copies cross regions. */
const MULTI_REGION_PURPOSES: readonly KeyPurpose[] = ["backup"];

/** The management account holds only the organization trail's delivery log group (home region) and EBS default encryption. */
const MANAGEMENT_KEY_PURPOSES: readonly KeyPurpose[] = ["logs", "ebs"];
const MANAGEMENT_REGIONAL_KEY_PURPOSES: readonly KeyPurpose[] = ["ebs"];

/**
 * The data layer: key sets in every member account and allowed region, the central log archive,
 * the organization trail, account baselines, Backup vaults and Macie.
 */
export async function wireData(ctx: LandingZoneContext, org: OrganizationDelegations): Promise<DataLayer> {
    const { config, organization } = ctx;
    const home = config.regions.home;
    const logArchive = organization.core("logArchive");
    const securityTooling = organization.core("securityTooling");
    const backupAccount = organization.core("backup");
    const multiRegionPurposes = config.data.multiRegionKeys ? MULTI_REGION_PURPOSES : [];
    // Home region first, so other regions can replicate its multi-region primaries.
    const regions = [home, ...config.regions.allowed.filter((r) => r !== home)];
    const trailArn = organizationTrailArn(config);

    const keySets = new Map<string, KeySet>();
    const keySet = (account: string, region: string): KeySet => {
        const set = keySets.get(setKey(account, region));
        if (!set) throw new Error(`DataLayer: no key set for account "${account}" in region "${region}" (expected a member account and an allowed region)`);
        return set;
    };

    // The management account holds the organization trail's delivery log group (logs key, home region)
    // and, like every account, encrypts EBS by default with its own key in every allowed region.
    const managementAutoScalingRole = new aws.iam.ServiceLinkedRole(
        `autoscaling-slr-${MANAGEMENT_ACCOUNT}`,
        { awsServiceName: AUTO_SCALING_SERVICE_ROLE.service },
        { provider: ctx.managementHome },
    );
    for (const region of regions) {
        keySets.set(
            setKey(MANAGEMENT_ACCOUNT, region),
            new KeySet(
                `keys-${MANAGEMENT_ACCOUNT}-${regionCode(region)}`,
                {
                    account: MANAGEMENT_ACCOUNT,
                    accountId: config.managementAccountId,
                    region,
                    organizationId: organization.organization.id,
                    accountRole: "other",
                    purposes: region === home ? MANAGEMENT_KEY_PURPOSES : MANAGEMENT_REGIONAL_KEY_PURPOSES,
                    administratorRoleNames: [],
                    deletionWindowDays: config.settings.kmsDeletionWindowDays,
                    multiRegionPurposes: [],
                    organizationTrailArn: trailArn,
                    logReaderAccountIds: [],
                    backupAccountId: backupAccount.id,
                    homeRegion: home,
                    keyDependsOn: { ebs: [managementAutoScalingRole] },
                },
                { provider: ctx.management.get(MANAGEMENT_ACCOUNT, region) },
            ),
        );
    }

    for (const account of organization.accounts.values()) {
        const accountRole: KeyAccountRole =
            account.coreRole === "logArchive" || account.coreRole === "backup" || account.coreRole === "securityTooling" ? account.coreRole : "other";
        // Account-wide and made once: the ebs key policy of every region names this role.
        const autoScalingRole = new aws.iam.ServiceLinkedRole(
            `autoscaling-slr-${account.name}`,
            { awsServiceName: AUTO_SCALING_SERVICE_ROLE.service },
            { provider: ctx.member.get(account.name, home) },
        );
        for (const region of regions) {
            const homeSet = keySets.get(setKey(account.name, home));
            keySets.set(
                setKey(account.name, region),
                new KeySet(
                    `keys-${account.name}-${regionCode(region)}`,
                    {
                        account: account.name,
                        accountId: account.id,
                        region,
                        organizationId: organization.organization.id,
                        accountRole,
                        purposes: KEY_PURPOSES,
                        administratorRoleNames: [config.organization.accessRoleName],
                        deletionWindowDays: config.settings.kmsDeletionWindowDays,
                        multiRegionPurposes,
                        replicaOf: region === home || !homeSet ? undefined : Object.fromEntries(multiRegionPurposes.map((p) => [p, homeSet.keyArn(p)])),
                        organizationTrailArn: trailArn,
                        logReaderAccountIds: [securityTooling.id],
                        backupAccountId: backupAccount.id,
                        homeRegion: home,
                        keyDependsOn: { ebs: [autoScalingRole] },
                    },
                    { provider: ctx.member.get(account.name, region) },
                ),
            );
        }
        await nextTurn();
    }

    const archive = new LogArchive(
        "log-archive",
        {
            region: home,
            bucketNames: Object.fromEntries(LOG_BUCKET_KINDS.map((k) => [k, logBucketName(config, k)])) as Record<LogBucketKind, string>,
            archiveKeyArn: keySet(logArchive.name, home).keyArn("logs"),
            organizationId: organization.organization.id,
            managementAccountId: config.managementAccountId,
            organizationTrailArn: trailArn,
            readerAccountIds: [securityTooling.id],
            objectLock: config.settings.objectLock,
            transitionDays: config.settings.logTransitionDays,
        },
        { provider: ctx.member.get(logArchive.name, home) },
    );

    const trail = new OrganizationTrail(
        ORGANIZATION_TRAIL_COMPONENT,
        {
            trailName: ORGANIZATION_TRAIL_NAME,
            region: home,
            managementAccountId: config.managementAccountId,
            bucketName: logBucketName(config, "cloudtrail"),
            kmsKeyArn: keySet(logArchive.name, home).keyArn("cloudtrail"),
            logGroupName: ORGANIZATION_TRAIL_LOG_GROUP,
            logGroupKmsKeyArn: keySet(MANAGEMENT_ACCOUNT, home).keyArn("logs"),
            logRetentionDays: config.settings.logRetentionDays,
            centralAccountId: securityTooling.id,
            centralProvider: ctx.member.get(securityTooling.name, home),
            centralKmsKeyArn: keySet(securityTooling.name, home).keyArn("logs"),
            s3DataEvents: config.data.cloudTrail.s3DataEvents,
            lambdaDataEvents: config.data.cloudTrail.lambdaDataEvents,
            prerequisites: [archive.bucketPolicies.get("cloudtrail")!, organization],
        },
        { provider: ctx.managementHome },
    );

    const baselines = new Map<string, AccountBaseline>();
    // The management account gets the same baseline (CIS 2.1.4, 5.1.1 hold for every account); it is not
    // in `baselines`, which other areas attach member-account settings to.
    new AccountBaseline(
        `baseline-${MANAGEMENT_ACCOUNT}`,
        {
            account: MANAGEMENT_ACCOUNT,
            homeRegion: home,
            regions: regions.map((region) => ({
                region,
                provider: ctx.management.get(MANAGEMENT_ACCOUNT, region),
                ebsKeyArn: keySet(MANAGEMENT_ACCOUNT, region).keyArn("ebs"),
            })),
        },
        { provider: ctx.managementHome },
    );
    for (const account of organization.accounts.values()) {
        baselines.set(
            account.name,
            new AccountBaseline(
                `baseline-${account.name}`,
                {
                    account: account.name,
                    homeRegion: home,
                    regions: regions.map((region) => ({
                        region,
                        provider: ctx.member.get(account.name, region),
                        ebsKeyArn: keySet(account.name, region).keyArn("ebs"),
                    })),
                },
                { provider: ctx.member.get(account.name, home) },
            ),
        );
        await nextTurn();
    }

    // The organization backup policy (organization area) targets the root: every member account backs
    // up into its own vault with its own role, and copies go to the backup account's home-region vault.
    let centralVault: BackupVault | undefined;
    const backup = config.data.backup;
    if (backup.enabled) {
        const lock = backup.vaultLock;
        for (const account of organization.accounts.values()) {
            for (const region of regions) {
                new BackupVault(
                    `backup-${account.name}-${regionCode(region)}`,
                    {
                        vaultName: BACKUP_VAULT_NAME,
                        kmsKeyArn: keySet(account.name, region).keyArn("backup"),
                        organizationId: organization.organization.id,
                        acceptsOrganizationCopies: false,
                        lock,
                        serviceRoleName: region === home ? BACKUP_ROLE_NAME : undefined,
                    },
                    { provider: ctx.member.get(account.name, region) },
                );
            }
            await nextTurn();
        }
        if (backup.copyToBackupAccount) {
            centralVault = new BackupVault(
                `backup-central-${regionCode(home)}`,
                {
                    vaultName: CENTRAL_BACKUP_VAULT_NAME,
                    kmsKeyArn: keySet(backupAccount.name, home).keyArn("backup"),
                    organizationId: organization.organization.id,
                    acceptsOrganizationCopies: true,
                    lock,
                },
                { provider: ctx.member.get(backupAccount.name, home) },
            );
        }
    }

    if (config.security.macie.enabled) {
        new MacieOrganization("macie", {
            findingPublishingFrequency: config.data.macie.findingPublishingFrequency,
            regions: regions.map((region) => ({
                region,
                adminProvider: ctx.member.get(securityTooling.name, region),
                dependsOn: [org.delegation("macie", region)],
            })),
            members: withEmails(
                config,
                [...organization.accounts.values()].filter((a) => a.name !== securityTooling.name),
            ),
        });
    }

    return {
        keyArn: (account: string, region: string, purpose: KeyPurpose) => keySet(account, region).keyArn(purpose),
        logBucketArn: (kind: LogBucketKind) => logBucketArn(config, kind),
        logBucketName: (kind: LogBucketKind) => logBucketName(config, kind),
        logBucketPolicy: (kind: LogBucketKind) => archive.bucketPolicies.get(kind)!,
        organizationTrailArn: trail.trailArn,
        organizationTrailLogGroupName: trail.centralLogGroup.name,
        accountBaseline(account: string) {
            const baseline = baselines.get(account);
            if (!baseline) throw new Error(`DataLayer: no account baseline for "${account}" (expected a member account of the organization)`);
            return baseline;
        },
        backup: {
            vaultName: BACKUP_VAULT_NAME,
            centralVaultName: CENTRAL_BACKUP_VAULT_NAME,
            serviceRoleName: BACKUP_ROLE_NAME,
            centralVaultArn(): pulumi.Output<string> {
                if (!centralVault) throw new Error("DataLayer: no central backup vault (expected data.backup.enabled and data.backup.copyToBackupAccount)");
                return centralVault.vaultArn;
            },
        },
    };
}

function setKey(account: string, region: string): string {
    return `${account}/${region}`;
}
