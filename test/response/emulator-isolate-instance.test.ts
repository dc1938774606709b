import { strict as assert } from "assert";
import {
    AttachInstancesCommand,
    AutoScalingClient,
    CreateAutoScalingGroupCommand,
    DescribeAutoScalingGroupsCommand,
    DescribeAutoScalingInstancesCommand,
} from "@aws-sdk/client-auto-scaling";
import {
    CloudTrailClient,
    CreateTrailCommand,
    GetEventSelectorsCommand,
    GetTrailCommand,
    GetTrailStatusCommand,
    PutEventSelectorsCommand,
    StartLoggingCommand,
    StopLoggingCommand,
    UpdateTrailCommand,
} from "@aws-sdk/client-cloudtrail";
import {
    AttachNetworkInterfaceCommand,
    AuthorizeSecurityGroupIngressCommand,
    CreateLaunchTemplateCommand,
    CreateNetworkInterfaceCommand,
    CreateSecurityGroupCommand,
    CreateSubnetCommand,
    CreateVpcCommand,
    DescribeIamInstanceProfileAssociationsCommand,
    DescribeImagesCommand,
    DescribeInstancesCommand,
    DescribeNetworkAclsCommand,
    DescribeSecurityGroupRulesCommand,
    DescribeSecurityGroupsCommand,
    DescribeSnapshotsCommand,
    EC2Client,
    RunInstancesCommand,
    TerminateInstancesCommand,
} from "@aws-sdk/client-ec2";
import {
    AddRoleToInstanceProfileCommand,
    CreateAccessKeyCommand,
    CreateInstanceProfileCommand,
    CreateRoleCommand,
    CreateUserCommand,
    DeleteAccessKeyCommand,
    GetRolePolicyCommand,
    IAMClient,
    ListAccessKeysCommand,
} from "@aws-sdk/client-iam";
import {
    CreateBucketCommand,
    DeleteBucketCommand,
    GetBucketAclCommand,
    GetBucketPolicyCommand,
    GetPublicAccessBlockCommand,
    PutBucketAclCommand,
    PutBucketPolicyCommand,
    PutPublicAccessBlockCommand,
    S3Client,
} from "@aws-sdk/client-s3";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import type { AwsCredentialIdentity } from "@aws-sdk/types";
import { handler as blockS3PublicAccess } from "../../components/response/handlers/block-s3-public-access";
import { handler as deactivateAccessKey } from "../../components/response/handlers/deactivate-access-key";
import { handler as isolateInstance, QUARANTINE_GROUP_NAME, QUARANTINE_TAG } from "../../components/response/handlers/isolate-instance";
import { handler as restoreDefaultSecurityGroup } from "../../components/response/handlers/restore-default-security-group";
import { handler as restoreTrail } from "../../components/response/handlers/restore-trail";
import type { Result } from "../../components/response/handlers/runtime";
import { REVOKE_SESSIONS_POLICY_NAME } from "../../components/policies/response";
import { bypassClientMocks, Emulator, useEmulatorEnv } from "../../tools/emulator/emulator";
import {
    authorizeDefaultGroupIngress,
    deleteBucketPublicAccessBlock,
    exposedKeyHealthEvent,
    guardDutyAccessKeyFinding,
    guardDutyInstanceFinding,
    putBucketPolicy,
    securityHubOpenDefaultGroup,
    securityHubPublicBucket,
    stopLogging,
    putEventSelectors,
    retarget,
    updateOrganizationTrail,
    WORKLOAD_ACCOUNT,
} from "../../tools/events/samples";
import { apiEventSelectors, organizationTrailSelectors } from "../../components/security/cloudtrail";

/**
 * The five remediation handlers, unchanged, against moto (a local AWS API emulator): each test seeds the
 * AWS state a handler acts on through the SDK, delivers the event AWS would send (the samples, with ids
 * swapped for the seeded ones), and reads the resulting state back from the emulator. Each is run twice
 * (the second delivery must change nothing) and in dry-run (nothing may change at all).
 *
 * Everything runs in the workload account: the handlers assume their remediation role there through
 * STS, and moto files whatever a role's credentials do under the role's account, so seeding goes
 * through the same AssumeRole and a handler that acted in the wrong account would not see the state.
 *
 * The client-mock tests in the sibling *.test.ts files stay for what is better shown there: events
 * rejected before any AWS call (the mocks count calls), and AWS faults moto does not produce
 * (throttling, AccessDenied, one call of several failing).
 */

const ROLE_NAME = "lz-remediation-test";
const REGION = "eu-west-1";
const FINDING = "a2c8b3f0e1d24c6b9f7a5e3d1c0b9a87";

/** Credentials of a role in the workload account, as the handlers get theirs. */
async function workloadCredentials(): Promise<AwsCredentialIdentity> {
    const sts = new STSClient({ region: REGION });
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${WORKLOAD_ACCOUNT}:role/emulator-seed`, RoleSessionName: "emulator-seed" }));
    const c = out.Credentials!;
    return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken };
}

async function workload() {
    const credentials = await workloadCredentials();
    const config = { region: REGION, credentials };
    return {
        ec2: new EC2Client(config),
        autoscaling: new AutoScalingClient(config),
        iam: new IAMClient(config),
        s3: new S3Client(config),
        cloudtrail: new CloudTrailClient(config),
    };
}
type Clients = Awaited<ReturnType<typeof workload>>;

describe("response handlers against the AWS API emulator (moto)", () => {
    let emulator: Emulator | undefined;
    let restoreMocks: (() => void) | undefined;
    let restoreEnv: (() => void) | undefined;
    let aws: Clients;
    const logs: string[] = [];
    const original = { log: console.log, error: console.error };

    before(async () => {
        restoreMocks = bypassClientMocks([STSClient, EC2Client, AutoScalingClient, IAMClient, S3Client, CloudTrailClient]);
        emulator = await Emulator.start();
    });
    after(async () => {
        await emulator?.stop();
        restoreMocks?.();
    });
    beforeEach(async () => {
        await emulator!.reset();
        restoreEnv = useEmulatorEnv(emulator!.endpoint, {
            REMEDIATION_ROLE_NAME: ROLE_NAME,
            TARGET_ACCOUNTS: WORKLOAD_ACCOUNT,
            // The home region, and the global-events region where IAM's events (AWS Health's exposed keys) arrive.
            TARGET_REGIONS: `${REGION},us-east-1`,
            DRY_RUN: "false",
            AWS_LAMBDA_FUNCTION_NAME: "lz-remediation-emulator-test",
            ORGANIZATION_TRAIL_BUCKET: undefined,
        });
        aws = await workload();
        logs.length = 0;
        console.log = (line: unknown) => logs.push(String(line));
        console.error = (line: unknown) => logs.push(String(line));
    });
    afterEach(function () {
        console.log = original.log;
        console.error = original.error;
        restoreEnv?.();
        restoreEnv = undefined;
        if (this.currentTest?.state === "failed") console.error(`handler logs:\n${logs.join("\n")}`);
    });

    /** Runs the handler and checks the outcome, showing the result when it is another. */
    async function expectOutcome(run: Promise<Result>, outcome: Result["outcome"]): Promise<Result> {
        const result = await run;
        assert.equal(result.outcome, outcome, `expected ${outcome}, got ${JSON.stringify(result)}`);
        return result;
    }

    /** Delivers the event, then again, then checks the first changed the state and the second did not. */
    async function remediateTwice<S>(run: () => Promise<Result>, state: () => Promise<S>): Promise<{ before: S; after: S; first: Result }> {
        const before = await state();
        const first = await expectOutcome(run(), "remediated");
        const after = await state();
        assert.notDeepEqual(after, before, "the first delivery changed nothing");
        await expectOutcome(run(), "compliant");
        assert.deepEqual(await state(), after, "the second delivery changed the state");
        return { before, after, first };
    }

    /** Delivers the event in dry-run and checks it reported actions and changed nothing. */
    async function dryRun<S>(run: () => Promise<Result>, state: () => Promise<S>): Promise<Result> {
        process.env.DRY_RUN = "true";
        const before = await state();
        const result = await expectOutcome(run(), "dry-run");
        assert.ok(result.actions.length > 0, "dry-run reported no action");
        assert.deepEqual(await state(), before, "dry-run changed the state");
        return result;
    }

    describe("isolate-instance", () => {
        interface Seeded {
            instanceId: string;
            vpcId: string;
            appGroup: string;
            adminGroup: string;
            volumes: string[];
            subnetId: string;
        }

        /** A running instance in a VPC with two network interfaces, two security groups, two EBS volumes, an instance profile, in an Auto Scaling group. */
        async function seed(): Promise<Seeded> {
            const { ec2, iam, autoscaling } = aws;
            const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: "10.4.0.0/16" }))).Vpc!.VpcId!;
            const subnetId = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: "10.4.17.0/24", AvailabilityZone: "eu-west-1b" }))).Subnet!
                .SubnetId!;
            const appGroup = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: "checkout-app", Description: "checkout app", VpcId: vpcId })))
                .GroupId!;
            const adminGroup = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: "checkout-admin", Description: "admin", VpcId: vpcId }))).GroupId!;
            await ec2.send(
                new AuthorizeSecurityGroupIngressCommand({
                    GroupId: appGroup,
                    IpPermissions: [{ IpProtocol: "tcp", FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: "10.0.0.0/8" }] }],
                }),
            );
            await iam.send(
                new CreateRoleCommand({
                    RoleName: "checkout-app",
                    AssumeRolePolicyDocument: JSON.stringify({
                        Version: "2012-10-17",
                        Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
                    }),
                }),
            );
            await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: "checkout-app" }));
            await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: "checkout-app", RoleName: "checkout-app" }));
            const imageId = (await ec2.send(new DescribeImagesCommand({ Owners: ["amazon"] }))).Images![0].ImageId!;
            const instanceId = (
                await ec2.send(
                    new RunInstancesCommand({
                        ImageId: imageId,
                        InstanceType: "t3.micro",
                        MinCount: 1,
                        MaxCount: 1,
                        // Groups on the interface, not SecurityGroupIds: moto reports launch-time instance groups on every
                        // attached interface even after ModifyNetworkInterfaceAttribute replaced them, which AWS does not.
                        NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: subnetId, Groups: [appGroup] }],
                        IamInstanceProfile: { Name: "checkout-app" },
                        // moto creates no root volume of its own once mappings are given.
                        BlockDeviceMappings: [
                            { DeviceName: "/dev/xvda", Ebs: { VolumeSize: 8 } },
                            { DeviceName: "/dev/xvdf", Ebs: { VolumeSize: 20 } },
                        ],
                    }),
                )
            ).Instances![0].InstanceId!;
            const eni = (await ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnetId, Groups: [appGroup, adminGroup] }))).NetworkInterface!
                .NetworkInterfaceId!;
            await ec2.send(new AttachNetworkInterfaceCommand({ NetworkInterfaceId: eni, InstanceId: instanceId, DeviceIndex: 1 }));
            await ec2.send(
                new CreateLaunchTemplateCommand({ LaunchTemplateName: "checkout-app", LaunchTemplateData: { ImageId: imageId, InstanceType: "t3.micro" } }),
            );
            await autoscaling.send(
                new CreateAutoScalingGroupCommand({
                    AutoScalingGroupName: "checkout-app",
                    LaunchTemplate: { LaunchTemplateName: "checkout-app" },
                    MinSize: 0,
                    MaxSize: 2,
                    DesiredCapacity: 0,
                    VPCZoneIdentifier: subnetId,
                }),
            );
            await autoscaling.send(new AttachInstancesCommand({ AutoScalingGroupName: "checkout-app", InstanceIds: [instanceId] }));
            const instance = await describeInstance(instanceId);
            const volumes = (instance.BlockDeviceMappings ?? []).map((m) => m.Ebs!.VolumeId!).sort();
            assert.equal(volumes.length, 2, "seed: the instance has a root and a data volume");
            assert.equal(instance.NetworkInterfaces?.length, 2, "seed: the instance has two network interfaces");
            return { instanceId, vpcId, appGroup, adminGroup, volumes, subnetId };
        }

        async function describeInstance(instanceId: string) {
            return (await aws.ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }))).Reservations![0].Instances![0];
        }

        /** What isolation touches, read back from the emulator, in a stable order. */
        async function state(s: Seeded) {
            const { ec2, autoscaling } = aws;
            const instance = await describeInstance(s.instanceId);
            const groups = (
                await ec2.send(
                    new DescribeSecurityGroupsCommand({
                        Filters: [
                            { Name: "vpc-id", Values: [s.vpcId] },
                            { Name: "group-name", Values: [QUARANTINE_GROUP_NAME] },
                        ],
                    }),
                )
            ).SecurityGroups!;
            const quarantine = groups[0];
            const rules = quarantine
                ? (await ec2.send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: "group-id", Values: [quarantine.GroupId!] }] })))
                      .SecurityGroupRules!
                : [];
            const snapshots = (
                await ec2.send(new DescribeSnapshotsCommand({ OwnerIds: ["self"], Filters: [{ Name: `tag:${QUARANTINE_TAG}`, Values: [FINDING] }] }))
            ).Snapshots!;
            const membership = (await autoscaling.send(new DescribeAutoScalingInstancesCommand({ InstanceIds: [s.instanceId] }))).AutoScalingInstances!;
            const group = (await autoscaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ["checkout-app"] }))).AutoScalingGroups![0];
            const profiles = (await ec2.send(new DescribeIamInstanceProfileAssociationsCommand({ Filters: [{ Name: "instance-id", Values: [s.instanceId] }] })))
                .IamInstanceProfileAssociations!;
            return {
                state: instance.State?.Name,
                interfaces: (instance.NetworkInterfaces ?? [])
                    .map((n) => ({ id: n.NetworkInterfaceId, groups: (n.Groups ?? []).map((g) => g.GroupId).sort() }))
                    .sort((a, b) => a.id!.localeCompare(b.id!)),
                tags: (instance.Tags ?? []).map((t) => `${t.Key}=${t.Value}`).sort(),
                quarantine: quarantine && {
                    id: quarantine.GroupId,
                    tags: (quarantine.Tags ?? []).map((t) => `${t.Key}=${t.Value}`).sort(),
                    rules: rules.length,
                },
                quarantineGroups: groups.length,
                snapshots: snapshots
                    .map((snap) => ({
                        volume: snap.VolumeId,
                        description: snap.Description,
                        tags: (snap.Tags ?? []).map((t) => `${t.Key}=${t.Value}`).sort(),
                    }))
                    .sort((a, b) => a.volume!.localeCompare(b.volume!)),
                autoScalingGroups: membership.filter((m) => !m.LifecycleState?.startsWith("Detach")).map((m) => m.AutoScalingGroupName),
                desiredCapacity: group.DesiredCapacity,
                groupInstances: (group.Instances ?? []).map((i) => i.InstanceId!),
                instanceProfiles: profiles.filter((p) => p.State === "associated").map((p) => p.IamInstanceProfile?.Arn),
                addresses: (instance.NetworkInterfaces ?? []).flatMap((n) => (n.PrivateIpAddresses ?? []).map((a) => a.PrivateIpAddress!)).sort(),
                naclDenies: (await ec2.send(new DescribeNetworkAclsCommand({ Filters: [{ Name: "association.subnet-id", Values: [s.subnetId] }] })))
                    .NetworkAcls![0].Entries!.filter((e) => e.RuleAction === "deny" && e.RuleNumber! < 100)
                    .map((e) => `${e.Egress ? "out" : "in"} ${e.CidrBlock}`)
                    .sort(),
                revocation: await revocationSids(),
            };
        }

        /** Sids of the revocation policy on the instance's role, if any. */
        async function revocationSids(): Promise<string[]> {
            try {
                const out = await aws.iam.send(new GetRolePolicyCommand({ RoleName: "checkout-app", PolicyName: REVOKE_SESSIONS_POLICY_NAME }));
                const doc = out.PolicyDocument!.trimStart().startsWith("{") ? out.PolicyDocument! : decodeURIComponent(out.PolicyDocument!);
                return (JSON.parse(doc).Statement as { Sid: string }[]).map((st) => st.Sid);
            } catch (err) {
                if ((err as { name?: string }).name === "NoSuchEntityException" || (err as { name?: string }).name === "NoSuchEntity") return [];
                throw err;
            }
        }

        const event = (s: Seeded) => retarget(guardDutyInstanceFinding, { "i-0a1b2c3d4e5f67890": s.instanceId, "vpc-0fedcba9876543210": s.vpcId });

        it("detaches, snapshots, quarantines and tags the instance, and a second delivery changes nothing", async () => {
            const s = await seed();
            const { before: b, after: a } = await remediateTwice(
                () => isolateInstance(event(s)),
                () => state(s),
            );
            assert.deepEqual(b.autoScalingGroups, ["checkout-app"]);
            assert.deepEqual(a.autoScalingGroups, [], "still in its Auto Scaling group");
            assert.equal(a.desiredCapacity, b.desiredCapacity, "desired capacity was decremented: the group would not replace the instance");
            assert.equal(a.groupInstances.length, 1, "the group did not replace the detached instance");
            assert.notEqual(a.groupInstances[0], s.instanceId);
            assert.deepEqual(
                a.snapshots,
                s.volumes.map((volume) => ({
                    volume,
                    description: `Evidence for GuardDuty finding ${FINDING} on ${s.instanceId}`,
                    tags: [`landing-zone:instance=${s.instanceId}`, `${QUARANTINE_TAG}=${FINDING}`],
                })),
            );
            assert.equal(a.quarantineGroups, 1);
            assert.deepEqual(a.quarantine?.tags, ["landing-zone:purpose=quarantine"]);
            assert.equal(a.quarantine?.rules, 0, "the quarantine group still has rules (a new group comes with allow-all egress)");
            assert.deepEqual(
                a.interfaces.map((i) => i.groups),
                [[a.quarantine!.id], [a.quarantine!.id]],
            );
            assert.ok(a.tags.includes(`${QUARANTINE_TAG}=${FINDING}`));
            // Evidence is kept: the instance keeps running, and its former groups still exist for the investigation.
            assert.equal(a.state, "running");
            const kept = (await aws.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [s.appGroup, s.adminGroup] }))).SecurityGroups!;
            assert.equal(kept.length, 2);
            // The role is taken away and its older sessions revoked: the credentials the instance (or whoever
            // copied them off it) holds are denied, and it gets no new ones.
            assert.equal(b.instanceProfiles.length, 1);
            assert.deepEqual(a.instanceProfiles, []);
            assert.deepEqual(a.revocation, [`RevokeSessionsBeforeFinding${FINDING}`]);
            // The subnet's NACL denies the instance's addresses both ways (stateless: established flows end too).
            assert.deepEqual(b.naclDenies, []);
            assert.deepEqual(a.naclDenies, a.addresses.flatMap((ip) => [`in ${ip}/32`, `out ${ip}/32`]).sort());
        });

        it("only reads in dry-run", async () => {
            const s = await seed();
            const result = await dryRun(
                () => isolateInstance(event(s)),
                () => state(s),
            );
            // detach, 2 snapshots, group, 2 moves, 2 addresses x 2 directions in the NACL, revoke, remove profile, tag
            assert.equal(result.actions.length, 13, result.actions.join("\n"));
        });

        it("skips an instance that was terminated, with moto's real error and state names", async () => {
            const s = await seed();
            await aws.ec2.send(new TerminateInstancesCommand({ InstanceIds: [s.instanceId] }));
            const result = await expectOutcome(isolateInstance(event(s)), "skipped");
            assert.match(result.reason ?? "", /is (terminated|shutting-down)|no longer exists/);
            const gone = retarget(guardDutyInstanceFinding, { "i-0a1b2c3d4e5f67890": "i-0123456789abcdef0" });
            assert.match((await expectOutcome(isolateInstance(gone), "skipped")).reason ?? "", /no longer exists/);
        });
    });

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

    describe("deactivate-access-key", () => {
        const SAMPLE_KEY = "AKIAIOSFODNN7EXAMPLE";

        /** User ci-deployer with two active keys; the first is the one reported. */
        async function seed(): Promise<{ reported: string; other: string }> {
            const { iam } = aws;
            await iam.send(new CreateUserCommand({ UserName: "ci-deployer" }));
            const reported = (await iam.send(new CreateAccessKeyCommand({ UserName: "ci-deployer" }))).AccessKey!.AccessKeyId!;
            const other = (await iam.send(new CreateAccessKeyCommand({ UserName: "ci-deployer" }))).AccessKey!.AccessKeyId!;
            return { reported, other };
        }

        async function state() {
            const keys = (await aws.iam.send(new ListAccessKeysCommand({ UserName: "ci-deployer" }))).AccessKeyMetadata ?? [];
            return Object.fromEntries(keys.map((k) => [k.AccessKeyId!, k.Status]));
        }

        for (const [name, sample] of [
            ["a GuardDuty IAMUser finding", guardDutyAccessKeyFinding],
            ["an AWS Health exposed-key event", exposedKeyHealthEvent],
        ] as const) {
            it(`deactivates only the reported key after ${name}, and a second delivery changes nothing`, async () => {
                const keys = await seed();
                const event = retarget(sample, { [SAMPLE_KEY]: keys.reported });
                const { after } = await remediateTwice(() => deactivateAccessKey(event), state);
                // Deactivated, never deleted, and the user's other key is untouched.
                assert.deepEqual(after, { [keys.reported]: "Inactive", [keys.other]: "Active" });
            });
        }

        it("only reads in dry-run", async () => {
            const keys = await seed();
            const result = await dryRun(() => deactivateAccessKey(retarget(guardDutyAccessKeyFinding, { [SAMPLE_KEY]: keys.reported })), state);
            assert.deepEqual(result.actions, [`deactivate access key ${keys.reported} of user ci-deployer`]);
        });

        it("skips a key that was already deleted, with moto's real error name", async () => {
            const keys = await seed();
            await aws.iam.send(new DeleteAccessKeyCommand({ UserName: "ci-deployer", AccessKeyId: keys.reported }));
            const health = await expectOutcome(deactivateAccessKey(retarget(exposedKeyHealthEvent, { [SAMPLE_KEY]: keys.reported })), "skipped");
            assert.match(health.reason ?? "", /no longer exists/);
            const guardDuty = await expectOutcome(deactivateAccessKey(retarget(guardDutyAccessKeyFinding, { [SAMPLE_KEY]: keys.reported })), "skipped");
            assert.match(guardDuty.reason ?? "", /no longer exists/);
            assert.deepEqual(await state(), { [keys.other]: "Active" });
        });
    });

    describe("restore-trail", () => {
        const CENTRAL_BUCKET = "lz-dev-cloudtrail-210987654321-eu-west-1";
        const ORG_TRAIL = "landing-zone-organization";
        const TEAM_TRAIL = "checkout-audit";
        /** Management events excluded: what someone blinding the trail would set. Restoring selectors is not this handler's job. */
        const BLIND_SELECTORS = [{ ReadWriteType: "ReadOnly" as const, IncludeManagementEvents: false, DataResources: [] }];
        const ORGANIZATION_SELECTORS = apiEventSelectors(
            organizationTrailSelectors("aws", { bucketName: CENTRAL_BUCKET, s3DataEvents: true, lambdaDataEvents: false }),
        );

        /** The central log bucket, an organization trail and a team's trail, both logging, then tampered with. */
        async function seed(): Promise<void> {
            const { s3, cloudtrail } = aws;
            for (const bucket of [CENTRAL_BUCKET, "attacker-bucket", "checkout-audit-logs"]) {
                await s3.send(new CreateBucketCommand({ Bucket: bucket, CreateBucketConfiguration: { LocationConstraint: REGION } }));
            }
            await cloudtrail.send(
                new CreateTrailCommand({
                    Name: ORG_TRAIL,
                    S3BucketName: CENTRAL_BUCKET,
                    IsOrganizationTrail: true,
                    IsMultiRegionTrail: true,
                    IncludeGlobalServiceEvents: true,
                    EnableLogFileValidation: true,
                }),
            );
            await cloudtrail.send(new CreateTrailCommand({ Name: TEAM_TRAIL, S3BucketName: "checkout-audit-logs", IsMultiRegionTrail: false }));
            for (const name of [ORG_TRAIL, TEAM_TRAIL]) await cloudtrail.send(new StartLoggingCommand({ Name: name }));
            // The tampering the events below report.
            await cloudtrail.send(
                new UpdateTrailCommand({ Name: ORG_TRAIL, IsMultiRegionTrail: false, EnableLogFileValidation: false, S3BucketName: "attacker-bucket" }),
            );
            await cloudtrail.send(new PutEventSelectorsCommand({ TrailName: ORG_TRAIL, EventSelectors: BLIND_SELECTORS }));
            for (const name of [ORG_TRAIL, TEAM_TRAIL]) await cloudtrail.send(new StopLoggingCommand({ Name: name }));
        }

        async function trailState(name: string) {
            const { cloudtrail } = aws;
            const t = (await cloudtrail.send(new GetTrailCommand({ Name: name }))).Trail!;
            const status = await cloudtrail.send(new GetTrailStatusCommand({ Name: name }));
            const selectors = await cloudtrail.send(new GetEventSelectorsCommand({ TrailName: name }));
            return {
                logging: status.IsLogging,
                multiRegion: t.IsMultiRegionTrail,
                globalEvents: t.IncludeGlobalServiceEvents,
                validation: t.LogFileValidationEnabled,
                bucket: t.S3BucketName,
                selectors: selectors.EventSelectors ?? [],
                advancedSelectors: selectors.AdvancedEventSelectors ?? [],
            };
        }
        const state = async () => ({ org: await trailState(ORG_TRAIL), team: await trailState(TEAM_TRAIL) });

        it("restores an organization trail's guarantees, central bucket, event selectors and logging after UpdateTrail, and a second delivery changes nothing", async () => {
            process.env.ORGANIZATION_TRAIL_BUCKET = CENTRAL_BUCKET;
            process.env.ORGANIZATION_TRAIL_SELECTORS = JSON.stringify(ORGANIZATION_SELECTORS);
            await seed();
            const { before: b, after: a, first } = await remediateTwice(() => restoreTrail(updateOrganizationTrail), state);
            const { selectors, advancedSelectors, ...settings } = a.org;
            assert.deepEqual(settings, { logging: true, multiRegion: true, globalEvents: true, validation: true, bucket: CENTRAL_BUCKET });
            assert.equal(first.actions.length, 3, first.actions.join("\n"));
            assert.deepEqual(b.org.selectors, BLIND_SELECTORS);
            // The tampered basic selectors are replaced by the program's advanced ones.
            assert.deepEqual(selectors, []);
            assert.deepEqual(advancedSelectors, ORGANIZATION_SELECTORS);
            assert.deepEqual(a.team, b.team, "the team's trail was touched");
        });

        it("puts the event selectors back after PutEventSelectors on the organization trail", async () => {
            process.env.ORGANIZATION_TRAIL_SELECTORS = JSON.stringify(ORGANIZATION_SELECTORS);
            await seed();
            const { after: a } = await remediateTwice(() => restoreTrail(putEventSelectors), state);
            assert.deepEqual(a.org.advancedSelectors, ORGANIZATION_SELECTORS);
            assert.deepEqual(a.org.selectors, []);
        });

        it("turns a team trail's logging back on after StopLogging and leaves its settings to its owner", async () => {
            await seed();
            const { before: b, after: a } = await remediateTwice(() => restoreTrail(stopLogging), state);
            assert.deepEqual(a.team, { ...b.team, logging: true });
            assert.equal(a.team.multiRegion, false);
            assert.deepEqual(a.org, b.org, "the organization trail was touched");
        });

        it("only reads in dry-run", async () => {
            process.env.ORGANIZATION_TRAIL_BUCKET = CENTRAL_BUCKET;
            await seed();
            await dryRun(() => restoreTrail(updateOrganizationTrail), state);
            await dryRun(() => restoreTrail(stopLogging), state);
        });

        it("skips a trail that no longer exists, with moto's real error name", async () => {
            const result = await expectOutcome(restoreTrail(stopLogging), "skipped");
            assert.match(result.reason ?? "", /no longer exists/);
        });
    });

    describe("restore-default-security-group", () => {
        const SAMPLE_GROUP = "sg-0d1e2f3a4b5c6d7e8";

        /** A VPC (moto creates its default group with the usual rules) with SSH opened to the world on the default group, and an ordinary group. */
        async function seed(): Promise<{ defaultGroup: string; appGroup: string }> {
            const { ec2 } = aws;
            const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: "10.4.0.0/16" }))).Vpc!.VpcId!;
            const defaultGroup = (
                await ec2.send(
                    new DescribeSecurityGroupsCommand({
                        Filters: [
                            { Name: "vpc-id", Values: [vpcId] },
                            { Name: "group-name", Values: ["default"] },
                        ],
                    }),
                )
            ).SecurityGroups![0].GroupId!;
            const appGroup = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: "checkout-app", Description: "checkout app", VpcId: vpcId })))
                .GroupId!;
            for (const groupId of [defaultGroup, appGroup]) {
                await ec2.send(
                    new AuthorizeSecurityGroupIngressCommand({
                        GroupId: groupId,
                        IpPermissions: [{ IpProtocol: "tcp", FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: "0.0.0.0/0" }] }],
                    }),
                );
            }
            return { defaultGroup, appGroup };
        }

        async function rules(groupId: string) {
            const found = (await aws.ec2.send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: "group-id", Values: [groupId] }] })))
                .SecurityGroupRules!;
            return found
                .map((r) => `${r.IsEgress ? "out" : "in"} ${r.IpProtocol} ${r.FromPort}-${r.ToPort} ${r.CidrIpv4 ?? r.ReferencedGroupInfo?.GroupId}`)
                .sort();
        }

        for (const [name, sample] of [
            ["a CloudTrail AuthorizeSecurityGroupIngress call", authorizeDefaultGroupIngress],
            ["a Security Hub EC2.2 finding (ASFF)", securityHubOpenDefaultGroup],
        ] as const) {
            it(`revokes every rule of the default group after ${name}, and a second delivery changes nothing`, async () => {
                const g = await seed();
                const state = async () => ({ default: await rules(g.defaultGroup), app: await rules(g.appGroup) });
                const { before: b, after: a } = await remediateTwice(
                    () => restoreDefaultSecurityGroup(retarget(sample, { [SAMPLE_GROUP]: g.defaultGroup })),
                    state,
                );
                assert.ok(b.default.some((r) => r.startsWith("in tcp 22-22 0.0.0.0/0")));
                assert.ok(
                    b.default.some((r) => r.startsWith("out ")),
                    "seed: moto's default group has its default egress rule",
                );
                assert.deepEqual(a, { default: [], app: b.app });
            });
        }

        it("leaves a group that is not a default group untouched", async () => {
            const g = await seed();
            const before = await rules(g.appGroup);
            const result = await expectOutcome(restoreDefaultSecurityGroup(retarget(authorizeDefaultGroupIngress, { [SAMPLE_GROUP]: g.appGroup })), "skipped");
            assert.match(result.reason ?? "", /not a VPC default group/);
            assert.deepEqual(await rules(g.appGroup), before);
        });

        it("only reads in dry-run", async () => {
            const g = await seed();
            const result = await dryRun(
                () => restoreDefaultSecurityGroup(retarget(authorizeDefaultGroupIngress, { [SAMPLE_GROUP]: g.defaultGroup })),
                () => rules(g.defaultGroup),
            );
            assert.equal(result.actions.length, 2, result.actions.join("\n"));
        });

        it("skips a group that no longer exists, with moto's real error name", async () => {
            await seed();
            const result = await expectOutcome(restoreDefaultSecurityGroup(authorizeDefaultGroupIngress), "skipped");
            assert.match(result.reason ?? "", /no longer exists/);
        });
    });
});
