import type { CapturedResource, ProgramRun } from "./mock-runtime";
import type { EnforcementLevel, PolicyInfo, Remediation, Violation } from "./policy-engine";
import { isEmptyDiff, type BlockingFinding, type ChangedResource, type PreviewDiff } from "./diff";

/** The offline preview's result; `--json` writes exactly this. */
export interface PreviewReport {
    /** Which path previewed: the offline mock runtime (default) or the real engine (`--engine`). */
    readonly source?: "offline" | "engine";
    readonly stack: string;
    readonly project: string;
    readonly resources: readonly ReportResource[];
    readonly policyPack: { readonly name: string; readonly version: string };
    /** Each policy as the pack ran it: its enforcement level and the parameters its config gave (absent: the defaults). */
    readonly policies: readonly { name: string; enforcementLevel: EnforcementLevel; severity?: string; parameters?: Record<string, unknown> }[];
    readonly violations: readonly Violation[];
    /** Changes remediate-level policies made to inputs (the engine deploys the remediated inputs). */
    readonly remediations: readonly Remediation[];
    readonly outputs: Record<string, unknown>;
}

export interface ReportResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    /** A cloud resource, as opposed to a component (structure only). */
    readonly custom: boolean;
    readonly parent?: string;
    /** Provider URN; absent for resources left to the default provider. */
    readonly provider?: string;
    readonly account?: string;
    readonly region?: string;
    readonly id?: string;
    readonly inputs: Record<string, unknown>;
    readonly options: CapturedResource["options"];
    readonly dependencies: readonly string[];
}

export function buildReport(
    run: ProgramRun,
    pack: { name: string; version: string },
    policies: readonly PolicyInfo[],
    effective: ReadonlyMap<string, { enforcementLevel: EnforcementLevel; properties?: Record<string, unknown> }>,
    violations: readonly Violation[],
    remediations: readonly Remediation[] = [],
): PreviewReport {
    return {
        stack: run.stack,
        project: run.project,
        resources: run.resources.map((r) => ({
            urn: r.urn,
            type: r.type,
            name: r.name,
            custom: r.custom,
            parent: r.parent,
            provider: r.provider,
            account: r.account,
            region: r.region,
            id: r.id,
            inputs: r.inputs,
            options: r.options,
            dependencies: r.dependencies,
        })),
        policyPack: pack,
        policies: reportPolicies(policies, effective),
        violations: sortViolations(violations),
        remediations,
        outputs: run.outputs,
    };
}

/** Each policy as the pack ran it: its level and the parameters its config gave. */
export function reportPolicies(
    policies: readonly PolicyInfo[],
    effective: ReadonlyMap<string, { enforcementLevel: EnforcementLevel; properties?: Record<string, unknown> }>,
): PreviewReport["policies"] {
    return policies.map((p) => {
        const configured = effective.get(p.name);
        const parameters = configured?.properties && Object.keys(configured.properties).length > 0 ? configured.properties : undefined;
        return {
            name: p.name,
            enforcementLevel: configured?.enforcementLevel ?? p.enforcementLevel,
            severity: p.severity,
            ...(parameters ? { parameters } : {}),
        };
    });
}

/** Worst level first, then the most severe (security findings before tagging), then by policy (repeats together) and resource. */
export function sortViolations(violations: readonly Violation[]): Violation[] {
    return [...violations].sort(
        (a, b) =>
            levelRank(a.enforcementLevel) - levelRank(b.enforcementLevel) ||
            severityRank(a.severity) - severityRank(b.severity) ||
            a.policy.localeCompare(b.policy) ||
            a.urn.localeCompare(b.urn),
    );
}

function severityRank(severity: string | undefined): number {
    return ["critical", "high", "medium", "low"].indexOf(severity ?? "low") + 1 || 5;
}

function levelRank(level: EnforcementLevel): number {
    return { mandatory: 0, remediate: 1, advisory: 2, disabled: 3 }[level];
}

/** Managed resources: what a preview counts (components and the stack are structure, not resources). */
export function managed(report: PreviewReport): ReportResource[] {
    // Resources left to the default provider count too: the pack flags them, so the totals must show them.
    return report.resources.filter((r) => r.custom && !r.type.startsWith("pulumi:"));
}

/** Account id -> logical name, from the organization's accounts (and the management provider). */
export function accountNames(report: PreviewReport): Map<string, string> {
    const names = new Map<string, string>();
    for (const r of report.resources) {
        if (r.type === "pulumi:providers:aws" && r.name.startsWith("management-") && r.account) names.set(r.account, "management");
        if (r.type === "aws:organizations/account:Account" && r.id) {
            const tags = (r.inputs.tags ?? {}) as Record<string, string>;
            names.set(r.id, tags.AccountName ?? String(r.inputs.name));
        }
    }
    return names;
}

export function countBy<T>(items: readonly T[], key: (item: T) => string): [string, number][] {
    const counts = new Map<string, number>();
    for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
    return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

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
    const lines: string[] = [`Root (${org.id})`];
    const walk = (parentId: string, indent: string) => {
        const kids = (children.get(parentId) ?? []).sort(
            (a, b) => Number(a.type > b.type) - Number(a.type < b.type) || String(a.inputs.name).localeCompare(String(b.inputs.name)),
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

function verdict(report: PreviewReport): { mandatory: number; advisory: number; ok: boolean } {
    const mandatory = report.violations.filter((v) => v.enforcementLevel === "mandatory" || v.enforcementLevel === "remediate").length;
    const advisory = report.violations.filter((v) => v.enforcementLevel === "advisory").length;
    return { mandatory, advisory, ok: mandatory === 0 };
}

/** Remediation text per policy, when the pack exposes it (ZeroTrustPolicy.remediation). */
export type RemediationLookup = (policy: string) => string | undefined;

export function renderText(report: PreviewReport, remediation: RemediationLookup = () => undefined): string {
    const resources = managed(report);
    const names = accountNames(report);
    const v = verdict(report);
    const out: string[] = [];
    const regions = new Set(resources.map((r) => r.region).filter(Boolean));
    out.push(
        `${report.source === "engine" ? "Engine" : "Offline"} preview of ${report.project}/${report.stack}: ${resources.length} resources in ${new Set(resources.map((r) => r.account)).size} accounts and ${regions.size} region(s)`,
    );
    out.push("");
    out.push("Resources by account:");
    for (const [account, n] of countBy(resources, (r) => r.account ?? "-")) out.push(`  ${String(n).padStart(6)}  ${names.get(account) ?? "?"} (${account})`);
    out.push("");
    out.push("Resources by type:");
    for (const [type, n] of countBy(resources, (r) => r.type)) out.push(`  ${String(n).padStart(6)}  ${type}`);
    const tree = organizationTree(report);
    if (tree.length > 0) {
        out.push("");
        out.push("Organization:");
        for (const line of tree) out.push(`  ${line}`);
    }
    out.push("");
    out.push(
        `Policy pack ${report.policyPack.name}@${report.policyPack.version}: ${report.policies.length} policies (${countBy(
            report.policies,
            (p) => p.enforcementLevel,
        )
            .map(([l, n]) => `${n} ${l}`)
            .join(", ")})`,
    );
    for (const level of ["mandatory", "remediate", "advisory"] as const) {
        const list = report.violations.filter((x) => x.enforcementLevel === level);
        if (list.length === 0) continue;
        out.push("");
        out.push(`${level.toUpperCase()} violations (${list.length}):`);
        for (const x of list) {
            out.push(`  [${x.policy}] ${x.urn}`);
            for (const line of x.message.split("\n")) out.push(`      ${line}`);
            const fix = remediation(x.policy);
            if (fix) out.push(`      fix: ${fix}`);
        }
    }
    out.push("");
    out.push(
        v.ok
            ? `Verdict: PASS - no mandatory violations (${v.advisory} advisory)`
            : `Verdict: FAIL - ${v.mandatory} mandatory violation(s), ${v.advisory} advisory`,
    );
    return out.join("\n");
}

export function renderMarkdown(report: PreviewReport, remediation: RemediationLookup = () => undefined): string {
    const resources = managed(report);
    const names = accountNames(report);
    const v = verdict(report);
    const out: string[] = [];
    out.push(`## Landing zone preview: \`${report.stack}\``);
    out.push("");
    out.push(
        v.ok
            ? `**PASS** - ${resources.length} resources, no mandatory policy violations (${v.advisory} advisory).`
            : `**FAIL** - ${v.mandatory} mandatory policy violation(s) across ${resources.length} resources.`,
    );
    out.push("");
    out.push("| Account | Region | Resources |");
    out.push("| --- | --- | ---: |");
    for (const [key, n] of countBy(resources, (r) => `${r.account ?? "-"}|${r.region ?? "-"}`)) {
        const [account, region] = key.split("|");
        out.push(`| ${names.get(account) ?? "?"} (\`${account}\`) | ${region} | ${n} |`);
    }
    for (const level of ["mandatory", "remediate", "advisory"] as const) {
        const list = report.violations.filter((x) => x.enforcementLevel === level);
        if (list.length === 0) continue;
        out.push("");
        out.push(`### ${level[0].toUpperCase()}${level.slice(1)} violations (${list.length})`);
        out.push("");
        out.push("| Policy | Severity | Resource | Message | Remediation |");
        out.push("| --- | --- | --- | --- | --- |");
        for (const x of list)
            out.push(
                `| \`${x.policy}\` | ${x.severity ?? ""} | \`${x.urn.split("::").pop()}\` | ${escapeCell(x.message)} | ${escapeCell(remediation(x.policy) ?? "")} |`,
            );
    }
    const tree = organizationTree(report);
    if (tree.length > 0) {
        out.push("");
        out.push("<details><summary>Organization</summary>");
        out.push("");
        out.push("```");
        out.push(...tree);
        out.push("```");
        out.push("</details>");
    }
    return out.join("\n") + "\n";
}

function escapeCell(text: string): string {
    return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

// ---------------------------------------------------------------------------------------------
// Review additions: Mermaid diagrams and the baseline diff. The functions above keep their output;
// the PR comment is `renderReviewMarkdown`, which adds these sections around the same content.

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
export function organizationMermaid(report: PreviewReport): string[] {
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
    const collapse = accounts.length > MAX_ACCOUNT_NODES;
    for (const [parentId, list] of [...byParent.entries()].sort(([a], [b]) => a.localeCompare(b))) {
        const parent = nodeOf.get(parentId);
        if (!parent) continue;
        if (collapse) {
            const id = mermaidId("accounts", parentId);
            out.push(`    ${id}([${mermaidLabel(`${list.length} account(s)`)}])`);
            out.push(`    ${parent} --> ${id}`);
            continue;
        }
        for (const a of [...list].sort((x, y) => x.name.localeCompare(y.name))) {
            const id = mermaidId("acct", a.name);
            out.push(`    ${id}([${mermaidLabel(tagsOf(a).AccountName ?? String(a.inputs.name))}])`);
            out.push(`    ${parent} --> ${id}`);
        }
    }
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
export function networkMermaid(report: PreviewReport): string[] {
    const of = (type: string) => report.resources.filter((r) => r.type === type);
    const tgws = of(NETWORK_TYPES.transitGateway);
    if (tgws.length === 0) return [];
    const names = accountNames(report);
    const byId = new Map<string, ReportResource>();
    const byUrn = new Map<string, ReportResource>();
    for (const r of report.resources) {
        if (r.id) byId.set(r.id, r);
        byUrn.set(r.urn, r);
    }
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
    for (const att of attachments) {
        const vpc = ref(att, "vpcId", NETWORK_TYPES.vpc);
        const tgw = ref(att, "transitGatewayId", NETWORK_TYPES.transitGateway);
        if (!vpc) continue;
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
    return out;
}

/** One line per change, for the terminal. */
export function renderDiffText(diff: PreviewDiff): string {
    const out: string[] = [];
    out.push(
        `Changes against the baseline (${diff.baseline.resources} registrations): ${diff.added.length} added, ${diff.changed.length} changed, ${diff.removed.length} removed`,
    );
    if (diff.blocking.length > 0) {
        out.push("");
        out.push(`BLOCKING: ${diff.blocking.length} stateful resource(s) would be removed:`);
        for (const b of diff.blocking) out.push(`  - ${b.urn}\n      ${blockingText(b)}`);
    }
    if (diff.accepted.length > 0) {
        out.push("");
        out.push(`Accepted removals (${diff.accepted.length}) - stateful resources this change removes on purpose (--accept-removal):`);
        for (const b of diff.accepted) out.push(`  - ${b.urn} (${b.retainedOnDelete ? "retained in AWS" : "DELETED in AWS"})`);
    }
    for (const [title, list] of [
        ["Added", diff.added.map((r) => `+ ${r.urn}`)],
        ["Changed", diff.changed.map((c) => `~ ${c.urn}  [${changeSummary(c)}]`)],
        [
            "Removed",
            diff.removed.map(
                (r) =>
                    `- ${r.urn}${isStatefulRemoval(diff, r.urn) ? "  (stateful: blocking)" : isAcceptedRemoval(diff, r.urn) ? "  (stateful: accepted)" : ""}`,
            ),
        ],
    ] as const) {
        if (list.length === 0) continue;
        out.push("");
        out.push(`${title} (${list.length}):`);
        for (const line of list) out.push(`  ${line}`);
    }
    return out.join("\n");
}

function isStatefulRemoval(diff: PreviewDiff, urn: string): boolean {
    return diff.blocking.some((b) => b.urn === urn);
}

function isAcceptedRemoval(diff: PreviewDiff, urn: string): boolean {
    return diff.accepted.some((b) => b.urn === urn);
}

function blockingText(b: BlockingFinding): string {
    const kept = b.retainedOnDelete ? "retainOnDelete keeps it in AWS, but the stack stops managing it" : "NOT retained on delete: pulumi up would delete it";
    return `${b.type} (${b.reason}); ${kept}. Restore it in config, or keep its URN with an alias if it was renamed.`;
}

function changeSummary(c: ChangedResource): string {
    const parts: string[] = [];
    if (c.aliasOf) parts.push(`renamed from ${c.aliasOf.split("::").pop()} via alias`);
    if (c.inputs.length > 0) parts.push(`inputs: ${c.inputs.join(", ")}`);
    if (c.options.length > 0) parts.push(`options: ${c.options.join(", ")}`);
    return parts.join("; ");
}

/** Rows shown per table in the PR comment before the rest is folded into a count. */
const MAX_DIFF_ROWS = 200;

/** The baseline diff as Markdown: blocking findings first, then added, changed and removed tables. */
export function renderDiffMarkdown(diff: PreviewDiff, names: ReadonlyMap<string, string> = new Map()): string[] {
    const out: string[] = [];
    const where = (r: { account?: string; region?: string }) => `${names.get(r.account ?? "") ?? r.account ?? "-"} / ${r.region ?? "-"}`;
    out.push(`### Changes: ${diff.added.length} added, ${diff.changed.length} changed, ${diff.removed.length} removed`);
    if (diff.blocking.length > 0) {
        out.push("");
        out.push(`> [!CAUTION]`);
        out.push(
            `> **Blocking: ${diff.blocking.length} stateful resource(s) removed.** Restore them in config, or keep their URNs with \`aliases\` if they were renamed.`,
        );
        out.push("");
        out.push("| Resource | Type | Account / region | What is lost | On delete |");
        out.push("| --- | --- | --- | --- | --- |");
        for (const b of diff.blocking)
            out.push(
                `| \`${b.urn.split("::").pop()}\` | \`${b.type}\` | ${where(b)} | ${escapeCell(b.reason)} | ${b.retainedOnDelete ? "retained in AWS, dropped from the stack" : "**deleted**"} |`,
            );
    }
    if (diff.accepted.length > 0) {
        out.push("");
        out.push(`> [!WARNING]`);
        out.push(
            `> **${diff.accepted.length} stateful resource(s) removed on purpose** (accepted in the pull request description). Reviewers: confirm each one.`,
        );
        out.push("");
        out.push("| Resource | Type | Account / region | What is lost | On delete |");
        out.push("| --- | --- | --- | --- | --- |");
        for (const b of diff.accepted)
            out.push(
                `| \`${b.urn.split("::").pop()}\` | \`${b.type}\` | ${where(b)} | ${escapeCell(b.reason)} | ${b.retainedOnDelete ? "retained in AWS, dropped from the stack" : "**deleted**"} |`,
            );
    }
    const table = (title: string, header: string, rows: string[]) => {
        if (rows.length === 0) return;
        out.push("");
        out.push(`<details${rows.length <= 20 ? " open" : ""}><summary>${title} (${rows.length})</summary>`);
        out.push("");
        out.push(header);
        out.push(header.replace(/[^|]+/g, " --- "));
        out.push(...rows.slice(0, MAX_DIFF_ROWS));
        if (rows.length > MAX_DIFF_ROWS) out.push(`| ... and ${rows.length - MAX_DIFF_ROWS} more (see the JSON report artifact) | | |`);
        out.push("</details>");
    };
    table(
        "Added",
        "| Resource | Type | Account / region |",
        diff.added.map((r) => `| \`${r.urn.split("::").pop()}\` | \`${r.type}\` | ${where(r)} |`),
    );
    table(
        "Changed",
        "| Resource | Type | What differs |",
        diff.changed.map((c) => `| \`${c.urn.split("::").pop()}\` | \`${c.type}\` | ${escapeCell(changeSummary(c))} |`),
    );
    table(
        "Removed",
        "| Resource | Type | Account / region |",
        diff.removed.map(
            (r) =>
                `| \`${r.urn.split("::").pop()}\`${isStatefulRemoval(diff, r.urn) ? " **(blocking)**" : isAcceptedRemoval(diff, r.urn) ? " (accepted)" : ""} | \`${r.type}\` | ${where(r)} |`,
        ),
    );
    return out;
}

/**
 * The pull-request comment: everything `renderMarkdown` shows, with the baseline diff (blocking
 * findings first) right under the verdict, and Mermaid diagrams of the organization and network.
 * `marker` is an HTML comment the workflow uses to find and update its own comment.
 */
export function renderReviewMarkdown(
    report: PreviewReport,
    remediation: RemediationLookup = () => undefined,
    opts: { diff?: PreviewDiff; baseline?: PreviewReport; marker?: string } = {},
): string {
    const base = renderMarkdown(report, remediation).split("\n");
    // renderMarkdown opens with the title, a blank line and the verdict line.
    const [title, blank, verdictLine, ...rest] = base;
    const out: string[] = [];
    if (opts.marker) out.push(`<!-- ${opts.marker} -->`);
    out.push(title, blank, verdictLine);
    if (opts.diff) {
        const d = opts.diff;
        out.push("");
        out.push(
            d.blocking.length > 0
                ? `**BLOCKED** - this change removes ${d.blocking.length} stateful resource(s).`
                : isEmptyDiff(d)
                  ? "No resource changes against the baseline."
                  : `${d.added.length} added, ${d.changed.length} changed, ${d.removed.length} removed against the baseline; ${
                        d.accepted.length > 0 ? `${d.accepted.length} stateful removal(s) accepted on purpose.` : "no stateful resource removed."
                    }`,
        );
        out.push("");
        out.push(...renderDiffMarkdown(d, new Map([...(opts.baseline ? accountNames(opts.baseline) : []), ...accountNames(report)])));
    }
    out.push(...rest.filter((line, i) => !(i === rest.length - 1 && line === "")));
    const org = organizationMermaid(report);
    const net = networkMermaid(report);
    for (const [summary, lines] of [
        ["Organization diagram", org],
        ["Network diagram", net],
    ] as const) {
        if (lines.length === 0) continue;
        out.push("");
        out.push(`<details><summary>${summary}</summary>`);
        out.push("");
        out.push("```mermaid");
        out.push(...lines);
        out.push("```");
        out.push("</details>");
    }
    return out.join("\n") + "\n";
}
