import { strict as assert } from "assert";
import { readFileSync } from "fs";
import { join } from "path";
import { parse } from "yaml";
import { endpointDnsName } from "../../components/network/segment-rules";
import { regionCode } from "../../components/organization/naming";
import { logBucketArn, logBucketName } from "../../components/shared/names";
import { LandingZoneConfig, namespacedConfig, parseLandingZoneConfig } from "../../stacks/config";
import type { GraphRecord } from "../../tools/network-graph";
import { ofType, stackGraph } from "./graphs";

function stackConfig(stack: "dev" | "prod"): LandingZoneConfig {
    const file = parse(readFileSync(join(__dirname, "..", "..", `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, unknown> };
    return parseLandingZoneConfig(namespacedConfig(file.config), `Pulumi.${stack}.yaml`);
}

/** The account/region a record's provider targets, from the provider's name ("<account>-<region>"). */
function placement(r: GraphRecord): string {
    return r.provider?.split("::").pop() ?? "";
}

/** Every record below a component (any depth). */
function under(records: readonly GraphRecord[], componentUrn: string): GraphRecord[] {
    const parents = new Set([componentUrn]);
    const out: GraphRecord[] = [];
    for (const r of records) {
        if (r.parent && parents.has(r.parent)) {
            out.push(r);
            parents.add(r.urn);
        }
    }
    return out;
}

function component(records: readonly GraphRecord[], type: string, name: string): GraphRecord {
    const c = records.find((r) => r.type === `landing-zone:network:${type}` && r.name === name);
    assert.ok(c, `no ${type} ${name}`);
    return c;
}

for (const stack of ["dev", "prod"] as const) {
    describe(`network components (${stack} stack graph)`, function () {
        this.timeout(600_000);
        const config = stackConfig(stack);
        const net = config.network;
        const networkAccount = config.organization.coreAccounts.network.name;
        let graph: GraphRecord[];
        let orgId: string;
        let orgArn: string;
        before(async () => {
            graph = await stackGraph(stack);
            const org = ofType(graph, "aws:organizations/organization:Organization")[0];
            orgId = org.id!;
            orgArn = String(org.outputs!.arn);
        });

        it("builds one hub per region: no default association or propagation, no auto-accept, five tables, shared with the organization, flow-logged", () => {
            for (const region of config.regions.allowed) {
                const hub = component(graph, "TransitGatewayHub", `network-${regionCode(region)}`);
                const inside = under(graph, hub.urn);
                const [tgw] = ofType(inside, "aws:ec2transitgateway/transitGateway:TransitGateway");
                assert.equal(placement(tgw), `${networkAccount}-${region}`);
                assert.equal(tgw.inputs.defaultRouteTableAssociation, "disable");
                assert.equal(tgw.inputs.defaultRouteTablePropagation, "disable");
                assert.equal(tgw.inputs.autoAcceptSharedAttachments, "disable");
                assert.equal(tgw.inputs.amazonSideAsn, net.regions[region].transitGatewayAsn);
                assert.deepEqual(
                    ofType(inside, "aws:ec2transitgateway/routeTable:RouteTable")
                        .map((t) => (t.inputs.tags as Record<string, string>).Segment)
                        .sort(),
                    ["inspection", "nonprod", "peering", "prod", "shared"],
                );
                assert.deepEqual(
                    ofType(inside, "aws:ram/principalAssociation:PrincipalAssociation").map((p) => p.inputs.principal),
                    [orgArn],
                );
                assert.equal(ofType(inside, "aws:ram/resourceShare:ResourceShare")[0].inputs.allowExternalPrincipals, false);
                const [flowLog] = ofType(inside, "aws:ec2/flowLog:FlowLog");
                assert.equal(flowLog.inputs.transitGatewayId, tgw.id);
                assert.equal(flowLog.inputs.logDestination, logBucketArn(config, "flow-logs"));
            }
        });

        it("inspects with a strict-order firewall whose rules come from config, logs alerts and flows centrally, attaches in appliance mode", () => {
            for (const region of config.regions.allowed) {
                const inside = under(graph, component(graph, "InspectionVpc", `network-${regionCode(region)}-inspection`).urn);
                const [policy] = ofType(inside, "aws:networkfirewall/firewallPolicy:FirewallPolicy");
                const fp = policy.inputs.firewallPolicy as Record<string, any>;
                assert.equal(fp.statefulEngineOptions.ruleOrder, "STRICT_ORDER");
                assert.deepEqual(fp.statefulDefaultActions, ["aws:drop_established", "aws:alert_established"]);
                assert.equal(fp.statefulRuleGroupReferences.length, 3);
                const groups = ofType(inside, "aws:networkfirewall/ruleGroup:RuleGroup");
                const rules = groups.map((g) => (g.inputs.ruleGroup as any).rulesSource.rulesString as string).join("\n");
                for (const g of groups) assert.equal((g.inputs.ruleGroup as any).statefulRuleOptions.ruleOrder, "STRICT_ORDER");
                for (const domain of net.egressAllowedDomains) assert.ok(rules.includes(`content:"${domain}"`), domain);
                for (const rule of net.eastWest)
                    assert.match(rules, new RegExp(`msg:"${rule.from} to ${rule.to}( in [a-z0-9-]+)?:`), `${rule.from}->${rule.to}`);
                assert.match(rules, /drop ip \$HOME_NET any -> \$HOME_NET any/);
                const [logging] = ofType(inside, "aws:networkfirewall/loggingConfiguration:LoggingConfiguration");
                const destinations = (logging.inputs.loggingConfiguration as any).logDestinationConfigs as {
                    logType: string;
                    logDestination: { bucketName: string };
                }[];
                assert.deepEqual(destinations.map((d) => d.logType).sort(), ["ALERT", "FLOW"]);
                for (const d of destinations) assert.equal(d.logDestination.bucketName, logBucketName(config, "network-firewall"));
                const [attachment] = ofType(inside, "aws:ec2transitgateway/vpcAttachment:VpcAttachment");
                assert.equal(attachment.inputs.applianceModeSupport, "enable");
                assert.equal(ofType(inside, "aws:ec2/natGateway:NatGateway").length, net.regions[region].availabilityZones);
                assert.equal(ofType(inside, "aws:ec2/internetGateway:InternetGateway").length, 1);
                const [firewall] = ofType(inside, "aws:networkfirewall/firewall:Firewall");
                assert.equal(firewall.inputs.deleteProtection, true, "deletion protection in every stack");
                // One NACL per tier, each on exactly its tier's subnets, none admitting an administration port from the internet.
                const subnets = ofType(inside, "aws:ec2/subnet:Subnet");
                const nacls = ofType(inside, "aws:ec2/networkAcl:NetworkAcl");
                assert.deepEqual(nacls.map((n) => (n.inputs.tags as Record<string, string>).Tier).sort(), ["attachment", "egress", "firewall"]);
                for (const nacl of nacls) {
                    const tier = (nacl.inputs.tags as Record<string, string>).Tier;
                    const mine = subnets.filter((s) => (s.inputs.tags as Record<string, string>).Tier === tier).map((s) => s.id);
                    assert.deepEqual([...(nacl.inputs.subnetIds as string[])].sort(), mine.sort(), tier);
                    for (const r of nacl.inputs.ingress as any[])
                        if (r.cidrBlock === "0.0.0.0/0")
                            for (const p of [22, 3389]) assert.ok(r.protocol === "tcp" && (p < r.fromPort || p > r.toPort), `${tier} admits ${p}`);
                }
            }
        });

        it("centralises every configured interface endpoint with an org-only policy, a private zone in the shared profile", () => {
            for (const region of config.regions.allowed) {
                const inside = under(graph, component(graph, "EndpointsVpc", `network-${regionCode(region)}-endpoints`).urn);
                const endpoints = ofType(inside, "aws:ec2/vpcEndpoint:VpcEndpoint");
                assert.deepEqual(endpoints.map((e) => e.inputs.serviceName).sort(), net.interfaceEndpoints.map((s) => `com.amazonaws.${region}.${s}`).sort());
                for (const e of endpoints) {
                    assert.equal(e.inputs.privateDnsEnabled, false);
                    const doc = JSON.parse(String(e.inputs.policy));
                    // Every statement is held to the organization: by the caller, or (STS federation, unsigned) by the role assumed.
                    assert.deepEqual(
                        doc.Statement.map((s: any) => s.Condition.StringEquals["aws:PrincipalOrgID"] ?? s.Condition.StringEquals["aws:ResourceOrgID"]),
                        e.inputs.serviceName === `com.amazonaws.${region}.sts` ? [orgId, orgId] : [orgId],
                    );
                }
                assert.deepEqual(
                    ofType(inside, "aws:route53/zone:Zone")
                        .map((z) => z.inputs.name)
                        .sort(),
                    net.interfaceEndpoints.map((s) => endpointDnsName(s, region)).sort(),
                );
                if (net.interfaceEndpoints.includes("ecr.dkr"))
                    assert.ok(ofType(inside, "aws:route53/zone:Zone").some((z) => z.inputs.name === `dkr.ecr.${region}.amazonaws.com`));
                assert.equal(ofType(inside, "aws:route53/record:Record").length, 2 * net.interfaceEndpoints.length);
                assert.equal(ofType(inside, "aws:route53/profilesResourceAssociation:ProfilesResourceAssociation").length, net.interfaceEndpoints.length);
            }
        });

        it("places every spoke, inspection and endpoints subnet by AZ id, so each spoke AZ has a firewall endpoint and endpoint ENIs in the same physical zone", () => {
            const zonesOf = (type: string, name: string, tier?: string) => {
                const subnets = ofType(under(graph, component(graph, type, name).urn), "aws:ec2/subnet:Subnet");
                for (const s of subnets) assert.equal(s.inputs.availabilityZone, undefined, `${s.name}: by AZ name, which differs between accounts`);
                return new Set(
                    subnets.filter((s) => !tier || (s.inputs.tags as Record<string, string>).Tier === tier).map((s) => String(s.inputs.availabilityZoneId)),
                );
            };
            for (const spoke of net.spokes) {
                const code = regionCode(spoke.region);
                const spokeZones = zonesOf("SpokeVpc", `network-${spoke.name}`);
                assert.ok(spokeZones.size >= 2 && [...spokeZones].every((z) => z.startsWith(`${code}-az`)), `${spoke.name}: ${[...spokeZones]}`);
                for (const [type, hub, tier] of [
                    ["InspectionVpc", `network-${code}-inspection`, "firewall"],
                    ["EndpointsVpc", `network-${code}-endpoints`, "endpoints"],
                ]) {
                    const hubZones = zonesOf(type, hub, tier);
                    for (const z of spokeZones) assert.ok(hubZones.has(z), `${spoke.name} in ${z}: no ${tier} subnet of ${hub} there`);
                }
            }
        });

        it("builds each spoke in its own account: private subnets only, derived NACL, stripped default SG, flow logs, org-only gateway endpoints, DNS protections", () => {
            for (const spoke of net.spokes) {
                const inside = under(graph, component(graph, "SpokeVpc", `network-${spoke.name}`).urn);
                const local = inside.filter((r) => r.type.startsWith("aws:") && placement(r) === `${spoke.account}-${spoke.region}`);
                const remote = inside.filter((r) => r.type.startsWith("aws:") && placement(r) !== `${spoke.account}-${spoke.region}`);
                assert.deepEqual(
                    remote.map((r) => `${r.type}@${placement(r)}`),
                    [`aws:ec2transitgateway/vpcAttachmentAccepter:VpcAttachmentAccepter@${networkAccount}-${spoke.region}`],
                );
                for (const banned of [
                    "internetGateway:InternetGateway",
                    "natGateway:NatGateway",
                    "eip:Eip",
                    "egressOnlyInternetGateway:EgressOnlyInternetGateway",
                ])
                    assert.equal(ofType(local, `aws:ec2/${banned}`).length, 0, banned);
                const subnets = ofType(local, "aws:ec2/subnet:Subnet");
                assert.equal(subnets.length, (spoke.tiers.length + 1) * net.regions[spoke.region].availabilityZones);
                for (const s of subnets) assert.equal(s.inputs.mapPublicIpOnLaunch, false);
                const [vpc] = ofType(local, "aws:ec2/vpc:Vpc");
                assert.equal(vpc.inputs.cidrBlock, spoke.cidr);
                const [sg] = ofType(local, "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup");
                assert.deepEqual([sg.inputs.ingress ?? [], sg.inputs.egress ?? []], [[], []]);
                const [nacl] = ofType(local, "aws:ec2/networkAcl:NetworkAcl");
                assert.equal((nacl.inputs.subnetIds as string[]).length, subnets.length);
                const lastAllow = (nacl.inputs.egress as any[]).filter((r) => r.cidrBlock === "0.0.0.0/0");
                assert.deepEqual(
                    lastAllow.map((r) => [r.protocol, r.fromPort]),
                    [["tcp", 443]],
                );
                const [flowLog] = ofType(local, "aws:ec2/flowLog:FlowLog");
                assert.deepEqual(
                    [flowLog.inputs.trafficType, flowLog.inputs.logDestination, flowLog.inputs.vpcId],
                    ["ALL", logBucketArn(config, "flow-logs"), vpc.id],
                );
                const gateways = ofType(local, "aws:ec2/vpcEndpoint:VpcEndpoint");
                assert.deepEqual(gateways.map((g) => g.inputs.serviceName).sort(), [
                    `com.amazonaws.${spoke.region}.dynamodb`,
                    `com.amazonaws.${spoke.region}.s3`,
                ]);
                for (const g of gateways) assert.ok(String(g.inputs.policy).includes(orgId));
                for (const t of [
                    "aws:route53/resolverFirewallRuleGroupAssociation:ResolverFirewallRuleGroupAssociation",
                    "aws:route53/resolverQueryLogConfigAssociation:ResolverQueryLogConfigAssociation",
                    "aws:route53/profilesAssociation:ProfilesAssociation",
                ])
                    assert.equal(ofType(local, t).length, 1, t);
                const routes = ofType(local, "aws:ec2/route:Route");
                assert.deepEqual(
                    routes.map((r) => [r.inputs.destinationCidrBlock, typeof r.inputs.transitGatewayId]),
                    [["0.0.0.0/0", "string"]],
                );
            }
        });

        it("leaves the VPC BPA mode to the EC2 declarative policy, attached only after every exclusion exists", () => {
            // Once the declarative policy applies, AWS rejects ModifyVpcBlockPublicAccessOptions from accounts.
            assert.deepEqual(ofType(graph, "aws:ec2/vpcBlockPublicAccessOptions:VpcBlockPublicAccessOptions"), []);
            const declarative = ofType(graph, "aws:organizations/policy:Policy").filter((p) => p.inputs.type === "DECLARATIVE_POLICY_EC2");
            assert.equal(declarative.length, 1);
            const block = JSON.parse(String(declarative[0].inputs.content)).ec2_attributes.vpc_block_public_access.internet_gateway_block;
            assert.deepEqual(block, { mode: { "@@assign": "block_bidirectional" }, exclusions_allowed: { "@@assign": "enabled" } });

            const exclusions = ofType(graph, "aws:ec2/vpcBlockPublicAccessExclusion:VpcBlockPublicAccessExclusion");
            assert.equal(exclusions.length, config.regions.allowed.length + net.blockPublicAccessExclusions.length);
            // Central NAT egress: each region's inspection VPC, egress only, in the network account of that region.
            const inspectionVpcs = ofType(graph, "aws:ec2/vpc:Vpc").filter((v) => v.name.endsWith("-inspection-vpc"));
            assert.equal(inspectionVpcs.length, config.regions.allowed.length);
            for (const vpc of inspectionVpcs) {
                const e = exclusions.find((x) => x.inputs.vpcId === vpc.id);
                assert.ok(e, `${vpc.name} has no BPA exclusion`);
                assert.equal(e.inputs.internetGatewayExclusionMode, "allow-egress");
                assert.equal(placement(e), placement(vpc));
            }
            const attachments = ofType(graph, "aws:organizations/policyAttachment:PolicyAttachment").filter((a) => a.inputs.policyId === declarative[0].id);
            assert.equal(attachments.length, 1);
            for (const e of exclusions) assert.ok(attachments[0].dependencies?.includes(e.urn), `the declarative policy is attached before ${e.name}`);
        });

        it("plans addresses in IPAM (network account, delegated) and allocates every VPC from its segment pool", () => {
            const pools = ofType(graph, "aws:ec2/vpcIpamPool:VpcIpamPool");
            assert.equal(pools.length, config.regions.allowed.length * 4);
            const cidrs = ofType(graph, "aws:ec2/vpcIpamPoolCidr:VpcIpamPoolCidr")
                .map((c) => c.inputs.cidr)
                .sort();
            const planned = Object.values(net.regions)
                .flatMap((r) => [r.cidr, r.pools.prod, r.pools.nonprod, r.pools.shared])
                .sort();
            assert.deepEqual(cidrs, planned);
            const [delegation] = ofType(graph, "aws:ec2/vpcIpamOrganizationAdminAccount:VpcIpamOrganizationAdminAccount");
            assert.ok(placement(delegation).startsWith("management-"));
            const poolIds = new Map(pools.map((p) => [p.id, p]));
            for (const vpc of ofType(graph, "aws:ec2/vpc:Vpc")) {
                const pool = poolIds.get(String(vpc.inputs.ipv4IpamPoolId));
                assert.ok(pool, `${vpc.name} has no IPAM pool`);
                assert.equal(
                    (pool.inputs.tags as Record<string, string>).Segment,
                    (vpc.inputs.tags as Record<string, string>).Segment === "inspection" ? "shared" : (vpc.inputs.tags as Record<string, string>).Segment,
                );
            }
        });

        it("blocks the AWS-managed threat lists and the config block-list on every VPC, shared with the organization", () => {
            for (const region of config.regions.allowed) {
                const inside = under(graph, component(graph, "DnsFirewall", `network-${regionCode(region)}`).urn);
                const rules = ofType(inside, "aws:route53/resolverFirewallRule:ResolverFirewallRule");
                const lists = net.regions[region].dnsFirewallManagedDomainLists;
                const listIds = rules.map((r) => r.inputs.firewallDomainListId);
                for (const id of Object.values(lists)) assert.ok(listIds.includes(id), id);
                for (const r of rules) assert.deepEqual([r.inputs.action, r.inputs.blockResponse], ["BLOCK", "NXDOMAIN"]);
                const [blocked] = ofType(inside, "aws:route53/resolverFirewallDomainList:ResolverFirewallDomainList");
                assert.deepEqual(
                    blocked.inputs.domains,
                    net.dnsBlockedDomains.map((d) => (d.startsWith(".") ? `*${d}` : d)),
                );
            }
            const vpcs = ofType(graph, "aws:ec2/vpc:Vpc").map((v) => v.id);
            const associated = ofType(graph, "aws:route53/resolverFirewallRuleGroupAssociation:ResolverFirewallRuleGroupAssociation").map(
                (a) => a.inputs.vpcId,
            );
            const logged = ofType(graph, "aws:route53/resolverQueryLogConfigAssociation:ResolverQueryLogConfigAssociation").map((a) => a.inputs.resourceId);
            assert.deepEqual([...associated].sort(), [...vpcs].sort());
            assert.deepEqual([...logged].sort(), [...vpcs].sort());
        });

        it("peers every pair of regions and routes only the cross-region segments over the peering", () => {
            const regions = config.regions.allowed;
            const peerings = ofType(graph, "aws:ec2transitgateway/peeringAttachment:PeeringAttachment");
            assert.equal(peerings.length, (regions.length * (regions.length - 1)) / 2);
            const crossRoutes = ofType(graph, "aws:ec2transitgateway/route:Route").filter((r) =>
                peerings.some((p) => p.id === r.inputs.transitGatewayAttachmentId),
            );
            const remotePools = new Set(regions.flatMap((r) => net.crossRegionSegments.map((s) => net.regions[r].pools[s])));
            assert.equal(crossRoutes.length, regions.length > 1 ? regions.length * (regions.length - 1) * net.crossRegionSegments.length : 0);
            for (const r of crossRoutes) assert.ok(remotePools.has(String(r.inputs.destinationCidrBlock)), String(r.inputs.destinationCidrBlock));
        });
    });
}
