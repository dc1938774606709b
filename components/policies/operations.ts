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
