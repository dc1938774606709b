import * as fs from "fs";
import * as path from "path";
import type { Policy, PolicyPackArgs, ReportViolation, ResourceValidation, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { CapturedResource, WireProperties, wireOutputsOf } from "./mock-runtime";
import type { EffectivePolicyConfig, EnforcementLevel, PolicyInfo, Remediation, Violation } from "./policy-engine";

/**
 * The policy pack evaluated directly in this process, with @pulumi/policy's analyzer semantics
 * (node_modules/@pulumi/policy/server.js: Remediate, Analyze, AnalyzeStack) but without its
 * per-policy costs: each resource's properties are deserialized once (with the library's own
 * deserializer and unknown-checking proxy) and shared read-only by every policy, policies are
 * indexed by the type their validation is tagged with, a provider's properties are shared by its
 * resources, and AnalyzeStack's resource list is built once for all stack policies. The library's
 * handlers (tools/policy-engine.ts) stay the reference: test/policypack/engine-protocol.test.ts
 * asserts both give the same violations and remediations.
 */

/** A policy pack as its module defines it: the name it is published under, its package version, its arguments. */
export interface PolicyPackDefinition {
    readonly name: string;
    readonly version: string;
    /** The pack's default enforcement level (@pulumi/policy's default when the pack sets none). */
    readonly enforcementLevel: EnforcementLevel;
    readonly policies: readonly Policy[];
}

/** @pulumi/policy's internal modules, from the copy the pack resolves, so unknown and secret handling is the library's. */
interface PolicyLibrary {
    deserializeProperties(struct: { toJavaScript(): unknown }, proxySecrets: boolean): Record<string, unknown>;
    serializeProperties(props: unknown): Promise<Record<string, unknown>>;
    unknownCheckingProxy<T>(target: T): T;
    UnknownValueError: new (...args: any[]) => Error;
}

function policyLibrary(packDir: string): PolicyLibrary {
    const dir = path.dirname(require.resolve("@pulumi/policy", { paths: [packDir] }));
    const deserialize = require(path.join(dir, "deserialize"));
    const proxy = require(path.join(dir, "proxy"));
    return {
        deserializeProperties: deserialize.deserializeProperties,
        serializeProperties: deserialize.serializeProperties,
        unknownCheckingProxy: proxy.unknownCheckingProxy,
        UnknownValueError: proxy.UnknownValueError,
    };
}

/**
 * Reads the pack the way `new PolicyPack(PACK_NAME, packArgs)` does: name and arguments from the
 * pack's module (policypack/pack.ts), version from the pack directory's package.json.
 */
export function loadPackDefinition(packDir: string, packModule: string): PolicyPackDefinition {
    const { PACK_NAME, packArgs } = require(packModule) as { PACK_NAME: string; packArgs: PolicyPackArgs };
    const version = (JSON.parse(fs.readFileSync(path.join(packDir, "package.json"), "utf8")) as { version?: string }).version;
    if (!version) throw new Error(`${path.join(packDir, "package.json")}: no version (a policy pack's version comes from its package.json)`);
    return { name: PACK_NAME, version, enforcementLevel: packArgs.enforcementLevel || "advisory", policies: packArgs.policies ?? [] };
}

const SEVERITIES = new Set(["low", "medium", "high", "critical"]);
const LEVELS = new Set<string>(["advisory", "mandatory", "remediate", "disabled"]);

/** Pack name, version and policies with their default enforcement, as GetAnalyzerInfo describes them. */
export function packInfo(pack: PolicyPackDefinition): { name: string; version: string; policies: PolicyInfo[] } {
    return {
        name: pack.name,
        version: pack.version,
        policies: pack.policies.map((p) => ({
            name: p.name,
            description: p.description ?? "",
            enforcementLevel: p.enforcementLevel || pack.enforcementLevel,
            severity: p.severity && SEVERITIES.has(p.severity) ? p.severity : undefined,
        })),
    };
}

/** @pulumi/policy's diagnostic record before it is marshalled into an AnalyzeDiagnostic. */
interface Diagnostic {
    readonly policyName?: string;
    readonly message?: string;
    readonly urn?: string;
    readonly description?: string;
    readonly enforcementLevel?: string;
    readonly severity?: string;
}

/** The diagnostic as the engine receives it (makeAnalyzeResponse) and tools/policy-engine.ts reads it back. */
function toViolation(d: Diagnostic, fallbackUrn: string): Violation {
    if (!d.enforcementLevel || !LEVELS.has(d.enforcementLevel)) throw new Error(`Unknown enforcement level type '${d.enforcementLevel}'`);
    return {
        policy: d.policyName ?? "",
        enforcementLevel: d.enforcementLevel as EnforcementLevel,
        urn: d.urn || fallbackUrn,
        message: d.message ?? "",
        severity: d.severity && SEVERITIES.has(d.severity) ? d.severity : undefined,
        description: d.description ?? "",
    };
}

class NotApplicableError extends Error {
    constructor(readonly reason?: string) {
        super(reason ?? "Policy does not apply");
    }
}

function throwNotApplicable(reason?: string): never {
    throw new NotApplicableError(reason);
}

/** Stack tags: none are configured offline (the engine's ConfigureStack); read-only like the library's. */
const STACK_TAGS = freezeMap(new Map<string, string>());

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

function pulumiTypeOf(obj: unknown): string | undefined {
    const t = (obj as { __pulumiType?: unknown } | undefined)?.__pulumiType;
    return typeof t === "string" && t.length > 0 ? t : undefined;
}

function isTypeOf(type: string, resourceClass: unknown): boolean {
    const pulumiType = pulumiTypeOf(resourceClass);
    if (pulumiType) return type === pulumiType;
    const isInstance = (resourceClass as { isInstance?: unknown } | undefined)?.isInstance;
    return !!isInstance && typeof isInstance === "function" && isInstance({ __pulumiType: type }) === true;
}

function isResourcePolicy(p: Policy): p is ResourceValidationPolicy {
    const validation = (p as ResourceValidationPolicy).validateResource;
    if (typeof validation === "function") return true;
    if (Array.isArray(validation)) return validation.every((v) => typeof v === "function");
    return typeof (p as ResourceValidationPolicy).remediateResource === "function";
}

function isStackPolicy(p: Policy): p is StackValidationPolicy {
    return typeof (p as StackValidationPolicy).validateStack === "function";
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
    return !!value && typeof (value as { then?: unknown }).then === "function";
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
function readOnly<T>(value: T): T {
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

/** Resource options as the analyzer hands them to policies (getResourceOptions in server.js). */
function resourceOptions(r: CapturedResource) {
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

interface ResolvedResourcePolicy {
    readonly policy: ResourceValidationPolicy;
    /** The level violations are reported at: remediate is reported as mandatory. */
    readonly level: EnforcementLevel;
    readonly validations: readonly ResourceValidation[];
    /** The single type the validation is tagged with; other types skip it without a call. */
    readonly onlyType?: string;
    readonly getConfig: () => Record<string, unknown>;
}

interface ResolvedStackPolicy {
    readonly policy: StackValidationPolicy;
    readonly level: EnforcementLevel;
    readonly onlyType?: string;
    readonly getConfig: () => Record<string, unknown>;
}

interface ResolvedRemediation {
    readonly policy: ResourceValidationPolicy;
    readonly onlyType?: string;
    readonly getConfig: () => Record<string, unknown>;
}

type Provider = Readonly<{ type: string; props: Record<string, unknown>; urn: string; name: string }>;

/** Per-run views of a resource shared by Analyze and AnalyzeStack. */
interface SharedViews {
    readonly providerOf: (r: CapturedResource) => Provider | undefined;
    readonly optionsOf: (r: CapturedResource) => object;
}

export class PolicyEvaluator {
    private readonly lib: PolicyLibrary;
    private readonly resourcePolicies: ResolvedResourcePolicy[] = [];
    private readonly stackPolicies: ResolvedStackPolicy[] = [];
    private readonly remediations: ResolvedRemediation[] = [];
    private readonly byType = new Map<string, readonly ResolvedResourcePolicy[]>();
    private readonly policyFrom: (kind: string, name: string) => string;

    /**
     * @param config one entry per policy as the engine's Configure sends it (expandPolicyConfig);
     * enforcement is resolved as the library does: configured level, else the policy's, else the pack's.
     */
    constructor(pack: PolicyPackDefinition, packDir: string, config: EffectivePolicyConfig) {
        this.lib = policyLibrary(packDir);
        this.policyFrom = (kind, name) => `${kind} '${name}' from policy pack '${pack.name}@v${pack.version}'`;
        for (const p of pack.policies) {
            const configured = config.get(p.name);
            const level = configured?.enforcementLevel || p.enforcementLevel || pack.enforcementLevel;
            // Configure carries the properties as a protobuf Struct; the same round trip gives the same values.
            const properties = Struct.fromJavaScript((configured?.properties ?? {}) as Record<string, any>).toJavaScript();
            const getConfig = configured ? () => ({ ...properties }) : () => ({});
            if (level === "disabled") continue;
            const reported: EnforcementLevel = level === "remediate" ? "mandatory" : level;
            if (isResourcePolicy(p)) {
                if (level === "remediate" && p.remediateResource) {
                    this.remediations.push({ policy: p, onlyType: pulumiTypeOf(p.remediateResource), getConfig });
                }
                const validate = p.validateResource;
                if (validate) {
                    const many = Array.isArray(validate);
                    this.resourcePolicies.push({
                        policy: p,
                        level: reported,
                        validations: many ? validate : [validate],
                        onlyType: many ? undefined : pulumiTypeOf(validate),
                        getConfig,
                    });
                }
            }
            // A policy may validate both resources and the stack; the library runs each on its own.
            if (isStackPolicy(p)) {
                this.stackPolicies.push({ policy: p, level: reported, onlyType: pulumiTypeOf(p.validateStack), getConfig });
            }
        }
    }

    /** The resource policies that run on a type, in the pack's order. */
    private policiesFor(type: string): readonly ResolvedResourcePolicy[] {
        let list = this.byType.get(type);
        if (!list) {
            list = this.resourcePolicies.filter((p) => !p.onlyType || p.onlyType === type);
            this.byType.set(type, list);
        }
        return list;
    }

    /** The properties every policy sees: deserialized once by the library, read-only, unknown-checked. */
    private props(wire: WireProperties): Record<string, unknown> {
        return this.lib.unknownCheckingProxy(readOnly(this.lib.deserializeProperties({ toJavaScript: () => wire }, false)));
    }

    /**
     * Runs the pack over a captured graph as the engine does: per resource Remediate (when a policy is
     * at the remediate level) and Analyze on its inputs, then AnalyzeStack on every resource's outputs.
     */
    async evaluate(resources: readonly CapturedResource[], stackUrn: string): Promise<{ violations: Violation[]; remediations: Remediation[] }> {
        const byUrn = new Map(resources.map((r) => [r.urn, r]));
        const providers = new Map<string, Provider>();
        const providerOf = (r: CapturedResource): Provider | undefined => {
            const p = r.provider ? byUrn.get(r.provider) : undefined;
            if (!p) return undefined;
            let shared = providers.get(p.urn);
            if (!shared) {
                shared = Object.freeze({ type: p.type, props: this.props(p.wireInputs), urn: p.urn, name: p.name });
                providers.set(p.urn, shared);
            }
            return shared;
        };
        // Analyze and AnalyzeStack see the same options object of a resource; built once.
        const options = new Map<string, object>();
        const optionsOf = (r: CapturedResource): object => {
            let opts = options.get(r.urn);
            if (!opts) {
                opts = resourceOptions(r);
                options.set(r.urn, opts);
            }
            return opts;
        };
        const violations: Violation[] = [];
        const remediations: Remediation[] = [];
        for (const r of resources) {
            const opts = optionsOf(r);
            const provider = providerOf(r);
            let inputs = r.wireInputs;
            if (this.remediations.length > 0) inputs = await this.remediate(r, opts, provider, remediations);
            await this.analyze(r, inputs, opts, provider, violations);
        }
        await this.analyzeStack(resources, stackUrn, { providerOf, optionsOf }, violations);
        return { violations, remediations };
    }

    /** server.js makeReportViolationFun. */
    private reporter(policy: Policy, level: EnforcementLevel, out: Diagnostic[]): ReportViolation {
        return (message, urn) => {
            if (typeof message === "object") {
                const info = message as { name?: string; message?: string; urn?: string; description?: string; enforcementLevel?: string; severity?: string };
                out.push({
                    policyName: info.name || policy.name,
                    message: info.message || info.description || policy.description,
                    urn: info.urn,
                    description: info.description || policy.description,
                    enforcementLevel: info.enforcementLevel || level,
                    severity: info.severity || policy.severity,
                });
            } else {
                out.push({
                    policyName: policy.name,
                    message: message ? `${policy.description}\n${message}` : policy.description,
                    urn,
                    description: policy.description,
                    enforcementLevel: level,
                    severity: policy.severity,
                });
            }
        };
    }

    /** The advisory diagnostic the library reports when a policy reads a value unknown during preview. */
    private unknownDiagnostic(policy: Policy, omit: "validateResource" | "validateStack", err: Error): Diagnostic {
        const { [omit]: _validation, name, ...rest } = policy as unknown as Record<string, unknown>;
        return {
            policyName: name as string,
            message: `can't run ${this.policyFrom("policy", policy.name)} during preview: ${err.message}`,
            ...rest,
            enforcementLevel: "advisory",
        } as Diagnostic;
    }

    private failure(kind: string, policy: Policy, err: unknown): Error {
        const what = kind === "remediation" ? "remediating" : "validating";
        return new Error(`Error ${what} resource with ${this.policyFrom(kind, policy.name)}:\n${err instanceof Error ? err.stack : String(err)}`);
    }

    private async analyze(r: CapturedResource, inputs: WireProperties, opts: object, provider: Provider | undefined, violations: Violation[]): Promise<void> {
        const policies = this.policiesFor(r.type);
        if (policies.length === 0) return;
        const { type, urn, name } = r;
        const props = this.props(inputs);
        const isType = (resourceClass: unknown) => isTypeOf(type, resourceClass);
        const asType = (resourceClass: unknown) => (isTypeOf(type, resourceClass) ? props : undefined);
        const ds: Diagnostic[] = [];
        for (const p of policies) {
            const report = this.reporter(p.policy, p.level, ds);
            for (const validation of p.validations) {
                const args: Record<string, unknown> = {
                    type,
                    props,
                    urn,
                    name,
                    opts,
                    stackTags: STACK_TAGS,
                    isType,
                    asType,
                    getConfig: p.getConfig,
                    notApplicable: throwNotApplicable,
                };
                if (provider) args.provider = provider;
                try {
                    const result = validation(args as never, report);
                    if (isThenable(result)) await result;
                } catch (err) {
                    if (err instanceof this.lib.UnknownValueError) ds.push(this.unknownDiagnostic(p.policy, "validateResource", err));
                    else if (!(err instanceof NotApplicableError)) throw this.failure("policy", p.policy, err);
                }
            }
        }
        for (const d of ds) violations.push(toViolation(d, urn));
    }

    /** Remediate: the remediate-level policies in order, each seeing the previous one's result; returns the inputs Analyze sees. */
    private async remediate(r: CapturedResource, opts: object, provider: Provider | undefined, out: Remediation[]): Promise<WireProperties> {
        const { type, urn, name } = r;
        let inputs = r.wireInputs;
        let props: Record<string, unknown> = this.lib.unknownCheckingProxy(this.lib.deserializeProperties({ toJavaScript: () => inputs }, true));
        for (const p of this.remediations) {
            if (p.onlyType && p.onlyType !== type) continue;
            const args: Record<string, unknown> = {
                urn,
                name,
                type,
                opts,
                props,
                stackTags: STACK_TAGS,
                getConfig: p.getConfig,
                isType: (resourceClass: unknown) => isTypeOf(type, resourceClass),
                asType: (resourceClass: unknown) => (isTypeOf(type, resourceClass) ? props : undefined),
                notApplicable: throwNotApplicable,
            };
            if (provider) args.provider = provider;
            let result: unknown;
            let diagnostic: string | undefined;
            try {
                result = await p.policy.remediateResource!(args as never);
                if (result) props = result as Record<string, unknown>;
            } catch (err) {
                if (err instanceof this.lib.UnknownValueError)
                    diagnostic = `can't run ${this.policyFrom("remediation", p.policy.name)} during preview: ${err.message}`;
                else if (!(err instanceof NotApplicableError)) throw this.failure("remediation", p.policy, err);
            }
            if (result) {
                // What the engine would receive: serialized by the library, carried as a protobuf Struct.
                inputs = Struct.fromJavaScript((await this.lib.serializeProperties(result)) as Record<string, any>).toJavaScript();
            }
            if (result || diagnostic) out.push({ policy: p.policy.name, urn, diagnostic: diagnostic || undefined });
        }
        return inputs;
    }

    private async analyzeStack(captured: readonly CapturedResource[], stackUrn: string, shared: SharedViews, violations: Violation[]): Promise<void> {
        if (this.stackPolicies.length === 0) return;
        const resources = this.stackResources(captured, shared);
        const types = new Set(captured.map((r) => r.type));
        const ds: Diagnostic[] = [];
        for (const p of this.stackPolicies) {
            if (p.onlyType && !types.has(p.onlyType)) continue;
            const report = this.reporter(p.policy, p.level, ds);
            try {
                // Each policy gets its own list; the resources in it are shared and frozen.
                const args = { resources: resources.slice(), getConfig: p.getConfig, stackTags: STACK_TAGS, notApplicable: throwNotApplicable };
                const result = p.policy.validateStack(args as never, report);
                if (isThenable(result)) await result;
            } catch (err) {
                if (err instanceof this.lib.UnknownValueError) ds.push(this.unknownDiagnostic(p.policy, "validateStack", err));
                else if (!(err instanceof NotApplicableError)) throw this.failure("policy", p.policy, err);
            }
        }
        for (const d of ds) violations.push(toViolation(d, stackUrn));
    }

    /** AnalyzeStack's resources (outputs, provider, parent and dependencies linked to the objects), built once. */
    private stackResources(captured: readonly CapturedResource[], { providerOf, optionsOf }: SharedViews): object[] {
        const built = captured.map((r) => {
            const type = r.type;
            const props = this.props(wireOutputsOf(r) ?? r.wireInputs);
            const resource: Record<string, unknown> = {
                type,
                props,
                urn: r.urn,
                name: r.name,
                opts: optionsOf(r),
                dependencies: [],
                propertyDependencies: {},
                isType: (resourceClass: unknown) => isTypeOf(type, resourceClass),
                asType: (resourceClass: unknown) => (isTypeOf(type, resourceClass) ? props : undefined),
            };
            const provider = providerOf(r);
            if (provider) resource.provider = provider;
            return { resource, r };
        });
        const byUrn = new Map<string, Record<string, unknown>>();
        for (const { resource, r } of built) byUrn.set(r.urn, resource);
        const linked = (urns: readonly string[]) => Object.freeze(urns.map((u) => byUrn.get(u)).filter((d) => d));
        for (const { resource, r } of built) {
            const parent = r.parent ? byUrn.get(r.parent) : undefined;
            if (parent) resource.parent = parent;
            resource.dependencies = linked(r.dependencies);
            const deps: Record<string, unknown> = {};
            // The engine's property-dependency map arrives with its keys sorted.
            for (const key of Object.keys(r.propertyDependencies).sort()) deps[key] = linked(r.propertyDependencies[key]);
            resource.propertyDependencies = Object.freeze(deps);
        }
        return built.map(({ resource }) => Object.freeze(resource));
    }
}
