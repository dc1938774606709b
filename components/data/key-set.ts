import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { keyPolicy, KeyAccountRole } from "../policies/kms";
import { toJson } from "../policies/document";
import { keyAlias, KEY_PURPOSES, KeyPurpose } from "../shared/names";
import { partitionOf } from "../organization/naming";

export interface KeySetArgs {
    /** Logical account name, for descriptions and errors. */
    readonly account: string;
    /** The account the keys live in (the provider must point at it). */
    readonly accountId: pulumi.Input<string>;
    /** Region of the provider; keys are regional. */
    readonly region: string;
    /** The organization id, for the deny-outside-organization statement. */
    readonly organizationId: pulumi.Input<string>;
    /** The account's place in the organization (log archive and backup keys serve other accounts). */
    readonly accountRole: KeyAccountRole;
    /** Purposes to create a key for. */
    readonly purposes: readonly KeyPurpose[];
    /** IAM role names in the account that administer the keys (the deployer); empty: the account's IAM (management only). */
    readonly administratorRoleNames: readonly string[];
    /** Days a scheduled deletion waits (7-30). */
    readonly deletionWindowDays: number;
    /** Purposes whose key is multi-region; in the primary region they are created with multiRegion on. */
    readonly multiRegionPurposes: readonly KeyPurpose[];
    /** For a non-primary region: ARNs of the primary multi-region keys to replicate, by purpose. */
    readonly replicaOf?: Partial<Record<KeyPurpose, pulumi.Input<string>>>;
    /** ARN of the organization trail (the log-archive cloudtrail key lets it encrypt). */
    readonly organizationTrailArn: string;
    /** Accounts allowed to decrypt archived logs through S3, besides the log-archive account. */
    readonly logReaderAccountIds: readonly pulumi.Input<string>[];
    /** Backup account id (cross-account copies). */
    readonly backupAccountId: pulumi.Input<string>;
    /** Home region of the landing zone (the security-tooling logs key there encrypts exported GuardDuty findings). */
    readonly homeRegion?: string;
    /**
     * Resources a purpose's key waits for: a key policy may name only principals that exist (the ebs
     * key names Auto Scaling's service-linked role).
     */
    readonly keyDependsOn?: Partial<Record<KeyPurpose, readonly pulumi.Resource[]>>;
}

/**
 * The customer-managed keys of one account in one region: one key per purpose, rotation on,
 * alias `alias/landing-zone/<purpose>`, and a least-privilege key policy (components/policies/kms.ts).
 * The keys' protect and retainOnDelete come from the stack's transform (components/shared/stateful.ts).
 */
export class KeySet extends pulumi.ComponentResource {
    /** Key ARNs by purpose. */
    readonly keyArns: Readonly<Record<KeyPurpose, pulumi.Output<string>>>;
    /** Keys by purpose (replica keys where this region replicates a multi-region primary). */
    readonly keys: ReadonlyMap<KeyPurpose, aws.kms.Key | aws.kms.ReplicaKey>;
    private readonly label: string;

    constructor(name: string, args: KeySetArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:data:KeySet", name, {}, opts);
        this.label = name;
        if (args.purposes.length === 0) throw new Error(`KeySet ${name}: purposes is empty; pass at least one of ${KEY_PURPOSES.join(", ")}`);
        if (args.deletionWindowDays < 7 || args.deletionWindowDays > 30)
            throw new Error(`KeySet ${name}: deletionWindowDays is ${args.deletionWindowDays}; set settings.kmsDeletionWindowDays between 7 and 30`);
        for (const p of Object.keys(args.replicaOf ?? {}) as KeyPurpose[]) {
            if (!args.multiRegionPurposes.includes(p))
                throw new Error(`KeySet ${name}: replicaOf names ${p}, which is not in multiRegionPurposes; add it or drop the replica`);
        }

        const partition = partitionOf(args.region);
        const keys = new Map<KeyPurpose, aws.kms.Key | aws.kms.ReplicaKey>();
        const arns: Partial<Record<KeyPurpose, pulumi.Output<string>>> = {};

        for (const purpose of args.purposes) {
            const policy = pulumi
                .all([
                    args.accountId,
                    args.organizationId,
                    args.backupAccountId,
                    pulumi.all([...args.logReaderAccountIds]),
                ])
                .apply(([accountId, organizationId, backupAccountId, logReaderAccountIds]) =>
                    toJson(
                        keyPolicy({
                            partition,
                            region: args.region,
                            accountId,
                            organizationId,
                            purpose,
                            accountRole: args.accountRole,
                            administratorRoleNames: args.administratorRoleNames,
                            organizationTrailArn: args.organizationTrailArn,
                            logReaderAccountIds: logReaderAccountIds.filter((id) => id !== accountId),
                            backupAccountId,
                            homeRegion: args.homeRegion,
                        }),
                    ),
                );
            const description = `landing-zone ${purpose} key for ${args.account} in ${args.region}`;
            const primary = args.replicaOf?.[purpose];
            const keyOpts = { parent: this, dependsOn: [...(args.keyDependsOn?.[purpose] ?? [])] };
            const key =
                primary !== undefined
                    ? new aws.kms.ReplicaKey(
                          `${name}-${purpose}`,
                          { primaryKeyArn: primary, description, deletionWindowInDays: args.deletionWindowDays, policy, tags: { Purpose: purpose } },
                          keyOpts,
                      )
                    : new aws.kms.Key(
                          `${name}-${purpose}`,
                          {
                              description,
                              enableKeyRotation: true,
                              rotationPeriodInDays: 365,
                              deletionWindowInDays: args.deletionWindowDays,
                              multiRegion: args.multiRegionPurposes.includes(purpose),
                              policy,
                              tags: { Purpose: purpose },
                          },
                          keyOpts,
                      );
            new aws.kms.Alias(`${name}-${purpose}-alias`, { name: keyAlias(purpose), targetKeyId: key.keyId }, { parent: this });
            keys.set(purpose, key);
            arns[purpose] = key.arn;
        }
        this.keys = keys;
        this.keyArns = arns as Record<KeyPurpose, pulumi.Output<string>>;
        this.registerOutputs({ keyArns: this.keyArns });
    }

    /** The key ARN for a purpose; throws naming the purpose when this set does not hold it. */
    keyArn(purpose: KeyPurpose): pulumi.Output<string> {
        const arn = this.keyArns[purpose];
        if (!arn) throw new Error(`KeySet ${this.label} has no ${purpose} key; add ${purpose} to its purposes`);
        return arn;
    }
}
