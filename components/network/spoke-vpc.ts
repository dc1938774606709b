import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { Segment } from "../shared/config-types";
import { gatewayEndpointPolicy, GatewayEndpointService } from "../policies/network";
import { toJson } from "../policies/document";
import { planSpokeSubnets } from "./cidr";
import { MAX_NACL_RULES, NaclRule } from "./segment-rules";
import { protectVpcDns } from "./dns-firewall";
import { allSubnets, associateSubnets, NO_DEFAULT_ROUTE_TABLE, privateSubnets, privateVpc } from "./private-vpc";

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

        this.vpc = privateVpc(
            name,
            { cidr: args.cidr, ipamPoolId: args.ipamPoolId, networkRole: "spoke", segment: args.segment, flowLogBucketArn: args.flowLogBucketArn },
            { parent: this, dependsOn: [...args.sharedResources] },
        );
        const tierSubnets = privateSubnets(name, this.vpc.id, plan.tiers, child);
        const attachmentSubnets = privateSubnets(name, this.vpc.id, new Map([["attachment", plan.attachment]]), child);
        this.subnets = new Map(
            [...tierSubnets, ...attachmentSubnets].flatMap(([tier, zones]) => [...zones].map(([az, subnet]) => [`${tier}-${az}`, subnet] as const)),
        );

        new aws.ec2.NetworkAcl(
            `${name}-nacl`,
            {
                vpcId: this.vpc.id,
                subnetIds: [...this.subnets.values()].map((s) => s.id),
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
                subnetIds: allSubnets(attachmentSubnets).map((s) => s.id),
                dnsSupport: "enable",
                tags: { Name: `${name}-attachment`, Segment: args.segment },
            },
            { parent: this, dependsOn: [...args.sharedResources] },
        );
        this.accepter = new aws.ec2transitgateway.VpcAttachmentAccepter(
            `${name}-attachment-accepter`,
            {
                transitGatewayAttachmentId: this.attachment.id,
                ...NO_DEFAULT_ROUTE_TABLE,
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
        associateSubnets(name, workloadRt.id, tierSubnets, child);
        // Attachment subnets need only the local route; their own table keeps them off the main table.
        const attachmentRt = new aws.ec2.RouteTable(`${name}-rt-attachment`, { vpcId: this.vpc.id, tags: { Name: `${name}-attachment` } }, child);
        associateSubnets(name, attachmentRt.id, attachmentSubnets, child);

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
