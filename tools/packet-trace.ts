import { NaclEntry, Nacl, Network, range, Subnet, within } from "./network-graph";

/**
 * Walking one packet through a captured network the way AWS forwards it: longest prefix match in each
 * route table (local routes first), transit gateway route tables and peerings, NAT translation, firewall
 * endpoints; and the NACL evaluations it meets on the way.
 */

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

/** Walks one packet from a subnet towards an address, recording every NACL evaluation on the way. */
export function tracePacket(net: Network, fromSubnetId: string, src: string, dst: string): Trace {
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
        checks.push({ subnet: from.name, nacl: net.subnetNacl.get(from.id), direction: "egress", peer: dst, port: "destination" });
    const cross = (from: Subnet, to: Subnet) => {
        if (from.id === to.id) return;
        leave(from);
        checks.push({ subnet: to.name, nacl: net.subnetNacl.get(to.id), direction: "ingress", peer: source, port: "destination" });
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
            const subnet: Subnet = net.subnets.get(at.subnetId)!;
            const vpc = net.vpcs.get(subnet.vpcId);
            hops.push({ kind: "subnet", name: subnet.name });
            if (!vpc) return stop(`subnet ${subnet.name} is in an unknown VPC`);
            if (within(vpc.cidr, dst)) {
                const target = net.subnetContaining(vpc.id, dst);
                if (!target) return stop(`no subnet of ${vpc.name} holds ${dst}`);
                cross(subnet, target);
                if (target.id !== subnet.id) hops.push({ kind: "subnet", name: target.name });
                return stop(`subnet ${target.name}`, true);
            }
            const table = net.subnetTable.get(subnet.id);
            const route = table ? longestMatch(net.tableRoutes.get(table) ?? [], dst) : undefined;
            if (!route) return stop(`no route to ${dst} from ${subnet.name}`);
            const target = route.target;
            if (target.kind === "tgw") {
                const attachment = [...net.vpcAttachments.entries()].find(([, a]) => a.tgwId === target.id && a.vpcId === vpc.id);
                if (!attachment) return stop(`${vpc.name} routes to transit gateway ${target.id} without an attachment`);
                // Inside one VPC AZ names agree: the ENI of the packet's AZ carries it, or nothing does.
                const eni = attachment[1].subnetIds.map((s) => net.subnets.get(s)!).find((s) => s.az === subnet.az);
                if (!eni) return stop(`${attachment[1].name} has no subnet in ${subnet.az}, so ${subnet.name} cannot reach the transit gateway`);
                cross(subnet, eni);
                hops.push({ kind: "tgw", name: net.tgwNames.get(target.id) ?? target.id });
                at = { kind: "tgw", tgwId: target.id, attachmentId: attachment[0], azKey: eni.azKey };
            } else if (target.kind === "igw") {
                if (net.igws.get(target.id) !== vpc.id) return stop(`route to an internet gateway not attached to ${vpc.name}`);
                leave(subnet);
                hops.push({ kind: "igw", name: target.id });
                if (PRIVATE_RANGES.some((r) => within(r, dst))) return stop(`private address ${dst} routed to internet gateway ${target.id}: dropped`);
                return stop("internet", true);
            } else if (target.kind === "nat") {
                const natSubnet = net.nats.get(target.id);
                if (!natSubnet || !net.subnets.has(natSubnet)) return stop(`NAT gateway ${target.id} is not in a known subnet`);
                cross(subnet, net.subnets.get(natSubnet)!);
                hops.push({ kind: "nat", name: target.id });
                natSubnetId = natSubnet;
                source = NAT_PUBLIC_ADDRESS;
                at = { kind: "subnet", subnetId: natSubnet };
            } else if (target.kind === "vpce") {
                const endpoint = net.firewallEndpoints.get(target.id);
                if (!endpoint) return stop(`route to VPC endpoint ${target.id}, which is not a firewall endpoint`);
                const endpointSubnet = net.subnets.get(endpoint.subnetId);
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
            const table = net.associations.get(`${here.tgwId}|${here.attachmentId}`);
            if (!table) return stop(`attachment ${at.attachmentId} is not associated with a route table of ${net.tgwNames.get(at.tgwId) ?? at.tgwId}`);
            const route = longestMatch(net.tgwRoutes.get(table) ?? [], dst);
            if (!route) return stop(`no route to ${dst} in ${net.tgwTableNames.get(table)}`);
            if (!route.attachmentId) return stop(`blackhole for ${dst} in ${net.tgwTableNames.get(table)}`);
            const peering = net.peerings.get(route.attachmentId);
            if (peering) {
                const other: string | undefined = peering.tgwIds.find((t) => t !== here.tgwId);
                if (!other) return stop(`peering ${peering.name} does not leave ${net.tgwNames.get(at.tgwId)}`);
                hops.push({ kind: "tgw", name: net.tgwNames.get(other) ?? other });
                // Another region: no AZ of this one carries over.
                at = { kind: "tgw", tgwId: other, attachmentId: route.attachmentId, azKey: `peering|${route.attachmentId}` };
                continue;
            }
            const subnet = net.attachmentSubnet(route.attachmentId, at.azKey, src, dst);
            if (!subnet) return stop(`attachment ${route.attachmentId} of ${net.tgwTableNames.get(table)} has no subnet`);
            at = { kind: "subnet", subnetId: subnet.id };
        }
    }
    return stop("too many hops");
}

/** RFC 1918 space: an internet gateway drops packets addressed there. */
const PRIVATE_RANGES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"];
/** Stand-in for a NAT gateway's Elastic IP (TEST-NET-2): the source of translated packets. */
const NAT_PUBLIC_ADDRESS = "198.51.100.10";

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
export function naclAllows(entries: readonly NaclEntry[], peer: string, protocol: "tcp" | "udp", port: number): boolean {
    for (const e of [...entries].sort((a, b) => a.ruleNo - b.ruleNo)) {
        if (!e.cidr || !within(e.cidr, peer)) continue;
        const protocolMatches = e.protocol === "-1" || e.protocol === "all" || e.protocol === protocol || e.protocol === (protocol === "tcp" ? "6" : "17");
        if (!protocolMatches) continue;
        if (e.protocol !== "-1" && e.protocol !== "all" && (port < e.fromPort || port > e.toPort)) continue;
        return e.action === "allow";
    }
    return false;
}
