import { AutoScalingClient, DescribeAutoScalingInstancesCommand, DetachInstancesCommand } from "@aws-sdk/client-auto-scaling";
import {
    CreateSecurityGroupCommand,
    CreateSnapshotCommand,
    CreateTagsCommand,
    DescribeInstancesCommand,
    DescribeSecurityGroupsCommand,
    DescribeSnapshotsCommand,
    EC2Client,
    ModifyNetworkInterfaceAttributeCommand,
} from "@aws-sdk/client-ec2";
import { QUARANTINE_FINDING_TAG, QUARANTINE_INSTANCE_TAG, QUARANTINE_PURPOSE_TAG } from "../../policies/response";
import { revokeAllRules } from "./ec2";
import { guardDutyFinding, parse } from "./events";
import { Actions, assumeRemediationRole, checkTarget, dispatch, errorName, rejected, Result, skipped } from "./runtime";

/** Security group with no rules that isolated instances are moved into, one per VPC. */
export const QUARANTINE_GROUP_NAME = "landing-zone-quarantine";
/** Tag on the instance and its evidence snapshots: the GuardDuty finding that caused the isolation. */
export const QUARANTINE_TAG = QUARANTINE_FINDING_TAG;

/**
 * Isolates an EC2 instance named by a GuardDuty finding: detaches it from its Auto Scaling group
 * first (so a failing health check cannot terminate the evidence), snapshots its EBS volumes, moves
 * every network interface into an empty quarantine group and tags it. Each step checks the current
 * state, so a second delivery of the same finding changes nothing.
 */
export async function handler(event: unknown): Promise<Result> {
    return dispatch(event, {
        "aws.guardduty|GuardDuty Finding": async (e, s) => {
            const parsed = parse(guardDutyFinding, e.detail, "detail");
            if (!parsed.ok) return rejected(`malformed GuardDuty finding: ${parsed.reason}`, { eventId: e.id });
            const finding = parsed.value;
            const instanceId = finding.resource.instanceDetails?.instanceId;
            const fields = { eventId: e.id, findingId: finding.id, findingType: finding.type, account: finding.accountId, region: finding.region, instanceId };
            if (finding.resource.resourceType !== "Instance" || !instanceId) {
                return rejected(`finding concerns a ${finding.resource.resourceType}, not an EC2 instance`, fields);
            }
            const target = { account: finding.accountId, region: finding.region, partition: finding.partition };
            const refused = checkTarget(s, target, fields);
            if (refused) return refused;

            const credentials = await assumeRemediationRole(s, target, e.id);
            const ec2 = new EC2Client({ region: target.region, credentials });
            const autoscaling = new AutoScalingClient({ region: target.region, credentials });
            const actions = new Actions(s, fields);

            let instance;
            try {
                instance = (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }))).Reservations?.[0]?.Instances?.[0];
            } catch (err) {
                if (errorName(err) !== "InvalidInstanceID.NotFound") throw err;
            }
            if (!instance) return skipped(`instance ${instanceId} no longer exists`, fields);
            if (instance.State?.Name === "terminated" || instance.State?.Name === "shutting-down") {
                return skipped(`instance ${instanceId} is ${instance.State.Name}`, fields);
            }
            if (!instance.VpcId) return rejected(`instance ${instanceId} is not in a VPC`, fields);

            const membership = await autoscaling.send(new DescribeAutoScalingInstancesCommand({ InstanceIds: [instanceId] }));
            const group = membership.AutoScalingInstances?.find((i) => i.InstanceId === instanceId && !i.LifecycleState?.startsWith("Detach"));
            if (group?.AutoScalingGroupName) {
                const groupName = group.AutoScalingGroupName;
                // Keep desired capacity so the group replaces the instance and the service stays up.
                await actions.run(`detach ${instanceId} from Auto Scaling group ${groupName}`, () =>
                    autoscaling.send(
                        new DetachInstancesCommand({ AutoScalingGroupName: groupName, InstanceIds: [instanceId], ShouldDecrementDesiredCapacity: false }),
                    ),
                );
            }

            for (const mapping of instance.BlockDeviceMappings ?? []) {
                const volumeId = mapping.Ebs?.VolumeId;
                if (!volumeId) continue;
                const existing = await ec2.send(
                    new DescribeSnapshotsCommand({
                        OwnerIds: ["self"],
                        Filters: [
                            { Name: "volume-id", Values: [volumeId] },
                            { Name: `tag:${QUARANTINE_TAG}`, Values: [finding.id] },
                        ],
                    }),
                );
                if ((existing.Snapshots ?? []).length > 0) continue;
                await actions.run(`snapshot volume ${volumeId}`, () =>
                    ec2.send(
                        new CreateSnapshotCommand({
                            VolumeId: volumeId,
                            Description: `Evidence for GuardDuty finding ${finding.id} on ${instanceId}`,
                            TagSpecifications: [
                                {
                                    ResourceType: "snapshot",
                                    Tags: [
                                        { Key: QUARANTINE_TAG, Value: finding.id },
                                        { Key: QUARANTINE_INSTANCE_TAG, Value: instanceId },
                                    ],
                                },
                            ],
                        }),
                    ),
                );
            }

            const vpcId = instance.VpcId;
            const groups = await ec2.send(
                new DescribeSecurityGroupsCommand({
                    Filters: [
                        { Name: "vpc-id", Values: [vpcId] },
                        { Name: "group-name", Values: [QUARANTINE_GROUP_NAME] },
                    ],
                }),
            );
            let quarantineId = groups.SecurityGroups?.[0]?.GroupId;
            if (!quarantineId) {
                await actions.run(`create security group ${QUARANTINE_GROUP_NAME} in ${vpcId}`, async () => {
                    const created = await ec2.send(
                        new CreateSecurityGroupCommand({
                            GroupName: QUARANTINE_GROUP_NAME,
                            Description: "No inbound or outbound traffic: instances isolated by incident response",
                            VpcId: vpcId,
                            TagSpecifications: [
                                { ResourceType: "security-group", Tags: [{ Key: QUARANTINE_PURPOSE_TAG.key, Value: QUARANTINE_PURPOSE_TAG.value }] },
                            ],
                        }),
                    );
                    quarantineId = created.GroupId;
                });
            }
            // A new group comes with an allow-all egress rule, and someone may have added rules since.
            if (quarantineId) await revokeAllRules(ec2, quarantineId, actions);

            for (const eni of instance.NetworkInterfaces ?? []) {
                const current = (eni.Groups ?? []).map((g) => g.GroupId);
                if (!eni.NetworkInterfaceId || (quarantineId && current.length === 1 && current[0] === quarantineId)) continue;
                const eniId = eni.NetworkInterfaceId;
                await actions.run(`move ${eniId} of ${instanceId} into ${quarantineId ?? QUARANTINE_GROUP_NAME} (was ${current.join(", ")})`, () =>
                    ec2.send(new ModifyNetworkInterfaceAttributeCommand({ NetworkInterfaceId: eniId, Groups: [quarantineId!] })),
                );
            }

            if (!(instance.Tags ?? []).some((t) => t.Key === QUARANTINE_TAG)) {
                await actions.run(`tag ${instanceId} ${QUARANTINE_TAG}=${finding.id}`, () =>
                    ec2.send(new CreateTagsCommand({ Resources: [instanceId], Tags: [{ Key: QUARANTINE_TAG, Value: finding.id }] })),
                );
            }
            return actions.result(`instance ${instanceId} is already isolated`);
        },
    });
}
