import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const provider = new aws.Provider("workload", {
    region: "us-west-2",
    allowedAccountIds: ["111111111111"],
    defaultTags: { tags: { Environment: "prod", Owner: "team-web", CostCenter: "cc-1234" } },
});
const opts = { provider };
const key = new aws.kms.Key("site", { enableKeyRotation: true }, { ...opts, protect: true });

/** Private, versioned, KMS-encrypted bucket. */
function privateBucket(name: string, sse: { sseAlgorithm: string; kmsMasterKeyId?: pulumi.Input<string> }) {
    const bucket = new aws.s3.Bucket(name, {}, opts);
    new aws.s3.BucketPublicAccessBlock(
        name,
        { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
        opts,
    );
    new aws.s3.BucketServerSideEncryptionConfiguration(
        name,
        { bucket: bucket.id, rules: [{ applyServerSideEncryptionByDefault: sse, bucketKeyEnabled: true }] },
        opts,
    );
    new aws.s3.BucketVersioning(name, { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } }, opts);
    return bucket;
}
const tlsOnly = (bucket: aws.s3.Bucket) => ({
    Sid: "TlsOnly",
    Effect: "Deny",
    Principal: "*",
    Action: "s3:*",
    Resource: [bucket.arn, pulumi.interpolate`${bucket.arn}/*`],
    Condition: { Bool: { "aws:SecureTransport": "false" } },
});

const site = privateBucket("site", { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn });
// CloudFront standard logs are delivered with an ACL grant, so the log bucket keeps ACLs enabled.
const logs = privateBucket("site-logs", { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn });
new aws.s3.BucketOwnershipControls("site-logs", { bucket: logs.id, rule: { objectOwnership: "BucketOwnerPreferred" } }, opts);
new aws.s3.BucketPolicy("site-logs", { bucket: logs.id, policy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: [tlsOnly(logs)] }) }, opts);

const oai = new aws.cloudfront.OriginAccessIdentity("site", { comment: "site" }, opts);
new aws.s3.BucketPolicy(
    "site",
    {
        bucket: site.id,
        policy: pulumi.jsonStringify({
            Version: "2012-10-17",
            Statement: [
                { Sid: "CloudFrontRead", Effect: "Allow", Principal: { AWS: oai.iamArn }, Action: "s3:GetObject", Resource: pulumi.interpolate`${site.arn}/*` },
                tlsOnly(site),
            ],
        }),
    },
    opts,
);

new aws.cloudfront.Distribution(
    "site",
    {
        enabled: true,
        defaultRootObject: "index.html",
        origins: [{ originId: "site", domainName: site.bucketRegionalDomainName, s3OriginConfig: { originAccessIdentity: oai.cloudfrontAccessIdentityPath } }],
        defaultCacheBehavior: {
            targetOriginId: "site",
            viewerProtocolPolicy: "redirect-to-https",
            allowedMethods: ["GET", "HEAD"],
            cachedMethods: ["GET", "HEAD"],
            cachePolicyId: "658327ea-f89d-4fab-a63d-7e88639e58f6",
        },
        loggingConfig: { bucket: logs.bucketDomainName, prefix: "cdn/" },
        restrictions: { geoRestriction: { restrictionType: "none" } },
        viewerCertificate: {
            acmCertificateArn: "arn:aws:acm:us-east-1:111111111111:certificate/0a1b2c3d-1111-2222-3333-444455556666",
            sslSupportMethod: "sni-only",
            minimumProtocolVersion: "TLSv1.2_2021",
        },
        webAclId: "arn:aws:wafv2:us-east-1:111111111111:global/webacl/baseline/0a1b2c3d",
    },
    opts,
);
