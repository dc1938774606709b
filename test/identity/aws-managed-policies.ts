import type { PolicyDocument } from "../../components/policies/document";

/**
 * AWS-managed policies the permission sets attach, as simulation inputs. AdministratorAccess and
 * PowerUserAccess are the complete documents (Sids added, since the simulation reports by Sid).
 * SecurityAudit, job-function/ViewOnlyAccess and AWSBillingReadOnlyAccess run to hundreds of
 * actions; they are represented by excerpts holding the actions the tables use, which each of those
 * policies grants. Everything a table proves about denials comes from our own documents and the SCPs.
 */
export const AWS_MANAGED: Readonly<Record<string, PolicyDocument>> = {
    AdministratorAccess: {
        Version: "2012-10-17",
        Statement: [{ Sid: "AdministratorAccess", Effect: "Allow", Action: "*", Resource: "*" }],
    },
    PowerUserAccess: {
        Version: "2012-10-17",
        Statement: [
            { Sid: "PowerUserAllButIdentity", Effect: "Allow", NotAction: ["iam:*", "organizations:*", "account:*"], Resource: "*" },
            {
                Sid: "PowerUserIdentityExceptions",
                Effect: "Allow",
                Action: [
                    "account:GetAccountInformation",
                    "account:GetPrimaryEmail",
                    "account:ListRegions",
                    "iam:CreateServiceLinkedRole",
                    "iam:DeleteServiceLinkedRole",
                    "iam:ListRoles",
                    "organizations:DescribeOrganization",
                ],
                Resource: "*",
            },
        ],
    },
    SecurityAudit: {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "SecurityAuditExcerpt",
                Effect: "Allow",
                Action: [
                    "securityhub:GetFindings",
                    "guardduty:GetFindings",
                    "guardduty:ListFindings",
                    "guardduty:ListDetectors",
                    "iam:GetAccountAuthorizationDetails",
                    "s3:GetBucketPolicy",
                    "access-analyzer:ListFindings",
                ],
                Resource: "*",
            },
        ],
    },
    "job-function/ViewOnlyAccess": {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "ViewOnlyAccessExcerpt",
                Effect: "Allow",
                Action: ["ec2:DescribeInstances", "s3:ListAllMyBuckets", "lambda:ListFunctions", "cloudtrail:DescribeTrails", "iam:ListRoles"],
                Resource: "*",
            },
        ],
    },
    // Whole: AWSSupportAccess is this one statement.
    AWSSupportAccess: {
        Version: "2012-10-17",
        Statement: [{ Sid: "AWSSupportAccess", Effect: "Allow", Action: ["support:*"], Resource: "*" }],
    },
    AWSBillingReadOnlyAccess: {
        Version: "2012-10-17",
        Statement: [
            { Sid: "BillingReadOnlyExcerpt", Effect: "Allow", Action: ["billing:GetBillingData", "ce:GetCostAndUsage", "budgets:ViewBudget"], Resource: "*" },
        ],
    },
};

/** The managed documents for a set's managed-policy ARNs; throws on one this file does not hold. */
export function managedDocuments(arns: readonly string[]): Record<string, PolicyDocument> {
    return Object.fromEntries(
        arns.map((arn) => {
            const name = arn.split(":policy/")[1];
            const doc = AWS_MANAGED[name];
            if (!doc) throw new Error(`no simulation document for AWS-managed policy ${name}; add it to test/identity/aws-managed-policies.ts`);
            return [name, doc];
        }),
    );
}
