import { strict as assert } from "assert";
import { expectDecisions, PolicySet, policyDocumentProblems, SimulationOutcome, SimulationRequest, uncoveredStatements } from "../support/iam-simulation";
import { PolicyDocument } from "../../components/policies/document";
import { keyPolicy } from "../../components/policies/kms";
import {
    alertTopicPolicy,
    deadLetterQueuePolicy,
    eventForwarderPolicy,
    QUARANTINE_FINDING_TAG,
    remediationFunctionPolicy,
    remediationPermissions,
    remediationTrustPolicy,
    securityEventBusPolicy,
    serviceTrustPolicy,
} from "../../components/policies/response";
import { REMEDIATIONS } from "../../components/response/patterns";
import { remediationRoleName } from "../../components/shared/names";

const ORG = "o-abc123def4";
const OTHER_ORG = "o-zzz999yyy8";
const TOOLING = "444455556666";
const WORKLOAD = "111122223333";
const BUS = `arn:aws:events:eu-west-1:${TOOLING}:event-bus/landing-zone-security`;
const TOPIC = `arn:aws:sns:eu-west-1:${TOOLING}:lz-security-critical`;
const QUEUE = `arn:aws:sqs:eu-west-1:${TOOLING}:lz-remediation-isolate-instance-dlq`;
const RULE = `arn:aws:events:eu-west-1:${TOOLING}:rule/landing-zone-security/isolate-instance-guardduty`;
const KEY = `arn:aws:kms:eu-west-1:${TOOLING}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const LOG_GROUP = `arn:aws:logs:eu-west-1:${TOOLING}:log-group:/aws/lambda/lz-remediation-isolate-instance`;
const FUNCTION_ROLE = `arn:aws:iam::${TOOLING}:role/landing-zone-remediation-isolate-instance-fn`;

const ENV_KEY = `arn:aws:kms:eu-west-1:${TOOLING}:key/abcd1234-12ab-34cd-56ef-1234567890ab`;

const functionPolicy = remediationFunctionPolicy({
    partition: "aws",
    region: "eu-west-1",
    organizationId: ORG,
    remediationRoleName: remediationRoleName("isolate-instance"),
    deadLetterQueueArn: QUEUE,
    queueKeyArn: KEY,
    logGroupArn: LOG_GROUP,
    environmentKeyArn: ENV_KEY,
});

const documents: Record<string, PolicyDocument> = {
    "event bus": securityEventBusPolicy(BUS, ORG),
    "alert topic": alertTopicPolicy(TOPIC, ORG),
    "dead-letter queue": deadLetterQueuePolicy(QUEUE, [RULE]),
    "forwarder trust": serviceTrustPolicy("events.amazonaws.com", WORKLOAD),
    forwarder: eventForwarderPolicy(BUS),
    "function trust": serviceTrustPolicy("lambda.amazonaws.com", TOOLING),
    function: functionPolicy,
    "remediation trust": remediationTrustPolicy(FUNCTION_ROLE),
    ...Object.fromEntries(REMEDIATIONS.map((r) => [`remediation ${r}`, remediationPermissions(r, "aws", WORKLOAD)])),
};

describe("response: policy documents use only real IAM actions, resources and condition keys", () => {
    for (const [name, doc] of Object.entries(documents)) {
        it(name, async () => assert.deepEqual(await policyDocumentProblems(doc), []));
    }
});

const messagingKeyPolicy = keyPolicy({
    partition: "aws",
    region: "eu-west-1",
    accountId: TOOLING,
    organizationId: ORG,
    purpose: "messaging",
    accountRole: "other",
    administratorRoleNames: ["OrganizationAccountAccessRole"],
    organizationTrailArn: "arn:aws:cloudtrail:eu-west-1:210987654321:trail/landing-zone-organization",
    logReaderAccountIds: [],
    backupAccountId: "777788889999",
});
const secretsKeyPolicy = keyPolicy({
    partition: "aws",
    region: "eu-west-1",
    accountId: TOOLING,
    organizationId: ORG,
    purpose: "secrets",
    accountRole: "other",
    administratorRoleNames: ["OrganizationAccountAccessRole"],
    organizationTrailArn: "arn:aws:cloudtrail:eu-west-1:210987654321:trail/landing-zone-organization",
    logReaderAccountIds: [],
    backupAccountId: "777788889999",
});
const forwarderRole = `arn:aws:iam::${WORKLOAD}:role/landing-zone-security-event-forwarder`;
const outsider = "arn:aws:iam::999988887777:role/intruder";
const remediationRole = (r: string, account = WORKLOAD) => `arn:aws:iam::${account}:role/${remediationRoleName(r)}`;
const sg = `arn:aws:ec2:eu-west-1:${WORKLOAD}:security-group/sg-0d1e2f3a4b5c6d7e8`;
const instance = `arn:aws:ec2:eu-west-1:${WORKLOAD}:instance/i-0a1b2c3d4e5f67890`;
const quarantineTag = { "aws:ResourceTag/landing-zone:purpose": "quarantine" };
const TLS = { "aws:SecureTransport": "true" };
const inOrg = { "aws:PrincipalOrgID": ORG };

interface Table {
    readonly policies: PolicySet;
    /** Documents whose every statement the table must exercise. */
    readonly covers: readonly PolicyDocument[];
    readonly requests: readonly SimulationRequest[];
}

const row = (
    description: string,
    principal: string,
    action: string,
    resource: string,
    expected: SimulationRequest["expected"],
    statement?: string,
    context: Record<string, string | string[]> = {},
): SimulationRequest => ({ description, principal, action, resource, expected, statement, context: { ...TLS, ...context } });

const tables: Record<string, Table> = {
    "central bus: the organization's forwarders in, everyone else out": {
        policies: { identity: { forwarder: eventForwarderPolicy(BUS) }, resourcePolicy: securityEventBusPolicy(BUS, ORG) },
        covers: [securityEventBusPolicy(BUS, ORG), eventForwarderPolicy(BUS)],
        requests: [
            row("a forwarder of the organization puts events", forwarderRole, "events:PutEvents", BUS, "Allowed", "AllowOrganizationPutEvents", {
                "aws:PrincipalOrgID": ORG,
            }),
            row("the forwarder role may put on the central bus", forwarderRole, "events:PutEvents", BUS, "Allowed", "PutOnSecurityBus", {
                "aws:PrincipalOrgID": ORG,
            }),
            row("a principal of another organization cannot", outsider, "events:PutEvents", BUS, "ImplicitlyDenied", undefined, {
                "aws:PrincipalOrgID": OTHER_ORG,
            }),
            row(
                "the forwarder cannot put on another bus",
                forwarderRole,
                "events:PutEvents",
                `arn:aws:events:eu-west-1:${TOOLING}:event-bus/default`,
                "ImplicitlyDenied",
                undefined,
                { "aws:PrincipalOrgID": ORG },
            ),
        ],
    },
    "alert topics: EventBridge and CloudWatch of this organization, over TLS": {
        policies: { resourcePolicy: alertTopicPolicy(TOPIC, ORG) },
        covers: [alertTopicPolicy(TOPIC, ORG)],
        requests: [
            row("EventBridge of the organization publishes", "events.amazonaws.com", "sns:Publish", TOPIC, "Allowed", "AllowOrganizationEventsAndAlarms", {
                "aws:SourceOrgID": ORG,
            }),
            row(
                "CloudWatch alarms of the organization publish over TLS",
                "cloudwatch.amazonaws.com",
                "sns:Publish",
                TOPIC,
                "Allowed",
                "DenyInsecureTransport",
                { "aws:SourceOrgID": ORG },
            ),
            row("EventBridge of another organization cannot", "events.amazonaws.com", "sns:Publish", TOPIC, "ImplicitlyDenied", undefined, {
                "aws:SourceOrgID": OTHER_ORG,
            }),
            row("another service cannot", "s3.amazonaws.com", "sns:Publish", TOPIC, "ImplicitlyDenied", undefined, { "aws:SourceOrgID": ORG }),
            row("publishing without TLS is denied", "events.amazonaws.com", "sns:Publish", TOPIC, "ExplicitlyDenied", "DenyInsecureTransport", {
                "aws:SourceOrgID": ORG,
                "aws:SecureTransport": "false",
            }),
            row("EventBridge cannot change the topic", "events.amazonaws.com", "sns:SetTopicAttributes", TOPIC, "ImplicitlyDenied", undefined, {
                "aws:SourceOrgID": ORG,
            }),
        ],
    },
    "dead-letter queue: only the function's own rules": {
        policies: { resourcePolicy: deadLetterQueuePolicy(QUEUE, [RULE]) },
        covers: [deadLetterQueuePolicy(QUEUE, [RULE])],
        requests: [
            row("the function's rule dead-letters", "events.amazonaws.com", "sqs:SendMessage", QUEUE, "Allowed", "AllowRuleDeadLetters", {
                "aws:SourceArn": RULE,
            }),
            row("another rule cannot", "events.amazonaws.com", "sqs:SendMessage", QUEUE, "ImplicitlyDenied", undefined, {
                "aws:SourceArn": `arn:aws:events:eu-west-1:${TOOLING}:rule/other`,
            }),
            row("sending without TLS is denied", "events.amazonaws.com", "sqs:SendMessage", QUEUE, "ExplicitlyDenied", "DenyInsecureTransport", {
                "aws:SourceArn": RULE,
                "aws:SecureTransport": "false",
            }),
            row(
                "the rule's delivery over TLS passes the transport guard",
                "events.amazonaws.com",
                "sqs:SendMessage",
                QUEUE,
                "Allowed",
                "DenyInsecureTransport",
                { "aws:SourceArn": RULE },
            ),
        ],
    },
    "function role: only its remediation role, only in this organization": {
        policies: { identity: { function: functionPolicy }, resourcePolicy: remediationTrustPolicy(FUNCTION_ROLE) },
        covers: [remediationTrustPolicy(FUNCTION_ROLE)],
        requests: [
            row(
                "assumes its remediation role in a workload account",
                FUNCTION_ROLE,
                "sts:AssumeRole",
                remediationRole("isolate-instance"),
                "Allowed",
                "AssumeRemediationRoleInOrganization",
                { "aws:ResourceOrgID": ORG },
            ),
            row(
                "the remediation role trusts the function",
                FUNCTION_ROLE,
                "sts:AssumeRole",
                remediationRole("isolate-instance"),
                "Allowed",
                "AllowRemediationFunction",
                { "aws:ResourceOrgID": ORG },
            ),
            row(
                "cannot assume another remediation's role",
                FUNCTION_ROLE,
                "sts:AssumeRole",
                remediationRole("deactivate-access-key"),
                "ImplicitlyDenied",
                undefined,
                { "aws:ResourceOrgID": ORG },
            ),
            row(
                "cannot assume a same-named role outside the organization",
                FUNCTION_ROLE,
                "sts:AssumeRole",
                remediationRole("isolate-instance", "999988887777"),
                "ImplicitlyDenied",
                undefined,
                { "aws:ResourceOrgID": OTHER_ORG },
            ),
            row(
                "another principal cannot assume the remediation role",
                `arn:aws:iam::${WORKLOAD}:role/developer`,
                "sts:AssumeRole",
                remediationRole("isolate-instance"),
                "ImplicitlyDenied",
                undefined,
                { "aws:ResourceOrgID": ORG },
            ),
            row("sends to its dead-letter queue", FUNCTION_ROLE, "sqs:SendMessage", QUEUE, "Allowed", "SendDeadLetters"),
            row("cannot read its dead-letter queue", FUNCTION_ROLE, "sqs:ReceiveMessage", QUEUE, "ImplicitlyDenied"),
            row("writes its logs", FUNCTION_ROLE, "logs:PutLogEvents", `${LOG_GROUP}:log-stream:2026/11/23/[$LATEST]abc`, "Allowed", "WriteLogs"),
            row("cannot delete its log group", FUNCTION_ROLE, "logs:DeleteLogGroup", LOG_GROUP, "ImplicitlyDenied"),
        ],
    },
    // The data layer's messaging key policy lets IAM decide for use through SQS/SNS; the function's policy does.
    "function role with the messaging key: dead letters through SQS only": {
        policies: { identity: { function: functionPolicy }, resourcePolicy: messagingKeyPolicy },
        covers: [],
        requests: [
            row("encrypts dead letters through SQS", FUNCTION_ROLE, "kms:GenerateDataKey", KEY, "Allowed", "EncryptDeadLetters", {
                ...inOrg,
                "kms:ViaService": "sqs.eu-west-1.amazonaws.com",
                "kms:CallerAccount": TOOLING,
            }),
            row("cannot use the key directly", FUNCTION_ROLE, "kms:Decrypt", KEY, "ImplicitlyDenied", undefined, { ...inOrg, "kms:CallerAccount": TOOLING }),
            row("cannot schedule the key's deletion", FUNCTION_ROLE, "kms:ScheduleKeyDeletion", KEY, "ImplicitlyDenied", undefined, inOrg),
        ],
    },
    // The secrets key policy lets IAM decide for use through Lambda; the function's policy narrows it to its own environment key.
    "function role with the secrets key: its environment, through Lambda only": {
        policies: { identity: { function: functionPolicy }, resourcePolicy: secretsKeyPolicy },
        covers: [],
        requests: [
            row("decrypts its environment through Lambda", FUNCTION_ROLE, "kms:Decrypt", ENV_KEY, "Allowed", "DecryptEnvironment", {
                ...inOrg,
                "kms:ViaService": "lambda.eu-west-1.amazonaws.com",
                "kms:CallerAccount": TOOLING,
            }),
            row("cannot decrypt with the key through another service", FUNCTION_ROLE, "kms:Decrypt", ENV_KEY, "ImplicitlyDenied", undefined, {
                ...inOrg,
                "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com",
                "kms:CallerAccount": TOOLING,
            }),
        ],
    },
    "EventBridge and CloudWatch with the messaging key: encrypted topics and queues of this account": {
        policies: { resourcePolicy: messagingKeyPolicy },
        covers: [],
        requests: [
            row("EventBridge encrypts for a topic or dead-letter queue", "events.amazonaws.com", "kms:GenerateDataKey", KEY, "Allowed", undefined, {
                "aws:SourceAccount": TOOLING,
            }),
            row("CloudWatch alarms encrypt for a topic", "cloudwatch.amazonaws.com", "kms:GenerateDataKey", KEY, "Allowed", undefined, {
                "aws:SourceAccount": TOOLING,
            }),
            row("EventBridge of another account cannot", "events.amazonaws.com", "kms:GenerateDataKey", KEY, "ImplicitlyDenied", undefined, {
                "aws:SourceAccount": WORKLOAD,
            }),
        ],
    },
};

type RemediationRow = [
    description: string,
    action: string,
    resource: string,
    expected: SimulationRequest["expected"],
    statement?: string,
    context?: Record<string, string | string[]>,
];
const remediationTable = (r: (typeof REMEDIATIONS)[number], rows: RemediationRow[]): Table => ({
    policies: { identity: { [r]: remediationPermissions(r, "aws", WORKLOAD) } },
    covers: [remediationPermissions(r, "aws", WORKLOAD)],
    requests: rows.map(([description, action, resource, expected, statement, context]) =>
        row(description, remediationRole(r), action, resource, expected, statement, context),
    ),
});
const volume = `arn:aws:ec2:eu-west-1:${WORKLOAD}:volume/vol-0aaa1111bbbb22223`;
const snapshot = "arn:aws:ec2:eu-west-1::snapshot/snap-0123456789abcdef0";
const bucket = "arn:aws:s3:::checkout-exports-111122223333";
const user = `arn:aws:iam::${WORKLOAD}:user/ci-deployer`;
const trail = `arn:aws:cloudtrail:eu-west-1:${WORKLOAD}:trail/checkout-audit`;
const asg = `arn:aws:autoscaling:eu-west-1:${WORKLOAD}:autoScalingGroup:0b1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e:autoScalingGroupName/checkout-app`;
Object.assign(tables, {
    "isolate-instance: quarantine, snapshot, tag, detach; nothing else": remediationTable("isolate-instance", [
        ["reads instances", "ec2:DescribeInstances", "*", "Allowed", "ReadInstanceAndGroups"],
        ["detaches from its Auto Scaling group", "autoscaling:DetachInstances", asg, "Allowed", "DetachFromAutoScaling"],
        ["cannot delete the Auto Scaling group", "autoscaling:DeleteAutoScalingGroup", asg, "ImplicitlyDenied"],
        ["snapshots a volume", "ec2:CreateSnapshot", volume, "Allowed", "SnapshotVolumes"],
        ["cannot delete a snapshot", "ec2:DeleteSnapshot", snapshot, "ImplicitlyDenied"],
        ["creates the quarantine group", "ec2:CreateSecurityGroup", sg, "Allowed", "CreateQuarantineGroup"],
        ["tags the group it creates", "ec2:CreateTags", sg, "Allowed", "TagOnCreate", { "ec2:CreateAction": "CreateSecurityGroup" }],
        ["cannot tag a group outside creation", "ec2:CreateTags", sg, "ImplicitlyDenied", undefined, { "ec2:CreateAction": "CreateVpc" }],
        ["tags the instance with the finding", "ec2:CreateTags", instance, "Allowed", "TagIsolatedInstance", { "aws:TagKeys": [QUARANTINE_FINDING_TAG] }],
        ["cannot put other tags on the instance", "ec2:CreateTags", instance, "ImplicitlyDenied", undefined, { "aws:TagKeys": ["Owner"] }],
        ["empties the quarantine group", "ec2:RevokeSecurityGroupEgress", sg, "Allowed", "EmptyQuarantineGroupOnly", quarantineTag],
        ["cannot strip rules from another group", "ec2:RevokeSecurityGroupEgress", sg, "ImplicitlyDenied"],
        [
            "changes an interface's groups",
            "ec2:ModifyNetworkInterfaceAttribute",
            `arn:aws:ec2:eu-west-1:${WORKLOAD}:network-interface/eni-0123456789abcdef0`,
            "Allowed",
            "ChangeInterfaceGroups",
        ],
        ["moves an interface into the quarantine group", "ec2:ModifyNetworkInterfaceAttribute", sg, "Allowed", "IntoQuarantineGroupOnly", quarantineTag],
        ["cannot move an interface into another group", "ec2:ModifyNetworkInterfaceAttribute", sg, "ImplicitlyDenied"],
        ["cannot terminate the instance", "ec2:TerminateInstances", instance, "ImplicitlyDenied"],
        ["adds deny entries to a NACL", "ec2:CreateNetworkAclEntry", `arn:aws:ec2:eu-west-1:${WORKLOAD}:network-acl/acl-0a1b2c3d4e5f60001`, "Allowed", "DenyInstanceAddressesInNetworkAcl"],
        ["cannot delete NACL entries", "ec2:DeleteNetworkAclEntry", `arn:aws:ec2:eu-west-1:${WORKLOAD}:network-acl/acl-0a1b2c3d4e5f60001`, "ImplicitlyDenied"],
        ["removes the instance profile", "ec2:DisassociateIamInstanceProfile", instance, "Allowed", "RemoveInstanceProfile"],
        ["revokes a workload role's sessions", "iam:PutRolePolicy", `arn:aws:iam::${WORKLOAD}:role/checkout-app`, "Allowed", "RevokeRoleSessions"],
        ["cannot put a policy on its own role", "iam:PutRolePolicy", `arn:aws:iam::${WORKLOAD}:role/landing-zone-remediation-isolate-instance`, "ExplicitlyDenied", "NeverLandingZoneOrAwsRoles"],
        ["reads the role of an instance profile", "iam:GetInstanceProfile", `arn:aws:iam::${WORKLOAD}:instance-profile/checkout-app`, "Allowed", "ReadInstanceProfileRole"],
        ["the guard leaves workload roles under a path alone", "iam:PutRolePolicy", `arn:aws:iam::${WORKLOAD}:role/workload/checkout-worker`, "Allowed", "NeverLandingZoneOrAwsRoles"],
        ["cannot attach managed policies", "iam:AttachRolePolicy", `arn:aws:iam::${WORKLOAD}:role/checkout-app`, "ImplicitlyDenied"],
        ["cannot touch another account's role", "iam:PutRolePolicy", "arn:aws:iam::999988887777:role/checkout-app", "ImplicitlyDenied"],
    ]),
    "block-s3-public-access: the account's bucket blocks only": remediationTable("block-s3-public-access", [
        [
            "blocks public access on a bucket of the account",
            "s3:PutBucketPublicAccessBlock",
            bucket,
            "Allowed",
            "ReadAndBlockBucketAccess",
            { "s3:ResourceAccount": WORKLOAD },
        ],
        [
            "cannot touch another account's bucket",
            "s3:PutBucketPublicAccessBlock",
            "arn:aws:s3:::someone-elses-bucket",
            "ImplicitlyDenied",
            undefined,
            { "s3:ResourceAccount": "999988887777" },
        ],
        ["cannot delete a bucket policy", "s3:DeleteBucketPolicy", bucket, "ImplicitlyDenied", undefined, { "s3:ResourceAccount": WORKLOAD }],
        ["cannot read objects", "s3:GetObject", `${bucket}/exports/customers.csv`, "ImplicitlyDenied", undefined, { "s3:ResourceAccount": WORKLOAD }],
    ]),
    "deactivate-access-key: deactivate, never create or delete": remediationTable("deactivate-access-key", [
        ["deactivates a user's key", "iam:UpdateAccessKey", user, "Allowed", "DeactivateUserKeys"],
        ["cannot delete a key", "iam:DeleteAccessKey", user, "ImplicitlyDenied"],
        ["cannot create a key", "iam:CreateAccessKey", user, "ImplicitlyDenied"],
        ["cannot act in another account", "iam:UpdateAccessKey", "arn:aws:iam::999988887777:user/ci-deployer", "ImplicitlyDenied"],
    ]),
    "restore-trail: start and restore, never stop or delete": remediationTable("restore-trail", [
        ["starts logging", "cloudtrail:StartLogging", trail, "Allowed", "RestoreTrails"],
        [
            "restores the organization trail",
            "cloudtrail:UpdateTrail",
            `arn:aws:cloudtrail:eu-west-1:${WORKLOAD}:trail/landing-zone-organization`,
            "Allowed",
            "RestoreTrails",
        ],
        ["reads the organization for it", "organizations:DescribeOrganization", "*", "Allowed", "ReadOrganizationForOrganizationTrail"],
        ["cannot stop logging", "cloudtrail:StopLogging", trail, "ImplicitlyDenied"],
        ["cannot delete a trail", "cloudtrail:DeleteTrail", trail, "ImplicitlyDenied"],
    ]),
    "restore-default-security-group: revoke only": remediationTable("restore-default-security-group", [
        ["reads groups", "ec2:DescribeSecurityGroups", "*", "Allowed", "ReadGroups"],
        ["revokes rules", "ec2:RevokeSecurityGroupIngress", sg, "Allowed", "RevokeGroupRules"],
        ["cannot add rules", "ec2:AuthorizeSecurityGroupIngress", sg, "ImplicitlyDenied"],
        ["cannot delete the group", "ec2:DeleteSecurityGroup", sg, "ImplicitlyDenied"],
    ]),
});

describe("response: policy simulation", () => {
    const all: SimulationOutcome[] = [];
    for (const [name, table] of Object.entries(tables)) {
        it(`${name} (${table.requests.length} requests)`, async () => {
            const outcomes = await expectDecisions(table.policies, table.requests);
            all.push(...outcomes);
            assert.deepEqual(uncoveredStatements(table.covers, outcomes), []);
        });
    }
    // The function policy meets two resource policies (trust, key), so its rows span two tables.
    it("exercises every statement of the function policy", () =>
        assert.deepEqual(
            uncoveredStatements(
                [functionPolicy],
                all.filter((o) => o.request.principal === FUNCTION_ROLE),
            ),
            [],
        ));
    it("simulates every remediation", () =>
        assert.deepEqual(
            REMEDIATIONS.filter((r) => !Object.keys(tables).some((t) => t.startsWith(`${r}:`))),
            [],
        ));
});
