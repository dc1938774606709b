import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { toJson } from "../policies/document";
import { eventForwarderPolicy, serviceTrustPolicy } from "../policies/response";
import { FORWARDER_RULE_PREFIX, PLATFORM_ROLE_PREFIX } from "../shared/names";
import type { ForwardingRule } from "./patterns";

/** Name of the forwarding role in every account. */
export const EVENT_FORWARDER_ROLE = `${PLATFORM_ROLE_PREFIX}security-event-forwarder`;

export interface EventForwarderArgs {
    /** The account's id (confused-deputy guard on the role's trust). */
    readonly accountId: pulumi.Input<string>;
    /** ARN of the central security event bus. */
    readonly centralBusArn: pulumi.Input<string>;
    /** Forwarding rules by stable key. */
    readonly rules: Readonly<Record<string, ForwardingRule>>;
    /** The account's provider in each region to forward from; IAM lives in the first. */
    readonly providers: Readonly<Record<string, aws.Provider>>;
    /** Region whose provider creates the (global) forwarding role. */
    readonly iamRegion: string;
    /** Resources that must exist first: the central bus's policy admitting this account (a refused PutEvents is not retried). */
    readonly dependsOn?: readonly pulumi.Resource[];
}

/**
 * Forwards one account's security events from its default bus, in every region, to the central bus
 * in the security-tooling account. Cross-account and cross-region bus targets need a role; it can put
 * events on the central bus and nowhere else.
 */
export class EventForwarder extends pulumi.ComponentResource {
    readonly role: aws.iam.Role;

    constructor(name: string, args: EventForwarderArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:response:EventForwarder", name, {}, opts);
        const regions = Object.keys(args.providers).sort();
        if (regions.length === 0) throw new Error(`EventForwarder ${name}: providers is empty; pass the account's provider for each region`);
        const iamProvider = args.providers[args.iamRegion];
        if (!iamProvider) throw new Error(`EventForwarder ${name}: iamRegion ${args.iamRegion} has no provider (expected one of ${regions.join(", ")})`);
        if (Object.keys(args.rules).length === 0) throw new Error(`EventForwarder ${name}: rules is empty; pass forwardingRules()`);

        this.role = new aws.iam.Role(
            `${name}-role`,
            {
                name: EVENT_FORWARDER_ROLE,
                description: "EventBridge forwards security events to the central security bus",
                assumeRolePolicy: pulumi.output(args.accountId).apply((id) => toJson(serviceTrustPolicy("events.amazonaws.com", id))),
            },
            { parent: this, provider: iamProvider },
        );
        const rolePolicy = new aws.iam.RolePolicy(
            `${name}-role-policy`,
            { role: this.role.name, name: "put-on-security-bus", policy: pulumi.output(args.centralBusArn).apply((arn) => toJson(eventForwarderPolicy(arn))) },
            { parent: this, provider: iamProvider },
        );
        for (const region of regions) {
            const provider = args.providers[region];
            for (const [key, rule] of Object.entries(args.rules)) {
                const eventRule = new aws.cloudwatch.EventRule(
                    `${name}-${region}-${key}`,
                    {
                        name: `${FORWARDER_RULE_PREFIX}${key}`,
                        description: `Forward ${key} events to the central security bus`,
                        eventPattern: JSON.stringify(rule.pattern),
                        state: rule.includeReadOnly ? "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS" : "ENABLED",
                    },
                    { parent: this, provider },
                );
                new aws.cloudwatch.EventTarget(
                    `${name}-${region}-${key}-target`,
                    { rule: eventRule.name, arn: args.centralBusArn, roleArn: this.role.arn },
                    { parent: this, provider, dependsOn: [rolePolicy, ...(args.dependsOn ?? [])] },
                );
            }
        }
        this.registerOutputs({ roleArn: this.role.arn });
    }
}
