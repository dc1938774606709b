import { GetBucketAclCommand, GetBucketPolicyStatusCommand, GetPublicAccessBlockCommand, PutPublicAccessBlockCommand, S3Client } from "@aws-sdk/client-s3";
import { REMEDIATED_CALLS, S3_PUBLIC_CONTROLS } from "../patterns";
import { bucketFromResourceId, ID_FORMATS } from "./events";
import {
    Actions,
    assumeRemediationRole,
    checkTarget,
    cloudTrailCall,
    dispatch,
    errorName,
    Result,
    Route,
    securityHubFindings,
    Settings,
    skipped,
    Target,
} from "./runtime";

/** Calls that can make a bucket public through its policy or ACL; the others loosen its public access block. */
const GRANT_CHANGES: readonly string[] = ["PutBucketPolicy", "PutBucketAcl"];
const PUBLIC_GRANTEES = ["http://acs.amazonaws.com/groups/global/AllUsers", "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"];

/**
 * Turns on all four S3 Block Public Access settings of a bucket made public. A CloudTrail call that
 * removed or loosened the bucket's block, or a Security Hub S3.2/S3.3/S3.8 finding, is enough; a policy
 * or ACL change only counts when S3 reports the bucket public, so private buckets are left alone.
 */
export async function handler(event: unknown): Promise<Result> {
    const cloudTrail: Route = async (e, s) => {
        const got = cloudTrailCall(e, {
            eventSource: "s3.amazonaws.com",
            eventNames: REMEDIATED_CALLS.bucketAccess,
            described: "a bucket access change",
            subject: "bucket",
            subjectOf: (d) => (typeof d.requestParameters?.bucketName === "string" ? d.requestParameters.bucketName : undefined),
            subjectProblem: (bucket) =>
                !bucket
                    ? "requestParameters.bucketName is missing"
                    : !ID_FORMATS.bucket.test(bucket)
                      ? `requestParameters.bucketName ${JSON.stringify(bucket)} is not a bucket name`
                      : undefined,
        });
        if (!got.ok) return got.result;
        return enforce(s, got.target, got.subject, e.id, GRANT_CHANGES.includes(got.call.eventName), got.fields);
    };
    const securityHub: Route = async (e, s) =>
        securityHubFindings(
            e,
            {
                controls: S3_PUBLIC_CONTROLS,
                described: `one of ${S3_PUBLIC_CONTROLS.join(", ")}`,
                resourceType: "AwsS3Bucket",
                resourceNoun: "S3 bucket",
                subject: "bucket",
                subjectOf: bucketFromResourceId,
                notASubject: (id, target) => `resource id ${JSON.stringify(id)} is not one S3 bucket of partition ${target.partition}`,
            },
            (target, bucket, fields) => enforce(s, target, bucket, e.id, false, fields),
        );
    return dispatch(event, {
        "aws.s3|AWS API Call via CloudTrail": cloudTrail,
        "aws.securityhub|Security Hub Findings - Imported": securityHub,
    });
}

async function enforce(s: Settings, target: Target, bucket: string, eventId: string, onlyIfPublic: boolean, fields: Record<string, unknown>): Promise<Result> {
    const refused = checkTarget(s, target, fields);
    if (refused) return refused;
    // Bucket names are global: every call names the event's account as the owner, so S3 refuses a bucket of another account.
    const credentials = await assumeRemediationRole(s, target, eventId);
    const s3 = new S3Client({ region: target.region, credentials });
    const actions = new Actions(s, fields);

    let current;
    try {
        current = (await s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket, ExpectedBucketOwner: target.account }))).PublicAccessBlockConfiguration;
    } catch (err) {
        if (errorName(err) === "NoSuchBucket") return skipped(`bucket ${bucket} no longer exists`, fields);
        if (errorName(err) !== "NoSuchPublicAccessBlockConfiguration") throw err;
    }
    const blocked = current?.BlockPublicAcls && current.IgnorePublicAcls && current.BlockPublicPolicy && current.RestrictPublicBuckets;
    if (blocked) return actions.result(`bucket ${bucket} already blocks all public access`);

    if (onlyIfPublic && !(await isPublic(s3, bucket, target.account))) return skipped(`bucket ${bucket} is not public`, fields);
    await actions.run(`block all public access on bucket ${bucket}`, () =>
        s3.send(
            new PutPublicAccessBlockCommand({
                Bucket: bucket,
                ExpectedBucketOwner: target.account,
                PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
            }),
        ),
    );
    return actions.result("");
}

async function isPublic(s3: S3Client, bucket: string, owner: string): Promise<boolean> {
    try {
        const status = await s3.send(new GetBucketPolicyStatusCommand({ Bucket: bucket, ExpectedBucketOwner: owner }));
        if (status.PolicyStatus?.IsPublic) return true;
    } catch (err) {
        if (errorName(err) !== "NoSuchBucketPolicy") throw err;
    }
    const acl = await s3.send(new GetBucketAclCommand({ Bucket: bucket, ExpectedBucketOwner: owner }));
    return (acl.Grants ?? []).some((g) => g.Grantee?.URI !== undefined && PUBLIC_GRANTEES.includes(g.Grantee.URI));
}
