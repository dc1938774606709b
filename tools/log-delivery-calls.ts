import { arnAccount, ResourceIndex, RuntimeCall, RuntimeCallOptions, RuntimeResource, str } from "./runtime-call-model";

/**
 * Services writing for the accounts: log delivery to S3 and its KMS key by service principals (the trail,
 * Config, GuardDuty, flow logs, firewall, Resolver and Verified Access logs), and the keys services use
 * for an account (CloudWatch Logs, EBS default encryption, the backup role on the central vault's key).
 */

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

export function logDelivery(ix: ResourceIndex, o: RuntimeCallOptions): RuntimeCall[] {
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

export function keyUse(ix: ResourceIndex, o: RuntimeCallOptions): RuntimeCall[] {
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
