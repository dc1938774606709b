/**
 * EventBridge event patterns as typed data: what every account forwards to the central bus and what
 * triggers each remediation (alert-rules.ts: what the central bus alerts on). Kept pure so tests can
 * match them against sample events in the format AWS documents.
 */

export type PatternValue =
    | string
    | number
    | boolean
    | null
    | { readonly prefix: string }
    | { readonly suffix: string }
    | { readonly "anything-but": string | number | readonly (string | number)[] | { readonly prefix: string } }
    | { readonly numeric: readonly (string | number)[] }
    | { readonly exists: boolean }
    | { readonly "equals-ignore-case": string }
    | { readonly wildcard: string };

export interface EventPattern {
    readonly [field: string]: EventPattern | readonly PatternValue[] | readonly EventPattern[];
}

const API_CALL = "AWS API Call via CloudTrail";
export const CONSOLE_SIGN_IN = "AWS Console Sign In via CloudTrail";
/** Only calls that succeeded changed anything; failed ones (an SCP denial) carry errorCode. */
const SUCCEEDED = [{ exists: false }] as const;

/** GuardDuty reports 9.0-10.0 as Critical; below that, findings at the configured minimum are High. */
export const GUARDDUTY_CRITICAL = 9;

/** Findings from security services: the detail types each source emits them under. */
export const FINDING_SOURCES: Readonly<Record<string, readonly string[]>> = {
    "aws.guardduty": ["GuardDuty Finding"],
    "aws.securityhub": ["Security Hub Findings - Imported"],
    // External access and unused access findings arrive under different detail types.
    "aws.access-analyzer": ["Access Analyzer Finding", "Unused Access Finding for IAM entities"],
    "aws.macie": ["Macie Finding"],
    "aws.config": ["Config Rules Compliance Change"],
};

/** CloudTrail management calls that matter to the central rules and remediations, by event source. */
export const WATCHED_API_CALLS: Readonly<Record<string, readonly string[]>> = {
    // Selector changes stop a trail recording events without stopping it.
    "cloudtrail.amazonaws.com": ["StopLogging", "DeleteTrail", "UpdateTrail", "PutEventSelectors", "PutInsightSelectors"],
    "organizations.amazonaws.com": [
        "AcceptHandshake",
        "AttachPolicy",
        "CreateAccount",
        "CreateOrganizationalUnit",
        "CreatePolicy",
        "DeleteOrganization",
        "DeleteOrganizationalUnit",
        "DeletePolicy",
        "DeregisterDelegatedAdministrator",
        "DetachPolicy",
        "DisableAWSServiceAccess",
        "DisablePolicyType",
        "EnableAWSServiceAccess",
        "EnablePolicyType",
        "InviteAccountToOrganization",
        "LeaveOrganization",
        "MoveAccount",
        "RegisterDelegatedAdministrator",
        "RemoveAccountFromOrganization",
        "UpdateOrganizationalUnit",
        "UpdatePolicy",
    ],
    "kms.amazonaws.com": ["DisableKey", "ScheduleKeyDeletion"],
    "s3.amazonaws.com": [
        "PutBucketPolicy",
        "PutBucketAcl",
        "PutBucketPublicAccessBlock",
        "DeleteBucketPublicAccessBlock",
        "PutAccountPublicAccessBlock",
        "DeleteAccountPublicAccessBlock",
    ],
    "ec2.amazonaws.com": ["AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress"],
};

/** The AWS Health event for an access key found in public. */
export const EXPOSED_KEY_EVENT = "AWS_RISK_CREDENTIALS_EXPOSED";
/** Security Hub controls whose failure means a bucket is, or may become, public. */
export const S3_PUBLIC_CONTROLS = ["S3.2", "S3.3", "S3.8"] as const;
/** Security Hub control: a VPC's default security group allows no traffic. */
export const DEFAULT_GROUP_CONTROL = "EC2.2";
/** Calls each CloudTrail-triggered remediation answers. DeleteTrail only alerts: `pulumi up` recreates a trail. */
export const REMEDIATED_CALLS = {
    bucketAccess: ["PutBucketPolicy", "PutBucketAcl", "PutBucketPublicAccessBlock", "DeleteBucketPublicAccessBlock"],
    trail: ["StopLogging", "UpdateTrail", "PutEventSelectors"],
    securityGroupRules: ["AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress"],
} as const;

/** A pattern for CloudTrail management calls of one event source; `extra` adds detail fields to match. */
export function apiCalls(eventSource: string, names: readonly string[], extra: EventPattern = {}): EventPattern {
    return {
        source: [`aws.${eventSource.split(".")[0]}`],
        "detail-type": [API_CALL],
        detail: { eventSource: [eventSource], eventName: [...names], ...extra },
    };
}

/** A matcher for the ARN of any of the roles named, with or without a path. */
export function roleArns(roleNames: readonly string[]): PatternValue[] {
    return roleNames.map((n) => ({ suffix: `/${n}` }));
}

/** A forwarding rule on each account's default bus. */
export interface ForwardingRule {
    readonly pattern: EventPattern;
    /** Read-only management events (STS AssumeRole) need the rule state that lets CloudTrail's read events through. */
    readonly includeReadOnly: boolean;
}

/**
 * Finding sources whose administrator (the security-tooling account) receives every member's findings
 * in the same region; members' own copies would reach the central bus twice.
 */
export const ADMINISTERED_FINDING_SOURCES = ["aws.guardduty", "aws.securityhub", "aws.access-analyzer", "aws.macie"] as const;

/**
 * What an account forwards to the central bus in every region, by rule key. The findings
 * administrator forwards every finding; other accounts only those no administrator receives (Config).
 */
export function forwardingRules(breakGlassRoleNames: readonly string[], findingsAdministrator: boolean): Readonly<Record<string, ForwardingRule>> {
    const sources = Object.keys(FINDING_SOURCES).filter((k) => findingsAdministrator || !(ADMINISTERED_FINDING_SOURCES as readonly string[]).includes(k));
    const rules: Record<string, ForwardingRule> = {
        findings: { pattern: { source: sources, "detail-type": sources.flatMap((k) => FINDING_SOURCES[k]) }, includeReadOnly: false },
        "api-calls": {
            pattern: {
                source: Object.keys(WATCHED_API_CALLS).map((s) => `aws.${s.split(".")[0]}`),
                "detail-type": [API_CALL],
                detail: { eventSource: Object.keys(WATCHED_API_CALLS), eventName: [...new Set(Object.values(WATCHED_API_CALLS).flat())].sort() },
            },
            includeReadOnly: false,
        },
        "sign-in": { pattern: { source: ["aws.signin"], "detail-type": [CONSOLE_SIGN_IN] }, includeReadOnly: false },
        health: {
            pattern: { source: ["aws.health"], "detail-type": ["AWS Health Event"], detail: { eventTypeCode: [EXPOSED_KEY_EVENT] } },
            includeReadOnly: false,
        },
    };
    if (breakGlassRoleNames.length > 0) {
        rules["break-glass"] = {
            pattern: apiCalls("sts.amazonaws.com", ["AssumeRole"], { requestParameters: { roleArn: roleArns(breakGlassRoleNames) } }),
            includeReadOnly: true,
        };
    }
    return rules;
}

/** Remediation functions, by stable key (also their handler file name). */
export const REMEDIATIONS = ["isolate-instance", "block-s3-public-access", "deactivate-access-key", "restore-trail", "restore-default-security-group"] as const;
export type Remediation = (typeof REMEDIATIONS)[number];

const securityHubControlFailed = (controls: readonly string[]): EventPattern => ({
    source: ["aws.securityhub"],
    "detail-type": [...FINDING_SOURCES["aws.securityhub"]],
    detail: {
        findings: {
            Compliance: { Status: ["FAILED"], SecurityControlId: [...controls] },
            Workflow: { Status: ["NEW"] },
            RecordState: ["ACTIVE"],
        },
    },
});

/** The central rules that trigger each remediation, by trigger key. */
export function remediationTriggers(guardDutyMinSeverity: number): Readonly<Record<Remediation, Readonly<Record<string, EventPattern>>>> {
    const guardDuty = (resource: EventPattern): EventPattern => ({
        source: ["aws.guardduty"],
        "detail-type": [...FINDING_SOURCES["aws.guardduty"]],
        detail: { severity: [{ numeric: [">=", guardDutyMinSeverity] }], resource },
    });
    return {
        "isolate-instance": { guardduty: guardDuty({ resourceType: ["Instance"] }) },
        "block-s3-public-access": {
            cloudtrail: apiCalls("s3.amazonaws.com", REMEDIATED_CALLS.bucketAccess, { errorCode: SUCCEEDED }),
            securityhub: securityHubControlFailed(S3_PUBLIC_CONTROLS),
        },
        "deactivate-access-key": {
            guardduty: guardDuty({ resourceType: ["AccessKey"], accessKeyDetails: { userType: ["IAMUser"] } }),
            health: { source: ["aws.health"], "detail-type": ["AWS Health Event"], detail: { eventTypeCode: [EXPOSED_KEY_EVENT] } },
        },
        "restore-trail": { cloudtrail: apiCalls("cloudtrail.amazonaws.com", REMEDIATED_CALLS.trail, { errorCode: SUCCEEDED }) },
        "restore-default-security-group": {
            cloudtrail: apiCalls("ec2.amazonaws.com", REMEDIATED_CALLS.securityGroupRules, { errorCode: SUCCEEDED }),
            securityhub: securityHubControlFailed([DEFAULT_GROUP_CONTROL]),
        },
    };
}
