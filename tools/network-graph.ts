import * as path from "path";
import { parseCidr } from "cidr-tools";
import { buildLandingZone } from "../stacks/landing-zone";
import { loadStackConfig } from "../stacks/config";
import { runProgram } from "./mock-runtime";
import { plainValue } from "./wire";
import { type ProgramRun, wireOutputsOf } from "./captured-resources";
import { readStackFiles, runtimeConfig } from "./stack-files";
import { evaluateFlow, FirewallPolicyModel, FlowProbe, parseRules, RuleGroupModel } from "../components/network/firewall-evaluation";

/**
 * A landing zone's network as a preview captures it (no AWS calls), indexed for walking packets:
 * VPCs, subnets, route tables and routes, NACLs, NAT and internet gateways, firewall endpoints and
 * policies, transit gateways with their attachments, associations, propagations and static routes.
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

export interface Vpc {
    readonly id: string;
    readonly name: string;
    readonly cidr: string;
    readonly role?: string;
    readonly segment?: string;
}
export interface Subnet {
    readonly id: string;
    readonly name: string;
    readonly vpcId: string;
    readonly cidr: string;
    readonly az: string;
    /** Physical AZ: the AZ id when set, else the name within its account (names differ between accounts). */
    readonly azKey: string;
    readonly publicIps: boolean;
}
export interface VpcRoute {
    readonly cidr: string;
    readonly target: { kind: "tgw" | "igw" | "nat" | "vpce" | "other"; id: string };
}
export interface NaclEntry {
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
export interface TgwRoute {
    readonly cidr: string;
    /** Undefined for a blackhole. */
    readonly attachmentId?: string;
    readonly propagated: boolean;
}


const ranges = new Map<string, { start: bigint; end: bigint; prefix: number }>();

/** Parsed once: the walk and the NACL probes test the same few blocks many thousand times. */
export function range(cidr: string): { start: bigint; end: bigint; prefix: number } {
    let r = ranges.get(cidr);
    if (!r) {
        const parsed = parseCidr(cidr);
        r = { start: parsed.start, end: parsed.end, prefix: Number(parsed.prefix) };
        ranges.set(cidr, r);
    }
    return r;
}

/** Whether `inner` (a CIDR or an address) lies within `outer`. */
export function within(outer: string, inner: string): boolean {
    const o = range(outer);
    const i = range(inner);
    return i.start >= o.start && i.end <= o.end;
}

export function str(v: unknown): string | undefined {
    return typeof v === "string" && v.length > 0 && v !== "[unknown]" ? v : undefined;
}

function tags(r: GraphRecord): Record<string, string> {
    return (r.inputs.tags as Record<string, string> | undefined) ?? {};
}

/** The graph indexed by id, with the relations the walk needs. */
export class Network {
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
}

/** A stable hash standing in for the transit gateway's flow hash. */
function flowHash(key: string): number {
    let h = 2166136261;
    for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619) >>> 0;
    return h;
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
