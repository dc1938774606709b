import { CREATION_ORDER, CreationOrderRule, Scope, Selector } from "./creation-order";

/**
 * How a creation-order rule applies to resources, shared by the graph test and the stand-in provider,
 * and the graph check: every dependent reaches each prerequisite it needs through what it waits for.
 */

/** A resource as both readers know it. */
export interface PlacedResource {
    readonly urn: string;
    readonly type: string;
    readonly account?: string;
    readonly region?: string;
    readonly id?: string;
    readonly inputs: Readonly<Record<string, unknown>>;
}

export function selects(selector: Selector, r: PlacedResource): boolean {
    if (selector.type !== r.type) return false;
    for (const [key, accepted] of Object.entries(selector.where ?? {}))
        if (!accepted.some((v) => JSON.stringify(v) === JSON.stringify(r.inputs[key]))) return false;
    return true;
}

export function inScope(scope: Scope, dependent: PlacedResource, prerequisite: PlacedResource): boolean {
    if (scope === "organization") return true;
    if (scope === "organization-region") return dependent.region === prerequisite.region;
    if (dependent.account !== prerequisite.account) return false;
    return scope === "account" || dependent.region === prerequisite.region;
}

/** Every string under a value (nested objects and lists included). */
function strings(value: unknown): string[] {
    if (typeof value === "string") return [value];
    if (Array.isArray(value)) return value.flatMap(strings);
    if (value && typeof value === "object") return Object.values(value).flatMap(strings);
    return [];
}

const lastSegment = (s: string) => s.split(/[:/]/).pop() ?? s;

/**
 * Whether a reference names a resource known by `value`: the same string, the same last ARN or path
 * segment (a role name and its ARN, a key id and its ARN, a queue URL and its ARN), or an S3 ARN
 * below the bucket.
 */
function names(reference: string, value: string): boolean {
    return reference === value || (lastSegment(value) !== "" && lastSegment(reference) === lastSegment(value)) || reference.includes(`:::${value}/`);
}

/** The value a `through` rule matches a prerequisite by. */
export function throughValue(rule: CreationOrderRule, r: PlacedResource): string | undefined {
    if (!rule.through) return undefined;
    const v = rule.through.key === "id" ? r.id : r.inputs[rule.through.key];
    return typeof v === "string" && v !== "" ? v : undefined;
}

/** Whether `prerequisite` is one the rule requires before `dependent`. */
export function requires(rule: CreationOrderRule, dependent: PlacedResource, prerequisite: PlacedResource): boolean {
    if (!selects(rule.prerequisite, prerequisite) || !inScope(rule.scope, dependent, prerequisite) || prerequisite.urn === dependent.urn) return false;
    if (!rule.through) return true;
    const value = throughValue(rule, prerequisite);
    if (value === undefined) return false;
    return rule.through.inputs.some((key) => strings(dependent.inputs[key]).some((s) => names(s, value)));
}

/** The rules a resource is the dependent of. */
export function rulesFor(r: PlacedResource): CreationOrderRule[] {
    return CREATION_ORDER.filter((rule) => selects(rule.dependent, r));
}

/** The input keys a prerequisite is selected and matched by (what the stand-in keeps of it). */
export function prerequisiteKeys(type: string): string[] {
    const keys = new Set<string>();
    for (const rule of CREATION_ORDER) {
        if (rule.prerequisite.type !== type) continue;
        for (const k of Object.keys(rule.prerequisite.where ?? {})) keys.add(k);
        if (rule.through && rule.through.key !== "id") keys.add(rule.through.key);
    }
    return [...keys];
}

// ---------------------------------------------------------------------------------------------
// The graph check.
/** A registration in the captured graph. */
export interface GraphResource extends PlacedResource {
    readonly parent?: string;
    readonly provider?: string;
    readonly dependencies: readonly string[];
}

/**
 * What a resource waits for before the engine creates it: its dependencies (inputs and dependsOn,
 * components expanded to their children by the SDK), its parent (the SDK registers a child only
 * once the parent is registered, and a component registers only once its own dependsOn are done),
 * and its provider (configured from inputs that may come from other resources).
 */
function waitsFor(r: GraphResource): string[] {
    return [...r.dependencies, ...(r.parent ? [r.parent] : []), ...(r.provider ? [r.provider] : [])];
}

/** Each rule a graph breaks: a dependent with no path to a prerequisite it needs, or with none at all. */
export function orderViolations(resources: readonly GraphResource[]): string[] {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const reach = new Map<string, Set<string>>();
    const reachable = (urn: string): Set<string> => {
        const known = reach.get(urn);
        if (known) return known;
        // Iterative walk: the graph is deep (providers -> accounts -> organization).
        const seen = new Set<string>();
        const stack = [...waitsFor(byUrn.get(urn)!)];
        while (stack.length > 0) {
            const next = stack.pop()!;
            if (seen.has(next) || !byUrn.has(next)) continue;
            seen.add(next);
            const cached = reach.get(next);
            if (cached) for (const u of cached) seen.add(u);
            else stack.push(...waitsFor(byUrn.get(next)!));
        }
        reach.set(urn, seen);
        return seen;
    };
    const out: string[] = [];
    for (const dependent of resources) {
        for (const rule of rulesFor(dependent)) {
            const needed = resources.filter((p) => requires(rule, dependent, p));
            if (needed.length === 0) {
                if (!rule.through) out.push(`${dependent.urn}: no ${rule.prerequisite.type} in its ${rule.scope} (${rule.why})`);
                continue;
            }
            const after = reachable(dependent.urn);
            for (const p of needed) if (!after.has(p.urn)) out.push(`${dependent.urn} does not wait for ${p.urn} (${rule.why})`);
        }
    }
    return out;
}
