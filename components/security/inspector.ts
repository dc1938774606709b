import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { assertUnique } from "../shared/lists";
import { after, childOptions } from "../shared/child-options";

/** Scan types the landing zone turns on everywhere. */
export const INSPECTOR_RESOURCE_TYPES = ["EC2", "ECR", "LAMBDA", "LAMBDA_CODE"] as const;

export interface InspectorOrganizationArgs {
    /** The delegated administrator's own account id (scanned too). */
    readonly adminAccountId: pulumi.Input<string>;
    /** Member accounts already in the organization, by logical name. */
    readonly members: readonly { readonly name: string; readonly id: pulumi.Input<string> }[];
    /** Resources that must exist first: the region's Inspector delegated administrator registration. */
    readonly dependsOn?: readonly pulumi.Resource[];
}

/**
 * Amazon Inspector in one region of the delegated administrator: auto-enable EC2, ECR, Lambda and Lambda
 * code scanning for accounts that join later, and associate and enable every account already there.
 */
export class InspectorOrganization extends pulumi.ComponentResource {
    constructor(name: string, args: InspectorOrganizationArgs, opts: pulumi.ComponentResourceOptions) {
        super("landing-zone:security:InspectorOrganization", name, {}, opts);
        const names = args.members.map((m) => m.name);
        assertUnique(`InspectorOrganization ${name}`, "members", names, "account");
        const child = childOptions(this, args.dependsOn);
        const enableAdmin = new aws.inspector2.Enabler(
            `${name}-admin`,
            { accountIds: [args.adminAccountId], resourceTypes: [...INSPECTOR_RESOURCE_TYPES] },
            child,
        );
        new aws.inspector2.OrganizationConfiguration(
            `${name}-organization`,
            { autoEnable: { ec2: true, ecr: true, lambda: true, lambdaCode: true } },
            after(child, enableAdmin),
        );
        const associations = args.members.map(
            (m) => new aws.inspector2.MemberAssociation(`${name}-member-${m.name}`, { accountId: m.id }, after(child, enableAdmin)),
        );
        if (args.members.length > 0) {
            new aws.inspector2.Enabler(
                `${name}-members`,
                {
                    // Sorted so that the order of accounts in config never reads as a change.
                    accountIds: pulumi.all(args.members.map((m) => m.id)).apply((ids) => [...ids].sort()),
                    resourceTypes: [...INSPECTOR_RESOURCE_TYPES],
                },
                after(child, ...associations),
            );
        }
        this.registerOutputs({});
    }
}
