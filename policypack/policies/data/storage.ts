import type { PolicyResource } from "@pulumi/policy";
import { isCustomerManagedKey, label, list, ofType, outputsPending, refersTo, resourcePolicy, stackPolicy, ZeroTrustPolicy, type ResourceOf } from "../common";
import { Deployments } from "../deployments";
import { propsIf, type PropsOf } from "../props";
import { parseDocument } from "../iam-document";

const BUCKET_TYPES = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"] as const;
/**
 * A bucket's inline encryption, versioning, logging and Object Lock rule, as aws.s3.Bucket names them;
 * BucketV2 lists them under plural names (serverSideEncryptionConfigurations, versionings, loggings), not read here.
 */
const inline = (b: { readonly type: string; readonly props: unknown }) => propsIf(b, "aws:s3/bucket:Bucket");
const BPA = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
const BPA_FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"] as const;
/** A default-encryption rule, of a bucket or of its encryption configuration. */
type SseRule = Pick<
    NonNullable<PropsOf<"aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration">["rules"]>[number],
    "applyServerSideEncryptionByDefault"
>;
const SSE = [
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
] as const;
const VERSIONING = ["aws:s3/bucketVersioning:BucketVersioning", "aws:s3/bucketVersioningV2:BucketVersioningV2"] as const;
const LOGGING = ["aws:s3/bucketLogging:BucketLogging", "aws:s3/bucketLoggingV2:BucketLoggingV2"] as const;
const OBJECT_LOCK = [
    "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration",
    "aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2",
] as const;
const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";
const PUBLIC_ACLS = ["public-read", "public-read-write", "authenticated-read"];
const PUBLIC_GRANTEES = /acs\.amazonaws\.com\/groups\/global\/(AllUsers|AuthenticatedUsers)/;

/** Assigns through the analyzer's proxy, which keeps secret inputs secret (a spread would unwrap them). */
function enableAllFlags<P extends { [F in (typeof BPA_FLAGS)[number]]?: boolean }>(props: P): P {
    const flags: { [F in (typeof BPA_FLAGS)[number]]?: boolean } = props;
    for (const flag of BPA_FLAGS) flags[flag] = true;
    return props;
}

/** The resources of `types` that configure `bucket` (linked by property dependency or bucket name). */
function configsOf<T extends string>(resources: readonly PolicyResource[], bucket: PolicyResource, types: readonly T[], key = "bucket"): ResourceOf<T>[] {
    return ofType(resources, ...types).filter((r) => refersTo(r, key, bucket, ["id", "bucket"]));
}

/** Load balancers whose access logs go to S3 (ALB/NLB and classic). */
const LOAD_BALANCERS = ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer", "aws:elb/loadBalancer:LoadBalancer"] as const;

/**
 * Buckets that S3 server access logging (of another bucket) or ELB access logs deliver to in this
 * stack, derived from the resource graph (the delivery is configured here), never from names or
 * tags. Both deliveries accept only SSE-S3 default encryption (`sseS3Only`); server access logging
 * also rejects a target with an Object Lock default retention (`noDefaultRetention`).
 */
function logDeliveryTargets(resources: readonly PolicyResource[]): { sseS3Only: Set<string>; noDefaultRetention: Set<string> } {
    const buckets = ofType(resources, ...BUCKET_TYPES);
    const noDefaultRetention = new Set<string>();
    for (const l of ofType(resources, ...LOGGING))
        for (const b of buckets)
            if (refersTo(l, "targetBucket", b, ["id", "bucket"]) && !refersTo(l, "bucket", b, ["id", "bucket"])) noDefaultRetention.add(b.urn);
    const sseS3Only = new Set(noDefaultRetention);
    for (const lb of ofType(resources, ...LOAD_BALANCERS)) {
        const logs = lb.props.accessLogs;
        if (!logs || logs.enabled === false) continue;
        for (const b of buckets) {
            const byDependency = (lb.propertyDependencies.accessLogs ?? []).some((d) => d.urn === b.urn);
            const byName = typeof logs.bucket === "string" && logs.bucket !== "" && [b.props.id, b.props.bucket].includes(logs.bucket);
            if (byDependency || byName) sseS3Only.add(b.urn);
        }
    }
    return { sseS3Only, noDefaultRetention };
}

/** Whether an S3 policy statement set denies requests without TLS. */
function deniesInsecureTransport(policy: unknown): boolean {
    const statements = parseDocument(policy) ?? [];
    return statements.some(
        (s) =>
            s.effect === "Deny" &&
            // Every S3 action: a Deny naming some actions leaves the others open over plain HTTP.
            s.actions.some((a) => a === "*" || /^s3:\*$/i.test(a)) &&
            Object.entries(s.conditions).some(
                ([op, block]) => /^Bool/i.test(op) && Object.entries(block).some(([k, v]) => k.toLowerCase() === "aws:securetransport" && v.includes("false")),
            ),
    );
}

/** S3: public access, TLS, encryption, versioning, access logs and Object Lock of buckets, and Macie over them. */
export const storagePolicies: ZeroTrustPolicy[] = [
    resourcePolicy({
        name: "s3-bucket-public-access-block",
        description: "S3 bucket public access blocks set all four flags.",
        severity: "critical",
        area: "data",
        controls: ["CIS 2.1.4", "S3.8"],
        remediation:
            "Set blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets to true on the aws.s3.BucketPublicAccessBlock (remediable automatically).",
        types: [BPA],
        validate: (props, report) => {
            const missing = BPA_FLAGS.filter((flag) => props[flag] !== true);
            if (missing.length > 0) report(`public access block leaves ${missing.join(", ")} off`);
        },
        remediate: enableAllFlags,
    }),
    resourcePolicy({
        name: "s3-account-public-access-block",
        description: "Account-level S3 public access blocks set all four flags.",
        severity: "critical",
        area: "data",
        controls: ["CIS 2.1.4", "S3.1"],
        remediation: "Set all four flags to true on aws.s3.AccountPublicAccessBlock (remediable automatically).",
        types: ["aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock"],
        validate: (props, report) => {
            const missing = BPA_FLAGS.filter((flag) => props[flag] !== true);
            if (missing.length > 0) report(`account public access block leaves ${missing.join(", ")} off`);
        },
        remediate: enableAllFlags,
    }),
    stackPolicy({
        name: "s3-account-public-access-block-present",
        description:
            "The landing zone blocks S3 public access at the account level in every account it deploys to. The setting is account-wide (it applies in every region), so one per account, in any region.",
        severity: "critical",
        area: "data",
        controls: ["CIS 2.1.4", "S3.1"],
        remediation: "Create aws.s3.AccountPublicAccessBlock with all four flags in every account the program deploys to, the management account included.",
        landingZoneOnly: true,
        validate: (resources, report) => {
            const deployed = new Deployments(resources, report);
            const blocked = new Set(
                ofType(resources, "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock").flatMap((r) => deployed.place(r)?.account ?? []),
            );
            for (const a of deployed.accounts())
                if (!blocked.has(a.account)) report(`account ${a.accountLabel} has no account-level S3 public access block`);
        },
    }),
    stackPolicy({
        name: "s3-bucket-has-public-access-block",
        description: "Every S3 bucket has its own public access block.",
        severity: "high",
        area: "data",
        controls: ["S3.8"],
        remediation: "Add an aws.s3.BucketPublicAccessBlock with bucket set to the bucket's id and all four flags true.",
        validate: (resources, report) => {
            for (const b of ofType(resources, ...BUCKET_TYPES))
                if (configsOf(resources, b, [BPA]).length === 0) report(`${label(b)} has no public access block`, b.urn);
        },
    }),
    resourcePolicy({
        name: "s3-no-public-acl",
        description: "S3 buckets grant nothing to AllUsers or AuthenticatedUsers through ACLs.",
        severity: "critical",
        area: "data",
        controls: ["S3.2", "S3.3", "S3.12"],
        remediation:
            'Remove the public ACL and set object ownership to "BucketOwnerEnforced" (ACLs disabled); share data through policies scoped to the organization.',
        types: [...BUCKET_TYPES, "aws:s3/bucketAcl:BucketAcl", "aws:s3/bucketAclV2:BucketAclV2"],
        validate: (props, report, { args }) => {
            if (PUBLIC_ACLS.includes(String(props.acl))) report(`acl is ${props.acl}`);
            const bucket = propsIf(args, ...BUCKET_TYPES);
            const acl = propsIf(args, "aws:s3/bucketAcl:BucketAcl", "aws:s3/bucketAclV2:BucketAclV2");
            // A bucket's grants name the grantee and permissions inline; an ACL's, a grantee object and one permission.
            const grants = [
                ...list(bucket?.grants).map((g) => ({ uri: g.uri, permission: list(g.permissions).join("/") })),
                ...list(acl?.accessControlPolicy?.grants).map((g) => ({ uri: g.grantee?.uri, permission: g.permission ?? "" })),
            ];
            grants.forEach((g, i) => {
                const uri = String(g.uri ?? "");
                if (PUBLIC_GRANTEES.test(uri)) report(`grant ${i + 1} gives ${g.permission} to ${uri.split("/").pop()}`);
            });
        },
    }),
    resourcePolicy({
        name: "s3-acls-disabled",
        description: 'S3 object ownership is "BucketOwnerEnforced", so ACLs cannot grant access.',
        severity: "medium",
        enforcementLevel: "advisory",
        area: "data",
        controls: ["S3.12"],
        remediation: 'Set rule.objectOwnership to "BucketOwnerEnforced" on the aws.s3.BucketOwnershipControls.',
        types: ["aws:s3/bucketOwnershipControls:BucketOwnershipControls"],
        validate: (props, report) => {
            if (props.rule?.objectOwnership !== "BucketOwnerEnforced") report(`objectOwnership is ${props.rule?.objectOwnership}`);
        },
    }),
    stackPolicy({
        name: "s3-tls-only-policy",
        description: "Every S3 bucket policy denies requests that do not use TLS.",
        severity: "high",
        area: "data",
        controls: ["CIS 2.1.1", "S3.5"],
        remediation:
            'Add a statement { Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [bucketArn, bucketArn + "/*"], Condition: { Bool: { "aws:SecureTransport": "false" } } } to the bucket policy.',
        validate: (resources, report) => {
            for (const b of ofType(resources, ...BUCKET_TYPES)) {
                const policies = [...configsOf(resources, b, [BUCKET_POLICY]).map((p) => p.props.policy), b.props.policy].filter((p) => p !== undefined);
                if (!policies.some(deniesInsecureTransport)) report(`${label(b)} has no bucket policy denying aws:SecureTransport=false`, b.urn);
            }
        },
    }),
    stackPolicy({
        name: "s3-sse-kms-cmk",
        description:
            "Every S3 bucket encrypts by default with SSE-KMS under a customer-managed key; a bucket that S3 server access logging or ELB access logs deliver to in the same stack uses SSE-S3, the only default encryption those deliveries accept.",
        severity: "high",
        area: "data",
        controls: ["S3.17"],
        remediation:
            'Add an aws.s3.BucketServerSideEncryptionConfiguration with sseAlgorithm "aws:kms" (or "aws:kms:dsse"), kmsMasterKeyId set to the data key, and bucketKeyEnabled: true (sseAlgorithm "AES256" on a server access log or ELB log target bucket).',
        validate: (resources, report) => {
            const { sseS3Only } = logDeliveryTargets(resources);
            for (const b of ofType(resources, ...BUCKET_TYPES)) {
                const own = inline(b)?.serverSideEncryptionConfiguration;
                const rules = [
                    ...configsOf(resources, b, SSE).flatMap((c) => list(c.props.rules)),
                    ...(own ? [own.rule] : []),
                ].map((r: SseRule | undefined) => r?.applyServerSideEncryptionByDefault);
                if (rules.length === 0) report(`${label(b)} has no default encryption configuration`, b.urn);
                else if (sseS3Only.has(b.urn)) {
                    if (!rules.every((r) => r?.sseAlgorithm === "AES256"))
                        report(`${label(b)} receives S3 server access logs or ELB logs, which are delivered only to SSE-S3 (AES256) buckets`, b.urn);
                } else if (!rules.some((r) => String(r?.sseAlgorithm).startsWith("aws:kms") && isCustomerManagedKey(r?.kmsMasterKeyId)))
                    report(`${label(b)} default encryption is not SSE-KMS with a customer-managed key`, b.urn);
            }
        },
    }),
    stackPolicy({
        name: "s3-versioning-enabled",
        description: "Every S3 bucket has versioning enabled.",
        severity: "medium",
        area: "data",
        controls: ["S3.14"],
        remediation: 'Add an aws.s3.BucketVersioning with versioningConfiguration.status "Enabled".',
        validate: (resources, report) => {
            for (const b of ofType(resources, ...BUCKET_TYPES)) {
                const enabled =
                    configsOf(resources, b, VERSIONING).some((v) => v.props.versioningConfiguration?.status === "Enabled") ||
                    inline(b)?.versioning?.enabled === true;
                if (!enabled) report(`${label(b)} is not versioned`, b.urn);
            }
        },
    }),
    stackPolicy({
        name: "s3-access-logging",
        description: "Every S3 bucket except log-delivery targets records server access logs.",
        severity: "medium",
        enforcementLevel: "advisory",
        area: "data",
        controls: ["CIS 3.4", "S3.9"],
        remediation: "Add an aws.s3.BucketLogging with targetBucket set to the central access-log bucket.",
        validate: (resources, report) => {
            const buckets = ofType(resources, ...BUCKET_TYPES);
            const logs = ofType(resources, ...LOGGING);
            const isTarget = (b: PolicyResource) => logs.some((l) => refersTo(l, "targetBucket", b, ["id", "bucket"]));
            for (const b of buckets) {
                if (isTarget(b)) continue;
                if (configsOf(resources, b, LOGGING).length === 0 && !inline(b)?.logging?.targetBucket) report(`${label(b)} has no server access logging`, b.urn);
            }
        },
    }),
    stackPolicy<{ namePattern: string }>({
        name: "s3-log-buckets-object-lock",
        description:
            "Buckets that receive logs (CloudTrail, Config, flow logs, access logs) have Object Lock with a default retention; a bucket that S3 server access logging delivers to has Object Lock enabled and no default retention, which server access logging rejects; a CloudFront standard-log bucket is not asked for Object Lock.",
        severity: "high",
        area: "data",
        controls: ["S3.15"],
        remediation:
            "Create the bucket with objectLockEnabled: true and add an aws.s3.BucketObjectLockConfiguration with a default retention (COMPLIANCE in prod); on a server access log target bucket, enable Object Lock without a default retention.",
        params: {
            namePattern: {
                type: "string",
                default: "(^|-)logs?(-|$)|log-archive",
                description: "Regular expression on bucket logical names that marks further log buckets.",
            },
        },
        validate: (resources, report, { config }) => {
            const feeders: [readonly string[], string][] = [
                [["aws:cloudtrail/trail:Trail"], "s3BucketName"],
                [["aws:cfg/deliveryChannel:DeliveryChannel"], "s3BucketName"],
                [LOGGING, "targetBucket"],
                [["aws:ec2/flowLog:FlowLog"], "logDestination"],
            ];
            const pattern = new RegExp(config.namePattern);
            const { noDefaultRetention } = logDeliveryTargets(resources);
            // CloudFront standard logging delivers through an ACL grant to the awslogsdelivery account, which an
            // Object Lock bucket does not accept: its log bucket is not asked for Object Lock.
            const distributions = ofType(resources, "aws:cloudfront/distribution:Distribution");
            const cloudFrontTarget = (b: PolicyResource) =>
                distributions.some(
                    (d) =>
                        (d.propertyDependencies.loggingConfig ?? []).some((x) => x.urn === b.urn) ||
                        [b.props.bucketDomainName, b.props.bucket].includes(d.props.loggingConfig?.bucket),
                );
            for (const b of ofType(resources, ...BUCKET_TYPES)) {
                if (cloudFrontTarget(b)) continue;
                const fed = feeders.some(([types, key]) => ofType(resources, ...types).some((r) => refersTo(r, key, b, ["id", "bucket", "arn"])));
                if (!fed && !pattern.test(b.name)) continue;
                const lock =
                    configsOf(resources, b, OBJECT_LOCK).some((c) => c.props.rule?.defaultRetention?.mode) ||
                    inline(b)?.objectLockConfiguration?.rule?.defaultRetention?.mode;
                if (noDefaultRetention.has(b.urn)) {
                    if (b.props.objectLockEnabled !== true) report(`log bucket ${label(b)} does not have Object Lock enabled`, b.urn);
                    if (lock)
                        report(
                            `log bucket ${label(b)} receives S3 server access logs but has an Object Lock default retention, which server access logging rejects`,
                            b.urn,
                        );
                } else if (b.props.objectLockEnabled !== true || !lock) report(`log bucket ${label(b)} has no Object Lock default retention`, b.urn);
            }
        },
    }),
    stackPolicy({
        name: "macie-enabled",
        description:
            "The landing zone enables Amazon Macie to discover and classify sensitive data in S3 in every region where it deploys workloads: Macie is regional (the delegated administrator enables it, and its members, region by region). A region holding only global-service plumbing, where the SCP admits no bucket, needs none.",
        severity: "medium",
        area: "data",
        controls: ["CIS 2.1.3", "Macie.1"],
        remediation: "Create aws.macie2.Account (status ENABLED) with the delegated administrator and automated sensitive data discovery.",
        landingZoneOnly: true,
        validate: (resources, report) => {
            const deployed = new Deployments(resources, report);
            const enabled = new Set(
                ofType(resources, "aws:macie2/account:Account")
                    .filter((m) => outputsPending(m) || (m.props.status ?? "ENABLED") === "ENABLED")
                    .flatMap((m) => deployed.place(m)?.region ?? []),
            );
            for (const region of new Set(deployed.pairsDeployed(true).map((p) => p.region)))
                if (!enabled.has(region)) report(`Amazon Macie is not enabled in region ${region}`);
        },
    }),
];
