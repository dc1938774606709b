import type { CapturedResource } from "./captured-resources";
import type { EnforcementLevel, Remediation, Violation } from "./policy-engine";

/**
 * The preview report's shape and the small readings of it that the report, the diff and the
 * change summary all need; it imports none of them, so they do not import each other.
 */

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
    /** Input key -> the resources its value came from (absent where the engine's events do not carry them). */
    readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
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

const NATURAL = new Intl.Collator("en", { numeric: true });

/** Natural order for names people read: `workload-2` before `workload-10`; ties broken by code point, so the order is total. */
export function naturalCompare(a: string, b: string): number {
    return NATURAL.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

