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
 * VPC Block Public Access for one account and region (the provider picks both): internet gateways are
 * blocked in both directions for every VPC, present and future, except the exclusions listed.
 */
export class VpcBlockPublicAccess extends pulumi.ComponentResource {
    readonly options: aws.ec2.VpcBlockPublicAccessOptions;

    constructor(name: string, args: VpcBlockPublicAccessArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:network:VpcBlockPublicAccess", name, {}, opts);
        const keys = new Set<string>();
        for (const e of args.exclusions) {
            if (keys.has(e.key)) throw new Error(`VpcBlockPublicAccess ${name}: exclusion ${e.key} listed twice (expected unique keys)`);
            keys.add(e.key);
        }
        this.options = new aws.ec2.VpcBlockPublicAccessOptions(`${name}-options`, { internetGatewayBlockMode: "block-bidirectional" }, { parent: this });
        for (const e of args.exclusions) {
            new aws.ec2.VpcBlockPublicAccessExclusion(
                `${name}-exclusion-${e.key}`,
                { vpcId: e.vpcId, internetGatewayExclusionMode: e.mode, tags: { Name: `${name}-${e.key}` } },
                { parent: this, dependsOn: [this.options] },
            );
        }
        this.registerOutputs({});
    }
}
