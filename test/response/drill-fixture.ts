/**
 * A small captured graph for the threat drill's tests: a member, the security-tooling account as
 * GuardDuty's administrator and the central bus, with the forwarding, alert and remediation rules the
 * program's own pattern functions build.
 */
import { alertInputTransformer } from "../../components/response/alert-message";
import { alertRules } from "../../components/response/alert-rules";
import { EventPattern, forwardingRules, REMEDIATIONS, remediationTriggers } from "../../components/response/patterns";
import { ALERT_SEVERITIES, alertTopicName, FORWARDER_RULE_PREFIX, SECURITY_EVENT_BUS } from "../../components/shared/names";
import type { RuntimeResource } from "../../tools/runtime-call-model";

export const [TOOLING, MEMBER, MANAGEMENT, REGION] = ["470758815369", "877850939485", "210987654321", "eu-west-1"];
export const busArn = `arn:aws:events:${REGION}:${TOOLING}:event-bus/${SECURITY_EVENT_BUS}`;

/** What a test varies in the graph: the faults it injects, and the remediations' deployed dry-run setting. */
export interface DrillResourceOptions {
    readonly administratorForwards: boolean;
    readonly alertMinimum: number;
    readonly rawAlerts?: boolean;
    /** DRY_RUN of the remediation functions as registered (unset when absent). */
    readonly dryRun?: boolean;
}

/** A graph as the program registers it, built from the same pattern functions, with the faults a test may inject. */
export function drillResources(o: DrillResourceOptions): RuntimeResource[] {
    const all: RuntimeResource[] = [];
    const add = (type: string, account: string, inputs: Record<string, unknown>, name = `r${all.length}`) =>
        all.push({ type, name, account, region: REGION, inputs });
    const rule = (account: string, name: string, pattern: EventPattern, target: string, eventBusName?: string, targetInputs: Record<string, unknown> = {}) => {
        add("aws:cloudwatch/eventRule:EventRule", account, { name, eventPattern: JSON.stringify(pattern), eventBusName });
        add("aws:cloudwatch/eventTarget:EventTarget", account, { rule: name, arn: target, eventBusName, ...targetInputs });
    };
    add("aws:organizations/organization:Organization", MANAGEMENT, {});
    add("aws:cloudwatch/eventBus:EventBus", TOOLING, { name: SECURITY_EVENT_BUS });
    add("aws:guardduty/organizationAdminAccount:OrganizationAdminAccount", MANAGEMENT, { adminAccountId: TOOLING });
    for (const [name, id] of [
        ["security-tooling", TOOLING],
        ["payments-staging", MEMBER],
    ])
        add("pulumi:providers:aws", id, { region: REGION, allowedAccountIds: JSON.stringify([id]) }, `${name}-${REGION}`);
    for (const [account, administrator] of [[MEMBER, false] as const, ...(o.administratorForwards ? [[TOOLING, true] as const] : [])])
        for (const [key, r] of Object.entries(forwardingRules([], administrator))) rule(account, `${FORWARDER_RULE_PREFIX}${key}`, r.pattern, busArn);
    for (const severity of ALERT_SEVERITIES) add("aws:sns/topic:Topic", TOOLING, { name: alertTopicName(severity), tags: { Severity: severity } });
    for (const [key, r] of Object.entries(alertRules({ guardDutyMinSeverity: o.alertMinimum, breakGlassRoleNames: [], aggregationRegion: REGION })))
        rule(
            TOOLING,
            `lz-alert-${key}`,
            r.pattern,
            `arn:aws:sns:${REGION}:${TOOLING}:${alertTopicName(r.severity)}`,
            SECURITY_EVENT_BUS,
            o.rawAlerts ? {} : { inputTransformer: alertInputTransformer(r, { partition: "aws", runbookRegion: REGION, customActions: true }) },
        );
    for (const remediation of REMEDIATIONS) {
        add("aws:lambda/function:Function", TOOLING, {
            name: `lz-remediation-${remediation}`,
            environment: { variables: o.dryRun === undefined ? {} : { DRY_RUN: String(o.dryRun) } },
        });
        for (const [key, p] of Object.entries(remediationTriggers(7)[remediation]))
            rule(
                TOOLING,
                `lz-remediate-${remediation}-${key}`,
                p,
                `arn:aws:lambda:${REGION}:${TOOLING}:function:lz-remediation-${remediation}`,
                SECURITY_EVENT_BUS,
            );
    }
    return all;
}
