import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AccountProviders } from "../../components/organization/account-providers";
import { partitionOf } from "../../components/organization/naming";
import { AlertTopics } from "../../components/response/alert-topics";
import { EventForwarder } from "../../components/response/event-forwarder";
import { alertRules } from "../../components/response/alert-rules";
import { forwardingRules, Remediation, REMEDIATIONS, remediationTriggers } from "../../components/response/patterns";
import { GLOBAL_EVENT_REMEDIATIONS } from "../../components/response/handlers/calls";
import { RemediationFunction } from "../../components/response/remediation-function";
import { RemediationRoles } from "../../components/response/remediation-roles";
import { SecurityEventBus } from "../../components/response/security-event-bus";
import { apiEventSelectors, organizationTrailSelectors } from "../../components/security/cloudtrail";
import { AlertSeverity, SECURITY_EVENT_BUS } from "../../components/shared/names";
import { MANAGEMENT_ACCOUNT } from "../config";
import type { DataLayer, LandingZoneContext } from "../context";
import { nextTurn } from "../turn";

/** What other areas use from incident response. */
export interface ResponseLayer {
    /** ARN of the central security event bus. */
    readonly busArn: pulumi.Output<string>;
    /** Alert topic ARN per severity (CIS alarms publish here). */
    readonly topicArns: Readonly<Record<AlertSeverity, pulumi.Output<string>>>;
    /** The central bus's name and its alert rules' names (the security dashboard counts their matches). */
    readonly busName: string;
    readonly alertRuleNames: readonly string[];
    /** Remediation function names by remediation. */
    readonly functionNames: Readonly<Record<Remediation, string>>;
}

/**
 * The management account holds the organization trail and is where Organizations events happen, so it
 * forwards events and lets the trail remediation in; no other remediation acts there.
 */
const MANAGEMENT_REMEDIATIONS: readonly Remediation[] = ["restore-trail"];

/**
 * Incident response: every account forwards security events from every allowed region (and the
 * global-events region) to the central bus in the security-tooling account, which alerts per severity
 * and invokes the remediations; each remediation acts through its own role in the target account.
 */
export async function wireResponse(ctx: LandingZoneContext, data: DataLayer): Promise<ResponseLayer> {
    const { config, organization } = ctx;
    const home = config.regions.home;
    const partition = partitionOf(home);
    const response = config.response;
    const tooling = organization.core("securityTooling");
    const provider = ctx.member.get(tooling.name, home);
    const organizationId = organization.organization.id;
    const messagingKeyArn = data.keyArn(tooling.name, home, "messaging");
    const breakGlassRoleNames = config.identity.breakGlass?.roleNames ?? [];

    const topics = new AlertTopics("response-alerts", { organizationId, kmsKeyArn: messagingKeyArn, subscriptions: response.notifications }, { provider });
    const bus = new SecurityEventBus(
        "response-bus",
        {
            organizationId,
            alertRules: alertRules({ guardDutyMinSeverity: response.guardDutyMinSeverity, breakGlassRoleNames, aggregationRegion: home }),
            topicArns: topics.topicArns,
            kmsKeyArn: messagingKeyArn,
            deadLetterAlarmTopicArn: topics.topicArns.high,
            alertMessage: { partition, runbookRegion: home, customActions: config.security.securityHub.enabled },
        },
        { provider },
    );

    const members = [...organization.accounts.values()];
    const triggers = remediationTriggers(response.guardDutyMinSeverity);
    const functions = {} as Record<Remediation, RemediationFunction>;
    // What restore-trail puts back on the organization trail: its bucket, key and event selectors.
    const organizationTrailEnvironment = {
        ORGANIZATION_TRAIL_BUCKET: data.logBucketName("cloudtrail"),
        ORGANIZATION_TRAIL_KMS_KEY: data.keyArn(organization.core("logArchive").name, home, "cloudtrail"),
        ORGANIZATION_TRAIL_SELECTORS: JSON.stringify(
            apiEventSelectors(
                organizationTrailSelectors(partition, {
                    bucketName: data.logBucketName("cloudtrail"),
                    s3DataEvents: config.data.cloudTrail.s3DataEvents,
                    lambdaDataEvents: config.data.cloudTrail.lambdaDataEvents,
                }),
            ),
        ),
    };
    for (const remediation of REMEDIATIONS) {
        const targets = [...members.map((a) => a.id), ...(MANAGEMENT_REMEDIATIONS.includes(remediation) ? [config.managementAccountId] : [])];
        functions[remediation] = new RemediationFunction(
            `response-${remediation}`,
            {
                remediation,
                triggers: triggers[remediation],
                busName: bus.busName,
                organizationId,
                partition,
                region: home,
                accountId: tooling.id,
                targetAccountIds: targets,
                // Regional events come only from the allowed regions; global services' (IAM) also from the global-events region.
                targetRegions: GLOBAL_EVENT_REMEDIATIONS.includes(remediation)
                    ? [...new Set([...config.regions.allowed, response.globalEventsRegion])]
                    : config.regions.allowed,
                dryRun: response.dryRun,
                messagingKeyArn,
                logsKeyArn: data.keyArn(tooling.name, home, "logs"),
                environmentKeyArn: data.keyArn(tooling.name, home, "secrets"),
                logRetentionDays: config.settings.logRetentionDays,
                deadLetterAlarmTopicArn: topics.topicArns.high,
                environment: remediation === "restore-trail" ? organizationTrailEnvironment : undefined,
            },
            { provider },
        );
    }
    const functionRoleArns = (only?: readonly Remediation[]) =>
        Object.fromEntries((only ?? REMEDIATIONS).map((r) => [r, functions[r].roleArn])) as Partial<Record<Remediation, pulumi.Output<string>>>;

    for (const account of members) {
        new RemediationRoles(
            `response-roles-${account.name}`,
            { accountId: account.id, partition, functionRoleArns: functionRoleArns() },
            { provider: ctx.member.get(account.name, home) },
        );
        await nextTurn();
    }
    new RemediationRoles(
        `response-roles-${MANAGEMENT_ACCOUNT}`,
        { accountId: config.managementAccountId, partition, functionRoleArns: functionRoleArns(MANAGEMENT_REMEDIATIONS) },
        { provider: ctx.managementHome },
    );

    // Global services deliver their events in one region; reach it even when workloads may not run there.
    const globalRegion = ctx.globalEvents.region;
    const globalProviders = config.regions.allowed.includes(globalRegion) ? undefined : { members: ctx.globalEvents.member, management: ctx.globalEvents.management };
    const providersOf = (account: string, regional: AccountProviders, global: AccountProviders | undefined): Record<string, aws.Provider> => ({
        ...Object.fromEntries(config.regions.allowed.map((r) => [r, regional.get(account, r)])),
        ...(global ? { [globalRegion]: global.get(account, globalRegion) } : {}),
    });
    for (const account of members) {
        new EventForwarder(`response-forward-${account.name}`, {
            accountId: account.id,
            centralBusArn: bus.busArn,
            rules: forwardingRules(breakGlassRoleNames, account.name === tooling.name),
            providers: providersOf(account.name, ctx.member, globalProviders?.members),
            iamRegion: home,
            dependsOn: [bus.policy],
        });
        await nextTurn();
    }
    new EventForwarder(`response-forward-${MANAGEMENT_ACCOUNT}`, {
        accountId: config.managementAccountId,
        centralBusArn: bus.busArn,
        rules: forwardingRules(breakGlassRoleNames, false),
        providers: providersOf(MANAGEMENT_ACCOUNT, ctx.management, globalProviders?.management),
        iamRegion: home,
        dependsOn: [bus.policy],
    });

    return {
        busArn: bus.busArn,
        topicArns: topics.topicArns,
        busName: SECURITY_EVENT_BUS,
        alertRuleNames: bus.alertRuleNames,
        functionNames: Object.fromEntries(REMEDIATIONS.map((r) => [r, functions[r].functionName])) as Record<Remediation, string>,
    };
}
