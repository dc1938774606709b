import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import type { AwsCredentialIdentity } from "@aws-sdk/types";
import { cloudTrailDetail, envelope, Envelope, parse, securityHubDetail, type AsffFinding, type AsffResource, type CloudTrailDetail } from "./events";

/**
 * What every remediation function shares: settings from its environment, structured JSON logs,
 * credentials for the remediation role in the target account, and dry-run aware actions.
 * Handlers never throw for an event they cannot act on; they log the reason and return it, because a
 * retry cannot fix a malformed event. AWS errors do throw, so the retry policy and DLQ take over.
 */

/** Outcome of one delivery. */
export type Outcome = "remediated" | "dry-run" | "compliant" | "skipped" | "rejected";

export interface Result {
    readonly outcome: Outcome;
    /** Why nothing (more) was done; set for compliant, skipped and rejected. */
    readonly reason?: string;
    /** Changes made, or in dry-run the changes that would have been made. */
    readonly actions: readonly string[];
}

/** Settings the function reads from its environment on every invocation. */
export interface Settings {
    readonly functionName: string;
    readonly dryRun: boolean;
    /** Name of the remediation role this function may assume in each target account. */
    readonly roleName: string;
    /** Account ids of the organization the function may act in. */
    readonly accounts: ReadonlySet<string>;
    /** Regions this remediation's events come from (the allowed regions, plus the global-events region for IAM events). */
    readonly regions: ReadonlySet<string>;
}

export function settings(): Settings {
    const env = process.env;
    const roleName = env.REMEDIATION_ROLE_NAME;
    if (!roleName) throw new Error("REMEDIATION_ROLE_NAME is not set (expected the remediation role name)");
    return {
        functionName: env.AWS_LAMBDA_FUNCTION_NAME ?? "remediation",
        // Anything but an explicit "false" keeps the function harmless.
        dryRun: env.DRY_RUN !== "false",
        roleName,
        accounts: new Set((env.TARGET_ACCOUNTS ?? "").split(",").filter((a) => /^\d{12}$/.test(a))),
        regions: new Set((env.TARGET_REGIONS ?? "").split(",").filter((r) => /^[a-z]{2}(-[a-z]+)+-\d$/.test(r))),
    };
}

export type Level = "debug" | "info" | "warn" | "error";

/** One JSON object per line, so CloudWatch Logs Insights can filter on any field. */
export function log(level: Level, message: string, fields: Record<string, unknown> = {}): void {
    const line = JSON.stringify({ level, message, function: process.env.AWS_LAMBDA_FUNCTION_NAME, ...fields, time: new Date().toISOString() });
    if (level === "error" || level === "warn") console.error(line);
    else console.log(line);
}

/** A remediation target: account and region the event concerns. */
export interface Target {
    readonly account: string;
    readonly region: string;
    readonly partition: string;
}

export function partitionOf(region: string): string {
    if (region.startsWith("cn-")) return "aws-cn";
    if (region.startsWith("us-gov-")) return "aws-us-gov";
    return "aws";
}

/** Short-lived credentials for the remediation role in the target account. */
export async function assumeRemediationRole(s: Settings, target: Target, eventId: string): Promise<AwsCredentialIdentity> {
    const sts = new STSClient({ region: target.region });
    const roleArn = `arn:${target.partition}:iam::${target.account}:role/${s.roleName}`;
    const out = await sts.send(
        new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: `remediation-${eventId}`.replace(/[^\w+=,.@-]/g, "-").slice(0, 64), DurationSeconds: 900 }),
    );
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`AssumeRole into ${roleArn} returned no credentials`);
    return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
}

/** Records actions and runs them unless in dry-run. */
export class Actions {
    readonly done: string[] = [];
    constructor(
        private readonly s: Settings,
        private readonly fields: Record<string, unknown>,
    ) {}

    async run(description: string, change: () => Promise<unknown>): Promise<void> {
        this.done.push(description);
        if (this.s.dryRun) {
            log("info", `dry-run: would ${description}`, this.fields);
            return;
        }
        await change();
        log("info", description, this.fields);
    }

    result(compliantReason: string): Result {
        if (this.done.length === 0) return { outcome: "compliant", reason: compliantReason, actions: [] };
        return { outcome: this.s.dryRun ? "dry-run" : "remediated", actions: [...this.done] };
    }
}

export function rejected(reason: string, fields: Record<string, unknown> = {}): Result {
    log("warn", `rejected: ${reason}`, fields);
    return { outcome: "rejected", reason, actions: [] };
}

export function skipped(reason: string, fields: Record<string, unknown> = {}): Result {
    log("info", `skipped: ${reason}`, fields);
    return { outcome: "skipped", reason, actions: [] };
}

/**
 * Checks the target before any credentials are requested: an account of the organization, a region
 * this remediation's events come from, and that region's own partition (an event cannot name another).
 */
export function checkTarget(s: Settings, target: Target, fields: Record<string, unknown>): Result | undefined {
    if (!s.accounts.has(target.account)) return rejected(`account ${target.account} is not a target account of this organization`, fields);
    if (!s.regions.has(target.region))
        return rejected(`region ${target.region} is not one of this remediation's regions (${[...s.regions].join(", ")})`, fields);
    if (target.partition !== partitionOf(target.region)) return rejected(`partition ${target.partition} is not the partition of ${target.region}`, fields);
    return undefined;
}

/**
 * The target of a CloudTrail record. EventBridge sets the envelope's account and region from where
 * the call happened; a record that names another account or region was not made there.
 */
export function cloudTrailTarget(e: Envelope, d: CloudTrailDetail): Target | string {
    if (d.recipientAccountId !== e.account || d.awsRegion !== e.region) {
        return `CloudTrail record names account ${d.recipientAccountId} in ${d.awsRegion}, but the event came from ${e.account} in ${e.region}`;
    }
    return { account: d.recipientAccountId, region: d.awsRegion, partition: partitionOf(d.awsRegion) };
}

/** What a handler remediates in CloudTrail: calls of one service, about one subject (a bucket, a group, a trail). */
export interface RemediatedCalls {
    readonly eventSource: string;
    readonly eventNames: readonly string[];
    /** The calls as a rejection of another names them: "a bucket access change", "one of StopLogging, ...". */
    readonly described: string;
    /** The log field naming the subject, and where the request names it. */
    readonly subject: string;
    readonly subjectOf: (d: CloudTrailDetail) => string | undefined;
    /** Why the request names no subject to act on, when it does not. */
    readonly subjectProblem: (subject: string | undefined) => string | undefined;
}

export type CloudTrailCall =
    | { readonly ok: true; readonly call: CloudTrailDetail; readonly subject: string; readonly target: Target; readonly fields: Record<string, unknown> }
    | { readonly ok: false; readonly result: Result };

/**
 * Reads a CloudTrail event down to the call a handler remediates, in the order every handler checks
 * it: a well-formed record of one of its calls, a call that succeeded (a failed one changed nothing),
 * a request naming a subject to act on, made where the event came from. Otherwise, the result to return.
 */
export function cloudTrailCall(e: Envelope, calls: RemediatedCalls): CloudTrailCall {
    const parsed = parse(cloudTrailDetail, e.detail, "detail");
    if (!parsed.ok) return { ok: false, result: rejected(`malformed CloudTrail event: ${parsed.reason}`, { eventId: e.id }) };
    const d = parsed.value;
    const subject = calls.subjectOf(d);
    const fields = { eventId: e.id, eventName: d.eventName, account: d.recipientAccountId, region: d.awsRegion, [calls.subject]: subject };
    if (d.eventSource !== calls.eventSource || !calls.eventNames.includes(d.eventName))
        return { ok: false, result: rejected(`${d.eventSource} ${d.eventName} is not ${calls.described}`, fields) };
    if (d.errorCode) return { ok: false, result: skipped(`the call failed (${d.errorCode}), so nothing changed`, fields) };
    const problem = calls.subjectProblem(subject);
    if (problem || subject === undefined) return { ok: false, result: rejected(problem ?? `the request names no ${calls.subject}`, fields) };
    const target = cloudTrailTarget(e, d);
    if (typeof target === "string") return { ok: false, result: rejected(target, fields) };
    return { ok: true, call: d, subject, target, fields };
}

/**
 * The target of a Security Hub finding. Only Security Hub's own control findings count: any account
 * can import a finding of its own product (BatchImportFindings) saying anything. The resource is in
 * the finding's region (the control is evaluated there) and account.
 */
export function securityHubTarget(finding: AsffFinding, resource: AsffResource): Target | string {
    const partition = partitionOf(finding.Region);
    const own = `arn:${partition}:securityhub:${finding.Region}::product/aws/securityhub`;
    if (finding.ProductArn !== own) return `finding comes from product ${finding.ProductArn}, not Security Hub's own controls (${own})`;
    if (resource.Region !== undefined && resource.Region !== finding.Region) {
        return `finding's resource is in ${resource.Region}, but the finding is from ${finding.Region}`;
    }
    if (resource.Partition !== undefined && resource.Partition !== partition) {
        return `finding's resource is in partition ${resource.Partition}, but ${finding.Region} is in ${partition}`;
    }
    return { account: finding.AwsAccountId, region: finding.Region, partition };
}

/** What a handler remediates in Security Hub: failed findings of its controls, about one resource type. */
export interface RemediatedFindings {
    readonly controls: readonly string[];
    /** The controls as a rejection of another names them: "S3.2", "one of S3.2, S3.3". */
    readonly described: string;
    readonly resourceType: string;
    /** The resource as a rejection names it: "S3 bucket", "security group". */
    readonly resourceNoun: string;
    /** The log field naming the subject, and how the resource id names it. */
    readonly subject: string;
    readonly subjectOf: (resourceId: string, target: Target) => string | undefined;
    /** Why a resource id names no subject. */
    readonly notASubject: (resourceId: string, target: Target) => string;
}

/**
 * Acts on each failed finding of a Security Hub event about the handler's controls and resource,
 * after the same checks in every handler, and rejects or skips the others with the reason: one
 * result for the event.
 */
export async function securityHubFindings(
    e: Envelope,
    findings: RemediatedFindings,
    act: (target: Target, subject: string, fields: Record<string, unknown>) => Promise<Result>,
): Promise<Result> {
    const parsed = parse(securityHubDetail, e.detail, "detail");
    if (!parsed.ok) return rejected(`malformed Security Hub event: ${parsed.reason}`, { eventId: e.id });
    const results: Result[] = [];
    for (const f of parsed.value.findings) {
        const control = f.Compliance?.SecurityControlId;
        const resource = f.Resources.find((r) => r.Type === findings.resourceType);
        const target = resource ? securityHubTarget(f, resource) : undefined;
        const subject = resource && typeof target === "object" ? findings.subjectOf(resource.Id, target) : undefined;
        const fields = { eventId: e.id, findingId: f.Id, control, account: f.AwsAccountId, resourceId: resource?.Id, [findings.subject]: subject };
        if (!control || !findings.controls.includes(control))
            results.push(rejected(`finding is for control ${control ?? "(none)"}, not ${findings.described}`, fields));
        else if (f.Compliance?.Status !== "FAILED")
            results.push(skipped(`finding compliance status is ${f.Compliance?.Status ?? "(none)"}, not FAILED`, fields));
        else if (!resource || !target) results.push(rejected(`finding names no ${findings.resourceNoun} resource`, fields));
        else if (typeof target === "string") results.push(rejected(target, fields));
        else if (!subject) results.push(rejected(findings.notASubject(resource.Id, target), fields));
        else results.push(await act(target, subject, fields));
    }
    return combine(results);
}

/** The error name of an AWS SDK v3 service exception, for the few "not found" cases that mean "nothing there". */
export function errorName(e: unknown): string | undefined {
    return typeof e === "object" && e !== null && "name" in e ? String((e as { name: unknown }).name) : undefined;
}

/** A handler for one kind of event, keyed by `source|detail-type`. */
export type Route = (event: Envelope, s: Settings) => Promise<Result>;

/**
 * Validates the envelope, picks the route for the event's source and detail type, and logs the result.
 * Unknown kinds are rejected: the rule's pattern should never deliver them, so one that arrives is
 * worth a log line, not a retry.
 */
export async function dispatch(event: unknown, routes: Readonly<Record<string, Route>>): Promise<Result> {
    const s = settings();
    const parsed = parse(envelope, event, "");
    if (!parsed.ok) return rejected(`malformed event: ${parsed.reason}`, { function: s.functionName });
    const e = parsed.value;
    const key = `${e.source}|${e["detail-type"]}`;
    const route = routes[key];
    const fields = { eventId: e.id, source: e.source, detailType: e["detail-type"], dryRun: s.dryRun };
    if (!route) return rejected(`unexpected event kind ${key} (expected one of ${Object.keys(routes).join(", ")})`, fields);
    log("info", "event received", fields);
    const result = await route(e, s);
    log("info", `result: ${result.outcome}`, { ...fields, ...result });
    return result;
}

/** One result for an event carrying several findings: the strongest outcome, every action and reason. */
export function combine(results: readonly Result[]): Result {
    const order: readonly Outcome[] = ["remediated", "dry-run", "compliant", "skipped", "rejected"];
    const outcome = order.find((o) => results.some((r) => r.outcome === o)) ?? "rejected";
    const reasons = results.flatMap((r) => (r.reason ? [r.reason] : []));
    return { outcome, reason: reasons.length > 0 ? reasons.join("; ") : undefined, actions: results.flatMap((r) => r.actions) };
}
