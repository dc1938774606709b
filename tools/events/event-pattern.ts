import type { EventPattern, PatternValue } from "../../components/response/patterns";

/**
 * EventBridge pattern matching, offline: exact values, prefix, suffix, anything-but, numeric ranges,
 * exists, equals-ignore-case, wildcard and $or. As in EventBridge, arrays in the event are flattened:
 * a field matches when any value at its path matches, and `exists: false` only when none is there.
 */
export function matches(pattern: EventPattern, event: unknown): boolean {
    return matchAt(pattern, [event]);
}

function flatten(value: unknown): unknown[] {
    return Array.isArray(value) ? value.flatMap(flatten) : [value];
}

function isObject(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

function matchAt(pattern: EventPattern, nodes: readonly unknown[]): boolean {
    return Object.entries(pattern).every(([key, expected]) => {
        if (key === "$or") return (expected as readonly EventPattern[]).some((alternative) => matchAt(alternative, nodes));
        const present = nodes.filter((n) => isObject(n) && key in n);
        const children = present.flatMap((n) => flatten((n as Record<string, unknown>)[key]));
        if (Array.isArray(expected)) return matchLeaf(expected as readonly PatternValue[], present.length > 0, children);
        return matchAt(expected as EventPattern, children.filter(isObject));
    });
}

function matchLeaf(matchers: readonly PatternValue[], present: boolean, values: readonly unknown[]): boolean {
    return matchers.some((m) => {
        if (isObject(m) && "exists" in m) return m.exists === present;
        return values.some((v) => matchValue(m, v));
    });
}

function matchValue(m: PatternValue, v: unknown): boolean {
    if (!isObject(m)) return m === v;
    if ("prefix" in m) return typeof v === "string" && v.startsWith(m.prefix);
    if ("suffix" in m) return typeof v === "string" && v.endsWith(m.suffix);
    if ("equals-ignore-case" in m) return typeof v === "string" && v.toLowerCase() === m["equals-ignore-case"].toLowerCase();
    if ("wildcard" in m) {
        const re = new RegExp(
            `^${m.wildcard
                .split("*")
                .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
                .join(".*")}$`,
        );
        return typeof v === "string" && re.test(v);
    }
    if ("anything-but" in m) {
        const but = m["anything-but"];
        if (isObject(but)) return typeof v === "string" && !v.startsWith((but as { prefix: string }).prefix);
        const excluded = Array.isArray(but) ? but : [but];
        return (typeof v === "string" || typeof v === "number") && !excluded.includes(v);
    }
    if ("numeric" in m) {
        if (typeof v !== "number") return false;
        const ops = m.numeric;
        for (let i = 0; i < ops.length; i += 2) {
            const [op, bound] = [ops[i], Number(ops[i + 1])];
            const ok = op === ">" ? v > bound : op === ">=" ? v >= bound : op === "<" ? v < bound : op === "<=" ? v <= bound : op === "=" ? v === bound : false;
            if (!ok) return false;
        }
        return true;
    }
    return false;
}
