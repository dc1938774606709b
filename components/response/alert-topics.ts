import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import { toJson } from "../policies/document";
import { alertTopicPolicy } from "../policies/response";
import { ALERT_SEVERITIES, AlertSeverity, alertTopicName } from "../shared/names";

/** A notification endpoint: an email address or an HTTPS webhook (chat tools). */
export interface AlertSubscription {
    readonly protocol: "email" | "https";
    readonly endpoint: string;
}

export interface AlertTopicsArgs {
    /** Organization whose EventBridge rules and CloudWatch alarms may publish. */
    readonly organizationId: pulumi.Input<string>;
    /** KMS key (messaging purpose) encrypting the topics. */
    readonly kmsKeyArn: pulumi.Input<string>;
    /** Subscribers per severity. */
    readonly subscriptions: Readonly<Record<AlertSeverity, readonly AlertSubscription[]>>;
}

/**
 * One KMS-encrypted SNS topic per alert severity in the security-tooling account, named as
 * components/shared/names.ts says so other areas (CIS alarms) can point at them before they exist.
 */
export class AlertTopics extends pulumi.ComponentResource {
    readonly topics: Readonly<Record<AlertSeverity, aws.sns.Topic>>;
    readonly topicArns: Readonly<Record<AlertSeverity, pulumi.Output<string>>>;

    constructor(name: string, args: AlertTopicsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:response:AlertTopics", name, {}, opts);
        for (const severity of ALERT_SEVERITIES) {
            const seen = new Set<string>();
            for (const s of args.subscriptions[severity] ?? []) {
                const key = subscriptionKey(s);
                if (seen.has(key))
                    throw new Error(`AlertTopics ${name}: subscriptions.${severity} lists ${s.protocol} ${s.endpoint} twice; list each endpoint once`);
                seen.add(key);
            }
        }
        const topics = {} as Record<AlertSeverity, aws.sns.Topic>;
        // The ARNs handed out come from the topic policies: EventBridge targets that publish here then
        // wait for the policy that admits them (a refused delivery is not retried).
        const policyArns = {} as Record<AlertSeverity, pulumi.Output<string>>;
        for (const severity of ALERT_SEVERITIES) {
            const topic = new aws.sns.Topic(
                `${name}-${severity}`,
                {
                    name: alertTopicName(severity),
                    displayName: `Landing zone security alerts (${severity})`,
                    kmsMasterKeyId: args.kmsKeyArn,
                    // SHA256 signatures for HTTPS subscribers to verify.
                    signatureVersion: 2,
                    tags: { Severity: severity },
                },
                { parent: this },
            );
            const policy = new aws.sns.TopicPolicy(
                `${name}-${severity}-policy`,
                { arn: topic.arn, policy: pulumi.all([topic.arn, args.organizationId]).apply(([arn, org]) => toJson(alertTopicPolicy(arn, org))) },
                { parent: this },
            );
            for (const s of args.subscriptions[severity] ?? []) {
                new aws.sns.TopicSubscription(
                    `${name}-${severity}-${subscriptionKey(s)}`,
                    { topic: topic.arn, protocol: s.protocol, endpoint: s.endpoint, endpointAutoConfirms: false },
                    { parent: this },
                );
            }
            topics[severity] = topic;
            policyArns[severity] = policy.arn;
        }
        this.topics = topics;
        this.topicArns = policyArns;
        this.registerOutputs({ topicArns: this.topicArns });
    }
}

/** Stable child name for a subscription: survives reordering the config list. */
function subscriptionKey(s: AlertSubscription): string {
    return `${s.protocol}-${createHash("sha256").update(`${s.protocol}:${s.endpoint.toLowerCase()}`).digest("hex").slice(0, 10)}`;
}
