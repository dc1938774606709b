import type { PolicyResource } from "@pulumi/policy";
import {
    eachFailClosed,
    label,
    list,
    ofType,
    outputsPending,
    peek,
    Props,
    refersTo,
    resourcePolicy,
    stackPolicy,
    WORLD_V4,
    WORLD_V6,
    ZeroTrustPolicy,
} from "./common";

const SG = "aws:ec2/securityGroup:SecurityGroup";
const SG_INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const SG_EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
const SG_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
const NACL = "aws:ec2/networkAcl:NetworkAcl";
const NACL_RULE = "aws:ec2/networkAclRule:NetworkAclRule";

/** One network rule in a common shape: protocol "-1" means all; ports inclusive. */
interface Rule {
    readonly path: string;
    readonly direction: "ingress" | "egress";
    readonly allow: boolean;
    readonly protocol: string;
    readonly from: number;
    readonly to: number;
    readonly cidrs: string[];
}

const ALL_PROTOCOLS = new Set(["-1", "all", "ALL"]);

function rule(path: string, direction: Rule["direction"], allow: boolean, protocol: unknown, from: unknown, to: unknown, cidrs: unknown[]): Rule {
    const proto = String(protocol ?? "-1");
    const all = ALL_PROTOCOLS.has(proto);
    return {
        path,
        direction,
        allow,
        protocol: all ? "-1" : proto.toLowerCase(),
        from: all ? 0 : Number(from ?? 0),
        to: all ? 65535 : Number(to ?? 65535),
        cidrs: cidrs.filter((c) => typeof c === "string") as string[],
    };
}

/** Security-group and NACL rules of a resource, inline or standalone. */
function rulesOf(type: string, props: Props): Rule[] {
    switch (type) {
        case SG:
            return [
                ...list(props.ingress).map((r: Props, i: number) =>
                    rule(`ingress[${i}]`, "ingress", true, r.protocol, r.fromPort, r.toPort, [...list(r.cidrBlocks), ...list(r.ipv6CidrBlocks)]),
                ),
                ...list(props.egress).map((r: Props, i: number) =>
                    rule(`egress[${i}]`, "egress", true, r.protocol, r.fromPort, r.toPort, [...list(r.cidrBlocks), ...list(r.ipv6CidrBlocks)]),
                ),
            ];
        case SG_INGRESS:
        case SG_EGRESS:
            return [
                rule("rule", type === SG_INGRESS ? "ingress" : "egress", true, props.ipProtocol, props.fromPort, props.toPort, [
                    props.cidrIpv4,
                    props.cidrIpv6,
                ]),
            ];
        case SG_RULE:
            return [
                rule("rule", props.type === "egress" ? "egress" : "ingress", true, props.protocol, props.fromPort, props.toPort, [
                    ...list(props.cidrBlocks),
                    ...list(props.ipv6CidrBlocks),
                ]),
            ];
        case NACL:
            return [
                ...list(props.ingress).map((r: Props, i: number) =>
                    rule(`ingress[${i}]`, "ingress", String(r.action).toLowerCase() === "allow", r.protocol, r.fromPort, r.toPort, [
                        r.cidrBlock,
                        r.ipv6CidrBlock,
                    ]),
                ),
                ...list(props.egress).map((r: Props, i: number) =>
                    rule(`egress[${i}]`, "egress", String(r.action).toLowerCase() === "allow", r.protocol, r.fromPort, r.toPort, [
                        r.cidrBlock,
                        r.ipv6CidrBlock,
                    ]),
                ),
            ];
        case NACL_RULE:
            return [
                rule(
                    "rule",
                    props.egress === true ? "egress" : "ingress",
                    String(props.ruleAction).toLowerCase() === "allow",
                    props.protocol,
                    props.fromPort,
                    props.toPort,
                    [props.cidrBlock, props.ipv6CidrBlock],
                ),
            ];
        default:
            return [];
    }
}

const isWorld = (cidr: string) => cidr === WORLD_V4 || cidr === WORLD_V6;
const worldOf = (r: Rule) => r.cidrs.filter(isWorld);
/** TCP/UDP (or all) rules can reach a port; ICMP cannot. */
const carriesPorts = (r: Rule) => r.protocol === "-1" || ["tcp", "udp", "6", "17"].includes(r.protocol);
const coversPort = (r: Rule, port: number) => carriesPorts(r) && r.from <= port && port <= r.to;
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const describe = (r: Rule) => `${r.path} (${r.protocol === "-1" ? "all protocols" : r.protocol} ${r.from}-${r.to} from ${worldOf(r).join(", ")})`;

const SG_TYPES = [SG, SG_INGRESS, SG_RULE];
/** Remote administration ports (SSH, RDP): the default of the admin-port policies' `ports` parameter. */
export const ADMIN_PORTS: readonly number[] = [22, 3389];
/** FSBP EC2.19's high-risk ports. */
const HIGH_RISK_PORTS = [20, 21, 22, 23, 25, 110, 135, 143, 445, 1433, 1434, 3000, 3306, 3389, 4333, 5000, 5432, 5500, 5601, 8080, 8088, 8888, 9200, 9300];

function worldIngressToPorts(type: string, props: Props, ports: readonly number[], report: (m: string) => void) {
    for (const r of rulesOf(type, props)) {
        if (r.direction !== "ingress" || !r.allow || worldOf(r).length === 0) continue;
        const hit = ports.filter((p) => coversPort(r, p));
        if (hit.length > 0) report(`${describe(r)} opens port${hit.length > 1 ? "s" : ""} ${hit.join(", ")} to the internet`);
    }
}

const LISTENERS = ["aws:lb/listener:Listener", "aws:alb/listener:Listener"];
const LOAD_BALANCERS = ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"];
const CLASSIC_ELB = "aws:elb/loadBalancer:LoadBalancer";

/** Security group URN -> the listener ports of the load balancers it fronts: the only ports meant for the internet. */
function listenerPortsByGroup(resources: readonly PolicyResource[]): Map<string, Set<number>> {
    const groups = ofType(resources, SG);
    const listeners = ofType(resources, ...LISTENERS);
    const out = new Map<string, Set<number>>();
    const add = (lb: PolicyResource, ports: number[]) => {
        for (const sg of groups)
            if (refersTo(lb, "securityGroups", sg, ["id"]) || list(peek(() => lb.props.securityGroups)).includes(peek(() => sg.props.id))) {
                const set = out.get(sg.urn) ?? new Set<number>();
                ports.forEach((p) => set.add(p));
                out.set(sg.urn, set);
            }
    };
    for (const lb of ofType(resources, ...LOAD_BALANCERS))
        add(
            lb,
            listeners.filter((l) => refersTo(l, "loadBalancerArn", lb, ["arn", "id"])).map((l) => Number(l.props.port)),
        );
    for (const elb of ofType(resources, CLASSIC_ELB))
        add(
            elb,
            list(elb.props.listeners).map((l: Props) => Number(l.lbPort)),
        );
    return out;
}

export const networkPolicies: ZeroTrustPolicy[] = [
    stackPolicy({
        name: "sg-no-world-ingress",
        description:
            "No security group admits 0.0.0.0/0 or ::/0 except on the listener ports of the load balancer it fronts (inline rules, aws.vpc.SecurityGroupIngressRule and aws.ec2.SecurityGroupRule).",
        severity: "critical",
        area: "network",
        controls: ["EC2.18", "EC2.19", "EC2.53", "EC2.54"],
        remediation:
            "Put the service behind a load balancer and admit the internet only on its listener ports; admit everything else from the load balancer's security group, a VPC CIDR or a prefix list.",
        validate: (resources, report) => {
            const listenerPorts = listenerPortsByGroup(resources);
            const groups = ofType(resources, SG);
            const check = (res: PolicyResource, owner: PolicyResource | undefined) => {
                const allowed = owner ? (listenerPorts.get(owner.urn) ?? new Set<number>()) : new Set<number>();
                for (const r of rulesOf(res.type, res.props)) {
                    if (r.direction !== "ingress" || !r.allow || worldOf(r).length === 0) continue;
                    const onlyListeners = carriesPorts(r) && r.protocol !== "-1" && r.to - r.from < 1024 && range(r.from, r.to).every((p) => allowed.has(p));
                    if (!onlyListeners)
                        report(
                            `${label(res)} ${describe(r)} admits the internet on ${allowed.size > 0 ? "a port that is not a listener of its load balancer" : "a group that fronts no load balancer of this program"}`,
                            res.urn,
                        );
                }
            };
            eachFailClosed(groups, report, (sg) => check(sg, sg));
            eachFailClosed(ofType(resources, SG_INGRESS, SG_RULE), report, (rule) =>
                check(
                    rule,
                    groups.find((g) => refersTo(rule, "securityGroupId", g, ["id"])),
                ),
            );
        },
    }),
    resourcePolicy<{ ports: number[] }>({
        name: "sg-no-admin-ports-from-internet",
        description: "No security group allows ingress from 0.0.0.0/0 or ::/0 to remote administration ports (SSH, RDP).",
        severity: "critical",
        area: "network",
        controls: ["CIS 5.3", "CIS 5.4", "EC2.13", "EC2.14", "EC2.53", "EC2.54"],
        remediation:
            "Remove the rule and reach instances through SSM Session Manager (or Verified Access); if a rule is truly needed, restrict the CIDR to a trusted range.",
        params: { ports: { type: "array", items: { type: "integer" }, default: [...ADMIN_PORTS], description: "Administration ports." } },
        types: SG_TYPES,
        validate: (props, report, { args, config }) => worldIngressToPorts(args.type, props, config.ports, report),
    }),
    resourcePolicy({
        name: "sg-no-all-ports-from-internet",
        description: "No security group allows ingress from the internet on all protocols or the whole port range.",
        severity: "critical",
        area: "network",
        controls: ["EC2.18", "EC2.19"],
        remediation: "Open only the listener port the service needs (for example 443 on a load balancer), from the narrowest CIDR possible.",
        types: SG_TYPES,
        validate: (props, report, { args }) => {
            for (const r of rulesOf(args.type, props)) {
                if (r.direction === "ingress" && r.allow && worldOf(r).length > 0 && (r.protocol === "-1" || (r.from <= 0 && r.to >= 65535)))
                    report(`${describe(r)} opens every port to the internet`);
            }
        },
    }),
    resourcePolicy<{ ports: number[] }>({
        name: "sg-no-high-risk-ports-from-internet",
        description: "No security group exposes high-risk service ports (databases, SMB, Telnet, FTP, ...) to the internet.",
        severity: "high",
        area: "network",
        controls: ["CIS 5.1.2", "EC2.19"],
        remediation: "Keep data and management services private; expose them through a load balancer or private endpoint.",
        params: { ports: { type: "array", items: { type: "integer" }, default: HIGH_RISK_PORTS, description: "Ports never open to the internet." } },
        types: SG_TYPES,
        validate: (props, report, { args, config }) =>
            worldIngressToPorts(
                args.type,
                props,
                config.ports.filter((p) => !ADMIN_PORTS.includes(p)),
                report,
            ),
    }),
    resourcePolicy<{ ports: number[] }>({
        name: "nacl-no-admin-ports-from-internet",
        description: "No network ACL allows ingress from 0.0.0.0/0 or ::/0 to remote administration ports.",
        severity: "high",
        area: "network",
        controls: ["CIS 5.2", "EC2.21"],
        remediation: "Replace the allow rule with a deny-by-default NACL that admits only the ports and CIDRs the tier needs.",
        params: { ports: { type: "array", items: { type: "integer" }, default: [...ADMIN_PORTS], description: "Administration ports." } },
        types: [NACL, NACL_RULE],
        validate: (props, report, { args, config }) => worldIngressToPorts(args.type, props, config.ports, report),
    }),
    resourcePolicy({
        name: "default-sg-no-rules",
        description: "The default security group of every VPC has no rules.",
        severity: "high",
        area: "network",
        controls: ["CIS 5.5", "EC2.2"],
        remediation: "Manage it with aws.ec2.DefaultSecurityGroup and no ingress or egress blocks; attach purpose-built security groups instead.",
        types: ["aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"],
        validate: (props, report) => {
            const n = list(props.ingress).length + list(props.egress).length;
            if (n > 0) report(`default security group keeps ${n} rule${n > 1 ? "s" : ""}`);
        },
    }),
    stackPolicy<{ publicTiers: string[]; tierTag: string }>({
        name: "private-tier-no-internet-egress",
        description:
            "Security groups of private tiers do not allow egress to the whole internet; traffic leaves through the inspected central egress with named destinations.",
        severity: "high",
        area: "network",
        controls: ["EC2.18"],
        remediation:
            "Replace the 0.0.0.0/0 egress with the destinations the tier needs (VPC endpoint prefix lists, peer CIDRs, port 443 to the egress proxy), or tag the group with a public tier.",
        params: {
            publicTiers: {
                type: "array",
                items: { type: "string" },
                // Workload tiers only: the landing zone's egress and inspection tiers are not for a program to claim by tagging.
                default: ["public", "edge"],
                description: "Tier tag values that may reach the internet.",
            },
            tierTag: { type: "string", default: "Tier", description: "Tag key naming a security group's tier." },
        },
        validate: (resources, report, { config }) => {
            const groups = ofType(resources, SG);
            const tierOf = (sg: PolicyResource) => (sg.props.tags ?? {})[config.tierTag] as string | undefined;
            const isPublic = (sg: PolicyResource | undefined) => sg !== undefined && config.publicTiers.includes(String(tierOf(sg)));
            for (const sg of groups) {
                if (isPublic(sg)) continue;
                for (const r of rulesOf(SG, sg.props))
                    if (r.direction === "egress" && worldOf(r).length > 0 && r.allow)
                        report(`${label(sg)} (tier ${tierOf(sg) ?? "untagged"}) ${describe(r)} reaches the internet`, sg.urn);
            }
            for (const res of ofType(resources, SG_EGRESS, SG_RULE)) {
                const [r] = rulesOf(res.type, res.props);
                if (r.direction !== "egress" || worldOf(r).length === 0) continue;
                const owner = groups.find((g) => refersTo(res, "securityGroupId", g, ["id"]));
                if (!isPublic(owner))
                    report(`${label(res)} on ${owner ? label(owner) : "a security group outside the stack"} ${describe(r)} reaches the internet`, res.urn);
            }
        },
    }),
    resourcePolicy({
        name: "subnet-no-auto-public-ip",
        description: "Subnets do not assign public IPv4 addresses on launch.",
        severity: "medium",
        area: "network",
        controls: ["EC2.15"],
        remediation: "Set mapPublicIpOnLaunch: false; put internet-facing endpoints behind a load balancer in the edge tier.",
        types: ["aws:ec2/subnet:Subnet"],
        validate: (props, report) => {
            if (props.mapPublicIpOnLaunch === true) report("mapPublicIpOnLaunch is true");
        },
    }),
    stackPolicy({
        name: "vpc-flow-logs-enabled",
        description: "Every VPC in the program has a flow log capturing all traffic.",
        severity: "high",
        area: "network",
        controls: ["CIS 3.7", "EC2.6"],
        remediation: 'Add an aws.ec2.FlowLog with vpcId set to the VPC and trafficType "ALL", delivering to the central log archive.',
        validate: (resources, report) => {
            const logs = ofType(resources, "aws:ec2/flowLog:FlowLog");
            for (const vpc of ofType(resources, "aws:ec2/vpc:Vpc")) {
                const mine = logs.filter((l) => refersTo(l, "vpcId", vpc, ["id"]));
                // A VPC in an account this run creates: its flow logs' outputs exist only after the update.
                if (mine.length > 0 && mine.every(outputsPending)) continue;
                if (mine.length === 0) report(`${label(vpc)} has no flow log`, vpc.urn);
                else if (!mine.some((l) => l.props.trafficType === "ALL")) report(`${label(vpc)} flow logs do not capture ALL traffic`, vpc.urn);
            }
        },
    }),
    stackPolicy<{ approvedEgressVpcs: string[] }>({
        name: "no-unapproved-internet-gateway",
        description: "Internet gateways exist only where the network design puts them (central egress and inspection).",
        severity: "high",
        area: "network",
        controls: ["EC2.172"],
        remediation:
            "Send outbound traffic through the Transit Gateway to the central egress VPC instead. Only the landing zone's own stack config lists its egress VPCs' URNs in this policy's approvedEgressVpcs parameter.",
        params: {
            approvedEgressVpcs: {
                type: "array",
                items: { type: "string", pattern: "^urn:pulumi:[^:]+::[^:]+::.*aws:ec2/vpc:Vpc::[^:]+$" },
                default: [],
                description:
                    "URNs of the VPCs approved as the organization's internet edge. A URN names stack, project and parent chain, which no other program can produce; tags and names can be copied.",
            },
        },
        validate: (resources, report, { config }) => {
            const approved = new Set(config.approvedEgressVpcs);
            const vpcs = ofType(resources, "aws:ec2/vpc:Vpc");
            const attachments = ofType(resources, "aws:ec2/internetGatewayAttachment:InternetGatewayAttachment");
            for (const gw of ofType(resources, "aws:ec2/internetGateway:InternetGateway", "aws:ec2/egressOnlyInternetGateway:EgressOnlyInternetGateway")) {
                const attachedBy = [gw, ...attachments.filter((a) => refersTo(a, "internetGatewayId", gw, ["id"]))];
                const targets = vpcs.filter((vpc) => attachedBy.some((r) => refersTo(r, "vpcId", vpc, ["id"])));
                if (targets.length === 0)
                    report(`${label(gw)} is not attached to a VPC of this program, so it cannot be shown to be the approved edge`, gw.urn);
                for (const vpc of targets)
                    if (!approved.has(vpc.urn)) report(`${label(gw)} is attached to ${label(vpc)}, which is not an approved egress VPC`, gw.urn);
            }
        },
    }),
    resourcePolicy({
        name: "vpc-block-public-access-enforced",
        description:
            "VPC Block Public Access blocks internet gateway traffic (bidirectionally or ingress-only), whether set per account or by an EC2 declarative policy, and its exclusions never open inbound traffic.",
        severity: "high",
        area: "network",
        controls: ["EC2.172"],
        remediation:
            'Set the EC2 declarative policy\'s vpc_block_public_access.internet_gateway_block.mode to "block_bidirectional" (or "block_ingress"), or internetGatewayBlockMode on aws.ec2.VpcBlockPublicAccessOptions; exclude only the central egress VPC, with internetGatewayExclusionMode "allow-egress".',
        types: [
            "aws:ec2/vpcBlockPublicAccessOptions:VpcBlockPublicAccessOptions",
            "aws:organizations/policy:Policy",
            "aws:ec2/vpcBlockPublicAccessExclusion:VpcBlockPublicAccessExclusion",
        ],
        validate: (props, report, { args }) => {
            if (args.type === "aws:ec2/vpcBlockPublicAccessOptions:VpcBlockPublicAccessOptions") {
                if (!["block-bidirectional", "block-ingress"].includes(props.internetGatewayBlockMode))
                    report(`internetGatewayBlockMode is ${props.internetGatewayBlockMode}`);
            } else if (args.type === "aws:ec2/vpcBlockPublicAccessExclusion:VpcBlockPublicAccessExclusion") {
                // allow-bidirectional lets the internet reach into the VPC past the organization's block.
                if (props.internetGatewayExclusionMode !== "allow-egress")
                    report(`exclusion mode is ${props.internetGatewayExclusionMode}: only allow-egress keeps inbound internet traffic blocked`);
            } else if (props.type === "DECLARATIVE_POLICY_EC2") {
                // Since the declarative policy owns the mode, its content is what decides it.
                let content: any;
                try {
                    content = JSON.parse(props.content);
                } catch {
                    report("content is not JSON");
                    return;
                }
                const block = content?.ec2_attributes?.vpc_block_public_access?.internet_gateway_block;
                if (block === undefined) return;
                const mode = block.mode?.["@@assign"];
                if (!["block_bidirectional", "block_ingress"].includes(mode))
                    report(`vpc_block_public_access.internet_gateway_block.mode is ${mode ?? "not assigned"}; expected block_bidirectional or block_ingress`);
            }
        },
    }),
    resourcePolicy({
        name: "no-vpc-peering",
        description: "VPCs connect through the segmented Transit Gateway, not point-to-point peering.",
        severity: "medium",
        enforcementLevel: "advisory",
        area: "network",
        controls: ["CIS 5.6"],
        remediation: "Attach both VPCs to the Transit Gateway in the right segment and allow the flow in the east-west config.",
        types: ["aws:ec2/vpcPeeringConnection:VpcPeeringConnection"],
        validate: (_props, report, { args }) => report(`VPC peering "${args.name}" bypasses Transit Gateway segmentation and inspection`),
    }),
    resourcePolicy({
        name: "tgw-segmented",
        description: "Transit Gateways do not auto-accept attachments or associate/propagate to a default route table, so segments stay separate.",
        severity: "high",
        area: "network",
        controls: ["EC2.23"],
        remediation:
            'Set autoAcceptSharedAttachments, defaultRouteTableAssociation and defaultRouteTablePropagation to "disable" and use one route table per segment.',
        types: ["aws:ec2transitgateway/transitGateway:TransitGateway"],
        validate: (props, report) => {
            if (props.autoAcceptSharedAttachments === "enable") report("autoAcceptSharedAttachments is enable");
            if ((props.defaultRouteTableAssociation ?? "enable") !== "disable") report("defaultRouteTableAssociation is not disable");
            if ((props.defaultRouteTablePropagation ?? "enable") !== "disable") report("defaultRouteTablePropagation is not disable");
        },
    }),
    resourcePolicy({
        name: "network-firewall-deletion-protection",
        description: "Network Firewalls are protected from deletion.",
        severity: "medium",
        area: "network",
        controls: ["NetworkFirewall.9"],
        remediation: "Set deleteProtection: true on the aws.networkfirewall.Firewall.",
        types: ["aws:networkfirewall/firewall:Firewall"],
        validate: (props, report) => {
            if (props.deleteProtection !== true) report("deleteProtection is not enabled");
        },
    }),
    resourcePolicy({
        name: "network-firewall-stateful-inspection",
        description: "Network Firewall policies forward all packets and fragments to the stateful engine by default.",
        severity: "high",
        area: "network",
        controls: ["NetworkFirewall.4", "NetworkFirewall.5"],
        remediation: 'Set statelessDefaultActions and statelessFragmentDefaultActions to ["aws:forward_to_sfe"] in the firewall policy.',
        types: ["aws:networkfirewall/firewallPolicy:FirewallPolicy"],
        validate: (props, report) => {
            const policy: Props = props.firewallPolicy ?? {};
            for (const key of ["statelessDefaultActions", "statelessFragmentDefaultActions"]) {
                const actions = list<string>(policy[key]);
                if (!actions.includes("aws:forward_to_sfe") && !actions.includes("aws:drop"))
                    report(`${key} is ${JSON.stringify(actions)}: traffic skips stateful inspection`);
            }
        },
    }),
    resourcePolicy({
        name: "vpc-endpoint-policy-required",
        description: "VPC endpoints carry an endpoint policy that limits what can be reached through them.",
        severity: "medium",
        enforcementLevel: "advisory",
        area: "network",
        controls: [],
        remediation:
            "Set policy on the aws.ec2.VpcEndpoint to allow only principals and resources of the organization (aws:PrincipalOrgID / aws:ResourceOrgID).",
        types: ["aws:ec2/vpcEndpoint:VpcEndpoint"],
        validate: (props, report) => {
            if ((props.vpcEndpointType ?? "Gateway") === "GatewayLoadBalancer") return;
            if (!props.policy) report(`endpoint for ${props.serviceName} has the default full-access policy`);
        },
    }),
];
