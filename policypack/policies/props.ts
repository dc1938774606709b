// Types only: the bundled pack must not load @pulumi/aws or @pulumi/awsx (a devDependency) at run time (esbuild drops type imports).
import type * as aws from "@pulumi/aws";
import type * as awsx from "@pulumi/awsx";
import type { Unwrap } from "@pulumi/pulumi";

/**
 * Resource properties of a token the pack has no type for, as the analyzer hands them to a policy
 * (proxied; reading an unknown throws): each value must be checked before use.
 */
export type Props = Readonly<Record<string, unknown>>;

/**
 * The @pulumi/aws input types by Pulumi type token: a resource policy whose `types` are literal tokens
 * listed here reads typed props (PropsOf), so a property @pulumi/aws renames or drops is a compile error.
 *
 * The types describe what a program may pass, not everything the engine hands a policy, and no check
 * may trust them further than that: a value unknown during preview is no value of its type (reading it
 * throws, and resourcePolicy turns that into a violation: fail closed); a secret arrives unwrapped; a
 * `string | PolicyDocument` input or provider config arrives as JSON text (parse it, and report what
 * does not parse); an optional or computed property may be absent. So checks compare with the value
 * that passes (`!== true`, `?? default`) rather than assume a shape, and a value of the wrong shape fails.
 */
export interface ArgsByType {
    "aws:accessanalyzer/analyzer:Analyzer": aws.accessanalyzer.AnalyzerArgs;
    "aws:account/alternativeContact:AlternativeContact": aws.account.AlternativeContactArgs;
    "aws:alb/listener:Listener": aws.alb.ListenerArgs;
    "aws:alb/loadBalancer:LoadBalancer": aws.alb.LoadBalancerArgs;
    "aws:apigateway/method:Method": aws.apigateway.MethodArgs;
    "aws:apigateway/methodSettings:MethodSettings": aws.apigateway.MethodSettingsArgs;
    "aws:apigateway/restApi:RestApi": aws.apigateway.RestApiArgs;
    "aws:apigateway/stage:Stage": aws.apigateway.StageArgs;
    "aws:apigatewayv2/api:Api": aws.apigatewayv2.ApiArgs;
    "aws:apigatewayv2/route:Route": aws.apigatewayv2.RouteArgs;
    "aws:apigatewayv2/stage:Stage": aws.apigatewayv2.StageArgs;
    "aws:backup/vault:Vault": aws.backup.VaultArgs;
    "aws:backup/vaultPolicy:VaultPolicy": aws.backup.VaultPolicyArgs;
    "aws:cfg/deliveryChannel:DeliveryChannel": aws.cfg.DeliveryChannelArgs;
    "aws:cfg/recorder:Recorder": aws.cfg.RecorderArgs;
    "aws:cfg/recorderStatus:RecorderStatus": aws.cfg.RecorderStatusArgs;
    "aws:cloudfront/distribution:Distribution": aws.cloudfront.DistributionArgs;
    "aws:cloudtrail/trail:Trail": aws.cloudtrail.TrailArgs;
    "aws:cloudwatch/eventBusPolicy:EventBusPolicy": aws.cloudwatch.EventBusPolicyArgs;
    "aws:cloudwatch/eventRule:EventRule": aws.cloudwatch.EventRuleArgs;
    "aws:cloudwatch/eventTarget:EventTarget": aws.cloudwatch.EventTargetArgs;
    "aws:cloudwatch/logGroup:LogGroup": aws.cloudwatch.LogGroupArgs;
    "aws:cloudwatch/logMetricFilter:LogMetricFilter": aws.cloudwatch.LogMetricFilterArgs;
    "aws:cloudwatch/metricAlarm:MetricAlarm": aws.cloudwatch.MetricAlarmArgs;
    "aws:docdb/cluster:Cluster": aws.docdb.ClusterArgs;
    "aws:dynamodb/table:Table": aws.dynamodb.TableArgs;
    "aws:ebs/encryptionByDefault:EncryptionByDefault": aws.ebs.EncryptionByDefaultArgs;
    "aws:ebs/volume:Volume": aws.ebs.VolumeArgs;
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": aws.ec2.DefaultSecurityGroupArgs;
    "aws:ec2/egressOnlyInternetGateway:EgressOnlyInternetGateway": aws.ec2.EgressOnlyInternetGatewayArgs;
    "aws:ec2/eip:Eip": aws.ec2.EipArgs;
    "aws:ec2/eipAssociation:EipAssociation": aws.ec2.EipAssociationArgs;
    "aws:ec2/flowLog:FlowLog": aws.ec2.FlowLogArgs;
    "aws:ec2/instance:Instance": aws.ec2.InstanceArgs;
    "aws:ec2/internetGateway:InternetGateway": aws.ec2.InternetGatewayArgs;
    "aws:ec2/internetGatewayAttachment:InternetGatewayAttachment": aws.ec2.InternetGatewayAttachmentArgs;
    "aws:ec2/keyPair:KeyPair": aws.ec2.KeyPairArgs;
    "aws:ec2/launchTemplate:LaunchTemplate": aws.ec2.LaunchTemplateArgs;
    "aws:ec2/natGateway:NatGateway": aws.ec2.NatGatewayArgs;
    "aws:ec2/networkAcl:NetworkAcl": aws.ec2.NetworkAclArgs;
    "aws:ec2/networkAclRule:NetworkAclRule": aws.ec2.NetworkAclRuleArgs;
    "aws:ec2/routeTable:RouteTable": aws.ec2.RouteTableArgs;
    "aws:ec2/securityGroup:SecurityGroup": aws.ec2.SecurityGroupArgs;
    "aws:ec2/securityGroupRule:SecurityGroupRule": aws.ec2.SecurityGroupRuleArgs;
    "aws:ec2/subnet:Subnet": aws.ec2.SubnetArgs;
    "aws:ec2/vpc:Vpc": aws.ec2.VpcArgs;
    "aws:ec2/vpcBlockPublicAccessExclusion:VpcBlockPublicAccessExclusion": aws.ec2.VpcBlockPublicAccessExclusionArgs;
    "aws:ec2/vpcBlockPublicAccessOptions:VpcBlockPublicAccessOptions": aws.ec2.VpcBlockPublicAccessOptionsArgs;
    "aws:ec2/vpcEndpoint:VpcEndpoint": aws.ec2.VpcEndpointArgs;
    "aws:ec2/vpcPeeringConnection:VpcPeeringConnection": aws.ec2.VpcPeeringConnectionArgs;
    "aws:ec2clientvpn/endpoint:Endpoint": aws.ec2clientvpn.EndpointArgs;
    "aws:ec2transitgateway/transitGateway:TransitGateway": aws.ec2transitgateway.TransitGatewayArgs;
    "aws:ecr/repository:Repository": aws.ecr.RepositoryArgs;
    "aws:ecr/repositoryPolicy:RepositoryPolicy": aws.ecr.RepositoryPolicyArgs;
    "aws:ecs/cluster:Cluster": aws.ecs.ClusterArgs;
    "aws:ecs/service:Service": aws.ecs.ServiceArgs;
    "aws:ecs/taskDefinition:TaskDefinition": aws.ecs.TaskDefinitionArgs;
    "aws:efs/fileSystem:FileSystem": aws.efs.FileSystemArgs;
    "aws:efs/fileSystemPolicy:FileSystemPolicy": aws.efs.FileSystemPolicyArgs;
    "aws:eks/cluster:Cluster": aws.eks.ClusterArgs;
    "aws:elasticache/replicationGroup:ReplicationGroup": aws.elasticache.ReplicationGroupArgs;
    "aws:elasticache/serverlessCache:ServerlessCache": aws.elasticache.ServerlessCacheArgs;
    "aws:elasticsearch/domain:Domain": aws.elasticsearch.DomainArgs;
    "aws:elb/loadBalancer:LoadBalancer": aws.elb.LoadBalancerArgs;
    "aws:fms/adminAccount:AdminAccount": aws.fms.AdminAccountArgs;
    "aws:fms/policy:Policy": aws.fms.PolicyArgs;
    "aws:guardduty/detector:Detector": aws.guardduty.DetectorArgs;
    "aws:guardduty/organizationConfiguration:OrganizationConfiguration": aws.guardduty.OrganizationConfigurationArgs;
    "aws:iam/accessKey:AccessKey": aws.iam.AccessKeyArgs;
    "aws:iam/accountPasswordPolicy:AccountPasswordPolicy": aws.iam.AccountPasswordPolicyArgs;
    "aws:iam/groupPolicy:GroupPolicy": aws.iam.GroupPolicyArgs;
    "aws:iam/groupPolicyAttachment:GroupPolicyAttachment": aws.iam.GroupPolicyAttachmentArgs;
    "aws:iam/groupPolicyAttachmentsExclusive:GroupPolicyAttachmentsExclusive": aws.iam.GroupPolicyAttachmentsExclusiveArgs;
    "aws:iam/policy:Policy": aws.iam.PolicyArgs;
    "aws:iam/policyAttachment:PolicyAttachment": aws.iam.PolicyAttachmentArgs;
    "aws:iam/role:Role": aws.iam.RoleArgs;
    "aws:iam/rolePolicy:RolePolicy": aws.iam.RolePolicyArgs;
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": aws.iam.RolePolicyAttachmentArgs;
    "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive": aws.iam.RolePolicyAttachmentsExclusiveArgs;
    "aws:iam/user:User": aws.iam.UserArgs;
    "aws:iam/userLoginProfile:UserLoginProfile": aws.iam.UserLoginProfileArgs;
    "aws:iam/userPolicy:UserPolicy": aws.iam.UserPolicyArgs;
    "aws:iam/userPolicyAttachment:UserPolicyAttachment": aws.iam.UserPolicyAttachmentArgs;
    "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive": aws.iam.UserPolicyAttachmentsExclusiveArgs;
    "aws:inspector2/enabler:Enabler": aws.inspector2.EnablerArgs;
    "aws:kms/key:Key": aws.kms.KeyArgs;
    "aws:kms/keyPolicy:KeyPolicy": aws.kms.KeyPolicyArgs;
    "aws:kms/replicaKey:ReplicaKey": aws.kms.ReplicaKeyArgs;
    "aws:lambda/function:Function": aws.lambda.FunctionArgs;
    "aws:lambda/functionUrl:FunctionUrl": aws.lambda.FunctionUrlArgs;
    "aws:lambda/permission:Permission": aws.lambda.PermissionArgs;
    "aws:lb/listener:Listener": aws.lb.ListenerArgs;
    "aws:lb/loadBalancer:LoadBalancer": aws.lb.LoadBalancerArgs;
    "aws:macie2/account:Account": aws.macie2.AccountArgs;
    "aws:neptune/cluster:Cluster": aws.neptune.ClusterArgs;
    "aws:networkfirewall/firewall:Firewall": aws.networkfirewall.FirewallArgs;
    "aws:networkfirewall/firewallPolicy:FirewallPolicy": aws.networkfirewall.FirewallPolicyArgs;
    "aws:opensearch/domain:Domain": aws.opensearch.DomainArgs;
    "aws:opensearch/domainPolicy:DomainPolicy": aws.opensearch.DomainPolicyArgs;
    "aws:organizations/account:Account": aws.organizations.AccountArgs;
    "aws:organizations/organization:Organization": aws.organizations.OrganizationArgs;
    "aws:organizations/policy:Policy": aws.organizations.PolicyArgs;
    "aws:rds/cluster:Cluster": aws.rds.ClusterArgs;
    "aws:rds/clusterInstance:ClusterInstance": aws.rds.ClusterInstanceArgs;
    "aws:rds/instance:Instance": aws.rds.InstanceArgs;
    "aws:redshift/cluster:Cluster": aws.redshift.ClusterArgs;
    "aws:redshift/logging:Logging": aws.redshift.LoggingArgs;
    "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock": aws.s3.AccountPublicAccessBlockArgs;
    "aws:s3/bucket:Bucket": aws.s3.BucketArgs;
    "aws:s3/bucketAcl:BucketAcl": aws.s3.BucketAclArgs;
    "aws:s3/bucketAclV2:BucketAclV2": aws.s3.BucketAclV2Args;
    "aws:s3/bucketLogging:BucketLogging": aws.s3.BucketLoggingArgs;
    "aws:s3/bucketLoggingV2:BucketLoggingV2": aws.s3.BucketLoggingV2Args;
    "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration": aws.s3.BucketObjectLockConfigurationArgs;
    "aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2": aws.s3.BucketObjectLockConfigurationV2Args;
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": aws.s3.BucketOwnershipControlsArgs;
    "aws:s3/bucketPolicy:BucketPolicy": aws.s3.BucketPolicyArgs;
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": aws.s3.BucketPublicAccessBlockArgs;
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": aws.s3.BucketServerSideEncryptionConfigurationArgs;
    "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2": aws.s3.BucketServerSideEncryptionConfigurationV2Args;
    "aws:s3/bucketV2:BucketV2": aws.s3.BucketV2Args;
    "aws:s3/bucketVersioning:BucketVersioning": aws.s3.BucketVersioningArgs;
    "aws:s3/bucketVersioningV2:BucketVersioningV2": aws.s3.BucketVersioningV2Args;
    "aws:secretsmanager/secret:Secret": aws.secretsmanager.SecretArgs;
    "aws:secretsmanager/secretPolicy:SecretPolicy": aws.secretsmanager.SecretPolicyArgs;
    "aws:secretsmanager/secretRotation:SecretRotation": aws.secretsmanager.SecretRotationArgs;
    "aws:securityhub/account:Account": aws.securityhub.AccountArgs;
    "aws:securityhub/configurationPolicy:ConfigurationPolicy": aws.securityhub.ConfigurationPolicyArgs;
    "aws:securityhub/configurationPolicyAssociation:ConfigurationPolicyAssociation": aws.securityhub.ConfigurationPolicyAssociationArgs;
    "aws:securityhub/findingAggregator:FindingAggregator": aws.securityhub.FindingAggregatorArgs;
    "aws:securityhub/standardsSubscription:StandardsSubscription": aws.securityhub.StandardsSubscriptionArgs;
    "aws:sns/topic:Topic": aws.sns.TopicArgs;
    "aws:sns/topicPolicy:TopicPolicy": aws.sns.TopicPolicyArgs;
    "aws:sqs/queue:Queue": aws.sqs.QueueArgs;
    "aws:sqs/queuePolicy:QueuePolicy": aws.sqs.QueuePolicyArgs;
    "aws:ssm/parameter:Parameter": aws.ssm.ParameterArgs;
    "aws:ssoadmin/accountAssignment:AccountAssignment": aws.ssoadmin.AccountAssignmentArgs;
    "aws:ssoadmin/customerManagedPolicyAttachment:CustomerManagedPolicyAttachment": aws.ssoadmin.CustomerManagedPolicyAttachmentArgs;
    "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment": aws.ssoadmin.ManagedPolicyAttachmentArgs;
    "aws:ssoadmin/permissionSet:PermissionSet": aws.ssoadmin.PermissionSetArgs;
    "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy": aws.ssoadmin.PermissionSetInlinePolicyArgs;
    "aws:ssoadmin/permissionsBoundaryAttachment:PermissionsBoundaryAttachment": aws.ssoadmin.PermissionsBoundaryAttachmentArgs;
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": aws.vpc.SecurityGroupEgressRuleArgs;
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": aws.vpc.SecurityGroupIngressRuleArgs;
    "aws:wafv2/webAcl:WebAcl": aws.wafv2.WebAclArgs;
    "aws:wafv2/webAclAssociation:WebAclAssociation": aws.wafv2.WebAclAssociationArgs;
    "aws:workspaces/workspace:Workspace": aws.workspaces.WorkspaceArgs;
}

/** The tag map as @pulumi/aws types it (the same on every taggable resource). */
type Tags = NonNullable<Unwrap<aws.s3.BucketArgs["tags"]>>;

/** Props of any AWS resource (the `"aws:*"` policies): only what all of them may carry, the tags (absent where a type takes none). */
export interface AnyAwsProps {
    readonly tags?: Tags;
}

/**
 * An AWS provider's props: @pulumi/aws ProviderArgs, except that the engine hands a policy every provider
 * config value that is not a string as JSON text (`allowedAccountIds: '["1234..."]'`): read through providerValue.
 */
export type ProviderProps = { readonly [K in keyof aws.ProviderArgs]?: Unwrap<aws.ProviderArgs[K]> | string };

/** How a multi-language component's plugin registers it under the engine: `{ name, args, opts }`, not the inputs. */
export interface PluginRegistration {
    readonly name?: unknown;
    readonly args: unknown;
    readonly opts: unknown;
}

/**
 * The pulumi-eks Cluster inputs the pack reads, named as in pulumi-eks 4.x's ClusterOptions and
 * ClusterNodeGroupOptions. Written here because pulumi-eks is no dependency of this project (its types
 * pull in all of @pulumi/kubernetes): a rename in pulumi-eks is not caught at compile time.
 */
export interface EksClusterInputs {
    readonly endpointPublicAccess?: boolean;
    readonly endpointPrivateAccess?: boolean;
    readonly skipDefaultNodeGroup?: boolean;
    readonly nodeAssociatePublicIpAddress?: boolean;
    readonly nodeSubnetIds?: string[];
    readonly publicSubnetIds?: string[];
    readonly privateSubnetIds?: string[];
    readonly nodeGroupOptions?: { readonly nodeAssociatePublicIpAddress?: boolean; readonly nodeSubnetIds?: string[] };
}

/**
 * Props by the tokens that are no @pulumi/aws resource: every AWS resource, the AWS provider, and the
 * multi-language components the pack checks by their program inputs (awsx's args types, types only).
 */
export interface OtherPropsByType {
    "aws:*": AnyAwsProps;
    "pulumi:providers:aws": ProviderProps;
    "awsx:ec2:Vpc": Unwrap<awsx.ec2.VpcArgs> | PluginRegistration;
    "awsx:ecs:FargateService": Unwrap<awsx.ecs.FargateServiceArgs> | PluginRegistration;
    "awsx:lb:ApplicationLoadBalancer": Unwrap<awsx.lb.ApplicationLoadBalancerArgs> | PluginRegistration;
    "eks:index:Cluster": EksClusterInputs | PluginRegistration;
}

/** A token with typed props: an @pulumi/aws resource or one of OtherPropsByType (not "aws:*", which names no one type). */
export type TypedToken = keyof ArgsByType | Exclude<keyof OtherPropsByType, "aws:*">;

/**
 * Props of a resource of type T as the engine delivers them: plain values (no Input/Output), so a
 * misspelled or renamed property is a compile error. Several types give the union; an untyped token, Props.
 */
export type PropsOf<T extends string> = string extends T
    ? Props
    : T extends keyof ArgsByType
      ? Unwrap<ArgsByType[T]>
      : T extends keyof OtherPropsByType
        ? OtherPropsByType[T]
        : Props;

/**
 * The typed props of a resource when it is of one of `types`, else undefined: how a policy over several
 * types reads the properties of some of them (`const instance = propsIf(args, INSTANCE); if (instance) ...`).
 */
export function propsIf<T extends TypedToken>(resource: { readonly type: string; readonly props: unknown }, ...types: T[]): PropsOf<T> | undefined {
    return (types as string[]).includes(resource.type) ? (resource.props as PropsOf<T>) : undefined;
}
