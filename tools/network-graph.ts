import * as path from "path";
import { parseCidr } from "cidr-tools";
import { buildLandingZone } from "../stacks/landing-zone";
import { loadStackConfig } from "../stacks/config";
import { plainValue, runProgram, ProgramRun, wireOutputsOf } from "./mock-runtime";
import { readStackFiles, runtimeConfig } from "./stack-files";
import { INTERNET_EGRESS_PORT } from "../components/network/segment-rules";
import { evaluateFlow, FirewallPolicyModel, FlowProbe, parseRules, RuleGroupModel, rulePorts, sniWitnesses } from "./firewall-rules";

/**
 * Reachability analysis of a landing zone's network, computed from the resource graph a preview
 * captures (no AWS calls): VPC route tables and routes, transit gateway attachments, associations,
 * propagations and static routes, NACLs, NAT and internet gateways and the firewall's endpoints.
 *
 * Every workload subnet of every spoke is sampled. A packet is walked hop by hop the way AWS forwards it
 * (longest prefix match in each table, local routes first; a transit gateway keeps one ENI per flow for
 * both directions only on appliance-mode attachments, otherwise stays in the physical AZ it entered, which
 * is known across accounts only by AZ id), and the NACL of every subnet it leaves or enters is evaluated,
 * statelessly, both ways. The reply to an internet flow is walked from the NAT gateway that translated it.
 * Every firewall crossed gives its verdict from its policy's Suricata rules (tools/firewall-rules.ts).
 * Checked:
 *   1. no spoke of the prod segment can reach a spoke of the nonprod segment, in either direction, and the
 *      NACLs and the firewall each keep them apart on their own;
 *   2. every flow between spokes and every flow from a spoke to the internet crosses a firewall endpoint,
 *      in both directions, and the same endpoint(s) both ways (a stateful engine that sees half a flow drops it);
 *   3. no spoke has an internet gateway, a route to one, or subnets that hand out public addresses;
 *   4. every workload subnet gets to the internet and back on TLS (tcp/443) to a name the firewall allows;
 *   5. the firewall drops TLS to names outside its allow-list (DENIED_EGRESS_PROBES).
 * Spokes are the VPCs tagged NetworkRole=spoke; their Segment tag names the segment.
 */

/** One resource registration as previews capture it. `outputs` is needed only for firewalls (endpoint ids). */
export interface GraphRecord {
    readonly type: string;
    readonly name: string;
    readonly urn: string;
    readonly inputs: Record<string, unknown>;
    readonly parent?: string;
    readonly provider?: string;
    readonly id?: string;
    readonly outputs?: Record<string, unknown>;
    /** URNs the registration waits for (dependsOn and input references). */
    readonly dependencies?: readonly string[];
}

/** A probe address outside every private range the organization could use (TEST-NET-3). */
export const INTERNET_PROBE = "203.0.113.10";

const T = {
    vpc: "aws:ec2/vpc:Vpc",
    subnet: "aws:ec2/subnet:Subnet",
    routeTable: "aws:ec2/routeTable:RouteTable",
    route: "aws:ec2/route:Route",
    rtAssociation: "aws:ec2/routeTableAssociation:RouteTableAssociation",
    nacl: "aws:ec2/networkAcl:NetworkAcl",
    igw: "aws:ec2/internetGateway:InternetGateway",
    nat: "aws:ec2/natGateway:NatGateway",
    firewall: "aws:networkfirewall/firewall:Firewall",
    firewallPolicy: "aws:networkfirewall/firewallPolicy:FirewallPolicy",
    ruleGroup: "aws:networkfirewall/ruleGroup:RuleGroup",
    tgw: "aws:ec2transitgateway/transitGateway:TransitGateway",
    tgwRouteTable: "aws:ec2transitgateway/routeTable:RouteTable",
    tgwRoute: "aws:ec2transitgateway/route:Route",
    tgwAssociation: "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation",
    tgwPropagation: "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation",
    vpcAttachment: "aws:ec2transitgateway/vpcAttachment:VpcAttachment",
    peering: "aws:ec2transitgateway/peeringAttachment:PeeringAttachment",
} as const;

interface Vpc {
    readonly id: string;
    readonly name: string;
    readonly cidr: string;
    readonly role?: string;
    readonly segment?: string;
}
interface Subnet {
    readonly id: string;
    readonly name: string;
    readonly vpcId: string;
    readonly cidr: string;
    readonly az: string;
    /** Physical AZ: the AZ id when set, else the name within its account (names differ between accounts). */
    readonly azKey: string;
    readonly publicIps: boolean;
}
interface VpcRoute {
    readonly cidr: string;
    readonly target: { kind: "tgw" | "igw" | "nat" | "vpce" | "other"; id: string };
}
interface NaclEntry {
    readonly ruleNo: number;
    readonly action: string;
    readonly protocol: string;
    readonly cidr: string;
    readonly fromPort: number;
    readonly toPort: number;
}
export interface Nacl {
    readonly name: string;
    readonly ingress: readonly NaclEntry[];
    readonly egress: readonly NaclEntry[];
}
interface TgwRoute {
    readonly cidr: string;
    /** Undefined for a blackhole. */
    readonly attachmentId?: string;
    readonly propagated: boolean;
}

/** One hop of a traced packet. */
export interface Hop {
    readonly kind: "subnet" | "tgw" | "firewall" | "nat" | "igw";
    readonly name: string;
}

/**
 * One NACL evaluation on a packet's way: AWS evaluates a subnet's outbound rules (against the
 * destination) when a packet leaves it for another subnet or a gateway, and the next subnet's inbound
 * rules (against the source) when it enters; a transit gateway ENI's subnet is not evaluated for
 * packets leaving the VPC through it or arriving from it (Transit Gateway docs, "Network ACLs").
 */
export interface NaclCheck {
    readonly subnet: string;
    /** Undefined: the VPC's default NACL, which allows everything. */
    readonly nacl?: Nacl;
    readonly direction: "ingress" | "egress";
    readonly peer: string;
    /** The port the rule is matched against: the flow's destination port, or the one NAT picked. */
    readonly port: "destination" | "nat";
}

/** Outcome of walking one packet. */
export interface Trace {
    readonly delivered: boolean;
    /** "subnet <name>" or "internet" when delivered; the reason otherwise. */
    readonly outcome: string;
    readonly hops: readonly Hop[];
    readonly inspected: boolean;
    /** Firewall endpoint ids crossed, in order. */
    readonly endpoints: readonly string[];
    readonly checks: readonly NaclCheck[];
    /** Subnet of the NAT gateway the packet was translated by, if any. */
    readonly natSubnetId?: string;
}

/** What the analysis concluded about one ordered pair of endpoints. */
export interface FlowResult {
    readonly from: string;
    readonly to: string;
    /** The sampled subnets (every workload subnet of a spoke is sampled). */
    readonly fromSubnet: string;
    readonly toSubnet: string;
    readonly fromSegment: string;
    readonly toSegment: string;
    readonly forward: Trace;
    readonly back: Trace;
    /** Routed both ways and some probe (protocol, port) passes every NACL there and back and every firewall. */
    readonly reachable: boolean;
    /** Probes that got through every NACL and firewall, e.g. "tcp/443". */
    readonly openPorts: readonly string[];
    /** Probes every NACL on the way there and back admits (the firewall aside). */
    readonly naclOpen: readonly string[];
    /** Probes every firewall crossed passes (the NACLs aside); every probe when none is crossed. */
    readonly firewallOpen: readonly string[];
    /** Internet flows: the denied TLS names the firewall lets out. */
    readonly egressLeaks: readonly string[];
}

export interface ReachabilityReport {
    readonly spokes: readonly { name: string; segment: string; cidr: string }[];
    readonly flows: readonly FlowResult[];
    /** One line per broken property; empty when all hold. */
    readonly violations: readonly string[];
}

const ranges = new Map<string, { start: bigint; end: bigint; prefix: number }>();

/** Parsed once: the walk and the NACL probes test the same few blocks many thousand times. */
function range(cidr: string): { start: bigint; end: bigint; prefix: number } {
    let r = ranges.get(cidr);
    if (!r) {
        const parsed = parseCidr(cidr);
        r = { start: parsed.start, end: parsed.end, prefix: Number(parsed.prefix) };
        ranges.set(cidr, r);
    }
    return r;
}

/** Whether `inner` (a CIDR or an address) lies within `outer`. */
function within(outer: string, inner: string): boolean {
    const o = range(outer);
    const i = range(inner);
    return i.start >= o.start && i.end <= o.end;
}

function str(v: unknown): string | undefined {
    return typeof v === "string" && v.length > 0 && v !== "[unknown]" ? v : undefined;
}

function tags(r: GraphRecord): Record<string, string> {
    return (r.inputs.tags as Record<string, string> | undefined) ?? {};
}

/** The graph indexed by id, with the relations the walk needs. */
class Network {
    readonly vpcs = new Map<string, Vpc>();
    readonly subnets = new Map<string, Subnet>();
    readonly subnetTable = new Map<string, string>();
    readonly tableVpc = new Map<string, string>();
    readonly tableRoutes = new Map<string, VpcRoute[]>();
    readonly subnetNacl = new Map<string, Nacl>();
    readonly igws = new Map<string, string>(); // igw id -> vpc id
    readonly nats = new Map<string, string>(); // nat id -> subnet id
    readonly firewallEndpoints = new Map<string, { subnetId: string; firewall: string }>();
    readonly tgwNames = new Map<string, string>();
    readonly tgwTableOwner = new Map<string, string>(); // tgw route table -> tgw
    readonly tgwTableNames = new Map<string, string>();
    readonly vpcAttachments = new Map<string, { tgwId: string; vpcId: string; subnetIds: string[]; name: string; applianceMode: boolean }>();
    readonly peerings = new Map<string, { tgwIds: [string, string]; name: string }>();
    readonly associations = new Map<string, string>(); // `${tgw}|${attachment}` -> table
    readonly tgwRoutes = new Map<string, TgwRoute[]>();
    /** By firewall name; absent when its policy or rule groups cannot be read (then it filters nothing). */
    readonly firewallPolicies = new Map<string, FirewallPolicyModel>();
    readonly problems: string[] = [];

    constructor(records: readonly GraphRecord[]) {
        const of = (type: string) => records.filter((r) => r.type === type && r.id);
        for (const r of of(T.vpc)) {
            const cidr = str(r.inputs.cidrBlock);
            if (!cidr) continue;
            this.vpcs.set(r.id!, { id: r.id!, name: r.name, cidr, role: tags(r).NetworkRole, segment: tags(r).Segment });
        }
        for (const r of of(T.subnet)) {
            const vpcId = str(r.inputs.vpcId);
            const cidr = str(r.inputs.cidrBlock);
            if (!vpcId || !cidr) continue;
            this.subnets.set(r.id!, {
                id: r.id!,
                name: r.name,
                vpcId,
                cidr,
                az: str(r.inputs.availabilityZone) ?? str(r.inputs.availabilityZoneId) ?? "",
                azKey: str(r.inputs.availabilityZoneId) ?? `${r.provider ?? ""}|${str(r.inputs.availabilityZone) ?? ""}`,
                publicIps: r.inputs.mapPublicIpOnLaunch === true,
            });
        }
        for (const r of of(T.igw)) this.igws.set(r.id!, str(r.inputs.vpcId) ?? "");
        for (const r of of(T.nat)) this.nats.set(r.id!, str(r.inputs.subnetId) ?? "");
        for (const r of of(T.firewall)) {
            const statuses =
                (r.outputs?.firewallStatuses as { syncStates?: { attachments?: { endpointId?: string; subnetId?: string }[] }[] }[] | undefined) ?? [];
            for (const state of statuses.flatMap((s) => s.syncStates ?? []))
                for (const a of state.attachments ?? [])
                    if (a.endpointId && a.subnetId) this.firewallEndpoints.set(a.endpointId, { subnetId: a.subnetId, firewall: r.name });
        }
        this.readFirewallPolicies(records);
        const routeTarget = (inputs: Record<string, unknown>): VpcRoute["target"] => {
            const gateway = str(inputs.gatewayId);
            if (str(inputs.transitGatewayId)) return { kind: "tgw", id: str(inputs.transitGatewayId)! };
            if (gateway && (this.igws.has(gateway) || gateway.startsWith("igw-"))) return { kind: "igw", id: gateway };
            if (str(inputs.natGatewayId)) return { kind: "nat", id: str(inputs.natGatewayId)! };
            if (str(inputs.vpcEndpointId)) return { kind: "vpce", id: str(inputs.vpcEndpointId)! };
            return { kind: "other", id: gateway ?? "" };
        };
        for (const r of of(T.routeTable)) {
            this.tableVpc.set(r.id!, str(r.inputs.vpcId) ?? "");
            const inline = (r.inputs.routes as Record<string, unknown>[] | undefined) ?? [];
            this.tableRoutes.set(
                r.id!,
                inline.flatMap((route) => (str(route.cidrBlock) ? [{ cidr: str(route.cidrBlock)!, target: routeTarget(route) }] : [])),
            );
        }
        for (const r of records.filter((x) => x.type === T.route)) {
            const table = str(r.inputs.routeTableId);
            const cidr = str(r.inputs.destinationCidrBlock);
            if (!table || !cidr) continue; // prefix-list routes (gateway endpoints) never carry traffic between networks
            this.tableRoutes.set(table, [...(this.tableRoutes.get(table) ?? []), { cidr, target: routeTarget(r.inputs) }]);
        }
        for (const r of records.filter((x) => x.type === T.rtAssociation)) {
            const subnet = str(r.inputs.subnetId);
            const table = str(r.inputs.routeTableId);
            if (subnet && table) this.subnetTable.set(subnet, table);
        }
        for (const r of records.filter((x) => x.type === T.nacl)) {
            const entries = (list: unknown): NaclEntry[] =>
                ((list as Record<string, unknown>[] | undefined) ?? []).map((e) => ({
                    ruleNo: Number(e.ruleNo),
                    action: String(e.action),
                    protocol: String(e.protocol),
                    cidr: String(e.cidrBlock ?? ""),
                    fromPort: Number(e.fromPort ?? 0),
                    toPort: Number(e.toPort ?? 0),
                }));
            const nacl = { name: r.name, ingress: entries(r.inputs.ingress), egress: entries(r.inputs.egress) };
            for (const subnet of (r.inputs.subnetIds as string[] | undefined) ?? []) this.subnetNacl.set(subnet, nacl);
        }
        for (const r of of(T.tgw)) this.tgwNames.set(r.id!, r.name);
        for (const r of of(T.tgwRouteTable)) {
            this.tgwTableOwner.set(r.id!, str(r.inputs.transitGatewayId) ?? "");
            this.tgwTableNames.set(r.id!, r.name);
        }
        for (const r of of(T.vpcAttachment)) {
            this.vpcAttachments.set(r.id!, {
                tgwId: str(r.inputs.transitGatewayId) ?? "",
                vpcId: str(r.inputs.vpcId) ?? "",
                subnetIds: ((r.inputs.subnetIds as string[] | undefined) ?? []).filter((s) => this.subnets.has(s)),
                name: r.name,
                applianceMode: r.inputs.applianceModeSupport === "enable",
            });
        }
        for (const r of of(T.peering)) {
            this.peerings.set(r.id!, { tgwIds: [str(r.inputs.transitGatewayId) ?? "", str(r.inputs.peerTransitGatewayId) ?? ""], name: r.name });
        }
        for (const r of records.filter((x) => x.type === T.tgwAssociation)) {
            const table = str(r.inputs.transitGatewayRouteTableId);
            const attachment = str(r.inputs.transitGatewayAttachmentId);
            if (!table || !attachment) continue;
            const key = `${this.tgwTableOwner.get(table)}|${attachment}`;
            if (this.associations.has(key))
                this.problems.push(`attachment ${attachment} is associated with two route tables of one transit gateway (${r.name})`);
            this.associations.set(key, table);
        }
        for (const r of records.filter((x) => x.type === T.tgwPropagation)) {
            const table = str(r.inputs.transitGatewayRouteTableId);
            const attachment = str(r.inputs.transitGatewayAttachmentId);
            const vpcAttachment = attachment ? this.vpcAttachments.get(attachment) : undefined;
            const vpc = vpcAttachment ? this.vpcs.get(vpcAttachment.vpcId) : undefined;
            if (!table || !attachment || !vpc) continue;
            this.tgwRoutes.set(table, [...(this.tgwRoutes.get(table) ?? []), { cidr: vpc.cidr, attachmentId: attachment, propagated: true }]);
        }
        for (const r of records.filter((x) => x.type === T.tgwRoute)) {
            const table = str(r.inputs.transitGatewayRouteTableId);
            const cidr = str(r.inputs.destinationCidrBlock);
            if (!table || !cidr) continue;
            const attachmentId = r.inputs.blackhole === true ? undefined : str(r.inputs.transitGatewayAttachmentId);
            this.tgwRoutes.set(table, [...(this.tgwRoutes.get(table) ?? []), { cidr, attachmentId, propagated: false }]);
        }
    }

    /** Each firewall's policy and rule groups, resolved by ARN as AWS does. */
    private readFirewallPolicies(records: readonly GraphRecord[]): void {
        type IpSets = { key?: string; ipSet?: { definitions?: string[] } }[] | undefined;
        const variables = (list: IpSets): Record<string, string[]> =>
            Object.fromEntries((list ?? []).filter((v) => v.key).map((v) => [v.key!, [...(v.ipSet?.definitions ?? [])]]));
        const arnOf = (r: GraphRecord) => str(r.outputs?.arn) ?? r.id ?? "";
        const groups = new Map<string, RuleGroupModel>();
        for (const r of records.filter((x) => x.type === T.ruleGroup)) {
            const spec = r.inputs.ruleGroup as { rulesSource?: { rulesString?: string }; ruleVariables?: { ipSets?: IpSets } } | undefined;
            const rules = spec?.rulesSource?.rulesString;
            if (r.inputs.type !== "STATEFUL" || typeof rules !== "string") {
                this.problems.push(`${r.name}: only stateful rule groups given as a rules string are modelled: its verdicts cannot be shown`);
                continue;
            }
            try {
                groups.set(arnOf(r), { name: r.name, rules: parseRules(rules), variables: variables(spec?.ruleVariables?.ipSets) });
            } catch (err) {
                this.problems.push(`${r.name}: ${err instanceof Error ? err.message : String(err)}`);
            }
        }
        const policies = new Map<string, GraphRecord>(records.filter((x) => x.type === T.firewallPolicy).map((r) => [arnOf(r), r]));
        for (const r of records.filter((x) => x.type === T.firewall)) {
            const policy = policies.get(str(r.inputs.firewallPolicyArn) ?? "");
            const spec = policy?.inputs.firewallPolicy as
                | {
                      statefulRuleGroupReferences?: { resourceArn?: string; priority?: number }[];
                      statefulDefaultActions?: string[];
                      statefulEngineOptions?: { ruleOrder?: string };
                      policyVariables?: { ruleVariables?: IpSets };
                  }
                | undefined;
            if (!policy || !spec) {
                this.problems.push(`${r.name}: its firewall policy is not in the graph: its verdicts cannot be shown`);
                continue;
            }
            if (spec.statefulEngineOptions?.ruleOrder !== "STRICT_ORDER") {
                this.problems.push(`${policy.name}: only strict rule order is modelled: its verdicts cannot be shown`);
                continue;
            }
            const references = [...(spec.statefulRuleGroupReferences ?? [])].sort((a, b) => (a.priority ?? 0) - (b.priority ?? 0));
            const missing = references.filter((g) => !groups.has(g.resourceArn ?? ""));
            if (missing.length > 0) {
                this.problems.push(
                    `${policy.name}: rule group(s) ${missing.map((g) => g.resourceArn).join(", ")} cannot be read: its verdicts cannot be shown`,
                );
                continue;
            }
            const vpc = this.vpcs.get(str(r.inputs.vpcId) ?? "");
            this.firewallPolicies.set(r.name, {
                name: policy.name,
                groups: references.map((g) => groups.get(g.resourceArn!)!),
                variables: variables(spec.policyVariables?.ruleVariables),
                defaultActions: spec.statefulDefaultActions ?? [],
                homeNetDefault: vpc ? [vpc.cidr] : [],
            });
        }
    }

    /** Firewalls a packet crossed, by name, from the endpoint ids it went through. */
    firewallsOf(endpoints: readonly string[]): string[] {
        return [...new Set(endpoints.map((e) => this.firewallEndpoints.get(e)?.firewall ?? e))];
    }

    /** Verdict of every firewall crossed: the flow passes only if each passes it. An unreadable policy passes everything. */
    firewallsPass(endpoints: readonly string[], flow: FlowProbe): boolean {
        return this.firewallsOf(endpoints).every((name) => {
            const policy = this.firewallPolicies.get(name);
            return !policy || evaluateFlow(policy, flow).action === "pass";
        });
    }

    vpcOfSubnet(subnetId: string): Vpc | undefined {
        const s = this.subnets.get(subnetId);
        return s ? this.vpcs.get(s.vpcId) : undefined;
    }

    subnetContaining(vpcId: string, ip: string): Subnet | undefined {
        return [...this.subnets.values()].find((s) => s.vpcId === vpcId && within(s.cidr, ip));
    }

    /**
     * The ENI (subnet) a transit gateway delivers a flow to. With appliance mode the gateway hashes the
     * flow's addresses and keeps one ENI for both directions; without it, it stays in the AZ the packet
     * entered in (by physical AZ), and when that AZ is unknown here or absent it may pick any ENI:
     * modelled as a choice that differs by direction, so nothing is assumed symmetric that AWS does not make so.
     */
    attachmentSubnet(attachmentId: string, azKey: string, src: string, dst: string): Subnet | undefined {
        const a = this.vpcAttachments.get(attachmentId);
        const subnets = (a?.subnetIds ?? []).map((s) => this.subnets.get(s)!).sort((x, y) => x.name.localeCompare(y.name));
        if (subnets.length === 0) return undefined;
        if (a!.applianceMode) return subnets[flowHash([src, dst].sort().join("|")) % subnets.length];
        return subnets.find((s) => s.azKey === azKey) ?? subnets[flowHash(`${src}>${dst}`) % subnets.length];
    }

    /** Walks one packet from a subnet towards an address, recording every NACL evaluation on the way. */
    trace(fromSubnetId: string, src: string, dst: string): Trace {
        const hops: Hop[] = [];
        const endpoints: string[] = [];
        const checks: NaclCheck[] = [];
        let natSubnetId: string | undefined;
        let source = src;
        const stop = (outcome: string, delivered = false): Trace => ({
            delivered,
            outcome,
            hops,
            inspected: endpoints.length > 0,
            endpoints,
            checks,
            natSubnetId,
        });
        const leave = (from: Subnet) =>
            checks.push({ subnet: from.name, nacl: this.subnetNacl.get(from.id), direction: "egress", peer: dst, port: "destination" });
        const cross = (from: Subnet, to: Subnet) => {
            if (from.id === to.id) return;
            leave(from);
            checks.push({ subnet: to.name, nacl: this.subnetNacl.get(to.id), direction: "ingress", peer: source, port: "destination" });
        };
        let at: { kind: "subnet"; subnetId: string } | { kind: "tgw"; tgwId: string; attachmentId: string; azKey: string } = {
            kind: "subnet",
            subnetId: fromSubnetId,
        };
        const seen = new Set<string>();
        for (let step = 0; step < 64; step++) {
            const key = JSON.stringify(at);
            if (seen.has(key)) return stop("routing loop");
            seen.add(key);
            if (at.kind === "subnet") {
                const subnet: Subnet = this.subnets.get(at.subnetId)!;
                const vpc = this.vpcs.get(subnet.vpcId);
                hops.push({ kind: "subnet", name: subnet.name });
                if (!vpc) return stop(`subnet ${subnet.name} is in an unknown VPC`);
                if (within(vpc.cidr, dst)) {
                    const target = this.subnetContaining(vpc.id, dst);
                    if (!target) return stop(`no subnet of ${vpc.name} holds ${dst}`);
                    cross(subnet, target);
                    if (target.id !== subnet.id) hops.push({ kind: "subnet", name: target.name });
                    return stop(`subnet ${target.name}`, true);
                }
                const table = this.subnetTable.get(subnet.id);
                const route = table ? longestMatch(this.tableRoutes.get(table) ?? [], dst) : undefined;
                if (!route) return stop(`no route to ${dst} from ${subnet.name}`);
                const target = route.target;
                if (target.kind === "tgw") {
                    const attachment = [...this.vpcAttachments.entries()].find(([, a]) => a.tgwId === target.id && a.vpcId === vpc.id);
                    if (!attachment) return stop(`${vpc.name} routes to transit gateway ${target.id} without an attachment`);
                    // Inside one VPC AZ names agree: the ENI of the packet's AZ carries it, or nothing does.
                    const eni = attachment[1].subnetIds.map((s) => this.subnets.get(s)!).find((s) => s.az === subnet.az);
                    if (!eni) return stop(`${attachment[1].name} has no subnet in ${subnet.az}, so ${subnet.name} cannot reach the transit gateway`);
                    cross(subnet, eni);
                    hops.push({ kind: "tgw", name: this.tgwNames.get(target.id) ?? target.id });
                    at = { kind: "tgw", tgwId: target.id, attachmentId: attachment[0], azKey: eni.azKey };
                } else if (target.kind === "igw") {
                    if (this.igws.get(target.id) !== vpc.id) return stop(`route to an internet gateway not attached to ${vpc.name}`);
                    leave(subnet);
                    hops.push({ kind: "igw", name: target.id });
                    if (PRIVATE_RANGES.some((r) => within(r, dst))) return stop(`private address ${dst} routed to internet gateway ${target.id}: dropped`);
                    return stop("internet", true);
                } else if (target.kind === "nat") {
                    const natSubnet = this.nats.get(target.id);
                    if (!natSubnet || !this.subnets.has(natSubnet)) return stop(`NAT gateway ${target.id} is not in a known subnet`);
                    cross(subnet, this.subnets.get(natSubnet)!);
                    hops.push({ kind: "nat", name: target.id });
                    natSubnetId = natSubnet;
                    source = NAT_PUBLIC_ADDRESS;
                    at = { kind: "subnet", subnetId: natSubnet };
                } else if (target.kind === "vpce") {
                    const endpoint = this.firewallEndpoints.get(target.id);
                    if (!endpoint) return stop(`route to VPC endpoint ${target.id}, which is not a firewall endpoint`);
                    const endpointSubnet = this.subnets.get(endpoint.subnetId);
                    if (!endpointSubnet) return stop(`firewall endpoint ${target.id} is in an unknown subnet`);
                    cross(subnet, endpointSubnet);
                    endpoints.push(target.id);
                    hops.push({ kind: "firewall", name: endpoint.firewall });
                    at = { kind: "subnet", subnetId: endpoint.subnetId };
                } else {
                    return stop(`route to an unsupported target ${target.id}`);
                }
            } else {
                const here: { tgwId: string; attachmentId: string; azKey: string } = at;
                const table = this.associations.get(`${here.tgwId}|${here.attachmentId}`);
                if (!table) return stop(`attachment ${at.attachmentId} is not associated with a route table of ${this.tgwNames.get(at.tgwId) ?? at.tgwId}`);
                const route = longestMatch(this.tgwRoutes.get(table) ?? [], dst);
                if (!route) return stop(`no route to ${dst} in ${this.tgwTableNames.get(table)}`);
                if (!route.attachmentId) return stop(`blackhole for ${dst} in ${this.tgwTableNames.get(table)}`);
                const peering = this.peerings.get(route.attachmentId);
                if (peering) {
                    const other: string | undefined = peering.tgwIds.find((t) => t !== here.tgwId);
                    if (!other) return stop(`peering ${peering.name} does not leave ${this.tgwNames.get(at.tgwId)}`);
                    hops.push({ kind: "tgw", name: this.tgwNames.get(other) ?? other });
                    // Another region: no AZ of this one carries over.
                    at = { kind: "tgw", tgwId: other, attachmentId: route.attachmentId, azKey: `peering|${route.attachmentId}` };
                    continue;
                }
                const subnet = this.attachmentSubnet(route.attachmentId, at.azKey, src, dst);
                if (!subnet) return stop(`attachment ${route.attachmentId} of ${this.tgwTableNames.get(table)} has no subnet`);
                at = { kind: "subnet", subnetId: subnet.id };
            }
        }
        return stop("too many hops");
    }
}

/** RFC 1918 space: an internet gateway drops packets addressed there. */
const PRIVATE_RANGES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"];
/** Stand-in for a NAT gateway's Elastic IP (TEST-NET-2): the source of translated packets. */
const NAT_PUBLIC_ADDRESS = "198.51.100.10";

/** A stable hash standing in for the transit gateway's flow hash. */
function flowHash(key: string): number {
    let h = 2166136261;
    for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619) >>> 0;
    return h;
}

function longestMatch<R extends { cidr: string; propagated?: boolean }>(routes: readonly R[], ip: string): R | undefined {
    let best: R | undefined;
    let bestPrefix = -1;
    for (const r of routes) {
        if (!within(r.cidr, ip)) continue;
        const prefix = range(r.cidr).prefix;
        // On equal prefixes a static route wins over a propagated one, as in AWS.
        if (prefix > bestPrefix || (prefix === bestPrefix && best?.propagated && !r.propagated)) {
            best = r;
            bestPrefix = prefix;
        }
    }
    return best;
}

/** NACL verdict for one packet: the lowest-numbered matching rule decides; no match denies. */
function naclAllows(entries: readonly NaclEntry[], peer: string, protocol: "tcp" | "udp", port: number): boolean {
    for (const e of [...entries].sort((a, b) => a.ruleNo - b.ruleNo)) {
        if (!e.cidr || !within(e.cidr, peer)) continue;
        const protocolMatches = e.protocol === "-1" || e.protocol === "all" || e.protocol === protocol || e.protocol === (protocol === "tcp" ? "6" : "17");
        if (!protocolMatches) continue;
        if (e.protocol !== "-1" && e.protocol !== "all" && (port < e.fromPort || port > e.toPort)) continue;
        return e.action === "allow";
    }
    return false;
}

/** A representative host address inside a subnet. */
function hostIn(cidr: string): string {
    const start = parseCidr(cidr).start + 10n;
    return [24n, 16n, 8n, 0n].map((s) => ((start >> s) & 255n).toString()).join(".");
}

/**
 * Probe ports: every boundary of every NACL rule range and firewall rule port (and their neighbours) plus
 * common service ports. Verdicts are constant between boundaries, so these cover every distinct outcome.
 */
function probePorts(nacls: readonly (Nacl | undefined)[], firewallPorts: readonly number[]): number[] {
    const ports = new Set<number>([1, 22, 80, 443, 3389, 8080, 65535, ...firewallPorts]);
    for (const nacl of new Set(nacls))
        for (const e of [...(nacl?.ingress ?? []), ...(nacl?.egress ?? [])])
            for (const p of [e.fromPort - 1, e.fromPort, e.toPort, e.toPort + 1]) if (p >= 1 && p <= 65535) ports.add(p);
    return [...ports].sort((a, b) => a - b);
}

/** Client ports return traffic goes back to (Linux and Windows ephemeral ranges, within NAT's 1024-65535). */
const CLIENT_PORTS = [1024, 32768, 49152, 60999, 65535];

/**
 * TLS names no egress allow-list may let out: a reserved name (RFC 2606) and S3 bucket and API Gateway
 * names anyone can create, in a region no stack allows and on S3's global name. Only same-region S3 goes
 * through the org-only gateway endpoint; any other bucket name passed on SNI is a way out for data.
 */
export const DENIED_EGRESS_PROBES = [
    "exfiltration.example",
    "mybucket.s3.ap-southeast-2.amazonaws.com",
    "mybucket.s3.amazonaws.com",
    "a1b2c3d4e5.execute-api.ap-southeast-2.amazonaws.com",
] as const;

export interface ReachabilityOptions {
    /** TLS names the firewall must drop on the way to the internet (default DENIED_EGRESS_PROBES). */
    readonly deniedEgressHosts?: readonly string[];
}

/** Runs the checks on a resource graph. */
export function analyzeReachability(records: readonly GraphRecord[], options: ReachabilityOptions = {}): ReachabilityReport {
    const net = new Network(records);
    const deniedHosts = options.deniedEgressHosts ?? DENIED_EGRESS_PROBES;
    const violations = [...net.problems];
    const spokeVpcs = [...net.vpcs.values()].filter((v) => v.role === "spoke").sort((a, b) => a.name.localeCompare(b.name));
    if (spokeVpcs.length === 0) violations.push("no VPC tagged NetworkRole=spoke: nothing to analyze");
    if (net.firewallEndpoints.size === 0) violations.push("no firewall endpoints in the graph (firewall outputs missing): inspection cannot be shown");

    // Property 3: spokes are private.
    for (const vpc of spokeVpcs) {
        for (const [igw, vpcId] of net.igws) if (vpcId === vpc.id) violations.push(`${vpc.name}: internet gateway ${igw} attached to a spoke`);
        for (const [table, vpcId] of net.tableVpc) {
            if (vpcId !== vpc.id) continue;
            for (const route of net.tableRoutes.get(table) ?? [])
                if (route.target.kind === "igw") violations.push(`${vpc.name}: route ${route.cidr} -> internet gateway ${route.target.id}`);
        }
        for (const s of net.subnets.values()) if (s.vpcId === vpc.id && s.publicIps) violations.push(`${vpc.name}: subnet ${s.name} assigns public IPs`);
    }

    // Every workload subnet is sampled: tiers of one spoke may carry different NACLs.
    const attachmentSubnets = new Set([...net.vpcAttachments.values()].flatMap((a) => a.subnetIds));
    const workloadSubnets = (vpc: Vpc) =>
        [...net.subnets.values()].filter((s) => s.vpcId === vpc.id && !attachmentSubnets.has(s.id)).sort((a, b) => a.name.localeCompare(b.name));

    const allows = (checks: readonly NaclCheck[], protocol: "tcp" | "udp", port: number, natPort: number) =>
        checks.every((c) => !c.nacl || naclAllows(c.nacl[c.direction], c.peer, protocol, c.port === "nat" ? natPort : port));
    const policiesOf = (endpoints: readonly string[]) => net.firewallsOf(endpoints).flatMap((name) => net.firewallPolicies.get(name) ?? []);

    const flows: FlowResult[] = [];
    const evaluate = (from: Vpc, src: Subnet, to: Vpc | "internet", dstSubnet?: Subnet): FlowResult => {
        const srcIp = hostIn(src.cidr);
        const dstIp = dstSubnet ? hostIn(dstSubnet.cidr) : INTERNET_PROBE;
        const forward = net.trace(src.id, srcIp, dstIp);
        let back: Trace;
        let returnEntry: NaclCheck[] = [];
        if (dstSubnet) back = net.trace(dstSubnet.id, dstIp, srcIp);
        else if (forward.delivered && forward.natSubnetId) {
            // The reply comes back to the NAT that translated the flow (its port, from the internet), and the
            // NAT gateway's subnet routes it on to the client: that return path is walked, not assumed.
            const natSubnet = net.subnets.get(forward.natSubnetId)!;
            returnEntry = [{ subnet: natSubnet.name, nacl: net.subnetNacl.get(natSubnet.id), direction: "ingress", peer: dstIp, port: "nat" }];
            back = net.trace(natSubnet.id, dstIp, srcIp);
        } else back = { ...forward, delivered: false, outcome: "no NAT on the way out: nothing translates the reply", endpoints: [], checks: [] };
        const returnChecks = [...returnEntry, ...back.checks];
        const policies = policiesOf(forward.endpoints);
        // TLS probes: no SNI, and a name each pass rule admits (the allow-list's own entries).
        const names = [undefined, ...new Set(policies.flatMap(sniWitnesses))];
        const ports = probePorts(
            [...forward.checks, ...returnChecks].map((c) => c.nacl),
            policies.flatMap((p) => p.groups.flatMap((g) => g.rules.flatMap(rulePorts))),
        );
        // The firewall decides on the initiator's packets; its pass covers the reply of the same flow.
        const firewallPasses = (protocol: "tcp" | "udp", port: number) =>
            forward.delivered &&
            (protocol === "udp" ? [undefined] : names).some((sni) =>
                net.firewallsPass(forward.endpoints, { protocol, src: srcIp, srcPort: CLIENT_PORTS[2], dst: dstIp, dstPort: port, sni }),
            );
        const naclOpen: string[] = [];
        const firewallOpen: string[] = [];
        for (const protocol of ["tcp", "udp"] as const) {
            for (const port of ports) {
                const probe = `${protocol}/${port}`;
                // Client ports and the ports a NAT gateway picks (1024-65535) are probed alike.
                if (
                    forward.delivered &&
                    back.delivered &&
                    allows(forward.checks, protocol, port, port) &&
                    CLIENT_PORTS.some((client) => allows(returnChecks, protocol, client, client))
                )
                    naclOpen.push(probe);
                if (firewallPasses(protocol, port)) firewallOpen.push(probe);
            }
        }
        const openPorts = naclOpen.filter((p) => firewallOpen.includes(p));
        const egressLeaks =
            to === "internet" && forward.delivered && forward.inspected
                ? deniedHosts.filter((sni) =>
                      net.firewallsPass(forward.endpoints, {
                          protocol: "tcp",
                          src: srcIp,
                          srcPort: CLIENT_PORTS[2],
                          dst: dstIp,
                          dstPort: INTERNET_EGRESS_PORT,
                          sni,
                      }),
                  )
                : [];
        return {
            from: from.name,
            to: to === "internet" ? "internet" : to.name,
            fromSubnet: src.name,
            toSubnet: dstSubnet?.name ?? "internet",
            fromSegment: from.segment ?? "?",
            toSegment: to === "internet" ? "internet" : (to.segment ?? "?"),
            forward,
            back,
            reachable: openPorts.length > 0,
            openPorts,
            naclOpen,
            firewallOpen,
            egressLeaks,
        };
    };

    const report = (flow: FlowResult) => {
        flows.push(flow);
        const where = `[${flow.fromSubnet} -> ${flow.toSubnet}]`;
        // Property 1: prod and nonprod never meet, and each layer keeps them apart on its own.
        const pair = [flow.fromSegment, flow.toSegment].sort().join("/");
        if (pair === "nonprod/prod") {
            if (flow.naclOpen.length > 0)
                violations.push(
                    `${flow.from} (${flow.fromSegment}) reaches ${flow.to} (${flow.toSegment}) through every NACL on ${flow.naclOpen.slice(0, 5).join(", ")} ${where}`,
                );
            if (flow.firewallOpen.length > 0)
                violations.push(
                    `${flow.from} (${flow.fromSegment}) reaches ${flow.to} (${flow.toSegment}) through firewall ${net.firewallsOf(flow.forward.endpoints).join(", ")} on ${flow.firewallOpen.slice(0, 5).join(", ")} ${where}`,
                );
        }
        // Property 2: whatever is routed is inspected, both ways, by the same firewall endpoint.
        for (const [direction, trace] of [
            ["forward", flow.forward],
            ["return", flow.back],
        ] as const) {
            if (trace.delivered && !trace.inspected)
                violations.push(`${flow.from} -> ${flow.to}: ${direction} path bypasses inspection (${trace.hops.map((h) => h.name).join(" > ")}) ${where}`);
        }
        if (flow.forward.delivered && flow.back.delivered && flow.forward.inspected && flow.back.inspected) {
            const there = [...flow.forward.endpoints].sort().join(",");
            const back = [...flow.back.endpoints].sort().join(",");
            if (there !== back)
                violations.push(
                    `${flow.from} -> ${flow.to}: forward crosses firewall endpoint(s) ${there}, the return ${back}: each stateful engine sees half a flow and drops it ${where}`,
                );
        }
        // Property 4: every spoke subnet gets out on TLS (the egress the landing zone promises).
        if (flow.to === "internet" && !flow.openPorts.includes(`tcp/${INTERNET_EGRESS_PORT}`)) {
            const why = !flow.forward.delivered
                ? flow.forward.outcome
                : !flow.back.delivered
                  ? `return: ${flow.back.outcome}`
                  : !flow.naclOpen.includes(`tcp/${INTERNET_EGRESS_PORT}`)
                    ? "a NACL on the way drops it"
                    : "the firewall passes no allowed TLS name";
            violations.push(`${flow.from} -> internet: tcp/${INTERNET_EGRESS_PORT} does not get through (${why}) ${where}`);
        }
        // Property 5: the egress allow-list holds: names outside it are dropped.
        for (const host of flow.egressLeaks)
            violations.push(`${flow.from} -> internet: TLS to ${host} passes the firewall (not an allowed egress name) ${where}`);
    };

    for (const from of spokeVpcs) {
        for (const src of workloadSubnets(from)) {
            for (const to of spokeVpcs) {
                if (to === from) continue;
                for (const dst of workloadSubnets(to)) report(evaluate(from, src, to, dst));
            }
            report(evaluate(from, src, "internet"));
        }
    }
    return { spokes: spokeVpcs.map((v) => ({ name: v.name, segment: v.segment ?? "?", cidr: v.cidr })), flows, violations };
}

/** A readable summary: the reachability matrix and the verdict. */
export function renderReachability(report: ReachabilityReport): string {
    const lines = [`Spokes: ${report.spokes.map((s) => `${s.name} (${s.segment}, ${s.cidr})`).join(", ")}`, ""];
    for (const f of report.flows) {
        const route = f.forward.delivered ? (f.forward.inspected ? "routed via firewall" : "routed, NOT inspected") : `not routed (${f.forward.outcome})`;
        const verdict = f.reachable
            ? `REACHABLE on ${f.openPorts.length} probe(s): ${f.openPorts.slice(0, 4).join(", ")}${f.openPorts.length > 4 ? ", ..." : ""}`
            : "unreachable";
        lines.push(`  ${f.from} [${f.fromSegment}] -> ${f.to} [${f.toSegment}]: ${route}; ${verdict}`);
    }
    lines.push("", report.violations.length === 0 ? "All reachability properties hold." : `Violations (${report.violations.length}):`);
    for (const v of report.violations) lines.push(`  - ${v}`);
    return lines.join("\n");
}

/** Records with their outputs, from a run of the offline preview's mock runtime. */
export function recordsFromRun(run: ProgramRun): GraphRecord[] {
    return run.resources.map((r) => {
        const outputs = wireOutputsOf(r);
        return {
            type: r.type,
            name: r.name,
            urn: r.urn,
            inputs: r.inputs,
            parent: r.parent,
            provider: r.provider,
            id: r.id,
            outputs: outputs ? (plainValue(outputs) as Record<string, unknown>) : undefined,
            dependencies: r.dependencies,
        };
    });
}

/** Runs the landing zone for a stack under the mock runtime and returns its resource graph. */
export async function landingZoneGraph(stack: string, configFile?: string): Promise<GraphRecord[]> {
    const files = readStackFiles(path.resolve(__dirname, ".."), stack, configFile);
    const run = await runProgram({
        project: files.project,
        stack: files.stack,
        config: runtimeConfig(files.values),
        secretKeys: files.secretKeys,
        load: async () => {
            const zone = await buildLandingZone(loadStackConfig());
            return { organizationId: zone.organizationId };
        },
    });
    return recordsFromRun(run);
}

/** `ts-node tools/reachability.ts --stack dev [--config file]`: prints the matrix, exits 1 on a violation. */
if (require.main === module) {
    const args = process.argv.slice(2);
    const flag = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
    const stack = flag("--stack");
    if (!stack) {
        process.stderr.write("usage: ts-node tools/reachability.ts --stack <dev|prod> [--config <file>]\n");
        process.exit(2);
    }
    landingZoneGraph(stack, flag("--config")).then(
        (records) => {
            const report = analyzeReachability(records);
            process.stdout.write(renderReachability(report) + "\n");
            process.exit(report.violations.length === 0 ? 0 : 1);
        },
        (err: unknown) => {
            process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
            process.exit(2);
        },
    );
}
