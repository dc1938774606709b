import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { Segment } from "../shared/config-types";
import { gatewayEndpointPolicy, GatewayEndpointService } from "../policies/network";
import { toJson } from "../policies/document";
import { planSpokeSubnets } from "./cidr";
import { MAX_NACL_RULES, NaclRule } from "./segment-rules";
import { protectVpcDns } from "./dns-firewall";
import { vpcBaseline } from "./share";

export interface SpokeVpcArgs {
    /** Region of the spoke (service names of gateway endpoints). */
    readonly region: string;
    /** Segment the spoke belongs to (tags; the hub decides routing). */
    readonly segment: Segment;
    /** VPC CIDR from the segment's pool. */
    readonly cidr: string;
    /** IPAM pool (shared by the network account) the CIDR is allocated from. */
    readonly ipamPoolId: pulumi.Input<string>;
    /** Private subnet tiers, one subnet per tier and AZ. */
    readonly tiers: readonly string[];
    /** Prefix length of each tier subnet. */
    readonly subnetPrefixLength: number;
    /** AZ ids (physical zones, the same in every account), in order: each spoke AZ meets a hub ENI in the same zone. */
    readonly availabilityZoneIds: readonly string[];
    /** The region's transit gateway (network account, shared by RAM). */
    readonly transitGatewayId: pulumi.Input<string>;
    /** Provider of the network account in the spoke's region: accepts the attachment. */
    readonly networkProvider: aws.Provider;
    /** NACL entries derived from the segment's rules. */
    readonly naclRules: { readonly ingress: readonly NaclRule[]; readonly egress: readonly NaclRule[] };
    /** Organization id gateway endpoint policies require. */
    readonly organizationId: pulumi.Input<string>;
    /** DNS Firewall rule group (shared) associated with the VPC. */
    readonly dnsFirewallRuleGroupId: pulumi.Input<string>;
    /** Resolver query log config (shared) associated with the VPC. */
    readonly queryLogConfigId: pulumi.Input<string>;
    /** Route 53 profile of the central endpoints' zones (shared). */
    readonly endpointsProfileId: pulumi.Input<string>;
    /** RAM associations that must exist before shared ids can be used here. */
    readonly sharedResources: readonly pulumi.Resource[];
    /** Central flow-log bucket ARN. */
    readonly flowLogBucketArn: string;
}

/**
 * A workload VPC in its own account: private subnets only (no internet gateway, no public addresses),
 * one default route to the transit gateway, NACLs that deny everything the segment's rules do not allow,
 * a default security group with no rules, S3/DynamoDB gateway endpoints limited to the organization,
 * DNS Firewall, query logging and the central endpoints' zones.
 */
export class SpokeVpc extends pulumi.ComponentResource {
    readonly vpc: aws.ec2.Vpc;
    readonly attachment: aws.ec2transitgateway.VpcAttachment;
    /** The network account's acceptance; hub associations use its attachment id. */
    readonly accepter: aws.ec2transitgateway.VpcAttachmentAccepter;
    readonly subnets: ReadonlyMap<string, aws.ec2.Subnet>;

    constructor(name: string, args: SpokeVpcArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:network:SpokeVpc", name, {}, opts);
        if (args.tiers.length === 0) throw new Error(`SpokeVpc ${name}: tiers is empty (expected at least one private tier such as app)`);
        for (const direction of ["ingress", "egress"] as const) {
            const rules = args.naclRules[direction];
            if (rules.length > MAX_NACL_RULES)
                throw new Error(
                    `SpokeVpc ${name}: ${rules.length} ${direction} NACL rules (expected at most ${MAX_NACL_RULES}, the AWS quota; fewer eastWest ports or pools)`,
                );
            if (!rules.some((r) => r.action === "deny"))
                throw new Error(`SpokeVpc ${name}: ${direction} NACL rules have no deny of the organization's space (expected spokeNaclRules output)`);
        }
        const child = { parent: this };
        const zones = args.availabilityZoneIds;
        const plan = planSpokeSubnets(args.cidr, args.tiers, zones, args.subnetPrefixLength, `SpokeVpc ${name}`);

        this.vpc = new aws.ec2.Vpc(
            `${name}-vpc`,
            {
                cidrBlock: args.cidr,
                ipv4IpamPoolId: args.ipamPoolId,
                enableDnsSupport: true,
                enableDnsHostnames: true,
                tags: { Name: `${name}-vpc`, NetworkRole: "spoke", Segment: args.segment },
            },
            { parent: this, dependsOn: [...args.sharedResources] },
        );
        vpcBaseline(name, this.vpc, args.flowLogBucketArn, child);

        const subnets = new Map<string, aws.ec2.Subnet>();
        const subnet = (key: string, cidr: string, az: string, tier: string) => {
            const s = new aws.ec2.Subnet(
                `${name}-${key}`,
                { vpcId: this.vpc.id, cidrBlock: cidr, availabilityZoneId: az, mapPublicIpOnLaunch: false, tags: { Name: `${name}-${key}`, Tier: tier } },
                child,
            );
            subnets.set(key, s);
            return s;
        };
        const tierSubnets = args.tiers.flatMap((tier) => zones.map((az) => subnet(`${tier}-${az}`, plan.tiers.get(tier)!.get(az)!, az, tier)));
        const attachmentSubnets = zones.map((az) => subnet(`attachment-${az}`, plan.attachment.get(az)!, az, "attachment"));
        this.subnets = subnets;

        new aws.ec2.NetworkAcl(
            `${name}-nacl`,
            {
                vpcId: this.vpc.id,
                subnetIds: [...subnets.values()].map((s) => s.id),
                ingress: args.naclRules.ingress.map((r) => ({ ...r })),
                egress: args.naclRules.egress.map((r) => ({ ...r })),
                tags: { Name: `${name}-nacl`, Segment: args.segment },
            },
            child,
        );

        this.attachment = new aws.ec2transitgateway.VpcAttachment(
            `${name}-attachment`,
            {
                transitGatewayId: args.transitGatewayId,
                vpcId: this.vpc.id,
                subnetIds: attachmentSubnets.map((s) => s.id),
                dnsSupport: "enable",
                tags: { Name: `${name}-attachment`, Segment: args.segment },
            },
            { parent: this, dependsOn: [...args.sharedResources] },
        );
        this.accepter = new aws.ec2transitgateway.VpcAttachmentAccepter(
            `${name}-attachment-accepter`,
            {
                transitGatewayAttachmentId: this.attachment.id,
                transitGatewayDefaultRouteTableAssociation: false,
                transitGatewayDefaultRouteTablePropagation: false,
                tags: { Name: `${name}-attachment`, Segment: args.segment },
            },
            { parent: this, provider: args.networkProvider },
        );

        const workloadRt = new aws.ec2.RouteTable(`${name}-rt-workload`, { vpcId: this.vpc.id, tags: { Name: `${name}-workload` } }, child);
        new aws.ec2.Route(
            `${name}-route-default`,
            { routeTableId: workloadRt.id, destinationCidrBlock: "0.0.0.0/0", transitGatewayId: args.transitGatewayId },
            { parent: this, dependsOn: [this.accepter] },
        );
        tierSubnets.forEach(
            (s, i) =>
                new aws.ec2.RouteTableAssociation(
                    `${name}-rta-${args.tiers[Math.floor(i / zones.length)]}-${zones[i % zones.length]}`,
                    { routeTableId: workloadRt.id, subnetId: s.id },
                    child,
                ),
        );
        // Attachment subnets need only the local route; their own table keeps them off the main table.
        const attachmentRt = new aws.ec2.RouteTable(`${name}-rt-attachment`, { vpcId: this.vpc.id, tags: { Name: `${name}-attachment` } }, child);
        attachmentSubnets.forEach(
            (s, i) => new aws.ec2.RouteTableAssociation(`${name}-rta-attachment-${zones[i]}`, { routeTableId: attachmentRt.id, subnetId: s.id }, child),
        );

        for (const service of ["s3", "dynamodb"] as GatewayEndpointService[]) {
            new aws.ec2.VpcEndpoint(
                `${name}-${service}`,
                {
                    vpcId: this.vpc.id,
                    serviceName: `com.amazonaws.${args.region}.${service}`,
                    vpcEndpointType: "Gateway",
                    routeTableIds: [workloadRt.id],
                    policy: pulumi.output(args.organizationId).apply((id) => toJson(gatewayEndpointPolicy(id, service, args.region))),
                    tags: { Name: `${name}-${service}` },
                },
                child,
            );
        }

        const afterShare = { parent: this, dependsOn: [...args.sharedResources] };
        protectVpcDns(name, { vpcId: this.vpc.id, ruleGroupId: args.dnsFirewallRuleGroupId, queryLogConfigId: args.queryLogConfigId }, afterShare);
        new aws.route53.ProfilesAssociation(
            `${name}-endpoints-profile`,
            { name: `${name}-endpoints`, profileId: args.endpointsProfileId, resourceId: this.vpc.id },
            afterShare,
        );

        this.registerOutputs({ vpcId: this.vpc.id, attachmentId: this.attachment.id });
    }
}
