import { AutoScalingClient, DescribeAutoScalingInstancesCommand, DetachInstancesCommand } from "@aws-sdk/client-auto-scaling";
import {
    CreateSecurityGroupCommand,
    CreateSnapshotCommand,
    CreateNetworkAclEntryCommand,
    CreateTagsCommand,
    DescribeIamInstanceProfileAssociationsCommand,
    DescribeInstancesCommand,
    DescribeNetworkAclsCommand,
    DescribeSecurityGroupsCommand,
    DescribeSnapshotsCommand,
    DisassociateIamInstanceProfileCommand,
    EC2Client,
    Instance,
    ModifyNetworkInterfaceAttributeCommand,
} from "@aws-sdk/client-ec2";
import { GetInstanceProfileCommand, GetRolePolicyCommand, IAMClient, PutRolePolicyCommand } from "@aws-sdk/client-iam";
import { toJson } from "../../policies/document";
import {
    ISOLATION_NACL_RULE_NUMBERS,
    QUARANTINE_FINDING_TAG,
    QUARANTINE_INSTANCE_TAG,
    QUARANTINE_PURPOSE_TAG,
    REVOKE_SESSIONS_POLICY_NAME,
    revokeOlderSessionsPolicy,
    revokeSessionsSid,
} from "../../policies/response";
import { revokeAllRules } from "./ec2";
import { guardDutyFinding, parse } from "./events";
import { Actions, assumeRemediationRole, checkTarget, dispatch, errorName, rejected, Result, skipped, Target } from "./runtime";

/** Security group with no rules that isolated instances are moved into, one per VPC. */
export const QUARANTINE_GROUP_NAME = "landing-zone-quarantine";
/** Tag on the instance and its evidence snapshots: the GuardDuty finding that caused the isolation. */
export const QUARANTINE_TAG = QUARANTINE_FINDING_TAG;

/**
 * Isolates an EC2 instance named by a GuardDuty finding: detaches it from its Auto Scaling group
 * first (so a failing health check cannot terminate the evidence), snapshots its EBS volumes, moves
 * every network interface into an empty quarantine group, denies its addresses in its subnets' network
 * ACLs, takes its role away and revokes the role's older sessions, and tags it. Each step checks the
 * current state, so a second delivery of the same finding changes nothing.
 *
 * Why the NACL: a security group change does not end tracked connections (and traffic through a
 * transit gateway, interface endpoint or load balancer is always tracked), so a reverse shell opened
 * before the swap would survive it. NACLs are stateless: a deny entry for the instance's addresses
 * ends every flow that crosses its subnet's boundary at the next packet. Blast radius: those addresses
 * only (entries are /32 and /128 in the NACL the subnet shares), not the subnet. What it cannot cut:
 * established flows to other instances in the same subnet, which never cross a NACL.
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
            // GuardDuty findings are regional: the administrator receives each in the region it was made in.
            if (finding.region !== e.region) return rejected(`finding is from ${finding.region}, but the event came from ${e.region}`, fields);
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

            await denyAtSubnetBoundary(ec2, instance, actions);
            await revokeInstanceCredentials(ec2, new IAMClient({ region: target.region, credentials }), instance, finding.id, target, actions);

            if (!(instance.Tags ?? []).some((t) => t.Key === QUARANTINE_TAG)) {
                await actions.run(`tag ${instanceId} ${QUARANTINE_TAG}=${finding.id}`, () =>
                    ec2.send(new CreateTagsCommand({ Resources: [instanceId], Tags: [{ Key: QUARANTINE_TAG, Value: finding.id }] })),
                );
            }
            return actions.result(`instance ${instanceId} is already isolated`);
        },
    });
}

/** The instance's addresses as NACL CIDRs, grouped by subnet. */
function addressesBySubnet(instance: Instance): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const eni of instance.NetworkInterfaces ?? []) {
        if (!eni.SubnetId) continue;
        const cidrs = out.get(eni.SubnetId) ?? [];
        for (const a of eni.PrivateIpAddresses ?? []) if (a.PrivateIpAddress) cidrs.push(`${a.PrivateIpAddress}/32`);
        for (const a of eni.Ipv6Addresses ?? []) if (a.Ipv6Address) cidrs.push(`${a.Ipv6Address}/128`);
        out.set(eni.SubnetId, cidrs);
    }
    return out;
}

/**
 * Adds, in the NACL of each of the instance's subnets, a deny-all entry per address and direction at
 * the lowest free rule number of the isolation range; entries already there are kept.
 */
async function denyAtSubnetBoundary(ec2: EC2Client, instance: Instance, actions: Actions): Promise<void> {
    const byAcl = new Map<
        string,
        { subnets: string[]; cidrs: Set<string>; entries: { egress: boolean; ruleNumber: number; cidr?: string; deny: boolean }[] }
    >();
    for (const [subnetId, cidrs] of addressesBySubnet(instance)) {
        const acls = await ec2.send(new DescribeNetworkAclsCommand({ Filters: [{ Name: "association.subnet-id", Values: [subnetId] }] }));
        const acl = acls.NetworkAcls?.[0];
        if (!acl?.NetworkAclId) throw new Error(`subnet ${subnetId} of ${instance.InstanceId} has no network ACL association (every subnet has one)`);
        const known = byAcl.get(acl.NetworkAclId) ?? {
            subnets: [],
            cidrs: new Set<string>(),
            entries: (acl.Entries ?? []).map((e) => ({
                egress: e.Egress === true,
                ruleNumber: e.RuleNumber ?? 0,
                cidr: e.CidrBlock ?? e.Ipv6CidrBlock,
                deny: e.RuleAction === "deny" && e.Protocol === "-1",
            })),
        };
        known.subnets.push(subnetId);
        cidrs.forEach((c) => known.cidrs.add(c));
        byAcl.set(acl.NetworkAclId, known);
    }
    for (const [aclId, acl] of byAcl) {
        for (const egress of [false, true]) {
            for (const cidr of acl.cidrs) {
                const inRange = (n: number) => n >= ISOLATION_NACL_RULE_NUMBERS.first && n <= ISOLATION_NACL_RULE_NUMBERS.last;
                if (acl.entries.some((e) => e.egress === egress && e.deny && e.cidr === cidr && inRange(e.ruleNumber))) continue;
                let ruleNumber: number = ISOLATION_NACL_RULE_NUMBERS.first;
                while (acl.entries.some((e) => e.egress === egress && e.ruleNumber === ruleNumber)) ruleNumber++;
                if (!inRange(ruleNumber)) {
                    throw new Error(
                        `network ACL ${aclId}: rule numbers ${ISOLATION_NACL_RULE_NUMBERS.first}-${ISOLATION_NACL_RULE_NUMBERS.last} are all used; cannot deny ${cidr}`,
                    );
                }
                acl.entries.push({ egress, ruleNumber, cidr, deny: true });
                const v6 = cidr.includes(":");
                await actions.run(
                    `deny ${egress ? "outbound" : "inbound"} traffic of ${cidr} in network ACL ${aclId} (rule ${ruleNumber}; subnets ${acl.subnets.join(", ")})`,
                    () =>
                        ec2.send(
                            new CreateNetworkAclEntryCommand({
                                NetworkAclId: aclId,
                                Egress: egress,
                                RuleNumber: ruleNumber,
                                RuleAction: "deny",
                                Protocol: "-1",
                                ...(v6 ? { Ipv6CidrBlock: cidr } : { CidrBlock: cidr }),
                            }),
                        ),
                );
            }
        }
    }
}

/**
 * Revokes the sessions of the instance profile's role issued until now (the credentials the instance,
 * or whoever copied them from it, holds), then removes the profile so the instance gets no new ones.
 * Revocation first: a retry after a failed removal still finds the role. Blast radius: every session of
 * that role issued before now, other instances sharing the role included, until their credentials
 * rotate (EC2 hands out new ones before the old expire).
 */
async function revokeInstanceCredentials(
    ec2: EC2Client,
    iam: IAMClient,
    instance: Instance,
    findingId: string,
    target: Target,
    actions: Actions,
): Promise<void> {
    const instanceId = instance.InstanceId!;
    const associations = await ec2.send(new DescribeIamInstanceProfileAssociationsCommand({ Filters: [{ Name: "instance-id", Values: [instanceId] }] }));
    for (const association of associations.IamInstanceProfileAssociations ?? []) {
        if (association.State !== "associated" && association.State !== "associating") continue;
        const profileArn = association.IamInstanceProfile?.Arn ?? "";
        const match = /^arn:[\w-]+:iam::(\d{12}):instance-profile\/(?:[\w+=,.@/-]*\/)?([\w+=,.@-]+)$/.exec(profileArn);
        // The association comes from the account itself, but a profile of another account would mean the wrong target.
        if (!match || match[1] !== target.account)
            throw new Error(`instance ${instanceId} has instance profile "${profileArn}", not one of account ${target.account}`);
        const profile = await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: match[2] }));
        for (const role of profile.InstanceProfile?.Roles ?? []) {
            const roleName = role.RoleName!;
            if (!(await revokedFor(iam, roleName, findingId))) {
                const cutoff = new Date();
                await actions.run(
                    `revoke sessions of role ${roleName} issued before ${cutoff.toISOString()} (inline policy ${REVOKE_SESSIONS_POLICY_NAME})`,
                    () =>
                        iam.send(
                            new PutRolePolicyCommand({
                                RoleName: roleName,
                                PolicyName: REVOKE_SESSIONS_POLICY_NAME,
                                PolicyDocument: toJson(revokeOlderSessionsPolicy(findingId, cutoff)),
                            }),
                        ),
                );
            }
        }
        const associationId = association.AssociationId!;
        await actions.run(`remove instance profile ${match[2]} from ${instanceId} (association ${associationId})`, () =>
            ec2.send(new DisassociateIamInstanceProfileCommand({ AssociationId: associationId })),
        );
    }
}

/** Whether the role's revocation policy was written for this finding (a later finding moves the cut-off). */
async function revokedFor(iam: IAMClient, roleName: string, findingId: string): Promise<boolean> {
    let document: string | undefined;
    try {
        document = (await iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: REVOKE_SESSIONS_POLICY_NAME }))).PolicyDocument;
    } catch (err) {
        if (errorName(err) !== "NoSuchEntityException" && errorName(err) !== "NoSuchEntity") throw err;
    }
    if (!document) return false;
    // IAM returns policy documents URL-encoded.
    const parsed = JSON.parse(document.trimStart().startsWith("{") ? document : decodeURIComponent(document)) as { Statement?: { Sid?: string }[] };
    return (parsed.Statement ?? []).some((st) => st.Sid === revokeSessionsSid(findingId));
}
