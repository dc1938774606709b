import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { partitionOf } from "./naming";

/** An account the landing zone deploys into. */
export interface AccountTarget {
    /** Logical account name (the config key). */
    readonly name: string;
    /** Account id: known for the management account, an output for created accounts. */
    readonly id: pulumi.Input<string>;
    /** Tags every resource in the account carries by default. */
    readonly tags: Readonly<Record<string, string>>;
}

export interface AccountProvidersArgs {
    /** The accounts to create providers for. */
    readonly accounts: readonly AccountTarget[];
    /** Every region the organization allows; one provider per account and region. */
    readonly regions: readonly string[];
    /** Role Organizations created in each member account, assumed from the management account. */
    readonly accessRoleName: string;
    /** Accounts reached with the caller's own credentials instead of assuming the access role. */
    readonly directAccounts: readonly string[];
}

/**
 * One explicit aws.Provider per account and region. `allowedAccountIds` makes a provider refuse
 * to act if its credentials land anywhere else, so nothing is ever created in the wrong account.
 */
export class AccountProviders extends pulumi.ComponentResource {
    private readonly providers = new Map<string, aws.Provider>();
    /** The role member providers assume: a provider made outside this component (a region not allowed) must assume the same. */
    readonly roleName: string;

    constructor(name: string, args: AccountProvidersArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:organization:AccountProviders", name, {}, opts);
        this.roleName = args.accessRoleName;
        if (args.regions.length === 0) throw new Error(`AccountProviders ${name}: regions is empty; pass at least the home region`);
        for (const account of args.accounts) {
            for (const region of args.regions) {
                const direct = args.directAccounts.includes(account.name);
                const provider = new aws.Provider(
                    `${account.name}-${region}`,
                    {
                        region: region as aws.Region,
                        allowedAccountIds: [account.id],
                        assumeRoles: direct
                            ? undefined
                            : [
                                  {
                                      roleArn: pulumi.interpolate`arn:${partitionOf(region)}:iam::${account.id}:role/${args.accessRoleName}`,
                                      sessionName: "landing-zone",
                                  },
                              ],
                        defaultTags: { tags: { ...account.tags } },
                    },
                    { parent: this },
                );
                this.providers.set(key(account.name, region), provider);
            }
        }
        this.registerOutputs({});
    }

    /** The provider for an account and region; throws naming both when the pair is not managed. */
    get(account: string, region: string): aws.Provider {
        const provider = this.providers.get(key(account, region));
        if (!provider)
            throw new Error(`No provider for account "${account}" in region "${region}": the account must be in config and the region in regions.allowed`);
        return provider;
    }

    /** Whether a provider exists for the pair. */
    has(account: string, region: string): boolean {
        return this.providers.has(key(account, region));
    }
}

function key(account: string, region: string): string {
    return `${account}/${region}`;
}
