import { ResourceInput, secret, UNKNOWN, urnOf } from "./harness";

/** One input to one policy: a resource (Analyze) or a resource graph (AnalyzeStack). */
export interface Case {
    readonly why: string;
    readonly resource?: ResourceInput;
    readonly stack?: readonly ResourceInput[];
    /** The policy's parameters for this case. */
    readonly config?: Record<string, unknown>;
}

export interface PolicyCases {
    readonly fail: readonly Case[];
    readonly pass: readonly Case[];
}

const R = (why: string, type: string, props: Record<string, unknown>, extra: Partial<ResourceInput> & { config?: Record<string, unknown> } = {}): Case => {
    const { config, ...rest } = extra;
    return { why, resource: { type, props, ...rest }, config };
};
const S = (why: string, stack: ResourceInput[], config?: Record<string, unknown>): Case => ({ why, stack, config });
const res = (type: string, name: string, props: Record<string, unknown>, propertyDependencies?: Record<string, string[]>): ResourceInput => ({
    type,
    name,
    props,
    propertyDependencies,
});

/** An EC2 declarative policy setting VPC Block Public Access to `mode`, exclusions allowed. */
const ec2Declarative = (mode: string) =>
    JSON.stringify({
        ec2_attributes: { vpc_block_public_access: { internet_gateway_block: { mode: { "@@assign": mode }, exclusions_allowed: { "@@assign": "enabled" } } } },
    });
/** A provider into an account created in the same run: its pin is unknown during preview. */
const NEW_ACCOUNT_PROVIDER = { name: "new-account", props: { region: "eu-west-1", allowedAccountIds: UNKNOWN } };
const doc = (...Statement: Record<string, unknown>[]) => JSON.stringify({ Version: "2012-10-17", Statement });
const LZ = { landingZone: true };
/** A permission set holding AWSSupportAccess (CIS 1.16), as Identity Center wires it. */
const SUPPORT_SET = [
    res("aws:ssoadmin/permissionSet:PermissionSet", "support", { name: "support", instanceArn: "arn:aws:sso:::instance/ssoins-1" }),
    res(
        "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment",
        "support-managed",
        { managedPolicyArn: "arn:aws:iam::aws:policy/AWSSupportAccess", permissionSetArn: UNKNOWN },
        { permissionSetArn: ["support"] },
    ),
];
/** The support permission set assigned to a group in an account the stack creates. */
const supportAssignment = (account: string) =>
    res(
        "aws:ssoadmin/accountAssignment:AccountAssignment",
        `support-${account}`,
        { permissionSetArn: UNKNOWN, targetId: UNKNOWN, targetType: "AWS_ACCOUNT", principalType: "GROUP", principalId: "g-1" },
        { permissionSetArn: ["support"], targetId: [account] },
    );
const CMK = "arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const ORG = { StringEquals: { "aws:PrincipalOrgID": "o-abc123def4" } };

// Types
const POLICY = "aws:iam/policy:Policy";
const VPC = "aws:ec2/vpc:Vpc";
const IGW = "aws:ec2/internetGateway:InternetGateway";
const IGW_ATTACHMENT = "aws:ec2/internetGatewayAttachment:InternetGatewayAttachment";
const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const BUCKET = "aws:s3/bucket:Bucket";
const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";
const SSE_CONFIG = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";
const SG = "aws:ec2/securityGroup:SecurityGroup";
const SG_INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const SG_EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
const INSTANCE = "aws:ec2/instance:Instance";
const LT = "aws:ec2/launchTemplate:LaunchTemplate";
const LB = "aws:lb/loadBalancer:LoadBalancer";
const LISTENER = "aws:lb/listener:Listener";
const EKS = "aws:eks/cluster:Cluster";
const EKS_COMPONENT = "eks:index:Cluster";
const AWSX_VPC = "awsx:ec2:Vpc";
const AWSX_FARGATE = "awsx:ecs:FargateService";
const AWSX_ALB = "awsx:lb:ApplicationLoadBalancer";
const TASK = "aws:ecs/taskDefinition:TaskDefinition";
const KEY = "aws:kms/key:Key";

const FSBP_ARN = "arn:aws:securityhub:eu-west-1::standards/aws-foundational-security-best-practices/v/1.0.0";
const CIS_ARN = "arn:aws:securityhub:eu-west-1::standards/cis-aws-foundations-benchmark/v/5.0.0";
const hubPolicy = (serviceEnabled: boolean, arns: string[]) =>
    res("aws:securityhub/configurationPolicy:ConfigurationPolicy", "baseline", {
        name: "baseline",
        configurationPolicy: { serviceEnabled, enabledStandardArns: arns },
    });
const hubAssociation = res(
    "aws:securityhub/configurationPolicyAssociation:ConfigurationPolicyAssociation",
    "baseline-root",
    { policyId: UNKNOWN, targetId: "r-abcd" },
    { policyId: ["baseline"] },
);
const boundaryPolicy = res(POLICY, "dev-boundary", {
    name: "dev-boundary",
    path: "/landing-zone/",
    policy: doc({ Effect: "Allow", NotAction: ["iam:*", "organizations:*"], Resource: "*" }),
});
const boundaryAttachment = res("aws:ssoadmin/permissionsBoundaryAttachment:PermissionsBoundaryAttachment", "developer-boundary", {
    instanceArn: "arn:aws:sso:::instance/ssoins-1",
    permissionSetArn: "arn:aws:sso:::permissionSet/ssoins-1/ps-1",
    permissionsBoundary: { customerManagedPolicyReference: { name: "dev-boundary", path: "/landing-zone/" } },
});
const permissionSet = (name: string) =>
    res("aws:ssoadmin/permissionSet:PermissionSet", name, { instanceArn: "arn:aws:sso:::instance/ssoins-1", name, sessionDuration: "PT1H" });
const setAttachment = (set: string, policy: string) =>
    res(
        "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment",
        `${set}-${policy}`,
        { instanceArn: "arn:aws:sso:::instance/ssoins-1", permissionSetArn: UNKNOWN, managedPolicyArn: `arn:aws:iam::aws:policy/${policy}` },
        { permissionSetArn: [set] },
    );
const githubTrust = {
    Effect: "Allow",
    Principal: { Federated: "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com" },
    Action: "sts:AssumeRoleWithWebIdentity",
};
const trustService = doc({ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" });
const bucket = (name: string, extra: Record<string, unknown> = {}) => res(BUCKET, name, { bucket: `${name}-111111111111`, ...extra });
const tlsPolicy = (b: string) =>
    doc({
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [`arn:aws:s3:::${b}`, `arn:aws:s3:::${b}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
const goodEks = {
    roleArn: "arn:aws:iam::111111111111:role/eks",
    vpcConfig: { subnetIds: ["subnet-1"], endpointPublicAccess: false, endpointPrivateAccess: true },
    encryptionConfig: { resources: ["secrets"], provider: { keyArn: CMK } },
    enabledClusterLogTypes: ["api", "audit", "authenticator"],
};
const containers = (defs: Record<string, unknown>[]) => JSON.stringify(defs);
const metricFilter = (name: string, pattern: string) =>
    res("aws:cloudwatch/logMetricFilter:LogMetricFilter", name, {
        logGroupName: "org-trail",
        pattern,
        metricTransformation: { name, namespace: "CISBenchmark", value: "1" },
    });
const alarm = (name: string) =>
    res("aws:cloudwatch/metricAlarm:MetricAlarm", `${name}-alarm`, {
        metricName: name,
        namespace: "CISBenchmark",
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        evaluationPeriods: 1,
        threshold: 1,
    });
const CIS_PATTERNS: [string, string][] = [
    ["unauthorized", '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }'],
    ["no-mfa", '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }'],
    ["root", '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS }'],
    ["iam", "{ ($.eventName=PutRolePolicy) || ($.eventName=AttachRolePolicy) || ($.eventName=CreatePolicy) }"],
    ["trail", "{ ($.eventName = StopLogging) || ($.eventName = DeleteTrail) }"],
    ["auth-fail", '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }'],
    ["cmk", "{ ($.eventSource = kms.amazonaws.com) && (($.eventName=DisableKey)||($.eventName=ScheduleKeyDeletion)) }"],
    ["bucket-policy", "{ ($.eventName = PutBucketPolicy) }"],
    ["config", "{ ($.eventName=StopConfigurationRecorder) }"],
    ["sg", "{ ($.eventName = AuthorizeSecurityGroupIngress) }"],
    ["nacl", "{ ($.eventName = CreateNetworkAclEntry) }"],
    ["gateway", "{ ($.eventName = AttachInternetGateway) }"],
    ["route", "{ ($.eventName = CreateRoute) || ($.eventName = ReplaceRoute) }"],
    ["vpc", "{ ($.eventName = CreateVpc) || ($.eventName = DeleteVpc) }"],
    ["org", '{ ($.eventSource = "organizations.amazonaws.com") }'],
];

export const CASES: Readonly<Record<string, PolicyCases>> = {
    // ---------------------------------------------------------------- identity
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

    // ---------------------------------------------------------------- devices
    "ec2-imdsv2-required": {
        fail: [
            R("IMDSv1 allowed", INSTANCE, { ami: "ami-1", instanceType: "t3.micro" }),
            R("launch template optional tokens", LT, { metadataOptions: { httpTokens: "optional" } }),
        ],
        pass: [
            R("tokens required", INSTANCE, { ami: "ami-1", metadataOptions: { httpTokens: "required" } }),
            R("metadata endpoint disabled", LT, { metadataOptions: { httpEndpoint: "disabled" } }),
        ],
    },
    "ec2-no-public-ip": {
        fail: [
            R("no subnet: the default VPC maps a public IP", INSTANCE, { ami: "ami-1", instanceType: "t3.micro" }),
            R("an Elastic IP on an instance", "aws:ec2/eip:Eip", { domain: "vpc", instance: "i-1" }),
            R("public IP on instance", INSTANCE, { ami: "ami-1", associatePublicIpAddress: true }),
            R("launch template string true", LT, { networkInterfaces: [{ associatePublicIpAddress: "true" }] }),
        ],
        pass: [
            R("an Elastic IP for a NAT gateway (no instance)", "aws:ec2/eip:Eip", { domain: "vpc" }),
            R("private instance", INSTANCE, { ami: "ami-1", associatePublicIpAddress: false }),
        ],
    },
    "ec2-ebs-encrypted-cmk": {
        fail: [
            R("unencrypted volume", "aws:ebs/volume:Volume", { availabilityZone: "eu-west-1a", size: 10 }),
            R("root device with AWS-managed key", INSTANCE, { ami: "ami-1", rootBlockDevice: { encrypted: true, kmsKeyId: "alias/aws/ebs" } }),
            R("launch template unencrypted", LT, { blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "false" } }] }),
        ],
        pass: [
            R("CMK-encrypted root", INSTANCE, { ami: "ami-1", rootBlockDevice: { encrypted: true, kmsKeyId: CMK } }),
            R("CMK volume", "aws:ebs/volume:Volume", { availabilityZone: "a", encrypted: true, kmsKeyId: CMK }),
        ],
    },
    "ec2-no-ssh-key-pairs": {
        fail: [
            R("instance with key pair", INSTANCE, { ami: "ami-1", keyName: "ops" }),
            R("key pair resource", "aws:ec2/keyPair:KeyPair", { publicKey: "ssh-ed25519 AAAA" }),
        ],
        pass: [R("no key", INSTANCE, { ami: "ami-1" })],
    },
    "ec2-instance-profile-required": {
        fail: [R("no instance profile", INSTANCE, { ami: "ami-1" })],
        pass: [R("instance profile", INSTANCE, { ami: "ami-1", iamInstanceProfile: "app-profile" })],
    },
    "workspaces-volumes-encrypted": {
        fail: [
            R("unencrypted user volume", "aws:workspaces/workspace:Workspace", {
                bundleId: "b",
                directoryId: "d",
                userName: "u",
                rootVolumeEncryptionEnabled: true,
                volumeEncryptionKey: CMK,
            }),
        ],
        pass: [
            R("both volumes with CMK", "aws:workspaces/workspace:Workspace", {
                bundleId: "b",
                directoryId: "d",
                userName: "u",
                rootVolumeEncryptionEnabled: true,
                userVolumeEncryptionEnabled: true,
                volumeEncryptionKey: CMK,
            }),
        ],
    },
    "client-vpn-connection-logging": {
        fail: [R("logging off", "aws:ec2clientvpn/endpoint:Endpoint", { serverCertificateArn: "c", connectionLogOptions: { enabled: false } })],
        pass: [
            R("logging on", "aws:ec2clientvpn/endpoint:Endpoint", {
                serverCertificateArn: "c",
                connectionLogOptions: { enabled: true, cloudwatchLogGroup: "vpn" },
            }),
        ],
    },
    "ebs-default-encryption-enabled": {
        fail: [S("landing zone without EBS default encryption", [res(KEY, "k", { enableKeyRotation: true })], LZ)],
        pass: [S("enabled", [res("aws:ebs/encryptionByDefault:EncryptionByDefault", "ebs", { enabled: true })], LZ)],
    },
    "inspector-enabled": {
        fail: [S("EC2 only", [res("aws:inspector2/enabler:Enabler", "insp", { accountIds: ["111111111111"], resourceTypes: ["EC2"] })], LZ)],
        pass: [
            S("EC2 and ECR", [res("aws:inspector2/enabler:Enabler", "insp", { accountIds: ["111111111111"], resourceTypes: ["EC2", "ECR", "LAMBDA"] })], LZ),
        ],
    },

    // ---------------------------------------------------------------- network
    "sg-no-admin-ports-from-internet": {
        fail: [
            R("SSH from anywhere", SG, { ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }] }),
            R("RDP from ::/0 via a standalone rule", SG_INGRESS, {
                securityGroupId: "sg-1",
                ipProtocol: "tcp",
                fromPort: 3389,
                toPort: 3389,
                cidrIpv6: "::/0",
            }),
            R("all traffic from anywhere (covers 22)", "aws:ec2/securityGroupRule:SecurityGroupRule", {
                type: "ingress",
                securityGroupId: "sg-1",
                protocol: "-1",
                fromPort: 0,
                toPort: 0,
                cidrBlocks: ["0.0.0.0/0"],
            }),
        ],
        pass: [
            R("SSH from a trusted range", SG, { ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["198.51.100.0/24"] }] }),
            R("HTTPS from anywhere", SG, { ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }] }),
        ],
    },
    "sg-no-all-ports-from-internet": {
        fail: [
            R("all protocols from anywhere", SG, { ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] }),
            R("whole TCP range", SG_INGRESS, { securityGroupId: "sg", ipProtocol: "tcp", fromPort: 0, toPort: 65535, cidrIpv4: "0.0.0.0/0" }),
        ],
        pass: [R("443 only", SG_INGRESS, { securityGroupId: "sg", ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" })],
    },
    "sg-no-high-risk-ports-from-internet": {
        fail: [
            R("PostgreSQL from anywhere", SG, { ingress: [{ protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["0.0.0.0/0"] }] }),
            R("SMB from anywhere", SG_INGRESS, { securityGroupId: "sg", ipProtocol: "tcp", fromPort: 445, toPort: 445, cidrIpv4: "0.0.0.0/0" }),
        ],
        pass: [R("PostgreSQL from the VPC", SG, { ingress: [{ protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["10.68.0.0/20"] }] })],
    },
    "nacl-no-admin-ports-from-internet": {
        fail: [
            R("NACL allows SSH from anywhere", "aws:ec2/networkAcl:NetworkAcl", {
                vpcId: "vpc-1",
                ingress: [{ ruleNo: 100, action: "allow", protocol: "tcp", fromPort: 0, toPort: 65535, cidrBlock: "0.0.0.0/0" }],
            }),
            R("NACL rule allows RDP", "aws:ec2/networkAclRule:NetworkAclRule", {
                networkAclId: "acl",
                ruleNumber: 100,
                egress: false,
                ruleAction: "allow",
                protocol: "6",
                fromPort: 3389,
                toPort: 3389,
                cidrBlock: "0.0.0.0/0",
            }),
        ],
        pass: [
            R("NACL denies SSH from anywhere", "aws:ec2/networkAclRule:NetworkAclRule", {
                networkAclId: "acl",
                ruleNumber: 90,
                egress: false,
                ruleAction: "deny",
                protocol: "tcp",
                fromPort: 22,
                toPort: 22,
                cidrBlock: "0.0.0.0/0",
            }),
            R("egress rule", "aws:ec2/networkAclRule:NetworkAclRule", {
                networkAclId: "acl",
                ruleNumber: 100,
                egress: true,
                ruleAction: "allow",
                protocol: "-1",
                cidrBlock: "0.0.0.0/0",
            }),
        ],
    },
    "default-sg-no-rules": {
        fail: [
            R("default SG allows all egress", "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", {
                vpcId: "vpc-1",
                egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
            }),
        ],
        pass: [R("default SG emptied", "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", { vpcId: "vpc-1" })],
    },
    "private-tier-no-internet-egress": {
        fail: [
            S("untagged SG with open egress", [res(SG, "app", { egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] })]),
            S("egress rule on a data-tier SG", [
                res(SG, "data", { tags: { Tier: "data" } }),
                res(SG_EGRESS, "data-out", { securityGroupId: "sg-123", ipProtocol: "-1", cidrIpv4: "0.0.0.0/0" }, { securityGroupId: ["data"] }),
            ]),
        ],
        pass: [
            S("edge tier may reach the internet", [
                res(SG, "alb", { tags: { Tier: "edge" }, egress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }] }),
            ]),
            S("private tier egress to the VPC only", [
                res(SG, "app", { tags: { Tier: "app" }, egress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.0.0.0/8"] }] }),
            ]),
        ],
    },
    "subnet-no-auto-public-ip": {
        fail: [R("auto-assigns public IPs", "aws:ec2/subnet:Subnet", { vpcId: "v", cidrBlock: "10.0.0.0/24", mapPublicIpOnLaunch: true })],
        pass: [R("private subnet", "aws:ec2/subnet:Subnet", { vpcId: "v", cidrBlock: "10.0.0.0/24" })],
    },
    "vpc-flow-logs-enabled": {
        fail: [
            S("VPC without flow log", [res("aws:ec2/vpc:Vpc", "spoke", { cidrBlock: "10.68.0.0/20" })]),
            S("flow log for rejects only", [
                res("aws:ec2/vpc:Vpc", "spoke", { cidrBlock: "10.68.0.0/20" }),
                res("aws:ec2/flowLog:FlowLog", "spoke-fl", { vpcId: "vpc-1", trafficType: "REJECT" }, { vpcId: ["spoke"] }),
            ]),
            S("VPC in an account this run creates, with no flow log at all", [{ ...res("aws:ec2/vpc:Vpc", "spoke", {}), provider: NEW_ACCOUNT_PROVIDER }]),
        ],
        pass: [
            S("flow log in an account this run creates: no outputs in preview, checked when the update ends", [
                { ...res("aws:ec2/vpc:Vpc", "spoke", {}), provider: NEW_ACCOUNT_PROVIDER },
                { ...res("aws:ec2/flowLog:FlowLog", "spoke-fl", {}, { vpcId: ["spoke"] }), provider: NEW_ACCOUNT_PROVIDER },
            ]),
            S("flow log for ALL linked by dependency", [
                res("aws:ec2/vpc:Vpc", "spoke", { cidrBlock: "10.68.0.0/20" }),
                res("aws:ec2/flowLog:FlowLog", "spoke-fl", { vpcId: UNKNOWN, trafficType: "ALL" }, { vpcId: ["spoke"] }),
            ]),
        ],
    },
    "no-unapproved-internet-gateway": {
        fail: [
            S("IGW in a workload VPC", [
                res(VPC, "payments-vpc", { cidrBlock: "10.68.0.0/20" }),
                res(IGW, "payments-igw", { vpcId: UNKNOWN }, { vpcId: ["payments-vpc"] }),
            ]),
            S(
                "a workload VPC named and tagged like the approved one, in another program",
                [
                    res(VPC, "network-euw1-inspection-vpc", { cidrBlock: "10.8.0.0/23", tags: { NetworkRole: "inspection" } }),
                    res(IGW, "network-euw1-inspection-igw", { vpcId: UNKNOWN }, { vpcId: ["network-euw1-inspection-vpc"] }),
                ],
                { approvedEgressVpcs: ["urn:pulumi:prod::landing-zone::landing-zone:network:InspectionVpc$aws:ec2/vpc:Vpc::network-euw1-inspection-vpc"] },
            ),
            S(
                "IGW attached by an attachment resource to an unapproved VPC",
                [
                    res(VPC, "egress-vpc", { cidrBlock: "10.8.0.0/23" }),
                    res(VPC, "payments-vpc", { cidrBlock: "10.68.0.0/20" }),
                    res(IGW, "igw", {}),
                    res(IGW_ATTACHMENT, "igw-attach", { internetGatewayId: UNKNOWN, vpcId: UNKNOWN }, { internetGatewayId: ["igw"], vpcId: ["payments-vpc"] }),
                ],
                { approvedEgressVpcs: [urnOf(VPC, "egress-vpc")] },
            ),
            S("egress-only IGW in a workload VPC", [
                res(VPC, "payments-vpc", { cidrBlock: "10.68.0.0/20" }),
                res("aws:ec2/egressOnlyInternetGateway:EgressOnlyInternetGateway", "payments-eigw", { vpcId: UNKNOWN }, { vpcId: ["payments-vpc"] }),
            ]),
            S("IGW attached to no VPC the program shows", [res(IGW, "loose-igw", {})]),
        ],
        pass: [
            S(
                "central egress VPC listed by URN",
                [res(VPC, "egress-vpc", { cidrBlock: "10.8.0.0/23" }), res(IGW, "egress-igw", { vpcId: UNKNOWN }, { vpcId: ["egress-vpc"] })],
                { approvedEgressVpcs: [urnOf(VPC, "egress-vpc")] },
            ),
            S("a program without internet gateways", [res(VPC, "payments-vpc", { cidrBlock: "10.68.0.0/20" })]),
        ],
    },
    "vpc-block-public-access-enforced": {
        fail: [
            R("BPA off", "aws:ec2/vpcBlockPublicAccessOptions:VpcBlockPublicAccessOptions", { internetGatewayBlockMode: "off" }),
            R("declarative policy turns the block off", "aws:organizations/policy:Policy", { type: "DECLARATIVE_POLICY_EC2", content: ec2Declarative("off") }),
            R("declarative policy names the block without assigning a mode", "aws:organizations/policy:Policy", {
                type: "DECLARATIVE_POLICY_EC2",
                content: JSON.stringify({
                    ec2_attributes: { vpc_block_public_access: { internet_gateway_block: { exclusions_allowed: { "@@assign": "enabled" } } } },
                }),
            }),
            R("exclusion that opens inbound traffic", "aws:ec2/vpcBlockPublicAccessExclusion:VpcBlockPublicAccessExclusion", {
                vpcId: "vpc-1",
                internetGatewayExclusionMode: "allow-bidirectional",
            }),
        ],
        pass: [
            R("BPA bidirectional", "aws:ec2/vpcBlockPublicAccessOptions:VpcBlockPublicAccessOptions", { internetGatewayBlockMode: "block-bidirectional" }),
            R("declarative policy blocks both ways, exclusions allowed", "aws:organizations/policy:Policy", {
                type: "DECLARATIVE_POLICY_EC2",
                content: ec2Declarative("block_bidirectional"),
            }),
            R("declarative policy about other EC2 attributes", "aws:organizations/policy:Policy", {
                type: "DECLARATIVE_POLICY_EC2",
                content: JSON.stringify({ ec2_attributes: { image_block_public_access: { state: { "@@assign": "block_new_sharing" } } } }),
            }),
            R("egress-only exclusion of the inspection VPC", "aws:ec2/vpcBlockPublicAccessExclusion:VpcBlockPublicAccessExclusion", {
                vpcId: "vpc-1",
                internetGatewayExclusionMode: "allow-egress",
            }),
        ],
    },
    "no-vpc-peering": {
        fail: [R("peering", "aws:ec2/vpcPeeringConnection:VpcPeeringConnection", { vpcId: "a", peerVpcId: "b" })],
        pass: [R("TGW attachment instead", "aws:ec2transitgateway/vpcAttachment:VpcAttachment", { vpcId: "a", transitGatewayId: "tgw", subnetIds: ["s"] })],
    },
    "tgw-segmented": {
        fail: [R("defaults (auto association and propagation)", "aws:ec2transitgateway/transitGateway:TransitGateway", { amazonSideAsn: 64600 })],
        pass: [
            R("segmented", "aws:ec2transitgateway/transitGateway:TransitGateway", {
                autoAcceptSharedAttachments: "disable",
                defaultRouteTableAssociation: "disable",
                defaultRouteTablePropagation: "disable",
            }),
        ],
    },
    "network-firewall-deletion-protection": {
        fail: [R("unprotected", "aws:networkfirewall/firewall:Firewall", { firewallPolicyArn: "p", vpcId: "v", subnetMappings: [] })],
        pass: [R("protected", "aws:networkfirewall/firewall:Firewall", { firewallPolicyArn: "p", vpcId: "v", subnetMappings: [], deleteProtection: true })],
    },
    "network-firewall-stateful-inspection": {
        fail: [
            R("stateless pass", "aws:networkfirewall/firewallPolicy:FirewallPolicy", {
                firewallPolicy: { statelessDefaultActions: ["aws:pass"], statelessFragmentDefaultActions: ["aws:forward_to_sfe"] },
            }),
        ],
        pass: [
            R("forward to stateful", "aws:networkfirewall/firewallPolicy:FirewallPolicy", {
                firewallPolicy: { statelessDefaultActions: ["aws:forward_to_sfe"], statelessFragmentDefaultActions: ["aws:forward_to_sfe"] },
            }),
        ],
    },
    "vpc-endpoint-policy-required": {
        fail: [
            R("interface endpoint without policy", "aws:ec2/vpcEndpoint:VpcEndpoint", {
                vpcId: "v",
                serviceName: "com.amazonaws.eu-west-1.ssm",
                vpcEndpointType: "Interface",
            }),
        ],
        pass: [
            R("endpoint with org policy", "aws:ec2/vpcEndpoint:VpcEndpoint", {
                vpcId: "v",
                serviceName: "com.amazonaws.eu-west-1.s3",
                policy: doc({ Effect: "Allow", Principal: "*", Action: "s3:*", Resource: "*", Condition: ORG }),
            }),
        ],
    },

    // ---------------------------------------------------------------- workloads
    "elb-listener-https-only": {
        fail: [
            R("a classic ELB on plain HTTP", "aws:elb/loadBalancer:LoadBalancer", {
                listeners: [{ instancePort: 80, instanceProtocol: "http", lbPort: 80, lbProtocol: "http" }],
            }),
            R("HTTP forwarding", LISTENER, { loadBalancerArn: "lb", port: 80, protocol: "HTTP", defaultActions: [{ type: "forward", targetGroupArn: "tg" }] }),
        ],
        pass: [
            R("HTTP redirect to HTTPS", LISTENER, {
                loadBalancerArn: "lb",
                port: 80,
                protocol: "HTTP",
                defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
            }),
        ],
    },
    "elb-modern-tls-policy": {
        fail: [
            R("default (2016) policy", LISTENER, { loadBalancerArn: "lb", port: 443, protocol: "HTTPS", certificateArn: "c", defaultActions: [] }),
            R("TLS 1.0 policy", "aws:alb/listener:Listener", {
                loadBalancerArn: "lb",
                port: 443,
                protocol: "HTTPS",
                sslPolicy: "ELBSecurityPolicy-TLS-1-0-2015-04",
            }),
        ],
        pass: [R("TLS 1.3 policy", LISTENER, { loadBalancerArn: "lb", port: 443, protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06" })],
    },
    "alb-waf-associated": {
        fail: [S("ALB without WAF", [res(LB, "web", { loadBalancerType: "application", subnets: ["s"] })])],
        pass: [
            S("ALB with WAF association", [
                res(LB, "web", { subnets: ["s"] }),
                res(
                    "aws:wafv2/webAclAssociation:WebAclAssociation",
                    "web-waf",
                    { resourceArn: UNKNOWN, webAclArn: "arn:aws:wafv2:::webacl" },
                    { resourceArn: ["web"] },
                ),
            ]),
            S("NLB needs none", [res(LB, "nlb", { loadBalancerType: "network", subnets: ["s"] })]),
        ],
    },
    "alb-drop-invalid-headers": {
        fail: [R("ALB keeps invalid headers", LB, { subnets: ["s"] })],
        pass: [R("ALB drops them", LB, { subnets: ["s"], dropInvalidHeaderFields: true })],
    },
    "elb-access-logs": {
        fail: [R("no access logs", LB, { subnets: ["s"] })],
        pass: [R("access logs", LB, { subnets: ["s"], accessLogs: { bucket: "logs", enabled: true } })],
    },
    "apigw-method-authorization": {
        fail: [R("open GET", "aws:apigateway/method:Method", { restApi: "api", resourceId: "r", httpMethod: "GET", authorization: "NONE" })],
        pass: [
            R("IAM auth", "aws:apigateway/method:Method", { restApi: "api", resourceId: "r", httpMethod: "GET", authorization: "AWS_IAM" }),
            R("CORS preflight", "aws:apigateway/method:Method", { restApi: "api", resourceId: "r", httpMethod: "OPTIONS", authorization: "NONE" }),
        ],
    },
    "apigw-route-authorization": {
        fail: [R("route without authorizer", "aws:apigatewayv2/route:Route", { apiId: "a", routeKey: "GET /items" })],
        pass: [R("JWT route", "aws:apigatewayv2/route:Route", { apiId: "a", routeKey: "GET /items", authorizationType: "JWT", authorizerId: "au" })],
    },
    "apigw-stage-access-logging": {
        fail: [R("stage without logs", "aws:apigateway/stage:Stage", { restApi: "a", deployment: "d", stageName: "prod" })],
        pass: [
            R("stage with logs", "aws:apigatewayv2/stage:Stage", {
                apiId: "a",
                name: "prod",
                accessLogSettings: { destinationArn: "arn:aws:logs:eu-west-1:111111111111:log-group:api", format: "$context.requestId" },
            }),
        ],
    },
    "lambda-url-iam-auth": {
        fail: [R("public function URL", "aws:lambda/functionUrl:FunctionUrl", { functionName: "f", authorizationType: "NONE" })],
        pass: [R("IAM function URL", "aws:lambda/functionUrl:FunctionUrl", { functionName: "f", authorizationType: "AWS_IAM" })],
    },
    "lambda-permission-not-public": {
        fail: [
            R("invoke for everyone", "aws:lambda/permission:Permission", { function: "f", action: "lambda:InvokeFunction", principal: "*" }),
            R("service without source", "aws:lambda/permission:Permission", { function: "f", action: "lambda:InvokeFunction", principal: "s3.amazonaws.com" }),
        ],
        pass: [
            R("S3 from one bucket", "aws:lambda/permission:Permission", {
                function: "f",
                action: "lambda:InvokeFunction",
                principal: "s3.amazonaws.com",
                sourceArn: "arn:aws:s3:::b",
                sourceAccount: "111111111111",
            }),
        ],
    },
    "lambda-supported-runtime": {
        fail: [R("node 16", "aws:lambda/function:Function", { role: "r", runtime: "nodejs16.x" })],
        pass: [R("node 22", "aws:lambda/function:Function", { role: "r", runtime: "nodejs22.x" })],
    },
    "lambda-environment-cmk": {
        fail: [R("env without CMK", "aws:lambda/function:Function", { role: "r", runtime: "nodejs22.x", environment: { variables: { TABLE: "t" } } })],
        pass: [
            R("env with CMK", "aws:lambda/function:Function", { role: "r", runtime: "nodejs22.x", kmsKeyArn: CMK, environment: { variables: { TABLE: "t" } } }),
        ],
    },
    "lambda-environment-no-plaintext-secrets": {
        fail: [
            R("API token in env", "aws:lambda/function:Function", {
                role: "r",
                runtime: "nodejs22.x",
                kmsKeyArn: CMK,
                environment: { variables: { STRIPE_API_KEY: "sk_live_x" } },
            }),
            R("DB password in env", "aws:lambda/function:Function", {
                role: "r",
                runtime: "nodejs22.x",
                environment: { variables: { DB_PASSWORD: "hunter2" } },
            }),
        ],
        pass: [
            R("the secret's ARN, read at run time", "aws:lambda/function:Function", {
                role: "r",
                runtime: "nodejs22.x",
                kmsKeyArn: CMK,
                environment: { variables: { DB_SECRET_ARN: "arn:aws:secretsmanager:eu-west-1:111111111111:secret:db", TABLE: "t" } },
            }),
        ],
    },
    "eks-private-endpoint": {
        fail: [R("public endpoint by default", EKS, { ...goodEks, vpcConfig: { subnetIds: ["s"] } })],
        pass: [R("private endpoint", EKS, goodEks)],
    },
    "eks-secrets-encryption": {
        fail: [
            R("no secrets encryption", EKS, { roleArn: goodEks.roleArn, vpcConfig: goodEks.vpcConfig, enabledClusterLogTypes: goodEks.enabledClusterLogTypes }),
        ],
        pass: [R("secrets with CMK", EKS, goodEks)],
    },
    "eks-control-plane-logging": {
        fail: [R("no audit logs", EKS, { ...goodEks, enabledClusterLogTypes: ["api"] })],
        pass: [R("api, audit, authenticator", EKS, goodEks)],
    },
    "ecs-task-least-privilege": {
        fail: [
            R("container definitions unknown during preview", TASK, { networkMode: "awsvpc", containerDefinitions: UNKNOWN }),
            R("bridge network mode", TASK, { networkMode: "bridge", containerDefinitions: JSON.stringify([{ name: "a", readonlyRootFilesystem: true }]) }),
            R("privileged container", TASK, {
                family: "f",
                networkMode: "awsvpc",
                containerDefinitions: containers([{ name: "app", image: "i", privileged: true, readonlyRootFilesystem: true }]),
            }),
        ],
        pass: [
            R("unprivileged read-only", TASK, {
                family: "f",
                networkMode: "awsvpc",
                containerDefinitions: containers([{ name: "app", image: "i", readonlyRootFilesystem: true, user: "1000" }]),
            }),
        ],
    },
    "ecs-task-no-plaintext-secrets": {
        fail: [
            R("private key in env", TASK, {
                family: "f",
                containerDefinitions: containers([{ name: "app", image: "i", environment: [{ name: "TLS_PRIVATE_KEY", value: "-----BEGIN" }] }]),
            }),
            R("DB password in env", TASK, {
                family: "f",
                containerDefinitions: containers([{ name: "app", image: "i", environment: [{ name: "DB_PASSWORD", value: "hunter2" }] }]),
            }),
        ],
        pass: [
            R("secret from Secrets Manager", TASK, {
                family: "f",
                containerDefinitions: containers([
                    {
                        name: "app",
                        image: "i",
                        environment: [{ name: "LOG_LEVEL", value: "info" }],
                        secrets: [{ name: "DB_PASSWORD", valueFrom: "arn:aws:secretsmanager:eu-west-1:111111111111:secret:db" }],
                    },
                ]),
            }),
        ],
    },
    "ecs-service-no-public-ip": {
        fail: [
            R("public IP tasks", "aws:ecs/service:Service", {
                cluster: "c",
                taskDefinition: "t",
                networkConfiguration: { subnets: ["s"], assignPublicIp: true },
            }),
        ],
        pass: [
            R("private tasks", "aws:ecs/service:Service", {
                cluster: "c",
                taskDefinition: "t",
                networkConfiguration: { subnets: ["s"], assignPublicIp: false },
            }),
        ],
    },
    "cloudfront-https-waf": {
        fail: [
            R("allow-all, no WAF", "aws:cloudfront/distribution:Distribution", {
                enabled: true,
                defaultCacheBehavior: { viewerProtocolPolicy: "allow-all" },
                viewerCertificate: { cloudfrontDefaultCertificate: true },
            }),
        ],
        pass: [
            R("HTTPS with WAF", "aws:cloudfront/distribution:Distribution", {
                enabled: true,
                webAclId: "arn:aws:wafv2:us-east-1:111111111111:global/webacl/x",
                defaultCacheBehavior: { viewerProtocolPolicy: "redirect-to-https" },
                viewerCertificate: { acmCertificateArn: "c", minimumProtocolVersion: "TLSv1.2_2021" },
            }),
        ],
    },

    // ---------------------------------------------------------------- data
    "s3-bucket-public-access-block": {
        fail: [R("two flags off", "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", { bucket: "b", blockPublicAcls: true, ignorePublicAcls: true })],
        pass: [
            R("all four", "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", {
                bucket: "b",
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            }),
        ],
    },
    "s3-account-public-access-block": {
        fail: [
            R("restrictPublicBuckets off", "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock", {
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
            }),
        ],
        pass: [
            R("all four", "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock", {
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            }),
        ],
    },
    "s3-account-public-access-block-present": {
        fail: [S("landing zone without it", [bucket("b")], LZ)],
        pass: [S("present", [res("aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock", "bpa", { blockPublicAcls: true })], LZ)],
    },
    "s3-bucket-has-public-access-block": {
        fail: [S("bucket alone", [bucket("data")])],
        pass: [
            S("bucket with BPA by dependency", [
                bucket("data"),
                res("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "data-bpa", { bucket: UNKNOWN }, { bucket: ["data"] }),
            ]),
            S("bucket with BPA by literal name", [
                bucket("data"),
                res("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "data-bpa", { bucket: "data-111111111111" }),
            ]),
        ],
    },
    "s3-no-public-acl": {
        fail: [
            R("public-read canned ACL", "aws:s3/bucketAcl:BucketAcl", { bucket: "b", acl: "public-read" }),
            R("grant to AllUsers", "aws:s3/bucketAcl:BucketAcl", {
                bucket: "b",
                accessControlPolicy: {
                    owner: { id: "o" },
                    grants: [{ grantee: { type: "Group", uri: "http://acs.amazonaws.com/groups/global/AllUsers" }, permission: "READ" }],
                },
            }),
        ],
        pass: [R("private ACL", "aws:s3/bucketAcl:BucketAcl", { bucket: "b", acl: "private" })],
    },
    "s3-acls-disabled": {
        fail: [R("ObjectWriter", "aws:s3/bucketOwnershipControls:BucketOwnershipControls", { bucket: "b", rule: { objectOwnership: "ObjectWriter" } })],
        pass: [
            R("BucketOwnerEnforced", "aws:s3/bucketOwnershipControls:BucketOwnershipControls", {
                bucket: "b",
                rule: { objectOwnership: "BucketOwnerEnforced" },
            }),
        ],
    },
    "s3-tls-only-policy": {
        fail: [
            S("a TLS Deny on a single action leaves the others open", [
                res(BUCKET, "b", { bucket: "b" }),
                res(
                    BUCKET_POLICY,
                    "bp",
                    {
                        bucket: "b",
                        policy: doc({
                            Effect: "Deny",
                            Principal: "*",
                            Action: "s3:GetObject",
                            Resource: "arn:aws:s3:::b/*",
                            Condition: { Bool: { "aws:SecureTransport": "false" } },
                        }),
                    },
                    { bucket: ["b"] },
                ),
            ]),
            S("bucket without policy", [bucket("data")]),
            S("policy without TLS deny", [
                bucket("data"),
                res(BUCKET_POLICY, "data-policy", {
                    bucket: "data-111111111111",
                    policy: doc({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "s3:GetObject", Resource: "*" }),
                }),
            ]),
        ],
        pass: [
            S("TLS deny by dependency", [
                bucket("data"),
                res(BUCKET_POLICY, "data-policy", { bucket: UNKNOWN, policy: tlsPolicy("data-111111111111") }, { bucket: ["data"] }),
            ]),
        ],
    },
    "s3-sse-kms-cmk": {
        fail: [
            S("no encryption config", [bucket("data")]),
            S("SSE-S3", [
                bucket("data"),
                res("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "data-sse", {
                    bucket: "data-111111111111",
                    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
                }),
            ]),
            S("SSE-S3 on a bucket that only logs itself (not a log target)", [
                bucket("data"),
                res(SSE_CONFIG, "data-sse", { bucket: "data-111111111111", rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] }),
                res("aws:s3/bucketLogging:BucketLogging", "data-log", { bucket: "data-111111111111", targetBucket: "data-111111111111" }),
            ]),
            S("SSE-KMS on a server access log target (delivery fails)", [
                bucket("data"),
                bucket("access-logs"),
                res(SSE_CONFIG, "access-logs-sse", {
                    bucket: "access-logs-111111111111",
                    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: CMK } }],
                }),
                res("aws:s3/bucketLogging:BucketLogging", "data-log", { bucket: "data-111111111111", targetBucket: "access-logs-111111111111" }),
            ]),
            S("an ELB log target with no encryption config", [
                bucket("lb-logs"),
                res("aws:lb/loadBalancer:LoadBalancer", "alb", { accessLogs: { enabled: true, bucket: UNKNOWN } }, { accessLogs: ["lb-logs"] }),
            ]),
        ],
        pass: [
            S("SSE-S3 on the target of another bucket's server access logging", [
                bucket("data"),
                res(SSE_CONFIG, "data-sse", {
                    bucket: "data-111111111111",
                    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: CMK }, bucketKeyEnabled: true }],
                }),
                bucket("access-logs"),
                res(
                    SSE_CONFIG,
                    "access-logs-sse",
                    { bucket: UNKNOWN, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] },
                    { bucket: ["access-logs"] },
                ),
                res("aws:s3/bucketLogging:BucketLogging", "data-log", { bucket: "data-111111111111", targetBucket: "access-logs-111111111111" }),
            ]),
            S("SSE-S3 on the ELB access log target", [
                bucket("lb-logs"),
                res(SSE_CONFIG, "lb-logs-sse", { bucket: "lb-logs-111111111111", rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] }),
                res("aws:lb/loadBalancer:LoadBalancer", "alb", { accessLogs: { enabled: true, bucket: "lb-logs-111111111111" } }),
            ]),
            S("SSE-KMS with CMK", [
                bucket("data"),
                res(
                    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
                    "data-sse",
                    {
                        bucket: UNKNOWN,
                        rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: CMK }, bucketKeyEnabled: true }],
                    },
                    { bucket: ["data"] },
                ),
            ]),
        ],
    },
    "s3-versioning-enabled": {
        fail: [
            S("suspended", [
                bucket("data"),
                res("aws:s3/bucketVersioning:BucketVersioning", "data-v", { bucket: "data-111111111111", versioningConfiguration: { status: "Suspended" } }),
            ]),
        ],
        pass: [
            S("enabled", [
                bucket("data"),
                res("aws:s3/bucketVersioning:BucketVersioning", "data-v", { bucket: "data-111111111111", versioningConfiguration: { status: "Enabled" } }),
            ]),
        ],
    },
    "s3-access-logging": {
        fail: [S("no logging", [bucket("data")])],
        pass: [
            S("logs to the access-log bucket, which is exempt", [
                bucket("data"),
                bucket("access-logs"),
                res("aws:s3/bucketLogging:BucketLogging", "data-log", { bucket: "data-111111111111", targetBucket: "access-logs-111111111111" }),
            ]),
        ],
    },
    "s3-log-buckets-object-lock": {
        fail: [
            S("trail bucket without lock", [
                bucket("trail-store"),
                res("aws:cloudtrail/trail:Trail", "org", { s3BucketName: UNKNOWN }, { s3BucketName: ["trail-store"] }),
            ]),
            S("bucket named as a log bucket without lock", [bucket("flow-logs")]),
            S("server access log target without Object Lock", [
                bucket("data"),
                bucket("access-logs"),
                res("aws:s3/bucketLogging:BucketLogging", "data-log", { bucket: "data-111111111111", targetBucket: "access-logs-111111111111" }),
            ]),
            S("server access log target with a default retention (delivery rejected)", [
                bucket("data"),
                bucket("access-logs", { objectLockEnabled: true }),
                res("aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration", "access-logs-lock", {
                    bucket: "access-logs-111111111111",
                    rule: { defaultRetention: { mode: "COMPLIANCE", days: 365 } },
                }),
                res("aws:s3/bucketLogging:BucketLogging", "data-log", { bucket: "data-111111111111", targetBucket: "access-logs-111111111111" }),
            ]),
            S("ELB-only log target keeps the default-retention rule", [
                bucket("lb-logs", { objectLockEnabled: true }),
                res("aws:lb/loadBalancer:LoadBalancer", "alb", { accessLogs: { enabled: true, bucket: "lb-logs-111111111111" } }),
            ]),
        ],
        pass: [
            S("a CloudFront standard-log bucket (ACL delivery)", [
                res(BUCKET, "site-logs", { bucket: "site-logs" }),
                res(
                    "aws:cloudfront/distribution:Distribution",
                    "site",
                    { loggingConfig: { bucket: "site-logs.s3.amazonaws.com" } },
                    { loggingConfig: ["site-logs"] },
                ),
            ]),
            S("trail bucket with Object Lock", [
                bucket("trail-store", { objectLockEnabled: true }),
                res("aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration", "trail-lock", {
                    bucket: "trail-store-111111111111",
                    rule: { defaultRetention: { mode: "COMPLIANCE", days: 365 } },
                }),
                res("aws:cloudtrail/trail:Trail", "org", { s3BucketName: "trail-store-111111111111" }),
            ]),
            S("ordinary bucket", [bucket("reports")]),
            S("server access log target with Object Lock and no default retention", [
                bucket("data"),
                bucket("access-logs", { objectLockEnabled: true }),
                res(
                    "aws:s3/bucketLogging:BucketLogging",
                    "data-log",
                    { bucket: UNKNOWN, targetBucket: UNKNOWN },
                    { bucket: ["data"], targetBucket: ["access-logs"] },
                ),
            ]),
        ],
    },
    "kms-key-rotation": {
        fail: [R("no rotation", KEY, { description: "data" })],
        pass: [
            R("rotation", KEY, { enableKeyRotation: true }),
            R("asymmetric signing key", KEY, { customerMasterKeySpec: "RSA_2048", keyUsage: "SIGN_VERIFY" }),
        ],
    },
    "kms-deletion-window": {
        fail: [R("7 days", KEY, { deletionWindowInDays: 7, enableKeyRotation: true })],
        pass: [
            R("30 days", KEY, { deletionWindowInDays: 30 }),
            R("7 days where the stack allows it", KEY, { deletionWindowInDays: 7 }, { config: { minimumDays: 7 } }),
        ],
    },
    "rds-encrypted-cmk": {
        fail: [
            R("a cross-region replica without its own key", "aws:rds/instance:Instance", {
                instanceClass: "db.t4g.micro",
                replicateSourceDb: "arn:aws:rds:eu-central-1:111111111111:db:orders",
            }),
            R("unencrypted", "aws:rds/instance:Instance", { instanceClass: "db.t4g.micro", engine: "postgres" }),
            R("AWS-managed key", "aws:rds/instance:Instance", {
                instanceClass: "db.t4g.micro",
                storageEncrypted: true,
                kmsKeyId: "arn:aws:kms:eu-west-1:111111111111:alias/aws/rds",
            }),
        ],
        pass: [
            R("a same-region read replica inherits the source's key", "aws:rds/instance:Instance", {
                instanceClass: "db.t4g.micro",
                replicateSourceDb: "orders",
            }),
            R("CMK", "aws:rds/instance:Instance", { instanceClass: "db.t4g.micro", storageEncrypted: true, kmsKeyId: CMK }),
        ],
    },
    "aurora-encrypted-cmk": {
        fail: [R("unencrypted cluster", "aws:rds/cluster:Cluster", { engine: "aurora-postgresql" })],
        pass: [R("CMK cluster", "aws:rds/cluster:Cluster", { engine: "aurora-postgresql", storageEncrypted: true, kmsKeyId: CMK })],
    },
    "rds-multi-az": {
        fail: [
            R("single-AZ (the default)", "aws:rds/instance:Instance", { engine: "postgres", instanceClass: "db.t4g.micro" }),
            R("multiAz false", "aws:rds/instance:Instance", { engine: "postgres", multiAz: false }),
        ],
        pass: [R("Multi-AZ", "aws:rds/instance:Instance", { engine: "postgres", multiAz: true })],
    },
    "rds-auto-minor-version-upgrade": {
        fail: [R("minor upgrades switched off", "aws:rds/instance:Instance", { engine: "postgres", autoMinorVersionUpgrade: false })],
        pass: [
            R("AWS default (true)", "aws:rds/instance:Instance", { engine: "postgres" }),
            R("explicitly on", "aws:rds/instance:Instance", { engine: "postgres", autoMinorVersionUpgrade: true }),
        ],
    },
    "rds-not-public": {
        fail: [
            R("public instance", "aws:rds/instance:Instance", { instanceClass: "db.t4g.micro", publiclyAccessible: true }),
            R("public flag as a secret", "aws:rds/clusterInstance:ClusterInstance", {
                clusterIdentifier: "c",
                instanceClass: "db.r6g.large",
                publiclyAccessible: secret(true),
            }),
        ],
        pass: [R("private instance", "aws:rds/instance:Instance", { instanceClass: "db.t4g.micro", publiclyAccessible: false })],
    },
    "dynamodb-encrypted-cmk": {
        fail: [R("AWS-owned key", "aws:dynamodb/table:Table", { hashKey: "id", attributes: [{ name: "id", type: "S" }] })],
        pass: [R("CMK", "aws:dynamodb/table:Table", { hashKey: "id", serverSideEncryption: { enabled: true, kmsKeyArn: CMK } })],
    },
    "efs-encrypted-cmk": {
        fail: [R("unencrypted", "aws:efs/fileSystem:FileSystem", {})],
        pass: [R("CMK", "aws:efs/fileSystem:FileSystem", { encrypted: true, kmsKeyId: CMK })],
    },
    "sqs-encrypted-cmk": {
        fail: [
            R("SQS-managed SSE", "aws:sqs/queue:Queue", { sqsManagedSseEnabled: true }),
            R("aws/sqs alias", "aws:sqs/queue:Queue", { kmsMasterKeyId: "alias/aws/sqs" }),
        ],
        pass: [R("CMK", "aws:sqs/queue:Queue", { kmsMasterKeyId: CMK })],
    },
    "sns-encrypted-cmk": {
        fail: [R("unencrypted topic", "aws:sns/topic:Topic", {})],
        pass: [R("CMK topic", "aws:sns/topic:Topic", { kmsMasterKeyId: "alias/landing-zone/alerts" })],
    },
    "secretsmanager-encrypted-cmk": {
        fail: [R("default key", "aws:secretsmanager/secret:Secret", { name: "db" })],
        pass: [R("CMK", "aws:secretsmanager/secret:Secret", { name: "db", kmsKeyId: CMK })],
    },
    "ecr-encrypted-cmk": {
        fail: [
            R("AES256", "aws:ecr/repository:Repository", { encryptionConfigurations: [{ encryptionType: "AES256" }] }),
            R("KMS with the AWS-managed key", "aws:ecr/repository:Repository", { encryptionConfigurations: [{ encryptionType: "KMS" }] }),
        ],
        pass: [R("KMS with CMK", "aws:ecr/repository:Repository", { encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: CMK }] })],
    },
    "opensearch-encrypted-cmk": {
        fail: [R("no encryption at rest", "aws:opensearch/domain:Domain", { domainName: "d" })],
        pass: [R("CMK", "aws:opensearch/domain:Domain", { domainName: "d", encryptAtRest: { enabled: true, kmsKeyId: CMK } })],
    },
    "opensearch-private-tls": {
        fail: [
            R("a legacy Elasticsearch domain with a public endpoint", "aws:elasticsearch/domain:Domain", { domainName: "logs" }),
            R("public domain without TLS enforcement", "aws:opensearch/domain:Domain", { domainName: "d" }),
        ],
        pass: [
            R("VPC domain with TLS 1.2", "aws:opensearch/domain:Domain", {
                domainName: "d",
                vpcOptions: { subnetIds: ["s"] },
                nodeToNodeEncryption: { enabled: true },
                domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: "Policy-Min-TLS-1-2-PFS-2023-10" },
            }),
        ],
    },
    "redshift-encrypted-cmk": {
        fail: [
            R("encrypted off", "aws:redshift/cluster:Cluster", { clusterIdentifier: "c", nodeType: "ra3.xlplus", encrypted: "false" }),
            R("default key", "aws:redshift/cluster:Cluster", { clusterIdentifier: "c", nodeType: "ra3.xlplus" }),
        ],
        pass: [R("CMK", "aws:redshift/cluster:Cluster", { clusterIdentifier: "c", nodeType: "ra3.xlplus", encrypted: "true", kmsKeyId: CMK })],
    },
    "redshift-not-public": {
        fail: [R("public", "aws:redshift/cluster:Cluster", { clusterIdentifier: "c", nodeType: "ra3.xlplus", publiclyAccessible: true })],
        pass: [R("private", "aws:redshift/cluster:Cluster", { clusterIdentifier: "c", nodeType: "ra3.xlplus", publiclyAccessible: false })],
    },
    "elasticache-encrypted-cmk": {
        fail: [R("no transit encryption, default key", "aws:elasticache/replicationGroup:ReplicationGroup", { description: "cache" })],
        pass: [
            R("CMK and TLS", "aws:elasticache/replicationGroup:ReplicationGroup", {
                description: "cache",
                atRestEncryptionEnabled: true,
                transitEncryptionEnabled: true,
                kmsKeyId: CMK,
            }),
            R("serverless with CMK", "aws:elasticache/serverlessCache:ServerlessCache", { engine: "valkey", name: "c", kmsKeyId: CMK }),
        ],
    },
    "ssm-parameter-secure-string": {
        fail: [R("password as String", "aws:ssm/parameter:Parameter", { name: "/app/db-password", type: "String", value: secret("hunter2") })],
        pass: [
            R("SecureString with CMK", "aws:ssm/parameter:Parameter", { name: "/app/db-password", type: "SecureString", keyId: CMK, value: secret("hunter2") }),
            R("non-secret name", "aws:ssm/parameter:Parameter", { name: "/app/log-level", type: "String", value: "info" }),
            R("a word that contains 'pass'", "aws:ssm/parameter:Parameter", { name: "/app/compass/bypass-cache", type: "String", value: "true" }),
        ],
    },
    "macie-enabled": {
        fail: [S("landing zone without Macie", [bucket("b")], LZ)],
        pass: [S("Macie enabled", [res("aws:macie2/account:Account", "macie", { status: "ENABLED" })], LZ)],
    },

    // ---------------------------------------------------------------- monitoring
    "cloudtrail-org-trail-present": {
        fail: [S("single-account trail only", [res("aws:cloudtrail/trail:Trail", "t", { s3BucketName: "b", isMultiRegionTrail: true })], LZ)],
        pass: [
            S("organization trail", [res("aws:cloudtrail/trail:Trail", "org", { s3BucketName: "b", isMultiRegionTrail: true, isOrganizationTrail: true })], LZ),
        ],
    },
    "cloudtrail-trail-hardened": {
        fail: [
            R("logging turned off", "aws:cloudtrail/trail:Trail", {
                s3BucketName: "t",
                enableLogging: false,
                isMultiRegionTrail: true,
                enableLogFileValidation: true,
                kmsKeyId: CMK,
                cloudWatchLogsGroupArn: "arn:aws:logs:eu-west-1:111111111111:log-group:t:*",
            }),
            R("bare trail", "aws:cloudtrail/trail:Trail", { s3BucketName: "b" }),
        ],
        pass: [
            R("hardened trail", "aws:cloudtrail/trail:Trail", {
                s3BucketName: "b",
                isMultiRegionTrail: true,
                enableLogFileValidation: true,
                kmsKeyId: CMK,
                cloudWatchLogsGroupArn: "arn:aws:logs:eu-west-1:111111111111:log-group:org-trail:*",
            }),
        ],
    },
    "config-recorder-present": {
        fail: [
            S(
                "recorder but never enabled",
                [res("aws:cfg/recorder:Recorder", "rec", { roleArn: "r" }), res("aws:cfg/deliveryChannel:DeliveryChannel", "dc", { s3BucketName: "b" })],
                LZ,
            ),
        ],
        pass: [
            S(
                "recorder, channel and status",
                [
                    res("aws:cfg/recorder:Recorder", "rec", { roleArn: "r", recordingGroup: { allSupported: true, includeGlobalResourceTypes: true } }),
                    res("aws:cfg/deliveryChannel:DeliveryChannel", "dc", { s3BucketName: "b" }),
                    res("aws:cfg/recorderStatus:RecorderStatus", "st", { name: "rec", isEnabled: true }),
                ],
                LZ,
            ),
        ],
    },
    "config-recorder-all-resources": {
        fail: [
            R("selected types only", "aws:cfg/recorder:Recorder", {
                roleArn: "r",
                recordingGroup: { allSupported: false, resourceTypes: ["AWS::S3::Bucket"] },
            }),
        ],
        pass: [R("all supported", "aws:cfg/recorder:Recorder", { roleArn: "r", recordingGroup: { allSupported: true, includeGlobalResourceTypes: true } })],
    },
    "guardduty-enabled": {
        fail: [S("detector disabled", [res("aws:guardduty/detector:Detector", "gd", { enable: false })], LZ)],
        pass: [S("detector enabled", [res("aws:guardduty/detector:Detector", "gd", { enable: true })], LZ)],
    },
    "securityhub-enabled": {
        fail: [
            S(
                "hub without CIS",
                [
                    res("aws:securityhub/account:Account", "hub", {}),
                    res("aws:securityhub/standardsSubscription:StandardsSubscription", "fsbp", {
                        standardsArn: "arn:aws:securityhub:eu-west-1::standards/aws-foundational-security-best-practices/v/1.0.0",
                    }),
                ],
                LZ,
            ),
            S(
                "central policy with both standards that nothing associates",
                [res("aws:securityhub/account:Account", "hub", {}), hubPolicy(true, [FSBP_ARN, CIS_ARN])],
                LZ,
            ),
            S(
                "associated central policy that disables the service",
                [res("aws:securityhub/account:Account", "hub", {}), hubPolicy(false, [FSBP_ARN, CIS_ARN]), hubAssociation],
                LZ,
            ),
        ],
        pass: [
            S(
                "central configuration policy associated with the root",
                [res("aws:securityhub/account:Account", "hub", {}), hubPolicy(true, [FSBP_ARN, CIS_ARN]), hubAssociation],
                LZ,
            ),
            S(
                "hub with both standards",
                [
                    res("aws:securityhub/account:Account", "hub", {}),
                    res("aws:securityhub/standardsSubscription:StandardsSubscription", "fsbp", {
                        standardsArn: "arn:aws:securityhub:eu-west-1::standards/aws-foundational-security-best-practices/v/1.0.0",
                    }),
                    res("aws:securityhub/standardsSubscription:StandardsSubscription", "cis", {
                        standardsArn: "arn:aws:securityhub:eu-west-1::standards/cis-aws-foundations-benchmark/v/5.0.0",
                    }),
                ],
                LZ,
            ),
        ],
    },
    "cis-metric-filters-and-alarms": {
        fail: [S("only the root filter, without alarm", [metricFilter("root", CIS_PATTERNS[2][1])], LZ)],
        pass: [
            S(
                "every CIS filter with an alarm",
                CIS_PATTERNS.flatMap(([name, pattern]) => [metricFilter(name, pattern), alarm(name)]),
                LZ,
            ),
        ],
    },
    "log-group-encrypted-retained": {
        fail: [R("unencrypted, 30 days", "aws:cloudwatch/logGroup:LogGroup", { retentionInDays: 30 })],
        pass: [R("CMK, one year", "aws:cloudwatch/logGroup:LogGroup", { retentionInDays: 365, kmsKeyId: CMK })],
    },

    // ---------------------------------------------------------------- governance
    "explicit-provider-required": {
        fail: [
            S("default provider", [{ type: "aws:sqs/queue:Queue", name: "q", props: {}, provider: null }]),
            S("provider without allowedAccountIds", [
                { type: "aws:sqs/queue:Queue", name: "q", props: {}, provider: { name: "loose", props: { region: "eu-west-1" } } },
            ]),
            S("account pin unknown, from something other than an account of this stack", [
                res("random:index/randomString:RandomString", "pick", { result: UNKNOWN }),
                { ...res("pulumi:providers:aws", "new-account", NEW_ACCOUNT_PROVIDER.props, { allowedAccountIds: ["pick"] }), provider: null },
                { type: "aws:sqs/queue:Queue", name: "q", props: {}, provider: NEW_ACCOUNT_PROVIDER },
            ]),
            S("account pin unknown, with no property dependency to prove where it comes from", [
                { ...res("pulumi:providers:aws", "new-account", NEW_ACCOUNT_PROVIDER.props), provider: null },
                { type: "aws:sqs/queue:Queue", name: "q", props: {}, provider: NEW_ACCOUNT_PROVIDER },
            ]),
        ],
        pass: [
            S("pinned provider (allowedAccountIds as the bridge sends it: JSON text)", [{ type: "aws:sqs/queue:Queue", name: "q", props: {} }]),
            S("account pin unknown in preview, and only the id of an account this stack creates", [
                res("aws:organizations/account:Account", "payments-staging", { name: "payments-staging", email: "aws+payments-staging@example.com" }),
                { ...res("pulumi:providers:aws", "new-account", NEW_ACCOUNT_PROVIDER.props, { allowedAccountIds: ["payments-staging"] }), provider: null },
                { type: "aws:sqs/queue:Queue", name: "q", props: {}, provider: NEW_ACCOUNT_PROVIDER },
            ]),
        ],
    },
    "provider-region-allowed": {
        fail: [R("provider in us-east-2", "pulumi:providers:aws", { region: "us-east-2" }, { config: { allowedRegions: ["eu-west-1"] } })],
        pass: [R("provider in eu-west-1", "pulumi:providers:aws", { region: "eu-west-1" }, { config: { allowedRegions: ["eu-west-1"] } })],
    },
    "required-tags": {
        fail: [
            R(
                "no tags anywhere",
                "aws:sqs/queue:Queue",
                {},
                { provider: { name: "bare", props: { region: "eu-west-1", allowedAccountIds: '["111111111111"]' } } },
            ),
            R(
                "Environment value not allowed",
                "aws:sqs/queue:Queue",
                { tags: { Environment: "qa" } },
                { config: { requiredTags: { Environment: ["prod", "nonprod"], Owner: [] } } },
            ),
        ],
        pass: [
            R("tags from the provider's defaultTags", "aws:sqs/queue:Queue", {}),
            R(
                "tags on the resource",
                "aws:sqs/queue:Queue",
                { tags: { Environment: "prod", Owner: "team", CostCenter: "CC-1" } },
                { provider: { name: "bare", props: { region: "eu-west-1", allowedAccountIds: '["111111111111"]' } } },
            ),
        ],
    },
    "org-policy-size-limit": {
        fail: [
            R("oversized SCP", "aws:organizations/policy:Policy", {
                type: "SERVICE_CONTROL_POLICY",
                content: doc(
                    ...Array.from({ length: 60 }, (_, i) => ({
                        Sid: `Deny${i}`,
                        Effect: "Deny",
                        Action: ["ec2:RunInstances", "ec2:CreateVolume"],
                        Resource: "*",
                        Condition: { StringNotEquals: { "aws:RequestedRegion": ["eu-west-1"] } },
                    })),
                ),
            }),
        ],
        pass: [
            R("small SCP", "aws:organizations/policy:Policy", {
                type: "SERVICE_CONTROL_POLICY",
                content: doc({ Effect: "Deny", Action: "organizations:LeaveOrganization", Resource: "*" }),
            }),
        ],
    },
    "stateful-resources-protected": {
        fail: [R("unprotected KMS key", KEY, { enableKeyRotation: true })],
        pass: [R("protected KMS key", KEY, { enableKeyRotation: true }, { protect: true })],
    },
    "sg-no-world-ingress": {
        fail: [
            S("port 80 open to the world on an instance's group (no load balancer)", [
                res(SG, "web", { ingress: [{ protocol: "tcp", fromPort: 80, toPort: 80, cidrBlocks: ["0.0.0.0/0"] }] }),
            ]),
            S("a standalone ::/0 rule on 5432", [
                res(SG, "db", {}),
                res(
                    SG_INGRESS,
                    "db-v6",
                    { securityGroupId: "sg-1", ipProtocol: "tcp", fromPort: 5432, toPort: 5432, cidrIpv6: "::/0" },
                    { securityGroupId: ["db"] },
                ),
            ]),
            S("an aws.ec2.SecurityGroupRule on the load balancer's group, but not on a listener port", [
                res(SG, "alb", {}),
                res(LB, "alb-lb", { securityGroups: ["sg-1"] }, { securityGroups: ["alb"] }),
                res(LISTENER, "https", { loadBalancerArn: "arn:lb", port: 443, protocol: "HTTPS" }, { loadBalancerArn: ["alb-lb"] }),
                res(
                    "aws:ec2/securityGroupRule:SecurityGroupRule",
                    "admin",
                    { type: "ingress", securityGroupId: "sg-1", protocol: "tcp", fromPort: 8443, toPort: 8443, cidrBlocks: ["0.0.0.0/0"] },
                    { securityGroupId: ["alb"] },
                ),
            ]),
        ],
        pass: [
            S("443 on the group of a load balancer with a 443 listener", [
                res(SG, "alb", { ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] }] }),
                res(LB, "alb-lb", { securityGroups: ["sg-1"] }, { securityGroups: ["alb"] }),
                res(LISTENER, "https", { loadBalancerArn: "arn:lb", port: 443, protocol: "HTTPS" }, { loadBalancerArn: ["alb-lb"] }),
            ]),
            S("ingress from a VPC CIDR", [res(SG, "db", { ingress: [{ protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["10.0.0.0/16"] }] })]),
        ],
    },
    "db-final-snapshot": {
        fail: [R("skipFinalSnapshot on an RDS instance", "aws:rds/instance:Instance", { engine: "mysql", skipFinalSnapshot: true })],
        pass: [
            R("final snapshot kept", "aws:rds/cluster:Cluster", { engine: "aurora-postgresql", skipFinalSnapshot: false, finalSnapshotIdentifier: "final" }),
            R("a read replica (no final snapshot of its own)", "aws:rds/instance:Instance", { replicateSourceDb: "orders", skipFinalSnapshot: true }),
        ],
    },
    "db-deletion-protection": {
        fail: [
            R(
                "a prod cluster (provider defaultTags) without protection",
                "aws:docdb/cluster:Cluster",
                { engine: "docdb" },
                {
                    provider: { name: "workload", props: { region: "eu-west-1", defaultTags: JSON.stringify({ tags: { Environment: "prod" } }) } },
                },
            ),
            R("Environment=production tag", "aws:rds/instance:Instance", { engine: "postgres", tags: { Environment: "production" } }),
        ],
        pass: [
            R("protected in prod", "aws:neptune/cluster:Cluster", { deletionProtection: true, tags: { Environment: "prod" } }),
            R("a dev database", "aws:rds/cluster:Cluster", { engine: "aurora-postgresql", tags: { Environment: "dev" } }),
        ],
    },
    "db-backup-retention": {
        fail: [
            R("RDS backups off", "aws:rds/instance:Instance", { engine: "mysql", backupRetentionPeriod: 0 }),
            R("Redshift automated snapshots off", "aws:redshift/cluster:Cluster", { automatedSnapshotRetentionPeriod: 0 }),
        ],
        pass: [
            R("seven days", "aws:rds/instance:Instance", { engine: "mysql", backupRetentionPeriod: 7 }),
            R("a replica", "aws:rds/instance:Instance", { replicateSourceDb: "orders", backupRetentionPeriod: 0 }),
        ],
    },
    "docdb-encrypted-cmk": {
        fail: [R("storage not encrypted (DocumentDB's default)", "aws:docdb/cluster:Cluster", { engine: "docdb" })],
        pass: [R("CMK", "aws:docdb/cluster:Cluster", { storageEncrypted: true, kmsKeyId: CMK })],
    },
    "neptune-encrypted-cmk": {
        fail: [R("storage not encrypted", "aws:neptune/cluster:Cluster", { engine: "neptune" })],
        pass: [R("CMK", "aws:neptune/cluster:Cluster", { storageEncrypted: true, kmsKeyArn: CMK })],
    },
    "redshift-audit-logging": {
        fail: [S("no aws.redshift.Logging", [res("aws:redshift/cluster:Cluster", "dw", { clusterIdentifier: "dw" })])],
        pass: [
            S("logging to CloudWatch", [
                res("aws:redshift/cluster:Cluster", "dw", { clusterIdentifier: "dw" }),
                res("aws:redshift/logging:Logging", "dw-logging", { clusterIdentifier: "dw", logDestinationType: "cloudwatch" }, { clusterIdentifier: ["dw"] }),
            ]),
        ],
    },
    "secretsmanager-rotation": {
        fail: [S("no rotation", [res("aws:secretsmanager/secret:Secret", "db", { kmsKeyId: CMK })])],
        pass: [
            S("rotated every 30 days", [
                res("aws:secretsmanager/secret:Secret", "db", { kmsKeyId: CMK }),
                res(
                    "aws:secretsmanager/secretRotation:SecretRotation",
                    "db-rotation",
                    { secretId: "arn:secret", rotationRules: { automaticallyAfterDays: 30 } },
                    { secretId: ["db"] },
                ),
            ]),
        ],
    },
    "config-recorder-enabled": {
        fail: [R("status disabled", "aws:cfg/recorderStatus:RecorderStatus", { name: "default", isEnabled: false })],
        pass: [R("status enabled", "aws:cfg/recorderStatus:RecorderStatus", { name: "default", isEnabled: true })],
    },
    "ecs-cluster-container-insights": {
        fail: [R("no settings", "aws:ecs/cluster:Cluster", {})],
        pass: [R("enhanced", "aws:ecs/cluster:Cluster", { settings: [{ name: "containerInsights", value: "enhanced" }] })],
    },
    "ecr-scan-on-push": {
        fail: [R("no scanning configuration", "aws:ecr/repository:Repository", {})],
        pass: [R("scan on push", "aws:ecr/repository:Repository", { imageScanningConfiguration: { scanOnPush: true } })],
    },
    "ecr-immutable-tags": {
        fail: [R("mutable by default", "aws:ecr/repository:Repository", {})],
        pass: [R("immutable", "aws:ecr/repository:Repository", { imageTagMutability: "IMMUTABLE" })],
    },
    "apigw-stage-throttling": {
        fail: [
            S("REST stage without method settings", [res("aws:apigateway/stage:Stage", "v1", { stageName: "v1" })]),
            S("HTTP API stage without default route settings", [res("aws:apigatewayv2/stage:Stage", "default", { name: "$default" })]),
        ],
        pass: [
            S("REST stage throttled on */*", [
                res("aws:apigateway/stage:Stage", "v1", { stageName: "v1" }),
                res(
                    "aws:apigateway/methodSettings:MethodSettings",
                    "v1-settings",
                    { stageName: "v1", methodPath: "*/*", settings: { throttlingRateLimit: 100, throttlingBurstLimit: 50 } },
                    { stageName: ["v1"] },
                ),
            ]),
            S("HTTP API stage throttled", [
                res("aws:apigatewayv2/stage:Stage", "default", {
                    name: "$default",
                    defaultRouteSettings: { throttlingRateLimit: 100, throttlingBurstLimit: 50 },
                }),
            ]),
        ],
    },
    "apigw-request-validation": {
        fail: [R("no validator", "aws:apigateway/method:Method", { httpMethod: "POST", authorization: "AWS_IAM" })],
        pass: [
            R("validated", "aws:apigateway/method:Method", { httpMethod: "POST", authorization: "AWS_IAM", requestValidatorId: "rv-1" }),
            R("CORS preflight", "aws:apigateway/method:Method", { httpMethod: "OPTIONS", authorization: "NONE" }),
        ],
    },
    // Multi-language components: the inputs the program passes (offline), silent on the plugin's own { name, args, opts } registration (engine).
    "eks-component-private-endpoint": {
        fail: [
            R("pulumi-eks defaults: public endpoint, no private one", EKS_COMPONENT, { vpcId: "vpc-1", privateSubnetIds: ["subnet-1"] }),
            R("private endpoint on, public left on", EKS_COMPONENT, { endpointPrivateAccess: true }),
        ],
        pass: [
            R("private only", EKS_COMPONENT, { endpointPublicAccess: false, endpointPrivateAccess: true }),
            R("the plugin's registration under the engine (children analyzed instead)", EKS_COMPONENT, { name: "c", args: {}, opts: {} }),
        ],
    },
    "eks-component-private-nodes": {
        fail: [
            R("default node group with pulumi-eks's default public IPs", EKS_COMPONENT, { privateSubnetIds: ["subnet-1"] }),
            R("nodes in public subnets", EKS_COMPONENT, { publicSubnetIds: ["subnet-p"], nodeAssociatePublicIpAddress: false }),
            R("public IPs through nodeGroupOptions", EKS_COMPONENT, {
                privateSubnetIds: ["subnet-1"],
                nodeGroupOptions: { nodeAssociatePublicIpAddress: true },
            }),
        ],
        pass: [
            R("private nodes", EKS_COMPONENT, { publicSubnetIds: ["subnet-p"], privateSubnetIds: ["subnet-1"], nodeAssociatePublicIpAddress: false }),
            R("no default node group", EKS_COMPONENT, { skipDefaultNodeGroup: true }),
        ],
    },
    "awsx-fargate-service-private": {
        fail: [
            R("no networkConfiguration: default VPC, public IPs, open security group", AWSX_FARGATE, { cluster: "c", taskDefinition: "t" }),
            R("public IPs", AWSX_FARGATE, { cluster: "c", networkConfiguration: { subnets: ["subnet-1"], assignPublicIp: true } }),
            R("public IPs at the top level", AWSX_FARGATE, { cluster: "c", assignPublicIp: true, networkConfiguration: { subnets: ["subnet-1"] } }),
        ],
        pass: [
            R("private subnets, no public IP", AWSX_FARGATE, { cluster: "c", networkConfiguration: { subnets: ["subnet-1"], assignPublicIp: false } }),
            R("the plugin's registration under the engine", AWSX_FARGATE, { name: "svc", args: {}, opts: {} }),
        ],
    },
    "awsx-alb-https-only": {
        fail: [
            R("no listener: awsx's default HTTP :80 forward", AWSX_ALB, { subnetIds: ["subnet-1"] }),
            R("HTTP listener by port", AWSX_ALB, { subnetIds: ["subnet-1"], listener: { port: 8080 } }),
            R("HTTP listener that forwards", AWSX_ALB, {
                subnetIds: ["subnet-1"],
                listeners: [
                    { port: 443, protocol: "HTTPS", certificateArn: "arn:aws:acm:eu-west-1:111111111111:certificate/x" },
                    { port: 80, protocol: "HTTP" },
                ],
            }),
        ],
        pass: [
            R("HTTPS plus an HTTP redirect", AWSX_ALB, {
                subnetIds: ["subnet-1"],
                listeners: [
                    { port: 443, protocol: "HTTPS", certificateArn: "arn:aws:acm:eu-west-1:111111111111:certificate/x" },
                    {
                        port: 80,
                        protocol: "HTTP",
                        defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
                    },
                ],
            }),
            R("HTTPS by port", AWSX_ALB, {
                subnetIds: ["subnet-1"],
                listener: { port: 443, certificateArn: "arn:aws:acm:eu-west-1:111111111111:certificate/x" },
            }),
            R("the plugin's registration under the engine", AWSX_ALB, { name: "lb", args: {}, opts: {} }),
        ],
    },
    "awsx-vpc-private-only": {
        fail: [
            R("awsx's default layout: public subnets and a NAT per AZ", AWSX_VPC, { numberOfAvailabilityZones: 2 }),
            R("a Public subnet spec with a single NAT", AWSX_VPC, {
                subnetSpecs: [{ type: "Public" }, { type: "Private" }],
                natGateways: { strategy: "Single" },
            }),
        ],
        pass: [
            R("private and isolated subnets only", AWSX_VPC, { subnetSpecs: [{ type: "Private" }, { type: "Isolated" }], natGateways: { strategy: "None" } }),
            R("the plugin's registration under the engine", AWSX_VPC, { name: "vpc", args: { numberOfAvailabilityZones: 2 }, opts: {} }),
        ],
    },
};
