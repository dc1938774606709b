import type { ProgramRun } from "./captured-resources";
import { organizationTree } from "./report-diagrams";
import { accountNames, managed, naturalCompare, type PreviewReport } from "./report-model";
import type { EnforcementLevel, PolicyInfo, Remediation, Violation } from "./policy-engine";
import { isStateful } from "../components/shared/stateful";
import type { PreviewDiff } from "./diff";
import { changePhrase, summariseChanges } from "./change-summary";

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
            propertyDependencies: r.propertyDependencies,
        })),
        policyPack: pack,
        policies: reportPolicies(policies, effective),
        violations: sortViolations([...violations, ...remediationDiagnostics(remediations, policies)]),
        remediations,
        outputs: run.outputs,
    };
}

/**
 * A remediation that could not run (an unknown value during preview) is what the engine reports as an
 * advisory policy violation carrying the diagnostic (pkg/resource/deploy/step_generator.go), so the
 * offline report lists it where the engine's does.
 */
function remediationDiagnostics(remediations: readonly Remediation[], policies: readonly PolicyInfo[]): Violation[] {
    const byName = new Map(policies.map((p) => [p.name, p]));
    return remediations
        .filter((r) => r.diagnostic)
        .map((r) => ({
            policy: r.policy,
            enforcementLevel: "advisory",
            urn: r.urn,
            message: r.diagnostic!,
            severity: byName.get(r.policy)?.severity,
            description: byName.get(r.policy)?.description ?? "",
        }));
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

/** Counts per key, the largest first; equal counts in natural order of their label (default: the key). */
export function countBy<T>(items: readonly T[], key: (item: T) => string, label: (key: string) => string = (k) => k): [string, number][] {
    const counts = new Map<string, number>();
    for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
    return [...counts.entries()].sort((a, b) => b[1] - a[1] || naturalCompare(label(a[0]), label(b[0])) || naturalCompare(a[0], b[0]));
}

/** The one outcome of a preview: the worst of the policy pack's verdict and the baseline diff's. */
export type Outcome = "blocked" | "needs approval" | "pass";

export interface ReviewVerdict {
    readonly outcome: Outcome;
    /** Why, worst first: each blocking or approval-needing cause as one sentence. */
    readonly reasons: readonly string[];
    /**
     * Findings as the engine weighs them: mandatory (a violation left at the remediate level after its
     * remediation ran counts here), advisory, and the resources a remediate-level policy fixed, which the
     * engine deploys with the fixed inputs and which fail nothing.
     */
    readonly levels: { readonly mandatory: number; readonly remediated: number; readonly advisory: number; readonly excepted?: number };
    /** Resource changes against the baseline: added, changed in place, removed, replaced. */
    readonly counts?: { readonly added: number; readonly changed: number; readonly removed: number; readonly replaced: number };
}

const OUTCOME_RANK: Record<Outcome, number> = { blocked: 0, "needs approval": 1, pass: 2 };

/**
 * Blocked: a mandatory finding, or a stateful resource removed without being accepted. The engine
 * fails a preview on mandatory violations only: it reports a violation of a remediate-level policy as
 * mandatory (pkg/resource/deploy/analyze_snapshot.go; @pulumi/policy does the same), and a remediation
 * it applied is a policyRemediationEvent, not a failure.
 * Needs approval: stateful resources removed on purpose (accepted), or a stateful resource replaced
 * (delete and create: its data does not move to the new one). Otherwise pass.
 */
export function reviewVerdict(report: PreviewReport, diff?: PreviewDiff): ReviewVerdict {
    const levels: { mandatory: number; remediated: number; advisory: number; excepted?: number } = { mandatory: 0, remediated: 0, advisory: 0 };
    // A violation a pack config exception matched fails nothing, whatever its level (the engine's rule).
    for (const v of report.violations)
        if ((v.exceptions?.length ?? 0) > 0 && (v.enforcementLevel === "mandatory" || v.enforcementLevel === "remediate"))
            levels.excepted = (levels.excepted ?? 0) + 1;
        else if (v.enforcementLevel === "mandatory" || v.enforcementLevel === "remediate") levels.mandatory++;
        else if (v.enforcementLevel === "advisory") levels.advisory++;
    // One that could not run is already an advisory violation (remediationDiagnostics).
    levels.remediated = (report.remediations ?? []).filter((r) => !r.diagnostic).length;
    const blocked: string[] = [];
    const approval: string[] = [];
    if (levels.mandatory > 0) blocked.push(`${levels.mandatory} mandatory policy finding(s)`);
    let counts: ReviewVerdict["counts"];
    if (diff) {
        const isManaged = (r: { type: string; custom?: boolean }) => r.custom !== false && !r.type.startsWith("pulumi:");
        const now = new Map(report.resources.map((r) => [r.urn, r]));
        const changed = diff.changed.filter((c) => now.get(c.urn)?.custom !== false && !c.type.startsWith("pulumi:"));
        const replaced = changed.filter((c) => c.replaces.length > 0);
        counts = {
            added: diff.added.filter(isManaged).length,
            changed: changed.length - replaced.length,
            removed: diff.removed.filter(isManaged).length,
            replaced: replaced.length,
        };
        if (diff.blocking.length > 0)
            blocked.push(`${diff.blocking.length} stateful resource(s) removed: restore them in config, or keep their URNs with aliases if they were renamed`);
        if (diff.accepted.length > 0) approval.push(`${diff.accepted.length} stateful resource(s) removed on purpose (accepted): reviewers confirm each one`);
        const statefulReplaced = replaced.filter((c) => isStateful(c.type));
        if (statefulReplaced.length > 0)
            approval.push(`${statefulReplaced.length} stateful resource(s) replaced: a new one is created and the old one's data does not move`);
    }
    const outcome: Outcome = blocked.length > 0 ? "blocked" : approval.length > 0 ? "needs approval" : "pass";
    return { outcome, reasons: [...blocked, ...approval], levels, counts };
}

/** `BLOCKED · +2 ~1 -5 ±0 · findings: 3 mandatory, 0 remediated, 74 advisory` */
export function verdictLine(v: ReviewVerdict): string {
    const counts = v.counts ? ` · +${v.counts.added} ~${v.counts.changed} -${v.counts.removed} ±${v.counts.replaced}` : "";
    const excepted = v.levels.excepted ? `, ${v.levels.excepted} excepted` : "";
    return `${v.outcome.toUpperCase()}${counts} · findings: ${v.levels.mandatory} mandatory, ${v.levels.remediated} remediated, ${v.levels.advisory} advisory${excepted}`;
}

export function worstOutcome(a: Outcome, b: Outcome): Outcome {
    return OUTCOME_RANK[a] <= OUTCOME_RANK[b] ? a : b;
}

/** The findings of one policy. */
export interface FindingGroup {
    readonly policy: string;
    readonly level: EnforcementLevel;
    readonly severity?: string;
    readonly description: string;
    readonly violations: readonly Violation[];
}

const SEVERITY_RANK: Record<string, number> = { critical: 0, high: 1, medium: 2, low: 3 };

/** Findings grouped by policy: worst level first, then severity, then the most frequent. */
export function groupFindings(violations: readonly Violation[]): FindingGroup[] {
    const groups = new Map<string, Violation[]>();
    for (const v of violations) {
        const key = `${v.enforcementLevel}\u0000${v.policy}`;
        groups.set(key, [...(groups.get(key) ?? []), v]);
    }
    return [...groups.values()]
        .map((list) => ({
            policy: list[0].policy,
            level: list[0].enforcementLevel,
            severity: list[0].severity,
            description: list[0].description,
            violations: list,
        }))
        .sort(
            (a, b) =>
                levelRank(a.level) - levelRank(b.level) ||
                (SEVERITY_RANK[a.severity ?? ""] ?? 4) - (SEVERITY_RANK[b.severity ?? ""] ?? 4) ||
                b.violations.length - a.violations.length ||
                a.policy.localeCompare(b.policy),
        );
}

/** What a finding says about its resource, without the policy's description it repeats. */
export function findingDetail(v: Violation): string {
    const text = v.description && v.message.startsWith(v.description) ? v.message.slice(v.description.length) : v.message;
    const detail = text.trim().replace(/\s*\n\s*/g, "; ") || v.description;
    const excepted = (v.exceptions ?? []).map((x) => `${x.id}: ${x.reason}`);
    return excepted.length > 0 ? `[excepted by ${excepted.join("; ")}] ${detail}` : detail;
}

/** A resource's short name: the last part of its URN. */
export function shortName(urn: string): string {
    return urn.split("::").pop() ?? urn;
}

/** Remediation text per policy, when the pack exposes it (ZeroTrustPolicy.remediation). */
export type RemediationLookup = (policy: string) => string | undefined;

// ---------------------------------------------------------------------------------------------
// The terminal report.

export interface TextOptions {
    readonly diff?: PreviewDiff;
    readonly baseline?: PreviewReport;
    /** Everything: every type, every finding, every change (default: grouped and trimmed). */
    readonly verbose?: boolean;
    /** ANSI colours (only when stdout is a terminal). */
    readonly color?: boolean;
}

/** Rows listed per group before the rest is counted (compact mode). */
const TEXT_FIRST = 3;
/** Types listed before the rest is counted (compact mode). */
const TEXT_TYPES = 8;
/** Accounts above which the compact report shows OUs with counts instead of the account tree. */
const TEXT_TREE_ACCOUNTS = 30;

/**
 * The terminal report: the verdict first, then what changes (with a baseline), the estate, and the
 * findings grouped by policy with the fix once. Compact by default; `verbose` lists everything.
 */
export function renderText(report: PreviewReport, remediation: RemediationLookup = () => undefined, opts: TextOptions = {}): string {
    const resources = managed(report);
    const names = accountNames(report);
    const v = reviewVerdict(report, opts.diff);
    const paint = (text: string, code: number) => (opts.color ? `\u001b[${code}m${text}\u001b[0m` : text);
    const outcomeColour = { blocked: 31, "needs approval": 33, pass: 32 }[v.outcome];
    const line = verdictLine(v).replace(v.outcome.toUpperCase(), paint(v.outcome.toUpperCase(), outcomeColour));
    const regions = new Set(resources.map((r) => r.region).filter(Boolean));
    const out: string[] = [];
    const first = (n: number) => (opts.verbose ? Infinity : n);
    const more = (total: number, shown: number, what: string) => (total > shown ? [`  ... ${total - shown} more ${what} (--verbose lists them)`] : []);
    out.push(
        `${report.source === "engine" ? "Engine" : "Offline"} preview of ${report.project}/${report.stack}: ${line} · ${resources.length} resources in ${new Set(resources.map((r) => r.account)).size} accounts and ${regions.size} region(s)`,
    );
    for (const reason of v.reasons) out.push(`  - ${reason}`);
    const d = opts.diff;
    if (d) {
        const summary = summariseChanges(d, report, opts.baseline);
        out.push("");
        out.push(`What changes against the baseline (${d.baseline.resources} registrations):`);
        if (summary.headlines.length + summary.rows.length === 0) out.push("  nothing");
        for (const h of summary.headlines) out.push(`  ${h}`);
        const rows = summary.rows.slice(0, first(10));
        for (const r of rows)
            out.push(
                `  ${r.account} / ${r.area}: +${r.added} ~${r.changed} -${r.removed} ±${r.replaced}${r.highlights.length ? `  (${r.highlights.join("; ")})` : ""}`,
            );
        out.push(...more(summary.rows.length, rows.length, "account/area rows"));
        for (const [title, list] of [
            ["BLOCKING - stateful resources removed", d.blocking],
            ["Accepted removals - stateful resources this change removes on purpose (--accept-removal)", d.accepted],
        ] as const) {
            if (list.length === 0) continue;
            out.push("");
            out.push(`${title} (${list.length}):`);
            for (const b of list.slice(0, first(20)))
                out.push(`  - ${b.urn} (${b.retainedOnDelete ? "retained in AWS" : "DELETED in AWS"})\n      ${b.type}: ${b.reason}`);
            out.push(...more(list.length, Math.min(list.length, first(20)), "removals"));
        }
        if (d.changed.length > 0) {
            out.push("");
            out.push(`Changed (${d.changed.length}):`);
            for (const c of d.changed.slice(0, first(10))) {
                out.push(`  ${c.replaces.length > 0 ? "±" : "~"} ${c.urn}`);
                for (const change of c.values.slice(0, first(5)))
                    out.push(
                        `      ${change.kind === "added" ? "+" : change.kind === "removed" ? "-" : "~"} ${change.path.join(" › ")}: ${change.kind === "changed" ? `${change.before} → ${change.after}` : (change.after ?? change.before)}`,
                    );
                if (c.values.length === 0 || c.options.length > 0 || c.aliasOf) out.push(`      ${changePhrase({ ...c, values: [] })}`);
            }
            out.push(...more(d.changed.length, Math.min(d.changed.length, first(10)), "changed resources"));
        }
    }
    out.push("");
    out.push("Resources by account:");
    for (const [account, n] of countBy(
        resources,
        (r) => r.account ?? "-",
        (a) => names.get(a) ?? a,
    ))
        out.push(`  ${String(n).padStart(6)}  ${names.get(account) ?? "?"} (${account})`);
    const types = countBy(resources, (r) => r.type);
    out.push("");
    out.push(`Resources by type (${types.length} types):`);
    for (const [type, n] of types.slice(0, first(TEXT_TYPES))) out.push(`  ${String(n).padStart(6)}  ${type}`);
    out.push(...more(types.length, Math.min(types.length, first(TEXT_TYPES)), "types"));
    const tree = organizationTree(report);
    const accounts = report.resources.filter((r) => r.type === "aws:organizations/account:Account").length;
    if (tree.length > 0) {
        out.push("");
        out.push("Organization:");
        // At scale, OUs only (each with its direct accounts counted): the tree stays a screen high.
        const shown = opts.verbose || accounts <= TEXT_TREE_ACCOUNTS ? tree : foldAccounts(tree);
        for (const l of shown) out.push(`  ${l}`);
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
    for (const g of groupFindings(report.violations)) {
        out.push("");
        const colour = g.level === "advisory" ? 33 : 31;
        out.push(`${paint(g.level.toUpperCase(), colour)} [${g.policy}] ${g.severity ?? ""} - ${g.violations.length} finding(s): ${g.description}`);
        const list = g.violations.slice(0, first(TEXT_FIRST));
        for (const x of list) out.push(`  ${shortName(x.urn)}: ${findingDetail(x)}`);
        out.push(...more(g.violations.length, list.length, "resources"));
        const fix = remediation(g.policy);
        if (fix) out.push(`  fix: ${fix}`);
    }
    out.push("");
    out.push(`Verdict: ${line}`);
    return out.join("\n");
}

/** The tree with account lines dropped and each OU line given its direct account count. */
function foldAccounts(tree: readonly string[]): string[] {
    const out: string[] = [];
    for (const l of tree) {
        if (/\(\d{12}, /.test(l)) {
            const i = out.length - 1 - [...out].reverse().findIndex((x) => x.endsWith("/") || / account\(s\)$/.test(x));
            if (i < out.length && i >= 0) {
                const m = / (\d+) account\(s\)$/.exec(out[i]);
                out[i] = m ? out[i].replace(/ \d+ account\(s\)$/, ` ${Number(m[1]) + 1} account(s)`) : `${out[i]} 1 account(s)`;
            }
            continue;
        }
        out.push(l);
    }
    return out;
}
