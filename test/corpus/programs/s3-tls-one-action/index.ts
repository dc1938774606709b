import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const key = new aws.kms.Key("reports", { enableKeyRotation: true });
const reports = new aws.s3.Bucket("reports");
new aws.s3.BucketPublicAccessBlock("reports", {
    bucket: reports.id,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
});
new aws.s3.BucketServerSideEncryptionConfiguration("reports", {
    bucket: reports.id,
    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn }, bucketKeyEnabled: true }],
});
new aws.s3.BucketVersioning("reports", { bucket: reports.id, versioningConfiguration: { status: "Enabled" } });
// Uploads and deletes still work over plain HTTP: only GetObject is denied.
new aws.s3.BucketPolicy("reports", {
    bucket: reports.id,
    policy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "DenyInsecureDownloads",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:GetObject",
                Resource: pulumi.interpolate`${reports.arn}/*`,
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
        ],
    }),
});
