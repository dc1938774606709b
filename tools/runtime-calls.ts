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
import { HANDLER_CALLS, HandlerTarget, MANAGEMENT_ONLY_CALLS } from "../components/response/handlers/calls";
import type { Remediation } from "../components/response/patterns";
import type { PolicyDocument } from "../components/policies/document";

/** What the derivation reads of a captured resource. */
export interface RuntimeResource {
    readonly type: string;
    readonly name: string;
    readonly account?: string;
    readonly region?: string;
    readonly id?: string;
    readonly inputs: Record<string, unknown>;
}

export type RuntimeCallKind = "event-forwarding" | "alert-delivery" | "log-delivery" | "key-use" | "remediation" | "backup-copy";

export interface RuntimeCall {
    readonly kind: RuntimeCallKind;
    readonly description: string;
    /** Role session ARN, or a service principal (`<service>.amazonaws.com`). */
    readonly principal: string;
    /** Account the caller belongs to: its SCPs apply to a role session. Undefined for service principals and service-linked roles. */
    readonly callerAccount?: string;
    /** A service-linked role calls: neither SCPs nor RCPs apply to it, only the resource's policy. */
    readonly serviceLinked?: boolean;
    readonly action: string;
    readonly resource: string;
    /** Account owning the resource: its RCPs apply. */
    readonly resourceAccount: string;
    /** Request context, aws:RequestedRegion included. */
    readonly context: Readonly<Record<string, string>>;
    /**
     * The calling role's own policies as the program registers them (inline policies of a role with no
     * managed policy attached); undefined where they are not all known, and for service principals.
     */
    readonly identityPolicies?: Readonly<Record<string, PolicyDocument>>;
    /** Policy of the resource (bus, bucket, key, role trust, vault), when the program sets one. */
    readonly resourcePolicy?: PolicyDocument;
}

export interface RuntimeCallOptions {
    readonly organizationId: string;
    readonly managementAccountId: string;
    /** Every account of the organization, the management account included. */
    readonly accountIds: readonly string[];
}

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

/** Services whose endpoint is in us-east-1 whatever region the caller is in. */
const GLOBAL_SERVICES = ["iam", "organizations", "route53", "sts"];

const json = (v: unknown): PolicyDocument | undefined => (typeof v === "string" && v.length > 0 ? (JSON.parse(v) as PolicyDocument) : undefined);
const str = (v: unknown): string | undefined => (typeof v === "string" && v.length > 0 ? v : undefined);

/** Account of an ARN (its fifth field), if it names one. */
export function arnAccount(arn: string): string | undefined {
    const account = arn.split(":")[4];
    return account && /^\d{12}$/.test(account) ? account : undefined;
}
const arnRegion = (arn: string): string | undefined => arn.split(":")[3] || undefined;

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

class ResourceIndex {
    constructor(
        readonly resources: readonly RuntimeResource[],
        private readonly o: RuntimeCallOptions,
    ) {}
    of(type: string): RuntimeResource[] {
        return this.resources.filter((r) => r.type === type);
    }
    roleTrust(roleArn: string): PolicyDocument | undefined {
        const name = roleArn.split(":role/")[1]?.split("/").pop();
        const role = this.of("aws:iam/role:Role").find((r) => r.account === arnAccount(roleArn) && r.inputs.name === name);
        return json(role?.inputs.assumeRolePolicy);
    }
    /** The inline policies of a role, when they are all its policies (no managed policy attached). */
    rolePolicies(account: string, roleName: string): Record<string, PolicyDocument> | undefined {
        const mine = (r: RuntimeResource) => r.account === account && r.inputs.role === roleName;
        if (this.of("aws:iam/rolePolicyAttachment:RolePolicyAttachment").some(mine)) return undefined;
        const inline = this.of("aws:iam/rolePolicy:RolePolicy").filter(mine);
        return inline.length > 0 ? Object.fromEntries(inline.map((p) => [String(p.inputs.name ?? p.name), json(p.inputs.policy)!])) : undefined;
    }
    bucketPolicy(bucket: string): { account: string; policy: PolicyDocument } | undefined {
        const p = this.of("aws:s3/bucketPolicy:BucketPolicy").find((r) => r.inputs.bucket === bucket);
        return p && { account: p.account!, policy: json(p.inputs.policy)! };
    }
    bucketAccount(bucket: string): string {
        const b = this.of("aws:s3/bucket:Bucket").find((r) => r.inputs.bucket === bucket || r.id === bucket);
        const account = b?.account ?? this.bucketPolicy(bucket)?.account;
        if (!account) throw new Error(`runtimeCalls: no bucket ${bucket} is registered, so its account is unknown`);
        return account;
    }
    /** The SSE-KMS key S3 uses for a bucket's new objects, if it has one. */
    bucketDefaultKey(bucket: string): string | undefined {
        const sse = this.of("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").find((r) => r.inputs.bucket === bucket);
        const rules = (sse?.inputs.rules ?? []) as { applyServerSideEncryptionByDefault?: { kmsMasterKeyId?: string; sseAlgorithm?: string } }[];
        const rule = rules.find((r) => r.applyServerSideEncryptionByDefault?.sseAlgorithm?.startsWith("aws:kms"));
        return rule?.applyServerSideEncryptionByDefault?.kmsMasterKeyId;
    }
    keyPolicy(keyArn: string): PolicyDocument | undefined {
        const key = this.of("aws:kms/key:Key").find((k) => `arn:aws:kms:${k.region}:${k.account}:key/${k.id}` === keyArn || k.inputs.arn === keyArn);
        return json(key?.inputs.policy);
    }
    /** Regions an account forwards events from: where its forwarding rules are. */
    forwardingRegions(account: string): string[] {
        const regions = this.of("aws:cloudwatch/eventTarget:EventTarget")
            .filter((t) => t.account === account && str(t.inputs.roleArn))
            .map((t) => t.region!);
        return [...new Set(regions)].sort();
    }
    get organizationId(): string {
        return this.o.organizationId;
    }
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

/** One service's delivery into a bucket (and its key): what the resource registers. */
interface Delivery {
    readonly what: string;
    readonly service: string;
    readonly sourceAccount: string;
    readonly region: string;
    readonly sourceArn: string;
    readonly bucket: string;
    /** Object key the service writes (under its prefix). */
    readonly objectKey: string;
    /** Bucket-level checks before writing. */
    readonly checks: readonly string[];
    /** Whether the service hands the object to the bucket owner (x-amz-acl). */
    readonly ownerAcl: boolean;
    /** Key the service encrypts with, when it names one; else the bucket's default key. */
    readonly kmsKeyArn?: string;
    readonly encryptionContext?: Readonly<Record<string, string>>;
}

const bucketOf = (arnOrName: string) => (arnOrName.startsWith("arn:") ? arnOrName.split(":::")[1].split("/")[0] : arnOrName);

function deliveries(ix: ResourceIndex, o: RuntimeCallOptions): Delivery[] {
    const out: Delivery[] = [];
    for (const t of ix.of("aws:cloudtrail/trail:Trail")) {
        const trailArn = `arn:aws:cloudtrail:${t.region}:${t.account}:trail/${String(t.inputs.name)}`;
        const organization = t.inputs.isOrganizationTrail === true || t.inputs.isOrganizationTrail === "true";
        // An organization trail writes every member's logs under AWSLogs/<org id>/<account>/, its own under AWSLogs/<account>/.
        const accounts = organization ? o.accountIds : [t.account!];
        for (const account of [...new Set(accounts)].sort()) {
            out.push({
                what: `trail ${String(t.inputs.name)} (${account})`,
                service: "cloudtrail.amazonaws.com",
                sourceAccount: t.account!,
                region: t.region!,
                sourceArn: trailArn,
                bucket: String(t.inputs.s3BucketName),
                objectKey: `${organization && account !== t.account ? `AWSLogs/${o.organizationId}/${account}` : `AWSLogs/${account}`}/CloudTrail/${t.region}/2026/01/01/log.json.gz`,
                checks: ["s3:GetBucketAcl"],
                ownerAcl: true,
                kmsKeyArn: str(t.inputs.kmsKeyId),
                encryptionContext: { "kms:EncryptionContext:aws:cloudtrail:arn": trailArn },
            });
        }
    }
    for (const c of ix.of("aws:cfg/deliveryChannel:DeliveryChannel")) {
        const prefix = str(c.inputs.s3KeyPrefix);
        out.push({
            what: `Config delivery channel of ${c.account} ${c.region}`,
            service: "config.amazonaws.com",
            sourceAccount: c.account!,
            region: c.region!,
            sourceArn: `arn:aws:config:${c.region}:${c.account}:config-recorder/default`,
            bucket: String(c.inputs.s3BucketName),
            objectKey: `${prefix ? `${prefix}/` : ""}AWSLogs/${c.account}/Config/${c.region}/2026/1/1/ConfigSnapshot/snapshot.json.gz`,
            checks: ["s3:GetBucketAcl", "s3:ListBucket"],
            ownerAcl: true,
            kmsKeyArn: str(c.inputs.s3KmsKeyArn),
        });
    }
    for (const d of ix.of("aws:guardduty/publishingDestination:PublishingDestination")) {
        out.push({
            what: `GuardDuty findings export of ${d.account} ${d.region}`,
            service: "guardduty.amazonaws.com",
            sourceAccount: d.account!,
            region: d.region!,
            sourceArn: `arn:aws:guardduty:${d.region}:${d.account}:detector/${String(d.inputs.detectorId)}`,
            bucket: bucketOf(String(d.inputs.destinationArn)),
            objectKey: `AWSLogs/${d.account}/GuardDuty/${d.region}/2026/01/01/finding.jsonl.gz`,
            checks: ["s3:GetBucketLocation"],
            ownerAcl: false,
            kmsKeyArn: str(d.inputs.kmsKeyArn),
        });
    }
    const vended = (r: RuntimeResource, what: string, bucket: string, prefix?: string): Delivery => ({
        what,
        service: "delivery.logs.amazonaws.com",
        sourceAccount: r.account!,
        region: r.region!,
        sourceArn: `arn:aws:logs:${r.region}:${r.account}:*`,
        bucket,
        objectKey: `${prefix ? `${prefix}/` : ""}AWSLogs/${r.account}/vended/${r.region}/2026/01/01/log.gz`,
        checks: ["s3:GetBucketAcl", "s3:ListBucket"],
        ownerAcl: true,
    });
    for (const f of ix.of("aws:ec2/flowLog:FlowLog").filter((x) => x.inputs.logDestinationType === "s3"))
        out.push(vended(f, `flow log ${f.name}`, bucketOf(String(f.inputs.logDestination))));
    for (const l of ix.of("aws:networkfirewall/loggingConfiguration:LoggingConfiguration")) {
        const configs = ((l.inputs.loggingConfiguration as { logDestinationConfigs?: unknown[] } | undefined)?.logDestinationConfigs ?? []) as {
            logDestination: { bucketName?: string; prefix?: string };
            logDestinationType: string;
            logType: string;
        }[];
        for (const c of configs.filter((x) => x.logDestinationType === "S3"))
            out.push(vended(l, `Network Firewall ${c.logType} logs of ${l.name}`, String(c.logDestination.bucketName), c.logDestination.prefix));
    }
    for (const q of ix
        .of("aws:route53/resolverQueryLogConfig:ResolverQueryLogConfig")
        .filter((x) => String(x.inputs.destinationArn).startsWith("arn:aws:s3:::")))
        out.push(vended(q, `Resolver query logs ${String(q.inputs.name)}`, bucketOf(String(q.inputs.destinationArn))));
    for (const v of ix.of("aws:verifiedaccess/instanceLoggingConfiguration:InstanceLoggingConfiguration")) {
        const s3 = (v.inputs.accessLogs as { s3?: { bucketName?: string; prefix?: string; enabled?: boolean } } | undefined)?.s3;
        if (s3?.enabled && s3.bucketName) out.push(vended(v, `Verified Access logs of ${v.account}`, s3.bucketName, s3.prefix));
    }
    return out;
}

function logDelivery(ix: ResourceIndex, o: RuntimeCallOptions): RuntimeCall[] {
    const calls: RuntimeCall[] = [];
    for (const d of deliveries(ix, o)) {
        const bucketArn = `arn:aws:s3:::${d.bucket}`;
        const bucketAccount = ix.bucketAccount(d.bucket);
        const source = { "aws:SourceAccount": d.sourceAccount, "aws:SourceArn": d.sourceArn, "aws:SourceOrgID": o.organizationId };
        const base = { "aws:RequestedRegion": d.region, "aws:SecureTransport": "true", ...source };
        const policy = ix.bucketPolicy(d.bucket)?.policy;
        for (const action of d.checks)
            calls.push({
                kind: "log-delivery",
                description: `${d.what}: ${d.service} ${action}`,
                principal: d.service,
                action,
                resource: bucketArn,
                resourceAccount: bucketAccount,
                context: base,
                resourcePolicy: policy,
            });
        calls.push({
            kind: "log-delivery",
            description: `${d.what}: ${d.service} s3:PutObject ${d.objectKey}`,
            principal: d.service,
            action: "s3:PutObject",
            resource: `${bucketArn}/${d.objectKey}`,
            resourceAccount: bucketAccount,
            context: { ...base, "s3:TlsVersion": "1.2", ...(d.ownerAcl ? { "s3:x-amz-acl": "bucket-owner-full-control" } : {}) },
            resourcePolicy: policy,
        });
        const key = d.kmsKeyArn ?? ix.bucketDefaultKey(d.bucket);
        if (key) {
            const keyAccount = arnAccount(key)!;
            calls.push({
                kind: "log-delivery",
                description: `${d.what}: ${d.service} kms:GenerateDataKey on ${key}`,
                principal: d.service,
                action: "kms:GenerateDataKey",
                resource: key,
                resourceAccount: keyAccount,
                context: { ...base, ...(d.encryptionContext ?? {}) },
                resourcePolicy: ix.keyPolicy(key),
            });
        }
    }
    return calls;
}

function keyUse(ix: ResourceIndex, o: RuntimeCallOptions): RuntimeCall[] {
    const calls: RuntimeCall[] = [];
    const use = (c: Omit<RuntimeCall, "kind" | "resourceAccount" | "resourcePolicy">) =>
        calls.push({ ...c, kind: "key-use", resourceAccount: arnAccount(c.resource)!, resourcePolicy: ix.keyPolicy(c.resource) });
    for (const g of ix.of("aws:cloudwatch/logGroup:LogGroup").filter((x) => str(x.inputs.kmsKeyId))) {
        const arn = `arn:aws:logs:${g.region}:${g.account}:log-group:${String(g.inputs.name)}`;
        const service = `logs.${g.region}.amazonaws.com`;
        for (const action of ["kms:GenerateDataKey", "kms:Decrypt"])
            use({
                description: `log group ${String(g.inputs.name)} in ${g.account} ${g.region}: ${service} ${action}`,
                principal: service,
                action,
                resource: String(g.inputs.kmsKeyId),
                context: { "aws:RequestedRegion": g.region!, "aws:SecureTransport": "true", "kms:EncryptionContext:aws:logs:arn": arn },
            });
    }
    for (const k of ix.of("aws:ebs/defaultKmsKey:DefaultKmsKey")) {
        const key = String(k.inputs.keyArn);
        const via = {
            "aws:RequestedRegion": k.region!,
            "aws:SecureTransport": "true",
            "kms:ViaService": `ec2.${k.region}.amazonaws.com`,
            "kms:CallerAccount": k.account!,
        };
        // Any role of the account launching an instance or creating a volume: EC2 calls the key for it.
        const workload = `arn:aws:sts::${k.account}:assumed-role/workload-deployer/session`;
        const autoScaling = `arn:aws:iam::${k.account}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`;
        for (const [principal, who] of [
            [workload, "a workload role through EC2"],
            [autoScaling, "Auto Scaling's service-linked role"],
        ] as const) {
            const linked = principal === autoScaling;
            use({
                description: `EBS default key of ${k.account} ${k.region}: ${who} kms:CreateGrant`,
                principal,
                callerAccount: linked ? undefined : k.account,
                serviceLinked: linked,
                action: "kms:CreateGrant",
                resource: key,
                context: {
                    ...(linked ? { "aws:RequestedRegion": k.region!, "aws:SecureTransport": "true" } : via),
                    "kms:GrantIsForAWSResource": "true",
                    "aws:PrincipalOrgID": o.organizationId,
                },
            });
            for (const action of ["kms:GenerateDataKeyWithoutPlaintext", "kms:Decrypt"])
                use({
                    description: `EBS default key of ${k.account} ${k.region}: ${who} ${action}`,
                    principal,
                    callerAccount: linked ? undefined : k.account,
                    serviceLinked: linked,
                    action,
                    resource: key,
                    context: {
                        ...(linked ? { "aws:RequestedRegion": k.region!, "aws:SecureTransport": "true" } : via),
                        "aws:PrincipalOrgID": o.organizationId,
                    },
                });
        }
    }
    return calls;
}

function remediation(ix: ResourceIndex, o: RuntimeCallOptions): RuntimeCall[] {
    const calls: RuntimeCall[] = [];
    for (const f of ix.of("aws:lambda/function:Function")) {
        const env = ((f.inputs.environment as { variables?: Record<string, string> } | undefined)?.variables ?? {}) as Record<string, string>;
        const roleName = env.REMEDIATION_ROLE_NAME;
        if (!roleName) continue;
        const name = String(f.inputs.name);
        const which = Object.keys(HANDLER_CALLS).find((r) => name === `lz-remediation-${r}`) as Remediation | undefined;
        if (!which) throw new Error(`runtimeCalls: function ${name} has REMEDIATION_ROLE_NAME but no handler call table`);
        const functionRole = String(f.inputs.role);
        const functionSession = `arn:aws:sts::${f.account}:assumed-role/${functionRole.split(":role/")[1]}/${name}`;
        for (const target of (env.TARGET_ACCOUNTS ?? "").split(",").filter(Boolean)) {
            const roleArn = `arn:aws:iam::${target}:role/${roleName}`;
            // The handler refuses events from any region but its TARGET_REGIONS (components/response/handlers/runtime.ts).
            const targetRegions = (env.TARGET_REGIONS ?? "").split(",");
            const regions = ix.forwardingRegions(target).filter((r) => targetRegions.includes(r));
            for (const region of regions) {
                calls.push({
                    kind: "remediation",
                    description: `${name}: assumes ${roleName} in ${target} (event from ${region})`,
                    principal: functionSession,
                    callerAccount: f.account,
                    identityPolicies: ix.rolePolicies(f.account!, functionRole.split(":role/")[1]),
                    action: "sts:AssumeRole",
                    resource: roleArn,
                    resourceAccount: target,
                    // The handler's STS client is in the event's region.
                    context: {
                        "aws:RequestedRegion": region,
                        "aws:SecureTransport": "true",
                        "aws:PrincipalOrgID": o.organizationId,
                        "aws:ResourceOrgID": o.organizationId,
                    },
                    resourcePolicy: ix.roleTrust(roleArn),
                });
                const t: HandlerTarget = { partition: "aws", account: target, region };
                const managementOnly = target === o.managementAccountId ? [] : (MANAGEMENT_ONLY_CALLS[which] ?? []);
                for (const call of HANDLER_CALLS[which].filter((c) => !managementOnly.includes(c.action))) {
                    const service = call.action.split(":")[0];
                    calls.push({
                        kind: "remediation",
                        description: `${name} in ${target} ${region}: ${call.action} on ${call.resource(t)}`,
                        principal: `arn:aws:sts::${target}:assumed-role/${roleName}/remediation-event`,
                        callerAccount: target,
                        identityPolicies: ix.rolePolicies(target, roleName),
                        action: call.action,
                        resource: call.resource(t),
                        resourceAccount: target,
                        context: {
                            "aws:RequestedRegion": GLOBAL_SERVICES.includes(service) ? "us-east-1" : region,
                            "aws:SecureTransport": "true",
                            "aws:PrincipalOrgID": o.organizationId,
                            "aws:ResourceOrgID": o.organizationId,
                            ...(call.context?.(t) ?? {}),
                        },
                    });
                }
            }
        }
    }
    return calls;
}

/** The value of an organization policy's `@@assign`, or the value itself. */
const assigned = <T>(v: unknown): T => (v && typeof v === "object" && "@@assign" in v ? (v as { "@@assign": T })["@@assign"] : (v as T));

function backupCopies(ix: ResourceIndex, o: RuntimeCallOptions): RuntimeCall[] {
    const calls: RuntimeCall[] = [];
    for (const p of ix.of("aws:organizations/policy:Policy").filter((x) => x.inputs.type === "BACKUP_POLICY")) {
        const content = JSON.parse(String(p.inputs.content)) as { plans: Record<string, Record<string, unknown>> };
        for (const [planName, plan] of Object.entries(content.plans)) {
            const regions = assigned<string[]>(plan.regions);
            const selections = (plan.selections as { tags?: Record<string, { iam_role_arn: unknown }> } | undefined)?.tags ?? {};
            const roles = Object.values(selections).map((s) => assigned<string>(s.iam_role_arn));
            for (const rule of Object.values(
                (plan.rules ?? {}) as Record<
                    string,
                    { target_backup_vault_name: unknown; copy_actions?: Record<string, { target_backup_vault_arn: unknown }> }
                >,
            )) {
                const vaultName = assigned<string>(rule.target_backup_vault_name);
                for (const copy of Object.values(rule.copy_actions ?? {})) {
                    const target = assigned<string>(copy.target_backup_vault_arn);
                    const targetAccount = arnAccount(target)!;
                    const targetName = target.split(":backup-vault:")[1];
                    const vaultPolicy = ix
                        .of("aws:backup/vaultPolicy:VaultPolicy")
                        .find((v) => v.account === targetAccount && v.region === arnRegion(target) && v.inputs.backupVaultName === targetName);
                    // The plan runs in every account holding its source vault in one of its regions (the policy reaches them all).
                    const sources = ix
                        .of("aws:backup/vault:Vault")
                        .filter((v) => v.inputs.name === vaultName && regions.includes(v.region!) && v.account !== o.managementAccountId);
                    for (const source of sources)
                        for (const roleTemplate of roles) {
                            const role = roleTemplate.replace("$account", source.account!);
                            calls.push({
                                kind: "backup-copy",
                                description: `${planName} in ${source.account} ${source.region}: ${role.split(":role/")[1]} copies into ${target}`,
                                principal: `arn:aws:sts::${source.account}:assumed-role/${role.split(":role/")[1]}/AWSBackup-copy`,
                                callerAccount: source.account,
                                action: "backup:CopyIntoBackupVault",
                                resource: target,
                                resourceAccount: targetAccount,
                                context: {
                                    "aws:RequestedRegion": arnRegion(target)!,
                                    "aws:SecureTransport": "true",
                                    "aws:PrincipalOrgID": o.organizationId,
                                    "aws:ResourceOrgID": o.organizationId,
                                },
                                resourcePolicy: json(vaultPolicy?.inputs.policy),
                            });
                            // AWS Backup encrypts the copy with the central vault's key, for the copying role.
                            const vault = ix
                                .of("aws:backup/vault:Vault")
                                .find((v) => v.account === targetAccount && v.region === arnRegion(target) && v.inputs.name === targetName);
                            const key = str(vault?.inputs.kmsKeyArn);
                            for (const action of key ? ["kms:CreateGrant", "kms:GenerateDataKey"] : [])
                                calls.push({
                                    kind: "backup-copy",
                                    description: `${planName} in ${source.account} ${source.region}: ${role.split(":role/")[1]} ${action} on the central vault's key ${key}`,
                                    principal: `arn:aws:sts::${source.account}:assumed-role/${role.split(":role/")[1]}/AWSBackup-copy`,
                                    callerAccount: source.account,
                                    action,
                                    resource: key!,
                                    resourceAccount: targetAccount,
                                    context: {
                                        "aws:RequestedRegion": arnRegion(target)!,
                                        "aws:SecureTransport": "true",
                                        "aws:PrincipalOrgID": o.organizationId,
                                        "kms:ViaService": `backup.${arnRegion(target)}.amazonaws.com`,
                                        "kms:CallerAccount": source.account!,
                                        ...(action === "kms:CreateGrant" ? { "kms:GrantIsForAWSResource": "true" } : {}),
                                    },
                                    resourcePolicy: ix.keyPolicy(key!),
                                });
                        }
                }
            }
        }
    }
    return calls;
}
