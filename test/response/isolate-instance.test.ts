import { strict as assert } from "assert";
import { AutoScalingClient, DescribeAutoScalingInstancesCommand, DetachInstancesCommand } from "@aws-sdk/client-auto-scaling";
import {
    CreateSecurityGroupCommand,
    CreateNetworkAclEntryCommand,
    CreateSnapshotCommand,
    CreateTagsCommand,
    DescribeIamInstanceProfileAssociationsCommand,
    DescribeInstancesCommand,
    DescribeNetworkAclsCommand,
    DisassociateIamInstanceProfileCommand,
    DescribeSecurityGroupRulesCommand,
    DescribeSecurityGroupsCommand,
    DescribeSnapshotsCommand,
    EC2Client,
    ModifyNetworkInterfaceAttributeCommand,
    RevokeSecurityGroupEgressCommand,
} from "@aws-sdk/client-ec2";
import { GetInstanceProfileCommand, GetRolePolicyCommand, IAMClient, PutRolePolicyCommand } from "@aws-sdk/client-iam";
import { AssumeRoleCommand } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { handler, QUARANTINE_GROUP_NAME, QUARANTINE_TAG } from "../../components/response/handlers/isolate-instance";
import { REVOKE_SESSIONS_POLICY_NAME } from "../../components/policies/response";
import { awsError, callCount, changes, clone, edited, handlerHarness, hostileGuardDutyOrigins, loggedRejection, ROLE_NAME, sts } from "./harness";
import { guardDutyAccessKeyFinding, guardDutyInstanceFinding, OUTSIDE_ACCOUNT } from "../../tools/events/samples";

const ec2 = mockClient(EC2Client);
const autoscaling = mockClient(AutoScalingClient);
const iam = mockClient(IAMClient);
const NACL = "acl-0a1b2c3d4e5f60001";
const ADDRESSES: Record<string, string> = { "eni-0123456789abcdef0": "10.4.17.20", "eni-0fedcba9876543210": "10.4.17.21" };
const FINDING = "a2c8b3f0e1d24c6b9f7a5e3d1c0b9a87";
const INSTANCE = "i-0a1b2c3d4e5f67890";

/** The CreateSnapshot call that keeps one attached volume as evidence of the finding. */
function evidenceSnapshot(volumeId: string): [string, unknown] {
    return [
        "CreateSnapshot",
        {
            VolumeId: volumeId,
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
    ];
}

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
        // The spoke NACL's own rules start at 100; isolation takes the lowest free numbers below.
        naclEntries: [
            { RuleNumber: 100, Egress: false, RuleAction: "allow", Protocol: "-1", CidrBlock: "10.4.0.0/16" },
            { RuleNumber: 100, Egress: true, RuleAction: "allow", Protocol: "-1", CidrBlock: "10.4.0.0/16" },
        ] as { RuleNumber: number; Egress: boolean; RuleAction: string; Protocol: string; CidrBlock: string }[],
        profileAssociated: true,
        rolePolicy: undefined as string | undefined,
    };
    ec2.reset();
    autoscaling.reset();
    iam.reset();
    ec2.on(DescribeNetworkAclsCommand).callsFake(() => ({ NetworkAcls: [{ NetworkAclId: NACL, Entries: state.naclEntries }] }));
    ec2.on(CreateNetworkAclEntryCommand).callsFake((input: (typeof state.naclEntries)[number]) => {
        state.naclEntries.push({
            RuleNumber: input.RuleNumber,
            Egress: input.Egress,
            RuleAction: input.RuleAction,
            Protocol: input.Protocol,
            CidrBlock: input.CidrBlock,
        });
        return {};
    });
    ec2.on(DescribeIamInstanceProfileAssociationsCommand).callsFake(() => ({
        IamInstanceProfileAssociations: state.profileAssociated
            ? [
                  {
                      AssociationId: "iip-assoc-0123456789abcdef0",
                      InstanceId: INSTANCE,
                      State: "associated",
                      IamInstanceProfile: { Arn: `arn:aws:iam::111122223333:instance-profile/checkout-app` },
                  },
              ]
            : [],
    }));
    ec2.on(DisassociateIamInstanceProfileCommand).callsFake(() => {
        state.profileAssociated = false;
        return {};
    });
    iam.on(GetInstanceProfileCommand).resolves({ InstanceProfile: { Roles: [{ RoleName: "checkout-app" }] } as never });
    iam.on(GetRolePolicyCommand).callsFake(() => {
        if (!state.rolePolicy) throw awsError("NoSuchEntityException");
        return { PolicyDocument: encodeURIComponent(state.rolePolicy) };
    });
    iam.on(PutRolePolicyCommand).callsFake((input: { PolicyDocument: string }) => {
        state.rolePolicy = input.PolicyDocument;
        return {};
    });
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
                        NetworkInterfaces: [...state.enis].map(([id, groups]) => ({
                            NetworkInterfaceId: id,
                            SubnetId: "subnet-0aa11bb22cc33dd44",
                            PrivateIpAddresses: [{ PrivateIpAddress: ADDRESSES[id] }],
                            Groups: groups.map((g) => ({ GroupId: g })),
                        })),
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
        // The cut-off is the time of the call: read it back and check it is a fresh AWSRevokeOlderSessions deny.
        const revocation = iam.commandCalls(PutRolePolicyCommand)[0]?.args[0].input.PolicyDocument ?? "";
        const statement = JSON.parse(revocation).Statement[0];
        assert.deepEqual(
            { ...statement, Condition: undefined },
            { Sid: `RevokeSessionsBeforeFinding${FINDING}`, Effect: "Deny", Action: "*", Resource: "*", Condition: undefined },
        );
        assert.ok(Math.abs(Date.parse(statement.Condition.DateLessThan["aws:TokenIssueTime"]) - Date.now()) < 60_000, revocation);
        assert.deepEqual(changes(autoscaling, ec2, iam), [
            ["DetachInstances", { AutoScalingGroupName: "checkout-app", InstanceIds: [INSTANCE], ShouldDecrementDesiredCapacity: false }],
            evidenceSnapshot("vol-0aaa1111bbbb22223"),
            evidenceSnapshot("vol-0ccc3333dddd44445"),
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
            // Both interfaces share the subnet's NACL: one deny per address and direction, below the NACL's own rules.
            ["CreateNetworkAclEntry", { NetworkAclId: NACL, Egress: false, RuleNumber: 1, RuleAction: "deny", Protocol: "-1", CidrBlock: "10.4.17.20/32" }],
            ["CreateNetworkAclEntry", { NetworkAclId: NACL, Egress: false, RuleNumber: 2, RuleAction: "deny", Protocol: "-1", CidrBlock: "10.4.17.21/32" }],
            ["CreateNetworkAclEntry", { NetworkAclId: NACL, Egress: true, RuleNumber: 1, RuleAction: "deny", Protocol: "-1", CidrBlock: "10.4.17.20/32" }],
            ["CreateNetworkAclEntry", { NetworkAclId: NACL, Egress: true, RuleNumber: 2, RuleAction: "deny", Protocol: "-1", CidrBlock: "10.4.17.21/32" }],
            ["PutRolePolicy", { RoleName: "checkout-app", PolicyName: REVOKE_SESSIONS_POLICY_NAME, PolicyDocument: revocation }],
            ["DisassociateIamInstanceProfile", { AssociationId: "iip-assoc-0123456789abcdef0" }],
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
        iam.resetHistory();
        const again = await handler(guardDutyInstanceFinding);
        assert.equal(again.outcome, "compliant");
        assert.deepEqual(changes(autoscaling, ec2, iam), []);
    });

    it("only reads in dry-run, and reports what it would do", async () => {
        process.env.DRY_RUN = "true";
        account();
        const result = await handler(guardDutyInstanceFinding);
        assert.equal(result.outcome, "dry-run");
        assert.deepEqual(changes(autoscaling, ec2, iam), []);
        assert.deepEqual(result.actions, [
            `detach ${INSTANCE} from Auto Scaling group checkout-app`,
            "snapshot volume vol-0aaa1111bbbb22223",
            "snapshot volume vol-0ccc3333dddd44445",
            `create security group ${QUARANTINE_GROUP_NAME} in vpc-0fedcba9876543210`,
            `move eni-0123456789abcdef0 of ${INSTANCE} into ${QUARANTINE_GROUP_NAME} (was sg-0123abcd4567ef890)`,
            `move eni-0fedcba9876543210 of ${INSTANCE} into ${QUARANTINE_GROUP_NAME} (was sg-0123abcd4567ef890, sg-0aaaabbbbccccdddd)`,
            `deny inbound traffic of 10.4.17.20/32 in network ACL ${NACL} (rule 1; subnets subnet-0aa11bb22cc33dd44)`,
            `deny inbound traffic of 10.4.17.21/32 in network ACL ${NACL} (rule 2; subnets subnet-0aa11bb22cc33dd44)`,
            `deny outbound traffic of 10.4.17.20/32 in network ACL ${NACL} (rule 1; subnets subnet-0aa11bb22cc33dd44)`,
            `deny outbound traffic of 10.4.17.21/32 in network ACL ${NACL} (rule 2; subnets subnet-0aa11bb22cc33dd44)`,
            result.actions[10],
            `remove instance profile checkout-app from ${INSTANCE} (association iip-assoc-0123456789abcdef0)`,
            `tag ${INSTANCE} ${QUARANTINE_TAG}=${FINDING}`,
        ]);
        assert.match(
            result.actions[10],
            new RegExp(`^revoke sessions of role checkout-app issued before \\d{4}-\\d\\d-\\d\\dT.+Z \\(inline policy ${REVOKE_SESSIONS_POLICY_NAME}\\)$`),
        );
    });

    it("skips an instance that no longer exists", async () => {
        account();
        ec2.on(DescribeInstancesCommand).rejects(awsError("InvalidInstanceID.NotFound"));
        const result = await handler(guardDutyInstanceFinding);
        assert.equal(result.outcome, "skipped");
        assert.deepEqual(changes(autoscaling, ec2, iam), []);
    });

    it("takes the next free rule number when isolation entries of another instance are there, and moves an older revocation's cut-off", async () => {
        const state = account();
        state.naclEntries.push({ RuleNumber: 1, Egress: false, RuleAction: "deny", Protocol: "-1", CidrBlock: "10.4.9.9/32" });
        state.rolePolicy = JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Sid: "RevokeSessionsBeforeFindingolder", Effect: "Deny", Action: "*", Resource: "*" }],
        });
        await handler(guardDutyInstanceFinding);
        const inbound = state.naclEntries.filter((e) => !e.Egress && e.RuleAction === "deny").map((e) => `${e.RuleNumber} ${e.CidrBlock}`);
        assert.deepEqual(inbound, ["1 10.4.9.9/32", "2 10.4.17.20/32", "3 10.4.17.21/32"]);
        assert.match(state.rolePolicy ?? "", new RegExp(`RevokeSessionsBeforeFinding${FINDING}`));
        assert.equal(state.profileAssociated, false);
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
        // Hostile: wildcards for the instance, findings that disagree with their event, other partitions and regions.
        [
            "a finding naming instances with a wildcard",
            edited(guardDutyInstanceFinding, (e) => (e.detail.resource.instanceDetails.instanceId = "i-*")),
            /detail.resource.instanceDetails.instanceId: not an instance id/,
        ],
        [
            "a finding naming an instance ARN",
            edited(
                guardDutyInstanceFinding,
                (e) => (e.detail.resource.instanceDetails.instanceId = "arn:aws:ec2:eu-west-1:111122223333:instance/i-0a1b2c3d4e5f67890"),
            ),
            /not an instance id/,
        ],
        ...hostileGuardDutyOrigins(guardDutyInstanceFinding),
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
