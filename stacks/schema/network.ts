import { z } from "zod";
import { ipv4CidrSchema, logicalNameSchema, regionSchema } from "./common";

/** Routing segments; each has its own TGW route table. Inspection is always added. */
export const segmentSchema = z.enum(["prod", "nonprod", "shared"]);
export type Segment = z.infer<typeof segmentSchema>;

const firewallDomainListIdSchema = z.string().regex(/^rslvr-fdl-[0-9a-f]{8,17}$/, "not a DNS Firewall domain list id (expected rslvr-fdl-...)");

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
     * Ids of the AWS-managed DNS Firewall domain lists in this region (they differ per region and the
     * provider cannot look them up by name): `aws route53resolver list-firewall-domain-lists --region <r>
     * --query "FirewallDomainLists[?ManagedOwnerName!=null].[Name,Id]"`.
     */
    dnsFirewallManagedDomainLists: z.strictObject({
        /** AWSManagedDomainsAggregateThreatList */
        aggregateThreats: firewallDomainListIdSchema,
        /** AWSManagedDomainsMalwareDomainList */
        malware: firewallDomainListIdSchema,
        /** AWSManagedDomainsBotnetCommandandControl */
        botnetCommandAndControl: firewallDomainListIdSchema,
    }),
});

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
