import * as path from "path";
import { parseCidr } from "cidr-tools";
import { buildLandingZone } from "../stacks/landing-zone";
import { loadStackConfig } from "../stacks/config";
import { plainValue, runProgram, ProgramRun, wireOutputsOf } from "./mock-runtime";
import { readStackFiles, runtimeConfig } from "./stack-files";

/**
 * Reachability analysis of a landing zone's network, computed from the resource graph a preview
 * captures (no AWS calls): VPC route tables and routes, transit gateway attachments, associations,
 * propagations and static routes, NACLs, NAT and internet gateways and the firewall's endpoints.
 *
 * A packet is walked hop by hop the way AWS forwards it (longest prefix match in each table, local
 * routes first, one AZ per flow as appliance mode keeps it), and NACLs are evaluated as AWS does,
 * statelessly, at the source and destination subnets in both directions. Three properties are checked:
 *   1. no spoke of the prod segment can reach a spoke of the nonprod segment, in either direction;
 *   2. every flow between spokes and every flow from a spoke to the internet crosses a firewall endpoint,
 *      in both directions;
 *   3. no spoke has an internet gateway, a route to one, or subnets that hand out public addresses.
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
interface Nacl {
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

/** Outcome of walking one packet. */
export interface Trace {
    readonly delivered: boolean;
    /** "subnet <name>" or "internet" when delivered; the reason otherwise. */
    readonly outcome: string;
    readonly hops: readonly Hop[];
    readonly inspected: boolean;
}

/** What the analysis concluded about one ordered pair of endpoints. */
export interface FlowResult {
    readonly from: string;
    readonly to: string;
    readonly fromSegment: string;
    readonly toSegment: string;
    readonly forward: Trace;
    readonly back: Trace;
    /** Routed both ways and some probe (protocol, port) passes every NACL on the way there and back. */
    readonly reachable: boolean;
    /** Probes that got through, e.g. "tcp/443". */
    readonly openPorts: readonly string[];
}

export interface ReachabilityReport {
    readonly spokes: readonly { name: string; segment: string; cidr: string }[];
    readonly flows: readonly FlowResult[];
    /** One line per broken property; empty when all three hold. */
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
    readonly vpcAttachments = new Map<string, { tgwId: string; vpcId: string; subnetIds: string[]; name: string }>();
    readonly peerings = new Map<string, { tgwIds: [string, string]; name: string }>();
    readonly associations = new Map<string, string>(); // `${tgw}|${attachment}` -> table
    readonly tgwRoutes = new Map<string, TgwRoute[]>();
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
                az: str(r.inputs.availabilityZone) ?? "",
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

    vpcOfSubnet(subnetId: string): Vpc | undefined {
        const s = this.subnets.get(subnetId);
        return s ? this.vpcs.get(s.vpcId) : undefined;
    }

    subnetContaining(vpcId: string, ip: string): Subnet | undefined {
        return [...this.subnets.values()].find((s) => s.vpcId === vpcId && within(s.cidr, ip));
    }

    /** The attachment subnet of a VPC attachment in an AZ, or its first one (AZ affinity is per flow). */
    attachmentSubnet(attachmentId: string, az: string): Subnet | undefined {
        const a = this.vpcAttachments.get(attachmentId);
        const subnets = (a?.subnetIds ?? []).map((s) => this.subnets.get(s)!).sort((x, y) => x.az.localeCompare(y.az));
        return subnets.find((s) => s.az === az) ?? subnets.find((s) => s.az.slice(-1) === az.slice(-1)) ?? subnets[0];
    }

    /** Walks one packet from a subnet towards an address. */
    trace(fromSubnetId: string, dst: string): Trace {
        const hops: Hop[] = [];
        let inspected = false;
        const stop = (outcome: string, delivered = false): Trace => ({ delivered, outcome, hops, inspected });
        let at: { kind: "subnet"; subnetId: string } | { kind: "tgw"; tgwId: string; attachmentId: string; az: string } = {
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
                    return target
                        ? (hops.push({ kind: "subnet", name: target.name }), stop(`subnet ${target.name}`, true))
                        : stop(`no subnet of ${vpc.name} holds ${dst}`);
                }
                const table = this.subnetTable.get(subnet.id);
                const route = table ? longestMatch(this.tableRoutes.get(table) ?? [], dst) : undefined;
                if (!route) return stop(`no route to ${dst} from ${subnet.name}`);
                const target = route.target;
                if (target.kind === "tgw") {
                    const attachment = [...this.vpcAttachments.entries()].find(([, a]) => a.tgwId === target.id && a.vpcId === vpc.id);
                    if (!attachment) return stop(`${vpc.name} routes to transit gateway ${target.id} without an attachment`);
                    if (!attachment[1].subnetIds.some((s) => this.subnets.get(s)!.az === subnet.az))
                        return stop(`${attachment[1].name} has no subnet in ${subnet.az}, so ${subnet.name} cannot reach the transit gateway`);
                    hops.push({ kind: "tgw", name: this.tgwNames.get(target.id) ?? target.id });
                    at = { kind: "tgw", tgwId: target.id, attachmentId: attachment[0], az: subnet.az };
                } else if (target.kind === "igw") {
                    if (this.igws.get(target.id) !== vpc.id) return stop(`route to an internet gateway not attached to ${vpc.name}`);
                    hops.push({ kind: "igw", name: target.id });
                    return stop("internet", true);
                } else if (target.kind === "nat") {
                    const natSubnet = this.nats.get(target.id);
                    if (!natSubnet || !this.subnets.has(natSubnet)) return stop(`NAT gateway ${target.id} is not in a known subnet`);
                    hops.push({ kind: "nat", name: target.id });
                    at = { kind: "subnet", subnetId: natSubnet };
                } else if (target.kind === "vpce") {
                    const endpoint = this.firewallEndpoints.get(target.id);
                    if (!endpoint) return stop(`route to VPC endpoint ${target.id}, which is not a firewall endpoint`);
                    inspected = true;
                    hops.push({ kind: "firewall", name: endpoint.firewall });
                    at = { kind: "subnet", subnetId: endpoint.subnetId };
                } else {
                    return stop(`route to an unsupported target ${target.id}`);
                }
            } else {
                const here: { tgwId: string; attachmentId: string; az: string } = at;
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
                    at = { kind: "tgw", tgwId: other, attachmentId: route.attachmentId, az: at.az };
                    continue;
                }
                const subnet = this.attachmentSubnet(route.attachmentId, at.az);
                if (!subnet) return stop(`attachment ${route.attachmentId} of ${this.tgwTableNames.get(table)} has no subnet`);
                at = { kind: "subnet", subnetId: subnet.id };
            }
        }
        return stop("too many hops");
    }
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
 * Probe ports: every boundary of every NACL rule range (and its neighbours) plus common service ports.
 * NACL verdicts are constant between boundaries, so these cover every distinct outcome.
 */
function probePorts(nacls: readonly (Nacl | undefined)[]): number[] {
    const ports = new Set<number>([1, 22, 80, 443, 3389, 8080, 65535]);
    for (const nacl of nacls)
        for (const e of [...(nacl?.ingress ?? []), ...(nacl?.egress ?? [])])
            for (const p of [e.fromPort - 1, e.fromPort, e.toPort, e.toPort + 1]) if (p >= 1 && p <= 65535) ports.add(p);
    return [...ports].sort((a, b) => a - b);
}

/** Client ports return traffic goes back to (Linux and Windows ephemeral ranges). */
const CLIENT_PORTS = [1024, 32768, 49152, 60999, 65535];

/** Runs the three checks on a resource graph. */
export function analyzeReachability(records: readonly GraphRecord[]): ReachabilityReport {
    const net = new Network(records);
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

    const workloadSubnet = (vpc: Vpc) =>
        [...net.subnets.values()]
            .filter((s) => s.vpcId === vpc.id && !net.vpcAttachments.has(s.id) && ![...net.vpcAttachments.values()].some((a) => a.subnetIds.includes(s.id)))
            .sort((a, b) => a.name.localeCompare(b.name))[0];

    const flows: FlowResult[] = [];
    const evaluate = (from: Vpc, to: Vpc | "internet"): FlowResult | undefined => {
        const src = workloadSubnet(from);
        if (!src) return undefined;
        const dstSubnet = to === "internet" ? undefined : workloadSubnet(to);
        if (to !== "internet" && !dstSubnet) return undefined;
        const srcIp = hostIn(src.cidr);
        const dstIp = dstSubnet ? hostIn(dstSubnet.cidr) : INTERNET_PROBE;
        const forward = net.trace(src.id, dstIp);
        const back: Trace = dstSubnet
            ? net.trace(dstSubnet.id, srcIp)
            : { delivered: forward.delivered, outcome: "stateful NAT return", hops: [], inspected: forward.inspected };
        const srcNacl = net.subnetNacl.get(src.id);
        const dstNacl = dstSubnet ? net.subnetNacl.get(dstSubnet.id) : undefined;
        // A subnet without a NACL of ours keeps the VPC default, which allows everything: counted as open.
        const allow = (nacl: Nacl | undefined, dir: "ingress" | "egress", peer: string, protocol: "tcp" | "udp", port: number) =>
            nacl ? naclAllows(nacl[dir], peer, protocol, port) : true;
        const openPorts: string[] = [];
        if (forward.delivered && back.delivered) {
            for (const protocol of ["tcp", "udp"] as const) {
                for (const port of probePorts([srcNacl, dstNacl])) {
                    const there = allow(srcNacl, "egress", dstIp, protocol, port) && (!dstSubnet || allow(dstNacl, "ingress", srcIp, protocol, port));
                    const returns = CLIENT_PORTS.some(
                        (client) => allow(srcNacl, "ingress", dstIp, protocol, client) && (!dstSubnet || allow(dstNacl, "egress", srcIp, protocol, client)),
                    );
                    if (there && returns) openPorts.push(`${protocol}/${port}`);
                }
            }
        }
        return {
            from: from.name,
            to: to === "internet" ? "internet" : to.name,
            fromSegment: from.segment ?? "?",
            toSegment: to === "internet" ? "internet" : (to.segment ?? "?"),
            forward,
            back,
            reachable: openPorts.length > 0,
            openPorts,
        };
    };

    for (const from of spokeVpcs) {
        for (const to of [...spokeVpcs, "internet" as const]) {
            if (to === from) continue;
            const flow = evaluate(from, to);
            if (!flow) continue;
            flows.push(flow);
            // Property 1: prod and nonprod never meet.
            const pair = [flow.fromSegment, flow.toSegment].sort().join("/");
            if (pair === "nonprod/prod" && flow.reachable)
                violations.push(`${flow.from} (${flow.fromSegment}) reaches ${flow.to} (${flow.toSegment}) on ${flow.openPorts.slice(0, 5).join(", ")}`);
            // Property 2: whatever is routed is inspected, both ways.
            for (const [direction, trace] of [
                ["forward", flow.forward],
                ["return", flow.back],
            ] as const) {
                if (trace.delivered && !trace.inspected)
                    violations.push(`${flow.from} -> ${flow.to}: ${direction} path bypasses inspection (${trace.hops.map((h) => h.name).join(" > ")})`);
            }
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
