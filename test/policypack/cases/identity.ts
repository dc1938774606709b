import { UNKNOWN } from "../harness";
import {
    boundaryAttachment,
    boundaryPolicy,
    BUCKET_POLICY,
    doc,
    githubTrust,
    LZ,
    ORG,
    permissionSet,
    POLICY,
    R,
    res,
    ROLE,
    ROLE_POLICY,
    S,
    setAttachment,
    SUPPORT_SET,
    supportAssignment,
    tlsPolicy,
    trustService,
    PolicyCases,
} from "./fixtures";

/** Failing and passing cases of the policies in policypack/policies/identity.ts. */
export const identityCases: Readonly<Record<string, PolicyCases>> = {
    "iam-no-full-admin-policy": {
        fail: [
            S("Allow * on *", [res(POLICY, "admin", { name: "admin", policy: doc({ Effect: "Allow", Action: "*", Resource: "*" }) })]),
            S("Allow NotAction on * (everything else)", [
                res(POLICY, "most", { name: "most", policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", NotAction: "iam:*", Resource: "*" }] } }),
            ]),
            S("unknown document during preview fails closed", [res(POLICY, "later", { name: "later", policy: UNKNOWN })]),
            S("a role's permissions boundary is not recognised: a team's stack could name any policy so", [
                res(POLICY, "ceiling", { name: "ceiling", path: "/", policy: doc({ Effect: "Allow", Action: "*", Resource: "*" }) }),
                res(
                    ROLE,
                    "app",
                    { assumeRolePolicy: trustService, permissionsBoundary: "arn:aws:iam::111111111111:policy/ceiling" },
                    { permissionsBoundary: ["ceiling"] },
                ),
            ]),
            S("a permission-set boundary that the stack also attaches as a grant", [
                boundaryPolicy,
                boundaryAttachment,
                res(
                    "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
                    "grant",
                    { role: "app", policyArn: "arn:aws:iam::111111111111:policy/landing-zone/dev-boundary" },
                    { policyArn: ["dev-boundary"] },
                ),
            ]),
            S("a boundary of another name and path than the permission set's", [
                res(POLICY, "other", { name: "dev-boundary", path: "/", policy: doc({ Effect: "Allow", NotAction: ["iam:*"], Resource: "*" }) }),
                boundaryAttachment,
            ]),
        ],
        pass: [
            S("named actions on named ARNs", [
                res(POLICY, "reports", { name: "reports", policy: doc({ Effect: "Allow", Action: ["s3:GetObject"], Resource: "arn:aws:s3:::reports/*" }) }),
            ]),
            S("Deny * on *", [res(POLICY, "deny", { name: "deny", policy: doc({ Effect: "Deny", Action: "*", Resource: "*" }) })]),
            S("the permissions boundary of an Identity Center permission set, used only as one", [boundaryPolicy, boundaryAttachment]),
        ],
    },
    "iam-no-inline-admin": {
        fail: [
            R("role inline policy with iam:*", ROLE, {
                assumeRolePolicy: trustService,
                inlinePolicies: [{ name: "x", policy: doc({ Effect: "Allow", Action: "iam:*", Resource: "*" }) }],
            }),
            R("RolePolicy with *", ROLE_POLICY, { role: "app", policy: doc({ Effect: "Allow", Action: "*", Resource: "*" }) }),
        ],
        pass: [
            R("RolePolicy with scoped actions", ROLE_POLICY, {
                role: "app",
                policy: doc({ Effect: "Allow", Action: "sqs:SendMessage", Resource: "arn:aws:sqs:eu-west-1:111111111111:jobs" }),
            }),
        ],
    },
    "iam-no-service-wildcards": {
        fail: [R("s3:* on *", POLICY, { policy: doc({ Effect: "Allow", Action: "s3:*", Resource: "*" }) })],
        pass: [
            R("s3:* on one bucket", POLICY, { policy: doc({ Effect: "Allow", Action: "s3:*", Resource: "arn:aws:s3:::reports/*" }) }),
            R(
                "allowed service wildcard",
                POLICY,
                { policy: doc({ Effect: "Allow", Action: "cloudwatch:*", Resource: "*" }) },
                { config: { allowedServices: ["cloudwatch"] } },
            ),
        ],
    },
    "iam-deny-actions-exist": {
        fail: [
            R("SCP Deny with a misspelt action", "aws:organizations/policy:Policy", {
                type: "SERVICE_CONTROL_POLICY",
                content: doc({ Effect: "Deny", Action: ["organizations:LeaveOrganisation"], Resource: "*" }),
            }),
            R("Deny with an unknown condition key", POLICY, {
                policy: doc({
                    Effect: "Deny",
                    Action: "s3:PutObject",
                    Resource: "*",
                    Condition: { StringNotEquals: { "s3:x-amz-server-side-encryptionn": "aws:kms" } },
                }),
            }),
            R("Deny with a wildcard matching nothing", POLICY, { policy: doc({ Effect: "Deny", Action: "ec2:Frobnicate*", Resource: "*" }) }),
        ],
        pass: [
            R("SCP Deny with real actions", "aws:organizations/policy:Policy", {
                type: "SERVICE_CONTROL_POLICY",
                content: doc({
                    Effect: "Deny",
                    Action: ["organizations:LeaveOrganization", "iam:CreateUser"],
                    Resource: "*",
                    Condition: { StringNotLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/break-glass-*" } },
                }),
            }),
            R("tag policy content is not an IAM document", "aws:organizations/policy:Policy", {
                type: "TAG_POLICY",
                content: JSON.stringify({ tags: { Owner: { tag_key: { "@@assign": "Owner" } } } }),
            }),
        ],
    },
    "iam-allow-actions-exist": {
        fail: [
            R("Allow with a non-existent action", POLICY, { policy: doc({ Effect: "Allow", Action: "s3:GetObjekt", Resource: "*" }) }),
            R("OIDC claim key of a provider the statement does not federate with", ROLE, {
                assumeRolePolicy: doc({
                    ...githubTrust,
                    Condition: { StringEquals: { "gitlab.example.com:sub": "project_path:a/b:ref_type:branch:ref:main" } },
                }),
            }),
            R("OIDC claim IAM does not expose", ROLE, {
                assumeRolePolicy: doc({
                    ...githubTrust,
                    Condition: { StringEquals: { "token.actions.githubusercontent.com:subject": "repo:a/b:ref:refs/heads/main" } },
                }),
            }),
            R("OIDC claim key outside web-identity federation", ROLE, {
                assumeRolePolicy: doc({
                    Effect: "Allow",
                    Principal: { AWS: "arn:aws:iam::111111111111:root" },
                    Action: "sts:AssumeRole",
                    Condition: { StringEquals: { "token.actions.githubusercontent.com:sub": "repo:a/b:ref:refs/heads/main" } },
                }),
            }),
        ],
        pass: [
            R("GitHub OIDC trust with aud and sub claims", ROLE, {
                assumeRolePolicy: doc({
                    ...githubTrust,
                    Condition: {
                        StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
                        StringLike: { "token.actions.githubusercontent.com:sub": "repo:a/b:environment:prod" },
                    },
                }),
            }),
            R("Allow with real actions and keys", POLICY, {
                policy: doc({
                    Effect: "Allow",
                    Action: "s3:GetObject",
                    Resource: "arn:aws:s3:::r/*",
                    Condition: { StringEquals: { "aws:PrincipalTag/department": "finance" } },
                }),
            }),
        ],
    },
    "iam-no-unscoped-wildcard-principal": {
        fail: [
            R("trust policy open to everyone", ROLE, { assumeRolePolicy: doc({ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }) }),
            R("bucket policy Principal * without condition", BUCKET_POLICY, {
                bucket: "b",
                policy: doc({ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }),
            }),
            R("endpoint policy letting anyone read a bucket named by pattern", "aws:ec2/vpcEndpoint:VpcEndpoint", {
                serviceName: "com.amazonaws.eu-west-1.s3",
                vpcEndpointType: "Gateway",
                policy: doc({ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::al2023-repos-*/*" }),
            }),
            R("endpoint policy letting anyone write a named bucket", "aws:ec2/vpcEndpoint:VpcEndpoint", {
                serviceName: "com.amazonaws.eu-west-1.s3",
                vpcEndpointType: "Gateway",
                policy: doc({
                    Effect: "Allow",
                    Principal: "*",
                    Action: ["s3:GetObject", "s3:PutObject"],
                    Resource: "arn:aws:s3:::amazonlinux-2-repos-eu-west-1/*",
                }),
            }),
            R("queue policy scoped by an IfExists condition", "aws:sqs/queuePolicy:QueuePolicy", {
                queueUrl: "q",
                policy: doc({
                    Effect: "Allow",
                    Principal: "*",
                    Action: "sqs:SendMessage",
                    Resource: "*",
                    Condition: { StringEqualsIfExists: { "aws:PrincipalOrgID": "o-abc123def4" } },
                }),
            }),
        ],
        pass: [
            R("Principal * pinned to the organization", BUCKET_POLICY, {
                bucket: "b",
                policy: doc({ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*", Condition: ORG }),
            }),
            R("service trust", ROLE, { assumeRolePolicy: trustService }),
            R("Deny with Principal *", BUCKET_POLICY, { bucket: "b", policy: tlsPolicy("b") }),
            R("endpoint policy letting anyone in the VPC read named AWS-owned buckets", "aws:ec2/vpcEndpoint:VpcEndpoint", {
                serviceName: "com.amazonaws.eu-west-1.s3",
                vpcEndpointType: "Gateway",
                policy: doc({
                    Effect: "Allow",
                    Principal: "*",
                    Action: "s3:GetObject",
                    Resource: ["arn:aws:s3:::amazonlinux-2-repos-eu-west-1/*", "arn:aws:s3:::al2023-repos-eu-west-1-de612dc2/*"],
                }),
            }),
        ],
    },
    "iam-passrole-scoped": {
        fail: [R("PassRole on *", POLICY, { policy: doc({ Effect: "Allow", Action: ["iam:PassRole", "ec2:RunInstances"], Resource: "*" }) })],
        pass: [
            R("PassRole on one role", POLICY, { policy: doc({ Effect: "Allow", Action: "iam:PassRole", Resource: "arn:aws:iam::111111111111:role/app" }) }),
            R("PassRole with PassedToService", POLICY, {
                policy: doc({
                    Effect: "Allow",
                    Action: "iam:PassRole",
                    Resource: "*",
                    Condition: { StringEquals: { "iam:PassedToService": "ec2.amazonaws.com" } },
                }),
            }),
        ],
    },
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
    "iam-support-role-present": {
        fail: [
            S("landing zone without a support role", [res(ROLE, "r", { assumeRolePolicy: trustService })], LZ),
            S(
                "a support permission set that reaches one of two accounts",
                [
                    res("aws:organizations/account:Account", "payments", { name: "payments", email: "a@corp.io" }),
                    res("aws:organizations/account:Account", "checkout", { name: "checkout", email: "b@corp.io" }),
                    ...SUPPORT_SET,
                    supportAssignment("payments"),
                ],
                LZ,
            ),
            S("a permission set with AWSSupportAccess that nothing assigns", [...SUPPORT_SET], LZ),
        ],
        pass: [
            S(
                "a role with AWSSupportAccess",
                [res(ROLE, "support", { assumeRolePolicy: trustService, managedPolicyArns: ["arn:aws:iam::aws:policy/AWSSupportAccess"] })],
                LZ,
            ),
            S(
                "a support permission set assigned in every account the stack creates",
                [res("aws:organizations/account:Account", "payments", { name: "payments", email: "a@corp.io" }), ...SUPPORT_SET, supportAssignment("payments")],
                LZ,
            ),
        ],
    },
    "account-security-contact": {
        fail: [
            S(
                "an organization whose management account has no security contact",
                [
                    res("aws:organizations/organization:Organization", "org", { featureSet: "ALL" }),
                    res("aws:account/alternativeContact:AlternativeContact", "ops", {
                        alternateContactType: "OPERATIONS",
                        name: "Ops",
                        title: "On-call",
                        emailAddress: "ops@corp.io",
                        phoneNumber: "+1 206 266 1000",
                    }),
                ],
                LZ,
            ),
            S(
                "a member account with a billing contact only",
                [
                    res("aws:organizations/account:Account", "payments", { name: "payments", email: "a@corp.io" }),
                    res(
                        "aws:account/alternativeContact:AlternativeContact",
                        "payments-billing",
                        {
                            accountId: UNKNOWN,
                            alternateContactType: "BILLING",
                            name: "Finance",
                            title: "Finance",
                            emailAddress: "fin@corp.io",
                            phoneNumber: "+1 206 266 1000",
                        },
                        { accountId: ["payments"] },
                    ),
                ],
                LZ,
            ),
        ],
        pass: [
            S(
                "the management account and each new account with a security contact",
                [
                    res("aws:organizations/organization:Organization", "org", { featureSet: "ALL" }),
                    res("aws:organizations/account:Account", "payments", { name: "payments", email: "a@corp.io" }),
                    res("aws:account/alternativeContact:AlternativeContact", "mgmt-security", {
                        alternateContactType: "SECURITY",
                        name: "SecOps",
                        title: "On-call",
                        emailAddress: "sec@corp.io",
                        phoneNumber: "+1 206 266 1000",
                    }),
                    res(
                        "aws:account/alternativeContact:AlternativeContact",
                        "payments-security",
                        {
                            accountId: UNKNOWN,
                            alternateContactType: "SECURITY",
                            name: "SecOps",
                            title: "On-call",
                            emailAddress: "sec@corp.io",
                            phoneNumber: "+1 206 266 1000",
                        },
                        { accountId: ["payments"] },
                    ),
                ],
                LZ,
            ),
            S(
                "a first rollout: the management account's contact shows its unset accountId as computed",
                [
                    res("aws:organizations/organization:Organization", "org", { featureSet: "ALL" }),
                    res("aws:account/alternativeContact:AlternativeContact", "mgmt-security", {
                        accountId: UNKNOWN,
                        alternateContactType: "SECURITY",
                        name: "SecOps",
                        title: "On-call",
                        emailAddress: "sec@corp.io",
                        phoneNumber: "+1 206 266 1000",
                    }),
                ],
                LZ,
            ),
        ],
    },
    "iam-access-analyzer-present": {
        fail: [
            S("landing zone without an analyzer", [res(ROLE, "r", { assumeRolePolicy: trustService })], LZ),
            S("account analyzer only", [res("aws:accessanalyzer/analyzer:Analyzer", "a", { analyzerName: "a", type: "ACCOUNT" })], LZ),
        ],
        pass: [S("organization analyzer", [res("aws:accessanalyzer/analyzer:Analyzer", "a", { analyzerName: "org", type: "ORGANIZATION" })], LZ)],
    },
};
