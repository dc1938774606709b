import { SESSION_MANAGER_LOG_PREFIX, VERIFIED_ACCESS_LOG_PREFIX, type LogBucketKind } from "../shared/names";
import { policyDocument, PolicyDocument, Statement } from "./document";

/**
 * Bucket policies of the central log archive. Every bucket denies requests without TLS and
 * principals outside the organization; each AWS log-delivery service is allowed to write only the
 * bucket of its kind and only for this organization's resources (aws:SourceOrgID, or aws:SourceArn
 * for the one organization trail). Reader accounts (security tooling) may read, nothing more.
 *
 * No document lists the organization's accounts, so adding an account changes none of them. A
 * service that names only aws:SourceAccount gains nothing from a per-account grant: the
 * organization's RCP (EnforceConfusedDeputyProtection) denies every service-principal request that
 * carries aws:SourceAccount without this organization's aws:SourceOrgID.
 */

export interface LogBucketPolicyArgs {
    readonly partition: string;
    readonly bucketName: string;
    readonly kind: LogBucketKind;
    readonly organizationId: string;
    /** The management account: the organization trail writes its own logs under AWSLogs/<id>/. */
    readonly managementAccountId: string;
    /** ARN of the organization trail, the only trail allowed to write the cloudtrail bucket. */
    readonly organizationTrailArn: string;
    /** Accounts whose principals may read the bucket (the log-archive account reads through IAM). */
    readonly readerAccountIds: readonly string[];
}

/** The delivery services that write each kind of log bucket. */
export const LOG_DELIVERY_SERVICES: Readonly<Record<LogBucketKind, readonly string[]>> = {
    cloudtrail: ["cloudtrail.amazonaws.com"],
    config: ["config.amazonaws.com"],
    // VPC/TGW flow logs, Network Firewall logs and Resolver query logs are vended logs.
    "flow-logs": ["delivery.logs.amazonaws.com"],
    "network-firewall": ["delivery.logs.amazonaws.com"],
    "dns-query-logs": ["delivery.logs.amazonaws.com"],
    "access-logs": ["logging.s3.amazonaws.com", "logdelivery.elasticloadbalancing.amazonaws.com"],
    findings: ["guardduty.amazonaws.com"],
};

/** Bucket-level reads a delivery service makes before writing (ACL or location checks). */
const BUCKET_CHECKS: Readonly<Record<LogBucketKind, readonly string[]>> = {
    cloudtrail: ["s3:GetBucketAcl"],
    config: ["s3:GetBucketAcl", "s3:ListBucket"],
    "flow-logs": ["s3:GetBucketAcl", "s3:ListBucket"],
    "network-firewall": ["s3:GetBucketAcl", "s3:ListBucket"],
    "dns-query-logs": ["s3:GetBucketAcl", "s3:ListBucket"],
    "access-logs": [],
    findings: ["s3:GetBucketLocation"],
};

/** Every request to the bucket or its objects over plain HTTP is refused, whoever makes it. */
function denyWithoutTls(bucket: string, objects: string): Statement {
    return {
        Sid: "DenyWithoutTls",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [bucket, objects],
        Condition: { Bool: { "aws:SecureTransport": false } },
    };
}

/** Principals outside the organization are refused; AWS services are judged by their own statements. */
function denyOutsideOrganization(bucket: string, objects: string, organizationId: string): Statement {
    return {
        Sid: "DenyOutsideOrganization",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [bucket, objects],
        Condition: {
            StringNotEqualsIfExists: { "aws:PrincipalOrgID": organizationId },
            BoolIfExists: { "aws:PrincipalIsAWSService": false },
        },
    };
}

export function logBucketPolicy(args: LogBucketPolicyArgs): PolicyDocument {
    // Sorted so that the document never depends on the order of accounts in config.
    const a: LogBucketPolicyArgs = { ...args, readerAccountIds: [...args.readerAccountIds].sort() };
    const bucket = `arn:${a.partition}:s3:::${a.bucketName}`;
    const objects = `${bucket}/*`;
    const services = LOG_DELIVERY_SERVICES[a.kind];
    const fromOrganization = { "aws:SourceOrgID": a.organizationId };
    const statements: Statement[] = [denyWithoutTls(bucket, objects), denyOutsideOrganization(bucket, objects, a.organizationId)];

    if (a.kind === "cloudtrail") {
        statements.push(
            {
                Sid: "OrganizationTrailChecksAcl",
                Effect: "Allow",
                Principal: { Service: services },
                Action: [...BUCKET_CHECKS.cloudtrail],
                Resource: bucket,
                Condition: { StringEquals: { "aws:SourceArn": a.organizationTrailArn } },
            },
            {
                Sid: "OrganizationTrailWrites",
                Effect: "Allow",
                Principal: { Service: services },
                Action: "s3:PutObject",
                Resource: [`${bucket}/AWSLogs/${a.managementAccountId}/*`, `${bucket}/AWSLogs/${a.organizationId}/*`],
                Condition: { StringEquals: { "aws:SourceArn": a.organizationTrailArn, "s3:x-amz-acl": "bucket-owner-full-control" } },
            },
        );
    } else {
        // Vended logs and Config write under AWSLogs/ handing the object to the bucket owner;
        // S3 server access logs, ELB and GuardDuty use their own prefixes and no ACL header.
        const awsLogs = a.kind !== "access-logs" && a.kind !== "findings";
        if (BUCKET_CHECKS[a.kind].length > 0) {
            statements.push({
                Sid: "DeliveryChecksBucket",
                Effect: "Allow",
                Principal: { Service: services },
                Action: [...BUCKET_CHECKS[a.kind]],
                Resource: bucket,
                Condition: { StringEquals: fromOrganization },
            });
        }
        statements.push({
            Sid: "DeliveryWritesForOrganization",
            Effect: "Allow",
            Principal: { Service: services },
            Action: "s3:PutObject",
            Resource: awsLogs ? `${bucket}/AWSLogs/*` : objects,
            Condition: { StringEquals: awsLogs ? { ...fromOrganization, "s3:x-amz-acl": "bucket-owner-full-control" } : fromOrganization },
        });
    }

    if (a.kind === "access-logs") statements.push(...accessLogsBucketExtras(a, bucket, fromOrganization));

    if (a.readerAccountIds.length > 0) {
        statements.push({
            Sid: "ReaderAccountsRead",
            Effect: "Allow",
            Principal: { AWS: a.readerAccountIds.map((id) => `arn:${a.partition}:iam::${id}:root`) },
            Action: ["s3:GetBucketLocation", "s3:GetObject", "s3:GetObjectVersion", "s3:ListBucket"],
            Resource: [bucket, objects],
        });
    }
    return policyDocument(statements);
}

/**
 * The access-logs bucket also takes Verified Access logs (vended logs, under their own prefix, handed
 * to the bucket owner) and Session Manager transcripts, which the instances of every organization
 * account write themselves, each only under <prefix>/<its own account id>/ (aws:PrincipalAccount).
 */
function accessLogsBucketExtras(a: LogBucketPolicyArgs, bucket: string, fromOrganization: Record<string, string>): Statement[] {
    return [
        {
            Sid: "VerifiedAccessLogsCheckBucket",
            Effect: "Allow",
            Principal: { Service: "delivery.logs.amazonaws.com" },
            Action: ["s3:GetBucketAcl", "s3:ListBucket"],
            Resource: bucket,
            Condition: { StringEquals: fromOrganization },
        },
        {
            Sid: "VerifiedAccessLogsWrite",
            Effect: "Allow",
            Principal: { Service: "delivery.logs.amazonaws.com" },
            Action: "s3:PutObject",
            Resource: `${bucket}/${VERIFIED_ACCESS_LOG_PREFIX}/AWSLogs/*`,
            Condition: { StringEquals: { ...fromOrganization, "s3:x-amz-acl": "bucket-owner-full-control" } },
        },
        {
            Sid: "SessionManagerChecksEncryption",
            Effect: "Allow",
            Principal: "*",
            Action: "s3:GetEncryptionConfiguration",
            Resource: bucket,
            Condition: { StringEquals: { "aws:PrincipalOrgID": a.organizationId } },
        },
        {
            Sid: "SessionManagerTranscriptsOfOwnAccount",
            Effect: "Allow",
            Principal: "*",
            Action: "s3:PutObject",
            Resource: `${bucket}/${SESSION_MANAGER_LOG_PREFIX}/\${aws:PrincipalAccount}/*`,
            Condition: { StringEquals: { "aws:PrincipalOrgID": a.organizationId } },
        },
    ];
}

/**
 * The Athena query-results bucket of the log-analytics workgroup. Results are copies of archived logs,
 * so they get the archive's guarantees: TLS only, principals of the owning account only (Athena writes
 * with the caller's own credentials). Encryption is the bucket default and the workgroup's enforced
 * setting, both with the account's s3 key.
 */
export function queryResultsBucketPolicy(args: { readonly partition: string; readonly bucketName: string; readonly accountId: string }): PolicyDocument {
    const bucket = `arn:${args.partition}:s3:::${args.bucketName}`;
    const objects = `${bucket}/*`;
    return policyDocument([
        denyWithoutTls(bucket, objects),
        {
            Sid: "DenyOutsideOwningAccount",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: [bucket, objects],
            Condition: { StringNotEquals: { "aws:PrincipalAccount": args.accountId } },
        },
    ]);
}

/** Where AWS Private CA writes CRLs in the bucket, and the objects it writes to test its access at create time. */
export const CRL_PREFIX = "crl/";
export const PRIVATE_CA_PERMISSION_TEST_KEYS = ["acm-pca-permission-test-key", "acm-pca-permission-test-key-private"] as const;

/**
 * The CRL bucket of the private CAs (log-archive account). AWS Private CA writes each CA's CRL as its
 * service principal; it is admitted only for CAs of the CA account and region (the CA's ARN does not exist
 * before the CA, which checks the policy when it is created, so aws:SourceArn names the account's CAs).
 * Principals of the organization may read CRLs; nothing is public (Block Public Access stays on).
 */
export function crlBucketPolicy(args: {
    readonly partition: string;
    readonly bucketName: string;
    readonly organizationId: string;
    readonly caAccountId: string;
    readonly caRegion: string;
}): PolicyDocument {
    const bucket = `arn:${args.partition}:s3:::${args.bucketName}`;
    const objects = `${bucket}/*`;
    const fromCaAccount = {
        StringEquals: { "aws:SourceAccount": args.caAccountId },
        ArnLike: { "aws:SourceArn": `arn:${args.partition}:acm-pca:${args.caRegion}:${args.caAccountId}:certificate-authority/*` },
    };
    return policyDocument([
        denyWithoutTls(bucket, objects),
        denyOutsideOrganization(bucket, objects, args.organizationId),
        {
            Sid: "PrivateCaChecksBucket",
            Effect: "Allow",
            Principal: { Service: "acm-pca.amazonaws.com" },
            Action: ["s3:GetBucketAcl", "s3:GetBucketLocation"],
            Resource: bucket,
            Condition: fromCaAccount,
        },
        {
            Sid: "PrivateCaWritesCrls",
            Effect: "Allow",
            Principal: { Service: "acm-pca.amazonaws.com" },
            Action: ["s3:PutObject", "s3:PutObjectAcl"],
            Resource: [`${bucket}/${CRL_PREFIX}*`, ...PRIVATE_CA_PERMISSION_TEST_KEYS.map((k) => `${bucket}/${k}`)],
            Condition: fromCaAccount,
        },
        {
            Sid: "OrganizationReadsCrls",
            Effect: "Allow",
            Principal: "*",
            Action: "s3:GetObject",
            Resource: `${bucket}/${CRL_PREFIX}*`,
            Condition: { StringEquals: { "aws:PrincipalOrgID": args.organizationId } },
        },
    ]);
}
