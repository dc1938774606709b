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
    /** Role names (or name patterns) of the landing zone's own roles in the management account, which the deploy role manages. */
    readonly managedRoleNames: readonly string[];
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
 * (the organization, its policies and delegated administrators, Identity Center, the organization
 * trail, the landing zone's own roles) and reaches member accounts through their access role - and may
 * never create long-lived credentials, dissolve the organization, close or remove accounts, or widen its
 * own access. Every action is named; IAM writes reach only the landing zone's roles, and roles pass
 * only to the service that uses them.
 */
export function deployRolePolicy(id: DeploymentIdentity): PolicyDocument {
    const role = (name: string) => `arn:${id.partition}:iam::${id.managementAccountId}:role/${name}`;
    const managedRoles = [...id.managedRoleNames].sort().map(role);
    const inRegions = { StringEquals: { "aws:RequestedRegion": [...id.regions].sort() } };
    return policyDocument([
        { Sid: "ReadConfiguration", Effect: "Allow", Action: READ_CONFIGURATION, Resource: "*" },
        {
            Sid: "ManageOrganization",
            Effect: "Allow",
            Action: [
                "organizations:AttachPolicy",
                "organizations:CreateAccount",
                "organizations:CreateOrganizationalUnit",
                "organizations:CreatePolicy",
                "organizations:DeleteOrganizationalUnit",
                "organizations:DeletePolicy",
                "organizations:DeregisterDelegatedAdministrator",
                "organizations:DetachPolicy",
                "organizations:DisableAWSServiceAccess",
                "organizations:DisablePolicyType",
                "organizations:EnableAWSServiceAccess",
                "organizations:EnablePolicyType",
                "organizations:MoveAccount",
                "organizations:RegisterDelegatedAdministrator",
                "organizations:TagResource",
                "organizations:UntagResource",
                "organizations:UpdateOrganizationalUnit",
                "organizations:UpdatePolicy",
                "account:DeleteAlternateContact",
                "account:PutAlternateContact",
                "account:PutContactInformation",
            ],
            Resource: "*",
        },
        {
            Sid: "ManageIdentityCenter",
            Effect: "Allow",
            Action: [
                "sso:Attach*",
                "sso:Create*",
                "sso:Delete*",
                "sso:Detach*",
                "sso:Provision*",
                "sso:Put*",
                "sso:TagResource",
                "sso:UntagResource",
                "sso:Update*",
                "identitystore:CreateGroup",
                "identitystore:DeleteGroup",
                "identitystore:UpdateGroup",
                "identitystore:GetGroupId",
            ],
            Resource: "*",
        },
        {
            // Identity Center creates the reserved roles and SAML provider of the management account's assignments as the caller.
            Sid: "IdentityCenterReservedIam",
            Effect: "Allow",
            Action: [
                "iam:AttachRolePolicy",
                "iam:CreateRole",
                "iam:DeleteRole",
                "iam:DeleteRolePolicy",
                "iam:DetachRolePolicy",
                "iam:PutRolePolicy",
                "iam:CreateSAMLProvider",
                "iam:UpdateSAMLProvider",
                "iam:DeleteSAMLProvider",
            ],
            Resource: [
                `arn:${id.partition}:iam::${id.managementAccountId}:role/aws-reserved/sso.amazonaws.com/*`,
                `arn:${id.partition}:iam::${id.managementAccountId}:saml-provider/AWSSSO_*`,
            ],
        },
        {
            Sid: "ManageLandingZoneRoles",
            Effect: "Allow",
            Action: [
                "iam:AttachRolePolicy",
                "iam:CreateRole",
                "iam:DeleteRole",
                "iam:DeleteRolePolicy",
                "iam:DetachRolePolicy",
                "iam:PutRolePolicy",
                "iam:TagRole",
                "iam:UntagRole",
                "iam:UpdateAssumeRolePolicy",
                "iam:UpdateRole",
                "iam:UpdateRoleDescription",
            ],
            Resource: managedRoles,
        },
        {
            Sid: "PassLandingZoneRolesToTheirServices",
            Effect: "Allow",
            Action: "iam:PassRole",
            Resource: managedRoles,
            Condition: { StringEquals: { "iam:PassedToService": ["cloudtrail.amazonaws.com"] } },
        },
        {
            Sid: "ManageAccountIamSettings",
            Effect: "Allow",
            Action: [
                "iam:DeleteAccountPasswordPolicy",
                "iam:UpdateAccountPasswordPolicy",
                "iam:DisableOrganizationsRootCredentialsManagement",
                "iam:DisableOrganizationsRootSessions",
                "iam:EnableOrganizationsRootCredentialsManagement",
                "iam:EnableOrganizationsRootSessions",
            ],
            Resource: "*",
        },
        {
            Sid: "ManageGitHubProviderTags",
            Effect: "Allow",
            Action: ["iam:CreateOpenIDConnectProvider", "iam:TagOpenIDConnectProvider", "iam:UntagOpenIDConnectProvider"],
            Resource: `arn:${id.partition}:iam::${id.managementAccountId}:oidc-provider/${GITHUB_OIDC_HOST}`,
        },
        {
            Sid: "CreateServiceLinkedRoles",
            Effect: "Allow",
            Action: "iam:CreateServiceLinkedRole",
            Resource: `arn:${id.partition}:iam::${id.managementAccountId}:role/aws-service-role/*`,
        },
        {
            Sid: "DelegateSecurityServices",
            Effect: "Allow",
            Action: [
                "guardduty:EnableOrganizationAdminAccount",
                "guardduty:DisableOrganizationAdminAccount",
                "guardduty:ListOrganizationAdminAccounts",
                "securityhub:EnableOrganizationAdminAccount",
                "securityhub:DisableOrganizationAdminAccount",
                "securityhub:ListOrganizationAdminAccounts",
                "macie2:EnableOrganizationAdminAccount",
                "macie2:DisableOrganizationAdminAccount",
                "macie2:ListOrganizationAdminAccounts",
                "detective:EnableOrganizationAdminAccount",
                "detective:DisableOrganizationAdminAccount",
                "detective:ListOrganizationAdminAccount",
                "inspector2:EnableDelegatedAdminAccount",
                "inspector2:DisableDelegatedAdminAccount",
                "inspector2:GetDelegatedAdminAccount",
                "inspector2:ListDelegatedAdminAccounts",
                "ec2:EnableIpamOrganizationAdminAccount",
                "ec2:DisableIpamOrganizationAdminAccount",
                "fms:AssociateAdminAccount",
                "fms:DisassociateAdminAccount",
                "fms:GetAdminAccount",
                "backup:DescribeGlobalSettings",
                "backup:UpdateGlobalSettings",
            ],
            Resource: "*",
            Condition: inRegions,
        },
        {
            Sid: "ManageOrganizationTrail",
            Effect: "Allow",
            Action: [
                "cloudtrail:AddTags",
                "cloudtrail:CreateTrail",
                "cloudtrail:DeleteTrail",
                "cloudtrail:PutEventSelectors",
                "cloudtrail:PutInsightSelectors",
                "cloudtrail:RemoveTags",
                "cloudtrail:StartLogging",
                "cloudtrail:UpdateTrail",
                "logs:AssociateKmsKey",
                "logs:CreateLogGroup",
                "logs:DeleteLogGroup",
                "logs:PutRetentionPolicy",
                "logs:TagResource",
                "logs:UntagResource",
                "observabilityadmin:CreateCentralizationRuleForOrganization",
                "observabilityadmin:DeleteCentralizationRuleForOrganization",
                "observabilityadmin:GetCentralizationRuleForOrganization",
                "observabilityadmin:UpdateCentralizationRuleForOrganization",
            ],
            Resource: "*",
            Condition: inRegions,
        },
        {
            Sid: "ManageManagementAccountKeys",
            Effect: "Allow",
            Action: [
                "kms:CreateAlias",
                "kms:CreateKey",
                "kms:DeleteAlias",
                "kms:EnableKeyRotation",
                "kms:PutKeyPolicy",
                "kms:TagResource",
                "kms:UntagResource",
                "kms:UpdateAlias",
                "kms:UpdateKeyDescription",
            ],
            Resource: "*",
            Condition: inRegions,
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
