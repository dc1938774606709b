import { stringify } from "yaml";
import { CONFIG_REMEDIATION_ROLE } from "../shared/names";

/** How an SSM Automation runbook parameter gets its value: the non-compliant resource's id, or a fixed value. */
export type RemediationParameter = { readonly resourceId: true } | { readonly value: string };

/** A baseline rule: an AWS managed Config rule and, where fixing it cannot break a workload, its runbook. */
export interface BaselineRule {
    /** Logical name; the Config rule is named after it. */
    readonly name: string;
    /** AWS managed rule identifier. */
    readonly identifier: string;
    /** Global resources (IAM, the account itself, trails): evaluated in the home region only. */
    readonly global: boolean;
    readonly inputParameters?: Readonly<Record<string, string>>;
    /** Resource types that trigger evaluation; periodic rules leave it out. */
    readonly resourceTypes?: readonly string[];
    readonly maximumExecutionFrequency?: "One_Hour" | "Three_Hours" | "Six_Hours" | "Twelve_Hours" | "TwentyFour_Hours";
    readonly remediation?: { readonly document: string; readonly parameters: Readonly<Record<string, RemediationParameter>> };
}

/** Role the remediation runbooks assume in each account (created by the account's Config baseline). */
export { CONFIG_REMEDIATION_ROLE };

/**
 * The zero-trust baseline. Remediations only where the fix is reversible and cannot cut off a
 * legitimate workload: public access blocks, the (unused) default security group, flow logs on.
 * IMDSv2, encryption and public RDS are reported, not fixed: forcing them can break running systems.
 */
export function baselineRules(flowLogsBucketArn: string, requiredTags: Readonly<Record<string, readonly string[]>>): readonly BaselineRule[] {
    return [
        ...requiredTagRules(requiredTags),
        { name: "root-account-mfa", identifier: "ROOT_ACCOUNT_MFA_ENABLED", global: true, maximumExecutionFrequency: "TwentyFour_Hours" },
        { name: "iam-user-mfa", identifier: "IAM_USER_MFA_ENABLED", global: true, maximumExecutionFrequency: "TwentyFour_Hours" },
        { name: "iam-no-admin-policies", identifier: "IAM_POLICY_NO_STATEMENTS_WITH_ADMIN_ACCESS", global: true, resourceTypes: ["AWS::IAM::Policy"] },
        { name: "cloudtrail-enabled", identifier: "MULTI_REGION_CLOUD_TRAIL_ENABLED", global: true, maximumExecutionFrequency: "TwentyFour_Hours" },
        {
            name: "s3-account-public-access-blocked",
            identifier: "S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS_PERIODIC",
            global: true,
            maximumExecutionFrequency: "TwentyFour_Hours",
            remediation: { document: "AWSConfigRemediation-ConfigureS3PublicAccessBlock", parameters: { AccountId: { resourceId: true } } },
        },
        {
            name: "s3-bucket-public-access-prohibited",
            identifier: "S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED",
            global: false,
            resourceTypes: ["AWS::S3::Bucket"],
            remediation: { document: "AWSConfigRemediation-ConfigureS3BucketPublicAccessBlock", parameters: { BucketName: { resourceId: true } } },
        },
        { name: "s3-bucket-ssl-only", identifier: "S3_BUCKET_SSL_REQUESTS_ONLY", global: false, resourceTypes: ["AWS::S3::Bucket"] },
        { name: "ebs-volumes-encrypted", identifier: "ENCRYPTED_VOLUMES", global: false, resourceTypes: ["AWS::EC2::Volume"] },
        { name: "rds-not-public", identifier: "RDS_INSTANCE_PUBLIC_ACCESS_CHECK", global: false, resourceTypes: ["AWS::RDS::DBInstance"] },
        {
            name: "restricted-ssh-rdp",
            identifier: "RESTRICTED_INCOMING_TRAFFIC",
            global: false,
            inputParameters: { blockedPort1: "22", blockedPort2: "3389" },
            resourceTypes: ["AWS::EC2::SecurityGroup"],
        },
        {
            name: "default-security-group-closed",
            identifier: "VPC_DEFAULT_SECURITY_GROUP_CLOSED",
            global: false,
            resourceTypes: ["AWS::EC2::SecurityGroup"],
            remediation: { document: "AWSConfigRemediation-RemoveVPCDefaultSecurityGroupRules", parameters: { GroupId: { resourceId: true } } },
        },
        {
            name: "vpc-flow-logs-enabled",
            identifier: "VPC_FLOW_LOGS_ENABLED",
            global: false,
            maximumExecutionFrequency: "TwentyFour_Hours",
            remediation: {
                document: "AWS-EnableVPCFlowLogs",
                parameters: {
                    VPCIds: { resourceId: true },
                    LogDestinationType: { value: "s3" },
                    LogDestinationArn: { value: flowLogsBucketArn },
                    TrafficType: { value: "ALL" },
                },
            },
        },
        { name: "ec2-imdsv2", identifier: "EC2_IMDSV2_CHECK", global: false, resourceTypes: ["AWS::EC2::Instance"] },
        {
            name: "ec2-managed-by-ssm",
            identifier: "EC2_INSTANCE_MANAGED_BY_SSM",
            global: false,
            resourceTypes: ["AWS::EC2::Instance", "AWS::SSM::ManagedInstanceInventory"],
        },
    ];
}

/** The AWS managed rule REQUIRED_TAGS checks at most this many tag keys. */
export const REQUIRED_TAGS_PER_RULE = 6;

/**
 * Resource types REQUIRED_TAGS evaluates that workloads create and always tag at creation. Left out:
 * VPCs, subnets and security groups (every default VPC, its subnets and every VPC's default group
 * are created by AWS untagged) and CloudFormation stacks (organization conformance packs deploy as
 * untagged stacks), which would report findings nobody can fix.
 */
export const REQUIRED_TAGS_RESOURCE_TYPES: readonly string[] = [
    "AWS::ACM::Certificate",
    "AWS::AutoScaling::AutoScalingGroup",
    "AWS::DynamoDB::Table",
    "AWS::EC2::Instance",
    "AWS::EC2::Volume",
    "AWS::ElasticLoadBalancingV2::LoadBalancer",
    "AWS::RDS::DBInstance",
    "AWS::S3::Bucket",
];

/**
 * Reporting of missing required tags: tag policies cannot make a key required on create, so the AWS
 * managed rule REQUIRED_TAGS reports every resource of REQUIRED_TAGS_RESOURCE_TYPES that lacks one
 * of `requiredTags` (or carries a value outside its allowed list), one rule per six keys.
 */
export function requiredTagRules(requiredTags: Readonly<Record<string, readonly string[]>>): BaselineRule[] {
    const keys = Object.keys(requiredTags).sort();
    const rules: BaselineRule[] = [];
    for (let i = 0; i < keys.length; i += REQUIRED_TAGS_PER_RULE) {
        const chunk = keys.slice(i, i + REQUIRED_TAGS_PER_RULE);
        const inputParameters: Record<string, string> = {};
        chunk.forEach((key, j) => {
            inputParameters[`tag${j + 1}Key`] = key;
            // An empty allowed list means any value: the rule then only checks that the key is there.
            if (requiredTags[key].length > 0) inputParameters[`tag${j + 1}Value`] = requiredTags[key].join(",");
        });
        rules.push({
            name: keys.length > REQUIRED_TAGS_PER_RULE ? `required-tags-${i / REQUIRED_TAGS_PER_RULE + 1}` : "required-tags",
            identifier: "REQUIRED_TAGS",
            global: false,
            inputParameters,
            resourceTypes: REQUIRED_TAGS_RESOURCE_TYPES,
        });
    }
    return rules;
}

/** CloudFormation logical ids: alphanumeric. */
function logicalId(name: string, suffix = ""): string {
    return name.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase()) + suffix;
}

/**
 * The conformance pack template for one region: every rule that applies there and its remediation,
 * which runs as CONFIG_REMEDIATION_ROLE in the evaluated account.
 */
export function conformancePackTemplate(rules: readonly BaselineRule[], options: { readonly homeRegion: boolean; readonly autoRemediation: boolean }): string {
    const resources: Record<string, unknown> = {};
    for (const rule of rules) {
        if (rule.global && !options.homeRegion) continue;
        const ruleName = `lz-${rule.name}`;
        resources[logicalId(rule.name)] = {
            Type: "AWS::Config::ConfigRule",
            Properties: {
                ConfigRuleName: ruleName,
                Source: { Owner: "AWS", SourceIdentifier: rule.identifier },
                ...(rule.inputParameters ? { InputParameters: rule.inputParameters } : {}),
                ...(rule.resourceTypes ? { Scope: { ComplianceResourceTypes: rule.resourceTypes } } : {}),
                ...(rule.maximumExecutionFrequency ? { MaximumExecutionFrequency: rule.maximumExecutionFrequency } : {}),
            },
        };
        if (!rule.remediation) continue;
        const parameters: Record<string, unknown> = {
            AutomationAssumeRole: {
                StaticValue: { Values: [{ "Fn::Sub": `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/${CONFIG_REMEDIATION_ROLE}` }] },
            },
        };
        for (const [key, p] of Object.entries(rule.remediation.parameters)) {
            parameters[key] = "resourceId" in p ? { ResourceValue: { Value: "RESOURCE_ID" } } : { StaticValue: { Values: [p.value] } };
        }
        resources[logicalId(rule.name, "Remediation")] = {
            Type: "AWS::Config::RemediationConfiguration",
            DependsOn: logicalId(rule.name),
            Properties: {
                ConfigRuleName: ruleName,
                TargetType: "SSM_DOCUMENT",
                TargetId: rule.remediation.document,
                Parameters: parameters,
                Automatic: options.autoRemediation,
                MaximumAutomaticAttempts: 3,
                RetryAttemptSeconds: 60,
            },
        };
    }
    return stringify({ Resources: resources });
}
