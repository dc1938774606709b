import type { PolicyResource } from "@pulumi/policy";
import { eachFailClosed, label, list, ofType, peek, refersTo, resourcePolicy, stackPolicy, WORLD_V4, WORLD_V6, ZeroTrustPolicy } from "../common";
import { propsIf } from "../props";

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

/** Security-group and NACL rules of a resource (the analyzer's args or a stack's resource), inline or standalone. */
function rulesOf(resource: { readonly type: string; readonly props: unknown }): Rule[] {
    const group = propsIf(resource, SG);
    if (group)
        return [
            ...list(group.ingress).map((r, i) =>
                rule(`ingress[${i}]`, "ingress", true, r.protocol, r.fromPort, r.toPort, [...list(r.cidrBlocks), ...list(r.ipv6CidrBlocks)]),
            ),
            ...list(group.egress).map((r, i) =>
                rule(`egress[${i}]`, "egress", true, r.protocol, r.fromPort, r.toPort, [...list(r.cidrBlocks), ...list(r.ipv6CidrBlocks)]),
            ),
        ];
    const standalone = propsIf(resource, SG_INGRESS, SG_EGRESS);
    if (standalone)
        return [
            rule("rule", resource.type === SG_INGRESS ? "ingress" : "egress", true, standalone.ipProtocol, standalone.fromPort, standalone.toPort, [
                standalone.cidrIpv4,
                standalone.cidrIpv6,
            ]),
        ];
    const groupRule = propsIf(resource, SG_RULE);
    if (groupRule)
        return [
            rule("rule", groupRule.type === "egress" ? "egress" : "ingress", true, groupRule.protocol, groupRule.fromPort, groupRule.toPort, [
                ...list(groupRule.cidrBlocks),
                ...list(groupRule.ipv6CidrBlocks),
            ]),
        ];
    const acl = propsIf(resource, NACL);
    if (acl)
        return [
            ...list(acl.ingress).map((r, i) =>
                rule(`ingress[${i}]`, "ingress", String(r.action).toLowerCase() === "allow", r.protocol, r.fromPort, r.toPort, [r.cidrBlock, r.ipv6CidrBlock]),
            ),
            ...list(acl.egress).map((r, i) =>
                rule(`egress[${i}]`, "egress", String(r.action).toLowerCase() === "allow", r.protocol, r.fromPort, r.toPort, [r.cidrBlock, r.ipv6CidrBlock]),
            ),
        ];
    const aclRule = propsIf(resource, NACL_RULE);
    if (aclRule)
        return [
            rule(
                "rule",
                aclRule.egress === true ? "egress" : "ingress",
                String(aclRule.ruleAction).toLowerCase() === "allow",
                aclRule.protocol,
                aclRule.fromPort,
                aclRule.toPort,
                [aclRule.cidrBlock, aclRule.ipv6CidrBlock],
            ),
        ];
    return [];
}

const isWorld = (cidr: string) => cidr === WORLD_V4 || cidr === WORLD_V6;
const worldOf = (r: Rule) => r.cidrs.filter(isWorld);
/** TCP/UDP (or all) rules can reach a port; ICMP cannot. */
const carriesPorts = (r: Rule) => r.protocol === "-1" || ["tcp", "udp", "6", "17"].includes(r.protocol);
const coversPort = (r: Rule, port: number) => carriesPorts(r) && r.from <= port && port <= r.to;
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const describe = (r: Rule) => `${r.path} (${r.protocol === "-1" ? "all protocols" : r.protocol} ${r.from}-${r.to} from ${worldOf(r).join(", ")})`;

const SG_TYPES = [SG, SG_INGRESS, SG_RULE] as const;
/** Remote administration ports (SSH, RDP): the default of the admin-port policies' `ports` parameter. */
export const ADMIN_PORTS: readonly number[] = [22, 3389];
/** FSBP EC2.19's high-risk ports. */
const HIGH_RISK_PORTS = [20, 21, 22, 23, 25, 110, 135, 143, 445, 1433, 1434, 3000, 3306, 3389, 4333, 5000, 5432, 5500, 5601, 8080, 8088, 8888, 9200, 9300];

function worldIngressToPorts(resource: { readonly type: string; readonly props: unknown }, ports: readonly number[], report: (m: string) => void) {
    for (const r of rulesOf(resource)) {
        if (r.direction !== "ingress" || !r.allow || worldOf(r).length === 0) continue;
        const hit = ports.filter((p) => coversPort(r, p));
        if (hit.length > 0) report(`${describe(r)} opens port${hit.length > 1 ? "s" : ""} ${hit.join(", ")} to the internet`);
    }
}

const LISTENERS = ["aws:lb/listener:Listener", "aws:alb/listener:Listener"] as const;
const LOAD_BALANCERS = ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"] as const;
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
            list(propsIf(elb, CLASSIC_ELB)?.listeners).map((l) => Number(l.lbPort)),
        );
    return out;
}

/** Security groups and network ACLs: what the internet may reach, and what private tiers may reach on it. */
export const securityGroupPolicies: ZeroTrustPolicy[] = [
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
                for (const r of rulesOf(res)) {
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
    resourcePolicy<{ ports: number[] }, (typeof SG_TYPES)[number]>({
        name: "sg-no-admin-ports-from-internet",
        description: "No security group allows ingress from 0.0.0.0/0 or ::/0 to remote administration ports (SSH, RDP).",
        severity: "critical",
        area: "network",
        controls: ["CIS 5.3", "CIS 5.4", "EC2.13", "EC2.14", "EC2.53", "EC2.54"],
        remediation:
            "Remove the rule and reach instances through SSM Session Manager (or Verified Access); if a rule is truly needed, restrict the CIDR to a trusted range.",
        params: { ports: { type: "array", items: { type: "integer" }, default: [...ADMIN_PORTS], description: "Administration ports." } },
        types: SG_TYPES,
        validate: (_props, report, { args, config }) => worldIngressToPorts(args, config.ports, report),
    }),
    resourcePolicy({
        name: "sg-no-all-ports-from-internet",
        description: "No security group allows ingress from the internet on all protocols or the whole port range.",
        severity: "critical",
        area: "network",
        controls: ["EC2.18", "EC2.19"],
        remediation: "Open only the listener port the service needs (for example 443 on a load balancer), from the narrowest CIDR possible.",
        types: SG_TYPES,
        validate: (_props, report, { args }) => {
            for (const r of rulesOf(args)) {
                if (r.direction === "ingress" && r.allow && worldOf(r).length > 0 && (r.protocol === "-1" || (r.from <= 0 && r.to >= 65535)))
                    report(`${describe(r)} opens every port to the internet`);
            }
        },
    }),
    resourcePolicy<{ ports: number[] }, (typeof SG_TYPES)[number]>({
        name: "sg-no-high-risk-ports-from-internet",
        description: "No security group exposes high-risk service ports (databases, SMB, Telnet, FTP, ...) to the internet.",
        severity: "high",
        area: "network",
        controls: ["CIS 5.1.2", "EC2.19"],
        remediation: "Keep data and management services private; expose them through a load balancer or private endpoint.",
        params: { ports: { type: "array", items: { type: "integer" }, default: HIGH_RISK_PORTS, description: "Ports never open to the internet." } },
        types: SG_TYPES,
        validate: (_props, report, { args, config }) =>
            worldIngressToPorts(
                args,
                config.ports.filter((p) => !ADMIN_PORTS.includes(p)),
                report,
            ),
    }),
    resourcePolicy<{ ports: number[] }, typeof NACL | typeof NACL_RULE>({
        name: "nacl-no-admin-ports-from-internet",
        description: "No network ACL allows ingress from 0.0.0.0/0 or ::/0 to remote administration ports.",
        severity: "high",
        area: "network",
        controls: ["CIS 5.2", "EC2.21"],
        remediation: "Replace the allow rule with a deny-by-default NACL that admits only the ports and CIDRs the tier needs.",
        params: { ports: { type: "array", items: { type: "integer" }, default: [...ADMIN_PORTS], description: "Administration ports." } },
        types: [NACL, NACL_RULE],
        validate: (_props, report, { args, config }) => worldIngressToPorts(args, config.ports, report),
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
                for (const r of rulesOf(sg))
                    if (r.direction === "egress" && worldOf(r).length > 0 && r.allow)
                        report(`${label(sg)} (tier ${tierOf(sg) ?? "untagged"}) ${describe(r)} reaches the internet`, sg.urn);
            }
            for (const res of ofType(resources, SG_EGRESS, SG_RULE)) {
                const [r] = rulesOf(res);
                if (r.direction !== "egress" || worldOf(r).length === 0) continue;
                const owner = groups.find((g) => refersTo(res, "securityGroupId", g, ["id"]));
                if (!isPublic(owner))
                    report(`${label(res)} on ${owner ? label(owner) : "a security group outside the stack"} ${describe(r)} reaches the internet`, res.urn);
            }
        },
    }),
];
