import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { interfaceEndpointPolicy } from "../policies/network";
import { toJson } from "../policies/document";
import { assertUnique } from "../shared/lists";
import { planHubSubnets } from "./cidr";
import { allSubnets, associateSubnets, hubVpcAttachment, privateSubnets, privateVpc, routesTo } from "./private-vpc";
import { endpointDnsName, endpointsNaclRules } from "./segment-rules";
import { shareWithOrganization } from "./share";

export interface EndpointsVpcArgs {
    /** Region the endpoints serve. */
    readonly region: string;
    /** VPC CIDR (from the shared pool). */
    readonly cidr: string;
    /** IPAM pool the CIDR is allocated from. */
    readonly ipamPoolId: pulumi.Input<string>;
    /** AZ ids (physical zones, the same in every account), in order: each spoke AZ meets a hub ENI in the same zone. */
    readonly availabilityZoneIds: readonly string[];
    /** Transit gateway the VPC attaches to (same account). */
    readonly transitGatewayId: pulumi.Input<string>;
    /** Interface endpoint services (short names: "sts", "ecr.api", ...). */
    readonly services: readonly string[];
    /** The organization's address space: the only clients the endpoints accept. */
    readonly organizationCidrs: readonly string[];
    /** Organization id every caller must belong to (endpoint policy). */
    readonly organizationId: pulumi.Input<string>;
    /** Organization ARN the Route 53 profile is shared with. */
    readonly organizationArn: pulumi.Input<string>;
    /** RAM sharing with the organization; the share's organization principal association waits for it. */
    readonly ramSharing: aws.ram.SharingWithOrganization;
    /** Central flow-log bucket ARN. */
    readonly flowLogBucketArn: string;
}

/**
 * Central interface endpoints of a region. Endpoints keep private DNS off; instead one private hosted
 * zone per service answers the public service name with the endpoint's address, and a Route 53 profile
 * carrying every zone is shared with the organization, so a spoke gets all of them with one association.
 */
export class EndpointsVpc extends pulumi.ComponentResource {
    readonly vpc: aws.ec2.Vpc;
    readonly attachment: aws.ec2transitgateway.VpcAttachment;
    readonly profile: aws.route53.ProfilesProfile;
    /** RAM associations of the profile; spoke profile associations depend on them. */
    readonly shared: pulumi.Resource[];
    readonly endpoints: ReadonlyMap<string, aws.ec2.VpcEndpoint>;

    constructor(name: string, args: EndpointsVpcArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:network:EndpointsVpc", name, {}, opts);
        if (args.services.length === 0) throw new Error(`EndpointsVpc ${name}: services is empty (expected at least sts, ssm, kms, logs)`);
        assertUnique(`EndpointsVpc ${name}`, "services", args.services, "service");
        const child = { parent: this };
        const zones = args.availabilityZoneIds;
        const plan = planHubSubnets(args.cidr, ["endpoints", "attachment"], zones, 26, `EndpointsVpc ${name}`);

        this.vpc = privateVpc(
            name,
            { cidr: args.cidr, ipamPoolId: args.ipamPoolId, networkRole: "endpoints", segment: "shared", flowLogBucketArn: args.flowLogBucketArn },
            child,
        );
        const subnets = privateSubnets(name, this.vpc.id, plan, child);
        const endpointSubnets = [...subnets.get("endpoints")!.values()];

        // Spokes reach endpoints on TLS only; return traffic goes back on ephemeral ports.
        const naclRules = endpointsNaclRules(args.cidr, args.organizationCidrs);
        new aws.ec2.NetworkAcl(
            `${name}-nacl`,
            {
                vpcId: this.vpc.id,
                subnetIds: allSubnets(subnets).map((s) => s.id),
                ingress: naclRules.ingress.map((r) => ({ ...r })),
                egress: naclRules.egress.map((r) => ({ ...r })),
                tags: { Name: `${name}-nacl` },
            },
            child,
        );
        const securityGroup = new aws.ec2.SecurityGroup(
            `${name}-endpoints-sg`,
            {
                vpcId: this.vpc.id,
                description: "Interface endpoints: TLS from the organization's networks only",
                ingress: [
                    { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [...args.organizationCidrs], description: "TLS from organization networks" },
                ],
                egress: [],
                tags: { Name: `${name}-endpoints-sg` },
            },
            child,
        );

        this.attachment = hubVpcAttachment(
            name,
            { transitGatewayId: args.transitGatewayId, vpcId: this.vpc.id, subnets: [...subnets.get("attachment")!.values()] },
            child,
        );
        const routeTable = new aws.ec2.RouteTable(`${name}-rt`, { vpcId: this.vpc.id, tags: { Name: `${name}-rt` } }, child);
        associateSubnets(name, routeTable.id, subnets, child);
        routesTo(
            `${name}-route`,
            routeTable.id,
            args.organizationCidrs,
            { transitGatewayId: args.transitGatewayId },
            { parent: this, dependsOn: [this.attachment] },
        );

        this.profile = new aws.route53.ProfilesProfile(`${name}-profile`, { name: `${name}-endpoints`, tags: { Name: `${name}-endpoints` } }, child);
        const endpoints = new Map<string, aws.ec2.VpcEndpoint>();
        for (const service of args.services) {
            const key = service.replace(/\./g, "-");
            const dnsName = endpointDnsName(service, args.region);
            const policy = pulumi.output(args.organizationId).apply((id) => toJson(interfaceEndpointPolicy(id, service)));
            const endpoint = new aws.ec2.VpcEndpoint(
                `${name}-${key}`,
                {
                    vpcId: this.vpc.id,
                    serviceName: `com.amazonaws.${args.region}.${service}`,
                    vpcEndpointType: "Interface",
                    privateDnsEnabled: false,
                    subnetIds: endpointSubnets.map((s) => s.id),
                    securityGroupIds: [securityGroup.id],
                    policy,
                    tags: { Name: `${name}-${key}` },
                },
                child,
            );
            endpoints.set(service, endpoint);
            const zone = new aws.route53.Zone(
                `${name}-zone-${key}`,
                {
                    name: dnsName,
                    comment: `Central ${service} endpoint`,
                    vpcs: [{ vpcId: this.vpc.id, vpcRegion: args.region }],
                    tags: { Name: `${name}-zone-${key}` },
                },
                // Spokes join through the profile, which AWS records as extra zone associations.
                { parent: this, ignoreChanges: ["vpcs"] },
            );
            // The apex and every name below it (ECR registries are <account>.dkr.ecr...): the endpoint's regional entry.
            for (const [role, recordName] of [
                ["apex", dnsName],
                ["wildcard", `*.${dnsName}`],
            ] as const) {
                new aws.route53.Record(
                    `${name}-record-${key}-${role}`,
                    {
                        zoneId: zone.zoneId,
                        name: recordName,
                        type: "A",
                        aliases: [
                            {
                                // dnsEntries is unknown until the endpoint exists.
                                name: endpoint.dnsEntries.apply((entries) => entries?.[0]?.dnsName),
                                zoneId: endpoint.dnsEntries.apply((entries) => entries?.[0]?.hostedZoneId),
                                evaluateTargetHealth: true,
                            },
                        ],
                    },
                    child,
                );
            }
            new aws.route53.ProfilesResourceAssociation(
                `${name}-profile-${key}`,
                { name: `${name}-${key}`, profileId: this.profile.id, resourceArn: zone.arn },
                child,
            );
        }
        this.endpoints = endpoints;
        this.shared = shareWithOrganization(
            `${name}-profile`,
            { organizationArn: args.organizationArn, ramSharing: args.ramSharing, resources: { profile: this.profile.arn } },
            child,
        );

        this.registerOutputs({ vpcId: this.vpc.id, attachmentId: this.attachment.id, profileId: this.profile.id });
    }
}
