import { policyDocument, PolicyDocument, Statement } from "./document";
import { GLOBAL_SERVICE_ACTIONS } from "./region-allow-list";

/**
 * The developer permissions boundary, and the IAM rules it shares with the developer and platform-engineer
 * permission sets: workload IAM only under the workload path and with the boundary, no IAM users, no
 * tampering with the boundary or the landing zone's own roles. Pure functions of typed inputs.
 */

/** Path of IAM policies the landing zone places in member accounts (the developer boundary lives here). */
export const LANDING_ZONE_IAM_PATH = "/landing-zone/";

/** Name of the customer-managed boundary policy created in every workload account. */
export const DEVELOPER_BOUNDARY_POLICY_NAME = "landing-zone-developer-boundary";

/** Path under which developers create the roles, policies and instance profiles of their workloads. */
export const WORKLOAD_IAM_PATH = "/workload/";

/**
 * AWS-managed policies that grant IAM, Organizations or Identity Center administration: no set
 * but the administrator ones attaches them to a role, user or group.
 */
export const AWS_ADMIN_POLICY_NAMES: readonly string[] = [
    "AdministratorAccess*",
    "IAMFullAccess",
    "PowerUserAccess",
    "AWSOrganizationsFullAccess",
    "AWSSSOMasterAccountAdministrator",
    "AWSSSOMemberAccountAdministrator",
    "AWSSSODirectoryAdministrator",
];

/** Roles and policies of the landing zone itself that no human permission set may change. */
export interface ProtectedIam {
    /** Prefix of every role the landing zone's automation creates (the platform role included). */
    readonly platformRolePrefix: string;
    /** Role Organizations created in every account. */
    readonly accessRoleName: string;
    /** Emergency roles in every account. */
    readonly breakGlassRoleNames: readonly string[];
}

/** Input of the developer boundary. */
export interface DeveloperBoundaryInput {
    readonly partition: string;
    readonly allowedRegions: readonly string[];
    /** Landing-zone roles a bounded principal must not assume, pass or change. */
    readonly protectedIam: ProtectedIam;
}

/**
 * The permissions boundary of the developer set, created as a customer-managed policy in every
 * workload account. It caps the set (and every role developers create, which must carry it too):
 * workload services in allowed regions, IAM only under the workload path with this boundary, no
 * tampering with audit services, the boundary itself, or organization membership, and no use of the
 * landing zone's own roles (a bounded role in the management account could otherwise assume the
 * organization access role of every member account).
 */
export function developerBoundaryPolicy(input: DeveloperBoundaryInput): PolicyDocument {
    if (input.allowedRegions.length === 0) throw new Error("developerBoundaryPolicy: allowedRegions is empty (expected the organization's allowed regions)");
    const p = input.partition;
    return policyDocument([
        {
            Sid: "AllowWorkloadServices",
            Effect: "Allow",
            NotAction: ["iam:*", "organizations:*", "account:*", "sso:*", "sso-directory:*", "identitystore:*"],
            Resource: "*",
        },
        ...boundedIamStatements(p),
        protectedIamStatement(input.protectedIam, p),
        {
            Sid: "DenyAuditTampering",
            Effect: "Deny",
            Action: [
                "cloudtrail:StopLogging",
                "cloudtrail:DeleteTrail",
                "cloudtrail:UpdateTrail",
                "cloudtrail:PutEventSelectors",
                "config:StopConfigurationRecorder",
                "config:DeleteConfigurationRecorder",
                "config:DeleteDeliveryChannel",
                "guardduty:DeleteDetector",
                "guardduty:DisassociateFromAdministratorAccount",
                "securityhub:DisableSecurityHub",
                "access-analyzer:DeleteAnalyzer",
            ],
            Resource: "*",
        },
        {
            Sid: "DenyOrganizationMembershipChanges",
            Effect: "Deny",
            Action: ["organizations:LeaveOrganization", "account:CloseAccount"],
            Resource: "*",
        },
        {
            Sid: "DenyOutsideAllowedRegions",
            Effect: "Deny",
            NotAction: [...GLOBAL_SERVICE_ACTIONS],
            Resource: "*",
            Condition: { StringNotEquals: { "aws:RequestedRegion": [...input.allowedRegions] } },
        },
    ]);
}

function iamReadStatement(): Statement {
    return { Sid: "AllowIamRead", Effect: "Allow", Action: ["iam:Get*", "iam:List*", "iam:GenerateServiceLastAccessedDetails"], Resource: "*" };
}

/** ARN of the developer boundary in the caller's own account. */
export function developerBoundaryArn(partition: string, accountId = "${aws:PrincipalAccount}"): string {
    return `arn:${partition}:iam::${accountId}:policy${LANDING_ZONE_IAM_PATH}${DEVELOPER_BOUNDARY_POLICY_NAME}`;
}

/**
 * The IAM of the developer set, the platform-engineer set and the boundary: IAM reads, workload IAM
 * only with the boundary, no IAM users, no tampering with the boundary, no privileged policies as grants.
 */
export function boundedIamStatements(p: string): Statement[] {
    return [
        iamReadStatement(),
        ...workloadIamStatements(p),
        denyIamUsersStatement(),
        boundaryProtectionStatement(p),
        denyPrivilegedPoliciesAsGrantsStatement(p),
    ];
}

/** IAM for workloads: roles, policies and instance profiles under the workload path, roles only with the boundary. */
function workloadIamStatements(p: string): Statement[] {
    const role = `arn:${p}:iam::*:role${WORKLOAD_IAM_PATH}*`;
    return [
        {
            Sid: "AllowWorkloadRolesWithBoundary",
            Effect: "Allow",
            Action: [
                "iam:CreateRole",
                "iam:PutRolePermissionsBoundary",
                "iam:AttachRolePolicy",
                "iam:DetachRolePolicy",
                "iam:PutRolePolicy",
                "iam:DeleteRolePolicy",
                "iam:UpdateAssumeRolePolicy",
                "iam:UpdateRole",
                "iam:DeleteRole",
            ],
            Resource: role,
            // Every action that reports the role's boundary (iam:PermissionsBoundary) requires it, so
            // a role under the path without the boundary can be neither changed nor taken over.
            Condition: { StringEquals: { "iam:PermissionsBoundary": developerBoundaryArn(p) } },
        },
        {
            Sid: "AllowWorkloadRoleLifecycle",
            Effect: "Allow",
            Action: [
                "iam:UpdateRoleDescription",
                "iam:TagRole",
                "iam:UntagRole",
                "iam:PassRole",
                "iam:AddRoleToInstanceProfile",
                "iam:RemoveRoleFromInstanceProfile",
            ],
            Resource: [role, `arn:${p}:iam::*:instance-profile${WORKLOAD_IAM_PATH}*`],
        },
        {
            Sid: "AllowWorkloadPoliciesAndProfiles",
            Effect: "Allow",
            Action: [
                "iam:CreatePolicy",
                "iam:CreatePolicyVersion",
                "iam:DeletePolicy",
                "iam:DeletePolicyVersion",
                "iam:SetDefaultPolicyVersion",
                "iam:TagPolicy",
                "iam:UntagPolicy",
                "iam:CreateInstanceProfile",
                "iam:DeleteInstanceProfile",
                "iam:TagInstanceProfile",
            ],
            Resource: [`arn:${p}:iam::*:policy${WORKLOAD_IAM_PATH}*`, `arn:${p}:iam::*:instance-profile${WORKLOAD_IAM_PATH}*`],
        },
        {
            Sid: "AllowServiceLinkedRoles",
            Effect: "Allow",
            Action: ["iam:CreateServiceLinkedRole", "iam:DeleteServiceLinkedRole", "iam:GetServiceLinkedRoleDeletionStatus"],
            Resource: `arn:${p}:iam::*:role/aws-service-role/*`,
        },
    ];
}

function denyIamUsersStatement(): Statement {
    return {
        Sid: "DenyIamUsersAndKeys",
        Effect: "Deny",
        Action: ["iam:CreateUser", "iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile", "iam:AttachUserPolicy", "iam:PutUserPolicy"],
        Resource: "*",
    };
}

function boundaryProtectionStatement(p: string): Statement {
    return {
        Sid: "DenyBoundaryTampering",
        Effect: "Deny",
        Action: ["iam:DeleteRolePermissionsBoundary", "iam:CreatePolicyVersion", "iam:DeletePolicy", "iam:DeletePolicyVersion", "iam:SetDefaultPolicyVersion"],
        Resource: [`arn:${p}:iam::*:role/*`, `arn:${p}:iam::*:policy${LANDING_ZONE_IAM_PATH}*`],
    };
}

/**
 * The landing zone's policies (the developer boundary) are ceilings, and AWS's administrator policies
 * are what an escalation attaches: nobody under these policies attaches either as a grant.
 */
function denyPrivilegedPoliciesAsGrantsStatement(p: string): Statement {
    return {
        Sid: "DenyPrivilegedPoliciesAsGrants",
        Effect: "Deny",
        Action: ["iam:AttachGroupPolicy", "iam:AttachRolePolicy", "iam:AttachUserPolicy"],
        Resource: "*",
        Condition: {
            ArnLike: {
                "iam:PolicyARN": [`arn:${p}:iam::*:policy${LANDING_ZONE_IAM_PATH}*`, ...AWS_ADMIN_POLICY_NAMES.map((n) => `arn:${p}:iam::aws:policy/${n}`)],
            },
        },
    };
}

export function protectedIamStatement(prot: ProtectedIam, p: string): Statement {
    return {
        Sid: "DenyLandingZoneIamChanges",
        Effect: "Deny",
        NotAction: ["iam:Get*", "iam:List*", "iam:GenerateServiceLastAccessedDetails"],
        Resource: [
            `arn:${p}:iam::*:role/${prot.platformRolePrefix}*`,
            `arn:${p}:iam::*:role/${prot.accessRoleName}`,
            ...prot.breakGlassRoleNames.map((r) => `arn:${p}:iam::*:role/${r}`),
            `arn:${p}:iam::*:role/aws-reserved/sso.amazonaws.com/*`,
            `arn:${p}:iam::*:policy${LANDING_ZONE_IAM_PATH}*`,
        ],
    };
}
