import { z } from "zod";
import { AWS_REGIONS, ipv4CidrSchema, logicalNameSchema, regionSchema } from "./common";
import { DOMAIN_LIST_ID, MANAGED_DOMAIN_LIST_NAMES } from "../../components/network/dns-firewall";
import { egressRules, INTERNET_EGRESS_PORT } from "../../components/network/segment-rules";
import { evaluateFlow, FirewallPolicyModel, parseRules } from "../../components/network/firewall-evaluation";
import { SEGMENTS } from "../../components/shared/config-types";

/** Routing segments; each has its own TGW route table. Inspection is always added. */
export const segmentSchema = z.enum(SEGMENTS);
export type Segment = z.infer<typeof segmentSchema>;

/** Where the operator finds a managed list's id; the key path of a problem names the region. */
const listIdExpected = (key: keyof typeof MANAGED_DOMAIN_LIST_NAMES) =>
    `rslvr-fdl- followed by 8-17 hex digits: the Id of ${MANAGED_DOMAIN_LIST_NAMES[key]} that aws route53resolver list-firewall-domain-lists --region <region> prints`;

/** The id AWS gives one managed list in one region; required, since the provider cannot look it up by name. */
const managedListIdSchema = (key: keyof typeof MANAGED_DOMAIN_LIST_NAMES) =>
    z
        .string({ error: (issue) => (issue.input === undefined ? `missing required value (expected ${listIdExpected(key)})` : undefined) })
        .regex(DOMAIN_LIST_ID, `not a DNS Firewall domain list id (expected ${listIdExpected(key)})`);

const regionNetworkSchema = z.strictObject({
    /** The region's top-level IPAM pool; every CIDR below must sit inside it. */
    cidr: ipv4CidrSchema,
    /** One IPAM pool per segment, carved from the region's CIDR. */
    pools: z.strictObject({ prod: ipv4CidrSchema, nonprod: ipv4CidrSchema, shared: ipv4CidrSchema }),
    /** Inspection VPC (Network Firewall and central NAT egress); from the shared pool. */
    inspectionCidr: ipv4CidrSchema,
    /** Central interface endpoints VPC; from the shared pool. */
    endpointsCidr: ipv4CidrSchema,
    /** Private ASN of the region's Transit Gateway. */
    transitGatewayAsn: z.number().int().min(64512).max(65534),
    availabilityZones: z.number().int().min(2).max(4).default(3),
    /**
     * The AZ ids to use (aws ec2 describe-availability-zones --region <r> --query "AvailabilityZones[].ZoneId"),
     * where not every number exists for every account (us-east-1, us-west-1, ap-northeast-1); default the
     * first `availabilityZones` of <region code>-az1, -az2, ...
     */
    availabilityZoneIds: z.array(z.string().regex(/^[a-z]+[0-9]+-az[0-9]+$/, "not an AZ id (expected e.g. euw1-az1)")).optional(),
    /**
     * Ids of the AWS-managed DNS Firewall domain lists in this region (they differ per region and the
     * provider cannot look them up by name): `aws route53resolver list-firewall-domain-lists --region <r>
     * --query "FirewallDomainLists[?ManagedOwnerName!=null].[Name,Id]"`.
     */
    dnsFirewallManagedDomainLists: z.strictObject(
        {
            /** AWSManagedDomainsAggregateThreatList */
            aggregateThreats: managedListIdSchema("aggregateThreats"),
            /** AWSManagedDomainsMalwareDomainList */
            malware: managedListIdSchema("malware"),
            /** AWSManagedDomainsBotnetCommandandControl */
            botnetCommandAndControl: managedListIdSchema("botnetCommandAndControl"),
        },
        {
            error: (issue) =>
                issue.input === undefined
                    ? `missing required value (expected the region's AWS-managed DNS Firewall list ids ${Object.keys(MANAGED_DOMAIN_LIST_NAMES).join(", ")}, each rslvr-fdl- followed by 8-17 hex digits, from aws route53resolver list-firewall-domain-lists --region <region>)`
                    : undefined,
        },
    ),
});

/**
 * Managed list ids that cannot be right: AWS gives each list its own id and each region its own ids, so
 * one id under two lists, or in two regions, is a copy that AWS would resolve to the wrong list or not at all.
 */
export function managedDomainListProblems(regions: Readonly<Record<string, RegionNetworkConfig>>): { path: (string | number)[]; message: string }[] {
    const problems: { path: (string | number)[]; message: string }[] = [];
    const seen = new Map<string, { region: string; key: string }>();
    for (const [region, plan] of Object.entries(regions)) {
        const lists: unknown = plan?.dnsFirewallManagedDomainLists;
        if (lists === null || typeof lists !== "object" || Array.isArray(lists)) continue; // the schema names it
        for (const [key, id] of Object.entries(lists)) {
            if (typeof id !== "string") continue; // the schema names it
            const path = ["network", "regions", region, "dnsFirewallManagedDomainLists", key];
            const first = seen.get(id);
            if (!first) seen.set(id, { region, key });
            else if (first.region === region)
                problems.push({
                    path,
                    message: `the same id as ${first.key} (expected the Id of ${MANAGED_DOMAIN_LIST_NAMES[key as keyof typeof MANAGED_DOMAIN_LIST_NAMES] ?? key}: each AWS-managed list has its own id; aws route53resolver list-firewall-domain-lists --region ${region})`,
                });
            else
                problems.push({
                    path,
                    message: `the id configured for ${first.region} (expected ${region}'s own id: AWS-managed list ids differ per region; aws route53resolver list-firewall-domain-lists --region ${region})`,
                });
        }
    }
    return problems;
}

/**
 * Names anyone can create under AWS's shared domains, in every region: an S3 bucket (virtual-hosted, dual-stack,
 * legacy dash and global names), an API Gateway API, a Lambda function URL. Allowed on SNI, each is a way out
 * for data to an account outside the organization; only S3 in a spoke's own region has an org-only path (the
 * gateway endpoint), and that path never reaches the firewall.
 */
function namesAnyoneCanCreate(): string[] {
    return [
        "any-bucket.s3.amazonaws.com",
        ...AWS_REGIONS.flatMap((r) => [
            `any-bucket.s3.${r}.amazonaws.com`,
            `any-bucket.s3.dualstack.${r}.amazonaws.com`,
            `any-bucket.s3-${r}.amazonaws.com`,
            `any-api.execute-api.${r}.amazonaws.com`,
            `any-function.lambda-url.${r}.on.aws`,
        ]),
    ];
}

/**
 * Egress entries that let out names anyone can create (`.amazonaws.com`, `.s3.eu-west-1.amazonaws.com`, ...).
 * Each entry's own rule is run through the firewall model the reachability analysis uses, so this check
 * and the firewall agree on what an entry matches.
 */
export function egressDomainProblems(network: Pick<NetworkConfig, "egressAllowedDomains">): { path: (string | number)[]; message: string }[] {
    const names = namesAnyoneCanCreate();
    return network.egressAllowedDomains.flatMap((domain, i) => {
        const policy: FirewallPolicyModel = {
            name: "egress",
            groups: [{ name: "egress", rules: parseRules(egressRules([domain]).rules.join("\n")), variables: { HOME_NET: ["10.0.0.0/8"] } }],
            variables: {},
            defaultActions: ["aws:drop_established"],
            homeNetDefault: [],
        };
        const leak = names.find(
            (sni) =>
                evaluateFlow(policy, { protocol: "tcp", src: "10.0.0.10", srcPort: 49152, dst: "203.0.113.10", dstPort: INTERNET_EGRESS_PORT, sni }).action ===
                "pass",
        );
        return leak
            ? [
                  {
                      path: ["network", "egressAllowedDomains", i],
                      message: `lets out names anyone can create, e.g. ${leak} (any S3 bucket, API Gateway API or Lambda function URL under it is a way out for data) (expected exact hosts, e.g. monitoring.eu-west-1.amazonaws.com, or a suffix only you name hosts under; every configured region's interface endpoint hosts are allowed already, and S3 in a spoke's region goes through the org-only gateway endpoint)`,
                  },
              ]
            : [];
    });
}

export const spokeSchema = z.strictObject({
    /** Stable logical name of the spoke VPC. */
    name: logicalNameSchema,
    /** Workload or core account (logical name) that owns the VPC. */
    account: logicalNameSchema,
    region: regionSchema,
    segment: segmentSchema,
    cidr: ipv4CidrSchema,
    /** Private subnet tiers, one subnet per tier and availability zone. */
    tiers: z.array(logicalNameSchema).min(1).max(4).default(["app", "data"]),
    /** Prefix length of each tier subnet. */
    subnetPrefixLength: z.number().int().min(16).max(28).default(24),
});

const eastWestRuleSchema = z.strictObject({
    from: segmentSchema,
    to: segmentSchema,
    protocol: z.enum(["tcp", "udp"]).default("tcp"),
    ports: z.array(z.number().int().min(1).max(65535)).min(1),
    description: z.string().min(1),
});

export const networkSchema = z.strictObject({
    regions: z.record(regionSchema, regionNetworkSchema),
    spokes: z.array(spokeSchema).default([]),
    /** Flows between spokes the firewall allows (from and to may be one segment: it is inspected too); everything else drops. */
    eastWest: z.array(eastWestRuleSchema).default([]),
    /** Domains spokes may reach on the internet through central egress, matched on TLS SNI only (no plain-HTTP rules exist). */
    egressAllowedDomains: z.array(z.string().regex(/^\.?[a-z0-9-]+(\.[a-z0-9-]+)+$/, "not a domain (expected example.com or .example.com)")).default([]),
    /** Domains the DNS Firewall blocks on top of the AWS-managed threat lists. */
    dnsBlockedDomains: z.array(z.string().min(3)).default([]),
    /** VPC ids exempt from VPC Block Public Access, each with a reason. */
    blockPublicAccessExclusions: z
        .array(
            z.strictObject({
                account: logicalNameSchema,
                vpcId: z.string().regex(/^vpc-[0-9a-f]{8,17}$/),
                reason: z.string().min(10),
                /** Region of the VPC; the home region when omitted. */
                region: regionSchema.optional(),
                /** allow-egress keeps inbound blocked; allow-bidirectional opens both directions. */
                mode: z.enum(["allow-egress", "allow-bidirectional"]).default("allow-egress"),
            }),
        )
        .default([]),
    /** Segments routed across the peering between regions' hubs; the others stay inside their region. */
    crossRegionSegments: z.array(segmentSchema).default(["prod", "shared"]),
    /** Interface endpoint services centralised in each region's endpoints VPC. */
    interfaceEndpoints: z
        .array(z.string().regex(/^[a-z0-9.-]+$/))
        .default(["sts", "ssm", "ssmmessages", "ec2messages", "kms", "logs", "secretsmanager", "ecr.api", "ecr.dkr"]),
});

export type NetworkConfig = z.infer<typeof networkSchema>;
export type SpokeConfig = z.infer<typeof spokeSchema>;
export type RegionNetworkConfig = z.infer<typeof regionNetworkSchema>;
