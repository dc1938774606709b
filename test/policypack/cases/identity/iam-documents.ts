import { UNKNOWN } from "../../harness";
import {
    boundaryAttachment,
    boundaryPolicy,
    BUCKET_POLICY,
    doc,
    githubTrust,
    ORG,
    POLICY,
    PolicyCases,
    R,
    res,
    ROLE,
    ROLE_POLICY,
    S,
    tlsPolicy,
    trustService,
} from "../fixtures";

/** Failing and passing cases of the policies in policypack/policies/identity/iam-documents.ts. */
export const iamDocumentCases: Readonly<Record<string, PolicyCases>> = {
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
};
