import { accountNames, naturalCompare, type PreviewReport, type ReportResource } from "./report-model";

/** The organization and network as the report draws them: an indented tree and Mermaid diagrams. */

/** The OU/account tree, as indented lines, from the organization's resources. */
export function organizationTree(report: PreviewReport): string[] {
    const org = report.resources.find((r) => r.type === "aws:organizations/organization:Organization");
    if (!org) return [];
    const ous = report.resources.filter((r) => r.type === "aws:organizations/organizationalUnit:OrganizationalUnit");
    const accounts = report.resources.filter((r) => r.type === "aws:organizations/account:Account");
    const children = new Map<string, ReportResource[]>();
    for (const r of [...ous, ...accounts]) {
        const parent = String(r.inputs.parentId);
        children.set(parent, [...(children.get(parent) ?? []), r]);
    }
    const rootIds = new Set([...children.keys()].filter((id) => id.startsWith("r-")));
    // On a first rollout the organization and its OUs have no ids yet, so only the root line is known.
    const lines: string[] = [org.id ? `Root (${org.id})` : "Root (created by this update; its OUs and accounts are placed once their ids exist)"];
    const walk = (parentId: string, indent: string) => {
        const kids = (children.get(parentId) ?? []).sort(
            (a, b) => Number(a.type > b.type) - Number(a.type < b.type) || naturalCompare(String(a.inputs.name), String(b.inputs.name)),
        );
        kids.forEach((kid, i) => {
            const last = i === kids.length - 1;
            const label =
                kid.type === "aws:organizations/account:Account"
                    ? `${((kid.inputs.tags ?? {}) as Record<string, string>).AccountName ?? kid.inputs.name} (${kid.id}, ${kid.inputs.email})`
                    : `${kid.inputs.name}/`;
            lines.push(`${indent}${last ? "└─ " : "├─ "}${label}`);
            if (kid.id) walk(kid.id, indent + (last ? "   " : "│  "));
        });
    };
    for (const rootId of rootIds) walk(rootId, "");
    return lines;
}

// ---------------------------------------------------------------------------------------------
// Mermaid diagrams of the organization and the network, for the pull-request comment (tools/review.ts).

/** Accounts per OU above which the organization diagram shows counts instead of account nodes. */
const MAX_ACCOUNT_NODES = 60;

/** Mermaid node id: letters, digits and underscores only, prefixed so it never starts with a digit. */
function mermaidId(prefix: string, key: string): string {
    return `${prefix}_${key.replace(/[^A-Za-z0-9]/g, "_")}`;
}

/** Mermaid label text inside double quotes. */
function mermaidLabel(text: string): string {
    return `"${text.replace(/"/g, "#quot;").replace(/[<>]/g, (c) => (c === "<" ? "#lt;" : "#gt;"))}"`;
}

function tagsOf(r: ReportResource): Record<string, string> {
    const tags = r.inputs.tags;
    return tags && typeof tags === "object" ? (tags as Record<string, string>) : {};
}

/** The organization tree as a Mermaid flowchart (root, OUs, accounts); empty when there is no organization. */
export function organizationMermaid(report: PreviewReport, changed?: ReadonlySet<string>): string[] {
    const org = report.resources.find((r) => r.type === "aws:organizations/organization:Organization");
    if (!org) return [];
    const ous = report.resources.filter((r) => r.type === "aws:organizations/organizationalUnit:OrganizationalUnit");
    const accounts = report.resources.filter((r) => r.type === "aws:organizations/account:Account");
    const nodeOf = new Map<string, string>();
    const out = ["flowchart LR"];
    const roots = new Set([...ous, ...accounts].map((r) => String(r.inputs.parentId)).filter((id) => id.startsWith("r-")));
    for (const rootId of roots) {
        nodeOf.set(rootId, mermaidId("root", rootId));
        out.push(`    ${nodeOf.get(rootId)}[${mermaidLabel(`Root ${org.id ?? ""}`.trim())}]`);
    }
    const sortedOus = [...ous].sort((a, b) => a.urn.localeCompare(b.urn));
    for (const ou of sortedOus) {
        const id = mermaidId("ou", ou.name);
        if (ou.id) nodeOf.set(ou.id, id);
        out.push(`    ${id}[${mermaidLabel(`${ou.inputs.name}/`)}]`);
    }
    for (const ou of sortedOus) {
        const parent = nodeOf.get(String(ou.inputs.parentId));
        if (parent) out.push(`    ${parent} --> ${mermaidId("ou", ou.name)}`);
    }
    const byParent = new Map<string, ReportResource[]>();
    for (const a of accounts) byParent.set(String(a.inputs.parentId), [...(byParent.get(String(a.inputs.parentId)) ?? []), a]);
    // With a baseline, changed accounts are drawn and highlighted, the rest counted; else all, unless too many.
    const collapse = changed === undefined && accounts.length > MAX_ACCOUNT_NODES;
    const highlighted: string[] = [];
    for (const [parentId, list] of [...byParent.entries()].sort(([a], [b]) => a.localeCompare(b))) {
        const parent = nodeOf.get(parentId);
        if (!parent) continue;
        const drawn = collapse ? [] : list.filter((a) => !changed || changed.has(a.urn));
        const folded = list.length - drawn.length;
        if (folded > 0) {
            const id = mermaidId("accounts", parentId);
            out.push(`    ${id}([${mermaidLabel(`${folded} ${changed ? "unchanged " : ""}account(s)`)}])`);
            out.push(`    ${parent} --> ${id}`);
        }
        for (const a of [...drawn].sort((x, y) =>
            naturalCompare(tagsOf(x).AccountName ?? String(x.inputs.name), tagsOf(y).AccountName ?? String(y.inputs.name)),
        )) {
            const id = mermaidId("acct", a.name);
            out.push(`    ${id}([${mermaidLabel(tagsOf(a).AccountName ?? String(a.inputs.name))}])`);
            out.push(`    ${parent} --> ${id}`);
            if (changed) highlighted.push(id);
        }
    }
    if (highlighted.length > 0) out.push("    classDef changed stroke:#d29922,stroke-width:3px", `    class ${highlighted.join(",")} changed`);
    return out;
}

const NETWORK_TYPES = {
    transitGateway: "aws:ec2transitgateway/transitGateway:TransitGateway",
    routeTable: "aws:ec2transitgateway/routeTable:RouteTable",
    attachment: "aws:ec2transitgateway/vpcAttachment:VpcAttachment",
    association: "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation",
    propagation: "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation",
    route: "aws:ec2transitgateway/route:Route",
    vpc: "aws:ec2/vpc:Vpc",
    firewall: "aws:networkfirewall/firewall:Firewall",
    peering: "aws:ec2transitgateway/peeringAttachment:PeeringAttachment",
} as const;

/**
 * The network as a Mermaid flowchart: one subgraph per Transit Gateway (hub), its route tables
 * (segments), the VPCs attached to it (spokes, and the inspection VPC when a Network Firewall sits in
 * it), which segment each attachment is associated with and propagates to, and static routes (the
 * inspection path) as thick arrows. Built only from captured resources, by id and dependency; empty
 * when the stack has no Transit Gateway.
 */
export function networkMermaid(report: PreviewReport, changed?: ReadonlySet<string>): string[] {
    // Indexed once: the attachments are looked up per spoke, and an estate runs to 100,000 resources.
    const byType = new Map<string, ReportResource[]>();
    const byId = new Map<string, ReportResource>();
    const byUrn = new Map<string, ReportResource>();
    for (const r of report.resources) {
        const list = byType.get(r.type);
        if (list) list.push(r);
        else byType.set(r.type, [r]);
        if (r.id) byId.set(r.id, r);
        byUrn.set(r.urn, r);
    }
    const of = (type: string) => byType.get(type) ?? [];
    const tgws = of(NETWORK_TYPES.transitGateway);
    if (tgws.length === 0) return [];
    const names = accountNames(report);
    /** The resource of a type an input points at: by id, else by the dependencies' URNs. */
    const ref = (r: ReportResource, key: string, type: string): ReportResource | undefined => {
        const value = r.inputs[key];
        const hit = typeof value === "string" ? (byId.get(value) ?? byUrn.get(value)) : undefined;
        if (hit && hit.type === type) return hit;
        const deps = r.dependencies.map((u) => byUrn.get(u)).filter((d): d is ReportResource => d?.type === type);
        return deps.length === 1 ? deps[0] : undefined;
    };
    const label = (r: ReportResource) => tagsOf(r).Name ?? r.name;
    const firewallVpcs = new Set(
        of(NETWORK_TYPES.firewall)
            .map((f) => ref(f, "vpcId", NETWORK_TYPES.vpc)?.urn)
            .filter(Boolean),
    );
    const out = ["flowchart LR"];
    const node = (r: ReportResource) => mermaidId(r.type.split(":").pop()!.toLowerCase(), r.urn.split("::").pop()!);
    const sorted = (list: ReportResource[]) => [...list].sort((a, b) => a.urn.localeCompare(b.urn));
    const routeTables = sorted(of(NETWORK_TYPES.routeTable));
    const attachments = sorted(of(NETWORK_TYPES.attachment));
    const drawnVpcs = new Set<string>();
    for (const tgw of sorted(tgws)) {
        out.push(`    subgraph ${node(tgw)}_hub[${mermaidLabel(`Hub ${label(tgw)} (${tgw.region ?? "?"})`)}]`);
        out.push(`        ${node(tgw)}{{${mermaidLabel(`Transit Gateway ${label(tgw)}`)}}}`);
        for (const rt of routeTables.filter((x) => ref(x, "transitGatewayId", NETWORK_TYPES.transitGateway)?.urn === tgw.urn))
            out.push(`        ${node(rt)}[${mermaidLabel(`segment ${label(rt)}`)}]`);
        out.push("    end");
    }
    const highlighted: string[] = [];
    let unchanged = 0;
    for (const att of attachments) {
        const vpc = ref(att, "vpcId", NETWORK_TYPES.vpc);
        const tgw = ref(att, "transitGatewayId", NETWORK_TYPES.transitGateway);
        if (!vpc) continue;
        // With a baseline, only the spokes whose VPC or attachment changed are drawn (highlighted).
        if (changed && !changed.has(vpc.urn) && !changed.has(att.urn)) {
            unchanged++;
            continue;
        }
        if (changed) highlighted.push(node(vpc));
        if (!drawnVpcs.has(vpc.urn)) {
            drawnVpcs.add(vpc.urn);
            const inspection = firewallVpcs.has(vpc.urn);
            const where = names.get(vpc.account ?? "") ?? vpc.account ?? "?";
            const text = `${inspection ? "inspection " : ""}${label(vpc)} · ${String(vpc.inputs.cidrBlock ?? "")} · ${where}`;
            out.push(`    ${node(vpc)}${inspection ? `[/${mermaidLabel(text)}/]` : `(${mermaidLabel(text)})`}`);
        }
        const associated = of(NETWORK_TYPES.association).filter((a) => ref(a, "transitGatewayAttachmentId", NETWORK_TYPES.attachment)?.urn === att.urn);
        for (const a of associated) {
            const rt = ref(a, "transitGatewayRouteTableId", NETWORK_TYPES.routeTable);
            if (rt) out.push(`    ${node(vpc)} -->|associated| ${node(rt)}`);
        }
        if (associated.length === 0 && tgw) out.push(`    ${node(vpc)} --- ${node(tgw)}`);
        for (const p of of(NETWORK_TYPES.propagation).filter((x) => ref(x, "transitGatewayAttachmentId", NETWORK_TYPES.attachment)?.urn === att.urn)) {
            const rt = ref(p, "transitGatewayRouteTableId", NETWORK_TYPES.routeTable);
            if (rt) out.push(`    ${node(vpc)} -.->|propagates| ${node(rt)}`);
        }
    }
    for (const route of sorted(of(NETWORK_TYPES.route))) {
        const rt = ref(route, "transitGatewayRouteTableId", NETWORK_TYPES.routeTable);
        const att = ref(route, "transitGatewayAttachmentId", NETWORK_TYPES.attachment);
        const vpc = att ? ref(att, "vpcId", NETWORK_TYPES.vpc) : undefined;
        if (rt && vpc && changed && !drawnVpcs.has(vpc.urn)) continue;
        if (rt && vpc) out.push(`    ${node(rt)} ==>|${mermaidLabel(String(route.inputs.destinationCidrBlock ?? "route"))}| ${node(vpc)}`);
        else if (rt && route.inputs.blackhole === true) {
            const drop = `${node(rt)}_drop`;
            out.push(`    ${drop}((${mermaidLabel("drop")}))`);
            out.push(`    ${node(rt)} -.-x|${mermaidLabel(String(route.inputs.destinationCidrBlock ?? "blackhole"))}| ${drop}`);
        }
    }
    for (const peer of sorted(of(NETWORK_TYPES.peering))) {
        const a = ref(peer, "transitGatewayId", NETWORK_TYPES.transitGateway);
        const b = ref(peer, "peerTransitGatewayId", NETWORK_TYPES.transitGateway);
        if (a && b) out.push(`    ${node(a)} <-->|peering| ${node(b)}`);
    }
    if (unchanged > 0) out.push(`    unchanged_spokes([${mermaidLabel(`${unchanged} unchanged attachment(s)`)}])`);
    if (highlighted.length > 0) out.push("    classDef changed stroke:#d29922,stroke-width:3px", `    class ${[...new Set(highlighted)].join(",")} changed`);
    return out;
}

// ---------------------------------------------------------------------------------------------
// The verdict and the findings, shared by the terminal and the pull-request comment.
