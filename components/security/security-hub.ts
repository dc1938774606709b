import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { partitionOf } from "../organization/naming";
import { assertUnique } from "../shared/lists";
import { after, childOptions } from "../shared/child-options";

export type SecurityHubStandard = "aws-foundational-security-best-practices" | "cis-aws-foundations-benchmark-v5" | "nist-800-53-r5" | "pci-dss-v4";

/** Standard ARN (in the home region; a central policy applies it to every linked region). */
export function standardArn(standard: SecurityHubStandard, region: string): string {
    const path: Record<SecurityHubStandard, string> = {
        "aws-foundational-security-best-practices": "aws-foundational-security-best-practices/v/1.0.0",
        "cis-aws-foundations-benchmark-v5": "cis-aws-foundations-benchmark/v/5.0.0",
        "nist-800-53-r5": "nist-800-53/v/5.0.0",
        "pci-dss-v4": "pci-dss/v/4.0.1",
    };
    return `arn:${partitionOf(region)}:securityhub:${region}::standards/${path[standard]}`;
}

export interface SecurityHubCentralArgs {
    /** Home region: where findings aggregate and the configuration policy lives. */
    readonly homeRegion: string;
    /** Every allowed region; the aggregator links them all. */
    readonly regions: readonly string[];
    /** Standards the policy enables everywhere. */
    readonly standards: readonly SecurityHubStandard[];
    /** Controls the policy disables, each with the reason reviewers read. */
    readonly disabledControls: readonly { readonly id: string; readonly reason: string }[];
    /** Organization root id the policy is associated with, so every account (present and future) inherits it. */
    readonly rootId: pulumi.Input<string>;
    /** Resources that must exist first: Security Hub's delegated administrator registration in the home and every linked region. */
    readonly dependsOn?: readonly pulumi.Resource[];
}

/**
 * Security Hub central configuration from the delegated administrator's home region: a finding
 * aggregator linking every allowed region, CENTRAL organization configuration, and one configuration
 * policy (service on, standards, disabled controls) associated with the organization root.
 */
export class SecurityHubCentral extends pulumi.ComponentResource {
    readonly policy: aws.securityhub.ConfigurationPolicy;
    readonly aggregator: aws.securityhub.FindingAggregator;

    constructor(name: string, args: SecurityHubCentralArgs, opts: pulumi.ComponentResourceOptions) {
        super("landing-zone:security:SecurityHubCentral", name, {}, opts);
        if (!args.regions.includes(args.homeRegion)) throw new Error(`SecurityHubCentral ${name}: homeRegion ${args.homeRegion} must be one of regions`);
        if (args.standards.length === 0) throw new Error(`SecurityHubCentral ${name}: standards is empty; enable at least one standard`);
        const ids = args.disabledControls.map((c) => c.id);
        assertUnique(`SecurityHubCentral ${name}`, "disabledControls", ids, "control");
        const child = childOptions(this, args.dependsOn);

        const account = new aws.securityhub.Account(
            `${name}-account`,
            { enableDefaultStandards: false, autoEnableControls: true, controlFindingGenerator: "SECURITY_CONTROL" },
            child,
        );
        const linked = args.regions.filter((r) => r !== args.homeRegion);
        // Central configuration requires the aggregator first; it also brings linked regions' findings home.
        this.aggregator = new aws.securityhub.FindingAggregator(
            `${name}-aggregator`,
            linked.length > 0 ? { linkingMode: "SPECIFIED_REGIONS", specifiedRegions: linked } : { linkingMode: "NO_REGIONS" },
            after(child, account),
        );
        const orgConfig = new aws.securityhub.OrganizationConfiguration(
            `${name}-organization`,
            { autoEnable: false, autoEnableStandards: "NONE", organizationConfiguration: { configurationType: "CENTRAL" } },
            after(child, this.aggregator),
        );
        this.policy = new aws.securityhub.ConfigurationPolicy(
            `${name}-policy`,
            {
                name: "landing-zone-baseline",
                description: disabledDescription(args.disabledControls),
                configurationPolicy: {
                    serviceEnabled: true,
                    enabledStandardArns: args.standards.map((s) => standardArn(s, args.homeRegion)),
                    securityControlsConfiguration: { disabledControlIdentifiers: [...ids].sort() },
                },
            },
            after(child, orgConfig),
        );
        new aws.securityhub.ConfigurationPolicyAssociation(`${name}-root`, { policyId: this.policy.id, targetId: args.rootId }, child);
        this.registerOutputs({ policyId: this.policy.id });
    }
}

/** The policy description carries the reasons, so they travel with the policy into the console. */
function disabledDescription(controls: readonly { id: string; reason: string }[]): string {
    const head = "Landing-zone baseline: standards from stack config.";
    const text = controls.length === 0 ? head : `${head} Disabled: ${controls.map((c) => `${c.id} (${c.reason})`).join("; ")}`;
    // The API caps descriptions at 512 characters; the full reasons stay in stack config.
    return text.length <= 512 ? text : `${text.slice(0, 509)}...`;
}
