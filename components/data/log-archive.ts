import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { toJson } from "../policies/document";
import { logBucketPolicy } from "../policies/s3";
import { LOG_BUCKET_KINDS, LogBucketKind } from "../shared/names";
import { partitionOf } from "../organization/naming";

export interface LogArchiveArgs {
    /** Region of the provider (the home region). */
    readonly region: string;
    /** Bucket name per kind (names.ts logBucketName). */
    readonly bucketNames: Readonly<Record<LogBucketKind, string>>;
    /** The archive key: default encryption of every log bucket that accepts SSE-KMS. */
    readonly archiveKeyArn: pulumi.Input<string>;
    readonly organizationId: pulumi.Input<string>;
    readonly managementAccountId: string;
    /** ARN of the organization trail, the only writer of the cloudtrail bucket. */
    readonly organizationTrailArn: string;
    /** Accounts whose principals may read the archive (security tooling). */
    readonly readerAccountIds: readonly pulumi.Input<string>[];
    /** Object Lock default retention of the log buckets. */
    readonly objectLock: { readonly mode: "GOVERNANCE" | "COMPLIANCE"; readonly retentionDays: number };
    /** Days before log objects move to Glacier Instant Retrieval. */
    readonly transitionDays: number;
}

/**
 * Kinds that cannot be SSE-KMS or Object Lock default-retention targets: S3 server access logging
 * and ELB access logs only deliver to SSE-S3 buckets, and server access logging rejects a target
 * bucket with a default retention period. Object Lock is still enabled on them (it is only the
 * default retention that delivery rejects): versioning can never be suspended, and legal holds or
 * per-object retention can be placed on the logs an investigation needs.
 */
const SSE_S3_ONLY: readonly LogBucketKind[] = ["access-logs"];

/**
 * The central log archive in the log-archive account: one bucket per kind of log, versioned,
 * encrypted with the archive key (bucket keys on), immutable under Object Lock, moving to colder
 * storage over time, access-logged to the access-logs bucket, behind TLS-only, organization-only
 * bucket policies that let each delivery service write only its own bucket. The buckets' protect and
 * retainOnDelete come from the stack's transform (components/shared/stateful.ts); their children inherit protect.
 */
export class LogArchive extends pulumi.ComponentResource {
    readonly buckets: ReadonlyMap<LogBucketKind, aws.s3.Bucket>;
    /** Bucket policies by kind: a delivery service can be configured only once its bucket admits it. */
    readonly bucketPolicies: ReadonlyMap<LogBucketKind, aws.s3.BucketPolicy>;
    /** Bucket ARNs by kind. */
    readonly bucketArns: Readonly<Record<LogBucketKind, pulumi.Output<string>>>;

    constructor(name: string, args: LogArchiveArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:data:LogArchive", name, {}, opts);
        for (const kind of LOG_BUCKET_KINDS) {
            const bucket = args.bucketNames[kind];
            if (!bucket || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket))
                throw new Error(
                    `LogArchive ${name}: bucketNames.${kind} is "${bucket ?? ""}"; pass a valid S3 bucket name (3-63 lowercase letters, digits, dots, hyphens)`,
                );
        }
        if (args.transitionDays < 30)
            throw new Error(
                `LogArchive ${name}: transitionDays is ${args.transitionDays}; S3 needs at least 30 days before a transition (settings.logTransitionDays)`,
            );
        if (args.objectLock.retentionDays < 1)
            throw new Error(`LogArchive ${name}: objectLock.retentionDays must be at least 1 (settings.objectLock.retentionDays)`);

        const partition = partitionOf(args.region);
        const buckets = new Map<LogBucketKind, aws.s3.Bucket>();
        const policies = new Map<LogBucketKind, aws.s3.BucketPolicy>();
        const arns: Partial<Record<LogBucketKind, pulumi.Output<string>>> = {};

        // The access-logs bucket first: every other bucket logs into it.
        const ordered: LogBucketKind[] = ["access-logs", ...LOG_BUCKET_KINDS.filter((k) => k !== "access-logs")];
        for (const kind of ordered) {
            const bucketName = args.bucketNames[kind];
            const sseKms = !SSE_S3_ONLY.includes(kind);
            const role = `${name}-${kind}`;
            const bucket = new aws.s3.Bucket(role, { bucket: bucketName, objectLockEnabled: true, forceDestroy: false, tags: { LogKind: kind } }, { parent: this });
            const child = { parent: bucket };
            new aws.s3.BucketPublicAccessBlock(
                `${role}-public-access`,
                { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
                child,
            );
            new aws.s3.BucketOwnershipControls(`${role}-ownership`, { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } }, child);
            const versioning = new aws.s3.BucketVersioning(`${role}-versioning`, { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } }, child);
            new aws.s3.BucketServerSideEncryptionConfiguration(
                `${role}-encryption`,
                {
                    bucket: bucket.id,
                    rules: [
                        sseKms
                            ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: args.archiveKeyArn }, bucketKeyEnabled: true }
                            : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
                    ],
                },
                child,
            );
            if (sseKms) {
                new aws.s3.BucketObjectLockConfiguration(
                    `${role}-object-lock`,
                    {
                        bucket: bucket.id,
                        objectLockEnabled: "Enabled",
                        rule: { defaultRetention: { mode: args.objectLock.mode, days: args.objectLock.retentionDays } },
                    },
                    { parent: bucket, dependsOn: [versioning] },
                );
                new aws.s3.BucketLogging(
                    `${role}-access-logging`,
                    { bucket: bucket.id, targetBucket: args.bucketNames["access-logs"], targetPrefix: `${kind}/` },
                    // Logs delivered before the access-logs bucket's policy admits S3 logging are lost.
                    { parent: bucket, dependsOn: [policies.get("access-logs")!] },
                );
            }
            new aws.s3.BucketLifecycleConfiguration(
                `${role}-lifecycle`,
                {
                    bucket: bucket.id,
                    rules: [
                        {
                            id: "colder-storage",
                            status: "Enabled",
                            filter: {},
                            transitions: [
                                { days: args.transitionDays, storageClass: "GLACIER_IR" },
                                { days: args.transitionDays + 365, storageClass: "DEEP_ARCHIVE" },
                            ],
                            noncurrentVersionTransitions: [{ noncurrentDays: args.transitionDays, storageClass: "GLACIER_IR" }],
                            abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
                        },
                    ],
                },
                { parent: bucket, dependsOn: [versioning] },
            );
            const policy = pulumi
                .all([args.organizationId, pulumi.all([...args.readerAccountIds])])
                .apply(([organizationId, readerAccountIds]) =>
                    toJson(
                        logBucketPolicy({
                            partition,
                            bucketName,
                            kind,
                            organizationId,
                            managementAccountId: args.managementAccountId,
                            organizationTrailArn: args.organizationTrailArn,
                            readerAccountIds,
                        }),
                    ),
                );
            policies.set(kind, new aws.s3.BucketPolicy(`${role}-policy`, { bucket: bucket.id, policy }, child));
            buckets.set(kind, bucket);
            arns[kind] = bucket.arn;
        }
        this.buckets = buckets;
        this.bucketPolicies = policies;
        this.bucketArns = arns as Record<LogBucketKind, pulumi.Output<string>>;
        this.registerOutputs({ bucketArns: this.bucketArns });
    }
}
