/**
 * What AWS needs to exist before it accepts a create: one table, read by the graph test (every
 * dependent resource must reach each matching prerequisite through dependencies, parents and providers)
 * and by the stand-in AWS provider (its Create fails while a prerequisite in scope is not created yet).
 * The engine creates independent resources in parallel, so each row must be an explicit edge.
 */

/** Which resources a row speaks of: a resource type, optionally narrowed by plain input values. */
export interface Selector {
    readonly type: string;
    /** Input key -> accepted values (any of), compared as plain JSON values. */
    readonly where?: Readonly<Record<string, readonly unknown[]>>;
}

/**
 * Where the prerequisite must be, relative to the dependent: in the same account and region, in the
 * same account (global services such as IAM), in any account of the organization but the same region
 * (regional organization features: a delegated administrator registered per region, a conformance
 * pack deployed per region), or anywhere in the organization.
 */
export type Scope = "region" | "account" | "organization-region" | "organization";

/**
 * When AWS needs the prerequisite: to accept the dependent's create call (the stand-in provider
 * refuses the create), or only once the dependent starts delivering (the create succeeds, but what
 * is sent before the prerequisite exists is refused and, for permission errors, not retried: lost).
 * The graph check requires an edge for both.
 */
export type Needed = "create" | "delivery";

export interface CreationOrderRule {
    readonly dependent: Selector;
    readonly prerequisite: Selector;
    readonly scope: Scope;
    readonly needed: Needed;
    /**
     * Only prerequisites the dependent refers to: a string under one of the dependent's `inputs` keys
     * names the prerequisite's `key` value (an input, or its `id`). Without it, every prerequisite in
     * scope counts and at least one must exist.
     */
    readonly through?: { readonly inputs: readonly string[]; readonly key: string };
    /** AWS's error when the prerequisite is missing, as the stand-in provider reports it. */
    readonly error: string;
    /** Why AWS needs it, from AWS's documentation. */
    readonly why: string;
}

const ORGANIZATION = "aws:organizations/organization:Organization";
const DELEGATED_ADMINISTRATOR = "aws:organizations/delegatedAdministrator:DelegatedAdministrator";
const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";
const KMS_KEY = "aws:kms/key:Key";
const ROLE_POLICIES = ["aws:iam/rolePolicy:RolePolicy", "aws:iam/rolePolicyAttachment:RolePolicyAttachment"];

/** One row per dependent type, for prerequisites that every dependent of the list needs. */
function rows(dependents: readonly (string | Selector)[], rest: Omit<CreationOrderRule, "dependent">): CreationOrderRule[] {
    return dependents.map((d) => ({ dependent: typeof d === "string" ? { type: d } : d, ...rest }));
}

/**
 * Rows for one service's delegated administrator registration and what only the delegate may
 * configure: the calls fail with an access error in any other account, so they are refused at create.
 */
function delegated(service: string, admin: Selector, scope: Scope, dependents: readonly (string | Selector)[]): CreationOrderRule[] {
    return rows(dependents, {
        prerequisite: admin,
        scope,
        needed: "create",
        error: `AccessDeniedException: the account is not the delegated administrator for ${service}`,
        why: `${service}'s organization-wide settings, members and policies are accepted only from its registered delegated administrator.`,
    });
}

const byServicePrincipal = (principal: string): Selector => ({ type: DELEGATED_ADMINISTRATOR, where: { servicePrincipal: [principal] } });

export const CREATION_ORDER: readonly CreationOrderRule[] = [
    // The organization: its enabled policy types and trusted service access.
    ...rows(
        [
            "aws:organizations/policy:Policy",
            "aws:organizations/policyAttachment:PolicyAttachment",
            DELEGATED_ADMINISTRATOR,
            "aws:guardduty/organizationAdminAccount:OrganizationAdminAccount",
            "aws:securityhub/organizationAdminAccount:OrganizationAdminAccount",
            "aws:macie2/organizationAdminAccount:OrganizationAdminAccount",
            "aws:detective/organizationAdminAccount:OrganizationAdminAccount",
            "aws:inspector2/delegatedAdminAccount:DelegatedAdminAccount",
            "aws:fms/adminAccount:AdminAccount",
            "aws:ec2/vpcIpamOrganizationAdminAccount:VpcIpamOrganizationAdminAccount",
            "aws:ram/sharingWithOrganization:SharingWithOrganization",
            "aws:iam/organizationsFeatures:OrganizationsFeatures",
            "aws:backup/globalSettings:GlobalSettings",
            // A member account's contacts go through account.amazonaws.com's trusted access.
            "aws:account/alternativeContact:AlternativeContact",
        ],
        {
            prerequisite: { type: ORGANIZATION },
            scope: "organization",
            needed: "create",
            error: "PolicyTypeNotEnabledException / AccessDeniedForDependencyException: the policy type is not enabled or the service has no trusted access",
            why: "Organizations rejects a policy whose type is not enabled on the root, and a delegation or service setting whose service principal has no trusted access.",
        },
    ),

    // Delegated administrators before what only the delegate may configure. GuardDuty, Macie, Detective
    // and Inspector delegate per region: each region's settings need that region's registration.
    ...delegated("GuardDuty", { type: "aws:guardduty/organizationAdminAccount:OrganizationAdminAccount" }, "organization-region", [
        "aws:guardduty/organizationConfiguration:OrganizationConfiguration",
        "aws:guardduty/organizationConfigurationFeature:OrganizationConfigurationFeature",
        "aws:guardduty/member:Member",
    ]),
    // Central configuration spans the home and every linked region, which need the same administrator.
    ...delegated("Security Hub", { type: "aws:securityhub/organizationAdminAccount:OrganizationAdminAccount" }, "organization", [
        "aws:securityhub/organizationConfiguration:OrganizationConfiguration",
        "aws:securityhub/configurationPolicy:ConfigurationPolicy",
        "aws:securityhub/configurationPolicyAssociation:ConfigurationPolicyAssociation",
        "aws:securityhub/member:Member",
    ]),
    ...delegated("Macie", { type: "aws:macie2/organizationAdminAccount:OrganizationAdminAccount" }, "organization-region", [
        "aws:macie2/organizationConfiguration:OrganizationConfiguration",
        "aws:macie2/member:Member",
    ]),
    ...delegated("Detective", { type: "aws:detective/organizationAdminAccount:OrganizationAdminAccount" }, "organization-region", [
        "aws:detective/organizationConfiguration:OrganizationConfiguration",
        "aws:detective/member:Member",
    ]),
    ...delegated("Inspector", { type: "aws:inspector2/delegatedAdminAccount:DelegatedAdminAccount" }, "organization-region", [
        "aws:inspector2/organizationConfiguration:OrganizationConfiguration",
        "aws:inspector2/memberAssociation:MemberAssociation",
    ]),
    // Firewall Manager's administrator is set once (in us-east-1) for every region.
    ...delegated("Firewall Manager", { type: "aws:fms/adminAccount:AdminAccount" }, "organization", ["aws:fms/policy:Policy"]),
    ...delegated("IPAM", { type: "aws:ec2/vpcIpamOrganizationAdminAccount:VpcIpamOrganizationAdminAccount" }, "organization", ["aws:ec2/vpcIpam:VpcIpam"]),
    ...delegated("AWS Config (aggregation)", byServicePrincipal("config.amazonaws.com"), "organization", [
        { type: "aws:cfg/configurationAggregator:ConfigurationAggregator" },
    ]),
    ...delegated("AWS Config (organization rules and conformance packs)", byServicePrincipal("config-multiaccountsetup.amazonaws.com"), "organization", [
        "aws:cfg/organizationConformancePack:OrganizationConformancePack",
        "aws:cfg/organizationManagedRule:OrganizationManagedRule",
        "aws:cfg/organizationCustomRule:OrganizationCustomRule",
        "aws:cfg/organizationCustomPolicyRule:OrganizationCustomPolicyRule",
    ]),
    ...delegated("IAM Access Analyzer", byServicePrincipal("access-analyzer.amazonaws.com"), "organization", [
        { type: "aws:accessanalyzer/analyzer:Analyzer", where: { type: ["ORGANIZATION", "ORGANIZATION_UNUSED_ACCESS"] } },
    ]),

    {
        dependent: { type: "aws:securityhub/actionTarget:ActionTarget" },
        prerequisite: { type: "aws:securityhub/account:Account" },
        scope: "region",
        needed: "create",
        error: "InvalidAccessException: Account is not subscribed to AWS Security Hub",
        why: "CreateActionTarget is refused in an account (and region) where Security Hub is not enabled.",
    },

    // AWS Config in every account of a region before what evaluates every account there. The packs and
    // rules are accepted, then deployed per account; the provider waits for every account's deployment,
    // which fails where the account has no recorder, so the create fails.
    ...["aws:cfg/recorder:Recorder", "aws:cfg/deliveryChannel:DeliveryChannel", "aws:cfg/recorderStatus:RecorderStatus"].flatMap((prerequisite) =>
        rows(
            [
                "aws:cfg/organizationConformancePack:OrganizationConformancePack",
                "aws:cfg/organizationManagedRule:OrganizationManagedRule",
                "aws:cfg/organizationCustomRule:OrganizationCustomRule",
                "aws:cfg/organizationCustomPolicyRule:OrganizationCustomPolicyRule",
            ],
            {
                prerequisite: { type: prerequisite },
                scope: "organization-region",
                needed: "create",
                error: "NoAvailableConfigurationRecorderException: member accounts have no running configuration recorder",
                why: "Organization conformance packs and rules fail to deploy in a member account that has no configuration recorder and delivery channel (AWS Config prerequisites).",
            },
        ),
    ),
    {
        dependent: { type: "aws:cfg/deliveryChannel:DeliveryChannel" },
        prerequisite: { type: "aws:cfg/recorder:Recorder" },
        scope: "region",
        needed: "create",
        error: "NoAvailableConfigurationRecorderException: a delivery channel needs a configuration recorder",
        why: "PutDeliveryChannel fails with NoAvailableConfigurationRecorderException until the region has a recorder.",
    },
    {
        dependent: { type: "aws:cfg/recorderStatus:RecorderStatus" },
        prerequisite: { type: "aws:cfg/deliveryChannel:DeliveryChannel" },
        scope: "region",
        needed: "create",
        error: "NoAvailableDeliveryChannelException: the recorder has no delivery channel",
        why: "StartConfigurationRecorder fails with NoAvailableDeliveryChannelException until a delivery channel exists.",
    },

    // Log buckets' policies before every writer. CloudTrail and Config check the policy when the writer is
    // created; the vended-log services (flow logs, Resolver query logs, Network Firewall, Verified Access)
    // try to add their statement and fail on a bucket in another account, which needs it beforehand;
    // GuardDuty validates the destination when it is created. S3 server access logging is accepted
    // without the policy, but logs delivered before it exists are not written.
    ...(
        [
            ["aws:cloudtrail/trail:Trail", ["s3BucketName"], "create"],
            ["aws:cfg/deliveryChannel:DeliveryChannel", ["s3BucketName"], "create"],
            ["aws:guardduty/publishingDestination:PublishingDestination", ["destinationArn"], "create"],
            ["aws:ec2/flowLog:FlowLog", ["logDestination"], "create"],
            ["aws:route53/resolverQueryLogConfig:ResolverQueryLogConfig", ["destinationArn"], "create"],
            ["aws:networkfirewall/loggingConfiguration:LoggingConfiguration", ["loggingConfiguration"], "create"],
            ["aws:verifiedaccess/instanceLoggingConfiguration:InstanceLoggingConfiguration", ["accessLogs"], "create"],
            ["aws:s3/bucketLogging:BucketLogging", ["targetBucket"], "delivery"],
            ["aws:acmpca/certificateAuthority:CertificateAuthority", ["revocationConfiguration"], "create"],
        ] as const
    ).map(([type, inputs, needed]): CreationOrderRule => ({
        dependent: { type },
        prerequisite: { type: BUCKET_POLICY },
        scope: "organization",
        needed,
        through: { inputs, key: "bucket" },
        error: "InsufficientS3BucketPolicyException: the bucket policy does not allow the service to write",
        why: "CloudTrail, Config, GuardDuty, VPC flow logs, Resolver query logs, Network Firewall and Verified Access verify at create time that the destination bucket's policy admits them, and AWS Private CA writes a test object to its CRL bucket when a CA with a CRL is created; S3 access logs are lost until it does.",
    })),

    // Key policies (inline on each key) before the services that encrypt with the key.
    ...(
        [
            ["aws:cloudtrail/trail:Trail", ["kmsKeyId"]],
            ["aws:cfg/deliveryChannel:DeliveryChannel", ["s3KmsKeyArn"]],
            ["aws:guardduty/publishingDestination:PublishingDestination", ["kmsKeyArn"]],
            ["aws:cloudwatch/logGroup:LogGroup", ["kmsKeyId"]],
            ["aws:sns/topic:Topic", ["kmsMasterKeyId"]],
            ["aws:sqs/queue:Queue", ["kmsMasterKeyId"]],
            ["aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", ["rules"]],
            ["aws:ebs/defaultKmsKey:DefaultKmsKey", ["keyArn"]],
            ["aws:backup/vault:Vault", ["kmsKeyArn"]],
            ["aws:lambda/function:Function", ["kmsKeyArn"]],
            ["aws:kms/alias:Alias", ["targetKeyId"]],
        ] as const
    ).map(([type, inputs]): CreationOrderRule => ({
        dependent: { type },
        prerequisite: { type: KMS_KEY },
        scope: "organization",
        needed: "create",
        through: { inputs, key: "id" },
        error: "KMSAccessDeniedException / InsufficientEncryptionPolicyException: the key does not exist or its policy does not allow the service",
        why: "CloudTrail, Config, GuardDuty, CloudWatch Logs and the others check the key and its key policy when the resource is created.",
    })),

    // Execution roles' permissions before the service that assumes the role uses them. Lambda (VPC,
    // dead-letter and KMS access), CloudTrail (CloudWatch Logs delivery) and Config check them at create;
    // flow logs and EventBridge targets are accepted, and fail each delivery until the role may deliver.
    ...(
        [
            ["aws:lambda/function:Function", ["role"], "create"],
            ["aws:ec2/flowLog:FlowLog", ["iamRoleArn", "deliverCrossAccountRole"], "delivery"],
            ["aws:cloudtrail/trail:Trail", ["cloudWatchLogsRoleArn"], "create"],
            ["aws:cfg/recorder:Recorder", ["roleArn"], "create"],
            ["aws:cloudwatch/eventTarget:EventTarget", ["roleArn"], "delivery"],
        ] as const
    ).flatMap(([type, inputs, needed]) =>
        ROLE_POLICIES.map((policyType): CreationOrderRule => ({
            dependent: { type },
            prerequisite: { type: policyType },
            scope: "account",
            needed,
            through: { inputs, key: "role" },
            error: "InvalidParameterValueException / InsufficientPermissions: the role does not have the permissions the service needs",
            why: "Lambda, CloudTrail and Config validate the role's permissions when the resource is created; flow logs and EventBridge fail every delivery until the role's policy exists.",
        })),
    ),

    // Resource policies that admit EventBridge before its targets deliver. PutTargets does not check the
    // target's policy, but a delivery it refuses is a permission error, which EventBridge does not retry:
    // events matched before the policy exists are dropped (or dead-lettered, once the queue admits them).
    // Alarms and same-account email/HTTPS subscriptions need no topic policy (the owner's calls are
    // authorized by IAM), so they have no row; a cross-account Subscribe would.
    {
        dependent: { type: "aws:cloudwatch/eventTarget:EventTarget" },
        prerequisite: { type: "aws:sns/topicPolicy:TopicPolicy" },
        scope: "organization",
        needed: "delivery",
        through: { inputs: ["arn"], key: "arn" },
        error: "AuthorizationErrorException: the topic policy does not allow events.amazonaws.com to publish",
        why: "EventBridge publishes to a topic only when the topic policy allows sns:Publish from events.amazonaws.com.",
    },
    {
        dependent: { type: "aws:cloudwatch/eventTarget:EventTarget" },
        prerequisite: { type: "aws:cloudwatch/eventBusPolicy:EventBusPolicy" },
        scope: "organization",
        needed: "delivery",
        through: { inputs: ["arn"], key: "eventBusName" },
        error: "AccessDeniedException: the event bus policy does not allow PutEvents from this account",
        why: "Events sent to another account's bus are accepted only when that bus's resource policy allows events:PutEvents from the sender.",
    },
    {
        dependent: { type: "aws:cloudwatch/eventTarget:EventTarget" },
        prerequisite: { type: "aws:lambda/permission:Permission" },
        scope: "region",
        needed: "delivery",
        // The statement that admits this target's rule (its source ARN), not the function's others.
        through: { inputs: ["rule"], key: "sourceArn" },
        error: "AccessDeniedException: the function's resource policy does not allow events.amazonaws.com to invoke it",
        why: "EventBridge invokes a function only when the function's resource policy (lambda:AddPermission) allows the rule.",
    },
    {
        dependent: { type: "aws:cloudwatch/eventTarget:EventTarget" },
        prerequisite: { type: "aws:sqs/queuePolicy:QueuePolicy" },
        scope: "organization",
        needed: "delivery",
        through: { inputs: ["arn", "deadLetterConfig"], key: "queueUrl" },
        error: "AccessDenied: the queue policy does not allow events.amazonaws.com",
        why: "EventBridge delivers to a queue (target or dead-letter) only when the queue policy allows sqs:SendMessage from the rule.",
    },
    {
        dependent: { type: "aws:ram/principalAssociation:PrincipalAssociation" },
        prerequisite: { type: "aws:ram/sharingWithOrganization:SharingWithOrganization" },
        scope: "organization",
        needed: "create",
        error: "OperationNotPermittedException: sharing with AWS Organizations is not enabled",
        why: "RAM accepts an organization or OU principal only after sharing with AWS Organizations is enabled from the management account.",
    },
    {
        dependent: { type: "aws:cloudwatch/logMetricFilter:LogMetricFilter" },
        prerequisite: { type: "aws:cloudwatch/logGroup:LogGroup" },
        scope: "region",
        needed: "create",
        through: { inputs: ["logGroupName"], key: "name" },
        error: "ResourceNotFoundException: The specified log group does not exist",
        why: "PutMetricFilter fails until the log group exists (the CIS filters read the trail's central log group).",
    },

    // Log analytics: a saved query names its workgroup and a table its database; neither is created in a missing one.
    {
        dependent: { type: "aws:athena/namedQuery:NamedQuery" },
        prerequisite: { type: "aws:athena/workgroup:Workgroup" },
        scope: "region",
        needed: "create",
        through: { inputs: ["workgroup"], key: "name" },
        error: "InvalidRequestException: WorkGroup is not found",
        why: "CreateNamedQuery saves the query in the named workgroup, which must exist.",
    },
    {
        dependent: { type: "aws:glue/catalogTable:CatalogTable" },
        prerequisite: { type: "aws:glue/catalogDatabase:CatalogDatabase" },
        scope: "region",
        needed: "create",
        through: { inputs: ["databaseName"], key: "name" },
        error: "EntityNotFoundException: Database not found",
        why: "Glue CreateTable creates the table in an existing database of the account's Data Catalog.",
    },
    {
        dependent: { type: "aws:oam/link:Link" },
        prerequisite: { type: "aws:oam/sinkPolicy:SinkPolicy" },
        scope: "organization-region",
        needed: "create",
        through: { inputs: ["sinkIdentifier"], key: "sinkIdentifier" },
        error: "AccessDeniedException: the sink policy does not allow this account to create a link",
        why: "CreateLink in a source account succeeds only when the monitoring account's sink policy allows oam:CreateLink from it for the shared resource types.",
    },
];
