import { parseCidr } from "cidr-tools";
import { INTERNET_EGRESS_PORT } from "../components/network/segment-rules";
import { rulePorts, sniWitnesses } from "../components/network/firewall-evaluation";
import { GraphRecord, landingZoneGraph, Nacl, Network, Subnet, Vpc } from "./network-graph";
import { naclAllows, NaclCheck, Trace, tracePacket } from "./packet-trace";
import { parseCommandLine } from "./cli-args";

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
 * Every firewall crossed gives its verdict from its policy's Suricata rules (components/network/firewall-evaluation.ts).
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

/** A probe address outside every private range the organization could use (TEST-NET-3). */
export const INTERNET_PROBE = "203.0.113.10";

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
        const forward = tracePacket(net, src.id, srcIp, dstIp);
        let back: Trace;
        let returnEntry: NaclCheck[] = [];
        if (dstSubnet) back = tracePacket(net, dstSubnet.id, dstIp, srcIp);
        else if (forward.delivered && forward.natSubnetId) {
            // The reply comes back to the NAT that translated the flow (its port, from the internet), and the
            // NAT gateway's subnet routes it on to the client: that return path is walked, not assumed.
            const natSubnet = net.subnets.get(forward.natSubnetId)!;
            returnEntry = [{ subnet: natSubnet.name, nacl: net.subnetNacl.get(natSubnet.id), direction: "ingress", peer: dstIp, port: "nat" }];
            back = tracePacket(net, natSubnet.id, dstIp, srcIp);
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


/** `ts-node tools/reachability.ts --stack dev [--config file]`: prints the matrix, exits 1 on a violation. */
if (require.main === module) {
    const fail = (err: unknown) => {
        process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
        process.exit(2);
    };
    try {
        const usage = "usage: ts-node tools/reachability.ts --stack <dev|prod> [--config <file>]";
        const values = parseCommandLine(process.argv.slice(2), usage, { stack: { type: "string" }, config: { type: "string" } }, ["stack"]);
        if (!values) process.exit(0);
        landingZoneGraph(values.stack, values.config).then((records) => {
            const report = analyzeReachability(records);
            process.stdout.write(renderReachability(report) + "\n");
            process.exit(report.violations.length === 0 ? 0 : 1);
        }, fail);
    } catch (err) {
        fail(err);
    }
}
