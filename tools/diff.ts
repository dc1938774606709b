import type { ReportResource, PreviewReport } from "./report-model";
import { REPLACE_ON_CHANGE } from "./stateful";
import { isStateful, statefulReason } from "../components/shared/stateful";
import { valueChanges, type ValueChange } from "./value-diff";

/** A resource present in both previews whose inputs or options differ. */
export interface ChangedResource {
    readonly urn: string;
    readonly type: string;
    /** Top-level input keys whose values differ (added, removed or changed). */
    readonly inputs: readonly string[];
    /** Option names (protect, retainOnDelete, ignoreChanges, ..., provider, parent) that differ. */
    readonly options: readonly string[];
    /** The baseline URN when the resource kept its state through an alias. */
    readonly aliasOf?: string;
    /** What changed inside the differing inputs, value by value (policy statements, CIDRs, rules). */
    readonly values: readonly ValueChange[];
    /** Differing inputs that make AWS replace the resource (delete and create) instead of updating it. */
    readonly replaces: readonly string[];
}

/** A stateful resource that the change would delete from the stack. */
export interface BlockingFinding {
    readonly urn: string;
    readonly type: string;
    readonly account?: string;
    readonly region?: string;
    /** What is lost (from the stateful types list). */
    readonly reason: string;
    /** Whether the baseline retained it on delete (the cloud resource survives, the stack forgets it). */
    readonly retainedOnDelete: boolean;
    readonly protect: boolean;
}

/** What changed between a baseline preview and this one, by URN. */
export interface PreviewDiff {
    readonly baseline: { readonly stack: string; readonly resources: number };
    readonly added: readonly ReportResource[];
    readonly changed: readonly ChangedResource[];
    readonly removed: readonly ReportResource[];
    /** Removed stateful resources: each one fails the preview. */
    readonly blocking: readonly BlockingFinding[];
    /**
     * Removed stateful resources the change explicitly accepts (`--accept-removal <urn>`): shown, not blocking.
     * Accepting a removed account also accepts the removed stateful resources in that account.
     */
    readonly accepted: readonly BlockingFinding[];
}

const ACCOUNT_TYPE = "aws:organizations/account:Account";

/** Thrown when a baseline is not a preview report of the same project and stack. */
export class BaselineError extends Error {}

/**
 * Compares two preview reports by URN. A resource whose `aliases` name a baseline URN is the same
 * resource under a new name (changed, not removed and added). Components (structure without state)
 * take part too: a moved component moves its children's URNs, and those show up as their own entries.
 */
export function diffReports(baseline: PreviewReport, current: PreviewReport, acceptRemoval: readonly string[] = []): PreviewDiff {
    if (baseline.project !== current.project || baseline.stack !== current.stack)
        throw new BaselineError(
            `the baseline is a preview of ${baseline.project}/${baseline.stack} (expected a preview of ${current.project}/${current.stack})`,
        );
    const before = new Map(baseline.resources.map((r) => [r.urn, r]));
    const after = new Map(current.resources.map((r) => [r.urn, r]));
    const aliased = new Map<string, string>();
    for (const r of current.resources) for (const alias of r.options?.aliases ?? []) if (before.has(alias) && !after.has(alias)) aliased.set(alias, r.urn);

    const added: ReportResource[] = [];
    const changed: ChangedResource[] = [];
    const aliasTargets = new Map([...aliased.entries()].map(([from, to]) => [to, from]));
    for (const r of current.resources) {
        const previousUrn = before.has(r.urn) ? r.urn : aliasTargets.get(r.urn);
        const previous = previousUrn ? before.get(previousUrn) : undefined;
        if (!previous) {
            added.push(r);
            continue;
        }
        const inputs = differingKeys(previous.inputs, r.inputs);
        const options = differingOptions(previous, r);
        if (inputs.length > 0 || options.length > 0 || previousUrn !== r.urn) {
            const forceNew = new Set([...(REPLACE_ON_CHANGE[r.type] ?? []), ...(r.options?.replaceOnChanges ?? [])]);
            changed.push({
                urn: r.urn,
                type: r.type,
                inputs,
                options,
                aliasOf: previousUrn !== r.urn ? previousUrn : undefined,
                values: valueChanges(pick(previous.inputs, inputs), pick(r.inputs, inputs)),
                replaces: inputs.filter((k) => forceNew.has(k) || forceNew.has("*")),
            });
        }
    }
    const removed = baseline.resources.filter((r) => !after.has(r.urn) && !aliased.has(r.urn));
    const accept = new Set(acceptRemoval);
    const stateful = removed
        .filter((r) => isStateful(r.type))
        .map((r) => ({
            urn: r.urn,
            type: r.type,
            account: r.account,
            region: r.region,
            reason: statefulReason(r.type)!,
            retainedOnDelete: r.options?.retainOnDelete === true,
            protect: r.options?.protect === true,
        }));
    // Accepting the removal of an account accepts what lives in it: its keys, vaults and log groups go with it.
    const acceptedAccountIds = new Set(removed.filter((r) => r.type === ACCOUNT_TYPE && accept.has(r.urn) && r.id !== undefined).map((r) => r.id as string));
    const isAccepted = (b: BlockingFinding) => accept.has(b.urn) || (b.account !== undefined && acceptedAccountIds.has(b.account));
    const blocking = stateful.filter((b) => !isAccepted(b));
    const byUrn = (a: { urn: string }, b: { urn: string }) => a.urn.localeCompare(b.urn);
    return {
        baseline: { stack: baseline.stack, resources: baseline.resources.length },
        added: added.sort(byUrn),
        changed: changed.sort(byUrn),
        removed: removed.sort(byUrn),
        blocking: blocking.sort(byUrn),
        accepted: stateful.filter(isAccepted).sort(byUrn),
    };
}

/** Whether the diff changes anything at all. */
export function isEmptyDiff(diff: PreviewDiff): boolean {
    return diff.added.length === 0 && diff.changed.length === 0 && diff.removed.length === 0;
}

function pick(inputs: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
    return Object.fromEntries(keys.filter((k) => inputs?.[k] !== undefined).map((k) => [k, inputs[k]]));
}

function differingKeys(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
    const keys = new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})]);
    return [...keys].filter((k) => canonical(a?.[k]) !== canonical(b?.[k])).sort();
}

function differingOptions(a: ReportResource, b: ReportResource): string[] {
    const out = differingKeys((a.options ?? {}) as unknown as Record<string, unknown>, (b.options ?? {}) as unknown as Record<string, unknown>).filter(
        (k) => k !== "aliases",
    );
    if (a.provider !== b.provider) out.push("provider");
    if (a.parent !== b.parent) out.push("parent");
    return out.sort();
}

/** JSON with sorted keys, so key order never reads as a change. */
function canonical(value: unknown): string {
    return JSON.stringify(value, (_key, v: unknown) =>
        v && typeof v === "object" && !Array.isArray(v)
            ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([x], [y]) => x.localeCompare(y)))
            : v,
    );
}
