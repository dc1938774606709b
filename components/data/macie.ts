import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { EnrolledAccount } from "../organization/organization";
import { assertUnique } from "../shared/lists";

/** One region where Macie runs organization-wide. */
export interface MacieRegion {
    readonly region: string;
    /** Security-tooling account provider in the region (the administrator). */
    readonly adminProvider: aws.Provider;
    /** Resources that must exist first: the region's Macie delegated administrator registration. */
    readonly dependsOn?: readonly pulumi.Resource[];
}

export interface MacieOrganizationArgs {
    /** Every allowed region. */
    readonly regions: readonly MacieRegion[];
    /** Every account of the organization but the administrator. */
    readonly members: readonly EnrolledAccount[];
    /** How often updated findings reach EventBridge and Security Hub. */
    readonly findingPublishingFrequency: "FIFTEEN_MINUTES" | "ONE_HOUR" | "SIX_HOURS";
}

/**
 * Amazon Macie for the whole organization, from its administrator: the organization area designates
 * the security-tooling account as Macie's delegated administrator in every allowed region; here that
 * account enables Macie, adds every account already in the organization as an enabled member, and
 * auto-enables it for accounts that join later (auto-enable does not reach existing accounts).
 * Findings flow to EventBridge and Security Hub at the configured frequency.
 */
export class MacieOrganization extends pulumi.ComponentResource {
    constructor(name: string, args: MacieOrganizationArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:data:MacieOrganization", name, {}, opts);
        if (args.regions.length === 0) throw new Error(`MacieOrganization ${name}: regions is empty; pass every allowed region`);
        const names = args.members.map((m) => m.name);
        assertUnique(`MacieOrganization ${name}`, "members", names, "account");
        for (const r of args.regions) {
            const admin = new aws.macie2.Account(
                `${name}-${r.region}-administrator`,
                { status: "ENABLED", findingPublishingFrequency: args.findingPublishingFrequency },
                { parent: this, provider: r.adminProvider, dependsOn: [...(r.dependsOn ?? [])] },
            );
            const inAdmin = { parent: this, provider: r.adminProvider, dependsOn: [admin, ...(r.dependsOn ?? [])] };
            new aws.macie2.OrganizationConfiguration(`${name}-${r.region}-auto-enable`, { autoEnable: true }, inAdmin);
            // An account of the organization is associated without an invitation.
            for (const m of args.members) {
                new aws.macie2.Member(`${name}-${r.region}-member-${m.name}`, { accountId: m.id, email: m.email, status: "ENABLED" }, inAdmin);
            }
        }
        this.registerOutputs({});
    }
}
