import { policyDocument, PolicyDocument } from "./document";
import { functionRuntimeStatements } from "./response";

/** What member accounts share with the monitoring account: metrics and log groups, nothing else. */
export const OBSERVABILITY_RESOURCE_TYPES = ["AWS::CloudWatch::Metric", "AWS::Logs::LogGroup"] as const;

/**
 * Policy of the CloudWatch cross-account observability sink: any principal of the organization may link
 * its account, for the shared resource types only; an account outside the organization cannot, and a
 * link cannot widen itself to traces or Application Insights.
 */
export function observabilitySinkPolicy(organizationId: string): PolicyDocument {
    return policyDocument([
        {
            Sid: "OrganizationAccountsLinkMetricsAndLogs",
            Effect: "Allow",
            Principal: "*",
            Action: ["oam:CreateLink", "oam:UpdateLink"],
            Resource: "*",
            Condition: {
                StringEquals: { "aws:PrincipalOrgID": organizationId },
                "ForAllValues:StringEquals": { "oam:ResourceTypes": [...OBSERVABILITY_RESOURCE_TYPES] },
            },
        },
    ]);
}

/** Where a runbook acts: the security-tooling account's home region, where Security Hub aggregates findings and the organization trail's log group lives. */
export interface RunbookPolicyArgs {
    readonly partition: string;
    readonly region: string;
    /** The security-tooling account (the Security Hub administrator). */
    readonly accountId: string;
    /** Log group receiving the organization trail (the scoping query reads it). */
    readonly trailLogGroup: string;
    /** The runbook checks the trail still delivers (trail tampering only). */
    readonly checksTrailDelivery: boolean;
}

/**
 * What a runbook's automation role may do: read and update findings in the administrator's hub (which
 * holds every member's findings) and query the organization trail's log group. Nothing in a member
 * account: containment already happened there, and the steps that change a member account (snapshots,
 * key deletion, root credentials) are a responder's, under their own permission set.
 */
export function runbookPolicy(a: RunbookPolicyArgs): PolicyDocument {
    const logGroup = `arn:${a.partition}:logs:${a.region}:${a.accountId}:log-group:${a.trailLogGroup}`;
    return policyDocument([
        {
            Sid: "ReadAndUpdateFindings",
            Effect: "Allow",
            Action: ["securityhub:GetFindings", "securityhub:BatchUpdateFindings"],
            Resource: `arn:${a.partition}:securityhub:${a.region}:${a.accountId}:hub/default`,
        },
        {
            Sid: "QueryOrganizationTrail",
            Effect: "Allow",
            Action: ["logs:StartQuery", "logs:GetQueryResults", ...(a.checksTrailDelivery ? ["logs:DescribeLogStreams"] : [])],
            Resource: [logGroup, `${logGroup}:*`],
        },
    ]);
}

/** What EventBridge may do for a custom action's rule: start this one runbook, handing it its own role. */
export function runbookStartPolicy(automationDefinitionArn: string, runbookRoleArn: string): PolicyDocument {
    return policyDocument([
        { Sid: "StartThisRunbook", Effect: "Allow", Action: "ssm:StartAutomationExecution", Resource: automationDefinitionArn },
        {
            Sid: "PassRunbookRole",
            Effect: "Allow",
            Action: "iam:PassRole",
            Resource: runbookRoleArn,
            Condition: { StringEquals: { "iam:PassedToService": "ssm.amazonaws.com" } },
        },
    ]);
}

export interface CompliancePublisherPolicyArgs {
    readonly partition: string;
    readonly region: string;
    /** The monitoring account, whose Security Hub (the organization's administrator) the publisher reads. */
    readonly accountId: string;
    readonly trailArn: string;
    readonly namespace: string;
    readonly logGroupArn: string;
    readonly environmentKeyArn: string;
}

/**
 * The compliance publisher's role: reads of the Config aggregator, Security Hub and the organization
 * trail, and metric data in its own namespace; nothing it reads can be changed with it.
 */
export function compliancePublisherPolicy(a: CompliancePublisherPolicyArgs): PolicyDocument {
    return policyDocument([
        {
            Sid: "ReadAggregatedCompliance",
            Effect: "Allow",
            Action: [
                "config:DescribeAggregateComplianceByConfigRules",
                "config:DescribeAggregateComplianceByConformancePacks",
                "config:DescribeConfigurationAggregatorSourcesStatus",
            ],
            // Aggregator ARNs end in an id AWS generates; the monitoring account holds the organization's only one.
            Resource: `arn:${a.partition}:config:${a.region}:${a.accountId}:config-aggregator/*`,
        },
        {
            Sid: "ReadSecurityHubResults",
            Effect: "Allow",
            Action: ["securityhub:GetEnabledStandards", "securityhub:GetFindings"],
            Resource: `arn:${a.partition}:securityhub:${a.region}:${a.accountId}:hub/default`,
        },
        { Sid: "ReadTrailStatus", Effect: "Allow", Action: ["cloudtrail:GetTrailStatus", "cloudtrail:GetTrail"], Resource: a.trailArn },
        {
            Sid: "PublishComplianceMetrics",
            Effect: "Allow",
            Action: "cloudwatch:PutMetricData",
            Resource: "*",
            Condition: { StringEquals: { "cloudwatch:namespace": a.namespace } },
        },
        ...functionRuntimeStatements(a),
    ]);
}
