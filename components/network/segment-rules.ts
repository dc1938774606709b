import type { Segment } from "../shared/config-types";

/**
 * Everything a segment may do, derived from network config in one place so that the firewall rules,
 * the spoke NACLs and the reachability analysis all read the same intent.
 */

/** The network config the rules derive from (the network section of the stack config). */
export interface NetworkConfig {
    /** Each region's address plan: its top-level block, per-segment pools and central endpoints block. */
    readonly regions: Readonly<Record<string, { readonly cidr: string; readonly pools: Readonly<Record<Segment, string>>; readonly endpointsCidr: string }>>;
    readonly eastWest: readonly EastWestRule[];
    /** Segments routed across the peering between regions' hubs; the others stay inside their region. */
    readonly crossRegionSegments: readonly Segment[];
    readonly egressAllowedDomains: readonly string[];
    /** Interface endpoint services centralised in each region's endpoints VPC. */
    readonly interfaceEndpoints: readonly string[];
}

/** A flow config allows from one segment's spokes to another's. */
export interface EastWestRule {
    readonly from: Segment;
    readonly to: Segment;
    readonly protocol: "tcp" | "udp";
    readonly ports: readonly number[];
    readonly description: string;
}

/** Client ports of return traffic (NACLs are stateless). */
export const EPHEMERAL_PORTS = { from: 1024, to: 65535 } as const;
/** Spokes reach the internet (through inspection and central NAT) on TLS only. */
export const INTERNET_EGRESS_PORT = 443;

/**
 * `from`-`to` minus the given ports, as the fewest inclusive ranges. Return traffic from the internet is
 * admitted on the ephemeral range without the administration ports, so no NACL rule ever lets an internet
 * address open SSH or RDP. The cost is real and small: a NAT gateway picks its source ports from all of
 * 1024-65535 (VPC docs, "Ephemeral ports"), so the reply to a translation that lands on an excluded port
 * (3389 by default; 22 is below the range) is dropped at the NAT tier and that one connection times out.
 * Admitting the whole range instead would fail CIS 5.2 / Security Hub EC2.21 (Config's nacl-no-unrestricted-ssh-rdp
 * flags any inbound entry from anywhere whose range covers 22 or 3389) and the pack's nacl-no-admin-ports-from-internet.
 */
export function rangesExcept(from: number, to: number, excluded: readonly number[]): { from: number; to: number }[] {
    const out: { from: number; to: number }[] = [];
    let start = from;
    for (const p of [...new Set(excluded)].filter((x) => x >= from && x <= to).sort((a, b) => a - b)) {
        if (p > start) out.push({ from: start, to: p - 1 });
        start = p + 1;
    }
    if (start <= to) out.push({ from: start, to });
    return out;
}

/** An east-west flow between segments, with the pools it covers. */
export interface SegmentFlow extends EastWestRule {
    /** Regions whose pools the flow covers: every region when it crosses regions, else one. */
    readonly regions: readonly string[];
    readonly fromCidrs: readonly string[];
    readonly toCidrs: readonly string[];
}

/** The organization's address space: every region's top-level block. */
export function organizationCidrs(network: NetworkConfig): string[] {
    return Object.keys(network.regions)
        .sort()
        .map((region) => network.regions[region].cidr);
}

/**
 * The config's east-west flows. A flow crosses regions only when both of its segments are in
 * crossRegionSegments, the segments whose pools the peering routes; any other flow is one flow per region,
 * inside it. So the firewall and the NACLs never admit a first packet that the routes would not carry back
 * (a nonprod SYN to another region's shared services used to pass, and only its reply died).
 */
export function segmentFlows(network: NetworkConfig): SegmentFlow[] {
    const regions = Object.keys(network.regions).sort();
    const crosses = (s: Segment) => network.crossRegionSegments.includes(s);
    return network.eastWest.flatMap((r) => {
        const groups = crosses(r.from) && crosses(r.to) ? [regions] : regions.map((region) => [region]);
        return groups.map((group) => ({
            from: r.from,
            to: r.to,
            protocol: r.protocol,
            ports: [...r.ports],
            description: r.description,
            regions: group,
            fromCidrs: group.map((region) => network.regions[region].pools[r.from]),
            toCidrs: group.map((region) => network.regions[region].pools[r.to]),
        }));
    });
}

/** One NACL entry in the shape of aws.ec2.NetworkAcl ingress/egress. */
export interface NaclRule {
    readonly ruleNo: number;
    readonly action: "allow" | "deny";
    readonly protocol: "-1" | "tcp" | "udp";
    readonly cidrBlock: string;
    readonly fromPort: number;
    readonly toPort: number;
}

/** Every protocol and port to or from `cidrBlock` (AWS stores such an entry with ports 0-0). */
function allTraffic(ruleNo: number, cidrBlock: string, action: NaclRule["action"]): NaclRule {
    return { ruleNo, action, protocol: "-1", cidrBlock, fromPort: 0, toPort: 0 };
}

/** Allows `protocol` on the ports `fromPort`-`toPort` (one port when `toPort` is left out). */
function allowPorts(ruleNo: number, protocol: "tcp" | "udp", cidrBlock: string, fromPort: number, toPort = fromPort): NaclRule {
    return { ruleNo, action: "allow", protocol, cidrBlock, fromPort, toPort };
}

/** AWS default quota of rules per direction in one NACL. */
export const MAX_NACL_RULES = 20;

/**
 * Deny-by-default NACL of a spoke in `segment`: its own VPC; the east-west flows config allows (both
 * directions, with return traffic); TLS to the central endpoints of its region; then an explicit deny
 * of the organization's address space, so the internet rules below can never be used to reach another
 * segment; then TLS to the internet (which the firewall filters by domain), whose return traffic comes
 * back on the ephemeral range minus `adminPorts`. Everything else hits the implicit deny.
 */
export function spokeNaclRules(
    network: NetworkConfig,
    spoke: { readonly segment: Segment; readonly cidr: string; readonly region: string },
    adminPorts: readonly number[],
): { ingress: NaclRule[]; egress: NaclRule[] } {
    const ingress: NaclRule[] = [];
    const egress: NaclRule[] = [];

    ingress.push(allTraffic(100, spoke.cidr, "allow"));
    egress.push(allTraffic(100, spoke.cidr, "allow"));

    let next = 200;
    for (const flow of segmentFlows(network).filter((f) => f.regions.includes(spoke.region))) {
        if (flow.from === spoke.segment) {
            for (const cidr of flow.toCidrs) {
                for (const p of flow.ports) egress.push(allowPorts(next++, flow.protocol, cidr, p));
                ingress.push(allowPorts(next++, flow.protocol, cidr, EPHEMERAL_PORTS.from, EPHEMERAL_PORTS.to));
            }
        }
        if (flow.to === spoke.segment) {
            for (const cidr of flow.fromCidrs) {
                for (const p of flow.ports) ingress.push(allowPorts(next++, flow.protocol, cidr, p));
                egress.push(allowPorts(next++, flow.protocol, cidr, EPHEMERAL_PORTS.from, EPHEMERAL_PORTS.to));
            }
        }
    }

    const endpoints = network.regions[spoke.region].endpointsCidr;
    egress.push(allowPorts(300, "tcp", endpoints, 443));
    ingress.push(allowPorts(300, "tcp", endpoints, EPHEMERAL_PORTS.from, EPHEMERAL_PORTS.to));

    organizationCidrs(network).forEach((cidr, i) => {
        ingress.push(allTraffic(400 + i, cidr, "deny"));
        egress.push(allTraffic(400 + i, cidr, "deny"));
    });

    egress.push(allowPorts(500, "tcp", "0.0.0.0/0", INTERNET_EGRESS_PORT));
    internetReturnRanges(adminPorts).forEach((r, i) => ingress.push(allowPorts(500 + i, "tcp", "0.0.0.0/0", r.from, r.to)));

    if (next > 300) throw new Error(`spoke NACL: network.eastWest produces ${next - 200} rules (expected at most 100; merge port lists or pools)`);
    return { ingress, egress };
}

/** Ephemeral ranges internet return traffic may use: never an administration port. */
export function internetReturnRanges(adminPorts: readonly number[]): { from: number; to: number }[] {
    return rangesExcept(EPHEMERAL_PORTS.from, EPHEMERAL_PORTS.to, adminPorts);
}

/** Subnet tiers of the inspection VPC. */
export type InspectionTier = "attachment" | "firewall" | "egress";

/**
 * NACL of one inspection VPC tier. NACLs see addresses, not neighbours, and the TGW subnet's rules
 * apply to packets leaving it towards the firewall (outbound) and arriving from it (inbound).
 * - attachment and firewall tiers carry every inspected flow: anything between organization
 *   addresses (the firewall is the filter there), TLS from the organization to the internet, and its
 *   return on the ephemeral range without the administration ports.
 * - egress (central NAT) carries only internet traffic: TLS from the organization in and out to the
 *   internet; return traffic to NAT's ports and, untranslated, back to the organization's clients.
 * Everything else, ICMP and UDP to or from the internet included, hits the implicit deny.
 */
export function inspectionNaclRules(
    tier: InspectionTier,
    organizationCidrs: readonly string[],
    adminPorts: readonly number[],
): { ingress: NaclRule[]; egress: NaclRule[] } {
    if (organizationCidrs.length === 0) throw new Error("inspection NACL: organizationCidrs is empty (expected every region's CIDR)");
    const fromInternet = internetReturnRanges(adminPorts).map((r, i) => allowPorts(500 + i, "tcp", "0.0.0.0/0", r.from, r.to));
    const toInternet = allowPorts(500, "tcp", "0.0.0.0/0", INTERNET_EGRESS_PORT);
    if (tier === "egress") {
        return {
            ingress: [...organizationCidrs.map((c, i) => allowPorts(100 + i, "tcp", c, INTERNET_EGRESS_PORT)), ...fromInternet],
            egress: [...organizationCidrs.map((c, i) => allowPorts(100 + i, "tcp", c, EPHEMERAL_PORTS.from, EPHEMERAL_PORTS.to)), toInternet],
        };
    }
    return {
        ingress: [...organizationCidrs.map((c, i) => allTraffic(100 + i, c, "allow")), ...fromInternet],
        egress: [...organizationCidrs.map((c, i) => allTraffic(100 + i, c, "allow")), toInternet],
    };
}

/** NACL of the central endpoints VPC: anything inside it; from the organization TLS in, its return traffic out. */
export function endpointsNaclRules(vpcCidr: string, organizationCidrs: readonly string[]): { ingress: NaclRule[]; egress: NaclRule[] } {
    return {
        ingress: [allTraffic(100, vpcCidr, "allow"), ...organizationCidrs.map((c, i) => allowPorts(200 + i, "tcp", c, 443))],
        egress: [
            allTraffic(100, vpcCidr, "allow"),
            ...organizationCidrs.map((c, i) => allowPorts(200 + i, "tcp", c, EPHEMERAL_PORTS.from, EPHEMERAL_PORTS.to)),
        ],
    };
}

/** Suricata rule strings of one stateful rule group. */
export interface FirewallRuleSet {
    /** Rules in evaluation order (STRICT_ORDER). */
    readonly rules: readonly string[];
}

/** Quotes and semicolons would end a Suricata option early. */
function message(text: string): string {
    return text.replace(/["';\\]/g, " ").trim();
}

function cidrList(cidrs: readonly string[]): string {
    return cidrs.length === 1 ? cidrs[0] : `[${cidrs.join(",")}]`;
}

function portList(ports: readonly number[]): string {
    return ports.length === 1 ? String(ports[0]) : `[${ports.join(",")}]`;
}

/**
 * East-west rules: the config's segment-to-segment allows (segmentFlows) and TLS from each region to its own
 * central endpoints, the ones its spokes' DNS names. A pass verdict covers the whole flow, so return traffic
 * needs no rule of its own.
 */
export function eastWestRules(network: NetworkConfig, sidBase = 1_000_000): FirewallRuleSet {
    const rules: string[] = [];
    let sid = sidBase;
    for (const flow of segmentFlows(network)) {
        const where = flow.regions.length === 1 ? ` in ${flow.regions[0]}` : "";
        rules.push(
            `pass ${flow.protocol} ${cidrList(flow.fromCidrs)} any -> ${cidrList(flow.toCidrs)} ${portList(flow.ports)} (msg:"${message(`${flow.from} to ${flow.to}${where}: ${flow.description}`)}"; sid:${++sid}; rev:1;)`,
        );
    }
    for (const region of Object.keys(network.regions).sort()) {
        const plan = network.regions[region];
        rules.push(`pass tcp ${plan.cidr} any -> ${plan.endpointsCidr} 443 (msg:"${region} spokes to its central interface endpoints"; sid:${++sid}; rev:1;)`);
    }
    return { rules };
}

/**
 * The public name a service's endpoint answers for: "sts" -> sts.<region>.amazonaws.com, while dotted
 * service names are written the other way round: "ecr.dkr" -> dkr.ecr.<region>.amazonaws.com.
 */
export function endpointDnsName(service: string, region: string): string {
    return `${service.split(".").reverse().join(".")}.${region}.amazonaws.com`;
}

/**
 * Names spokes may reach through central egress: config's `egressAllowedDomains`, then each configured
 * region's interface endpoint service hosts by exact name. A spoke resolves its own region's names to the
 * central endpoints (the shared profile), but another region's reach it by their public addresses, so a
 * workload calling STS or KMS in the peer region goes out here; exact names, so no bucket, API or ECR
 * registry of another account ever matches.
 */
export function egressDomains(network: NetworkConfig): string[] {
    const hosts = Object.keys(network.regions)
        .sort()
        .flatMap((region) => network.interfaceEndpoints.map((service) => endpointDnsName(service, region)));
    return [...new Set([...network.egressAllowedDomains, ...hosts])];
}

/**
 * Egress allow-list by TLS SNI. `.example.com` allows the domain and its subdomains (dotprefix), `example.com`
 * exactly that host. The handshake passes under the aws:drop_established default action so the SNI can be seen;
 * established flows that no rule passed are dropped.
 */
export function egressRules(domains: readonly string[], sidBase = 2_000_000): FirewallRuleSet {
    let sid = sidBase;
    const rules = domains.map((domain) => {
        const match = domain.startsWith(".") ? `dotprefix; content:"${domain}"; nocase; endswith;` : `content:"${domain}"; nocase; startswith; endswith;`;
        return `pass tls $HOME_NET any -> $EXTERNAL_NET ${INTERNET_EGRESS_PORT} (tls.sni; ${match} msg:"egress allowed to ${message(domain)}"; flow:to_server; sid:${++sid}; rev:1;)`;
    });
    return { rules };
}

/**
 * What the default action cannot express: flows inside the organization that no east-west rule passed
 * drop on their first packet (not only once established), and so does every non-TCP flow.
 */
export function defaultDenyRules(sidBase = 3_000_000): FirewallRuleSet {
    let sid = sidBase;
    return {
        rules: [
            `drop ip $HOME_NET any -> $HOME_NET any (msg:"east-west flow not allowed by network.eastWest"; sid:${++sid}; rev:1;)`,
            `drop udp any any -> any any (msg:"UDP not allowed through inspection"; sid:${++sid}; rev:1;)`,
            `drop icmp any any -> any any (msg:"ICMP not allowed through inspection"; sid:${++sid}; rev:1;)`,
            `drop tcp $HOME_NET any -> $EXTERNAL_NET !${INTERNET_EGRESS_PORT} (msg:"egress only on TLS"; sid:${++sid}; rev:1;)`,
        ],
    };
}
