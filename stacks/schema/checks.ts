import { cidrRange } from "./common";
import type { ConfigKey, LandingZoneConfig } from "./stack";

/** The config namespace: every key in Pulumi.<stack>.yaml is `landing-zone:<key>`. */
export const CONFIG_NAMESPACE = "landing-zone";

/** One problem in a stack's config, with the key it concerns. */
export interface ConfigProblem {
    readonly path: readonly (string | number)[];
    /** "<what is wrong> (expected <what>)"; the value found is added when the problem is printed. */
    readonly message: string;
}

/**
 * A rule across fields that no single field's schema can check: references, uniqueness, CIDR plan, quotas.
 * Each area's `<area>-checks.ts` exports its checks as a list of these; stacks/config.ts runs them all.
 */
export interface ConfigCheck {
    /** Names the check in the error raised when it throws: an exception in a check is a bug in the check. */
    readonly name: string;
    /**
     * The top-level keys the check reads. Checks also run on config the schema rejected, so every problem
     * is reported at once; only there, where a key it reads was rejected, may it trip over the malformed value.
     */
    readonly reads: readonly ConfigKey[];
    readonly problems: (c: LandingZoneConfig) => readonly ConfigProblem[];
}

/** The range of a CIDR, or undefined for a malformed one (which the schema reports). */
export function tryRange(cidr: string): { start: bigint; end: bigint; prefix: number } | undefined {
    try {
        return cidrRange(cidr);
    } catch {
        return undefined;
    }
}

/** True when inner lies in outer; a malformed side is the schema's to report, not a containment problem. */
export function contains(outer: string, inner: string): boolean {
    const o = tryRange(outer);
    const i = tryRange(inner);
    return !o || !i || (i.start >= o.start && i.end <= o.end);
}

/** Every overlapping pair, reported once against the later entry. */
export function overlaps<T extends { cidr: string }>(blocks: readonly T[]): [T, T][] {
    const ranges = blocks.flatMap((b) => {
        const r = tryRange(b.cidr);
        return r ? [{ b, ...r }] : [];
    });
    const out: [T, T][] = [];
    for (let i = 0; i < ranges.length; i++) {
        for (let j = i + 1; j < ranges.length; j++) {
            if (ranges[i].start <= ranges[j].end && ranges[j].start <= ranges[i].end) out.push([ranges[i].b, ranges[j].b]);
        }
    }
    return out;
}

/** `landing-zone:network.spokes[2].cidr` for ["network", "spokes", 2, "cidr"]. */
export function keyPath(path: readonly (string | number | symbol)[]): string {
    const [head, ...rest] = path;
    let out = head === undefined ? CONFIG_NAMESPACE : `${CONFIG_NAMESPACE}:${String(head)}`;
    for (const p of rest) out += typeof p === "number" ? `[${p}]` : /^[A-Za-z_][\w]*$/.test(String(p)) ? `.${String(p)}` : `["${String(p)}"]`;
    return out;
}
