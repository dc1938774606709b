import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { regionCode } from "../../components/organization/naming";
import { availabilityZoneIds } from "../../components/network/cidr";
import { VpcBlockPublicAccess, BlockPublicAccessExclusion } from "../../components/network/block-public-access";
import { DnsFirewall, protectVpcDns } from "../../components/network/dns-firewall";
import { EndpointsVpc } from "../../components/network/endpoints-vpc";
import { InspectionVpc } from "../../components/network/inspection-vpc";
import { Ipam } from "../../components/network/ipam";
import { defaultDenyRules, eastWestRules, egressDomains, egressRules, organizationCidrs, spokeNaclRules } from "../../components/network/segment-rules";
import { SpokeVpc } from "../../components/network/spoke-vpc";
import { TransitGatewayHub } from "../../components/network/transit-gateway-hub";
import { TransitGatewayPeering } from "../../components/network/transit-gateway-peering";
import { naclAdminPorts } from "../config";
import type { DataLayer, LandingZoneContext, OrganizationSharing } from "../context";
import { nextTurn } from "../turn";
import { segmentSchema } from "../schema/network";

/** One region's shared network in the network account. */
export interface RegionNetwork {
    readonly hub: TransitGatewayHub;
    readonly inspection: InspectionVpc;
    readonly endpoints: EndpointsVpc;
    readonly dnsFirewall: DnsFirewall;
}

/** What the network gives other areas. */
export interface NetworkLayer {
    readonly ipam: Ipam;
    /** By region. */
    readonly regions: ReadonlyMap<string, RegionNetwork>;
    /** By spoke name. */
    readonly spokes: ReadonlyMap<string, SpokeVpc>;
    /** Every VPC BPA exclusion; the EC2 declarative policy that enforces the mode is attached after them. */
    readonly bpaExclusions: readonly pulumi.Resource[];
}

/**
 * Hub-and-spoke network: per region a transit gateway hub, inspection and endpoints VPCs and DNS Firewall
 * in the network account; spokes in their workload accounts; IPAM in the network account; peering
 * between regions for the segments config lets cross; VPC Block Public Access wherever VPCs live.
 */
export async function wireNetwork(ctx: LandingZoneContext, data: DataLayer, org: OrganizationSharing): Promise<NetworkLayer> {
    const net = ctx.config.network;
    const home = ctx.config.regions.home;
    const networkAccount = ctx.organization.core("network");
    const organizationId = ctx.organization.organization.id;
    const organizationArn = ctx.organization.organization.arn;
    const ramSharing = org.ramSharing;
    const networkIn = (region: string): aws.Provider => ctx.member.get(networkAccount.name, region);
    const orgCidrs = organizationCidrs(net);
    const flowLogBucketArn = data.logBucketArn("flow-logs");
    // Flow logs, query logs and firewall logs go to another account's bucket: its policy must admit them first.
    const flowLogsPolicy = data.logBucketPolicy("flow-logs");
    const segments = segmentSchema.options;
    const regions = Object.keys(net.regions).sort();
    const adminPorts = naclAdminPorts(ctx.config);

    const ipam = new Ipam(
        "network-ipam",
        { regions: net.regions, delegatedAdminAccountId: networkAccount.id, managementProvider: ctx.managementHome, organizationArn, ramSharing },
        { provider: networkIn(home) },
    );

    const ruleGroups = { "east-west": eastWestRules(net), egress: egressRules(egressDomains(net)), "default-deny": defaultDenyRules() };
    const bpaExclusions = new Map<string, BlockPublicAccessExclusion[]>();
    const excludeFromBpa = (account: string, region: string, exclusion: BlockPublicAccessExclusion) =>
        bpaExclusions.set(`${account}/${region}`, [...(bpaExclusions.get(`${account}/${region}`) ?? []), exclusion]);

    const regional = new Map<string, RegionNetwork>();
    for (const region of regions) {
        const plan = net.regions[region];
        const code = regionCode(region);
        const provider = networkIn(region);
        const zones = availabilityZoneIds(region, plan);

        const hub = new TransitGatewayHub(
            `network-${code}`,
            { region, amazonSideAsn: plan.transitGatewayAsn, organizationArn, ramSharing, flowLogBucketArn },
            { provider, dependsOn: [flowLogsPolicy] },
        );
        const dnsFirewall = new DnsFirewall(
            `network-${code}`,
            {
                managedDomainLists: plan.dnsFirewallManagedDomainLists,
                blockedDomains: net.dnsBlockedDomains,
                organizationArn,
                ramSharing,
                queryLogBucketArn: data.logBucketArn("dns-query-logs"),
            },
            { provider, dependsOn: [data.logBucketPolicy("dns-query-logs")] },
        );
        const inspection = new InspectionVpc(
            `network-${code}-inspection`,
            {
                cidr: plan.inspectionCidr,
                ipamPoolId: ipam.poolId(region, "shared"),
                availabilityZoneIds: zones,
                transitGatewayId: hub.transitGateway.id,
                organizationCidrs: orgCidrs,
                ruleGroups,
                firewallLogBucketName: data.logBucketName("network-firewall"),
                flowLogBucketArn,
                adminPorts,
                protect: ctx.protect,
            },
            { provider, dependsOn: [...ipam.ready, flowLogsPolicy, data.logBucketPolicy("network-firewall")] },
        );
        const endpoints = new EndpointsVpc(
            `network-${code}-endpoints`,
            {
                region,
                cidr: plan.endpointsCidr,
                ipamPoolId: ipam.poolId(region, "shared"),
                availabilityZoneIds: zones,
                transitGatewayId: hub.transitGateway.id,
                services: net.interfaceEndpoints,
                organizationCidrs: orgCidrs,
                organizationId,
                organizationArn,
                ramSharing,
                flowLogBucketArn,
            },
            { provider, dependsOn: [...ipam.ready, flowLogsPolicy] },
        );

        // Segment tables know one route: to inspection. The inspection table knows every local VPC.
        hub.attach("inspection", { attachmentId: inspection.attachment.id, associateWith: "inspection", propagateTo: [] });
        hub.attach("endpoints", { attachmentId: endpoints.attachment.id, associateWith: "shared", propagateTo: ["inspection"] });
        for (const segment of segments) hub.route("default", segment, "0.0.0.0/0", inspection.attachment.id);
        // Traffic from peered regions is inspected here too (both directions of a flow cross both firewalls).
        for (const segment of net.crossRegionSegments) hub.route(`local-${segment}`, "peering", plan.pools[segment], inspection.attachment.id);

        for (const [key, vpc] of [
            ["inspection", inspection.vpc],
            ["endpoints", endpoints.vpc],
        ] as const) {
            protectVpcDns(
                `network-${code}-${key}`,
                { vpcId: vpc.id, ruleGroupId: dnsFirewall.ruleGroup.id, queryLogConfigId: dnsFirewall.queryLogConfig.id },
                { provider },
            );
        }
        // Central NAT needs its internet gateway for egress; inbound stays blocked.
        excludeFromBpa(networkAccount.name, region, { key: "inspection", vpcId: inspection.vpc.id, mode: "allow-egress" });
        regional.set(region, { hub, inspection, endpoints, dnsFirewall });
        await nextTurn();
    }

    regions.forEach((a, i) =>
        regions.slice(i + 1).forEach((b) => {
            const [hubA, hubB] = [regional.get(a)!.hub, regional.get(b)!.hub];
            const [codeA, codeB] = [regionCode(a), regionCode(b)];
            const peering = new TransitGatewayPeering(`network-peering-${codeA}-${codeB}`, {
                requester: { region: a, hub: hubA, provider: networkIn(a) },
                accepter: { region: b, hub: hubB, provider: networkIn(b) },
                accountId: networkAccount.id,
            });
            const attachmentId = peering.accepted.transitGatewayAttachmentId;
            hubA.attach(`peering-${codeB}`, { attachmentId, associateWith: "peering", propagateTo: [] });
            hubB.attach(`peering-${codeA}`, { attachmentId, associateWith: "peering", propagateTo: [] });
            for (const segment of net.crossRegionSegments) {
                hubA.route(`${codeB}-${segment}`, "inspection", net.regions[b].pools[segment], attachmentId);
                hubB.route(`${codeA}-${segment}`, "inspection", net.regions[a].pools[segment], attachmentId);
            }
        }),
    );

    const spokes = new Map<string, SpokeVpc>();
    for (const spoke of net.spokes) {
        const shared = regional.get(spoke.region)!;
        const vpc = new SpokeVpc(
            `network-${spoke.name}`,
            {
                region: spoke.region,
                segment: spoke.segment,
                cidr: spoke.cidr,
                ipamPoolId: ipam.poolId(spoke.region, spoke.segment),
                tiers: spoke.tiers,
                subnetPrefixLength: spoke.subnetPrefixLength,
                availabilityZoneIds: availabilityZoneIds(spoke.region, net.regions[spoke.region]),
                transitGatewayId: shared.hub.transitGateway.id,
                networkProvider: networkIn(spoke.region),
                naclRules: spokeNaclRules(net, spoke, adminPorts),
                organizationId,
                dnsFirewallRuleGroupId: shared.dnsFirewall.ruleGroup.id,
                queryLogConfigId: shared.dnsFirewall.queryLogConfig.id,
                endpointsProfileId: shared.endpoints.profile.id,
                sharedResources: [...ipam.ready, ...shared.hub.shared, ...shared.dnsFirewall.shared, ...shared.endpoints.shared],
                flowLogBucketArn,
            },
            { provider: ctx.member.get(spoke.account, spoke.region), dependsOn: [flowLogsPolicy] },
        );
        shared.hub.attach(spoke.name, { attachmentId: vpc.accepter.transitGatewayAttachmentId, associateWith: spoke.segment, propagateTo: ["inspection"] });
        spokes.set(spoke.name, vpc);
        await nextTurn();
    }

    net.blockPublicAccessExclusions.forEach((e) => {
        const region = e.region ?? home;
        excludeFromBpa(e.account, region, { key: e.vpcId, vpcId: e.vpcId, mode: e.mode });
    });
    // The mode is the EC2 declarative policy's (organization area); accounts only hold their exclusions.
    const exclusionResources: pulumi.Resource[] = [];
    for (const [key, exclusions] of [...bpaExclusions.entries()].sort(([x], [y]) => x.localeCompare(y))) {
        const [account, region] = key.split("/");
        const bpa = new VpcBlockPublicAccess(`network-bpa-${account}-${regionCode(region)}`, { exclusions }, { provider: ctx.member.get(account, region) });
        exclusionResources.push(...bpa.exclusions);
        await nextTurn();
    }

    return { ipam, regions: regional, spokes, bpaExclusions: exclusionResources };
}
