import { UNKNOWN } from "../../harness";
import { BUCKET, bucket, BUCKET_POLICY, CMK, doc, LZ, PolicyCases, R, res, S, SSE_CONFIG, tlsPolicy } from "../fixtures";

/** Failing and passing cases of the policies in policypack/policies/data/storage.ts. */
export const storageCases: Readonly<Record<string, PolicyCases>> = {
    "s3-bucket-public-access-block": {
        fail: [R("two flags off", "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", { bucket: "b", blockPublicAcls: true, ignorePublicAcls: true })],
        pass: [
            R("all four", "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", {
                bucket: "b",
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            }),
        ],
    },
    "s3-account-public-access-block": {
        fail: [
            R("restrictPublicBuckets off", "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock", {
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
            }),
        ],
        pass: [
            R("all four", "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock", {
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            }),
        ],
    },
    "s3-account-public-access-block-present": {
        fail: [S("landing zone without it", [bucket("b")], LZ)],
        pass: [S("present", [res("aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock", "bpa", { blockPublicAcls: true })], LZ)],
    },
    "s3-bucket-has-public-access-block": {
        fail: [S("bucket alone", [bucket("data")])],
        pass: [
            S("bucket with BPA by dependency", [
                bucket("data"),
                res("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "data-bpa", { bucket: UNKNOWN }, { bucket: ["data"] }),
            ]),
            S("bucket with BPA by literal name", [
                bucket("data"),
                res("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "data-bpa", { bucket: "data-111111111111" }),
            ]),
        ],
    },
    "s3-no-public-acl": {
        fail: [
            R("public-read canned ACL", "aws:s3/bucketAcl:BucketAcl", { bucket: "b", acl: "public-read" }),
            R("grant to AllUsers", "aws:s3/bucketAcl:BucketAcl", {
                bucket: "b",
                accessControlPolicy: {
                    owner: { id: "o" },
                    grants: [{ grantee: { type: "Group", uri: "http://acs.amazonaws.com/groups/global/AllUsers" }, permission: "READ" }],
                },
            }),
        ],
        pass: [R("private ACL", "aws:s3/bucketAcl:BucketAcl", { bucket: "b", acl: "private" })],
    },
    "s3-acls-disabled": {
        fail: [R("ObjectWriter", "aws:s3/bucketOwnershipControls:BucketOwnershipControls", { bucket: "b", rule: { objectOwnership: "ObjectWriter" } })],
        pass: [
            R("BucketOwnerEnforced", "aws:s3/bucketOwnershipControls:BucketOwnershipControls", {
                bucket: "b",
                rule: { objectOwnership: "BucketOwnerEnforced" },
            }),
        ],
    },
    "s3-tls-only-policy": {
        fail: [
            S("a TLS Deny on a single action leaves the others open", [
                res(BUCKET, "b", { bucket: "b" }),
                res(
                    BUCKET_POLICY,
                    "bp",
                    {
                        bucket: "b",
                        policy: doc({
                            Effect: "Deny",
                            Principal: "*",
                            Action: "s3:GetObject",
                            Resource: "arn:aws:s3:::b/*",
                            Condition: { Bool: { "aws:SecureTransport": "false" } },
                        }),
                    },
                    { bucket: ["b"] },
                ),
            ]),
            S("bucket without policy", [bucket("data")]),
            S("policy without TLS deny", [
                bucket("data"),
                res(BUCKET_POLICY, "data-policy", {
                    bucket: "data-111111111111",
                    policy: doc({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "s3:GetObject", Resource: "*" }),
                }),
            ]),
        ],
        pass: [
            S("TLS deny by dependency", [
                bucket("data"),
                res(BUCKET_POLICY, "data-policy", { bucket: UNKNOWN, policy: tlsPolicy("data-111111111111") }, { bucket: ["data"] }),
            ]),
        ],
    },
    "s3-sse-kms-cmk": {
        fail: [
            S("no encryption config", [bucket("data")]),
            S("SSE-S3", [
                bucket("data"),
                res("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "data-sse", {
                    bucket: "data-111111111111",
                    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
                }),
            ]),
            S("SSE-S3 on a bucket that only logs itself (not a log target)", [
                bucket("data"),
                res(SSE_CONFIG, "data-sse", { bucket: "data-111111111111", rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] }),
                res("aws:s3/bucketLogging:BucketLogging", "data-log", { bucket: "data-111111111111", targetBucket: "data-111111111111" }),
            ]),
            S("SSE-KMS on a server access log target (delivery fails)", [
                bucket("data"),
                bucket("access-logs"),
                res(SSE_CONFIG, "access-logs-sse", {
                    bucket: "access-logs-111111111111",
                    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: CMK } }],
                }),
                res("aws:s3/bucketLogging:BucketLogging", "data-log", { bucket: "data-111111111111", targetBucket: "access-logs-111111111111" }),
            ]),
            S("an ELB log target with no encryption config", [
                bucket("lb-logs"),
                res("aws:lb/loadBalancer:LoadBalancer", "alb", { accessLogs: { enabled: true, bucket: UNKNOWN } }, { accessLogs: ["lb-logs"] }),
            ]),
        ],
        pass: [
            S("SSE-S3 on the target of another bucket's server access logging", [
                bucket("data"),
                res(SSE_CONFIG, "data-sse", {
                    bucket: "data-111111111111",
                    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: CMK }, bucketKeyEnabled: true }],
                }),
                bucket("access-logs"),
                res(
                    SSE_CONFIG,
                    "access-logs-sse",
                    { bucket: UNKNOWN, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] },
                    { bucket: ["access-logs"] },
                ),
                res("aws:s3/bucketLogging:BucketLogging", "data-log", { bucket: "data-111111111111", targetBucket: "access-logs-111111111111" }),
            ]),
            S("SSE-S3 on the ELB access log target", [
                bucket("lb-logs"),
                res(SSE_CONFIG, "lb-logs-sse", { bucket: "lb-logs-111111111111", rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] }),
                res("aws:lb/loadBalancer:LoadBalancer", "alb", { accessLogs: { enabled: true, bucket: "lb-logs-111111111111" } }),
            ]),
            S("SSE-KMS with CMK", [
                bucket("data"),
                res(
                    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
                    "data-sse",
                    {
                        bucket: UNKNOWN,
                        rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: CMK }, bucketKeyEnabled: true }],
                    },
                    { bucket: ["data"] },
                ),
            ]),
        ],
    },
    "s3-versioning-enabled": {
        fail: [
            S("suspended", [
                bucket("data"),
                res("aws:s3/bucketVersioning:BucketVersioning", "data-v", { bucket: "data-111111111111", versioningConfiguration: { status: "Suspended" } }),
            ]),
        ],
        pass: [
            S("enabled", [
                bucket("data"),
                res("aws:s3/bucketVersioning:BucketVersioning", "data-v", { bucket: "data-111111111111", versioningConfiguration: { status: "Enabled" } }),
            ]),
        ],
    },
    "s3-access-logging": {
        fail: [S("no logging", [bucket("data")])],
        pass: [
            S("logs to the access-log bucket, which is exempt", [
                bucket("data"),
                bucket("access-logs"),
                res("aws:s3/bucketLogging:BucketLogging", "data-log", { bucket: "data-111111111111", targetBucket: "access-logs-111111111111" }),
            ]),
        ],
    },
    "s3-log-buckets-object-lock": {
        fail: [
            S("trail bucket without lock", [
                bucket("trail-store"),
                res("aws:cloudtrail/trail:Trail", "org", { s3BucketName: UNKNOWN }, { s3BucketName: ["trail-store"] }),
            ]),
            S("bucket named as a log bucket without lock", [bucket("flow-logs")]),
            S("server access log target without Object Lock", [
                bucket("data"),
                bucket("access-logs"),
                res("aws:s3/bucketLogging:BucketLogging", "data-log", { bucket: "data-111111111111", targetBucket: "access-logs-111111111111" }),
            ]),
            S("server access log target with a default retention (delivery rejected)", [
                bucket("data"),
                bucket("access-logs", { objectLockEnabled: true }),
                res("aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration", "access-logs-lock", {
                    bucket: "access-logs-111111111111",
                    rule: { defaultRetention: { mode: "COMPLIANCE", days: 365 } },
                }),
                res("aws:s3/bucketLogging:BucketLogging", "data-log", { bucket: "data-111111111111", targetBucket: "access-logs-111111111111" }),
            ]),
            S("ELB-only log target keeps the default-retention rule", [
                bucket("lb-logs", { objectLockEnabled: true }),
                res("aws:lb/loadBalancer:LoadBalancer", "alb", { accessLogs: { enabled: true, bucket: "lb-logs-111111111111" } }),
            ]),
        ],
        pass: [
            S("a CloudFront standard-log bucket (ACL delivery)", [
                res(BUCKET, "site-logs", { bucket: "site-logs" }),
                res(
                    "aws:cloudfront/distribution:Distribution",
                    "site",
                    { loggingConfig: { bucket: "site-logs.s3.amazonaws.com" } },
                    { loggingConfig: ["site-logs"] },
                ),
            ]),
            S("trail bucket with Object Lock", [
                bucket("trail-store", { objectLockEnabled: true }),
                res("aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration", "trail-lock", {
                    bucket: "trail-store-111111111111",
                    rule: { defaultRetention: { mode: "COMPLIANCE", days: 365 } },
                }),
                res("aws:cloudtrail/trail:Trail", "org", { s3BucketName: "trail-store-111111111111" }),
            ]),
            S("ordinary bucket", [bucket("reports")]),
            S("server access log target with Object Lock and no default retention", [
                bucket("data"),
                bucket("access-logs", { objectLockEnabled: true }),
                res(
                    "aws:s3/bucketLogging:BucketLogging",
                    "data-log",
                    { bucket: UNKNOWN, targetBucket: UNKNOWN },
                    { bucket: ["data"], targetBucket: ["access-logs"] },
                ),
            ]),
        ],
    },
    "macie-enabled": {
        fail: [S("landing zone without Macie", [bucket("b")], LZ)],
        pass: [S("Macie enabled", [res("aws:macie2/account:Account", "macie", { status: "ENABLED" })], LZ)],
    },
};
