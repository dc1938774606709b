import { strict as assert } from "assert";
import { expectDecisions, SimulationOutcome, uncoveredStatements } from "../support/iam-simulation";
import { policyDocumentProblems } from "../support/iam-documents";
import { PolicyDocument } from "../../components/policies/document";
import { keyPolicy } from "../../components/policies/kms";
import {
    alertTopicPolicy,
    deadLetterQueuePolicy,
    eventForwarderPolicy,
    remediationPermissions,
    remediationTrustPolicy,
    securityEventBusPolicy,
    serviceTrustPolicy,
} from "../../components/policies/response";
import { REMEDIATIONS } from "../../components/response/patterns";
import { remediationTables } from "./remediation-policy-tables";
import {
    BUS,
    ENV_KEY,
    forwarderRole,
    FUNCTION_ROLE,
    functionPolicy,
    inOrg,
    KEY,
    LOG_GROUP,
    ORG,
    OTHER_ORG,
    outsider,
    QUEUE,
    remediationRole,
    row,
    RULE,
    Table,
    TOOLING,
    TOPIC,
    WORKLOAD,
} from "./response-policy-fixtures";

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

Object.assign(tables, remediationTables);

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
