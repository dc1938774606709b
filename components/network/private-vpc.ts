import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { cidrKey } from "./cidr";
import { vpcBaseline } from "./share";

/**
 * Building blocks every VPC of the landing zone shares (hub and spoke alike): an IPAM-allocated VPC with
 * the zero-trust baseline, private subnets per role and AZ, a transit gateway attachment that never joins
 * the default route table, and routes to a list of CIDRs. Resource names are `${name}-<role>...` as the
 * components always wrote them, so a URN never depends on which component called.
 */

/** A VPC's IPAM allocation, its role tags and where its flow logs go. */
export interface PrivateVpcArgs {
    readonly cidr: string;
    readonly ipamPoolId: pulumi.Input<string>;
    /** NetworkRole tag: spoke, inspection or endpoints (the pack and reachability read it). */
    readonly networkRole: string;
    /** Segment tag. */
    readonly segment: string;
    readonly flowLogBucketArn: string;
}

/** The VPC (options `opts`, e.g. waiting for shared ids) and its baseline (children of the same parent). */
export function privateVpc(name: string, args: PrivateVpcArgs, opts: pulumi.CustomResourceOptions): aws.ec2.Vpc {
    const vpc = new aws.ec2.Vpc(
        `${name}-vpc`,
        {
            cidrBlock: args.cidr,
            ipv4IpamPoolId: args.ipamPoolId,
            enableDnsSupport: true,
            enableDnsHostnames: true,
            tags: { Name: `${name}-vpc`, NetworkRole: args.networkRole, Segment: args.segment },
        },
        opts,
    );
    vpcBaseline(name, vpc, args.flowLogBucketArn, { parent: opts.parent });
    return vpc;
}

/** Subnets by role (or tier), then AZ id. */
export type SubnetsByRole = ReadonlyMap<string, ReadonlyMap<string, aws.ec2.Subnet>>;

/**
 * One private subnet (`${name}-${role}-${az}`, no public addresses) per role and AZ of `plan`
 * (role -> AZ id -> CIDR), registered role by role in the plan's order.
 */
export function privateSubnets(
    name: string,
    vpcId: pulumi.Input<string>,
    plan: ReadonlyMap<string, ReadonlyMap<string, string>>,
    opts: pulumi.CustomResourceOptions,
): Map<string, Map<string, aws.ec2.Subnet>> {
    const subnets = new Map<string, Map<string, aws.ec2.Subnet>>();
    for (const [role, zones] of plan) {
        const byZone = new Map<string, aws.ec2.Subnet>();
        for (const [az, cidrBlock] of zones) {
            byZone.set(
                az,
                new aws.ec2.Subnet(
                    `${name}-${role}-${az}`,
                    { vpcId, cidrBlock, availabilityZoneId: az, mapPublicIpOnLaunch: false, tags: { Name: `${name}-${role}-${az}`, Tier: role } },
                    opts,
                ),
            );
        }
        subnets.set(role, byZone);
    }
    return subnets;
}

/** Every subnet of `subnets`, role by role. */
export function allSubnets(subnets: SubnetsByRole): aws.ec2.Subnet[] {
    return [...subnets.values()].flatMap((zones) => [...zones.values()]);
}

/** Associates each subnet with `routeTableId`, one association `${name}-rta-${role}-${az}` each. */
export function associateSubnets(name: string, routeTableId: pulumi.Input<string>, subnets: SubnetsByRole, opts: pulumi.CustomResourceOptions): void {
    for (const [role, zones] of subnets)
        for (const [az, subnet] of zones) new aws.ec2.RouteTableAssociation(`${name}-rta-${role}-${az}`, { routeTableId, subnetId: subnet.id }, opts);
}

/**
 * Hub route tables are chosen per attachment (segmented routing): an attachment that joined the default
 * table or propagated into it would reach every segment. Set on the attachment or, across accounts, its accepter.
 */
export const NO_DEFAULT_ROUTE_TABLE = { transitGatewayDefaultRouteTableAssociation: false, transitGatewayDefaultRouteTablePropagation: false } as const;

/** The attachment of a VPC in the transit gateway's own account (`${name}-attachment`). */
export function hubVpcAttachment(
    name: string,
    args: {
        readonly transitGatewayId: pulumi.Input<string>;
        readonly vpcId: pulumi.Input<string>;
        readonly subnets: readonly aws.ec2.Subnet[];
        /** Keeps both directions of a flow in one AZ (an inspection appliance must see whole flows). */
        readonly applianceMode?: boolean;
    },
    opts: pulumi.CustomResourceOptions,
): aws.ec2transitgateway.VpcAttachment {
    return new aws.ec2transitgateway.VpcAttachment(
        `${name}-attachment`,
        {
            transitGatewayId: args.transitGatewayId,
            vpcId: args.vpcId,
            subnetIds: args.subnets.map((s) => s.id),
            ...(args.applianceMode ? { applianceModeSupport: "enable" } : {}),
            dnsSupport: "enable",
            ...NO_DEFAULT_ROUTE_TABLE,
            tags: { Name: `${name}-attachment` },
        },
        opts,
    );
}

/** Routes `${prefix}-${cidrKey(cidr)}` from a route table to each CIDR through one target. */
export function routesTo(
    prefix: string,
    routeTableId: pulumi.Input<string>,
    cidrs: readonly string[],
    target: { readonly transitGatewayId: pulumi.Input<string> } | { readonly vpcEndpointId: pulumi.Input<string> },
    opts: pulumi.CustomResourceOptions,
): void {
    for (const cidr of cidrs) new aws.ec2.Route(`${prefix}-${cidrKey(cidr)}`, { routeTableId, destinationCidrBlock: cidr, ...target }, opts);
}
