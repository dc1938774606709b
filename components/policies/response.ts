import type { Remediation } from "../response/patterns";
import { PLATFORM_ROLE_PREFIX } from "../shared/names";
import { policyDocument, PolicyDocument, Statement, trustRoleByArn } from "./document";

/**
 * Policies of the incident-response area: the central event bus, the alert topics and dead-letter
 * queues, the forwarding roles of every account, and the two halves of each remediation's access: the
 * function's own role (which can only assume its remediation role) and the remediation role in each
 * target account (which can only make that remediation's changes).
 */

/** Tag the isolation function puts on the quarantine group it creates; only such groups lose their rules to it. */
export const QUARANTINE_PURPOSE_TAG = { key: "landing-zone:purpose", value: "quarantine" } as const;
/** Tag the isolation function puts on an isolated instance and its evidence snapshots. */
export const QUARANTINE_FINDING_TAG = "landing-zone:quarantine-finding";
/** Tag on evidence snapshots naming the instance they were taken from. */
export const QUARANTINE_INSTANCE_TAG = "landing-zone:instance";

/** Inline policy the isolation function puts on an isolated instance's role (AWSRevokeOlderSessions's shape). */
export const REVOKE_SESSIONS_POLICY_NAME = "landing-zone-revoke-older-sessions";

/**
 * NACL rule numbers the isolation function may use for its deny entries: all below the lowest rule the
 * landing zone's NACLs use (100), so a deny wins over every allow; one entry per address and direction.
 */
export const ISOLATION_NACL_RULE_NUMBERS = { first: 1, last: 99 } as const;

/**
 * Denies everything to every session of a role issued before `cutoff`, as the console's "Revoke active
 * sessions" (AWSRevokeOlderSessions) does. New sessions are unaffected; the isolated instance gets none
 * because its instance profile is removed. The Sid names the finding, so a second delivery recognises it.
 */
export function revokeOlderSessionsPolicy(findingId: string, cutoff: Date): PolicyDocument {
    if (!/^[0-9A-Za-z]+$/.test(findingId))
        throw new Error(`revokeOlderSessionsPolicy: finding id "${findingId}" is not alphanumeric (expected a GuardDuty finding id)`);
    return policyDocument([
        {
            Sid: revokeSessionsSid(findingId),
            Effect: "Deny",
            Action: "*",
            Resource: "*",
            Condition: { DateLessThan: { "aws:TokenIssueTime": cutoff.toISOString() } },
        },
    ]);
}

/** Statement id of the revocation made for one finding. */
export function revokeSessionsSid(findingId: string): string {
    return `RevokeSessionsBeforeFinding${findingId}`;
}

const denyInsecureTransport = (actions: string | readonly string[], resource: string): Statement => ({
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: "*",
    Action: actions,
    Resource: resource,
    Condition: { Bool: { "aws:SecureTransport": false } },
});

/** Central bus: any principal of this organization may put events on it, nobody else. */
export function securityEventBusPolicy(busArn: string, organizationId: string): PolicyDocument {
    return policyDocument([
        {
            Sid: "AllowOrganizationPutEvents",
            Effect: "Allow",
            Principal: "*",
            Action: "events:PutEvents",
            Resource: busArn,
            Condition: { StringEquals: { "aws:PrincipalOrgID": organizationId } },
        },
    ]);
}

/** Alert topic: EventBridge rules and CloudWatch alarms of this organization publish; nothing else gets in. */
export function alertTopicPolicy(topicArn: string, organizationId: string): PolicyDocument {
    return policyDocument([
        {
            Sid: "AllowOrganizationEventsAndAlarms",
            Effect: "Allow",
            Principal: { Service: ["events.amazonaws.com", "cloudwatch.amazonaws.com"] },
            Action: "sns:Publish",
            Resource: topicArn,
            Condition: { StringEquals: { "aws:SourceOrgID": organizationId } },
        },
        denyInsecureTransport("sns:Publish", topicArn),
    ]);
}

/** Dead-letter queue: EventBridge may send only the failed deliveries of the given rules. */
export function deadLetterQueuePolicy(queueArn: string, ruleArns: readonly string[]): PolicyDocument {
    return policyDocument([
        {
            Sid: "AllowRuleDeadLetters",
            Effect: "Allow",
            Principal: { Service: "events.amazonaws.com" },
            Action: "sqs:SendMessage",
            Resource: queueArn,
            Condition: { ArnEquals: { "aws:SourceArn": [...ruleArns].sort() } },
        },
        denyInsecureTransport("sqs:*", queueArn),
    ]);
}

/** Trust for a role a service assumes on behalf of one account only (confused-deputy guard). */
export function serviceTrustPolicy(service: "events.amazonaws.com" | "lambda.amazonaws.com" | "ssm.amazonaws.com", accountId: string): PolicyDocument {
    return policyDocument([
        {
            Sid: "AllowServiceForThisAccount",
            Effect: "Allow",
            Principal: { Service: service },
            Action: "sts:AssumeRole",
            Condition: { StringEquals: { "aws:SourceAccount": accountId } },
        },
    ]);
}

/** Forwarding role: put events on the central bus and nowhere else. */
export function eventForwarderPolicy(busArn: string): PolicyDocument {
    return policyDocument([{ Sid: "PutOnSecurityBus", Effect: "Allow", Action: "events:PutEvents", Resource: busArn }]);
}

export interface FunctionPolicyArgs {
    readonly partition: string;
    /** Region the function runs in. */
    readonly region: string;
    readonly organizationId: string;
    /** Remediation role name, the same in every target account. */
    readonly remediationRoleName: string;
    readonly deadLetterQueueArn: string;
    /** Key encrypting the dead-letter queue. */
    readonly queueKeyArn: string;
    readonly logGroupArn: string;
    /** Key encrypting the function's environment variables; Lambda decrypts them with this role. */
    readonly environmentKeyArn: string;
}

/** A remediation function's own role: assume its remediation role in this organization, dead-letter, log. */
export function remediationFunctionPolicy(a: FunctionPolicyArgs): PolicyDocument {
    return policyDocument([
        {
            Sid: "AssumeRemediationRoleInOrganization",
            Effect: "Allow",
            Action: "sts:AssumeRole",
            Resource: `arn:${a.partition}:iam::*:role/${a.remediationRoleName}`,
            Condition: { StringEquals: { "aws:ResourceOrgID": a.organizationId } },
        },
        { Sid: "SendDeadLetters", Effect: "Allow", Action: "sqs:SendMessage", Resource: a.deadLetterQueueArn },
        { Sid: "EncryptDeadLetters", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: a.queueKeyArn },
        ...functionRuntimeStatements(a),
    ]);
}

/** What every landing-zone function's role needs to run: its encrypted environment and its own log group. */
export function functionRuntimeStatements(a: { readonly region: string; readonly environmentKeyArn: string; readonly logGroupArn: string }): Statement[] {
    return [
        {
            Sid: "DecryptEnvironment",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: a.environmentKeyArn,
            Condition: { StringEquals: { "kms:ViaService": `lambda.${a.region}.amazonaws.com` } },
        },
        { Sid: "WriteLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${a.logGroupArn}:log-stream:*` },
    ];
}

/** Trust of a remediation role: only its function's role may assume it, by ARN (one a re-created role keeps). */
export function remediationTrustPolicy(functionRoleArn: string): PolicyDocument {
    return policyDocument([trustRoleByArn("AllowRemediationFunction", functionRoleArn)]);
}

/** What each remediation may change in a target account, and nothing more. */
export function remediationPermissions(remediation: Remediation, partition: string, accountId: string): PolicyDocument {
    const ec2 = (resource: string) => `arn:${partition}:ec2:*:${accountId}:${resource}`;
    switch (remediation) {
        case "isolate-instance":
            return policyDocument([
                {
                    Sid: "ReadInstanceAndGroups",
                    Effect: "Allow",
                    Action: [
                        "autoscaling:DescribeAutoScalingInstances",
                        "ec2:DescribeInstances",
                        "ec2:DescribeSecurityGroupRules",
                        "ec2:DescribeSecurityGroups",
                        "ec2:DescribeSnapshots",
                        "ec2:DescribeNetworkAcls",
                        "ec2:DescribeIamInstanceProfileAssociations",
                    ],
                    Resource: "*",
                },
                {
                    Sid: "DetachFromAutoScaling",
                    Effect: "Allow",
                    Action: "autoscaling:DetachInstances",
                    Resource: `arn:${partition}:autoscaling:*:${accountId}:autoScalingGroup:*:autoScalingGroupName/*`,
                },
                {
                    Sid: "SnapshotVolumes",
                    Effect: "Allow",
                    Action: "ec2:CreateSnapshot",
                    Resource: [ec2("volume/*"), `arn:${partition}:ec2:*::snapshot/*`],
                },
                {
                    Sid: "CreateQuarantineGroup",
                    Effect: "Allow",
                    Action: "ec2:CreateSecurityGroup",
                    Resource: [ec2("vpc/*"), ec2("security-group/*")],
                },
                {
                    Sid: "TagOnCreate",
                    Effect: "Allow",
                    Action: "ec2:CreateTags",
                    Resource: [ec2("security-group/*"), `arn:${partition}:ec2:*::snapshot/*`],
                    Condition: { StringEquals: { "ec2:CreateAction": ["CreateSecurityGroup", "CreateSnapshot"] } },
                },
                {
                    Sid: "TagIsolatedInstance",
                    Effect: "Allow",
                    Action: "ec2:CreateTags",
                    Resource: ec2("instance/*"),
                    Condition: { "ForAllValues:StringEquals": { "aws:TagKeys": [QUARANTINE_FINDING_TAG] } },
                },
                {
                    Sid: "EmptyQuarantineGroupOnly",
                    Effect: "Allow",
                    Action: ["ec2:RevokeSecurityGroupEgress", "ec2:RevokeSecurityGroupIngress"],
                    Resource: ec2("security-group/*"),
                    Condition: { StringEquals: { [`aws:ResourceTag/${QUARANTINE_PURPOSE_TAG.key}`]: QUARANTINE_PURPOSE_TAG.value } },
                },
                {
                    // Deny entries for the instance's addresses; NACLs are stateless, so established sessions end too.
                    Sid: "DenyInstanceAddressesInNetworkAcl",
                    Effect: "Allow",
                    Action: "ec2:CreateNetworkAclEntry",
                    Resource: ec2("network-acl/*"),
                },
                { Sid: "RemoveInstanceProfile", Effect: "Allow", Action: "ec2:DisassociateIamInstanceProfile", Resource: ec2("instance/*") },
                {
                    Sid: "ReadInstanceProfileRole",
                    Effect: "Allow",
                    Action: ["iam:GetInstanceProfile", "iam:GetRolePolicy"],
                    Resource: [`arn:${partition}:iam::${accountId}:instance-profile/*`, `arn:${partition}:iam::${accountId}:role/*`],
                },
                {
                    Sid: "RevokeRoleSessions",
                    Effect: "Allow",
                    Action: "iam:PutRolePolicy",
                    Resource: `arn:${partition}:iam::${accountId}:role/*`,
                },
                {
                    // PutRolePolicy cannot be limited to one document: keep it off the landing zone's own roles
                    // (this one included, so it cannot grant itself more) and AWS's.
                    Sid: "NeverLandingZoneOrAwsRoles",
                    Effect: "Deny",
                    Action: "iam:PutRolePolicy",
                    Resource: [
                        `arn:${partition}:iam::${accountId}:role/${PLATFORM_ROLE_PREFIX}*`,
                        `arn:${partition}:iam::${accountId}:role/aws-reserved/*`,
                        `arn:${partition}:iam::${accountId}:role/aws-service-role/*`,
                    ],
                },
                { Sid: "ChangeInterfaceGroups", Effect: "Allow", Action: "ec2:ModifyNetworkInterfaceAttribute", Resource: ec2("network-interface/*") },
                {
                    Sid: "IntoQuarantineGroupOnly",
                    Effect: "Allow",
                    Action: "ec2:ModifyNetworkInterfaceAttribute",
                    Resource: ec2("security-group/*"),
                    Condition: { StringEquals: { [`aws:ResourceTag/${QUARANTINE_PURPOSE_TAG.key}`]: QUARANTINE_PURPOSE_TAG.value } },
                },
            ]);
        case "block-s3-public-access":
            return policyDocument([
                {
                    Sid: "ReadAndBlockBucketAccess",
                    Effect: "Allow",
                    Action: ["s3:GetBucketAcl", "s3:GetBucketPolicyStatus", "s3:GetBucketPublicAccessBlock", "s3:PutBucketPublicAccessBlock"],
                    Resource: `arn:${partition}:s3:::*`,
                    Condition: { StringEquals: { "s3:ResourceAccount": accountId } },
                },
            ]);
        case "deactivate-access-key":
            return policyDocument([
                {
                    Sid: "DeactivateUserKeys",
                    Effect: "Allow",
                    Action: ["iam:GetAccessKeyLastUsed", "iam:ListAccessKeys", "iam:UpdateAccessKey"],
                    Resource: `arn:${partition}:iam::${accountId}:user/*`,
                },
            ]);
        case "restore-trail":
            return policyDocument([
                {
                    Sid: "RestoreTrails",
                    Effect: "Allow",
                    Action: [
                        "cloudtrail:GetTrail",
                        "cloudtrail:GetTrailStatus",
                        "cloudtrail:StartLogging",
                        "cloudtrail:UpdateTrail",
                        "cloudtrail:GetEventSelectors",
                        "cloudtrail:PutEventSelectors",
                    ],
                    Resource: `arn:${partition}:cloudtrail:*:${accountId}:trail/*`,
                },
                {
                    // CloudTrail checks the organization when an organization trail is updated.
                    Sid: "ReadOrganizationForOrganizationTrail",
                    Effect: "Allow",
                    Action: ["organizations:DescribeOrganization", "organizations:ListAWSServiceAccessForOrganization"],
                    Resource: "*",
                },
            ]);
        case "restore-default-security-group":
            return policyDocument([
                { Sid: "ReadGroups", Effect: "Allow", Action: ["ec2:DescribeSecurityGroupRules", "ec2:DescribeSecurityGroups"], Resource: "*" },
                {
                    Sid: "RevokeGroupRules",
                    Effect: "Allow",
                    Action: ["ec2:RevokeSecurityGroupEgress", "ec2:RevokeSecurityGroupIngress"],
                    Resource: ec2("security-group/*"),
                },
            ]);
    }
}
