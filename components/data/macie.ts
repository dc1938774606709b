import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** One region where Macie runs organization-wide. */
export interface MacieRegion {
    readonly region: string;
    /** Security-tooling account provider in the region (the administrator). */
    readonly adminProvider: aws.Provider;
}

export interface MacieOrganizationArgs {
    /** Every allowed region. */
    readonly regions: readonly MacieRegion[];
    /** How often updated findings reach EventBridge and Security Hub. */
    readonly findingPublishingFrequency: "FIFTEEN_MINUTES" | "ONE_HOUR" | "SIX_HOURS";
}

/**
 * Amazon Macie for the whole organization, from its administrator: the organization area designates
 * the security-tooling account as Macie's delegated administrator in every allowed region; here that
 * account enables Macie and auto-enables it in every member account, present and joining. Findings
 * flow to EventBridge and Security Hub at the configured frequency.
 */
export class MacieOrganization extends pulumi.ComponentResource {
    constructor(name: string, args: MacieOrganizationArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:data:MacieOrganization", name, {}, opts);
        if (args.regions.length === 0) throw new Error(`MacieOrganization ${name}: regions is empty; pass every allowed region`);
        for (const r of args.regions) {
            const admin = new aws.macie2.Account(
                `${name}-${r.region}-administrator`,
                { status: "ENABLED", findingPublishingFrequency: args.findingPublishingFrequency },
                { parent: this, provider: r.adminProvider },
            );
            new aws.macie2.OrganizationConfiguration(
                `${name}-${r.region}-auto-enable`,
                { autoEnable: true },
                { parent: this, provider: r.adminProvider, dependsOn: [admin] },
            );
        }
        this.registerOutputs({});
    }
}
