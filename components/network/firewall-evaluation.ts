import { parseCidr } from "cidr-tools";

/**
 * A model of AWS Network Firewall's stateful engine in strict order, for the Suricata rule shapes this
 * program emits (components/network/segment-rules.ts): header matches on ip/tcp/udp/icmp/tls with
 * addresses, variables, lists, negation and ports; `flow`; and `tls.sni` content matches with `dotprefix`,
 * `nocase`, `startswith`, `endswith`. A keyword, protocol or action outside that set is an error, never a
 * guess: the reachability analysis must not call a flow filtered by a rule it cannot read.
 *
 * Semantics modelled (Network Firewall "strict evaluation order" and Suricata): rule groups by priority,
 * rules in order; the first pass, drop or reject that matches a packet decides the whole flow, alert goes
 * on. A TCP flow is seen twice: its first packet (no application layer yet, not established) and the
 * established packet that carries the TLS ClientHello, the only one a `tls` rule or `tls.sni` can match.
 * With no verdict, the policy's default action decides: aws:drop_strict drops the first packet,
 * aws:drop_established the established one (the flow dies either way), anything else passes.
 */

export type RuleAction = "pass" | "drop" | "reject" | "alert";
type Address =
    { kind: "any" } | { kind: "cidr"; cidr: string } | { kind: "var"; name: string } | { kind: "not"; of: Address } | { kind: "list"; items: Address[] };
type Ports = { kind: "any" } | { kind: "range"; from: number; to: number } | { kind: "not"; of: Ports } | { kind: "list"; items: Ports[] };

/** One `content` match in the tls.sni buffer. */
interface SniMatch {
    readonly content: string;
    readonly dotprefix: boolean;
    readonly nocase: boolean;
    readonly startswith: boolean;
    readonly endswith: boolean;
}

export interface SuricataRule {
    readonly text: string;
    readonly action: RuleAction;
    readonly protocol: "ip" | "tcp" | "udp" | "icmp" | "tls";
    readonly src: Address;
    readonly srcPorts: Ports;
    readonly dst: Address;
    readonly dstPorts: Ports;
    readonly sid?: number;
    readonly msg?: string;
    /** `flow` keywords: to_server, from_client, to_client, from_server, established, not_established. */
    readonly flow: readonly string[];
    readonly sni: readonly SniMatch[];
}

/** One flow as its initiator sends it. ICMP ignores ports. */
export interface FlowProbe {
    readonly protocol: "tcp" | "udp" | "icmp";
    readonly src: string;
    readonly srcPort: number;
    readonly dst: string;
    readonly dstPort: number;
    /** The TLS SNI the ClientHello carries; undefined: not TLS. */
    readonly sni?: string;
}

/** A stateful rule group with the IP set variables it defines. */
export interface RuleGroupModel {
    readonly name: string;
    readonly rules: readonly SuricataRule[];
    readonly variables: Readonly<Record<string, readonly string[]>>;
}

/** A firewall policy's stateful side. */
export interface FirewallPolicyModel {
    readonly name: string;
    /** In priority order. */
    readonly groups: readonly RuleGroupModel[];
    /** policyVariables: used by groups that do not define the variable themselves. */
    readonly variables: Readonly<Record<string, readonly string[]>>;
    readonly defaultActions: readonly string[];
    /** HOME_NET when neither a group nor the policy defines it: the firewall's VPC CIDR (AWS default). */
    readonly homeNetDefault: readonly string[];
}

export interface FirewallVerdict {
    readonly action: "pass" | "drop";
    /** The deciding rule, or the default action. */
    readonly by: string;
}

const FLOW_KEYWORDS = new Set(["to_server", "from_client", "to_client", "from_server", "established", "not_established"]);
const IGNORED_KEYWORDS = new Set(["rev", "classtype", "metadata", "priority"]);

/** Splits at top-level commas of a bracketed list body. */
function splitList(body: string): string[] {
    const out: string[] = [];
    let depth = 0;
    let current = "";
    for (const ch of body) {
        if (ch === "[") depth++;
        if (ch === "]") depth--;
        if (ch === "," && depth === 0) {
            out.push(current.trim());
            current = "";
        } else current += ch;
    }
    if (current.trim()) out.push(current.trim());
    return out;
}

function parseAddress(spec: string, rule: string): Address {
    if (spec.startsWith("!")) return { kind: "not", of: parseAddress(spec.slice(1), rule) };
    if (spec.startsWith("[") && spec.endsWith("]")) return { kind: "list", items: splitList(spec.slice(1, -1)).map((s) => parseAddress(s, rule)) };
    if (spec === "any") return { kind: "any" };
    if (spec.startsWith("$")) return { kind: "var", name: spec.slice(1) };
    const cidr = spec.includes("/") ? spec : `${spec}/32`;
    try {
        parseCidr(cidr);
    } catch {
        throw new Error(`firewall rule: address ${spec} is not an IPv4 address, CIDR, list or variable (in: ${rule})`);
    }
    return { kind: "cidr", cidr };
}

function parsePorts(spec: string, rule: string): Ports {
    if (spec.startsWith("!")) return { kind: "not", of: parsePorts(spec.slice(1), rule) };
    if (spec.startsWith("[") && spec.endsWith("]")) return { kind: "list", items: splitList(spec.slice(1, -1)).map((s) => parsePorts(s, rule)) };
    if (spec === "any") return { kind: "any" };
    const m = /^(\d+)(?::(\d*))?$/.exec(spec);
    if (!m) throw new Error(`firewall rule: port ${spec} is not a port, range or list (in: ${rule})`);
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : m[2] === "" ? 65535 : Number(m[2]);
    return { kind: "range", from, to };
}

/** Splits the option block at semicolons outside quotes. */
function splitOptions(body: string): string[] {
    const out: string[] = [];
    let quoted = false;
    let current = "";
    for (let i = 0; i < body.length; i++) {
        const ch = body[i];
        if (ch === "\\" && quoted) {
            current += ch + (body[++i] ?? "");
            continue;
        }
        if (ch === '"') quoted = !quoted;
        if (ch === ";" && !quoted) {
            if (current.trim()) out.push(current.trim());
            current = "";
        } else current += ch;
    }
    if (current.trim()) out.push(current.trim());
    return out;
}

const unquote = (value: string) => (value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value);

/** Parses one rule; throws on any shape the model does not cover. */
export function parseRule(text: string): SuricataRule {
    const m = /^\s*(\w+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(->|<>)\s+(\S+)\s+(\S+)\s*\((.*)\)\s*$/.exec(text);
    if (!m) throw new Error(`firewall rule: not "action protocol src port -> dst port (options)": ${text}`);
    const [, action, protocol, src, srcPorts, direction, dst, dstPorts, body] = m;
    if (!["pass", "drop", "reject", "alert"].includes(action)) throw new Error(`firewall rule: action ${action} is not modelled (in: ${text})`);
    if (!["ip", "tcp", "udp", "icmp", "tls"].includes(protocol)) throw new Error(`firewall rule: protocol ${protocol} is not modelled (in: ${text})`);
    if (direction !== "->") throw new Error(`firewall rule: bidirectional rules are not modelled (in: ${text})`);
    let sid: number | undefined;
    let msg: string | undefined;
    const flow: string[] = [];
    const sni: SniMatch[] = [];
    let buffer: "tls.sni" | undefined;
    let dotprefix = false;
    for (const option of splitOptions(body)) {
        const colon = option.indexOf(":");
        const key = (colon < 0 ? option : option.slice(0, colon)).trim();
        const value = colon < 0 ? "" : option.slice(colon + 1).trim();
        const last = sni[sni.length - 1] as { -readonly [K in keyof SniMatch]: SniMatch[K] } | undefined;
        const modifier = (name: "nocase" | "startswith" | "endswith") => {
            if (!last) throw new Error(`firewall rule: ${name} without a content match (in: ${text})`);
            last[name] = true;
        };
        if (key === "msg") msg = unquote(value);
        else if (key === "sid") sid = Number(value);
        else if (IGNORED_KEYWORDS.has(key)) continue;
        else if (key === "flow") {
            for (const f of value.split(",").map((s) => s.trim())) {
                if (!FLOW_KEYWORDS.has(f)) throw new Error(`firewall rule: flow:${f} is not modelled (in: ${text})`);
                flow.push(f);
            }
        } else if (key === "tls.sni") buffer = "tls.sni";
        else if (key === "dotprefix") {
            if (!buffer) throw new Error(`firewall rule: dotprefix without a sticky buffer (in: ${text})`);
            dotprefix = true;
        } else if (key === "content") {
            if (buffer !== "tls.sni") throw new Error(`firewall rule: content outside tls.sni (payload matches) is not modelled (in: ${text})`);
            if (value.startsWith("!")) throw new Error(`firewall rule: negated content is not modelled (in: ${text})`);
            sni.push({ content: unquote(value), dotprefix, nocase: false, startswith: false, endswith: false });
        } else if (key === "nocase" || key === "startswith" || key === "endswith") modifier(key);
        else throw new Error(`firewall rule: keyword ${key} is not modelled (in: ${text})`);
    }
    if (sni.length > 0 && protocol !== "tls") throw new Error(`firewall rule: tls.sni on protocol ${protocol} (in: ${text})`);
    return {
        text,
        action: action as RuleAction,
        protocol: protocol as SuricataRule["protocol"],
        src: parseAddress(src, text),
        srcPorts: parsePorts(srcPorts, text),
        dst: parseAddress(dst, text),
        dstPorts: parsePorts(dstPorts, text),
        sid,
        msg,
        flow,
        sni,
    };
}

/** A rules string as Network Firewall takes it: one rule per line; blank lines and comments skipped. */
export function parseRules(rulesString: string): SuricataRule[] {
    return rulesString
        .split("\n")
        .map((l) => l.trim())
        .filter((l) => l.length > 0 && !l.startsWith("#"))
        .map(parseRule);
}

// A graph's flows test a few hundred addresses against a few hundred blocks millions of times: each is parsed once.
const ranges = new Map<string, { start: bigint; end: bigint }>();
const addresses = new Map<string, bigint>();
function within(cidr: string, ip: string): boolean {
    let r = ranges.get(cidr);
    if (!r) {
        const p = parseCidr(cidr);
        r = { start: p.start, end: p.end };
        ranges.set(cidr, r);
    }
    let i = addresses.get(ip);
    if (i === undefined) {
        i = parseCidr(`${ip}/32`).start;
        addresses.set(ip, i);
    }
    return i >= r.start && i <= r.end;
}

type Variables = (name: string) => Address;

function addressMatches(a: Address, ip: string, vars: Variables, depth = 0): boolean {
    if (depth > 16) throw new Error("firewall rule: variables refer to each other in a loop");
    switch (a.kind) {
        case "any":
            return true;
        case "cidr":
            return within(a.cidr, ip);
        case "var":
            return addressMatches(vars(a.name), ip, vars, depth + 1);
        case "not":
            return !addressMatches(a.of, ip, vars, depth + 1);
        case "list":
            return a.items.some((x) => addressMatches(x, ip, vars, depth + 1));
    }
}

function portMatches(p: Ports, port: number): boolean {
    switch (p.kind) {
        case "any":
            return true;
        case "range":
            return port >= p.from && port <= p.to;
        case "not":
            return !portMatches(p.of, port);
        case "list":
            return p.items.some((x) => portMatches(x, port));
    }
}

/** Every port a rule names, for probing: a verdict is constant between these boundaries. */
export function rulePorts(rule: SuricataRule): number[] {
    const out: number[] = [];
    const walk = (p: Ports) => {
        if (p.kind === "range") out.push(p.from - 1, p.from, p.to, p.to + 1);
        else if (p.kind === "not") walk(p.of);
        else if (p.kind === "list") p.items.forEach(walk);
    };
    walk(rule.srcPorts);
    walk(rule.dstPorts);
    return out.filter((p) => p >= 1 && p <= 65535);
}

function sniMatches(m: SniMatch, sni: string): boolean {
    const buffer = (m.dotprefix ? "." : "") + sni;
    const [b, c] = m.nocase ? [buffer.toLowerCase(), m.content.toLowerCase()] : [buffer, m.content];
    if (m.startswith && m.endswith) return b === c;
    if (m.startswith) return b.startsWith(c);
    if (m.endswith) return b.endsWith(c);
    return b.includes(c);
}

/** The two packets of a flow the engine decides on. */
interface Packet {
    readonly established: boolean;
    /** The application layer the engine has detected by this packet. */
    readonly tls: boolean;
}

function ruleMatches(rule: SuricataRule, flow: FlowProbe, packet: Packet, vars: Variables): boolean {
    if (rule.protocol === "tls" ? !(flow.protocol === "tcp" && packet.tls) : rule.protocol !== "ip" && rule.protocol !== flow.protocol) return false;
    if (!addressMatches(rule.src, flow.src, vars) || !addressMatches(rule.dst, flow.dst, vars)) return false;
    if (flow.protocol !== "icmp" && (!portMatches(rule.srcPorts, flow.srcPort) || !portMatches(rule.dstPorts, flow.dstPort))) return false;
    for (const f of rule.flow) {
        if (f === "to_client" || f === "from_server") return false; // the initiator's packets only
        if (f === "established" && !packet.established) return false;
        if (f === "not_established" && packet.established) return false;
    }
    return rule.sni.every((m) => packet.tls && flow.sni !== undefined && sniMatches(m, flow.sni));
}

/** The verdict a policy gives one flow. */
const resolved = new WeakMap<FirewallPolicyModel, Map<RuleGroupModel, Variables>>();

/** A group's variables as addresses (the group's own, then the policy's, then the defaults), resolved once per policy and group. */
function variablesOf(policy: FirewallPolicyModel, group: RuleGroupModel): Variables {
    let groups = resolved.get(policy);
    if (!groups) resolved.set(policy, (groups = new Map()));
    let vars = groups.get(group);
    if (vars) return vars;
    const addresses = new Map<string, Address>();
    const resolve = (name: string): Address => {
        const defined = group.variables[name] ?? policy.variables[name];
        if (defined) return { kind: "list", items: defined.map((cidr) => ({ kind: "cidr", cidr }) as Address) };
        if (name === "HOME_NET") return { kind: "list", items: policy.homeNetDefault.map((cidr) => ({ kind: "cidr", cidr }) as Address) };
        if (name === "EXTERNAL_NET") return { kind: "not", of: { kind: "var", name: "HOME_NET" } };
        throw new Error(`firewall rule group ${group.name}: variable $${name} is not defined`);
    };
    vars = (name) => {
        let a = addresses.get(name);
        if (!a) addresses.set(name, (a = resolve(name)));
        return a;
    };
    groups.set(group, vars);
    return vars;
}

export function evaluateFlow(policy: FirewallPolicyModel, flow: FlowProbe): FirewallVerdict {
    const packets: Packet[] = [
        { established: false, tls: false },
        { established: true, tls: flow.protocol === "tcp" && flow.sni !== undefined },
    ];
    for (const [i, packet] of packets.entries()) {
        for (const group of policy.groups) {
            const vars = variablesOf(policy, group);
            for (const rule of group.rules) {
                if (rule.action === "alert" || !ruleMatches(rule, flow, packet, vars)) continue;
                const by = `${group.name} sid ${rule.sid ?? "?"}${rule.msg ? ` (${rule.msg})` : ""}`;
                return { action: rule.action === "pass" ? "pass" : "drop", by };
            }
        }
        if (i === 0 && policy.defaultActions.includes("aws:drop_strict")) return { action: "drop", by: "default action aws:drop_strict" };
    }
    if (policy.defaultActions.includes("aws:drop_established") || policy.defaultActions.includes("aws:drop_strict"))
        return { action: "drop", by: "default action aws:drop_established" };
    return { action: "pass", by: "no rule and no drop default action" };
}

/**
 * A host each pass rule's SNI match admits (a probe the allow-list is meant to let out), e.g.
 * `.github.com` (dotprefix, endswith) -> probe.github.com, `registry.npmjs.org` (exact) -> itself.
 */
export function sniWitnesses(policy: FirewallPolicyModel): string[] {
    const hosts = new Set<string>();
    for (const rule of policy.groups.flatMap((g) => g.rules)) {
        if (rule.action !== "pass" || rule.sni.length !== 1) continue;
        const m = rule.sni[0];
        const content = m.dotprefix && m.content.startsWith(".") && m.startswith ? m.content.slice(1) : m.content;
        const host = m.startswith ? content : `probe${content.startsWith(".") ? "" : "-"}${content}`;
        if (sniMatches(m, host)) hosts.add(host.toLowerCase());
    }
    return [...hosts];
}
