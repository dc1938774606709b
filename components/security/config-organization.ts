import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { serviceTrustPolicy } from "../policies/security";
import { toJson } from "../policies/document";
import { CONFIG_AGGREGATOR_NAME } from "../shared/names";
import { BaselineRule, conformancePackTemplate } from "./config-rules";
import { childOptions } from "../shared/child-options";

export interface ConfigAggregatorArgs {
    /** The delegated administrator (security tooling) account id. */
    readonly accountId: pulumi.Input<string>;
    /** Regions aggregated: every allowed region. */
    readonly regions: readonly string[];
    /** Resources that must exist first: the account's delegated administrator registration for config.amazonaws.com. */
    readonly dependsOn?: readonly pulumi.Resource[];
}

/** Organization-wide Config aggregator in the delegated administrator's home region. */
export class ConfigAggregator extends pulumi.ComponentResource {
    readonly aggregator: aws.cfg.ConfigurationAggregator;

    constructor(name: string, args: ConfigAggregatorArgs, opts: pulumi.ComponentResourceOptions) {
        super("landing-zone:security:ConfigAggregator", name, {}, opts);
        if (args.regions.length === 0) throw new Error(`ConfigAggregator ${name}: regions is empty; pass every allowed region`);
        const child = childOptions(this, args.dependsOn);
        const role = new aws.iam.Role(
            `${name}-role`,
            {
                name: "landing-zone-config-aggregator",
                assumeRolePolicy: pulumi.output(args.accountId).apply((id) => toJson(serviceTrustPolicy("config.amazonaws.com", id))),
                managedPolicyArns: ["arn:aws:iam::aws:policy/service-role/AWSConfigRoleForOrganizations"],
            },
            child,
        );
        this.aggregator = new aws.cfg.ConfigurationAggregator(
            `${name}-aggregator`,
            { name: CONFIG_AGGREGATOR_NAME, organizationAggregationSource: { allRegions: false, regions: [...args.regions], roleArn: role.arn } },
            child,
        );
        this.registerOutputs({ aggregatorArn: this.aggregator.arn });
    }
}

export interface ConfigBaselinePackArgs {
    /** The baseline rules. */
    readonly rules: readonly BaselineRule[];
    /** Whether this is the home region (global-resource rules evaluate there only). */
    readonly homeRegion: boolean;
    /** Run remediations automatically. */
    readonly autoRemediation: boolean;
    /** Resources that must exist first: the delegated administrator registration for config-multiaccountsetup.amazonaws.com, and the recorder of every account in the region (the pack fails to deploy where there is none). */
    readonly dependsOn?: readonly pulumi.Resource[];
}

/**
 * The zero-trust baseline as an organization conformance pack in one region: AWS managed rules plus
 * their remediation configurations, deployed by Config to every member account, including new ones.
 * A pack (not OrganizationManagedRule) because only packs carry remediations organization-wide.
 */
export class ConfigBaselinePack extends pulumi.ComponentResource {
    readonly pack: aws.cfg.OrganizationConformancePack;

    constructor(name: string, args: ConfigBaselinePackArgs, opts: pulumi.ComponentResourceOptions) {
        super("landing-zone:security:ConfigBaselinePack", name, {}, opts);
        if (args.rules.length === 0) throw new Error(`ConfigBaselinePack ${name}: rules is empty; pass the baseline rules`);
        const templateBody = conformancePackTemplate(args.rules, { homeRegion: args.homeRegion, autoRemediation: args.autoRemediation });
        // Packs are limited to 51,200 characters of template body.
        if (templateBody.length > 51200) throw new Error(`ConfigBaselinePack ${name}: template is ${templateBody.length} characters; split the rules`);
        this.pack = new aws.cfg.OrganizationConformancePack(
            `${name}-pack`,
            { name: "landing-zone-zero-trust-baseline", templateBody },
            childOptions(this, args.dependsOn),
        );
        this.registerOutputs({ packArn: this.pack.arn });
    }
}
