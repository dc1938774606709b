import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** One region of an account: its provider and the account's EBS key there. */
export interface BaselineRegion {
    readonly region: string;
    /** Provider for the account in this region. */
    readonly provider: aws.Provider;
    /** The account's ebs key in this region (KeySet). */
    readonly ebsKeyArn: pulumi.Input<string>;
}

export interface AccountBaselineArgs {
    /** Logical account name, for errors. */
    readonly account: string;
    /** The home region: account-wide settings (S3 Block Public Access, password policy) are made there. */
    readonly homeRegion: string;
    /** Every allowed region of the account, home included. */
    readonly regions: readonly BaselineRegion[];
}

/**
 * The data-protection baseline of one account: S3 Block Public Access at account level (all four
 * settings), EBS encryption by default with the account's own key in every region, and the default
 * security group of each region's default VPC (where one exists) stripped of every rule.
 *
 * Account-wide settings that other areas own attach here: create them with
 * `{ parent: baseline, provider: baseline.homeProvider }` (the identity area's IAM password policy
 * does, through DataLayer.accountBaseline).
 */
export class AccountBaseline extends pulumi.ComponentResource {
    /** Provider for the account's home region: where account-wide settings are made. */
    readonly homeProvider: aws.Provider;
    readonly publicAccessBlock: aws.s3.AccountPublicAccessBlock;

    constructor(name: string, args: AccountBaselineArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:data:AccountBaseline", name, {}, opts);
        const home = args.regions.find((r) => r.region === args.homeRegion);
        if (!home)
            throw new Error(
                `AccountBaseline ${name}: regions has no entry for the home region ${args.homeRegion}; pass every allowed region of ${args.account}`,
            );
        const seen = new Set<string>();
        for (const r of args.regions) {
            if (seen.has(r.region)) throw new Error(`AccountBaseline ${name}: region ${r.region} listed twice; pass each allowed region once`);
            seen.add(r.region);
        }
        this.homeProvider = home.provider;

        this.publicAccessBlock = new aws.s3.AccountPublicAccessBlock(
            `${name}-s3-public-access`,
            { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
            { parent: this, provider: home.provider },
        );

        for (const r of args.regions) {
            const inRegion = { parent: this, provider: r.provider };
            const encryption = new aws.ebs.EncryptionByDefault(`${name}-${r.region}-ebs-encryption`, { enabled: true }, inRegion);
            new aws.ebs.DefaultKmsKey(`${name}-${r.region}-ebs-key`, { keyArn: r.ebsKeyArn }, { ...inRegion, dependsOn: [encryption] });

            // A default VPC exists only where nobody deleted it; adopt its default group and leave it empty.
            aws.ec2.getVpcsOutput({ filters: [{ name: "is-default", values: ["true"] }] }, { parent: this, provider: r.provider }).ids.apply((ids) =>
                // A provider configured only by this run's outputs (a new account) answers nothing in preview.
                (ids ?? []).map(
                    (vpcId) =>
                        new aws.ec2.DefaultSecurityGroup(
                            `${name}-${r.region}-default-sg`,
                            { vpcId, ingress: [], egress: [], revokeRulesOnDelete: true, tags: { Name: "default - no rules (landing zone)" } },
                            inRegion,
                        ),
                ),
            );
        }
        this.registerOutputs({});
    }
}
