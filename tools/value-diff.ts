/**
 * Value-level differences between two versions of a resource's inputs, for reviewers: which policy
 * statements (by Sid), actions, resources, principals and conditions changed, which CIDRs, routes,
 * security-group and firewall rules were added or removed, which scalars changed from what to what.
 *
 * JSON-aware: a string holding a JSON document (an SCP's `content`, a role's `assumeRolePolicy`, a
 * bucket policy) is parsed and compared as a document. Stable: keys are sorted, lists whose order
 * means nothing (actions, CIDRs, rules) are compared as sets. Masked: values Pulumi marked secret are
 * already `[secret]` in the report; values under keys that name a credential are shown as `[masked]`.
 */

/** One change at one place of a resource's inputs. */
export interface ValueChange {
    /** Where, from the input key down: `["content", "Statement DenyRegions", "Condition", "StringNotEquals", "aws:RequestedRegion"]`. */
    readonly path: readonly string[];
    readonly kind: "added" | "removed" | "changed";
    /** The value before (removed, changed), rendered on one line. */
    readonly before?: string;
    /** The value after (added, changed), rendered on one line. */
    readonly after?: string;
}

/** Keys whose values are credentials even when the program did not mark them secret. */
const SENSITIVE_KEY = /(password|passphrase|secret|token|private_?key|credential|api_?key)/i;

/** Longest rendering of one value; a whole added statement or rule stays readable on one line. */
const MAX_VALUE = 240;

/** An unordered list (actions, CIDRs, rules without identity), kept as its items' renderings. */
class ValueSet {
    constructor(readonly items: readonly string[]) {}
}

/** A credential: compared by value, rendered masked. */
class Masked {
    constructor(readonly raw: string) {}
}

/** A normalised value: a leaf string, a set, a masked value or an object of them (keyed lists become objects). */
type Tree = string | ValueSet | Masked | { readonly [key: string]: Tree };

/** Object keys that identify an element of a list, in order of preference. */
const IDENTITY_KEYS = ["Sid", "name", "ruleNumber", "priority"];

/** The changes between two input objects, sorted by path. */
export function valueChanges(before: Record<string, unknown>, after: Record<string, unknown>): ValueChange[] {
    const out: ValueChange[] = [];
    walk(normalise(before ?? {}, ""), normalise(after ?? {}, ""), [], out);
    return out;
}

function isTree(t: Tree): t is { readonly [key: string]: Tree } {
    return typeof t === "object" && !(t instanceof ValueSet) && !(t instanceof Masked);
}

function walk(a: Tree | undefined, b: Tree | undefined, path: string[], out: ValueChange[]): void {
    if (a === undefined && b === undefined) return;
    if (a === undefined) return void out.push({ path, kind: "added", after: clip(render(b!)) });
    if (b === undefined) return void out.push({ path, kind: "removed", before: clip(render(a)) });
    if (a instanceof ValueSet && b instanceof ValueSet) {
        const was = new Set(a.items);
        const is = new Set(b.items);
        for (const item of a.items) if (!is.has(item)) out.push({ path, kind: "removed", before: clip(item) });
        for (const item of b.items) if (!was.has(item)) out.push({ path, kind: "added", after: clip(item) });
        return;
    }
    if (isTree(a) && isTree(b)) {
        for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) walk(a[key], b[key], [...path, key], out);
        return;
    }
    if (a instanceof Masked || b instanceof Masked) {
        const raw = (t: Tree) => (t instanceof Masked ? t.raw : render(t));
        if (raw(a) !== raw(b)) out.push({ path, kind: "changed", before: "[masked]", after: "[masked]" });
        return;
    }
    if (render(a) !== render(b)) out.push({ path, kind: "changed", before: clip(render(a)), after: clip(render(b)) });
}

/** A value as reviewers read it: a stable tree where order that means nothing is gone. */
function normalise(value: unknown, key: string): Tree {
    if (SENSITIVE_KEY.test(key) && value !== undefined && value !== null && value !== "[secret]") return new Masked(JSON.stringify(value));
    if (typeof value === "string") {
        const parsed = parseDocument(value);
        if (parsed !== undefined) return normalise(parsed, key);
        // Multi-line text (Suricata rules, scripts): its lines, as a set.
        if (value.includes("\n"))
            return new ValueSet(
                value
                    .split("\n")
                    .map((l) => l.trim())
                    .filter(Boolean),
            );
        return value;
    }
    if (value === null || value === undefined) return "null";
    if (typeof value !== "object") return String(value);
    if (Array.isArray(value)) return normaliseList(value, key);
    const obj = value as Record<string, unknown>;
    if ("Statement" in obj) return normalisePolicy(obj);
    const out: Record<string, Tree> = {};
    for (const k of Object.keys(obj).sort()) out[k] = normalise(obj[k], k);
    return out;
}

/** A list: keyed by an identity its objects share (Sid, name, ...), else a set. */
function normaliseList(list: readonly unknown[], key: string): Tree {
    const objects = list.every((x) => x && typeof x === "object" && !Array.isArray(x));
    if (objects && list.length > 0) {
        for (const id of IDENTITY_KEYS) {
            const ids = list.map((x) => (x as Record<string, unknown>)[id]);
            if (ids.every((v) => typeof v === "string" || typeof v === "number") && new Set(ids).size === ids.length) {
                const out: Record<string, Tree> = {};
                list.forEach((x, i) => (out[`${id} ${ids[i]}`] = normalise(x, key)));
                return out;
            }
        }
    }
    return new ValueSet([...new Set(list.map((x) => render(normalise(x, key))))].sort());
}

/** An IAM-style policy document: statements keyed by Sid; actions, resources, principals and condition values as sets. */
function normalisePolicy(doc: Record<string, unknown>): Tree {
    const statements = (Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]) as Record<string, unknown>[];
    const keyed: Record<string, Tree> = {};
    for (const st of statements) {
        const tree = normaliseStatement(st ?? {});
        let label = typeof st?.Sid === "string" && st.Sid ? `Statement ${st.Sid}` : `Statement (no Sid) ${clip(render(tree), 60)}`;
        for (let n = 2; label in keyed; n++) label = `${label.replace(/ #\d+$/, "")} #${n}`;
        keyed[label] = tree;
    }
    const out: Record<string, Tree> = {};
    for (const [k, v] of Object.entries(doc)) if (k !== "Statement") out[k] = normalise(v, k);
    return { ...out, ...keyed };
}

function normaliseStatement(st: Record<string, unknown>): Tree {
    const asSet = (v: unknown) => new ValueSet([...new Set((Array.isArray(v) ? v : [v]).map((x) => (typeof x === "string" ? x : JSON.stringify(x))))].sort());
    const out: Record<string, Tree> = {};
    for (const key of Object.keys(st).sort()) {
        const v = st[key];
        if (key === "Sid") continue;
        if (["Action", "NotAction", "Resource", "NotResource"].includes(key)) out[key] = asSet(v);
        else if ((key === "Principal" || key === "NotPrincipal") && v && typeof v === "object")
            out[key] = Object.fromEntries(
                Object.keys(v)
                    .sort()
                    .map((k) => [k, asSet((v as Record<string, unknown>)[k])]),
            );
        else if (key === "Condition" && v && typeof v === "object")
            out[key] = Object.fromEntries(
                Object.keys(v)
                    .sort()
                    .map((op) => {
                        const keys = (v as Record<string, Record<string, unknown>>)[op] ?? {};
                        return [
                            op,
                            Object.fromEntries(
                                Object.keys(keys)
                                    .sort()
                                    .map((k) => [k, asSet(keys[k])]),
                            ),
                        ];
                    }),
            );
        else out[key] = normalise(v, key);
    }
    return out;
}

/** A string that holds a JSON object or array, parsed; undefined for any other string. */
function parseDocument(text: string): unknown {
    const t = text.trim();
    if (!(t.startsWith("{") && t.endsWith("}")) && !(t.startsWith("[") && t.endsWith("]"))) return undefined;
    try {
        return JSON.parse(t);
    } catch {
        return undefined;
    }
}

/** A tree on one line: `{Action: [s3:GetObject, s3:PutObject], Effect: Deny}`. */
function render(t: Tree): string {
    if (typeof t === "string") return t;
    if (t instanceof Masked) return "[masked]";
    if (t instanceof ValueSet) return `[${t.items.join(", ")}]`;
    return `{${Object.entries(t)
        .map(([k, v]) => `${k}: ${render(v)}`)
        .join(", ")}}`;
}

function clip(text: string, max = MAX_VALUE): string {
    return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** A change as one plain-language phrase: "Statement DenyRegions › Condition › StringNotEquals › aws:RequestedRegion: adds eu-north-1". */
export function describeChange(c: ValueChange): string {
    const where = c.path.join(" › ");
    const what = c.kind === "added" ? `adds ${c.after}` : c.kind === "removed" ? `removes ${c.before}` : `${c.before} → ${c.after}`;
    return where ? `${where}: ${what}` : what;
}
