import { KeySet } from "../../components/data/key-set";
import type { KeyAccountRole } from "../../components/policies/kms";
import { KEY_PURPOSES, KeyPurpose, LogBucketKind, logBucketArn, logBucketName, organizationTrailArn } from "../../components/shared/names";
import { regionCode } from "../../components/organization/naming";
import type { DataLayer, LandingZoneContext } from "../context";

/** Purposes whose keys are multi-region when data.multiRegionKeys is on: backup copies cross regions. */
const MULTI_REGION_PURPOSES: readonly KeyPurpose[] = ["backup"];

/** The data layer: key sets in every member account and allowed region, the log archive, baselines. */
export function wireData(ctx: LandingZoneContext): DataLayer {
    const { config, organization } = ctx;
    const home = config.regions.home;
    const logArchive = organization.core("logArchive");
    const securityTooling = organization.core("securityTooling");
    const backup = organization.core("backup");
    const multiRegionPurposes = config.data.multiRegionKeys ? MULTI_REGION_PURPOSES : [];
    // Home region first, so other regions can replicate its multi-region primaries.
    const regions = [home, ...config.regions.allowed.filter((r) => r !== home)];

    const keySets = new Map<string, KeySet>();
    for (const account of organization.accounts.values()) {
        const accountRole: KeyAccountRole = account.coreRole === "logArchive" || account.coreRole === "backup" ? account.coreRole : "other";
        for (const region of regions) {
            const homeSet = keySets.get(setKey(account.name, home));
            const set = new KeySet(
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
                    organizationTrailArn: organizationTrailArn(config),
                    logReaderAccountIds: [securityTooling.id],
                    backupAccountId: backup.id,
                    protect: ctx.protect,
                },
                { provider: ctx.member.get(account.name, region) },
            );
            keySets.set(setKey(account.name, region), set);
        }
    }
    void logArchive;

    return {
        keyArn(account: string, region: string, purpose: KeyPurpose) {
            const set = keySets.get(setKey(account, region));
            if (!set) throw new Error(`DataLayer: no key set for account "${account}" in region "${region}" (expected a member account and an allowed region)`);
            return set.keyArn(purpose);
        },
        logBucketArn: (kind: LogBucketKind) => logBucketArn(config, kind),
        logBucketName: (kind: LogBucketKind) => logBucketName(config, kind),
    };
}

function setKey(account: string, region: string): string {
    return `${account}/${region}`;
}
