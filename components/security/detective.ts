import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { EnrolledAccount } from "../organization/organization";
import { assertUnique } from "../shared/lists";
import { childOptions } from "../shared/child-options";

export interface DetectiveOrganizationArgs {
    /** Accounts already in the organization; auto-enable covers accounts that join later. */
    readonly members: readonly EnrolledAccount[];
    /** Resources that must exist first: the region's Detective delegated administrator registration. */
    readonly dependsOn?: readonly pulumi.Resource[];
}

/**
 * Detective in one region of the delegated administrator: the behaviour graph, organization auto-enable
 * for new accounts, and a member for each account already in the organization (auto-enable skips those).
 */
export class DetectiveOrganization extends pulumi.ComponentResource {
    readonly graph: aws.detective.Graph;

    constructor(name: string, args: DetectiveOrganizationArgs, opts: pulumi.ComponentResourceOptions) {
        super("landing-zone:security:DetectiveOrganization", name, {}, opts);
        const names = args.members.map((m) => m.name);
        assertUnique(`DetectiveOrganization ${name}`, "members", names, "account");
        const child = childOptions(this, args.dependsOn);
        this.graph = new aws.detective.Graph(`${name}-graph`, {}, child);
        new aws.detective.OrganizationConfiguration(`${name}-organization`, { graphArn: this.graph.graphArn, autoEnable: true }, child);
        for (const m of args.members) {
            new aws.detective.Member(
                `${name}-member-${m.name}`,
                { graphArn: this.graph.graphArn, accountId: m.id, emailAddress: m.email, disableEmailNotification: true },
                child,
            );
        }
        this.registerOutputs({ graphArn: this.graph.graphArn });
    }
}
