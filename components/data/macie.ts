import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** One region where Macie runs organization-wide. */
export interface MacieRegion {
    readonly region: string;
    /** Management account provider in the region (designates the administrator). */
    readonly managementProvider: aws.Provider;
    /** Security-tooling account provider in the region (the administrator). */
    readonly adminProvider: aws.Provider;
}

export interface MacieOrganizationArgs {
    /** Security-tooling account id: Macie's delegated administrator. */
    readonly adminAccountId: pulumi.Input<string>;
    /** Every allowed region. */
    readonly regions: readonly MacieRegion[];
    /** How often updated findings reach EventBridge and Security Hub. */
    readonly findingPublishingFrequency: "FIFTEEN_MINUTES" | "ONE_HOUR" | "SIX_HOURS";
}

/**
 * Amazon Macie for the whole organization: the management account designates the security-tooling
 * account as administrator in every allowed region, which enables Macie in every member account as
 * it joins. Findings flow to EventBridge and Security Hub at the configured frequency.
 */
export class MacieOrganization extends pulumi.ComponentResource {
    constructor(name: string, args: MacieOrganizationArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:data:MacieOrganization", name, {}, opts);
        if (args.regions.length === 0) throw new Error(`MacieOrganization ${name}: regions is empty; pass every allowed region`);
        for (const r of args.regions) {
            // Macie must be enabled in the management account before it can designate an administrator.
            const management = new aws.macie2.Account(
                `${name}-${r.region}-management`,
                { status: "ENABLED", findingPublishingFrequency: args.findingPublishingFrequency },
                { parent: this, provider: r.managementProvider },
            );
            const admin = new aws.macie2.Account(
                `${name}-${r.region}-administrator`,
                { status: "ENABLED", findingPublishingFrequency: args.findingPublishingFrequency },
                { parent: this, provider: r.adminProvider },
            );
            const designation = new aws.macie2.OrganizationAdminAccount(
                `${name}-${r.region}-admin`,
                { adminAccountId: args.adminAccountId },
                { parent: this, provider: r.managementProvider, dependsOn: [management, admin] },
            );
            new aws.macie2.OrganizationConfiguration(
                `${name}-${r.region}-auto-enable`,
                { autoEnable: true },
                { parent: this, provider: r.adminProvider, dependsOn: [designation] },
            );
        }
        this.registerOutputs({});
    }
}
