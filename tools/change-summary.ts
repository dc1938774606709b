import type { ChangedResource, PreviewDiff } from "./diff";
import { accountNames, naturalCompare, type PreviewReport, type ReportResource } from "./report-model";
import { isStateful } from "../components/shared/stateful";
import { describeChange } from "./value-diff";

/**
 * What a change does, in plain language: organization-level headlines (accounts added to or removed
 * from OUs, organization policies edited statement by statement) and one row per account and area
 * with its counts and the first few changes. Shared by the terminal and the pull-request comment.
 */
export interface ChangeSummary {
    /** Organization-level sentences, most consequential first. */
    readonly headlines: readonly string[];
    /** One row per account and area, removals and replacements first. */
    readonly rows: readonly SummaryRow[];
}

export interface SummaryRow {
    readonly account: string;
    readonly area: string;
    readonly added: number;
    readonly changed: number;
    readonly removed: number;
    readonly replaced: number;
    /** The first few changes of the row, as short phrases. */
    readonly highlights: readonly string[];
}

/** Names listed in a headline before the rest is counted. */
const NAMES_SHOWN = 3;
/** Highlights kept per row. */
const HIGHLIGHTS = 3;

const ACCOUNT = "aws:organizations/account:Account";
const OU = "aws:organizations/organizationalUnit:OrganizationalUnit";
const ORG_POLICY = "aws:organizations/policy:Policy";

/** Organization policy kinds as reviewers name them. */
const POLICY_KIND: Record<string, string> = {
    SERVICE_CONTROL_POLICY: "SCP",
    RESOURCE_CONTROL_POLICY: "RCP",
    DECLARATIVE_POLICY_EC2: "declarative policy",
    TAG_POLICY: "tag policy",
    BACKUP_POLICY: "backup policy",
    AISERVICES_OPT_OUT_POLICY: "AI opt-out policy",
};

/** The landing-zone area of a resource: the component module its URN is nested under (`landing-zone:network:Hub` -> network). */
export function areaOf(urn: string): string {
    const qualified = urn.split("::")[2] ?? "";
    for (const segment of qualified.split("$")) {
        const m = /^([^:]+):([a-z][a-z0-9-]*):[A-Z]/.exec(segment);
        if (m && m[1] !== "aws" && m[1] !== "pulumi") return m[2];
    }
    return "other";
}

/** A resource as a reviewer names it: `SCP \`deny-root\``, `account \`payments-prod\``, `Vpc \`payments-euw1-vpc\``. */
export function resourceLabel(r: { type: string; urn: string; inputs?: Record<string, unknown> }): string {
    const name = r.urn.split("::").pop() ?? r.urn;
    const inputs = r.inputs ?? {};
    if (r.type === ORG_POLICY) return `${POLICY_KIND[String(inputs.type)] ?? "organization policy"} \`${inputs.name ?? name}\``;
    if (r.type === ACCOUNT) return `account \`${accountName(r as ReportResource)}\``;
    if (r.type === OU) return `OU \`${inputs.name ?? name}\``;
    if (typeof inputs.cidrBlock === "string") return `${r.type.split(":").pop()} \`${name}\` (${inputs.cidrBlock})`;
    return `${r.type.split(":").pop()} \`${name}\``;
}

function accountName(r: ReportResource): string {
    const tags = (r.inputs?.tags ?? {}) as Record<string, string>;
    return tags.AccountName ?? String(r.inputs?.name ?? r.name);
}

/** One change of a resource as a short phrase: its first value changes, or what differs. */
export function changePhrase(c: ChangedResource, max = HIGHLIGHTS): string {
    const parts: string[] = [];
    if (c.aliasOf) parts.push(`renamed from ${c.aliasOf.split("::").pop()}`);
    if (c.replaces.length > 0) parts.push(`replaced (${c.replaces.join(", ")} forces a new resource)`);
    parts.push(...c.values.slice(0, max).map(describeChange));
    if (c.values.length > max) parts.push(`${c.values.length - max} more value change(s)`);
    if (c.values.length === 0 && c.inputs.length > 0) parts.push(`inputs: ${c.inputs.join(", ")}`);
    if (c.options.length > 0) parts.push(`options: ${c.options.join(", ")}`);
    return parts.join("; ");
}

/** The OU path of a parent id (`Workloads/Prod`), from a report's OUs. */
function ouPaths(report: PreviewReport | undefined): (parentId: unknown) => string {
    const byId = new Map((report?.resources ?? []).filter((r) => r.type === OU && r.id).map((r) => [r.id!, r]));
    const path = (id: unknown, depth = 0): string => {
        const ou = byId.get(String(id));
        if (!ou || depth > 8) return String(id).startsWith("r-") ? "Root" : String(id);
        const parent = String(ou.inputs.parentId);
        return parent.startsWith("r-") ? String(ou.inputs.name) : `${path(parent, depth + 1)}/${ou.inputs.name}`;
    };
    return path;
}

function listed(names: readonly string[]): string {
    const shown = names.slice(0, NAMES_SHOWN).map((n) => `\`${n}\``);
    return names.length > NAMES_SHOWN ? `${shown.join(", ")} (+${names.length - NAMES_SHOWN} more)` : shown.join(", ");
}

export function summariseChanges(diff: PreviewDiff, current: PreviewReport, baseline?: PreviewReport): ChangeSummary {
    const now = new Map(current.resources.map((r) => [r.urn, r]));
    const before = new Map((baseline?.resources ?? []).map((r) => [r.urn, r]));
    const names = new Map([...(baseline ? accountNames(baseline) : []), ...accountNames(current)]);
    const headlines: string[] = [];

    const byOu = (list: readonly ReportResource[], report: PreviewReport | undefined, verb: string, prep: string) => {
        const ouOf = ouPaths(report);
        const groups = new Map<string, string[]>();
        for (const a of list) groups.set(ouOf(a.inputs.parentId), [...(groups.get(ouOf(a.inputs.parentId)) ?? []), accountName(a)]);
        for (const [ou, accounts] of [...groups.entries()].sort(([a], [b]) => naturalCompare(a, b)))
            headlines.push(`${verb} ${accounts.length} account(s) ${prep} OU \`${ou}\`: ${listed(accounts.sort(naturalCompare))}`);
    };
    byOu(
        diff.removed.filter((r) => r.type === ACCOUNT),
        baseline,
        "removes",
        "from",
    );
    byOu(
        diff.added.filter((r) => r.type === ACCOUNT),
        current,
        "adds",
        "to",
    );
    const ouNow = ouPaths(current);
    const ouBefore = ouPaths(baseline);
    for (const c of diff.changed.filter((x) => x.type === ACCOUNT && x.inputs.includes("parentId"))) {
        const a = now.get(c.urn)!;
        const was = before.get(c.aliasOf ?? c.urn);
        headlines.push(`moves account \`${accountName(a)}\` from OU \`${ouBefore(was?.inputs.parentId)}\` to OU \`${ouNow(a.inputs.parentId)}\``);
    }
    for (const r of diff.removed.filter((x) => x.type === ORG_POLICY)) headlines.push(`removes ${resourceLabel(r)}`);
    for (const r of diff.added.filter((x) => x.type === ORG_POLICY)) headlines.push(`adds ${resourceLabel(r)}`);
    for (const c of diff.changed.filter((x) => x.type === ORG_POLICY))
        headlines.push(`${resourceLabel(now.get(c.urn) ?? { type: c.type, urn: c.urn })}: ${changePhrase(c)}`);

    // Rows per account and area.
    const rows = new Map<string, { account: string; area: string; added: number; changed: number; removed: number; replaced: number; highlights: string[] }>();
    const row = (r: ReportResource | undefined, urn: string) => {
        const account = r?.account ? (names.get(r.account) ?? r.account) : "-";
        const key = `${account}\u0000${areaOf(urn)}`;
        if (!rows.has(key)) rows.set(key, { account, area: areaOf(urn), added: 0, changed: 0, removed: 0, replaced: 0, highlights: [] });
        return rows.get(key)!;
    };
    // Only managed resources count; components are structure.
    const counted = (r: ReportResource | undefined) => r !== undefined && r.custom && !r.type.startsWith("pulumi:");
    for (const r of diff.removed.filter(counted)) {
        const x = row(r, r.urn);
        x.removed++;
        if (isStateful(r.type)) pushHighlight(x.highlights, `removes ${resourceLabel(r)}`);
    }
    for (const c of diff.changed) {
        const r = now.get(c.urn);
        if (!counted(r)) continue;
        const x = row(r, c.urn);
        if (c.replaces.length > 0) x.replaced++;
        else x.changed++;
        pushHighlight(x.highlights, `${resourceLabel(r!)}: ${changePhrase(c, 1)}`);
    }
    for (const r of diff.added.filter(counted)) {
        const x = row(r, r.urn);
        x.added++;
        if (r.type === ACCOUNT || r.type === ORG_POLICY || r.type === "aws:ec2/vpc:Vpc") pushHighlight(x.highlights, `adds ${resourceLabel(r)}`);
    }
    const weight = (x: SummaryRow) => [x.removed + x.replaced, x.changed, x.added];
    const sorted = [...rows.values()].sort((a, b) => {
        const [wa, wb] = [weight(a), weight(b)];
        return wb[0] - wa[0] || wb[1] - wa[1] || wb[2] - wa[2] || naturalCompare(a.account, b.account) || a.area.localeCompare(b.area);
    });
    return { headlines, rows: sorted };
}

function pushHighlight(list: string[], text: string): void {
    if (list.length < HIGHLIGHTS) list.push(text);
}
