import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { toJson } from "../policies/document";
import { remediationPermissions, remediationTrustPolicy } from "../policies/response";
import { remediationRoleName } from "../shared/names";
import type { Remediation } from "./patterns";

export interface RemediationRolesArgs {
    /** The target account's id. */
    readonly accountId: pulumi.Input<string>;
    /** AWS partition of the account. */
    readonly partition: string;
    /** Remediations that may act in this account, with the role ARN of each one's function. */
    readonly functionRoleArns: Readonly<Partial<Record<Remediation, pulumi.Input<string>>>>;
}

/**
 * The narrowly scoped roles remediation functions assume in one target account: one role per
 * remediation, trusted by that function's role alone, allowed only that remediation's changes.
 */
export class RemediationRoles extends pulumi.ComponentResource {
    readonly roleArns: Readonly<Partial<Record<Remediation, pulumi.Output<string>>>>;

    constructor(name: string, args: RemediationRolesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:response:RemediationRoles", name, {}, opts);
        const entries = Object.entries(args.functionRoleArns) as [Remediation, pulumi.Input<string>][];
        if (entries.length === 0) throw new Error(`RemediationRoles ${name}: functionRoleArns is empty; pass at least one remediation's function role`);
        const arns: Partial<Record<Remediation, pulumi.Output<string>>> = {};
        for (const [remediation, functionRoleArn] of entries) {
            const role = new aws.iam.Role(
                `${name}-${remediation}`,
                {
                    name: remediationRoleName(remediation),
                    description: `Assumed by the ${remediation} remediation function only`,
                    assumeRolePolicy: pulumi.output(functionRoleArn).apply((arn) => toJson(remediationTrustPolicy(arn))),
                    maxSessionDuration: 3600,
                },
                { parent: this },
            );
            new aws.iam.RolePolicy(
                `${name}-${remediation}-policy`,
                {
                    role: role.name,
                    name: remediation,
                    policy: pulumi.output(args.accountId).apply((id) => toJson(remediationPermissions(remediation, args.partition, id))),
                },
                { parent: this },
            );
            arns[remediation] = role.arn;
        }
        this.roleArns = arns;
        this.registerOutputs({ roleArns: this.roleArns });
    }
}
