import * as aws from "@pulumi/aws";
import type { EnrolledAccount, MemberAccount } from "../../components/organization/organization";
import { regionCode, partitionOf } from "../../components/organization/naming";
import { alertTopicName } from "../../components/shared/names";
import { CisAlarms, CisAlarmSpec, cisAlarmSpecs } from "../../components/security/cis-alarms";
import { ConfigAggregator, ConfigBaselinePack } from "../../components/security/config-organization";
import { ConfigAccountRoles, ConfigRecorder } from "../../components/security/config-recorder";
import { baselineRules } from "../../components/security/config-rules";
import { DetectiveOrganization } from "../../components/security/detective";
import { GuardDutyOrganization } from "../../components/security/guardduty";
import { InspectorOrganization } from "../../components/security/inspector";
import { SecurityHubCentral } from "../../components/security/security-hub";
import { type LandingZoneConfig, MANAGEMENT_ACCOUNT } from "../config";
import type { DataLayer, LandingZoneContext, OrganizationDelegations } from "../context";
import { nextTurn } from "../turn";

/** What the security area gives other areas. */
export interface SecurityLayer {
    /** GuardDuty detector of the delegated administrator, by region. */
    readonly guardDutyDetectors: ReadonlyMap<string, aws.guardduty.Detector>;
    /** The Security Hub configuration policy, when Security Hub is enabled. */
    readonly securityHubPolicy?: aws.securityhub.ConfigurationPolicy;
    /** The CIS controls alarmed on in the security-tooling account's home region (none when CIS alarms are off). */
    readonly cisControls: readonly CisAlarmSpec[];
    readonly cisAlarms: readonly aws.cloudwatch.MetricAlarm[];
    /** The organization's Config aggregator in the security-tooling account's home region (none when Config is off). */
    readonly configAggregator?: ConfigAggregator;
}

/** Root email of every member account by logical name (Detective records it for members). */
export function accountEmails(config: LandingZoneConfig): ReadonlyMap<string, string> {
    const core = Object.values(config.organization.coreAccounts).map((a) => [a.name, a.email] as const);
    const workloads = config.organization.workloadAccounts.map((a) => [a.name, a.email] as const);
    return new Map([...core, ...workloads]);
}

/** Accounts with the root email that services enrolling existing members (Detective, Macie) record. */
export function withEmails(config: LandingZoneConfig, accounts: readonly MemberAccount[]): EnrolledAccount[] {
    const emails = accountEmails(config);
    return accounts.map((a) => ({ name: a.name, id: a.id, email: emails.get(a.name) ?? missingEmail(a.name) }));
}

/**
 * Continuous verification for every member account and allowed region. Services with organization
 * auto-enable (GuardDuty, Security Hub central configuration, Config conformance packs) are configured
 * once per region in the security-tooling account; AWS Config recorders, which AWS cannot auto-enable,
 * are built in every account and region; Detective and Inspector enrol existing accounts explicitly
 * because their auto-enable only reaches accounts that join later.
 */
export async function wireSecurity(ctx: LandingZoneContext, data: DataLayer, org: OrganizationDelegations): Promise<SecurityLayer> {
    const cfg = ctx.config.security;
    const home = ctx.config.regions.home;
    const regions = ctx.config.regions.allowed;
    const tooling = ctx.organization.core("securityTooling");
    const logArchive = ctx.organization.core("logArchive");
    const accounts = [...ctx.organization.accounts.values()];
    const members = accounts.filter((a) => a.name !== tooling.name);
    const inTooling = (region: string) => ({ provider: ctx.member.get(tooling.name, region) });

    let configAggregator: ConfigAggregator | undefined;
    if (cfg.config.enabled) {
        // Conformance packs deploy per region to every account, and fail where an account has no recorder.
        const recordersByRegion = new Map<string, ConfigRecorder[]>(regions.map((r) => [r, []]));
        const configKey = data.keyArn(logArchive.name, home, "config");
        // Organization conformance packs deploy to every account of the organization that they do not
        // exclude, the management account included, and fail to create where an account has no recorder.
        // The management account is recorded like any other (CIS 3.3: Config in every account and region).
        const recorded = [
            { name: MANAGEMENT_ACCOUNT, id: ctx.config.managementAccountId, providers: ctx.management, globalProviders: ctx.globalEvents.management },
            ...accounts.map((a) => ({ name: a.name, id: a.id, providers: ctx.member, globalProviders: ctx.globalEvents.member })),
        ];
        // The global-events region holds every account's event-forwarding rules, so Config records there
        // too (CIS 3.3: every region the account uses), regional types only: global types are recorded once, at home.
        const globalRegion = ctx.globalEvents.region;
        const recordedRegions = regions.includes(globalRegion) ? regions : [...regions, globalRegion];
        for (const account of recorded) {
            const roles = new ConfigAccountRoles(
                `security-config-${account.name}`,
                { accountId: account.id },
                { provider: account.providers.get(account.name, home) },
            );
            for (const region of recordedRegions) {
                const recorder = new ConfigRecorder(
                    `security-config-${account.name}-${regionCode(region)}`,
                    {
                        recordGlobalResources: region === home,
                        recorderRoleArn: roles.recorderRoleArn,
                        bucketName: data.logBucketName("config"),
                        kmsKeyArn: configKey,
                        snapshotFrequency: cfg.config.snapshotFrequency,
                        dependsOn: [data.logBucketPolicy("config")],
                    },
                    { provider: regions.includes(region) ? account.providers.get(account.name, region) : account.globalProviders.get(account.name, region) },
                );
                recordersByRegion.get(region)?.push(recorder);
            }
            await nextTurn();
        }
        configAggregator = new ConfigAggregator(
            "security-config-aggregator",
            { accountId: tooling.id, regions: recordedRegions, dependsOn: [org.delegation("config")] },
            inTooling(home),
        );
        const rules = baselineRules(data.logBucketArn("flow-logs"), ctx.config.organization.requiredTags);
        for (const region of regions) {
            new ConfigBaselinePack(
                `security-config-baseline-${regionCode(region)}`,
                {
                    rules,
                    homeRegion: region === home,
                    autoRemediation: cfg.config.autoRemediation,
                    dependsOn: [org.delegation("config-multiaccountsetup"), ...recordersByRegion.get(region)!],
                },
                inTooling(region),
            );
        }
    }

    const guardDutyDetectors = new Map<string, aws.guardduty.Detector>();
    if (cfg.guardDuty.enabled) {
        const findingsKey = data.keyArn(tooling.name, home, "logs");
        for (const region of regions) {
            const gd = new GuardDutyOrganization(
                `security-guardduty-${regionCode(region)}`,
                {
                    protections: cfg.guardDuty.protections,
                    findingPublishingFrequency: cfg.guardDuty.findingPublishingFrequency,
                    findingsBucketArn: data.logBucketArn("findings"),
                    findingsKeyArn: findingsKey,
                    dependsOn: [org.delegation("guardduty", region), data.logBucketPolicy("findings")],
                },
                inTooling(region),
            );
            guardDutyDetectors.set(region, gd.detector);
        }
    }

    let securityHubPolicy: aws.securityhub.ConfigurationPolicy | undefined;
    if (cfg.securityHub.enabled) {
        securityHubPolicy = new SecurityHubCentral(
            "security-hub",
            {
                homeRegion: home,
                regions,
                standards: cfg.securityHub.standards,
                disabledControls: cfg.securityHub.disabledControls,
                rootId: ctx.organization.rootId,
                dependsOn: regions.map((r) => org.delegation("securityhub", r)),
            },
            inTooling(home),
        ).policy;
    }

    if (cfg.detective.enabled) {
        for (const region of regions) {
            new DetectiveOrganization(
                `security-detective-${regionCode(region)}`,
                { members: withEmails(ctx.config, members), dependsOn: [org.delegation("detective", region)] },
                inTooling(region),
            );
        }
    }

    if (cfg.inspector.enabled) {
        for (const region of regions) {
            new InspectorOrganization(
                `security-inspector-${regionCode(region)}`,
                {
                    adminAccountId: tooling.id,
                    members: members.map((m) => ({ name: m.name, id: m.id })),
                    dependsOn: [org.delegation("inspector", region)],
                },
                inTooling(region),
            );
        }
    }

    let cisControls: readonly CisAlarmSpec[] = [];
    let cisAlarms: readonly aws.cloudwatch.MetricAlarm[] = [];
    if (cfg.cisAlarms.enabled) {
        cisControls = cisAlarmSpecs(ctx.config.identity.breakGlass?.roleNames ?? [], { privateCa: ctx.config.endpoint.privateCa.enabled });
        const topicArn = (severity: "critical" | "high") => tooling.id.apply((id) => `arn:${partitionOf(home)}:sns:${home}:${id}:${alertTopicName(severity)}`);
        cisAlarms = new CisAlarms(
            "security-cis",
            {
                logGroupName: data.organizationTrailLogGroupName,
                topicArns: { critical: topicArn("critical"), high: topicArn("high") },
                specs: cisControls,
            },
            inTooling(home),
        ).alarms;
    }

    return { guardDutyDetectors, securityHubPolicy, cisControls, cisAlarms, configAggregator };
}

function missingEmail(account: string): never {
    throw new Error(`wireSecurity: account ${account} has no email in config; every member account needs one`);
}
