import { strict as assert } from "assert";
import {
    CreateBucketCommand,
    DeleteBucketCommand,
    GetBucketAclCommand,
    GetBucketPolicyCommand,
    GetPublicAccessBlockCommand,
    PutBucketAclCommand,
    PutBucketPolicyCommand,
    PutPublicAccessBlockCommand,
} from "@aws-sdk/client-s3";
import { handler as blockS3PublicAccess } from "../../components/response/handlers/block-s3-public-access";
import { deleteBucketPublicAccessBlock, putBucketPolicy, securityHubPublicBucket, retarget, WORKLOAD_ACCOUNT } from "../../tools/events/samples";
import { aws, dryRun, expectOutcome, REGION, remediateTwice, useHandlerEmulator } from "./emulator-handlers";

describe("response handlers against the AWS API emulator (moto)", () => {
    useHandlerEmulator();

    describe("block-s3-public-access", () => {
        const BUCKET = "checkout-exports-111122223333";
        const PUBLIC_POLICY = JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `arn:aws:s3:::${BUCKET}/*` }],
        });

        async function seed(how: { policy?: "public" | "private"; acl?: "public-read"; block?: "partial" }): Promise<void> {
            const { s3 } = aws;
            await s3.send(new CreateBucketCommand({ Bucket: BUCKET, CreateBucketConfiguration: { LocationConstraint: REGION } }));
            if (how.block === "partial") {
                await s3.send(
                    new PutPublicAccessBlockCommand({
                        Bucket: BUCKET,
                        PublicAccessBlockConfiguration: {
                            BlockPublicAcls: true,
                            IgnorePublicAcls: false,
                            BlockPublicPolicy: false,
                            RestrictPublicBuckets: false,
                        },
                    }),
                );
            }
            if (how.policy === "public") await s3.send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: PUBLIC_POLICY }));
            if (how.policy === "private") {
                const policy = {
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Allow",
                            Principal: { AWS: `arn:aws:iam::${WORKLOAD_ACCOUNT}:root` },
                            Action: "s3:GetObject",
                            Resource: `arn:aws:s3:::${BUCKET}/*`,
                        },
                    ],
                };
                await s3.send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: JSON.stringify(policy) }));
            }
            if (how.acl) await s3.send(new PutBucketAclCommand({ Bucket: BUCKET, ACL: how.acl }));
        }

        /** The bucket's public access block, policy and ACL grants as moto reports them. */
        async function state() {
            const { s3 } = aws;
            let block: unknown = "none";
            try {
                block = (await s3.send(new GetPublicAccessBlockCommand({ Bucket: BUCKET }))).PublicAccessBlockConfiguration;
            } catch (e) {
                assert.equal((e as Error).name, "NoSuchPublicAccessBlockConfiguration");
            }
            let policy: string | undefined;
            try {
                policy = (await s3.send(new GetBucketPolicyCommand({ Bucket: BUCKET }))).Policy;
            } catch (e) {
                assert.equal((e as Error).name, "NoSuchBucketPolicy");
            }
            const grants = ((await s3.send(new GetBucketAclCommand({ Bucket: BUCKET }))).Grants ?? [])
                .map((g) => `${g.Grantee?.URI ?? g.Grantee?.ID}:${g.Permission}`)
                .sort();
            return { block, policy, grants };
        }

        const ALL_BLOCKED = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };
        const putBucketAcl = retarget(putBucketPolicy, { '"eventName":"PutBucketPolicy"': '"eventName":"PutBucketAcl"' });

        const cases: [string, unknown, Parameters<typeof seed>[0]][] = [
            ["a public bucket policy (CloudTrail PutBucketPolicy)", putBucketPolicy, { policy: "public" }],
            ["a public-read ACL (CloudTrail PutBucketAcl)", putBucketAcl, { acl: "public-read" }],
            ["a loosened public access block (CloudTrail DeleteBucketPublicAccessBlock)", deleteBucketPublicAccessBlock, { block: "partial" }],
            ["a Security Hub S3.8 finding (ASFF)", securityHubPublicBucket, {}],
        ];
        for (const [name, event, how] of cases) {
            it(`blocks all public access after ${name}, and a second delivery changes nothing`, async () => {
                await seed(how);
                const { before: b, after: a } = await remediateTwice(() => blockS3PublicAccess(event), state);
                assert.deepEqual(a.block, ALL_BLOCKED);
                // Only the block changes: the policy and ACL stay as the owner left them, for the investigation.
                assert.equal(a.policy, b.policy);
                assert.deepEqual(a.grants, b.grants);
            });
        }

        it("leaves a private bucket alone after a policy change", async () => {
            await seed({ policy: "private" });
            const before = await state();
            const result = await expectOutcome(blockS3PublicAccess(putBucketPolicy), "skipped");
            assert.match(result.reason ?? "", /is not public/);
            assert.deepEqual(await state(), before);
        });

        it("only reads in dry-run", async () => {
            await seed({ policy: "public" });
            const result = await dryRun(() => blockS3PublicAccess(putBucketPolicy), state);
            assert.deepEqual(result.actions, [`block all public access on bucket ${BUCKET}`]);
        });

        it("skips a bucket that no longer exists, with moto's real error name", async () => {
            await seed({});
            await aws.s3.send(new DeleteBucketCommand({ Bucket: BUCKET }));
            const result = await expectOutcome(blockS3PublicAccess(securityHubPublicBucket), "skipped");
            assert.match(result.reason ?? "", /no longer exists/);
        });
    });
});
