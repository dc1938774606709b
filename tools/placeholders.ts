import { createHash } from "crypto";

/**
 * Realistic, deterministic stand-ins for what only AWS knows: account ids, resource ids in AWS's
 * formats, partition-correct ARNs and data-source results. Every value is derived from a hash of
 * the resource's identity, so two previews of the same config are byte-identical. Ids and ARNs are
 * here; outputs in placeholder-outputs.ts, data-source results in invoke-results.ts.
 */

/** Where a resource lives, from its provider. */
export interface Placement {
    readonly account: string;
    readonly region: string;
}

/** Where a provider with neither `allowedAccountIds` nor `region` deploys: the credentials' account. */
export const DEFAULT_PLACEMENT: Placement = { account: "000000000000", region: "us-east-1" };

/**
 * Where an AWS provider deploys, from its inputs: the first allowed account id and its region (nested
 * provider inputs may arrive JSON-encoded, as the engine sends provider config).
 */
export function providerPlacement(inputs: Readonly<Record<string, unknown>>, fallback: Placement = DEFAULT_PLACEMENT): Placement {
    const raw = inputs.allowedAccountIds;
    let allowed: unknown = raw;
    if (typeof raw === "string") {
        try {
            allowed = JSON.parse(raw);
        } catch {
            allowed = [raw];
        }
    }
    const account = Array.isArray(allowed) && typeof allowed[0] === "string" ? allowed[0] : fallback.account;
    return { account, region: typeof inputs.region === "string" && inputs.region !== "" ? inputs.region : fallback.region };
}

export function digest(...parts: readonly string[]): string {
    return createHash("sha256").update(parts.join("\u0000")).digest("hex");
}

/** n lowercase hex characters derived from the seed. */
export function hex(seed: string, n: number): string {
    let out = "";
    for (let i = 0; out.length < n; i++) out += digest(seed, String(i));
    return out.slice(0, n);
}

/** n decimal digits derived from the seed, never starting with 0. */
export function digits(seed: string, n: number): string {
    const h = hex(seed, n * 2);
    let out = "";
    for (let i = 0; i < n; i++) out += (parseInt(h.slice(i * 2, i * 2 + 2), 16) % 10).toString();
    return out[0] === "0" ? `1${out.slice(1)}` : out;
}

/** n lowercase alphanumerics derived from the seed (organization and root ids use these). */
export function alnum(seed: string, n: number): string {
    const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    const h = hex(seed, n * 2);
    let out = "";
    for (let i = 0; i < n; i++) out += alphabet[parseInt(h.slice(i * 2, i * 2 + 2), 16) % alphabet.length];
    return out;
}

export function uuid(seed: string): string {
    const h = hex(seed, 32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function partitionOf(region: string): string {
    if (region.startsWith("cn-")) return "aws-cn";
    if (region.startsWith("us-gov-")) return "aws-us-gov";
    return "aws";
}

/** `aws:ec2/vpc:Vpc` -> { module: "ec2", resource: "Vpc" }. */
export function splitType(type: string): { module: string; resource: string } {
    const [, middle = "", resource = ""] = type.split(":");
    return { module: middle.split("/")[0], resource };
}

/** AWS id prefixes for the resource types whose ids are not names or ARNs. */
export const EC2_ID_PREFIXES: Readonly<Record<string, string>> = {
    "aws:ec2/vpc:Vpc": "vpc",
    "aws:ec2/subnet:Subnet": "subnet",
    "aws:ec2/routeTable:RouteTable": "rtb",
    "aws:ec2/securityGroup:SecurityGroup": "sg",
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": "sg",
    "aws:ec2/networkAcl:NetworkAcl": "acl",
    "aws:ec2/internetGateway:InternetGateway": "igw",
    "aws:ec2/natGateway:NatGateway": "nat",
    "aws:ec2/eip:Eip": "eipalloc",
    "aws:ec2/vpcEndpoint:VpcEndpoint": "vpce",
    "aws:ec2/flowLog:FlowLog": "fl",
    "aws:ec2/instance:Instance": "i",
    "aws:ec2/launchTemplate:LaunchTemplate": "lt",
    "aws:ec2/vpcIpam:VpcIpam": "ipam",
    "aws:ec2/vpcIpamPool:VpcIpamPool": "ipam-pool",
    "aws:ec2/vpcIpamScope:VpcIpamScope": "ipam-scope",
    "aws:ec2/vpcIpamPoolCidr:VpcIpamPoolCidr": "ipam-pool-cidr",
    "aws:ec2/managedPrefixList:ManagedPrefixList": "pl",
    "aws:ec2/vpcBlockPublicAccessExclusion:VpcBlockPublicAccessExclusion": "vpcbpa-exclude",
    "aws:ec2transitgateway/transitGateway:TransitGateway": "tgw",
    "aws:ec2transitgateway/vpcAttachment:VpcAttachment": "tgw-attach",
    "aws:ec2transitgateway/peeringAttachment:PeeringAttachment": "tgw-attach",
    "aws:ec2transitgateway/routeTable:RouteTable": "tgw-rtb",
    "aws:ec2clientvpn/endpoint:Endpoint": "cvpn-endpoint",
    "aws:verifiedaccess/instance:Instance": "vai",
    "aws:verifiedaccess/trustProvider:TrustProvider": "vatp",
    "aws:verifiedaccess/group:Group": "vagr",
    "aws:verifiedaccess/endpoint:Endpoint": "vae",
    "aws:route53/resolverFirewallRuleGroup:ResolverFirewallRuleGroup": "rslvr-frg",
    "aws:route53/resolverFirewallDomainList:ResolverFirewallDomainList": "rslvr-fdl",
    "aws:route53/resolverFirewallRuleGroupAssociation:ResolverFirewallRuleGroupAssociation": "rslvr-frgassoc",
    "aws:route53/resolverQueryLogConfig:ResolverQueryLogConfig": "rslvr-qlc",
    "aws:route53/resolverQueryLogConfigAssociation:ResolverQueryLogConfigAssociation": "rslvr-qlcassoc",
    "aws:route53/resolverEndpoint:ResolverEndpoint": "rslvr-in",
    "aws:ssm/patchBaseline:PatchBaseline": "pb",
};

/** Input properties AWS uses as the resource's id when set (bucket names, role names, ...). */
export const NAME_INPUTS = ["bucket", "name", "functionName", "roleName", "topicName", "ruleName", "trailName", "alias"];

/** The id AWS would assign. */
export function placeholderId(type: string, name: string, inputs: Record<string, unknown>, at: Placement): string {
    const seed = `${type}|${name}|${at.account}|${at.region}`;
    switch (type) {
        case "pulumi:providers:aws":
            return uuid(seed);
        case "aws:organizations/account:Account":
            return digits(`account|${String(inputs.email ?? name)}`, 12);
        case "aws:organizations/organization:Organization":
            return `o-${alnum(`org|${at.account}`, 10)}`;
        case "aws:organizations/organizationalUnit:OrganizationalUnit":
            return `ou-${alnum(`root|${at.account}`, 4)}-${alnum(seed, 8)}`;
        case "aws:organizations/policy:Policy":
            return `p-${alnum(seed, 8)}`;
        case "aws:kms/key:Key":
            return inputs.multiRegion === true ? `mrk-${hex(seed, 32)}` : uuid(seed);
        case "aws:kms/replicaKey:ReplicaKey":
            // A replica has its primary key's id.
            return typeof inputs.primaryKeyArn === "string" ? inputs.primaryKeyArn.split("/").pop()! : `mrk-${hex(seed, 32)}`;
        case "aws:ssoadmin/permissionSet:PermissionSet":
            return `arn:aws:sso:::permissionSet/ssoins-${hex(`sso|${at.account}`, 16)}/ps-${hex(seed, 16)},arn:aws:sso:::instance/ssoins-${hex(`sso|${at.account}`, 16)}`;
        case "aws:guardduty/detector:Detector":
            return hex(seed, 32);
        // The provider's id of these, a private CA and a certificate it issued included, is the ARN.
        case "aws:networkfirewall/firewall:Firewall":
        case "aws:networkfirewall/firewallPolicy:FirewallPolicy":
        case "aws:networkfirewall/ruleGroup:RuleGroup":
        case "aws:acmpca/certificateAuthority:CertificateAuthority":
        case "aws:acmpca/certificate:Certificate":
            return arnFor(type, name, inputs, at, "");
    }
    const prefix = EC2_ID_PREFIXES[type];
    if (prefix) return `${prefix}-${hex(seed, 17)}`;
    for (const key of NAME_INPUTS) {
        const value = inputs[key];
        if (typeof value === "string" && value.length > 0) return value;
    }
    return `${name}-${hex(seed, 8)}`;
}

/** Service and resource type of an ARN `<service>:<region>:<account>:<type>/<id>` where the type's name is not its module and kebab-cased name. */
const ARN_RESOURCE_TYPES: Readonly<Record<string, readonly [string, string]>> = {
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": ["ec2", "security-group"],
    "aws:ec2/eip:Eip": ["ec2", "elastic-ip"],
    "aws:ec2/flowLog:FlowLog": ["ec2", "vpc-flow-log"],
    "aws:ec2/natGateway:NatGateway": ["ec2", "natgateway"],
    "aws:ec2transitgateway/peeringAttachment:PeeringAttachment": ["ec2", "transit-gateway-attachment"],
    "aws:ec2transitgateway/routeTable:RouteTable": ["ec2", "transit-gateway-route-table"],
    "aws:ec2transitgateway/vpcAttachment:VpcAttachment": ["ec2", "transit-gateway-attachment"],
    "aws:route53/resolverFirewallDomainList:ResolverFirewallDomainList": ["route53resolver", "firewall-domain-list"],
    "aws:route53/resolverFirewallRuleGroup:ResolverFirewallRuleGroup": ["route53resolver", "firewall-rule-group"],
    "aws:route53/resolverFirewallRuleGroupAssociation:ResolverFirewallRuleGroupAssociation": ["route53resolver", "firewall-rule-group-association"],
    "aws:route53/resolverQueryLogConfig:ResolverQueryLogConfig": ["route53resolver", "resolver-query-log-config"],
    "aws:verifiedaccess/group:Group": ["ec2", "verified-access-group"],
    "aws:verifiedaccess/instance:Instance": ["ec2", "verified-access-instance"],
    "aws:verifiedaccess/trustProvider:TrustProvider": ["ec2", "verified-access-trust-provider"],
};

/** Names of the service-linked roles programs create, by service principal (AWS names each; there is no rule). */
const SERVICE_LINKED_ROLE_NAMES: Readonly<Record<string, string>> = {
    "autoscaling.amazonaws.com": "AWSServiceRoleForAutoScaling",
    "config.amazonaws.com": "AWSServiceRoleForConfig",
};

/** A partition-correct ARN in the shape the service uses. */
export function arnFor(type: string, name: string, inputs: Record<string, unknown>, at: Placement, id: string): string {
    const partition = partitionOf(at.region);
    const { module, resource } = splitType(type);
    const named = (key: string) => (typeof inputs[key] === "string" ? (inputs[key] as string) : id || name);
    switch (type) {
        case "aws:s3/bucket:Bucket":
        case "aws:s3/bucketV2:BucketV2":
            return `arn:${partition}:s3:::${named("bucket")}`;
        case "aws:iam/role:Role":
            return `arn:${partition}:iam::${at.account}:role${(inputs.path as string) ?? "/"}${named("name")}`;
        case "aws:iam/policy:Policy":
            return `arn:${partition}:iam::${at.account}:policy${(inputs.path as string) ?? "/"}${named("name")}`;
        case "aws:iam/openIdConnectProvider:OpenIdConnectProvider":
            return `arn:${partition}:iam::${at.account}:oidc-provider/${String(inputs.url ?? name).replace(/^https:\/\//, "")}`;
        case "aws:kms/key:Key":
        case "aws:kms/replicaKey:ReplicaKey":
            return `arn:${partition}:kms:${at.region}:${at.account}:key/${id}`;
        case "aws:kms/alias:Alias":
            return `arn:${partition}:kms:${at.region}:${at.account}:${named("name")}`;
        case "aws:sns/topic:Topic":
            return `arn:${partition}:sns:${at.region}:${at.account}:${named("name")}`;
        case "aws:sqs/queue:Queue":
            return `arn:${partition}:sqs:${at.region}:${at.account}:${named("name")}`;
        case "aws:lambda/function:Function":
            return `arn:${partition}:lambda:${at.region}:${at.account}:function:${id}`;
        case "aws:cloudwatch/logGroup:LogGroup":
            return `arn:${partition}:logs:${at.region}:${at.account}:log-group:${named("name")}`;
        case "aws:cloudwatch/eventBus:EventBus":
            return `arn:${partition}:events:${at.region}:${at.account}:event-bus/${named("name")}`;
        case "aws:cloudwatch/eventRule:EventRule": {
            // A rule on a custom bus has the bus's name in its ARN (policies conditioned on aws:SourceArn name it so).
            const bus = typeof inputs.eventBusName === "string" ? inputs.eventBusName.split("/").pop() : undefined;
            return `arn:${partition}:events:${at.region}:${at.account}:rule/${bus && bus !== "default" ? `${bus}/` : ""}${named("name")}`;
        }
        case "aws:cloudtrail/trail:Trail":
            return `arn:${partition}:cloudtrail:${at.region}:${at.account}:trail/${named("name")}`;
        case "aws:organizations/organization:Organization":
            return `arn:${partition}:organizations::${at.account}:organization/${id}`;
        case "aws:organizations/account:Account":
            return `arn:${partition}:organizations::${at.account}:account/o-${alnum(`org|${at.account}`, 10)}/${id}`;
        case "aws:organizations/organizationalUnit:OrganizationalUnit":
            return `arn:${partition}:organizations::${at.account}:ou/o-${alnum(`org|${at.account}`, 10)}/${id}`;
        case "aws:organizations/policy:Policy":
            return `arn:${partition}:organizations::${at.account}:policy/o-${alnum(`org|${at.account}`, 10)}/${String(inputs.type ?? "service_control_policy").toLowerCase()}/${id}`;
        case "aws:networkfirewall/firewall:Firewall":
            return `arn:${partition}:network-firewall:${at.region}:${at.account}:firewall/${named("name")}`;
        case "aws:networkfirewall/firewallPolicy:FirewallPolicy":
            return `arn:${partition}:network-firewall:${at.region}:${at.account}:firewall-policy/${named("name")}`;
        case "aws:networkfirewall/ruleGroup:RuleGroup":
            return `arn:${partition}:network-firewall:${at.region}:${at.account}:stateful-rulegroup/${named("name")}`;
        // AWS Backup names vaults with a colon, not a slash: policies built from the ARN must match what AWS authorizes.
        case "aws:backup/vault:Vault":
            return `arn:${partition}:backup:${at.region}:${at.account}:backup-vault:${named("name")}`;
        // The shapes below are the IAM reference's resource types, which SCPs and RCPs match.
        case "aws:iam/serviceLinkedRole:ServiceLinkedRole": {
            const service = String(inputs.awsServiceName ?? name);
            return `arn:${partition}:iam::${at.account}:role/aws-service-role/${service}/${SERVICE_LINKED_ROLE_NAMES[service] ?? `AWSServiceRoleFor${service.split(".")[0]}`}`;
        }
        case "aws:cfg/recorder:Recorder":
            return `arn:${partition}:config:${at.region}:${at.account}:configuration-recorder/${named("name")}/${alnum(`recorder|${id}`, 16)}`;
        case "aws:cfg/organizationConformancePack:OrganizationConformancePack":
            return `arn:${partition}:config:${at.region}:${at.account}:organization-conformance-pack/${named("name")}-${alnum(`pack|${id}`, 8)}`;
        case "aws:cfg/configurationAggregator:ConfigurationAggregator":
            return `arn:${partition}:config:${at.region}:${at.account}:config-aggregator/config-aggregator-${alnum(`aggregator|${id}`, 8)}`;
        case "aws:cloudwatch/metricAlarm:MetricAlarm":
            return `arn:${partition}:cloudwatch:${at.region}:${at.account}:alarm:${named("name")}`;
        case "aws:cloudwatch/dashboard:Dashboard":
            // Dashboards are global: no region in their ARN.
            return `arn:${partition}:cloudwatch::${at.account}:dashboard/${named("dashboardName")}`;
        case "aws:glue/catalogDatabase:CatalogDatabase":
            return `arn:${partition}:glue:${at.region}:${at.account}:database/${named("name")}`;
        case "aws:glue/catalogTable:CatalogTable":
            return `arn:${partition}:glue:${at.region}:${at.account}:table/${String(inputs.databaseName ?? "")}/${named("name")}`;
        case "aws:athena/workgroup:Workgroup":
            return `arn:${partition}:athena:${at.region}:${at.account}:workgroup/${named("name")}`;
        case "aws:oam/sink:Sink":
        case "aws:oam/link:Link":
            // Observability Access Manager names sinks and links by a generated id, never by the sink's name.
            return `arn:${partition}:oam:${at.region}:${at.account}:${resource === "Sink" ? "sink" : "link"}/${uuid(`${type}|${at.account}|${at.region}|${name}`)}`;
        case "aws:securityhub/account:Account":
            return `arn:${partition}:securityhub:${at.region}:${at.account}:hub/default`;
        case "aws:detective/graph:Graph":
            return `arn:${partition}:detective:${at.region}:${at.account}:graph:${id}`;
        case "aws:ssm/patchBaseline:PatchBaseline":
            return `arn:${partition}:ssm:${at.region}:${at.account}:patchbaseline/${id}`;
        case "aws:ssm/serviceSetting:ServiceSetting":
            // The setting's id is its ARN, or the path after `servicesetting`.
            return String(inputs.settingId ?? "").startsWith("arn:")
                ? String(inputs.settingId)
                : `arn:${partition}:ssm:${at.region}:${at.account}:servicesetting${String(inputs.settingId ?? `/${id}`)}`;
        case "aws:accessanalyzer/analyzer:Analyzer":
            return `arn:${partition}:access-analyzer:${at.region}:${at.account}:analyzer/${named("analyzerName")}`;
        case "aws:accessanalyzer/archiveRule:ArchiveRule":
            return `arn:${partition}:access-analyzer:${at.region}:${at.account}:analyzer/${String(inputs.analyzerName)}/archive-rule/${named("ruleName")}`;
        case "aws:route53/zone:Zone":
            return `arn:${partition}:route53:::hostedzone/${id}`;
        // AWS Private CA names a CA by a generated UUID, and a certificate under its CA by a 32-hex serial-like id.
        case "aws:acmpca/certificateAuthority:CertificateAuthority":
            return `arn:${partition}:acm-pca:${at.region}:${at.account}:certificate-authority/${uuid(`${type}|${at.account}|${at.region}|${name}`)}`;
        case "aws:acmpca/certificate:Certificate": {
            const ca =
                typeof inputs.certificateAuthorityArn === "string"
                    ? inputs.certificateAuthorityArn
                    : `arn:${partition}:acm-pca:${at.region}:${at.account}:certificate-authority/unknown`;
            return `${ca}/certificate/${hex(`${type}|${at.account}|${at.region}|${name}`, 32)}`;
        }
        case "aws:ec2/vpcIpam:VpcIpam":
        case "aws:ec2/vpcIpamPool:VpcIpamPool":
            return `arn:${partition}:ec2::${at.account}:${resource === "VpcIpam" ? "ipam" : "ipam-pool"}/${id}`;
    }
    const iamType = ARN_RESOURCE_TYPES[type];
    if (iamType) return `arn:${partition}:${iamType[0]}:${at.region}:${at.account}:${iamType[1]}/${id}`;
    if (type.startsWith("aws:ec2")) return `arn:${partition}:ec2:${at.region}:${at.account}:${kebab(resource)}/${id}`;
    return `arn:${partition}:${module}:${at.region}:${at.account}:${kebab(resource)}/${id}`;
}

function kebab(s: string): string {
    return s.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
}
