import * as path from "path";
import * as analyzerproto from "@pulumi/pulumi/proto/analyzer_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { loadPolicyPack } from "../../tools/policy-engine";

/** Wire sentinels exactly as the engine marshals them (pkg/resource/plugin/rpc.go). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** A secret value on the wire. */
export function secret(value: unknown): Record<string, unknown> {
    return { [SIG_KEY]: SECRET_SIG, value };
}

export const PACK_DIR = path.resolve(__dirname, "../../policypack");
export const STACK = "test";
export const PROJECT = "workload";
export const urnOf = (type: string, name: string) => `urn:pulumi:${STACK}::${PROJECT}::${type}::${name}`;

/** A provider as the SDK registers it: TF-bridged object/list config is JSON text. */
export interface ProviderSpec {
    readonly name: string;
    readonly props: Record<string, unknown>;
}

export const MEMBER_PROVIDER: ProviderSpec = {
    name: "payments-eu-west-1",
    props: {
        region: "eu-west-1",
        allowedAccountIds: JSON.stringify(["111111111111"]),
        defaultTags: JSON.stringify({ tags: { Environment: "prod", Owner: "team-payments", CostCenter: "CC-1042" } }),
        skipCredentialsValidation: "false",
    },
};

export interface ResourceInput {
    readonly type: string;
    readonly name?: string;
    readonly props: Record<string, unknown>;
    /** Explicit provider; `null` for none (the engine's default provider). */
    readonly provider?: ProviderSpec | null;
    readonly protect?: boolean;
    /** For stack analysis: property -> names of the resources it depends on. */
    readonly propertyDependencies?: Record<string, string[]>;
}

export interface Diagnostic {
    readonly policyName: string;
    readonly enforcementLevel: string;
    readonly message: string;
    readonly urn: string;
}

type Handler = (call: { request: unknown }, callback: (err: unknown, resp: any) => void) => unknown;
interface Handlers {
    analyze: Handler;
    analyzeStack: Handler;
    remediate: Handler;
    getAnalyzerInfo: Handler;
    configure: Handler;
}

/**
 * The analyzer service exactly as the pack serves it to the engine (the offline preview's loader:
 * the pack's index.ts runs unchanged, only the gRPC server's registration is captured).
 */
export function packHandlers(): Handlers {
    return loadPolicyPack(PACK_DIR, path.join(PACK_DIR, "index.ts")) as unknown as Handlers;
}

export function call<T>(handler: Handler, request: unknown): Promise<T> {
    return new Promise((resolve, reject) => {
        void handler({ request }, (err, resp) => (err ? reject(err) : resolve(resp as T)));
    });
}

const LEVELS: Record<string, number> = {
    advisory: analyzerproto.EnforcementLevel.ADVISORY,
    mandatory: analyzerproto.EnforcementLevel.MANDATORY,
    disabled: analyzerproto.EnforcementLevel.DISABLED,
    remediate: analyzerproto.EnforcementLevel.REMEDIATE,
};
const LEVEL_NAMES = Object.fromEntries(Object.entries(LEVELS).map(([k, v]) => [v, k]));

/** The engine's ConfigureAnalyzerRequest: one PolicyConfig per configured policy. */
export function configureRequest(config: Record<string, { enforcementLevel: string } & Record<string, unknown>>): analyzerproto.ConfigureAnalyzerRequest {
    const request = new analyzerproto.ConfigureAnalyzerRequest();
    const map = request.getPolicyconfigMap();
    for (const [name, { enforcementLevel, ...properties }] of Object.entries(config)) {
        const pc = new analyzerproto.PolicyConfig();
        pc.setEnforcementlevel(LEVELS[enforcementLevel]);
        pc.setProperties(Struct.fromJavaScript(properties as Record<string, any>));
        map.set(name, pc);
    }
    return request;
}

export async function configure(config: Record<string, { enforcementLevel: string } & Record<string, unknown>>): Promise<void> {
    await call(packHandlers().configure, configureRequest(config));
}

function options(r: ResourceInput): analyzerproto.AnalyzerResourceOptions {
    const opts = new analyzerproto.AnalyzerResourceOptions();
    opts.setProtect(r.protect === true);
    return opts;
}

function provider(r: ResourceInput): analyzerproto.AnalyzerProviderResource | undefined {
    const spec = r.provider === undefined ? MEMBER_PROVIDER : r.provider;
    const p = new analyzerproto.AnalyzerProviderResource();
    if (spec === null) {
        p.setType("pulumi:providers:aws");
        p.setName("default_7_48_0");
        p.setUrn(urnOf("pulumi:providers:aws", "default_7_48_0"));
        p.setProperties(Struct.fromJavaScript({ region: "us-east-1" }));
        return p;
    }
    p.setType("pulumi:providers:aws");
    p.setName(spec.name);
    p.setUrn(urnOf("pulumi:providers:aws", spec.name));
    p.setProperties(Struct.fromJavaScript(spec.props as Record<string, any>));
    return p;
}

/** What AnalyzeRequest and AnalyzeStack's AnalyzerResource both carry for one resource. */
interface ResourceMessage {
    setType(value: string): unknown;
    setProperties(value?: Struct): unknown;
    setUrn(value: string): unknown;
    setName(value: string): unknown;
    setOptions(value?: analyzerproto.AnalyzerResourceOptions): unknown;
    setProvider(value?: analyzerproto.AnalyzerProviderResource): unknown;
}

/** Fills in one resource as the engine describes it: type, inputs, URN, name, options and (not for a provider) its provider. */
function describeResource<T extends ResourceMessage>(message: T, r: ResourceInput): T {
    const name = r.name ?? "subject";
    message.setType(r.type);
    message.setProperties(Struct.fromJavaScript(r.props as Record<string, any>));
    message.setUrn(urnOf(r.type, name));
    message.setName(name);
    message.setOptions(options(r));
    const p = provider(r);
    if (p && !r.type.startsWith("pulumi:providers:")) message.setProvider(p);
    return message;
}

/** The AnalyzeRequest the engine sends for one resource's inputs. */
export function analyzeRequest(r: ResourceInput): analyzerproto.AnalyzeRequest {
    return describeResource(new analyzerproto.AnalyzeRequest(), r);
}

/** The AnalyzeStackRequest for a resource graph; property dependencies are given by resource name. */
export function analyzeStackRequest(resources: readonly ResourceInput[]): analyzerproto.AnalyzeStackRequest {
    const named = new Map(resources.map((r) => [r.name ?? "subject", r]));
    const req = new analyzerproto.AnalyzeStackRequest();
    req.setResourcesList(
        resources.map((r) => {
            const ar = describeResource(new analyzerproto.AnalyzerResource(), r);
            const deps = ar.getPropertydependenciesMap();
            const all: string[] = [];
            for (const [key, names] of Object.entries(r.propertyDependencies ?? {})) {
                const urns = names.map((n) => {
                    const target = named.get(n);
                    if (!target) throw new Error(`property dependency on unknown resource ${n}`);
                    return urnOf(target.type, n);
                });
                const list = new analyzerproto.AnalyzerPropertyDependencies();
                list.setUrnsList(urns);
                deps.set(key, list);
                all.push(...urns);
            }
            ar.setDependenciesList([...new Set(all)]);
            return ar;
        }),
    );
    return req;
}

export function diagnostics(resp: analyzerproto.AnalyzeResponse): Diagnostic[] {
    return resp.getDiagnosticsList().map((d) => ({
        policyName: d.getPolicyname(),
        enforcementLevel: LEVEL_NAMES[d.getEnforcementlevel()],
        message: d.getMessage(),
        urn: d.getUrn(),
    }));
}

export async function analyze(r: ResourceInput): Promise<Diagnostic[]> {
    return diagnostics(await call(packHandlers().analyze, analyzeRequest(r)));
}

export async function analyzeStack(resources: readonly ResourceInput[]): Promise<Diagnostic[]> {
    return diagnostics(await call(packHandlers().analyzeStack, analyzeStackRequest(resources)));
}

/** The Remediate call: the fixed properties per remediating policy. */
export async function remediate(r: ResourceInput): Promise<{ policyName: string; properties?: Record<string, unknown>; diagnostic?: string }[]> {
    const resp = await call<analyzerproto.RemediateResponse>(packHandlers().remediate, analyzeRequest(r));
    return resp.getRemediationsList().map((m) => ({
        policyName: m.getPolicyname(),
        properties: m.getProperties()?.toJavaScript() as Record<string, unknown> | undefined,
        diagnostic: m.getDiagnostic() || undefined,
    }));
}

export async function analyzerInfo(): Promise<analyzerproto.AnalyzerInfo> {
    return call(packHandlers().getAnalyzerInfo, new Empty());
}
