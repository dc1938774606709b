import { policyDocument, PolicyDocument, Statement } from "../policies/document";

/**
 * Policy documents of the deployment roles: pure functions of typed inputs, so the tests can
 * simulate them. The pipeline authenticates with GitHub's OIDC tokens (no stored AWS keys) and gets a
 * read-only role for pull requests and drift checks and a deploy role for the protected environments.
 */

/** GitHub's OIDC issuer (host only, as IAM condition keys name it). */
export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";
/** The audience aws-actions/configure-aws-credentials requests. */
export const GITHUB_OIDC_AUDIENCE = "sts.amazonaws.com";

export interface DeploymentIdentity {
    /** AWS partition of the management account. */
    readonly partition: string;
    /** Management account id (the roles live there). */
    readonly managementAccountId: string;
    /** The organization's id: member roles may be assumed only inside it. */
    readonly organizationId: string;
    /** Role Organizations created in every member account, which the program's providers assume. */
    readonly accessRoleName: string;
    /** Alias of the KMS key of the stack's secrets provider. */
    readonly stateKeyAlias: string;
    /** Regions the landing zone may act in. */
    readonly regions: readonly string[];
    /** Names of the deployment roles themselves, which the deploy role may not change. */
    readonly previewRoleName: string;
    readonly deployRoleName: string;
}

/** The `sub` claims GitHub issues: a pull request, a branch push or schedule, a deployment environment. */
export const githubSubject = {
    pullRequest: (repository: string) => `repo:${repository}:pull_request`,
    branch: (repository: string, branch: string) => `repo:${repository}:ref:refs/heads/${branch}`,
    environment: (repository: string, environment: string) => `repo:${repository}:environment:${environment}`,
};

/** Trust policy: only GitHub tokens for this audience whose subject is exactly one of `subjects`. */
export function githubTrustPolicy(oidcProviderArn: string, subjects: readonly string[]): PolicyDocument {
    if (subjects.length === 0 || subjects.some((s) => /[*?]/.test(s)))
        throw new Error("githubTrustPolicy: subjects must be exact (no wildcards) and at least one (expected repo:<owner>/<name>:<context>)");
    return policyDocument([
        {
            Sid: "GitHubActionsOidc",
            Effect: "Allow",
            Principal: { Federated: oidcProviderArn },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: {
                StringEquals: {
                    [`${GITHUB_OIDC_HOST}:aud`]: GITHUB_OIDC_AUDIENCE,
                    [`${GITHUB_OIDC_HOST}:sub`]: [...subjects].sort(),
                },
            },
        },
    ]);
}

/** Reading configuration (never data): what `pulumi preview --refresh` needs in the management account. */
const READ_CONFIGURATION = [
    "account:GetAlternateContact",
    "account:GetContactInformation",
    "cloudtrail:Describe*",
    "cloudtrail:Get*",
    "cloudtrail:List*",
    "ec2:Describe*",
    "iam:Get*",
    "iam:List*",
    "identitystore:Describe*",
    "identitystore:List*",
    "kms:DescribeKey",
    "kms:GetKeyPolicy",
    "kms:GetKeyRotationStatus",
    "kms:ListAliases",
    "kms:ListResourceTags",
    "logs:Describe*",
    "logs:ListTagsForResource",
    "organizations:Describe*",
    "organizations:List*",
    "s3:GetBucket*",
    "s3:GetEncryptionConfiguration",
    "s3:GetLifecycleConfiguration",
    "s3:ListAllMyBuckets",
    "sso:Describe*",
    "sso:Get*",
    "sso:List*",
];

function assumeMemberAccessRole(id: DeploymentIdentity): Statement {
    return {
        Sid: "AssumeMemberAccessRole",
        Effect: "Allow",
        Action: "sts:AssumeRole",
        Resource: `arn:${id.partition}:iam::*:role/${id.accessRoleName}`,
        Condition: { StringEquals: { "aws:ResourceOrgID": id.organizationId } },
    };
}

function stateKey(id: DeploymentIdentity, actions: readonly string[]): Statement {
    return {
        Sid: "StackSecretsKey",
        Effect: "Allow",
        Action: [...actions],
        Resource: `arn:${id.partition}:kms:*:${id.managementAccountId}:key/*`,
        Condition: { "ForAnyValue:StringEquals": { "kms:ResourceAliases": id.stateKeyAlias } },
    };
}

/**
 * The preview role (pull requests, drift checks): reads configuration in the management account,
 * decrypts the stack's secrets, and reaches member accounts through their access role.
 */
export function previewRolePolicy(id: DeploymentIdentity): PolicyDocument {
    return policyDocument([
        { Sid: "ReadConfiguration", Effect: "Allow", Action: READ_CONFIGURATION, Resource: "*" },
        assumeMemberAccessRole(id),
        stateKey(id, ["kms:Decrypt"]),
    ]);
}

/**
 * The deploy role (main, behind environment approval): manages what lives in the management account
 * (the organization, its policies, Identity Center, the organization trail, these deployment roles'
 * siblings) and reaches member accounts through their access role - and may never create long-lived
 * credentials, dissolve the organization, close or remove accounts, or widen its own access.
 */
export function deployRolePolicy(id: DeploymentIdentity): PolicyDocument {
    const role = (name: string) => `arn:${id.partition}:iam::${id.managementAccountId}:role/${name}`;
    return policyDocument([
        { Sid: "ReadConfiguration", Effect: "Allow", Action: READ_CONFIGURATION, Resource: "*" },
        { Sid: "ManageOrganization", Effect: "Allow", Action: ["organizations:*", "account:*"], Resource: "*" },
        { Sid: "ManageIdentityCenter", Effect: "Allow", Action: ["sso:*", "identitystore:*"], Resource: "*" },
        { Sid: "ManageIam", Effect: "Allow", Action: "iam:*", Resource: "*" },
        {
            Sid: "ManageOrganizationTrail",
            Effect: "Allow",
            Action: "cloudtrail:*",
            Resource: "*",
            Condition: { StringEquals: { "aws:RequestedRegion": [...id.regions].sort() } },
        },
        assumeMemberAccessRole(id),
        stateKey(id, ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"]),
        {
            Sid: "DenyLongLivedCredentials",
            Effect: "Deny",
            Action: ["iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:CreateUser", "iam:UpdateLoginProfile"],
            Resource: "*",
        },
        {
            Sid: "DenyDissolvingOrganization",
            Effect: "Deny",
            Action: [
                "organizations:CloseAccount",
                "organizations:DeleteOrganization",
                "organizations:LeaveOrganization",
                "organizations:RemoveAccountFromOrganization",
            ],
            Resource: "*",
        },
        {
            Sid: "DenyChangingDeploymentIdentity",
            Effect: "Deny",
            Action: [
                "iam:AttachRolePolicy",
                "iam:DeleteRole",
                "iam:DeleteRolePermissionsBoundary",
                "iam:DeleteRolePolicy",
                "iam:DetachRolePolicy",
                "iam:PutRolePermissionsBoundary",
                "iam:PutRolePolicy",
                "iam:UpdateAssumeRolePolicy",
                "iam:UpdateRole",
            ],
            Resource: [role(id.deployRoleName), role(id.previewRoleName)],
        },
        {
            Sid: "DenyChangingGitHubProvider",
            Effect: "Deny",
            Action: [
                "iam:AddClientIDToOpenIDConnectProvider",
                "iam:DeleteOpenIDConnectProvider",
                "iam:RemoveClientIDFromOpenIDConnectProvider",
                "iam:UpdateOpenIDConnectProviderThumbprint",
            ],
            Resource: `arn:${id.partition}:iam::${id.managementAccountId}:oidc-provider/${GITHUB_OIDC_HOST}`,
        },
    ]);
}
