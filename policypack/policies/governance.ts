import type { PolicyResource } from "@pulumi/policy";
import { eachFailClosed, isUnknown, providerValue, resourcePolicy, stackPolicy, ZeroTrustPolicy } from "./common";
import type { AnyAwsProps } from "./props";

const ACCOUNT = "aws:organizations/account:Account";

/**
 * A provider whose allowedAccountIds is unknown during preview and depends only on accounts this
 * stack creates: the pin is the new account's id, known (and pinned) before anything is created
 * through it. Any other unknown pin fails closed.
 */
function pinnedToNewAccount(provider: PolicyResource | undefined): boolean {
    if (!provider || !isUnknown(() => provider.props.allowedAccountIds)) return false;
    const from = provider.propertyDependencies.allowedAccountIds ?? [];
    return from.length > 0 && from.every((d) => d.type === ACCOUNT);
}

/** Types that always carry tags in this organization, whether or not the program set any. */
const TAGGABLE = new Set([
    "aws:s3/bucket:Bucket",
    "aws:s3/bucketV2:BucketV2",
    "aws:kms/key:Key",
    "aws:ec2/vpc:Vpc",
    "aws:ec2/subnet:Subnet",
    "aws:ec2/securityGroup:SecurityGroup",
    "aws:ec2/instance:Instance",
    "aws:ec2/launchTemplate:LaunchTemplate",
    "aws:ebs/volume:Volume",
    "aws:ec2/natGateway:NatGateway",
    "aws:ec2/routeTable:RouteTable",
    "aws:ec2/networkAcl:NetworkAcl",
    "aws:ec2/flowLog:FlowLog",
    "aws:ec2transitgateway/transitGateway:TransitGateway",
    "aws:rds/instance:Instance",
    "aws:rds/cluster:Cluster",
    "aws:dynamodb/table:Table",
    "aws:efs/fileSystem:FileSystem",
    "aws:sqs/queue:Queue",
    "aws:sns/topic:Topic",
    "aws:secretsmanager/secret:Secret",
    "aws:ecr/repository:Repository",
    "aws:opensearch/domain:Domain",
    "aws:redshift/cluster:Cluster",
    "aws:elasticache/replicationGroup:ReplicationGroup",
    "aws:cloudwatch/logGroup:LogGroup",
    "aws:cloudtrail/trail:Trail",
    "aws:lambda/function:Function",
    "aws:eks/cluster:Cluster",
    "aws:ecs/cluster:Cluster",
    "aws:ecs/service:Service",
    "aws:lb/loadBalancer:LoadBalancer",
    "aws:alb/loadBalancer:LoadBalancer",
    "aws:iam/role:Role",
    "aws:networkfirewall/firewall:Firewall",
    "aws:apigateway/restApi:RestApi",
    "aws:apigatewayv2/api:Api",
    "aws:backup/vault:Vault",
    "aws:wafv2/webAcl:WebAcl",
]);

/** Types without a tags argument that the provider's defaultTags would otherwise be blamed for. */
const hasTagsArgument = (type: string, props: AnyAwsProps) => TAGGABLE.has(type) || "tags" in props;

export const governancePolicies: ZeroTrustPolicy[] = [
    stackPolicy({
        name: "explicit-provider-required",
        description: "Every AWS resource is created through an explicit provider that pins its account.",
        severity: "high",
        area: "governance",
        controls: [],
        remediation: "Pass `{ provider }` with an aws.Provider whose allowedAccountIds names the target account; never rely on the default provider.",
        // A stack policy, because only AnalyzeStack hands a policy the property dependencies that
        // prove where an account pin unknown during preview comes from.
        validate: (resources, report) => {
            const byUrn = new Map(resources.map((r) => [r.urn, r]));
            eachFailClosed(
                resources.filter((r) => r.type.startsWith("aws:")),
                report,
                (r) => {
                    const provider = r.provider;
                    if (!provider || /^default(_|$)/.test(provider.name)) {
                        report("created through the default AWS provider: pass an explicit provider that pins the account with allowedAccountIds", r.urn);
                        return;
                    }
                    if (pinnedToNewAccount(byUrn.get(provider.urn))) return;
                    const allowed = providerValue(provider.props.allowedAccountIds);
                    if (!Array.isArray(allowed) || allowed.length === 0)
                        report(`provider ${provider.name} does not set allowedAccountIds, so its credentials could act in any account`, r.urn);
                },
            );
        },
    }),
    resourcePolicy<{ allowedRegions: string[] }, "pulumi:providers:aws">({
        name: "provider-region-allowed",
        description: "AWS providers target only the organization's allowed regions.",
        severity: "high",
        area: "governance",
        controls: [],
        remediation: "Set the provider's region to one of the allowed regions (the region allow-list SCP would deny the rest at apply time anyway).",
        params: { allowedRegions: { type: "array", items: { type: "string" }, default: [], description: "Allowed regions; empty accepts any region." } },
        types: ["pulumi:providers:aws"],
        validate: (props, report, { config }) => {
            if (config.allowedRegions.length === 0) return;
            if (typeof props.region !== "string" || !config.allowedRegions.includes(props.region))
                report(`provider region ${props.region ?? "unset"} is not in ${config.allowedRegions.join(", ")}`);
        },
    }),
    resourcePolicy<{ requiredTags: Record<string, string[]> }, "aws:*">({
        name: "required-tags",
        description: "Taggable resources carry the organization's required tags, from the resource or its provider's defaultTags.",
        severity: "medium",
        area: "governance",
        controls: [],
        remediation: "Set the tags on the provider's defaultTags (preferred: once per account) or on the resource, with one of the allowed values.",
        params: {
            requiredTags: {
                type: "object",
                additionalProperties: { type: "array", items: { type: "string" } },
                default: { Environment: [], Owner: [], CostCenter: [] },
                description: "Tag key -> allowed values (empty list: any non-empty value).",
            },
        },
        types: "aws:*",
        validate: (props, report, { args, config }) => {
            if (!hasTagsArgument(args.type, props)) return;
            const fromProvider = (providerValue(args.provider?.props.defaultTags) as { tags?: Record<string, string> } | undefined)?.tags ?? {};
            const tags: Record<string, unknown> = { ...fromProvider, ...(props.tags ?? {}) };
            for (const [key, allowed] of Object.entries(config.requiredTags)) {
                const value = tags[key];
                if (typeof value !== "string" || value === "") report(`missing tag ${key}`);
                else if (allowed.length > 0 && !allowed.includes(value)) report(`tag ${key}=${value} is not one of ${allowed.join(", ")}`);
            }
        },
    }),
    resourcePolicy({
        name: "org-policy-size-limit",
        description: "Organization policies (SCP, RCP) fit AWS's 5,120-character quota once minified.",
        severity: "high",
        area: "governance",
        controls: [],
        remediation: "Split the policy into several (at most 5 per target) or merge statements; the quota counts minified JSON.",
        types: ["aws:organizations/policy:Policy"],
        validate: (props, report) => {
            const content = props.content;
            let size = 0;
            try {
                size = JSON.stringify(typeof content === "string" ? JSON.parse(content) : content).length;
            } catch {
                report("content is not valid JSON");
                return;
            }
            if (size > 5120) report(`minified content is ${size} characters; the quota is 5,120`);
        },
    }),
    resourcePolicy<{ types: string[] }, "aws:*">({
        name: "stateful-resources-protected",
        description: "Stateful and audit resources (keys, log buckets, trails, vaults, accounts) are protected from accidental deletion.",
        severity: "medium",
        enforcementLevel: "advisory",
        area: "governance",
        controls: [],
        remediation: "Pass `protect: true` (and retainOnDelete: true) in the resource options.",
        params: {
            types: {
                type: "array",
                items: { type: "string" },
                default: [
                    "aws:kms/key:Key",
                    "aws:cloudtrail/trail:Trail",
                    "aws:backup/vault:Vault",
                    "aws:organizations/account:Account",
                    "aws:organizations/organization:Organization",
                ],
                description: "Pulumi types that must be protected.",
            },
        },
        types: "aws:*",
        validate: (_props, report, { args, config }) => {
            if (config.types.includes(args.type) && args.opts.protect !== true) report(`${args.type} "${args.name}" is not protected`);
        },
    }),
];
