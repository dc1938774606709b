import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** A VPC exempt from the block, and how far. */
export interface BlockPublicAccessExclusion {
    /** Stable key for the resource name. */
    readonly key: string;
    readonly vpcId: pulumi.Input<string>;
    /** allow-egress keeps inbound blocked (central NAT); allow-bidirectional only where config says so. */
    readonly mode: "allow-egress" | "allow-bidirectional";
}

export interface VpcBlockPublicAccessArgs {
    /** Exclusions for this account and region. */
    readonly exclusions: readonly BlockPublicAccessExclusion[];
}

/**
 * VPC Block Public Access exclusions for one account and region (the provider picks both). The mode
 * itself (block-bidirectional everywhere) is set by the organization's EC2 declarative policy, never
 * here: once that policy applies, AWS rejects ModifyVpcBlockPublicAccessOptions from the account, and
 * exclusions can only be created in the account that owns the VPC. The declarative policy is attached
 * after these exist (OrganizationPolicies.release).
 */
export class VpcBlockPublicAccess extends pulumi.ComponentResource {
    readonly exclusions: readonly aws.ec2.VpcBlockPublicAccessExclusion[];

    constructor(name: string, args: VpcBlockPublicAccessArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:network:VpcBlockPublicAccess", name, {}, opts);
        const keys = new Set<string>();
        for (const e of args.exclusions) {
            if (keys.has(e.key)) throw new Error(`VpcBlockPublicAccess ${name}: exclusion ${e.key} listed twice (expected unique keys)`);
            keys.add(e.key);
        }
        this.exclusions = args.exclusions.map(
            (e) =>
                new aws.ec2.VpcBlockPublicAccessExclusion(
                    `${name}-exclusion-${e.key}`,
                    { vpcId: e.vpcId, internetGatewayExclusionMode: e.mode, tags: { Name: `${name}-${e.key}` } },
                    { parent: this },
                ),
        );
        this.registerOutputs({ exclusionIds: this.exclusions.map((e) => e.id) });
    }
}
