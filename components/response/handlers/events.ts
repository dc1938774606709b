import { z } from "zod";
import type { Target } from "./runtime";

/**
 * The event shapes the remediation functions accept, as AWS documents them: the EventBridge
 * envelope, GuardDuty findings, Security Hub findings in ASFF, CloudTrail API calls and AWS Health
 * events. Only the fields a handler reads are declared; unknown fields pass through untouched.
 */

const accountId = z.string().regex(/^\d{12}$/, "not a 12-digit account id");
const region = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "not a region code");

/**
 * Identifiers as AWS formats them. Anything else (wildcards, paths, extra segments) is refused, so a
 * handler only ever names one resource, and never one an event smuggled in as free text.
 */
export const ID_FORMATS = {
    bucket: /^(?!\d+\.\d+\.\d+\.\d+$)(?!.*\.\.)(?!xn--)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
    securityGroup: /^sg-[0-9a-f]{8,17}$/,
    instance: /^i-[0-9a-f]{8,17}$/,
    accessKey: /^AKIA[A-Z0-9]{16}$/,
    iamUserName: /^[\w+=,.@-]{1,64}$/,
    trailName: /^[A-Za-z0-9][A-Za-z0-9._-]{2,127}$/,
} as const;

export const envelope = z.object({
    id: z.string().min(1),
    "detail-type": z.string().min(1),
    source: z.string().min(1),
    account: accountId,
    region,
    detail: z.unknown(),
});
export type Envelope = z.infer<typeof envelope>;

export const guardDutyFinding = z.object({
    id: z.string().min(1),
    type: z.string().min(1),
    accountId,
    region,
    partition: z.string().default("aws"),
    severity: z.number(),
    resource: z.object({
        resourceType: z.string(),
        instanceDetails: z.object({ instanceId: z.string().regex(ID_FORMATS.instance, "not an instance id") }).optional(),
        accessKeyDetails: z
            .object({
                accessKeyId: z.string().optional(),
                userName: z.string().optional(),
                userType: z.string().optional(),
            })
            .optional(),
    }),
});
export type GuardDutyFinding = z.infer<typeof guardDutyFinding>;

export const asffResource = z.object({
    Type: z.string(),
    Id: z.string(),
    Partition: z.string().optional(),
    Region: region.optional(),
});
export type AsffResource = z.infer<typeof asffResource>;

export const asffFinding = z.object({
    Id: z.string().min(1),
    ProductArn: z.string().min(1),
    AwsAccountId: accountId,
    Region: region,
    Compliance: z.object({ Status: z.string().optional(), SecurityControlId: z.string().optional() }).optional(),
    Workflow: z.object({ Status: z.string() }).optional(),
    RecordState: z.string().optional(),
    Resources: z.array(asffResource).min(1),
});
export type AsffFinding = z.infer<typeof asffFinding>;

export const securityHubDetail = z.object({ findings: z.array(asffFinding).min(1) });

export const cloudTrailDetail = z.object({
    eventID: z.string().min(1),
    eventSource: z.string(),
    eventName: z.string(),
    awsRegion: region,
    recipientAccountId: accountId,
    errorCode: z.string().optional(),
    requestParameters: z.record(z.string(), z.unknown()).nullable(),
});
export type CloudTrailDetail = z.infer<typeof cloudTrailDetail>;

export const healthDetail = z.object({
    eventArn: z.string(),
    eventTypeCode: z.string(),
    affectedEntities: z.array(z.object({ entityValue: z.string() })).min(1),
});

/** Parses a value, returning the parsed value or a reason naming the field path under `prefix`. */
export function parse<T>(schema: z.ZodType<T>, value: unknown, prefix: string): { ok: true; value: T } | { ok: false; reason: string } {
    const r = schema.safeParse(value);
    if (r.success) return { ok: true, value: r.data };
    return {
        ok: false,
        reason: r.error.issues
            .slice(0, 3)
            .map((i) => `${[prefix, ...i.path].filter((p) => p !== "").join(".")}: ${i.message}`)
            .join("; "),
    };
}

/**
 * The id in a resource reference: either the bare id, or an ARN of exactly `service`, `type/` and the
 * scope's partition, region and account (S3 bucket ARNs have neither region nor account). The id must
 * match `format`; an ARN of another account, region or partition is refused.
 */
export function resourceId(reference: string, format: RegExp, arn: { service: string; type: string; regional: boolean }, scope: Target): string | undefined {
    let id = reference;
    if (reference.startsWith("arn:")) {
        const where = arn.regional ? `${scope.region}:${scope.account}` : ":";
        const prefix = `arn:${scope.partition}:${arn.service}:${where}:${arn.type}`;
        if (!reference.startsWith(prefix)) return undefined;
        id = reference.slice(prefix.length);
    }
    return format.test(id) ? id : undefined;
}

/** An S3 bucket name from an ASFF AwsS3Bucket resource id (`arn:<partition>:s3:::<name>`) or a bare name. */
export function bucketFromResourceId(id: string, scope: Target): string | undefined {
    return resourceId(id, ID_FORMATS.bucket, { service: "s3", type: "", regional: false }, scope);
}

/** A security group id from an ASFF AwsEc2SecurityGroup resource id (an ARN in the finding's account and region) or a bare id. */
export function securityGroupFromResourceId(id: string, scope: Target): string | undefined {
    return resourceId(id, ID_FORMATS.securityGroup, { service: "ec2", type: "security-group/", regional: true }, scope);
}

/** A trail's name or ARN as a CloudTrail call names it; an ARN must be of a trail in the call's account and region. */
export function trailFromName(name: string, scope: Target): string | undefined {
    return resourceId(name, ID_FORMATS.trailName, { service: "cloudtrail", type: "trail/", regional: true }, scope) === undefined ? undefined : name;
}
