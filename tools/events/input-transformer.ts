/**
 * EventBridge's input transformer, offline: the value at each input path of an event and the template
 * with every placeholder replaced, as the target (an SNS topic: the message a human reads) receives it.
 */

/** The value at a JSON path of the kind EventBridge evaluates (`$.a.b-c[0].d`), or undefined where the event has none. */
export function valueAt(event: unknown, path: string): unknown {
    if (!path.startsWith("$")) return undefined;
    let node: unknown = event;
    for (const part of path.slice(1).split(".").slice(1)) {
        const m = /^([^[\]]+)((?:\[\d+\])*)$/.exec(part);
        if (!m) return undefined;
        node = node !== null && typeof node === "object" && !Array.isArray(node) ? (node as Record<string, unknown>)[m[1]] : undefined;
        for (const index of m[2].match(/\d+/g) ?? []) node = Array.isArray(node) ? node[Number(index)] : undefined;
        if (node === undefined) return undefined;
    }
    return node;
}

export interface InputTransformer {
    readonly inputPaths: Readonly<Record<string, string>>;
    readonly inputTemplate: string;
}

/**
 * The transformed input for a string (non-JSON) template: strings as they are, other values as JSON.
 * A path the event lacks is an error here: EventBridge would leave that placeholder's variable unset.
 */
export function renderInput(t: InputTransformer, event: unknown): string {
    const missing = Object.entries(t.inputPaths).filter(([, p]) => valueAt(event, p) === undefined);
    if (missing.length > 0) throw new Error(`the event has no value at ${missing.map(([k, p]) => `${p} (<${k}>)`).join(", ")}`);
    return t.inputTemplate.replace(/<([A-Za-z0-9_.-]+)>/g, (placeholder, key: string) => {
        if (!(key in t.inputPaths)) return placeholder;
        const value = valueAt(event, t.inputPaths[key]);
        return typeof value === "string" ? value : JSON.stringify(value);
    });
}
