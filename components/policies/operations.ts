import { policyDocument, PolicyDocument } from "./document";

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
