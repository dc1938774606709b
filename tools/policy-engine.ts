import * as path from "path";
import * as analyzerproto from "@pulumi/pulumi/proto/analyzer_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { type CapturedResource, type WireProperties, wireOutputsOf } from "./captured-resources";
import { matchExceptions, packExceptions, packPolicySettings, type PolicyExceptionRef } from "../policypack/config";

export type EnforcementLevel = "advisory" | "mandatory" | "remediate" | "disabled";

/** A policy as the pack describes itself (GetAnalyzerInfo). */
export interface PolicyInfo {
    readonly name: string;
    readonly description: string;
    readonly enforcementLevel: EnforcementLevel;
    readonly severity?: string;
}

/** One diagnostic, in the engine's terms. */
export interface Violation {
    readonly policy: string;
    readonly enforcementLevel: EnforcementLevel;
    readonly urn: string;
    readonly message: string;
    readonly severity?: string;
    readonly description: string;
    /** The pack config's exceptions that matched it: reported, but it fails nothing (the engine's policyEvent.exceptions). */
    readonly exceptions?: readonly PolicyExceptionRef[];
}

/** The violations with the exceptions of the pack config file that match each, as the engine attaches them. */
export function applyExceptions(violations: readonly Violation[], file: Readonly<Record<string, unknown>>): Violation[] {
    const exceptions = packExceptions(file);
    if (exceptions.length === 0) return [...violations];
    return violations.map((v) => {
        const matched = matchExceptions(exceptions, v.policy, v.urn);
        return matched.length > 0 ? { ...v, exceptions: matched } : v;
    });
}

/** A change a remediate-level policy made to a resource's inputs before analysis. */
export interface Remediation {
    readonly policy: string;
    readonly urn: string;
    /** Set when the remediation could not run (e.g. an unknown value during preview). */
    readonly diagnostic?: string;
}

/** Policy pack config in the CLI's `--policy-pack-config` format: "all" plus per-policy entries. */
export type PolicyPackConfigFile = Record<string, EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Record<string, unknown>)>;

const LEVELS: Record<number, EnforcementLevel> = {
    [analyzerproto.EnforcementLevel.ADVISORY]: "advisory",
    [analyzerproto.EnforcementLevel.MANDATORY]: "mandatory",
    [analyzerproto.EnforcementLevel.DISABLED]: "disabled",
    [analyzerproto.EnforcementLevel.REMEDIATE]: "remediate",
};
const LEVEL_CODES: Record<EnforcementLevel, number> = {
    advisory: analyzerproto.EnforcementLevel.ADVISORY,
    mandatory: analyzerproto.EnforcementLevel.MANDATORY,
    disabled: analyzerproto.EnforcementLevel.DISABLED,
    remediate: analyzerproto.EnforcementLevel.REMEDIATE,
};

type Handler = (call: { request: unknown }, callback: (err: unknown, resp: any) => void) => unknown;
interface AnalyzerHandlers {
    analyze: Handler;
    analyzeStack: Handler;
    remediate: Handler;
    getAnalyzerInfo: Handler;
    configure: Handler;
}

function call<T>(handler: Handler, request: unknown): Promise<T> {
    return new Promise((resolve, reject) => {
        void handler({ request }, (err, resp) =>
            err ? reject(err instanceof Error ? err : new Error(String((err as { details?: string }).details ?? err))) : resolve(resp as T),
        );
    });
}

let loaded: { handlers: AnalyzerHandlers; packDir: string } | undefined;

/**
 * Loads a policy pack in this process and returns the analyzer service it would serve to the engine.
 * The pack's own `new PolicyPack(...)` runs unchanged; only the gRPC server's registration is
 * intercepted, so the offline preview exercises exactly the code the engine talks to.
 */
export function loadPolicyPack(packDir: string, entry: string): AnalyzerHandlers {
    if (loaded) {
        if (loaded.packDir !== packDir) throw new Error(`loadPolicyPack: ${loaded.packDir} is already loaded; one pack per process, as with the engine`);
        return loaded.handlers;
    }
    const policyMain = require.resolve("@pulumi/policy", { paths: [packDir] });
    const grpc = require(require.resolve("@grpc/grpc-js", { paths: [path.dirname(policyMain)] }));
    const proto = grpc.Server.prototype;
    const { addService, bindAsync } = proto;
    let handlers: AnalyzerHandlers | undefined;
    proto.addService = function (_service: unknown, implementation: AnalyzerHandlers) {
        handlers = implementation;
    };
    proto.bindAsync = function () {};
    const cwd = process.cwd();
    try {
        // PolicyPack reads its version from ./package.json, as under the language host.
        process.chdir(packDir);
        require(entry);
    } finally {
        process.chdir(cwd);
        proto.addService = addService;
        proto.bindAsync = bindAsync;
    }
    if (!handlers) throw new Error(`${entry} did not construct a PolicyPack`);
    loaded = { handlers, packDir };
    return handlers;
}

/** Pack name, version and policies with their default enforcement. */
export async function analyzerInfo(handlers: AnalyzerHandlers): Promise<{ name: string; version: string; policies: PolicyInfo[] }> {
    const info = await call<analyzerproto.AnalyzerInfo>(handlers.getAnalyzerInfo, new Empty());
    return {
        name: info.getName(),
        version: info.getVersion(),
        policies: info.getPoliciesList().map((p) => ({
            name: p.getName(),
            description: p.getDescription(),
            enforcementLevel: LEVELS[p.getEnforcementlevel()],
            severity: severityName(p.getSeverity()),
        })),
    };
}

function severityName(code: number): string | undefined {
    return ["", "low", "medium", "high", "critical"][code] || undefined;
}

/** One enforcement level and parameter set per policy: what the engine's Configure call sends. */
export type EffectivePolicyConfig = ReadonlyMap<string, { readonly enforcementLevel: EnforcementLevel; readonly properties: Record<string, unknown> }>;

/** Expands "all" and per-policy entries into one entry per policy, as the CLI does before Configure. */
export function expandPolicyConfig(
    config: PolicyPackConfigFile,
    policies: readonly PolicyInfo[],
): Map<string, { enforcementLevel: EnforcementLevel; properties: Record<string, unknown> }> {
    // A version 2 file nests the entries under "policies" (its exceptions are applied to the violations: applyExceptions).
    const entries = packPolicySettings(config) as PolicyPackConfigFile;
    const all = typeof entries.all === "string" ? entries.all : (entries.all as { enforcementLevel?: EnforcementLevel } | undefined)?.enforcementLevel;
    const out = new Map<string, { enforcementLevel: EnforcementLevel; properties: Record<string, unknown> }>();
    for (const policy of policies) {
        const entry = entries[policy.name];
        const { enforcementLevel, ...properties } = typeof entry === "string" ? { enforcementLevel: entry } : (entry ?? {});
        out.set(policy.name, { enforcementLevel: enforcementLevel ?? all ?? policy.enforcementLevel, properties });
    }
    return out;
}

/** Sends the expanded config to the pack (the engine's Configure call). */
export async function configurePack(handlers: AnalyzerHandlers, config: EffectivePolicyConfig): Promise<void> {
    const request = new analyzerproto.ConfigureAnalyzerRequest();
    const map = request.getPolicyconfigMap();
    for (const [name, entry] of config) {
        const pc = new analyzerproto.PolicyConfig();
        pc.setEnforcementlevel(LEVEL_CODES[entry.enforcementLevel]);
        pc.setProperties(Struct.fromJavaScript(entry.properties as Record<string, any>));
        map.set(name, pc);
    }
    await call(handlers.configure, request);
}

function resourceOptions(r: CapturedResource): analyzerproto.AnalyzerResourceOptions {
    const opts = new analyzerproto.AnalyzerResourceOptions();
    opts.setProtect(r.options.protect);
    opts.setIgnorechangesList([...r.options.ignoreChanges]);
    if (r.options.deleteBeforeReplace !== undefined) {
        opts.setDeletebeforereplace(r.options.deleteBeforeReplace);
        opts.setDeletebeforereplacedefined(true);
    }
    opts.setAdditionalsecretoutputsList([...r.options.additionalSecretOutputs]);
    opts.setAliasesList([...r.options.aliases]);
    if (r.parent) opts.setParent(r.parent);
    return opts;
}

/** Each resource's provider as the engine sends it, built once per provider (its Struct is the costly part). */
function providerResources(resources: readonly CapturedResource[]): (r: CapturedResource) => analyzerproto.AnalyzerProviderResource | undefined {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const built = new Map<string, analyzerproto.AnalyzerProviderResource>();
    return (r) => {
        const provider = r.provider ? byUrn.get(r.provider) : undefined;
        if (!provider) return undefined;
        let p = built.get(provider.urn);
        if (!p) {
            p = new analyzerproto.AnalyzerProviderResource();
            p.setType(provider.type);
            p.setUrn(provider.urn);
            p.setName(provider.name);
            p.setProperties(toStruct(provider.wireInputs));
            built.set(provider.urn, p);
        }
        return p;
    };
}

/** The protobuf Struct the engine would send for properties captured as wire JSON. */
function toStruct(properties: WireProperties): Struct {
    return Struct.fromJavaScript(properties as Record<string, any>);
}

function toViolations(resp: analyzerproto.AnalyzeResponse, fallbackUrn: string): Violation[] {
    return resp.getDiagnosticsList().map((d) => ({
        policy: d.getPolicyname(),
        enforcementLevel: LEVELS[d.getEnforcementlevel()],
        urn: d.getUrn() || fallbackUrn,
        message: d.getMessage(),
        severity: severityName(d.getSeverity()),
        description: d.getDescription(),
    }));
}

/** Builds the Analyze/Remediate request for one resource, with the given input properties. */
function resourceRequest(
    r: CapturedResource,
    properties: Struct,
    providerOf: (r: CapturedResource) => analyzerproto.AnalyzerProviderResource | undefined,
): analyzerproto.AnalyzeRequest {
    const req = new analyzerproto.AnalyzeRequest();
    req.setType(r.type);
    req.setProperties(properties);
    req.setUrn(r.urn);
    req.setName(r.name);
    req.setOptions(resourceOptions(r));
    const provider = providerOf(r);
    if (provider) req.setProvider(provider);
    return req;
}

/**
 * Runs the pack over a captured resource graph the way the engine does: Remediate (when any policy
 * is at the remediate level) and then Analyze on every resource's inputs, each with its provider,
 * and finally AnalyzeStack on the whole graph's outputs.
 */
export async function analyzeResources(
    handlers: AnalyzerHandlers,
    resources: readonly CapturedResource[],
    stackUrn: string,
    options: { remediate?: boolean } = {},
): Promise<{ violations: Violation[]; remediations: Remediation[] }> {
    const providerOf = providerResources(resources);
    const violations: Violation[] = [];
    const remediations: Remediation[] = [];
    for (const r of resources) {
        let properties = toStruct(r.wireInputs);
        if (options.remediate) {
            const resp = await call<analyzerproto.RemediateResponse>(handlers.remediate, resourceRequest(r, properties, providerOf));
            for (const rem of resp.getRemediationsList()) {
                const changed = rem.getProperties();
                if (changed) properties = changed;
                remediations.push({ policy: rem.getPolicyname(), urn: r.urn, diagnostic: rem.getDiagnostic() || undefined });
            }
        }
        violations.push(...toViolations(await call(handlers.analyze, resourceRequest(r, properties, providerOf)), r.urn));
    }
    const stackReq = new analyzerproto.AnalyzeStackRequest();
    stackReq.setResourcesList(
        resources.map((r) => {
            const ar = new analyzerproto.AnalyzerResource();
            ar.setType(r.type);
            ar.setProperties(toStruct(wireOutputsOf(r) ?? r.wireInputs));
            ar.setUrn(r.urn);
            ar.setName(r.name);
            ar.setOptions(resourceOptions(r));
            const provider = providerOf(r);
            if (provider) ar.setProvider(provider);
            if (r.parent) ar.setParent(r.parent);
            ar.setDependenciesList([...r.dependencies]);
            const deps = ar.getPropertydependenciesMap();
            for (const [key, urns] of Object.entries(r.propertyDependencies)) {
                const list = new analyzerproto.AnalyzerPropertyDependencies();
                list.setUrnsList([...urns]);
                deps.set(key, list);
            }
            return ar;
        }),
    );
    violations.push(...toViolations(await call(handlers.analyzeStack, stackReq), stackUrn));
    return { violations, remediations };
}
