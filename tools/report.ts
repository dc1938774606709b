import type { CapturedResource, ProgramRun } from "./mock-runtime";
import type { EnforcementLevel, PolicyInfo, Remediation, Violation } from "./policy-engine";

/** The offline preview's result; `--json` writes exactly this. */
export interface PreviewReport {
    readonly stack: string;
    readonly project: string;
    readonly resources: readonly ReportResource[];
    readonly policyPack: { readonly name: string; readonly version: string };
    readonly policies: readonly { name: string; enforcementLevel: EnforcementLevel; severity?: string }[];
    readonly violations: readonly Violation[];
    /** Changes remediate-level policies made to inputs (the engine deploys the remediated inputs). */
    readonly remediations: readonly Remediation[];
    readonly outputs: Record<string, unknown>;
}

export interface ReportResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly parent?: string;
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
    effective: ReadonlyMap<string, { enforcementLevel: EnforcementLevel }>,
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
        policies: policies.map((p) => ({
            name: p.name,
            enforcementLevel: effective.get(p.name)?.enforcementLevel ?? p.enforcementLevel,
            severity: p.severity,
        })),
        violations: [...violations].sort(
            (a, b) => levelRank(a.enforcementLevel) - levelRank(b.enforcementLevel) || a.policy.localeCompare(b.policy) || a.urn.localeCompare(b.urn),
        ),
        remediations,
        outputs: run.outputs,
    };
}

function levelRank(level: EnforcementLevel): number {
    return { mandatory: 0, remediate: 1, advisory: 2, disabled: 3 }[level];
}

/** Managed resources: what a preview counts (components and the stack are structure, not resources). */
export function managed(report: PreviewReport): ReportResource[] {
    return report.resources.filter((r) => !r.type.startsWith("pulumi:") && !r.type.startsWith("landing-zone:") && r.urn !== undefined && isCustom(r));
}

function isCustom(r: ReportResource): boolean {
    return r.provider !== undefined || r.type.startsWith("pulumi:providers:");
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
        `Offline preview of ${report.project}/${report.stack}: ${resources.length} resources in ${new Set(resources.map((r) => r.account)).size} accounts and ${regions.size} region(s)`,
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
