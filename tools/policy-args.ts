import type { Policy, ReportViolation } from "@pulumi/policy";
import type { CapturedResource } from "./captured-resources";
import type { EnforcementLevel } from "./policy-engine";

/**
 * The parts of @pulumi/policy's analyzer (server.js) that it does not export, which the evaluator
 * needs to hand a policy the same arguments: the report function, type tests, resource options,
 * stack tags and notApplicable. Everything it does export is called, not copied (tools/policy-evaluator.ts).
 */

/** @pulumi/policy's diagnostic record, as makeAnalyzeResponse marshals it. */
export interface Diagnostic {
    readonly policyName?: string;
    readonly policyPackName?: string;
    readonly policyPackVersion?: string;
    readonly message?: string;
    readonly urn?: string;
    readonly description?: string;
    readonly enforcementLevel?: string;
    readonly severity?: string;
}

export class NotApplicableError extends Error {
    constructor(readonly reason?: string) {
        super(reason ?? "Policy does not apply");
    }
}

export function throwNotApplicable(reason?: string): never {
    throw new NotApplicableError(reason);
}

/** Stack tags: none are configured offline (the engine's ConfigureStack); read-only like the library's. */
export const STACK_TAGS = freezeMap(new Map<string, string>());

function freezeMap(map: Map<string, string>): ReadonlyMap<string, string> {
    return Object.freeze({
        entries: map.entries.bind(map),
        forEach: map.forEach.bind(map),
        get: map.get.bind(map),
        has: map.has.bind(map),
        keys: map.keys.bind(map),
        size: map.size,
        values: map.values.bind(map),
        [Symbol.iterator]: map[Symbol.iterator].bind(map),
    }) as ReadonlyMap<string, string>;
}

/** server.js isTypeOf: the type tag when the class has one, else its isInstance. */
export function isTypeOf(type: string, resourceClass: unknown, pulumiTypeOf: (obj: unknown) => string | undefined): boolean {
    const pulumiType = pulumiTypeOf(resourceClass);
    if (pulumiType) return type === pulumiType;
    const isInstance = (resourceClass as { isInstance?: unknown } | undefined)?.isInstance;
    return !!isInstance && typeof isInstance === "function" && isInstance({ __pulumiType: type }) === true;
}

/** server.js makeReportViolationFun. */
export function reporter(policy: Policy, pack: { name: string; version: string }, level: EnforcementLevel, out: Diagnostic[]): ReportViolation {
    const from = { policyPackName: pack.name, policyPackVersion: pack.version };
    return (message, urn) => {
        if (typeof message === "object") {
            const info = message as { name?: string; message?: string; urn?: string; description?: string; enforcementLevel?: string; severity?: string };
            out.push({
                policyName: info.name || policy.name,
                ...from,
                message: info.message || info.description || policy.description,
                urn: info.urn,
                description: info.description || policy.description,
                enforcementLevel: info.enforcementLevel || level,
                severity: info.severity || policy.severity,
            });
        } else {
            out.push({
                policyName: policy.name,
                ...from,
                message: message ? `${policy.description}\n${message}` : policy.description,
                urn,
                description: policy.description,
                enforcementLevel: level,
                severity: policy.severity,
            });
        }
    };
}

/** Resource options as the analyzer hands them to policies (server.js getResourceOptions). */
export function resourceOptions(r: CapturedResource): object {
    const opts: Record<string, unknown> = {
        protect: r.options.protect,
        ignoreChanges: Object.freeze([...r.options.ignoreChanges]),
        aliases: Object.freeze([...r.options.aliases]),
        // The capture records no custom timeouts; the engine sends none, which the library reads as zero.
        customTimeouts: Object.freeze({ createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }),
        additionalSecretOutputs: Object.freeze([...r.options.additionalSecretOutputs]),
    };
    if (r.options.deleteBeforeReplace !== undefined) opts.deleteBeforeReplace = r.options.deleteBeforeReplace;
    if (r.parent) opts.parent = r.parent;
    return Object.freeze(opts);
}

/** Any change through shared properties would leak into the next policy's view of the resource. */
const READ_ONLY: ProxyHandler<object> = {
    set: (_target, key) => refuseChange(key),
    defineProperty: (_target, key) => refuseChange(key),
    deleteProperty: (_target, key) => refuseChange(key),
    setPrototypeOf: () => refuseChange("[[Prototype]]"),
    preventExtensions: () => refuseChange("[[Extensible]]"),
};

function refuseChange(key: string | symbol): never {
    throw new TypeError(`resource properties are shared by every policy and read-only: cannot change ${String(key)}`);
}

/**
 * Wraps every plain object and array of a freshly deserialized value in a read-only proxy. Not
 * Object.freeze: the library's unknown-checking proxy returns frozen properties unwrapped, which
 * would stop it from checking nested values for unknowns.
 */
export function readOnly<T>(value: T): T {
    if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) value[i] = readOnly(value[i]);
        return new Proxy(value, READ_ONLY) as T;
    }
    if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
        const obj = value as Record<string, unknown>;
        for (const key of Object.keys(obj)) obj[key] = readOnly(obj[key]);
        return new Proxy(obj, READ_ONLY) as T;
    }
    return value;
}
