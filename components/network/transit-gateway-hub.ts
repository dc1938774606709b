import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { flowLogToArchive, shareWithOrganization } from "./share";

/** Route tables of a hub: one per segment, one for traffic leaving inspection, one for traffic arriving from peered regions. */
export const HUB_ROUTE_TABLES = ["prod", "nonprod", "shared", "inspection", "peering"] as const;
export type HubRouteTable = (typeof HUB_ROUTE_TABLES)[number];

export interface TransitGatewayHubArgs {
    /** Region the hub serves (names and descriptions). */
    readonly region: string;
    /** Private ASN of the transit gateway; unique per region for peering. */
    readonly amazonSideAsn: number;
    /** Organization ARN the transit gateway is shared with through RAM. */
    readonly organizationArn: pulumi.Input<string>;
    /** RAM sharing with the organization; the share's organization principal association waits for it. */
    readonly ramSharing: aws.ram.SharingWithOrganization;
    /** Central flow-log bucket ARN (log-archive account). */
    readonly flowLogBucketArn: string;
}

/** How an attachment joins the hub: the one route table it uses, the tables that learn its CIDR. */
export interface HubAttachment {
    /** Transit gateway attachment id (VPC or peering). */
    readonly attachmentId: pulumi.Input<string>;
    /** Route table the attachment's traffic is looked up in. */
    readonly associateWith: HubRouteTable;
    /** Route tables that learn the attachment's CIDR by propagation. */
    readonly propagateTo: readonly HubRouteTable[];
}

/**
 * A region's Transit Gateway in the network account. Nothing is associated or propagated by default and
 * shared attachments wait for acceptance, so an attachment reaches nothing until the hub says where it
 * belongs: segment tables send everything to inspection, the inspection table knows every VPC.
 */
export class TransitGatewayHub extends pulumi.ComponentResource {
    readonly transitGateway: aws.ec2transitgateway.TransitGateway;
    readonly routeTables: Readonly<Record<HubRouteTable, aws.ec2transitgateway.RouteTable>>;
    /** RAM associations; attachments from member accounts depend on them. */
    readonly shared: pulumi.Resource[];
    private readonly name: string;

    constructor(name: string, args: TransitGatewayHubArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:network:TransitGatewayHub", name, {}, opts);
        if (args.amazonSideAsn < 64512 || args.amazonSideAsn > 65534)
            throw new Error(`TransitGatewayHub ${name}: amazonSideAsn ${args.amazonSideAsn} is not a private 16-bit ASN (expected 64512-65534)`);
        this.name = name;
        const child = { parent: this };

        this.transitGateway = new aws.ec2transitgateway.TransitGateway(
            `${name}-tgw`,
            {
                description: `Landing zone hub (${args.region})`,
                amazonSideAsn: args.amazonSideAsn,
                autoAcceptSharedAttachments: "disable",
                defaultRouteTableAssociation: "disable",
                defaultRouteTablePropagation: "disable",
                dnsSupport: "enable",
                vpnEcmpSupport: "enable",
                multicastSupport: "disable",
                // Security groups of other VPCs must not be referenced across the hub: segments talk through the firewall.
                securityGroupReferencingSupport: "disable",
                tags: { Name: `${name}-tgw` },
            },
            child,
        );
        const tables = {} as Record<HubRouteTable, aws.ec2transitgateway.RouteTable>;
        for (const table of HUB_ROUTE_TABLES) {
            tables[table] = new aws.ec2transitgateway.RouteTable(
                `${name}-rt-${table}`,
                { transitGatewayId: this.transitGateway.id, tags: { Name: `${name}-${table}`, Segment: table } },
                child,
            );
        }
        this.routeTables = tables;
        this.shared = shareWithOrganization(
            `${name}-tgw`,
            { organizationArn: args.organizationArn, ramSharing: args.ramSharing, resources: { tgw: this.transitGateway.arn } },
            child,
        );
        flowLogToArchive(`${name}-tgw-flow-log`, { transitGatewayId: this.transitGateway.id }, args.flowLogBucketArn, child);

        this.registerOutputs({ transitGatewayId: this.transitGateway.id });
    }

    /** Associates an attachment with one route table and propagates it to others. `key` names the attachment stably. */
    attach(key: string, attachment: HubAttachment): pulumi.Resource[] {
        const child = { parent: this };
        const association = new aws.ec2transitgateway.RouteTableAssociation(
            `${this.name}-assoc-${key}`,
            { transitGatewayAttachmentId: attachment.attachmentId, transitGatewayRouteTableId: this.routeTables[attachment.associateWith].id },
            child,
        );
        const propagations = attachment.propagateTo.map(
            (table) =>
                new aws.ec2transitgateway.RouteTablePropagation(
                    `${this.name}-prop-${key}-${table}`,
                    { transitGatewayAttachmentId: attachment.attachmentId, transitGatewayRouteTableId: this.routeTables[table].id },
                    child,
                ),
        );
        return [association, ...propagations];
    }

    /** A static route in one of the hub's tables. `key` names the route stably. */
    route(key: string, table: HubRouteTable, destinationCidrBlock: string, attachmentId: pulumi.Input<string>): aws.ec2transitgateway.Route {
        return new aws.ec2transitgateway.Route(
            `${this.name}-route-${table}-${key}`,
            { transitGatewayRouteTableId: this.routeTables[table].id, destinationCidrBlock, transitGatewayAttachmentId: attachmentId },
            { parent: this },
        );
    }
}
