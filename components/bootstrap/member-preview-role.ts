import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { memberPreviewRolePolicy, memberPreviewTrustPolicy } from "./policies";
import { toJson } from "../policies/document";

export interface MemberPreviewRoleArgs {
    /** The role's name, the same in every member account (memberPreviewRoleName). */
    readonly roleName: string;
    /** The management account's CI preview role: the only principal the role trusts. */
    readonly managementPreviewRoleArn: pulumi.Input<string>;
    /** Longest session, in seconds (900-3600), as the management account's pipeline roles. */
    readonly maxSessionSeconds: number;
}

/**
 * The read-only role pull-request previews and drift checks assume in one member account, in place
 * of the organization access role (an administrator). Created with the account's deploy-path provider.
 */
export class MemberPreviewRole extends pulumi.ComponentResource {
    readonly role: aws.iam.Role;

    constructor(name: string, args: MemberPreviewRoleArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:bootstrap:MemberPreviewRole", name, {}, opts);
        this.role = new aws.iam.Role(
            `${name}-role`,
            {
                name: args.roleName,
                description: "Read-only preview of the landing zone from the management account's CI preview role",
                maxSessionDuration: args.maxSessionSeconds,
                // The account is the principal and the role's ARN a condition: a re-created management role is still trusted.
                assumeRolePolicy: pulumi.output(args.managementPreviewRoleArn).apply((arn) => toJson(memberPreviewTrustPolicy(arn))),
                tags: { Purpose: "deployment" },
            },
            { parent: this },
        );
        new aws.iam.RolePolicy(
            `${name}-policy`,
            { role: this.role.name, name: "landing-zone-preview", policy: toJson(memberPreviewRolePolicy()) },
            { parent: this },
        );
        this.registerOutputs({ roleArn: this.role.arn });
    }
}
