import { policyDocument, PolicyDocument, Statement } from "./document";
import { boundedIamStatements, protectedIamStatement, type ProtectedIam } from "./developer-boundary";
import { threatDrillStatements } from "./threat-drill";

/**
 * The inline policies of Identity Center permission sets: each set's least-privilege additions to its
 * AWS-managed policies, and the device-posture and trusted-network conditions. Pure functions of typed inputs.
 */

/** Changes to Identity Center's permission sets, assignments and users: who may become whom. */
export const IDENTITY_CENTER_CHANGES: readonly string[] = [
    "sso:Create*",
    "sso:Delete*",
    "sso:Put*",
    "sso:Attach*",
    "sso:Detach*",
    "sso:Provision*",
    "sso:Update*",
    "identitystore:Create*",
    "identitystore:Delete*",
    "identitystore:Update*",
];

/**
 * Actions that only count when made from a trusted network (corporate egress or a VPC endpoint):
 * they change who can do what, destroy keys and audit data, or read secrets.
 */
export const DEFAULT_SENSITIVE_ACTIONS: readonly string[] = [
    "iam:Add*",
    "iam:Attach*",
    "iam:Create*",
    "iam:Delete*",
    "iam:Detach*",
    "iam:Put*",
    "iam:Remove*",
    "iam:Update*",
    "iam:Upload*",
    "kms:CreateGrant",
    "kms:DisableKey",
    "kms:PutKeyPolicy",
    "kms:ScheduleKeyDeletion",
    "organizations:*",
    "account:Put*",
    "account:Delete*",
    ...IDENTITY_CENTER_CHANGES,
    "secretsmanager:GetSecretValue",
    "secretsmanager:PutSecretValue",
    "secretsmanager:DeleteSecret",
    "secretsmanager:PutResourcePolicy",
    "s3:DeleteBucket",
    "s3:PutBucketPolicy",
    "s3:DeleteBucketPolicy",
    "s3:PutBucketPublicAccessBlock",
    "s3:PutAccountPublicAccessBlock",
    "s3:PutBucketObjectLockConfiguration",
    "ssm:StartSession",
    "ec2:AuthorizeSecurityGroupIngress",
    "ec2:CreateVpcPeeringConnection",
    "ec2:DeleteFlowLogs",
    "logs:DeleteLogGroup",
];

/** Conditions that make a permission set's session depend on device posture and network location. */
export interface AccessConditions {
    /** Session tag carrying the identity provider's device-compliance verdict. */
    readonly deviceComplianceAttribute: string;
    /** Deny everything unless the session carries `aws:PrincipalTag/<attribute>` = "true". */
    readonly requireCompliantDevice: boolean;
    /** Deny `sensitiveActions` unless made from `trustedCidrs`, through `trustedVpcEndpointIds`, or by an AWS service. */
    readonly requireTrustedNetwork: boolean;
    readonly sensitiveActions: readonly string[];
    readonly trustedCidrs: readonly string[];
    readonly trustedVpcEndpointIds: readonly string[];
}

/** What the log-analyst set may query: the log-analytics workgroup, its database and the archive it reads. */
export interface LogAnalyticsScope {
    /** Home region: where the workgroup, the database and the archive buckets are. */
    readonly region: string;
    readonly workgroup: string;
    readonly database: string;
    /** Buckets the tables read, each only below AWSLogs/ (where the delivery services write). */
    readonly archiveBuckets: readonly string[];
    /** The workgroup's results bucket: Athena writes results there with the analyst's own credentials. */
    readonly resultsBucket: string;
}

/** The policy-relevant facts of one permission set. */
export interface PermissionSetPolicyInput {
    /** Built-in permission set name. */
    readonly permissionSet: string;
    readonly partition: string;
    /** Landing-zone roles and policies the set must not change. */
    readonly protectedIam: ProtectedIam;
    readonly conditions: AccessConditions;
    readonly logAnalytics: LogAnalyticsScope;
}

/** Statements that grant least privilege on top of each set's AWS-managed policies. */
function setStatements(set: string, input: PermissionSetPolicyInput): Statement[] {
    const p = input.partition;
    switch (set) {
        case "platform-admin":
            // AdministratorAccess; the inline policy only adds the guardrails below.
            return [];
        case "platform-engineer":
            // The developer's IAM rights: every role it creates or changes carries the developer boundary,
            // so what it builds can never hold more than the boundary (no IAM, Organizations or Identity Center).
            return [
                ...boundedIamStatements(p),
                protectedIamStatement(input.protectedIam, p),
                {
                    // PowerUserAccess allows sso:* and identitystore:*; in the management account that would assign any set to anyone.
                    Sid: "DenyIdentityCenterChanges",
                    Effect: "Deny",
                    Action: [...IDENTITY_CENTER_CHANGES],
                    Resource: "*",
                },
            ];
        case "security-auditor":
            return [
                {
                    Sid: "AllowFindingTriage",
                    Effect: "Allow",
                    Action: [
                        "securityhub:BatchUpdateFindings",
                        "guardduty:ArchiveFindings",
                        "guardduty:UnarchiveFindings",
                        "access-analyzer:UpdateFindings",
                        "access-analyzer:ApplyArchiveRule",
                        "inspector2:CreateFindingsReport",
                    ],
                    Resource: "*",
                },
                {
                    Sid: "AllowInvestigation",
                    Effect: "Allow",
                    Action: [
                        "cloudtrail:LookupEvents",
                        "logs:StartQuery",
                        "logs:StopQuery",
                        "logs:GetQueryResults",
                        "logs:FilterLogEvents",
                        "logs:GetLogEvents",
                        "detective:SearchGraph",
                        "detective:InvokeAssistant",
                    ],
                    Resource: "*",
                },
                ...threatDrillStatements(),
            ];
        case "developer":
            return [...boundedIamStatements(p)];
        case "read-only":
            return [
                {
                    Sid: "AllowOperationalViews",
                    Effect: "Allow",
                    Action: [
                        "cloudwatch:GetMetricData",
                        "cloudwatch:GetDashboard",
                        "cloudwatch:ListDashboards",
                        "health:DescribeEvents",
                        "health:DescribeEventDetails",
                    ],
                    Resource: "*",
                },
                denyDataReadStatement(),
            ];
        case "billing-viewer":
            return [
                {
                    Sid: "AllowCostViews",
                    Effect: "Allow",
                    Action: [
                        "ce:Get*",
                        "ce:Describe*",
                        "ce:List*",
                        "budgets:ViewBudget",
                        "budgets:DescribeBudgetAction*",
                        "cur:DescribeReportDefinitions",
                        "freetier:GetFreeTierUsage",
                    ],
                    Resource: "*",
                },
                {
                    Sid: "DenyBillingChanges",
                    Effect: "Deny",
                    Action: [
                        "account:Put*",
                        "account:Delete*",
                        "account:CloseAccount",
                        "budgets:Modify*",
                        "ce:Create*",
                        "ce:Update*",
                        "ce:Delete*",
                        "cur:PutReportDefinition",
                        "cur:DeleteReportDefinition",
                    ],
                    Resource: "*",
                },
            ];
        case "support":
            return [
                {
                    Sid: "AllowHealthEvents",
                    Effect: "Allow",
                    Action: ["health:DescribeEvents", "health:DescribeEventDetails", "health:DescribeAffectedEntities"],
                    Resource: "*",
                },
            ];
        case "log-analyst":
            return logAnalystStatements(p, input.logAnalytics);
        default:
            throw new Error(`permissionSetInlinePolicy: unknown permission set "${set}" (expected a built-in permission set)`);
    }
}

/**
 * The inline policy of a permission set: its least-privilege additions, then the device and network
 * conditions. The conditions are Deny statements, so no managed policy attached later can bypass them.
 */
export function permissionSetInlinePolicy(input: PermissionSetPolicyInput): PolicyDocument {
    return policyDocument([...setStatements(input.permissionSet, input), ...accessConditionStatements(input.conditions)]);
}

/** The device-posture and trusted-network Deny statements for a set's conditions. */
export function accessConditionStatements(c: AccessConditions): Statement[] {
    const out: Statement[] = [];
    if (c.requireCompliantDevice) {
        // StringNotEquals is true when the tag is missing, so a session without the attribute is denied too.
        out.push({
            Sid: "DenyWithoutCompliantDevice",
            Effect: "Deny",
            Action: "*",
            Resource: "*",
            Condition: { StringNotEquals: { [`aws:PrincipalTag/${c.deviceComplianceAttribute}`]: "true" } },
        });
    }
    if (c.requireTrustedNetwork) {
        if (c.trustedCidrs.length + c.trustedVpcEndpointIds.length === 0)
            throw new Error("accessConditionStatements: requireTrustedNetwork needs trustedCidrs or trustedVpcEndpointIds (set identity.trustedNetworks)");
        // Every condition must hold for the Deny to apply: outside the CIDRs AND not through a trusted
        // endpoint AND not an AWS service acting on the user's behalf. Through an endpoint there is no
        // aws:SourceIp, and NotIpAddress on a missing key is true, so the endpoint test decides.
        out.push({
            Sid: "DenySensitiveOutsideTrustedNetworks",
            Effect: "Deny",
            Action: [...c.sensitiveActions],
            Resource: "*",
            Condition: {
                ...(c.trustedCidrs.length > 0 ? { NotIpAddress: { "aws:SourceIp": [...c.trustedCidrs] } } : {}),
                ...(c.trustedVpcEndpointIds.length > 0 ? { StringNotEquals: { "aws:SourceVpce": [...c.trustedVpcEndpointIds] } } : {}),
                BoolIfExists: { "aws:ViaAWSService": "false" },
            },
        });
    }
    return out;
}

/**
 * The log analyst's whole access (the set has no managed policy): queries in the one workgroup over the
 * one database, and the S3 and KMS calls Athena makes with the analyst's own credentials. Athena reads
 * the archive and writes results as the caller, so the archive is readable only below AWSLogs/ of the
 * tables' buckets, results are the only thing written, and keys work only through S3 (S3 asks KMS only
 * for objects the caller may already read or write, so the S3 grants decide which data is reachable).
 * Resources name any account: the set is assignable to the log-archive account only.
 */
function logAnalystStatements(p: string, s: LogAnalyticsScope): Statement[] {
    const own = "*";
    const bucket = (name: string) => `arn:${p}:s3:::${name}`;
    const archive = s.archiveBuckets.map(bucket);
    const results = bucket(s.resultsBucket);
    const glue = `arn:${p}:glue:${s.region}:${own}`;
    const viaS3 = { StringEquals: { "kms:ViaService": `s3.${s.region}.amazonaws.com` } };
    return [
        {
            Sid: "AllowLogAnalyticsQueries",
            Effect: "Allow",
            Action: [
                "athena:GetWorkGroup",
                "athena:StartQueryExecution",
                "athena:StopQueryExecution",
                "athena:GetQueryExecution",
                "athena:BatchGetQueryExecution",
                "athena:ListQueryExecutions",
                "athena:GetQueryResults",
                "athena:GetQueryRuntimeStatistics",
                "athena:ListNamedQueries",
                "athena:GetNamedQuery",
                "athena:BatchGetNamedQuery",
            ],
            Resource: `arn:${p}:athena:${s.region}:${own}:workgroup/${s.workgroup}`,
        },
        {
            // The console's pickers; they name no data.
            Sid: "AllowAthenaCatalogViews",
            Effect: "Allow",
            Action: ["athena:ListWorkGroups", "athena:ListEngineVersions", "athena:ListDataCatalogs"],
            Resource: "*",
        },
        {
            Sid: "AllowLogTableDefinitions",
            Effect: "Allow",
            Action: ["glue:GetDatabase", "glue:GetTable", "glue:GetTables", "glue:GetPartition", "glue:GetPartitions", "glue:BatchGetPartition"],
            Resource: [`${glue}:catalog`, `${glue}:database/${s.database}`, `${glue}:table/${s.database}/*`],
        },
        {
            Sid: "AllowArchiveListing",
            Effect: "Allow",
            Action: "s3:ListBucket",
            Resource: archive,
            Condition: { StringLike: { "s3:prefix": "AWSLogs/*" } },
        },
        {
            Sid: "AllowArchiveReads",
            Effect: "Allow",
            Action: "s3:GetObject",
            Resource: archive.map((b) => `${b}/AWSLogs/*`),
        },
        {
            Sid: "AllowBucketLocations",
            Effect: "Allow",
            Action: "s3:GetBucketLocation",
            Resource: [...archive, results],
        },
        {
            Sid: "AllowQueryResultsBucket",
            Effect: "Allow",
            Action: ["s3:ListBucket", "s3:ListBucketMultipartUploads"],
            Resource: results,
        },
        {
            Sid: "AllowQueryResults",
            Effect: "Allow",
            Action: ["s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
            Resource: `${results}/*`,
        },
        {
            Sid: "AllowDecryptThroughS3",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: `arn:${p}:kms:${s.region}:${own}:key/*`,
            Condition: viaS3,
        },
        {
            // Athena writes results encrypted with the workgroup's key (SSE-KMS), as the caller.
            Sid: "AllowResultEncryptionThroughS3",
            Effect: "Allow",
            Action: "kms:GenerateDataKey",
            Resource: `arn:${p}:kms:${s.region}:${own}:key/*`,
            Condition: viaS3,
        },
    ];
}

function denyDataReadStatement(): Statement {
    return {
        Sid: "DenyDataReads",
        Effect: "Deny",
        Action: [
            "s3:GetObject",
            "s3:GetObjectVersion",
            "secretsmanager:GetSecretValue",
            "ssm:GetParameter",
            "ssm:GetParameters",
            "ssm:GetParametersByPath",
            "kms:Decrypt",
            "dynamodb:GetItem",
            "dynamodb:BatchGetItem",
            "dynamodb:Query",
            "dynamodb:Scan",
        ],
        Resource: "*",
    };
}
