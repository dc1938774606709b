import type { AlertSeverity, RunbookClass } from "../shared/names";

/**
 * EventBridge event patterns as typed data: what every account forwards to the central bus, what the
 * central bus alerts on, and what triggers each remediation. Kept pure so tests can match them against
 * sample events in the format AWS documents.
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
const CONSOLE_SIGN_IN = "AWS Console Sign In via CloudTrail";
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

function apiCalls(eventSource: string, names: readonly string[], extra: EventPattern = {}): EventPattern {
    return {
        source: [`aws.${eventSource.split(".")[0]}`],
        "detail-type": [API_CALL],
        detail: { eventSource: [eventSource], eventName: [...names], ...extra },
    };
}

/** A matcher for the ARN of any of the roles named, with or without a path. */
function roleArns(roleNames: readonly string[]): PatternValue[] {
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

/**
 * Where in the matched event the alert message finds what happened: the finding type or call, its title,
 * the account and region it is about, and the resource or principal. JSON paths as EventBridge's input
 * transformer takes them; each must exist in every event the rule matches.
 */
export interface AlertMessageFields {
    readonly finding: string;
    readonly title?: string;
    readonly account: string;
    readonly region: string;
    readonly resource: string;
}

/** A central rule: its pattern, the severity topic it notifies and what its message shows. */
export interface AlertRule {
    readonly description: string;
    readonly severity: AlertSeverity;
    /** The incident-response runbooks a responder starts for this alert (components/operations/runbooks.ts); the alert message links them. */
    readonly runbooks: readonly RunbookClass[];
    readonly pattern: EventPattern;
    readonly message: AlertMessageFields;
}

/** Message fields per event shape. */
const GUARDDUTY_MESSAGE: AlertMessageFields = {
    finding: "$.detail.type",
    title: "$.detail.title",
    account: "$.detail.accountId",
    region: "$.detail.region",
    resource: "$.detail.resource.resourceType",
};
const SECURITYHUB_MESSAGE: AlertMessageFields = {
    finding: "$.detail.findings[0].GeneratorId",
    title: "$.detail.findings[0].Title",
    account: "$.detail.findings[0].AwsAccountId",
    region: "$.detail.findings[0].Region",
    resource: "$.detail.findings[0].Resources[0].Id",
};
/** CloudTrail calls and console sign-ins: the call, who made it, where it was recorded. */
const CLOUDTRAIL_MESSAGE: AlertMessageFields = {
    finding: "$.detail.eventName",
    title: "$.detail.eventSource",
    account: "$.detail.recipientAccountId",
    region: "$.detail.awsRegion",
    resource: "$.detail.userIdentity.arn",
};
const HEALTH_MESSAGE: AlertMessageFields = {
    finding: "$.detail.eventTypeCode",
    title: "$.detail.eventDescription[0].latestDescription",
    account: "$.account",
    region: "$.region",
    resource: "$.detail.affectedEntities[0].entityValue",
};
const ACCESS_ANALYZER_MESSAGE: AlertMessageFields = {
    finding: "$.detail-type",
    title: "$.detail.resourceType",
    account: "$.detail.accountId",
    region: "$.detail.region",
    resource: "$.detail.resource",
};
const MACIE_MESSAGE: AlertMessageFields = {
    finding: "$.detail.type",
    title: "$.detail.title",
    account: "$.detail.accountId",
    region: "$.detail.region",
    resource: "$.detail.resourcesAffected.s3Bucket.name",
};
const CONFIG_MESSAGE: AlertMessageFields = {
    finding: "$.detail.configRuleName",
    title: "$.detail.newEvaluationResult.complianceType",
    account: "$.detail.awsAccountId",
    region: "$.detail.awsRegion",
    resource: "$.detail.resourceId",
};

export interface AlertRuleOptions {
    /** GuardDuty findings at or above this severity alert. */
    readonly guardDutyMinSeverity: number;
    /** Break-glass role names; their assumption is always critical. */
    readonly breakGlassRoleNames: readonly string[];
    /** Security Hub's aggregation region: its copy of each finding is the one that alerts. */
    readonly aggregationRegion: string;
}

/** The central bus's alert rules by stable key. */
export function alertRules(o: AlertRuleOptions): Readonly<Record<string, AlertRule>> {
    const guardDuty = (numeric: (string | number)[]): EventPattern => ({
        source: ["aws.guardduty"],
        "detail-type": [...FINDING_SOURCES["aws.guardduty"]],
        detail: { severity: [{ numeric }] },
    });
    const securityHub = (label: string): EventPattern => ({
        source: ["aws.securityhub"],
        "detail-type": [...FINDING_SOURCES["aws.securityhub"]],
        // One copy per finding (the aggregation region's), and none of GuardDuty's, which alert on their own.
        region: [o.aggregationRegion],
        detail: {
            findings: {
                Severity: { Label: [label] },
                Workflow: { Status: ["NEW"] },
                RecordState: ["ACTIVE"],
                ProductName: [{ "anything-but": "GuardDuty" }],
            },
        },
    });
    const rules: Record<string, AlertRule> = {
        "guardduty-critical": {
            description: "GuardDuty findings of critical severity",
            runbooks: ["compromised-credentials", "instance-compromise", "trail-tampering"],
            message: GUARDDUTY_MESSAGE,
            severity: "critical",
            pattern: guardDuty([">=", Math.max(GUARDDUTY_CRITICAL, o.guardDutyMinSeverity)]),
        },
        "securityhub-critical": {
            description: "New, active Security Hub findings labelled CRITICAL",
            runbooks: ["exposed-bucket", "instance-compromise", "compromised-credentials", "root-use"],
            message: SECURITYHUB_MESSAGE,
            severity: "critical",
            pattern: securityHub("CRITICAL"),
        },
        "securityhub-high": {
            description: "New, active Security Hub findings labelled HIGH",
            runbooks: ["exposed-bucket", "instance-compromise", "compromised-credentials", "root-use"],
            message: SECURITYHUB_MESSAGE,
            severity: "high",
            pattern: securityHub("HIGH"),
        },
        "root-sign-in": {
            description: "Console sign-in as the root user",
            runbooks: ["root-use"],
            message: CLOUDTRAIL_MESSAGE,
            severity: "critical",
            pattern: { source: ["aws.signin"], "detail-type": [CONSOLE_SIGN_IN], detail: { userIdentity: { type: ["Root"] } } },
        },
        "sign-in-without-mfa": {
            description: "Successful console sign-in of an IAM user without MFA",
            runbooks: ["compromised-credentials"],
            message: CLOUDTRAIL_MESSAGE,
            severity: "high",
            pattern: {
                source: ["aws.signin"],
                "detail-type": [CONSOLE_SIGN_IN],
                detail: {
                    eventName: ["ConsoleLogin"],
                    userIdentity: { type: ["IAMUser"] },
                    additionalEventData: { MFAUsed: [{ "anything-but": "Yes" }] },
                    responseElements: { ConsoleLogin: ["Success"] },
                },
            },
        },
        "cloudtrail-tampering": {
            description: "A trail stopped, deleted or changed",
            runbooks: ["trail-tampering"],
            message: CLOUDTRAIL_MESSAGE,
            severity: "critical",
            pattern: apiCalls("cloudtrail.amazonaws.com", WATCHED_API_CALLS["cloudtrail.amazonaws.com"]),
        },
        "organization-changes": {
            description: "Changes to the organization, its accounts, OUs and policies (SCPs, RCPs and others)",
            runbooks: [],
            message: CLOUDTRAIL_MESSAGE,
            severity: "high",
            pattern: apiCalls("organizations.amazonaws.com", WATCHED_API_CALLS["organizations.amazonaws.com"]),
        },
        "kms-key-disabled": {
            description: "A KMS key disabled or scheduled for deletion",
            runbooks: [],
            message: CLOUDTRAIL_MESSAGE,
            severity: "high",
            pattern: apiCalls("kms.amazonaws.com", WATCHED_API_CALLS["kms.amazonaws.com"]),
        },
        "s3-public-access-changes": {
            description: "Bucket policy, ACL or Block Public Access changes on a bucket or account",
            runbooks: ["exposed-bucket"],
            message: CLOUDTRAIL_MESSAGE,
            severity: "high",
            pattern: apiCalls("s3.amazonaws.com", WATCHED_API_CALLS["s3.amazonaws.com"]),
        },
        "exposed-access-key": {
            description: "AWS found an access key of the organization in public",
            runbooks: ["compromised-credentials"],
            message: HEALTH_MESSAGE,
            severity: "critical",
            pattern: { source: ["aws.health"], "detail-type": ["AWS Health Event"], detail: { eventTypeCode: [EXPOSED_KEY_EVENT] } },
        },
        "access-analyzer-findings": {
            description: "Active IAM Access Analyzer findings (external or unused access)",
            runbooks: ["exposed-bucket"],
            message: ACCESS_ANALYZER_MESSAGE,
            severity: "medium",
            pattern: { source: ["aws.access-analyzer"], "detail-type": [...FINDING_SOURCES["aws.access-analyzer"]], detail: { status: ["ACTIVE"] } },
        },
        "macie-findings": {
            description: "Macie sensitive-data and policy findings",
            runbooks: ["exposed-bucket"],
            message: MACIE_MESSAGE,
            severity: "medium",
            pattern: { source: ["aws.macie"], "detail-type": [...FINDING_SOURCES["aws.macie"]] },
        },
        "config-non-compliant": {
            description: "A resource became NON_COMPLIANT with an AWS Config rule",
            runbooks: [],
            message: CONFIG_MESSAGE,
            severity: "medium",
            pattern: {
                source: ["aws.config"],
                "detail-type": [...FINDING_SOURCES["aws.config"]],
                detail: { messageType: ["ComplianceChangeNotification"], newEvaluationResult: { complianceType: ["NON_COMPLIANT"] } },
            },
        },
    };
    if (o.guardDutyMinSeverity < GUARDDUTY_CRITICAL) {
        rules["guardduty-high"] = {
            description: `GuardDuty findings of severity ${o.guardDutyMinSeverity} up to critical`,
            runbooks: ["compromised-credentials", "instance-compromise", "trail-tampering"],
            message: GUARDDUTY_MESSAGE,
            severity: "high",
            pattern: guardDuty([">=", o.guardDutyMinSeverity, "<", GUARDDUTY_CRITICAL]),
        };
    }
    if (o.breakGlassRoleNames.length > 0) {
        rules["break-glass-assumed"] = {
            description: "A break-glass role was assumed",
            runbooks: ["break-glass-use"],
            message: CLOUDTRAIL_MESSAGE,
            severity: "critical",
            pattern: apiCalls("sts.amazonaws.com", ["AssumeRole"], { requestParameters: { roleArn: roleArns(o.breakGlassRoleNames) } }),
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
