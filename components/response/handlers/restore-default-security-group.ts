import { DescribeSecurityGroupsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { revokeAllRules } from "./ec2";
import { DEFAULT_GROUP_CONTROL, REMEDIATED_CALLS } from "../patterns";
import { ID_FORMATS, securityGroupFromResourceId } from "./events";
import {
    Actions,
    assumeRemediationRole,
    checkTarget,
    cloudTrailCall,
    dispatch,
    errorName,
    Result,
    securityHubFindings,
    Settings,
    skipped,
    Target,
} from "./runtime";

const RULE_CHANGES = REMEDIATED_CALLS.securityGroupRules;

/**
 * Empties a VPC's default security group (CIS 5.5 / EC2.2) after a rule is added to it or Security Hub
 * reports it open. CloudTrail cannot say whether a group is a default one, so the group is read first
 * and any other group is skipped untouched.
 */
export async function handler(event: unknown): Promise<Result> {
    return dispatch(event, {
        "aws.ec2|AWS API Call via CloudTrail": async (e, s) => {
            const got = cloudTrailCall(e, {
                eventSource: "ec2.amazonaws.com",
                eventNames: RULE_CHANGES,
                described: `one of ${RULE_CHANGES.join(", ")}`,
                subject: "groupId",
                subjectOf: (d) => (typeof d.requestParameters?.groupId === "string" ? d.requestParameters.groupId : undefined),
                subjectProblem: (groupId) =>
                    !groupId || !ID_FORMATS.securityGroup.test(groupId) ? "requestParameters.groupId is missing or not a group id" : undefined,
            });
            if (!got.ok) return got.result;
            return restore(s, got.target, got.subject, e.id, got.fields);
        },
        "aws.securityhub|Security Hub Findings - Imported": async (e, s) =>
            securityHubFindings(
                e,
                {
                    controls: [DEFAULT_GROUP_CONTROL],
                    described: DEFAULT_GROUP_CONTROL,
                    resourceType: "AwsEc2SecurityGroup",
                    resourceNoun: "security group",
                    subject: "groupId",
                    subjectOf: securityGroupFromResourceId,
                    notASubject: (id, target) => `resource id ${JSON.stringify(id)} is not one security group of account ${target.account} in ${target.region}`,
                },
                (target, groupId, fields) => restore(s, target, groupId, e.id, fields),
            ),
    });
}

async function restore(s: Settings, target: Target, groupId: string, eventId: string, fields: Record<string, unknown>): Promise<Result> {
    const refused = checkTarget(s, target, fields);
    if (refused) return refused;
    const credentials = await assumeRemediationRole(s, target, eventId);
    const ec2 = new EC2Client({ region: target.region, credentials });
    let group;
    try {
        group = (await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }))).SecurityGroups?.[0];
    } catch (err) {
        if (errorName(err) !== "InvalidGroup.NotFound") throw err;
    }
    if (!group) return skipped(`security group ${groupId} no longer exists`, fields);
    if (group.GroupName !== "default") return skipped(`security group ${groupId} (${group.GroupName}) is not a VPC default group`, fields);
    const actions = new Actions(s, fields);
    await revokeAllRules(ec2, groupId, actions);
    return actions.result(`default security group ${groupId} has no rules`);
}
