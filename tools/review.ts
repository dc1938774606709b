import type { PreviewDiff } from "./diff";
import { areaOf, summariseChanges } from "./change-summary";
import { countBy, findingDetail, groupFindings, reviewVerdict, shortName, verdictLine, type RemediationLookup } from "./report";
import { accountNames, managed, naturalCompare, type PreviewReport } from "./report-model";
import { networkMermaid, organizationMermaid } from "./report-diagrams";

/** GitHub refuses comment bodies over 65,536 characters; the comment stays well under it. */
export const COMMENT_BUDGET = 60_000;
/** Mermaid refuses diagrams over its default maxTextSize, 50,000 characters. */
export const MERMAID_LIMIT = 50_000;

export interface ReviewOptions {
    readonly diff?: PreviewDiff;
    readonly baseline?: PreviewReport;
    /** HTML comment the workflow finds its own comment by. */
    readonly marker?: string;
    /** Characters the comment may take (default COMMENT_BUDGET). */
    readonly budget?: number;
    /** Where the full report is (the run's summary and artifact), linked when something is trimmed. */
    readonly fullReport?: string;
    /** The heading before the stack's name (default "Landing zone preview"). */
    readonly title?: string;
}

/** A section: whole Markdown blocks, each tried in full, then in its short form, else left out with a note. */
interface Section {
    readonly full: string[];
    readonly short?: string[];
    readonly title: string;
}

/** Rows a table shows in full; the short form shows fewer. */
const ROWS = 40;
const SHORT_ROWS = 10;
/** Resources named per finding group before the rest is folded. */
const FIRST_RESOURCES = 3;

function cell(text: string): string {
    return text.replace(/\|/g, "\\|").replace(/\n/g, " ").replace(/`/g, "'");
}

/** Inline code that survives a cell: backticks inside are replaced. */
function code(text: string): string {
    return `\`${text.replace(/`/g, "'").replace(/\|/g, "\\|")}\``;
}

/**
 * The pull-request comment: the verdict in one line first, then what changes in plain language,
 * blocking and accepted removals, value-level diffs, findings grouped by policy, the estate (only
 * without a baseline, or the accounts whose counts changed) and diagrams. Sized by design: each
 * section is added whole while it fits the budget, else in its short form, else as a one-line note;
 * nothing is ever cut inside a code fence, a table or a <details>.
 */
export function renderReviewMarkdown(report: PreviewReport, remediation: RemediationLookup = () => undefined, opts: ReviewOptions = {}): string {
    const budget = opts.budget ?? COMMENT_BUDGET;
    const v = reviewVerdict(report, opts.diff);
    const resources = managed(report);
    const names = new Map([...(opts.baseline ? accountNames(opts.baseline) : []), ...accountNames(report)]);
    const head: string[] = [];
    if (opts.marker) head.push(`<!-- ${opts.marker} -->`);
    head.push(`## ${opts.title ?? "Landing zone preview"}: \`${report.stack}\``, "");
    head.push(
        `**${v.outcome.toUpperCase()}**${verdictLine(v).slice(v.outcome.length)} · ${resources.length} resources in ${new Set(resources.map((r) => r.account)).size} accounts`,
    );
    if (v.reasons.length > 0) {
        head.push("");
        for (const r of v.reasons) head.push(`- ${r}`);
    }
    const sections: Section[] = [];
    const d = opts.diff;
    if (d) sections.push(...diffSections(d, report, opts.baseline, names));
    sections.push(...findingSections(report, remediation));
    sections.push(estateSection(report, opts.baseline, names));
    sections.push(...diagramSections(report, d));

    const note = (title: string) =>
        `_${title}: left out to keep this comment under ${budget.toLocaleString("en-US")} characters; ${opts.fullReport ? `see [the full report](${opts.fullReport})` : "see the full report (the job's summary and artifact)"}._`;
    const out = [...head];
    let used = out.join("\n").length;
    const reserve = 400; // room for the closing notes
    for (const s of sections) {
        if (s.full.length === 0) continue;
        const candidates = [s.full, s.short, ["", note(s.title)]].filter((c): c is string[] => c !== undefined);
        for (const c of candidates) {
            const size = c.join("\n").length + 1;
            if (used + size <= budget - reserve || c === candidates[candidates.length - 1]) {
                out.push(...c);
                used += size;
                break;
            }
        }
    }
    return out.join("\n") + "\n";
}

function table(header: string, rows: readonly string[], max: number, more: string): string[] {
    const cols = header.split("|").length - 2;
    const out = [header, `|${" --- |".repeat(cols)}`, ...rows.slice(0, max)];
    if (rows.length > max) out.push(`| _${rows.length - max} more ${more} in the full report_ |${" |".repeat(cols - 1)}`);
    return out;
}

function diffSections(d: PreviewDiff, report: PreviewReport, baseline: PreviewReport | undefined, names: ReadonlyMap<string, string>): Section[] {
    const summary = summariseChanges(d, report, baseline);
    const where = (r: { account?: string; region?: string }) => `${names.get(r.account ?? "") ?? r.account ?? "-"} / ${r.region ?? "-"}`;
    const sections: Section[] = [];
    const rows = summary.rows.map(
        (r) => `| ${cell(r.account)} | ${r.area} | ${r.added} | ${r.changed} | ${r.removed} | ${r.replaced} | ${r.highlights.map(cell).join("<br>")} |`,
    );
    const whatChanges = (headlines: number, max: number) => [
        "",
        `### What changes (${d.baseline.resources} registrations in the baseline)`,
        "",
        ...(summary.headlines.length + rows.length === 0 ? ["No resource changes against the baseline."] : []),
        ...summary.headlines.slice(0, headlines).map((h) => `- ${h}`),
        ...(summary.headlines.length > headlines ? [`- _${summary.headlines.length - headlines} more in the full report_`] : []),
        ...(rows.length > 0 ? ["", ...table("| Account | Area | + | ~ | - | ± | What |", rows, max, "account/area rows")] : []),
    ];
    sections.push({ title: "What changes", full: whatChanges(20, ROWS), short: whatChanges(5, SHORT_ROWS) });
    for (const [title, list, callout] of [
        ["Blocking: stateful resources removed", d.blocking, "CAUTION"],
        ["Stateful resources removed on purpose (accepted in the pull request description): confirm each one", d.accepted, "WARNING"],
    ] as const) {
        if (list.length === 0) continue;
        const body = list.map(
            (b) =>
                `| ${code(shortName(b.urn))} | ${code(b.type)} | ${where(b)} | ${cell(b.reason)} | ${b.retainedOnDelete ? "retained in AWS, dropped from the stack" : "**deleted**"} |`,
        );
        const make = (max: number) => [
            "",
            `> [!${callout}]`,
            `> **${title} (${list.length}).**${callout === "CAUTION" ? " Restore them in config, or keep their URNs with `aliases` if they were renamed." : ""}`,
            "",
            ...table("| Resource | Type | Account / region | What is lost | On delete |", body, max, "removals"),
        ];
        sections.push({ title, full: make(ROWS), short: make(SHORT_ROWS) });
    }
    const changed = d.changed.filter((c) => c.values.length > 0 || c.options.length > 0 || c.aliasOf);
    if (changed.length > 0) {
        const block = (c: (typeof changed)[number], maxLines: number) => {
            const lines = c.values.flatMap((x) =>
                x.kind === "changed"
                    ? [`- ${x.path.join(" › ")}: ${x.before}`, `+ ${x.path.join(" › ")}: ${x.after}`]
                    : [`${x.kind === "added" ? "+" : "-"} ${x.path.join(" › ")}: ${x.kind === "added" ? x.after : x.before}`],
            );
            if (c.aliasOf) lines.push(`  renamed from ${shortName(c.aliasOf)} (alias)`);
            if (c.options.length > 0) lines.push(`  options: ${c.options.join(", ")}`);
            const shown = lines.slice(0, maxLines).map((l) => l.replace(/```/g, "'''"));
            if (lines.length > maxLines) shown.push(`  ... ${lines.length - maxLines} more line(s) in the full report`);
            return [
                `<details><summary>${c.replaces.length > 0 ? "± replace" : "~ update"} <code>${escapeHtml(shortName(c.urn))}</code> (${escapeHtml(c.type)}, ${areaOf(c.urn)})</summary>`,
                "",
                "```diff",
                ...shown,
                "```",
                "</details>",
            ];
        };
        const make = (resources: number, lines: number) => [
            "",
            `### Value changes (${changed.length} resource(s))`,
            "",
            ...changed.slice(0, resources).flatMap((c) => block(c, lines)),
            ...(changed.length > resources ? ["", `_${changed.length - resources} more changed resource(s) in the full report._`] : []),
        ];
        sections.push({ title: "Value changes", full: make(ROWS, 60), short: make(SHORT_ROWS, 12) });
    }
    return sections;
}

function escapeHtml(text: string): string {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function findingSections(report: PreviewReport, remediation: RemediationLookup): Section[] {
    const groups = groupFindings(report.violations);
    if (groups.length === 0) return [];
    const row = (g: (typeof groups)[number]) =>
        `| ${g.level} | ${g.severity ?? ""} | ${code(g.policy)} | ${g.violations.length} | ${g.violations
            .slice(0, FIRST_RESOURCES)
            .map((x) => code(shortName(x.urn)))
            .join(", ")}${g.violations.length > FIRST_RESOURCES ? ` and ${g.violations.length - FIRST_RESOURCES} more` : ""} |`;
    const detail = (g: (typeof groups)[number], max: number) => [
        `<details><summary><code>${g.policy}</code>: ${escapeHtml(g.description)} (${g.violations.length})</summary>`,
        "",
        ...(remediation(g.policy) ? [`**Fix:** ${escapeHtml(remediation(g.policy)!)}`, ""] : []),
        ...table(
            "| Resource | Finding |",
            g.violations.map((x) => `| ${code(shortName(x.urn))} | ${cell(findingDetail(x))} |`),
            max,
            "findings",
        ),
        "</details>",
    ];
    const make = (max: number) => [
        "",
        `### Policy findings (${report.violations.length}, ${groups.length} polic${groups.length === 1 ? "y" : "ies"})`,
        "",
        ...table("| Level | Severity | Policy | Findings | First resources |", groups.map(row), Infinity, ""),
        "",
        ...groups.flatMap((g) => [...detail(g, max), ""]),
    ];
    return [{ title: "Policy findings", full: make(ROWS), short: make(SHORT_ROWS) }];
}

/** Resources per account and region: the whole estate without a baseline, else only the rows whose counts changed. */
function estateSection(report: PreviewReport, baseline: PreviewReport | undefined, names: ReadonlyMap<string, string>): Section {
    const key = (r: { account?: string; region?: string }) => `${r.account ?? "-"}|${r.region ?? "-"}`;
    const now = new Map(countBy(managed(report), key));
    const was = new Map(baseline ? countBy(managed(baseline), key) : []);
    const keys = [...new Set([...now.keys(), ...was.keys()])].filter((k) => !baseline || now.get(k) !== was.get(k));
    if (keys.length === 0) return { title: "Estate", full: [] };
    const rows = keys
        .sort((a, b) => {
            const [[accountA, regionA], [accountB, regionB]] = [a.split("|"), b.split("|")];
            const name = (account: string) => names.get(account) ?? account;
            return (
                (now.get(b) ?? 0) - (now.get(a) ?? 0) ||
                naturalCompare(name(accountA), name(accountB)) ||
                naturalCompare(accountA, accountB) ||
                naturalCompare(regionA, regionB)
            );
        })
        .map((k) => {
            const [account, region] = k.split("|");
            const count = baseline ? `${was.get(k) ?? 0} → ${now.get(k) ?? 0}` : String(now.get(k));
            return `| ${cell(names.get(account) ?? "?")} (\`${account}\`) | ${region} | ${count} |`;
        });
    const make = (max: number) => [
        "",
        `<details><summary>${baseline ? "Accounts whose resource counts change" : "Estate: resources per account and region"} (${rows.length})</summary>`,
        "",
        ...table("| Account | Region | Resources |", rows, max, "rows"),
        "</details>",
    ];
    return { title: "Estate", full: make(Infinity), short: make(ROWS) };
}

function diagramSections(report: PreviewReport, diff?: PreviewDiff): Section[] {
    const sections: Section[] = [];
    const changed = diff ? new Set([...diff.added, ...diff.changed, ...diff.removed].map((r) => r.urn)) : undefined;
    // Too big for Mermaid: the same diagram with only the changed part drawn, else with every account or spoke counted.
    for (const [title, draw] of [
        ["Organization diagram", (only?: ReadonlySet<string>) => organizationMermaid(report, only)],
        ["Network diagram", (only?: ReadonlySet<string>) => networkMermaid(report, only)],
    ] as const) {
        const wrap = (body: string[], note = "") => ["", `<details><summary>${title}${note}</summary>`, "", "```mermaid", ...body, "```", "</details>"];
        const fits = (lines: string[]) => lines.length > 0 && lines.join("\n").length <= MERMAID_LIMIT;
        const whole = draw(changed);
        // With a baseline a diagram is there to show what changes: one with nothing highlighted shows nothing.
        if (whole.length === 0 || (changed && !whole.some((l) => l.startsWith("    classDef changed")))) continue;
        const counted = draw(new Set());
        if (fits(whole))
            sections.push({
                title,
                full: wrap(whole, changed ? " (changed part highlighted)" : ""),
                short: fits(counted) ? wrap(counted, " (counts only)") : undefined,
            });
        else if (fits(counted)) sections.push({ title, full: wrap(counted, " (too large for Mermaid: counts only)") });
    }
    return sections;
}
