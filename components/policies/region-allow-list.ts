/**
 * The region allow-list SCP, and the actions of global services it exempts (the developer boundary
 * exempts the same ones). A pure function of typed inputs, like every SCP (scp.ts).
 */
import { policyDocument, PolicyDocument } from "./document";
import { ScpInputs, unlessPlatform } from "./scp";

/**
 * Actions of global services (their endpoints live in us-east-1 or have no region), exempt from the
 * region allow-list so the console, billing, IAM and edge services keep working.
 */
export const GLOBAL_SERVICE_ACTIONS = [
    "account:*",
    "acm:*",
    "aws-marketplace:*",
    "aws-portal:*",
    "budgets:*",
    "ce:*",
    "cloudfront:*",
    "cur:*",
    "directconnect:*",
    "ec2:DescribeRegions",
    "ec2:DescribeTransitGateways",
    "ec2:DescribeVpnGateways",
    "fms:*",
    "globalaccelerator:*",
    "health:*",
    "iam:*",
    "networkmanager:*",
    "organizations:*",
    "pricing:*",
    "route53:*",
    "route53domains:*",
    "s3:GetAccountPublicAccessBlock",
    "s3:ListAllMyBuckets",
    "s3:PutAccountPublicAccessBlock",
    "shield:*",
    "sso:*",
    "sts:*",
    "support:*",
    "trustedadvisor:*",
    "waf:*",
    "wafv2:*",
] as const;

/**
 * The EventBridge calls the provider makes to create, read, update and delete a forwarding rule and its
 * target (EventTarget: PutTargets, ListTargetsByRule, RemoveTargets). Each is authorized on the rule's ARN.
 * The role the target passes needs iam:PassRole, which is global (GLOBAL_SERVICE_ACTIONS).
 */
export const FORWARDER_RULE_ACTIONS = [
    "events:DeleteRule",
    "events:DescribeRule",
    "events:DisableRule",
    "events:EnableRule",
    "events:ListTagsForResource",
    "events:ListTargetsByRule",
    "events:PutRule",
    "events:PutTargets",
    "events:RemoveTargets",
    "events:TagResource",
    "events:UntagResource",
] as const;

/**
 * The AWS Config calls the provider makes for a recorder, its delivery channel and its status. Config
 * records the global-events region too (its forwarding rules are resources of the account); the
 * recorder's own calls go through the Config service-linked role, which SCPs do not restrict.
 */
export const CONFIG_RECORDING_ACTIONS = [
    "config:DeleteConfigurationRecorder",
    "config:DeleteDeliveryChannel",
    "config:DescribeConfigurationRecorderStatus",
    "config:DescribeConfigurationRecorders",
    "config:DescribeDeliveryChannels",
    "config:PutConfigurationRecorder",
    "config:PutDeliveryChannel",
    "config:StartConfigurationRecorder",
    "config:StopConfigurationRecorder",
] as const;

/**
 * Deny every regional action outside the allowed regions. The one exception is the platform's own
 * plumbing in `globalEventsRegion` when that region is not allowed: the global-event forwarding rules
 * (by name) and their targets, and the AWS Config recording of the account there, made by the platform
 * or access role; nothing else of EventBridge, Config or any other regional service opens there.
 */
export function regionAllowListScp(i: ScpInputs): PolicyDocument {
    if (i.allowedRegions.length === 0) throw new Error("regionAllowListScp: allowedRegions is empty; list at least the home region");
    const outsideAllowed = { StringNotEquals: { "aws:RequestedRegion": [...i.allowedRegions] } };
    if (i.allowedRegions.includes(i.globalEventsRegion))
        return policyDocument([
            { Sid: "DenyOutsideAllowedRegions", Effect: "Deny", NotAction: [...GLOBAL_SERVICE_ACTIONS], Resource: "*", Condition: outsideAllowed },
        ]);
    if (!/^[\w.-]+$/.test(i.forwarderRulePrefix))
        throw new Error(`regionAllowListScp: forwarderRulePrefix "${i.forwarderRulePrefix}" is not a rule name prefix`);
    return policyDocument([
        {
            Sid: "DenyOutsideAllowedRegions",
            Effect: "Deny",
            NotAction: [...GLOBAL_SERVICE_ACTIONS, ...FORWARDER_RULE_ACTIONS, ...CONFIG_RECORDING_ACTIONS],
            Resource: "*",
            Condition: outsideAllowed,
        },
        {
            // Outside the allowed regions, rule calls reach only the forwarding rules of the global-events region.
            Sid: "DenyOtherRulesOutsideAllowedRegions",
            Effect: "Deny",
            Action: [...FORWARDER_RULE_ACTIONS],
            NotResource: `arn:*:events:${i.globalEventsRegion}:*:rule/${i.forwarderRulePrefix}*`,
            Condition: outsideAllowed,
        },
        {
            // Outside the allowed regions, Config recording opens in the global-events region only.
            Sid: "DenyConfigRecordingOutsideGlobalEventsRegion",
            Effect: "Deny",
            Action: [...CONFIG_RECORDING_ACTIONS],
            Resource: "*",
            Condition: { StringNotEquals: { "aws:RequestedRegion": [...i.allowedRegions, i.globalEventsRegion] } },
        },
        {
            // ...and only the platform makes them.
            Sid: "GlobalEventsRegionOnlyByPlatform",
            Effect: "Deny",
            Action: [...FORWARDER_RULE_ACTIONS, ...CONFIG_RECORDING_ACTIONS],
            Resource: "*",
            Condition: { ...outsideAllowed, ...unlessPlatform(i) },
        },
    ]);
}
