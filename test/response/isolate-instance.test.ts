import { strict as assert } from "assert";
import { AutoScalingClient, DescribeAutoScalingInstancesCommand, DetachInstancesCommand } from "@aws-sdk/client-auto-scaling";
import {
    CreateSecurityGroupCommand,
    CreateSnapshotCommand,
    CreateTagsCommand,
    DescribeInstancesCommand,
    DescribeSecurityGroupRulesCommand,
    DescribeSecurityGroupsCommand,
    DescribeSnapshotsCommand,
    EC2Client,
    ModifyNetworkInterfaceAttributeCommand,
    RevokeSecurityGroupEgressCommand,
} from "@aws-sdk/client-ec2";
import { AssumeRoleCommand } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { handler, QUARANTINE_GROUP_NAME, QUARANTINE_TAG } from "../../components/response/handlers/isolate-instance";
import { awsError, callCount, changes, clone, handlerHarness, loggedRejection, ROLE_NAME, sts } from "./harness";
import { guardDutyAccessKeyFinding, guardDutyInstanceFinding, OUTSIDE_ACCOUNT } from "./samples";

const ec2 = mockClient(EC2Client);
const autoscaling = mockClient(AutoScalingClient);
const FINDING = "a2c8b3f0e1d24c6b9f7a5e3d1c0b9a87";
const INSTANCE = "i-0a1b2c3d4e5f67890";

/** A small model of the account: the mocks read and change it, so a second delivery sees the first one's work. */
function account() {
    const state = {
        enis: new Map([
            ["eni-0123456789abcdef0", ["sg-0123abcd4567ef890"]],
            ["eni-0fedcba9876543210", ["sg-0123abcd4567ef890", "sg-0aaaabbbbccccdddd"]],
        ]),
        tags: [{ Key: "aws:autoscaling:groupName", Value: "checkout-app" }],
        autoScalingGroup: "checkout-app" as string | undefined,
        snapshots: [] as { VolumeId: string; Tags: { Key: string; Value: string }[] }[],
        quarantine: undefined as string | undefined,
        rules: new Map<string, { id: string; egress: boolean }[]>(),
    };
    ec2.reset();
    autoscaling.reset();
    ec2.on(DescribeInstancesCommand).callsFake(() => ({
        Reservations: [
            {
                Instances: [
                    {
                        InstanceId: INSTANCE,
                        State: { Name: "running", Code: 16 },
                        VpcId: "vpc-0fedcba9876543210",
                        BlockDeviceMappings: [
                            { DeviceName: "/dev/xvda", Ebs: { VolumeId: "vol-0aaa1111bbbb22223" } },
                            { DeviceName: "/dev/xvdf", Ebs: { VolumeId: "vol-0ccc3333dddd44445" } },
                        ],
                        NetworkInterfaces: [...state.enis].map(([id, groups]) => ({ NetworkInterfaceId: id, Groups: groups.map((g) => ({ GroupId: g })) })),
                        Tags: state.tags,
                    },
                ],
            },
        ],
    }));
    autoscaling.on(DescribeAutoScalingInstancesCommand).callsFake(() => ({
        AutoScalingInstances: state.autoScalingGroup
            ? [{ InstanceId: INSTANCE, AutoScalingGroupName: state.autoScalingGroup, LifecycleState: "InService", AvailabilityZone: "eu-west-1b" }]
            : [],
    }));
    autoscaling.on(DetachInstancesCommand).callsFake(() => {
        state.autoScalingGroup = undefined;
        return { Activities: [] };
    });
    ec2.on(DescribeSnapshotsCommand).callsFake((input: { Filters: { Name: string; Values: string[] }[] }) => {
        const volume = input.Filters.find((f) => f.Name === "volume-id")!.Values[0];
        const finding = input.Filters.find((f) => f.Name === `tag:${QUARANTINE_TAG}`)!.Values[0];
        return { Snapshots: state.snapshots.filter((s) => s.VolumeId === volume && s.Tags.some((t) => t.Key === QUARANTINE_TAG && t.Value === finding)) };
    });
    ec2.on(CreateSnapshotCommand).callsFake((input: { VolumeId: string; TagSpecifications: { Tags: { Key: string; Value: string }[] }[] }) => {
        state.snapshots.push({ VolumeId: input.VolumeId, Tags: input.TagSpecifications[0].Tags });
        return { SnapshotId: `snap-${state.snapshots.length}` };
    });
    ec2.on(DescribeSecurityGroupsCommand).callsFake(() => ({
        SecurityGroups: state.quarantine ? [{ GroupId: state.quarantine, GroupName: QUARANTINE_GROUP_NAME }] : [],
    }));
    ec2.on(CreateSecurityGroupCommand).callsFake(() => {
        state.quarantine = "sg-0999abcdef01230001";
        state.rules.set(state.quarantine, [{ id: "sgr-01234567890ab1", egress: true }]);
        return { GroupId: state.quarantine };
    });
    ec2.on(DescribeSecurityGroupRulesCommand).callsFake((input: { Filters: { Values: string[] }[] }) => ({
        SecurityGroupRules: (state.rules.get(input.Filters[0].Values[0]) ?? []).map((r) => ({ SecurityGroupRuleId: r.id, IsEgress: r.egress })),
    }));
    ec2.on(RevokeSecurityGroupEgressCommand).callsFake((input: { GroupId: string; SecurityGroupRuleIds: string[] }) => {
        state.rules.set(
            input.GroupId,
            (state.rules.get(input.GroupId) ?? []).filter((r) => !input.SecurityGroupRuleIds.includes(r.id)),
        );
        return { Return: true };
    });
    ec2.on(ModifyNetworkInterfaceAttributeCommand).callsFake((input: { NetworkInterfaceId: string; Groups: string[] }) => {
        state.enis.set(input.NetworkInterfaceId, input.Groups);
        return {};
    });
    ec2.on(CreateTagsCommand).callsFake((input: { Tags: { Key: string; Value: string }[] }) => {
        state.tags = [...state.tags, ...input.Tags];
        return {};
    });
    return state;
}

describe("response handler: isolate-instance", () => {
    handlerHarness();

    it("detaches, snapshots, quarantines and tags the instance named by a GuardDuty finding", async () => {
        account();
        const result = await handler(guardDutyInstanceFinding);
        assert.equal(result.outcome, "remediated");
        const quarantine = "sg-0999abcdef01230001";
        assert.deepEqual(changes(autoscaling, ec2), [
            ["DetachInstances", { AutoScalingGroupName: "checkout-app", InstanceIds: [INSTANCE], ShouldDecrementDesiredCapacity: false }],
            [
                "CreateSnapshot",
                {
                    VolumeId: "vol-0aaa1111bbbb22223",
                    Description: `Evidence for GuardDuty finding ${FINDING} on ${INSTANCE}`,
                    TagSpecifications: [
                        {
                            ResourceType: "snapshot",
                            Tags: [
                                { Key: QUARANTINE_TAG, Value: FINDING },
                                { Key: "landing-zone:instance", Value: INSTANCE },
                            ],
                        },
                    ],
                },
            ],
            [
                "CreateSnapshot",
                {
                    VolumeId: "vol-0ccc3333dddd44445",
                    Description: `Evidence for GuardDuty finding ${FINDING} on ${INSTANCE}`,
                    TagSpecifications: [
                        {
                            ResourceType: "snapshot",
                            Tags: [
                                { Key: QUARANTINE_TAG, Value: FINDING },
                                { Key: "landing-zone:instance", Value: INSTANCE },
                            ],
                        },
                    ],
                },
            ],
            [
                "CreateSecurityGroup",
                {
                    GroupName: QUARANTINE_GROUP_NAME,
                    Description: "No inbound or outbound traffic: instances isolated by incident response",
                    VpcId: "vpc-0fedcba9876543210",
                    TagSpecifications: [{ ResourceType: "security-group", Tags: [{ Key: "landing-zone:purpose", Value: "quarantine" }] }],
                },
            ],
            ["RevokeSecurityGroupEgress", { GroupId: quarantine, SecurityGroupRuleIds: ["sgr-01234567890ab1"] }],
            ["ModifyNetworkInterfaceAttribute", { NetworkInterfaceId: "eni-0123456789abcdef0", Groups: [quarantine] }],
            ["ModifyNetworkInterfaceAttribute", { NetworkInterfaceId: "eni-0fedcba9876543210", Groups: [quarantine] }],
            ["CreateTags", { Resources: [INSTANCE], Tags: [{ Key: QUARANTINE_TAG, Value: FINDING }] }],
        ]);
        assert.equal(sts.commandCalls(AssumeRoleCommand).length, 1);
        assert.equal(sts.commandCalls(AssumeRoleCommand)[0].args[0].input.RoleArn, `arn:aws:iam::111122223333:role/${ROLE_NAME}`);
    });

    it("changes nothing on a second delivery of the same finding", async () => {
        account();
        await handler(guardDutyInstanceFinding);
        ec2.resetHistory();
        autoscaling.resetHistory();
        const again = await handler(guardDutyInstanceFinding);
        assert.equal(again.outcome, "compliant");
        assert.deepEqual(changes(autoscaling, ec2), []);
    });

    it("only reads in dry-run, and reports what it would do", async () => {
        process.env.DRY_RUN = "true";
        account();
        const result = await handler(guardDutyInstanceFinding);
        assert.equal(result.outcome, "dry-run");
        assert.deepEqual(changes(autoscaling, ec2), []);
        assert.deepEqual(result.actions, [
            `detach ${INSTANCE} from Auto Scaling group checkout-app`,
            "snapshot volume vol-0aaa1111bbbb22223",
            "snapshot volume vol-0ccc3333dddd44445",
            `create security group ${QUARANTINE_GROUP_NAME} in vpc-0fedcba9876543210`,
            `move eni-0123456789abcdef0 of ${INSTANCE} into ${QUARANTINE_GROUP_NAME} (was sg-0123abcd4567ef890)`,
            `move eni-0fedcba9876543210 of ${INSTANCE} into ${QUARANTINE_GROUP_NAME} (was sg-0123abcd4567ef890, sg-0aaaabbbbccccdddd)`,
            `tag ${INSTANCE} ${QUARANTINE_TAG}=${FINDING}`,
        ]);
    });

    it("skips an instance that no longer exists", async () => {
        account();
        ec2.on(DescribeInstancesCommand).rejects(awsError("InvalidInstanceID.NotFound"));
        const result = await handler(guardDutyInstanceFinding);
        assert.equal(result.outcome, "skipped");
        assert.deepEqual(changes(autoscaling, ec2), []);
    });

    const bad: [string, unknown, RegExp][] = [
        ["not an object", "GuardDuty Finding", /malformed event/],
        ["an envelope without detail-type", { ...clone(guardDutyInstanceFinding), "detail-type": undefined }, /malformed event: detail-type/],
        ["a finding on an access key", guardDutyAccessKeyFinding, /concerns a AccessKey, not an EC2 instance/],
        [
            "a finding without a resource",
            (() => {
                const e = clone(guardDutyInstanceFinding) as { detail: Record<string, unknown> };
                delete e.detail.resource;
                return e;
            })(),
            /malformed GuardDuty finding: detail.resource/,
        ],
        [
            "a finding from an account outside the organization",
            (() => {
                const e = clone(guardDutyInstanceFinding) as { detail: Record<string, unknown> };
                e.detail.accountId = OUTSIDE_ACCOUNT;
                return e;
            })(),
            /account 999988887777 is not a target account/,
        ],
        [
            "a CloudTrail event",
            { ...clone(guardDutyInstanceFinding), source: "aws.ec2", "detail-type": "AWS API Call via CloudTrail" },
            /unexpected event kind/,
        ],
    ];
    for (const [name, event, reason] of bad) {
        it(`rejects ${name} with a logged reason and no AWS call`, async () => {
            account();
            const result = await handler(event);
            assert.equal(result.outcome, "rejected");
            assert.match(result.reason ?? "", reason);
            assert.match(loggedRejection() ?? "", reason);
            assert.equal(callCount(autoscaling, ec2, sts), 0);
        });
    }
});
