/**
 * The calls AWS services and the landing zone's own runtime components make once the program is
 * deployed, derived from the resources a run registers (the mock runtime's captured resources): who
 * calls (an IAM role session in some account, or a service principal), what action on which resource
 * ARN, in which region and with which request context, and the resource policy the call must pass.
 * A test simulates each call against the SCPs on the caller's path and the RCPs on the resource
 * account's path, so a new forwarder region, a new flow log or a new target account is covered
 * without editing a list.
 *
 * What is derived:
 * - EventBridge forwarding: every rule target that passes a role puts events on its target bus as
 *   that role (SCPs of the rule's account apply; the bus policy must admit it), after EventBridge
 *   assumes the role (a service principal; the role's trust and the RCPs of its account apply).
 * - Alert delivery by service principals: EventBridge rules without a role publishing to SNS topics,
 *   invoking Lambda functions and sending dead letters to SQS queues, CloudWatch alarms publishing to
 *   SNS, each with the KMS key of the topic or queue (RCPs on SQS and KMS apply).
 * - Log delivery to S3 and its KMS key by service principals (SCPs never apply to them; RCPs of the
 *   bucket's and key's accounts do): the organization trail, Config delivery channels, the GuardDuty
 *   publishing destination, VPC/TGW flow logs, Network Firewall logs, Resolver query logs and
 *   Verified Access logs.
 * - Keys used by services for the account: CloudWatch Logs encrypting every encrypted log group, EC2
 *   (for any role of the account) and Auto Scaling's service-linked role creating grants and data
 *   keys on the account's default EBS key, and the backup role on the central vault's key.
 * - The remediation functions: each assumes its remediation role in every target account, and then
 *   makes its handler's calls (components/response/handlers/calls.ts) as that role, in every region
 *   the account forwards events from.
 * - AWS Backup's cross-account copy into the central vault, as each account's backup role.
 */
import { arnAccount, arnRegion, json, ResourceIndex, RuntimeCall, RuntimeCallOptions, RuntimeResource, str } from "./runtime-call-model";
import { keyUse, logDelivery } from "./log-delivery-calls";
import { backupCopies, remediation } from "./cross-account-role-calls";
import type { PolicyDocument } from "../components/policies/document";

/** The resource types the derivation reads. */
export const RUNTIME_CALL_TYPES: readonly string[] = [
    "aws:backup/vault:Vault",
    "aws:backup/vaultPolicy:VaultPolicy",
    "aws:cfg/deliveryChannel:DeliveryChannel",
    "aws:cloudtrail/trail:Trail",
    "aws:cloudwatch/eventBusPolicy:EventBusPolicy",
    "aws:cloudwatch/eventTarget:EventTarget",
    "aws:cloudwatch/logGroup:LogGroup",
    "aws:cloudwatch/metricAlarm:MetricAlarm",
    "aws:ebs/defaultKmsKey:DefaultKmsKey",
    "aws:ec2/flowLog:FlowLog",
    "aws:guardduty/publishingDestination:PublishingDestination",
    "aws:iam/role:Role",
    "aws:iam/rolePolicy:RolePolicy",
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    "aws:kms/key:Key",
    "aws:lambda/function:Function",
    "aws:lambda/permission:Permission",
    "aws:networkfirewall/loggingConfiguration:LoggingConfiguration",
    "aws:organizations/policy:Policy",
    "aws:route53/resolverQueryLogConfig:ResolverQueryLogConfig",
    "aws:s3/bucket:Bucket",
    "aws:s3/bucketPolicy:BucketPolicy",
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    "aws:sns/topic:Topic",
    "aws:sns/topicPolicy:TopicPolicy",
    "aws:sqs/queue:Queue",
    "aws:sqs/queuePolicy:QueuePolicy",
    "aws:verifiedaccess/instanceLoggingConfiguration:InstanceLoggingConfiguration",
];

export function runtimeCalls(resources: readonly RuntimeResource[], o: RuntimeCallOptions): RuntimeCall[] {
    const index = new ResourceIndex(resources, o);
    return [
        ...eventForwarding(index, o),
        ...alertDelivery(index, o),
        ...logDelivery(index, o),
        ...keyUse(index, o),
        ...remediation(index, o),
        ...backupCopies(index, o),
    ];
}

function eventForwarding(ix: ResourceIndex, o: RuntimeCallOptions): RuntimeCall[] {
    const calls: RuntimeCall[] = [];
    for (const t of ix.of("aws:cloudwatch/eventTarget:EventTarget")) {
        const roleArn = str(t.inputs.roleArn);
        const busArn = str(t.inputs.arn);
        if (!roleArn || !busArn || !busArn.includes(":event-bus/")) continue;
        const account = t.account!;
        const region = t.region!;
        const ruleArn = `arn:aws:events:${region}:${account}:rule/${String(t.inputs.rule)}`;
        const busAccount = arnAccount(busArn)!;
        const busName = busArn.split(":event-bus/")[1];
        const busPolicy = ix
            .of("aws:cloudwatch/eventBusPolicy:EventBusPolicy")
            .find((p) => p.account === busAccount && p.region === arnRegion(busArn) && p.inputs.eventBusName === busName);
        const roleName = roleArn.split(":role/")[1];
        const source = { "aws:SourceAccount": account, "aws:SourceArn": ruleArn, "aws:SourceOrgID": o.organizationId };
        calls.push({
            kind: "event-forwarding",
            description: `${String(t.inputs.rule)} in ${account} ${region}: EventBridge assumes ${roleName}`,
            principal: "events.amazonaws.com",
            action: "sts:AssumeRole",
            resource: roleArn,
            resourceAccount: account,
            context: { ...source, "aws:RequestedRegion": region, "aws:SecureTransport": "true" },
            resourcePolicy: ix.roleTrust(roleArn),
        });
        calls.push({
            kind: "event-forwarding",
            // The role's session calls the target bus's regional endpoint: that is the requested region.
            description: `${String(t.inputs.rule)} in ${account} ${region}: ${roleName} puts events on ${busArn}`,
            principal: `arn:aws:sts::${account}:assumed-role/${roleName}/${ruleSession(t)}`,
            callerAccount: account,
            identityPolicies: ix.rolePolicies(account, roleName),
            action: "events:PutEvents",
            resource: busArn,
            resourceAccount: busAccount,
            context: {
                "aws:RequestedRegion": arnRegion(busArn)!,
                "aws:SecureTransport": "true",
                "aws:PrincipalOrgID": o.organizationId,
                "aws:ResourceOrgID": o.organizationId,
                "aws:SourceArn": ruleArn,
            },
            resourcePolicy: json(busPolicy?.inputs.policy),
        });
    }
    return calls;
}

/** What a service principal's delivery to a topic, function or queue needs: the target's policy and, for a topic or queue, its key. */
function deliveryTarget(ix: ResourceIndex, arn: string): { action: string; policy?: PolicyDocument; key?: string } | undefined {
    const [, , service, region, account, rest] = arn.split(":");
    const at = (r: RuntimeResource) => r.account === account && r.region === region;
    if (service === "sns") {
        const topic = ix.of("aws:sns/topic:Topic").find((t) => at(t) && t.inputs.name === rest);
        const policy = ix.of("aws:sns/topicPolicy:TopicPolicy").find((p) => p.inputs.arn === arn);
        return { action: "sns:Publish", policy: json(policy?.inputs.policy), key: str(topic?.inputs.kmsMasterKeyId) };
    }
    if (service === "sqs") {
        const queue = ix.of("aws:sqs/queue:Queue").find((q) => at(q) && q.inputs.name === rest);
        const policy = ix.of("aws:sqs/queuePolicy:QueuePolicy").find((p) => at(p) && String(p.inputs.policy).includes(`"${arn}"`));
        return { action: "sqs:SendMessage", policy: json(policy?.inputs.policy), key: str(queue?.inputs.kmsMasterKeyId) };
    }
    if (service === "lambda") {
        // A function's resource policy is the union of its permissions.
        const name = arn.split(":function:")[1];
        const statements = ix
            .of("aws:lambda/permission:Permission")
            .filter((p) => at(p) && p.inputs.function === name)
            .map((p, i) => ({
                Sid: `Permission${i}`,
                Effect: "Allow" as const,
                Principal: { Service: String(p.inputs.principal) },
                Action: String(p.inputs.action),
                Resource: arn,
                ...(str(p.inputs.sourceArn) ? { Condition: { ArnLike: { "aws:SourceArn": String(p.inputs.sourceArn) } } } : {}),
            }));
        return { action: "lambda:InvokeFunction", policy: statements.length > 0 ? { Version: "2012-10-17", Statement: statements } : undefined };
    }
    return undefined;
}

function alertDelivery(ix: ResourceIndex, o: RuntimeCallOptions): RuntimeCall[] {
    const calls: RuntimeCall[] = [];
    const deliver = (what: string, service: string, sourceAccount: string, sourceArn: string, arn: string) => {
        const target = deliveryTarget(ix, arn);
        if (!target) return;
        const context = {
            "aws:RequestedRegion": arnRegion(arn)!,
            "aws:SecureTransport": "true",
            "aws:SourceAccount": sourceAccount,
            "aws:SourceArn": sourceArn,
            "aws:SourceOrgID": o.organizationId,
        };
        calls.push({
            kind: "alert-delivery",
            description: `${what}: ${service} ${target.action} on ${arn}`,
            principal: service,
            action: target.action,
            resource: arn,
            resourceAccount: arnAccount(arn)!,
            context,
            resourcePolicy: target.policy,
        });
        // SNS and SQS encrypt with the topic's or queue's key on the sender's behalf.
        if (target.key)
            calls.push({
                kind: "alert-delivery",
                description: `${what}: ${service} kms:GenerateDataKey on ${target.key} for ${arn}`,
                principal: service,
                action: "kms:GenerateDataKey",
                resource: target.key,
                resourceAccount: arnAccount(target.key)!,
                context,
                resourcePolicy: ix.keyPolicy(target.key),
            });
    };
    for (const t of ix.of("aws:cloudwatch/eventTarget:EventTarget").filter((x) => !str(x.inputs.roleArn))) {
        const ruleArn = `arn:aws:events:${t.region}:${t.account}:rule/${str(t.inputs.eventBusName) && t.inputs.eventBusName !== "default" ? `${String(t.inputs.eventBusName)}/` : ""}${String(t.inputs.rule)}`;
        deliver(`rule ${String(t.inputs.rule)} in ${t.account} ${t.region}`, "events.amazonaws.com", t.account!, ruleArn, String(t.inputs.arn));
        const dlq = str((t.inputs.deadLetterConfig as { arn?: string } | undefined)?.arn);
        if (dlq) deliver(`dead letters of rule ${String(t.inputs.rule)} in ${t.account} ${t.region}`, "events.amazonaws.com", t.account!, ruleArn, dlq);
    }
    for (const a of ix.of("aws:cloudwatch/metricAlarm:MetricAlarm"))
        for (const action of ((a.inputs.alarmActions ?? []) as string[]).filter((x) => x.startsWith("arn:")))
            deliver(
                `alarm ${String(a.inputs.name)} in ${a.account} ${a.region}`,
                "cloudwatch.amazonaws.com",
                a.account!,
                `arn:aws:cloudwatch:${a.region}:${a.account}:alarm:${String(a.inputs.name)}`,
                action,
            );
    return calls;
}

const ruleSession = (t: RuntimeResource) => `${String(t.inputs.rule)}`.slice(0, 64);
