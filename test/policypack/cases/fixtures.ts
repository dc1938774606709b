import { ResourceInput, UNKNOWN } from "../harness";

/** Builders and sample values the cases of every area share. */
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

export const R = (
    why: string,
    type: string,
    props: Record<string, unknown>,
    extra: Partial<ResourceInput> & { config?: Record<string, unknown> } = {},
): Case => {
    const { config, ...rest } = extra;
    return { why, resource: { type, props, ...rest }, config };
};
export const S = (why: string, stack: ResourceInput[], config?: Record<string, unknown>): Case => ({ why, stack, config });
export const res = (type: string, name: string, props: Record<string, unknown>, propertyDependencies?: Record<string, string[]>): ResourceInput => ({
    type,
    name,
    props,
    propertyDependencies,
});

/** An EC2 declarative policy setting VPC Block Public Access to `mode`, exclusions allowed. */
export const ec2Declarative = (mode: string) =>
    JSON.stringify({
        ec2_attributes: { vpc_block_public_access: { internet_gateway_block: { mode: { "@@assign": mode }, exclusions_allowed: { "@@assign": "enabled" } } } },
    });
/** A provider into an account created in the same run: its pin is unknown during preview. */
export const NEW_ACCOUNT_PROVIDER = { name: "new-account", props: { region: "eu-west-1", allowedAccountIds: UNKNOWN } };
export const doc = (...Statement: Record<string, unknown>[]) => JSON.stringify({ Version: "2012-10-17", Statement });
export const LZ = { landingZone: true };
/** A permission set holding AWSSupportAccess (CIS 1.16), as Identity Center wires it. */
export const SUPPORT_SET = [
    res("aws:ssoadmin/permissionSet:PermissionSet", "support", { name: "support", instanceArn: "arn:aws:sso:::instance/ssoins-1" }),
    res(
        "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment",
        "support-managed",
        { managedPolicyArn: "arn:aws:iam::aws:policy/AWSSupportAccess", permissionSetArn: UNKNOWN },
        { permissionSetArn: ["support"] },
    ),
];
/** The support permission set assigned to a group in an account the stack creates. */
export const supportAssignment = (account: string) =>
    res(
        "aws:ssoadmin/accountAssignment:AccountAssignment",
        `support-${account}`,
        { permissionSetArn: UNKNOWN, targetId: UNKNOWN, targetType: "AWS_ACCOUNT", principalType: "GROUP", principalId: "g-1" },
        { permissionSetArn: ["support"], targetId: [account] },
    );
export const CMK = "arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";
export const ORG = { StringEquals: { "aws:PrincipalOrgID": "o-abc123def4" } };

// Types
export const POLICY = "aws:iam/policy:Policy";
export const VPC = "aws:ec2/vpc:Vpc";
export const IGW = "aws:ec2/internetGateway:InternetGateway";
export const IGW_ATTACHMENT = "aws:ec2/internetGatewayAttachment:InternetGatewayAttachment";
export const ROLE = "aws:iam/role:Role";
export const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
export const BUCKET = "aws:s3/bucket:Bucket";
export const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";
export const SSE_CONFIG = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";
export const SG = "aws:ec2/securityGroup:SecurityGroup";
export const SG_INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
export const SG_EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
export const INSTANCE = "aws:ec2/instance:Instance";
export const LT = "aws:ec2/launchTemplate:LaunchTemplate";
export const LB = "aws:lb/loadBalancer:LoadBalancer";
export const LISTENER = "aws:lb/listener:Listener";
export const EKS = "aws:eks/cluster:Cluster";
export const EKS_COMPONENT = "eks:index:Cluster";
export const AWSX_VPC = "awsx:ec2:Vpc";
export const AWSX_FARGATE = "awsx:ecs:FargateService";
export const AWSX_ALB = "awsx:lb:ApplicationLoadBalancer";
export const TASK = "aws:ecs/taskDefinition:TaskDefinition";
export const KEY = "aws:kms/key:Key";

export const FSBP_ARN = "arn:aws:securityhub:eu-west-1::standards/aws-foundational-security-best-practices/v/1.0.0";
export const CIS_ARN = "arn:aws:securityhub:eu-west-1::standards/cis-aws-foundations-benchmark/v/5.0.0";
export const hubPolicy = (serviceEnabled: boolean, arns: string[]) =>
    res("aws:securityhub/configurationPolicy:ConfigurationPolicy", "baseline", {
        name: "baseline",
        configurationPolicy: { serviceEnabled, enabledStandardArns: arns },
    });
export const hubAssociation = res(
    "aws:securityhub/configurationPolicyAssociation:ConfigurationPolicyAssociation",
    "baseline-root",
    { policyId: UNKNOWN, targetId: "r-abcd" },
    { policyId: ["baseline"] },
);
export const boundaryPolicy = res(POLICY, "dev-boundary", {
    name: "dev-boundary",
    path: "/landing-zone/",
    policy: doc({ Effect: "Allow", NotAction: ["iam:*", "organizations:*"], Resource: "*" }),
});
export const boundaryAttachment = res("aws:ssoadmin/permissionsBoundaryAttachment:PermissionsBoundaryAttachment", "developer-boundary", {
    instanceArn: "arn:aws:sso:::instance/ssoins-1",
    permissionSetArn: "arn:aws:sso:::permissionSet/ssoins-1/ps-1",
    permissionsBoundary: { customerManagedPolicyReference: { name: "dev-boundary", path: "/landing-zone/" } },
});
export const permissionSet = (name: string) =>
    res("aws:ssoadmin/permissionSet:PermissionSet", name, { instanceArn: "arn:aws:sso:::instance/ssoins-1", name, sessionDuration: "PT1H" });
export const setAttachment = (set: string, policy: string) =>
    res(
        "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment",
        `${set}-${policy}`,
        { instanceArn: "arn:aws:sso:::instance/ssoins-1", permissionSetArn: UNKNOWN, managedPolicyArn: `arn:aws:iam::aws:policy/${policy}` },
        { permissionSetArn: [set] },
    );
export const githubTrust = {
    Effect: "Allow",
    Principal: { Federated: "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com" },
    Action: "sts:AssumeRoleWithWebIdentity",
};
export const trustService = doc({ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" });
export const bucket = (name: string, extra: Record<string, unknown> = {}) => res(BUCKET, name, { bucket: `${name}-111111111111`, ...extra });
export const tlsPolicy = (b: string) =>
    doc({
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [`arn:aws:s3:::${b}`, `arn:aws:s3:::${b}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
export const goodEks = {
    roleArn: "arn:aws:iam::111111111111:role/eks",
    vpcConfig: { subnetIds: ["subnet-1"], endpointPublicAccess: false, endpointPrivateAccess: true },
    encryptionConfig: { resources: ["secrets"], provider: { keyArn: CMK } },
    enabledClusterLogTypes: ["api", "audit", "authenticator"],
};
export const containers = (defs: Record<string, unknown>[]) => JSON.stringify(defs);
export const metricFilter = (name: string, pattern: string) =>
    res("aws:cloudwatch/logMetricFilter:LogMetricFilter", name, {
        logGroupName: "org-trail",
        pattern,
        metricTransformation: { name, namespace: "CISBenchmark", value: "1" },
    });
export const alarm = (name: string) =>
    res("aws:cloudwatch/metricAlarm:MetricAlarm", `${name}-alarm`, {
        metricName: name,
        namespace: "CISBenchmark",
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        evaluationPeriods: 1,
        threshold: 1,
    });
export const CIS_PATTERNS: [string, string][] = [
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
