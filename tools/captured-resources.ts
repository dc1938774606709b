/** What a program run under the mock runtime yields: each registration as the engine would see it, and the stack's outputs. */

/** Resource options as the engine receives them. */
export interface CapturedOptions {
    readonly protect: boolean;
    readonly retainOnDelete: boolean;
    readonly deleteBeforeReplace?: boolean;
    readonly ignoreChanges: readonly string[];
    readonly replaceOnChanges: readonly string[];
    readonly additionalSecretOutputs: readonly string[];
    readonly aliases: readonly string[];
    readonly deletedWith?: string;
}

/** One resource registration, as the engine would see it. */
export interface CapturedResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly custom: boolean;
    readonly parent?: string;
    /** Provider URN (for custom resources). */
    readonly provider?: string;
    /** Account id and region the resource's provider targets. */
    readonly account?: string;
    readonly region?: string;
    readonly dependencies: readonly string[];
    readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
    readonly options: CapturedOptions;
    /** Inputs as plain JSON: secrets masked, unknowns and resource references spelled out. */
    readonly inputs: Record<string, unknown>;
    /** The id the placeholder provider assigned. */
    readonly id?: string;
    /** A multi-language component: its provider plugin creates its children, which the offline preview cannot see. */
    readonly remote?: true;
    /** Inputs exactly as the wire carries them (secret, unknown and resource-reference markers kept), for the analyzer. */
    readonly wireInputs: WireProperties;
    /**
     * What the outputs change on top of `wireInputs` (the placeholder provider's computed values; a key
     * mapped to undefined is an input the outputs drop). Read the whole outputs with `wireOutputsOf`.
     */
    wireOutputChanges?: WireProperties;
}

/** A property map as `Struct.toJavaScript()` gives it: keys sorted, Pulumi's wire markers in place. */
export type WireProperties = Readonly<Record<string, unknown>>;

/** A resource's outputs as the wire carries them, for AnalyzeStack; undefined when the registration returned none. */
export function wireOutputsOf(r: CapturedResource): WireProperties | undefined {
    const changes = r.wireOutputChanges;
    if (!changes) return undefined;
    const out: Record<string, unknown> = {};
    // Struct.toJavaScript sorts keys; the merged map keeps that order.
    for (const key of [...new Set([...Object.keys(r.wireInputs), ...Object.keys(changes)])].sort()) {
        const value = key in changes ? changes[key] : r.wireInputs[key];
        if (value !== undefined) out[key] = value;
    }
    return out;
}

/** The keys whose value differs between inputs and outputs (undefined for a dropped input). */
export function outputChanges(inputs: WireProperties, outputs: WireProperties): WireProperties {
    const changes: Record<string, unknown> = {};
    for (const key of Object.keys(outputs)) if (!sameWireValue(inputs[key], outputs[key])) changes[key] = outputs[key];
    for (const key of Object.keys(inputs)) if (!(key in outputs)) changes[key] = undefined;
    return changes;
}

function sameWireValue(a: unknown, b: unknown): boolean {
    if (a === b) return true;
    if (typeof a !== "object" || typeof b !== "object" || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    if (ka.length !== kb.length) return false;
    for (let i = 0; i < ka.length; i++) {
        if (ka[i] !== kb[i] || !sameWireValue((a as Record<string, unknown>)[ka[i]], (b as Record<string, unknown>)[kb[i]])) return false;
    }
    return true;
}

export interface ProgramRun {
    readonly project: string;
    readonly stack: string;
    readonly resources: readonly CapturedResource[];
    /** Every data-source invoke the program made, once per token, account and region, in that order. */
    readonly invokes: readonly Invocation[];
    /** Stack outputs (the program's exports), secrets masked. */
    readonly outputs: Record<string, unknown>;
}

/** A data-source invoke and where its provider points. */
export interface Invocation {
    readonly token: string;
    readonly account: string;
    readonly region: string;
}

/**
 * What the previewed stack holds before the preview, which decides what the engine knows:
 * - "deployed": every resource the program declares exists, so ids and computed values are known
 *   (the engine previewing a deployed stack, as the pull-request preview does);
 * - "none": nothing exists yet (a first rollout). The engine previews each create with the inputs as
 *   outputs and the id and computed values unknown, and a provider whose config is unknown (an
 *   account created in the same run) is not configured: its invokes answer an empty result.
 * - `{ created }`: deployed, except what the program adds to a deployed stack (a new account and the
 *   resources named after it): `created(type, name)` says which registrations are new. Each is previewed
 *   as a create (id and computed values unknown); a provider configured from a value that is not known
 *   yet (the new account's id) is unconfigured, as under "none", and so is everything created through it.
 *   Everything else is deployed: a change of its inputs is an update, whose id and outputs stay known.
 */
export type PriorState = "deployed" | "none" | { readonly created: (type: string, name: string) => boolean };
