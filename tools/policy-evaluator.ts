import type { Policy, ResourceValidation, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { type CapturedResource, type WireProperties, wireOutputsOf } from "./captured-resources";
import { type PolicyPackDefinition, severityName } from "./pack-definition";
import { type Diagnostic, isTypeOf, NotApplicableError, readOnly, reporter, resourceOptions, STACK_TAGS, throwNotApplicable } from "./policy-args";
import type { EffectivePolicyConfig, EnforcementLevel, Remediation, Violation } from "./policy-engine";
import { policyInternal } from "./sdk-internals";

/**
 * The policy pack evaluated in this process, the offline preview's only way of running it: the
 * semantics of @pulumi/policy's analyzer (server.js: Remediate, Analyze, AnalyzeStack), calling the
 * library's own functions for everything it exports (policy kinds and type tags, the wire
 * deserializer and serializer, the unknown-checking proxy, the diagnostics' marshalling and
 * enforcement levels), without its per-policy costs: each resource's properties are deserialized
 * once and shared read-only by every policy, policies are indexed by the type their validation is
 * tagged with, a provider's properties are shared by its resources, and AnalyzeStack's resource
 * list is built once for all stack policies. test/policypack/evaluator.test.ts holds it to the
 * library's handlers on every corner of the protocol; the real engine (test/engine) to the pack
 * as `pulumi preview` runs it.
 */

/** @pulumi/policy's functions, from the copy the pack resolves, so policy kinds, unknowns and secrets are the library's. */
interface PolicyLibrary {
    isResourcePolicy(p: Policy): p is ResourceValidationPolicy;
    isStackPolicy(p: Policy): p is StackValidationPolicy;
    getPulumiType(obj: unknown): string | undefined;
    unknownCheckingProxy<T>(target: T): T;
    UnknownValueError: new (...args: any[]) => Error;
    deserializeProperties(struct: { toJavaScript(): unknown }, proxySecrets: boolean): Record<string, unknown>;
    serializeProperties(props: unknown): Promise<Record<string, unknown>>;
    makeAnalyzeResponse(ds: readonly Diagnostic[], notApplicable: undefined): any;
    convertEnforcementLevel(level: number): EnforcementLevel;
}

function policyLibrary(packDir: string): PolicyLibrary {
    const { isResourcePolicy, isStackPolicy, getPulumiType, unknownCheckingProxy, UnknownValueError } = require(require.resolve("@pulumi/policy", { paths: [packDir] }));
    const { deserializeProperties, serializeProperties } = policyInternal("deserialize", packDir);
    const { makeAnalyzeResponse, convertEnforcementLevel } = policyInternal("protoutil", packDir);
    return { isResourcePolicy, isStackPolicy, getPulumiType, unknownCheckingProxy, UnknownValueError, deserializeProperties, serializeProperties, makeAnalyzeResponse, convertEnforcementLevel };
}

/** The library awaits every result; a synchronous one is taken as it is, saving a turn of the event loop per call. */
function isThenable(value: unknown): value is PromiseLike<unknown> {
    return !!value && typeof (value as { then?: unknown }).then === "function";
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
    private readonly pack: { name: string; version: string };

    /**
     * @param config one entry per policy as the engine's Configure sends it (expandPolicyConfig);
     * enforcement is resolved as the library does: configured level, else the policy's, else the pack's.
     */
    constructor(pack: PolicyPackDefinition, packDir: string, config: EffectivePolicyConfig) {
        const lib = (this.lib = policyLibrary(packDir));
        this.pack = { name: pack.name, version: pack.version };
        this.policyFrom = (kind, name) => `${kind} '${name}' from policy pack '${pack.name}@v${pack.version}'`;
        for (const p of pack.policies) {
            const configured = config.get(p.name);
            const level = configured?.enforcementLevel || p.enforcementLevel || pack.enforcementLevel;
            // Configure carries the properties as a protobuf Struct; the same round trip gives the same values.
            const properties = Struct.fromJavaScript((configured?.properties ?? {}) as Record<string, any>).toJavaScript();
            const getConfig = configured ? () => ({ ...properties }) : () => ({});
            if (level === "disabled") continue;
            const reported: EnforcementLevel = level === "remediate" ? "mandatory" : level;
            if (lib.isResourcePolicy(p)) {
                if (level === "remediate" && p.remediateResource) {
                    this.remediations.push({ policy: p, onlyType: lib.getPulumiType(p.remediateResource), getConfig });
                }
                const validate = p.validateResource;
                if (validate) {
                    const many = Array.isArray(validate);
                    this.resourcePolicies.push({
                        policy: p,
                        level: reported,
                        validations: many ? validate : [validate],
                        onlyType: many ? undefined : lib.getPulumiType(validate),
                        getConfig,
                    });
                }
            }
            // A policy may validate both resources and the stack; the library runs each on its own.
            if (lib.isStackPolicy(p)) {
                this.stackPolicies.push({ policy: p, level: reported, onlyType: lib.getPulumiType(p.validateStack), getConfig });
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

    /** The diagnostics as the engine receives them: marshalled by the library (makeAnalyzeResponse) and read back. */
    private marshalled(ds: readonly Diagnostic[], fallbackUrn: string): Violation[] {
        if (ds.length === 0) return [];
        return this.lib.makeAnalyzeResponse(ds, undefined).getDiagnosticsList().map((d: any) => ({
            policy: d.getPolicyname(),
            enforcementLevel: this.lib.convertEnforcementLevel(d.getEnforcementlevel()),
            urn: d.getUrn() || fallbackUrn,
            message: d.getMessage(),
            severity: severityName(d.getSeverity()),
            description: d.getDescription(),
        }));
    }

    private isType(type: string, resourceClass: unknown): boolean {
        return isTypeOf(type, resourceClass, this.lib.getPulumiType);
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
        const isType = (resourceClass: unknown) => this.isType(type, resourceClass);
        const asType = (resourceClass: unknown) => (this.isType(type, resourceClass) ? props : undefined);
        const ds: Diagnostic[] = [];
        for (const p of policies) {
            const report = reporter(p.policy, this.pack, p.level, ds);
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
        violations.push(...this.marshalled(ds, urn));
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
                isType: (resourceClass: unknown) => this.isType(type, resourceClass),
                asType: (resourceClass: unknown) => (this.isType(type, resourceClass) ? props : undefined),
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
            const report = reporter(p.policy, this.pack, p.level, ds);
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
        violations.push(...this.marshalled(ds, stackUrn));
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
                isType: (resourceClass: unknown) => this.isType(type, resourceClass),
                asType: (resourceClass: unknown) => (this.isType(type, resourceClass) ? props : undefined),
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
