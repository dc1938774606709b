import { strict as assert } from "assert";
import {
    AttachInstancesCommand,
    CreateAutoScalingGroupCommand,
    DescribeAutoScalingGroupsCommand,
    DescribeAutoScalingInstancesCommand,
} from "@aws-sdk/client-auto-scaling";
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
    RunInstancesCommand,
    TerminateInstancesCommand,
} from "@aws-sdk/client-ec2";
import { AddRoleToInstanceProfileCommand, CreateInstanceProfileCommand, CreateRoleCommand, GetRolePolicyCommand } from "@aws-sdk/client-iam";
import { handler as isolateInstance, QUARANTINE_GROUP_NAME, QUARANTINE_TAG } from "../../components/response/handlers/isolate-instance";
import { REVOKE_SESSIONS_POLICY_NAME } from "../../components/policies/response";
import { guardDutyInstanceFinding, retarget } from "../../tools/events/samples";
import { aws, dryRun, expectOutcome, FINDING, remediateTwice, useHandlerEmulator } from "./emulator-handlers";

describe("response handlers against the AWS API emulator (moto)", () => {
    useHandlerEmulator();

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
});
