import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { childOptions } from "../shared/child-options";

/** AWS managed rule groups of the baseline web ACL, in evaluation order (cheapest, most decisive first). */
export const BASELINE_RULE_GROUPS = [
    "AWSManagedRulesAmazonIpReputationList",
    "AWSManagedRulesAnonymousIpList",
    "AWSManagedRulesKnownBadInputsRuleSet",
    "AWSManagedRulesCommonRuleSet",
] as const;

/** Firewall Manager's managed service data for a WAFv2 policy with the baseline rule groups. */
export function wafPolicyData(): string {
    return JSON.stringify({
        type: "WAFV2",
        preProcessRuleGroups: BASELINE_RULE_GROUPS.map((group) => ({
            ruleGroupType: "ManagedRuleGroup",
            managedRuleGroupIdentifier: { vendorName: "AWS", managedRuleGroupName: group, version: null, versionEnabled: null },
            overrideAction: { type: "NONE" },
            ruleGroupArn: null,
            excludeRules: [],
        })),
        postProcessRuleGroups: [],
        defaultAction: { type: "ALLOW" },
        // Teams keep their own web ACLs' rules; FMS adds the baseline around them rather than replacing them.
        overrideCustomerWebACLAssociation: false,
        sampledRequestsEnabledForDefaultActions: true,
    });
}

/** Resources each scope protects: regional (ALB, API Gateway stages) or global (CloudFront, from us-east-1). */
export const WAF_RESOURCE_TYPES = {
    regional: ["AWS::ElasticLoadBalancingV2::LoadBalancer", "AWS::ApiGateway::Stage"],
    cloudfront: ["AWS::CloudFront::Distribution"],
} as const;

export interface FirewallManagerPoliciesArgs {
    /** regional: ALBs and API stages of this region, plus the security group audit; cloudfront: distributions (us-east-1 only). */
    readonly scope: keyof typeof WAF_RESOURCE_TYPES;
    /** The provider's region, checked against the scope. */
    readonly region: string;
    /** Attach the web ACL automatically (false: report only). */
    readonly remediate: boolean;
    /** Also apply Shield Advanced protection to the scope's resources. */
    readonly shieldAdvanced: boolean;
    /** Resources that must exist first: the Firewall Manager administrator account registration. */
    readonly dependsOn?: readonly pulumi.Resource[];
}

/**
 * Firewall Manager policies from the delegated administrator, scoped to the whole organization so
 * every account (including new ones) is covered: the baseline web ACL, a security group usage audit,
 * and optionally Shield Advanced.
 */
export class FirewallManagerPolicies extends pulumi.ComponentResource {
    constructor(name: string, args: FirewallManagerPoliciesArgs, opts: pulumi.ComponentResourceOptions) {
        super("landing-zone:endpoint:FirewallManagerPolicies", name, {}, opts);
        if (args.scope === "cloudfront" && args.region !== "us-east-1")
            throw new Error(
                `FirewallManagerPolicies ${name}: CloudFront policies must be created in us-east-1 (got ${args.region}); pass a us-east-1 provider`,
            );
        const child = childOptions(this, args.dependsOn);
        const types = [...WAF_RESOURCE_TYPES[args.scope]];

        new aws.fms.Policy(
            `${name}-waf-baseline`,
            {
                name: `landing-zone-waf-baseline-${args.scope}`,
                description: "Baseline web ACL: AWS IP reputation, anonymous IP, known bad inputs and common rule groups",
                excludeResourceTags: false,
                remediationEnabled: args.remediate,
                deleteUnusedFmManagedResources: true,
                ...(types.length === 1 ? { resourceType: types[0] } : { resourceType: "ResourceTypeList", resourceTypeLists: types }),
                securityServicePolicyData: { type: "WAFV2", managedServiceData: wafPolicyData() },
            },
            child,
        );
        if (args.scope === "regional") {
            new aws.fms.Policy(
                `${name}-security-group-audit`,
                {
                    name: "landing-zone-security-group-usage-audit",
                    description: "Reports unused and redundant security groups",
                    excludeResourceTags: false,
                    remediationEnabled: false,
                    resourceType: "AWS::EC2::SecurityGroup",
                    securityServicePolicyData: {
                        type: "SECURITY_GROUPS_USAGE_AUDIT",
                        managedServiceData: JSON.stringify({
                            type: "SECURITY_GROUPS_USAGE_AUDIT",
                            deleteUnusedSecurityGroups: false,
                            coalesceRedundantSecurityGroups: false,
                            optionalDelayForUnusedInMinutes: 60,
                        }),
                    },
                },
                child,
            );
        }
        if (args.shieldAdvanced) {
            const shieldTypes = args.scope === "regional" ? ["AWS::ElasticLoadBalancingV2::LoadBalancer", "AWS::EC2::EIP"] : types;
            new aws.fms.Policy(
                `${name}-shield-advanced`,
                {
                    name: `landing-zone-shield-advanced-${args.scope}`,
                    description: "Shield Advanced protection for internet-facing resources",
                    excludeResourceTags: false,
                    remediationEnabled: true,
                    ...(shieldTypes.length === 1 ? { resourceType: shieldTypes[0] } : { resourceType: "ResourceTypeList", resourceTypeLists: shieldTypes }),
                    securityServicePolicyData: {
                        type: "SHIELD_ADVANCED",
                        managedServiceData: JSON.stringify(
                            args.scope === "cloudfront"
                                ? {
                                      type: "SHIELD_ADVANCED",
                                      automaticResponseConfiguration: { automaticResponseStatus: "ENABLED", automaticResponseAction: "COUNT" },
                                  }
                                : { type: "SHIELD_ADVANCED" },
                        ),
                    },
                },
                child,
            );
        }
        this.registerOutputs({});
    }
}
