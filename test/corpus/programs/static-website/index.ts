import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const site = new aws.s3.Bucket("site");
new aws.s3.BucketWebsiteConfiguration("site-website", { bucket: site.id, indexDocument: { suffix: "index.html" } });
const openAccess = new aws.s3.BucketPublicAccessBlock("site-public", {
    bucket: site.id,
    blockPublicAcls: false,
    blockPublicPolicy: false,
    ignorePublicAcls: false,
    restrictPublicBuckets: false,
});
new aws.s3.BucketPolicy(
    "site-policy",
    {
        bucket: site.id,
        policy: pulumi.jsonStringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: "*", Action: ["s3:GetObject"], Resource: [pulumi.interpolate`${site.arn}/*`] }],
        }),
    },
    { dependsOn: [openAccess] },
);

const cdn = new aws.cloudfront.Distribution("site-cdn", {
    enabled: true,
    defaultRootObject: "index.html",
    origins: [{ originId: "site", domainName: site.bucketRegionalDomainName }],
    defaultCacheBehavior: {
        targetOriginId: "site",
        viewerProtocolPolicy: "allow-all",
        allowedMethods: ["GET", "HEAD"],
        cachedMethods: ["GET", "HEAD"],
        forwardedValues: { queryString: false, cookies: { forward: "none" } },
    },
    restrictions: { geoRestriction: { restrictionType: "none" } },
    viewerCertificate: { cloudfrontDefaultCertificate: true },
});

export const url = cdn.domainName;
