import type { AlertSeverity, RunbookClass } from "../shared/names";
import { apiCalls, CONSOLE_SIGN_IN, EventPattern, EXPOSED_KEY_EVENT, FINDING_SOURCES, GUARDDUTY_CRITICAL, roleArns, WATCHED_API_CALLS } from "./patterns";

/**
 * The central bus's alert rules as typed data: the events each alerts on (patterns.ts holds what the
 * accounts forward), the severity topic it notifies, the runbooks it links and the fields its message shows.
 */

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
