import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { toJson } from "../policies/document";
import { deadLetterQueuePolicy, securityEventBusPolicy } from "../policies/response";
import { AlertSeverity, runbookName, SECURITY_EVENT_BUS } from "../shared/names";
import { AlertMessageArgs, alertInputTransformer } from "./alert-message";
import { deadLetterQueue } from "./dead-letter";
import type { AlertRule } from "./alert-rules";

/** Delivery retries for alerts: a day of retries before a notification lands in the dead-letter queue. */
export const ALERT_RETRY_POLICY = { maximumEventAgeInSeconds: 86400, maximumRetryAttempts: 185 } as const;

export interface SecurityEventBusArgs {
    /** Organization whose accounts may put events on the bus. */
    readonly organizationId: pulumi.Input<string>;
    /** Central alert rules by stable key. */
    readonly alertRules: Readonly<Record<string, AlertRule>>;
    /** Alert topic ARN per severity. */
    readonly topicArns: Readonly<Record<AlertSeverity, pulumi.Input<string>>>;
    /** KMS key (messaging purpose) encrypting the dead-letter queue. */
    readonly kmsKeyArn: pulumi.Input<string>;
    /** Topic alarmed when an alert could not be delivered. */
    readonly deadLetterAlarmTopicArn: pulumi.Input<string>;
    /** Where the runbooks each alert message links are, and whether their custom actions exist. */
    readonly alertMessage: AlertMessageArgs;
}

/**
 * The central security event bus in the security-tooling account: open to this organization only,
 * with one rule per alert that publishes the matching event to its severity's topic. Deliveries that
 * still fail after a day of retries are kept in an encrypted dead-letter queue.
 */
export class SecurityEventBus extends pulumi.ComponentResource {
    readonly bus: aws.cloudwatch.EventBus;
    /** The bus policy admitting the organization's accounts: forwarders' targets wait for it. */
    readonly policy: aws.cloudwatch.EventBusPolicy;
    readonly busArn: pulumi.Output<string>;
    readonly busName: pulumi.Output<string>;
    readonly deadLetterQueueArn: pulumi.Output<string>;
    /** Names of the alert rules, one per finding source and severity (their MatchedEvents count findings). */
    readonly alertRuleNames: readonly string[];

    constructor(name: string, args: SecurityEventBusArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:response:SecurityEventBus", name, {}, opts);
        if (Object.keys(args.alertRules).length === 0)
            throw new Error(`SecurityEventBus ${name}: alertRules is empty; pass the central rules from alertRules()`);

        this.bus = new aws.cloudwatch.EventBus(
            `${name}-bus`,
            { name: SECURITY_EVENT_BUS, description: "Security findings and events from every account of the organization" },
            { parent: this },
        );
        this.busArn = this.bus.arn;
        this.busName = this.bus.name;
        this.policy = new aws.cloudwatch.EventBusPolicy(
            `${name}-bus-policy`,
            {
                eventBusName: this.bus.name,
                policy: pulumi.all([this.bus.arn, args.organizationId]).apply(([arn, org]) => toJson(securityEventBusPolicy(arn, org))),
            },
            { parent: this },
        );

        const dlq = deadLetterQueue(
            `${name}-alert`,
            { queueName: "lz-security-alerts-dlq", kmsKeyArn: args.kmsKeyArn, alarmTopicArn: args.deadLetterAlarmTopicArn },
            this,
        );
        this.deadLetterQueueArn = dlq.arn;

        this.alertRuleNames = Object.keys(args.alertRules).map(alertRuleName);
        const eventRules = Object.entries(args.alertRules).map(([key, rule]) => {
            const eventRule = new aws.cloudwatch.EventRule(
                `${name}-alert-${key}`,
                {
                    name: alertRuleName(key),
                    eventBusName: this.bus.name,
                    description: alertRuleDescription(rule),
                    eventPattern: JSON.stringify(rule.pattern),
                    state: "ENABLED",
                },
                { parent: this },
            );
            return { key, rule, eventRule };
        });
        const dlqPolicy = new aws.sqs.QueuePolicy(
            `${name}-alert-dlq-policy`,
            {
                queueUrl: dlq.url,
                policy: pulumi
                    .all([dlq.arn, pulumi.all(eventRules.map((r) => r.eventRule.arn))])
                    .apply(([arn, rules]) => toJson(deadLetterQueuePolicy(arn, rules))),
            },
            { parent: this },
        );
        // Targets last: a delivery (or dead letter) refused for want of a policy is not retried.
        for (const { key, rule, eventRule } of eventRules) {
            new aws.cloudwatch.EventTarget(
                `${name}-alert-${key}-target`,
                {
                    rule: eventRule.name,
                    eventBusName: this.bus.name,
                    arn: args.topicArns[rule.severity],
                    retryPolicy: ALERT_RETRY_POLICY,
                    deadLetterConfig: { arn: dlq.arn },
                    // A message a human reads: what happened, and the runbook to start with its console link.
                    inputTransformer: alertInputTransformer(rule, args.alertMessage),
                },
                { parent: this, dependsOn: [dlqPolicy] },
            );
        }
        this.registerOutputs({ busArn: this.busArn, busName: this.busName, deadLetterQueueArn: this.deadLetterQueueArn });
    }
}

function alertRuleName(key: string): string {
    return `lz-alert-${key}`;
}

/** The rule's description names the runbooks a responder starts for it (Systems Manager, Automation). */
export function alertRuleDescription(rule: AlertRule): string {
    return rule.runbooks.length > 0 ? `${rule.description}. Runbooks: ${rule.runbooks.map(runbookName).join(", ")}` : rule.description;
}
