import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { shareWithOrganization } from "./share";

/** AWS-managed threat lists the rule group blocks, by config key: the name AWS lists each under. */
export const MANAGED_DOMAIN_LIST_NAMES = {
    aggregateThreats: "AWSManagedDomainsAggregateThreatList",
    malware: "AWSManagedDomainsMalwareDomainList",
    botnetCommandAndControl: "AWSManagedDomainsBotnetCommandandControl",
} as const;

/** A DNS Firewall domain list id as ListFirewallDomainLists returns it: rslvr-fdl- and 8-17 hex digits. */
export const DOMAIN_LIST_ID = /^rslvr-fdl-[0-9a-f]{8,17}$/;

/** AWS-managed threat lists the rule group blocks (ids differ per region; config names them). */
export interface ManagedDomainLists {
    /** AWSManagedDomainsAggregateThreatList */
    readonly aggregateThreats: string;
    /** AWSManagedDomainsMalwareDomainList */
    readonly malware: string;
    /** AWSManagedDomainsBotnetCommandandControl */
    readonly botnetCommandAndControl: string;
}

export interface DnsFirewallArgs {
    /** Ids of the AWS-managed domain lists in this region. */
    readonly managedDomainLists: ManagedDomainLists;
    /** Extra domains to block (config block-list). */
    readonly blockedDomains: readonly string[];
    /** Organization ARN the rule group and query log config are shared with. */
    readonly organizationArn: pulumi.Input<string>;
    /** RAM sharing with the organization; the share's organization principal association waits for it. */
    readonly ramSharing: aws.ram.SharingWithOrganization;
    /** Central DNS query log bucket ARN. */
    readonly queryLogBucketArn: string;
}

/**
 * Route 53 Resolver DNS Firewall and query logging for a region, owned by the network account and shared
 * with the organization. Every lookup that matches a threat list or the block-list is answered NXDOMAIN;
 * every query is logged centrally.
 */
export class DnsFirewall extends pulumi.ComponentResource {
    readonly ruleGroup: aws.route53.ResolverFirewallRuleGroup;
    readonly queryLogConfig: aws.route53.ResolverQueryLogConfig;
    /** RAM associations; VPC associations in member accounts depend on them. */
    readonly shared: pulumi.Resource[];

    constructor(name: string, args: DnsFirewallArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:network:DnsFirewall", name, {}, opts);
        for (const [key, id] of Object.entries(args.managedDomainLists)) {
            if (!DOMAIN_LIST_ID.test(id))
                throw new Error(
                    `DnsFirewall ${name}: managedDomainLists.${key} "${id}" is not a domain list id (expected rslvr-fdl- followed by 8-17 hex digits, the Id of ${MANAGED_DOMAIN_LIST_NAMES[key as keyof ManagedDomainLists]} from list-firewall-domain-lists)`,
                );
        }
        const child = { parent: this };
        this.ruleGroup = new aws.route53.ResolverFirewallRuleGroup(`${name}-rules`, { name: `${name}-rules`, tags: { Name: `${name}-rules` } }, child);

        const rules: { key: string; listId: pulumi.Input<string> }[] = [
            { key: "aggregate-threats", listId: args.managedDomainLists.aggregateThreats },
            { key: "malware", listId: args.managedDomainLists.malware },
            { key: "botnet-c2", listId: args.managedDomainLists.botnetCommandAndControl },
        ];
        if (args.blockedDomains.length > 0) {
            const list = new aws.route53.ResolverFirewallDomainList(
                `${name}-blocked`,
                { name: `${name}-blocked`, domains: args.blockedDomains.map(wildcard), tags: { Name: `${name}-blocked` } },
                child,
            );
            rules.push({ key: "blocked", listId: list.id });
        }
        rules.forEach(
            (rule, i) =>
                new aws.route53.ResolverFirewallRule(
                    `${name}-rule-${rule.key}`,
                    {
                        name: rule.key,
                        firewallRuleGroupId: this.ruleGroup.id,
                        firewallDomainListId: rule.listId,
                        action: "BLOCK",
                        blockResponse: "NXDOMAIN",
                        priority: (i + 1) * 100,
                    },
                    child,
                ),
        );

        this.queryLogConfig = new aws.route53.ResolverQueryLogConfig(
            `${name}-query-logs`,
            { name: `${name}-query-logs`, destinationArn: args.queryLogBucketArn, tags: { Name: `${name}-query-logs` } },
            child,
        );
        this.shared = shareWithOrganization(
            `${name}-dns`,
            {
                organizationArn: args.organizationArn,
                ramSharing: args.ramSharing,
                resources: { rules: this.ruleGroup.arn, "query-logs": this.queryLogConfig.arn },
            },
            child,
        );
        this.registerOutputs({ ruleGroupId: this.ruleGroup.id, queryLogConfigId: this.queryLogConfig.id });
    }
}

/** ".example.com" (config form for "and subdomains") -> "*.example.com" (DNS Firewall form). */
function wildcard(domain: string): string {
    return domain.startsWith(".") ? `*${domain}` : domain;
}

/** Associates a VPC with the shared DNS Firewall rule group and query logging. */
export function protectVpcDns(
    name: string,
    args: { readonly vpcId: pulumi.Input<string>; readonly ruleGroupId: pulumi.Input<string>; readonly queryLogConfigId: pulumi.Input<string> },
    opts: pulumi.CustomResourceOptions,
): pulumi.Resource[] {
    return [
        new aws.route53.ResolverFirewallRuleGroupAssociation(
            `${name}-dns-firewall`,
            { name: `${name}-dns-firewall`, firewallRuleGroupId: args.ruleGroupId, vpcId: args.vpcId, priority: 101, mutationProtection: "ENABLED" },
            opts,
        ),
        new aws.route53.ResolverQueryLogConfigAssociation(
            `${name}-query-logs`,
            { resolverQueryLogConfigId: args.queryLogConfigId, resourceId: args.vpcId },
            opts,
        ),
    ];
}
