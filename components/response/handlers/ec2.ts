import { DescribeSecurityGroupRulesCommand, EC2Client, RevokeSecurityGroupEgressCommand, RevokeSecurityGroupIngressCommand } from "@aws-sdk/client-ec2";
import type { Actions } from "./runtime";

/** Revokes every inbound and outbound rule of a security group, by rule id; a group with no rules costs one read. */
export async function revokeAllRules(ec2: EC2Client, groupId: string, actions: Actions): Promise<void> {
    const rules = await ec2.send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: "group-id", Values: [groupId] }] }));
    const ingress = (rules.SecurityGroupRules ?? []).filter((r) => !r.IsEgress && r.SecurityGroupRuleId).map((r) => r.SecurityGroupRuleId!);
    const egress = (rules.SecurityGroupRules ?? []).filter((r) => r.IsEgress && r.SecurityGroupRuleId).map((r) => r.SecurityGroupRuleId!);
    if (ingress.length > 0) {
        await actions.run(`revoke ${ingress.length} inbound rule(s) of ${groupId}`, () =>
            ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: groupId, SecurityGroupRuleIds: ingress })),
        );
    }
    if (egress.length > 0) {
        await actions.run(`revoke ${egress.length} outbound rule(s) of ${groupId}`, () =>
            ec2.send(new RevokeSecurityGroupEgressCommand({ GroupId: groupId, SecurityGroupRuleIds: egress })),
        );
    }
}
