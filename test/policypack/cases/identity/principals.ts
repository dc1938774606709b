import { UNKNOWN } from "../../harness";
import { permissionSet, PolicyCases, R, res, ROLE, S, setAttachment, trustService } from "../fixtures";

/** Failing and passing cases of the policies in policypack/policies/identity/principals.ts. */
export const principalCases: Readonly<Record<string, PolicyCases>> = {
    "iam-no-users": {
        fail: [R("an IAM user", "aws:iam/user:User", { name: "ci" })],
        pass: [R("a role instead", ROLE, { assumeRolePolicy: trustService })],
    },
    "iam-no-access-keys": {
        fail: [R("an access key", "aws:iam/accessKey:AccessKey", { user: "ci" })],
        pass: [R("a role instead", ROLE, { assumeRolePolicy: trustService })],
    },
    "iam-no-login-profiles": {
        fail: [R("a console password", "aws:iam/userLoginProfile:UserLoginProfile", { user: "alice" })],
        pass: [
            R("a permission set instead", "aws:ssoadmin/permissionSet:PermissionSet", {
                instanceArn: "arn:aws:sso:::instance/ssoins-1",
                name: "dev",
                sessionDuration: "PT1H",
            }),
        ],
    },
    "iam-no-user-policies": {
        fail: [
            R("policy attached to a user", "aws:iam/userPolicyAttachment:UserPolicyAttachment", {
                user: "ci",
                policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess",
            }),
        ],
        pass: [
            R("policy attached to a role", "aws:iam/rolePolicyAttachment:RolePolicyAttachment", {
                role: "app",
                policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess",
            }),
        ],
    },
    "iam-no-privileged-managed-policies": {
        fail: [
            S("AdministratorAccess through a *Exclusive attachment", [
                res("aws:iam/groupPolicyAttachmentsExclusive:GroupPolicyAttachmentsExclusive", "admins", {
                    groupName: "admins",
                    policyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"],
                }),
            ]),
            S("AdministratorAccess on a role", [
                res("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "app-admin", {
                    role: "app",
                    policyArn: "arn:aws:iam::aws:policy/AdministratorAccess",
                }),
            ]),
            S("CloudShell full access in managedPolicyArns", [
                res(ROLE, "ops", { name: "ops", assumeRolePolicy: trustService, managedPolicyArns: ["arn:aws:iam::aws:policy/AWSCloudShellFullAccess"] }),
            ]),
            S("AdministratorAccess on a permission set that is not exempt", [permissionSet("developer"), setAttachment("developer", "AdministratorAccess")]),
            S("a permission set exempt for another policy only", [permissionSet("developer"), setAttachment("developer", "AdministratorAccess")], {
                exemptPermissionSets: { developer: ["PowerUserAccess"] },
            }),
            S(
                "a permission set the attachment cannot be traced to",
                [
                    res("aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment", "loose", {
                        instanceArn: "arn:aws:sso:::instance/ssoins-1",
                        permissionSetArn: UNKNOWN,
                        managedPolicyArn: "arn:aws:iam::aws:policy/AdministratorAccess",
                    }),
                ],
                { exemptPermissionSets: { "platform-admin": ["AdministratorAccess"] } },
            ),
        ],
        pass: [
            S("ReadOnlyAccess", [
                res("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "ro", { role: "app", policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }),
            ]),
            S(
                "exempt break-glass role",
                [
                    res("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "bg", {
                        role: "break-glass-admin",
                        policyArn: "arn:aws:iam::aws:policy/AdministratorAccess",
                    }),
                ],
                { exemptRoles: ["break-glass-admin"] },
            ),
            S("the permission set exempt for exactly this policy", [permissionSet("platform-admin"), setAttachment("platform-admin", "AdministratorAccess")], {
                exemptPermissionSets: { "platform-admin": ["AdministratorAccess"] },
            }),
        ],
    },
    "iam-password-policy-strong": {
        fail: [R("8 characters, no reuse prevention", "aws:iam/accountPasswordPolicy:AccountPasswordPolicy", { minimumPasswordLength: 8 })],
        pass: [
            R("14 characters, 24 remembered", "aws:iam/accountPasswordPolicy:AccountPasswordPolicy", {
                minimumPasswordLength: 14,
                passwordReusePrevention: 24,
            }),
        ],
    },
    "identity-center-session-limit": {
        fail: [R("12 hour sessions", "aws:ssoadmin/permissionSet:PermissionSet", { instanceArn: "i", name: "admin", sessionDuration: "PT12H" })],
        pass: [
            R("1 hour sessions", "aws:ssoadmin/permissionSet:PermissionSet", { instanceArn: "i", name: "admin", sessionDuration: "PT1H" }),
            R("default duration", "aws:ssoadmin/permissionSet:PermissionSet", { instanceArn: "i", name: "ro" }),
        ],
    },
    "iam-role-session-limit": {
        fail: [R("12 hour role sessions", ROLE, { assumeRolePolicy: trustService, maxSessionDuration: 43200 })],
        pass: [R("default one hour", ROLE, { assumeRolePolicy: trustService })],
    },
};
