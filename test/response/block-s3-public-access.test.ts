import { strict as assert } from "assert";
import { GetBucketAclCommand, GetBucketPolicyStatusCommand, GetPublicAccessBlockCommand, PutPublicAccessBlockCommand, S3Client } from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import { handler } from "../../components/response/handlers/block-s3-public-access";
import {
    awsError,
    callCount,
    changes,
    clone,
    edited,
    handlerHarness,
    hostileCloudTrailOrigins,
    hostileSecurityHubOrigins,
    loggedRejection,
    sts,
} from "./harness";
import {
    deleteBucketPublicAccessBlock,
    putBucketPolicy,
    securityHubOpenDefaultGroup,
    securityHubPublicBucket,
    stopLogging,
    WORKLOAD_ACCOUNT,
} from "../../tools/events/samples";

const s3 = mockClient(S3Client);
const BUCKET = "checkout-exports-111122223333";
const ALL_BLOCKED = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };

/** One bucket: its public access block (none at first), whether its policy is public, its ACL grants. */
function bucket(opts: { publicPolicy: boolean; publicAcl?: boolean }) {
    const state = { block: undefined as typeof ALL_BLOCKED | undefined };
    s3.reset();
    s3.on(GetPublicAccessBlockCommand).callsFake(() => {
        if (!state.block) throw awsError("NoSuchPublicAccessBlockConfiguration");
        return { PublicAccessBlockConfiguration: state.block };
    });
    s3.on(PutPublicAccessBlockCommand).callsFake((input: { PublicAccessBlockConfiguration: typeof ALL_BLOCKED }) => {
        state.block = input.PublicAccessBlockConfiguration;
        return {};
    });
    s3.on(GetBucketPolicyStatusCommand).resolves({ PolicyStatus: { IsPublic: opts.publicPolicy } });
    s3.on(GetBucketAclCommand).resolves({
        Owner: { ID: "owner" },
        Grants: [
            { Grantee: { Type: "CanonicalUser", ID: "owner" }, Permission: "FULL_CONTROL" },
            ...(opts.publicAcl
                ? [{ Grantee: { Type: "Group" as const, URI: "http://acs.amazonaws.com/groups/global/AllUsers" }, Permission: "READ" as const }]
                : []),
        ],
    });
    return state;
}

const expected: [string, unknown][] = [
    ["PutPublicAccessBlock", { Bucket: BUCKET, ExpectedBucketOwner: WORKLOAD_ACCOUNT, PublicAccessBlockConfiguration: ALL_BLOCKED }],
];

describe("response handler: block-s3-public-access", () => {
    handlerHarness();

    const cases: [string, unknown, { publicPolicy: boolean; publicAcl?: boolean }][] = [
        ["a public bucket policy (CloudTrail PutBucketPolicy)", putBucketPolicy, { publicPolicy: true }],
        ["a deleted public access block (CloudTrail)", deleteBucketPublicAccessBlock, { publicPolicy: false }],
        ["a Security Hub S3.8 finding (ASFF)", securityHubPublicBucket, { publicPolicy: false }],
    ];
    for (const [name, event, state] of cases) {
        it(`blocks all public access after ${name}, and a second delivery changes nothing`, async () => {
            bucket(state);
            const first = await handler(event);
            assert.equal(first.outcome, "remediated");
            assert.deepEqual(changes(s3), expected);
            s3.resetHistory();
            const second = await handler(event);
            assert.equal(second.outcome, "compliant");
            assert.deepEqual(changes(s3), []);
        });
    }

    it("names the event's account as the bucket owner on every S3 call, so a same-named bucket of another account is refused by S3", async () => {
        bucket({ publicPolicy: true });
        await handler(putBucketPolicy);
        const calls = s3.calls().map((c) => (c.args[0] as { input: { ExpectedBucketOwner?: string } }).input.ExpectedBucketOwner);
        assert.ok(calls.length >= 3);
        assert.deepEqual(new Set(calls), new Set([WORKLOAD_ACCOUNT]));
    });

    it("blocks a bucket whose ACL grants everyone access", async () => {
        bucket({ publicPolicy: false, publicAcl: true });
        const acl = clone(putBucketPolicy) as { detail: { eventName: string } };
        acl.detail.eventName = "PutBucketAcl";
        assert.equal((await handler(acl)).outcome, "remediated");
        assert.deepEqual(changes(s3), expected);
    });

    it("leaves a private bucket alone after a policy change", async () => {
        bucket({ publicPolicy: false });
        const result = await handler(putBucketPolicy);
        assert.equal(result.outcome, "skipped");
        assert.match(result.reason ?? "", /is not public/);
        assert.deepEqual(changes(s3), []);
    });

    it("only reads in dry-run", async () => {
        process.env.DRY_RUN = "true";
        bucket({ publicPolicy: true });
        const result = await handler(putBucketPolicy);
        assert.equal(result.outcome, "dry-run");
        assert.deepEqual(result.actions, [`block all public access on bucket ${BUCKET}`]);
        assert.deepEqual(changes(s3), []);
    });

    it("skips a call that failed", async () => {
        bucket({ publicPolicy: true });
        const denied = clone(putBucketPolicy) as { detail: Record<string, unknown> };
        denied.detail.errorCode = "AccessDenied";
        assert.equal((await handler(denied)).outcome, "skipped");
        assert.equal(callCount(s3, sts), 0);
    });

    const bad: [string, unknown, RegExp][] = [
        [
            "a CloudTrail event of another service",
            { ...clone(stopLogging), source: "aws.s3" },
            /cloudtrail.amazonaws.com StopLogging is not a bucket access change/,
        ],
        [
            "a CloudTrail event without a bucket name",
            (() => {
                const e = clone(putBucketPolicy) as { detail: { requestParameters: Record<string, unknown> } };
                delete e.detail.requestParameters.bucketName;
                return e;
            })(),
            /requestParameters.bucketName is missing/,
        ],
        ["a Security Hub finding for another control", securityHubOpenDefaultGroup, /control EC2.2, not one of S3.2, S3.3, S3.8/],
        [
            "a Security Hub event with no findings",
            (() => {
                const e = clone(securityHubPublicBucket) as { detail: { findings: unknown[] } };
                e.detail.findings = [];
                return e;
            })(),
            /malformed Security Hub event: detail.findings/,
        ],
        ["an empty object", {}, /malformed event/],
        // Hostile: wildcards, paths and ARNs for a bucket name, records of another account or region, spoofed findings.
        ...(["*", "checkout-?", "a/../b", "arn:aws:s3:::checkout-exports-111122223333", "192.168.1.10", "checkout..exports"].map((name) => [
            `a CloudTrail call naming the bucket ${JSON.stringify(name)}`,
            edited(putBucketPolicy, (e) => (e.detail.requestParameters.bucketName = name)),
            /requestParameters.bucketName .* is not a bucket name/,
        ]) as [string, unknown, RegExp][]),
        ...hostileCloudTrailOrigins(putBucketPolicy),
        ...hostileSecurityHubOrigins(securityHubPublicBucket),
        [
            "a finding whose bucket id is a wildcard ARN",
            edited(securityHubPublicBucket, (e) => (e.detail.findings[0].Resources[0].Id = "arn:aws:s3:::checkout-*")),
            /resource id "arn:aws:s3:::checkout-\*" is not one S3 bucket of partition aws/,
        ],
        [
            "a finding whose bucket id carries a path",
            edited(securityHubPublicBucket, (e) => (e.detail.findings[0].Resources[0].Id = "arn:aws:s3:::checkout-exports/../other")),
            /is not one S3 bucket of partition aws/,
        ],
        [
            "a finding whose bucket ARN is of another service",
            edited(securityHubPublicBucket, (e) => (e.detail.findings[0].Resources[0].Id = "arn:aws:iam:::checkout-exports-111122223333")),
            /is not one S3 bucket of partition aws/,
        ],
        [
            "a finding whose resource claims another partition",
            edited(securityHubPublicBucket, (e) => (e.detail.findings[0].Resources[0].Partition = "aws-cn")),
            /resource is in partition aws-cn, but eu-west-1 is in aws/,
        ],
        [
            "a finding whose resource is in another region than the finding",
            edited(securityHubPublicBucket, (e) => (e.detail.findings[0].Resources[0].Region = "us-east-1")),
            /resource is in us-east-1, but the finding is from eu-west-1/,
        ],
    ];
    for (const [name, event, reason] of bad) {
        it(`rejects ${name} with a logged reason and no AWS call`, async () => {
            bucket({ publicPolicy: true });
            const result = await handler(event);
            assert.equal(result.outcome, "rejected");
            assert.match(result.reason ?? "", reason);
            assert.match(loggedRejection() ?? "", reason);
            assert.equal(callCount(s3, sts), 0);
        });
    }
});
