import { placeholderId, Placement, providerPlacement } from "./placeholders";
import { checkedInputs, deployedOutputs, previewOutputs } from "./placeholder-outputs";
import { invokeResult } from "./invoke-results";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { typeProperties } from "./aws-properties";
import { hasUnknown, plainValue, resourceRefsAsIds, UNKNOWN } from "./wire";
import { pulumiInternal } from "./sdk-internals";

export { plainValue };

const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";
const ALIAS_SPECS_FEATURE: number = pulumiInternal<{ ResourceMonitorFeature: Record<string, number> }>("proto/resource_pb").ResourceMonitorFeature
    .RESOURCE_MONITOR_FEATURE_ALIAS_SPECS;
const { MockMonitor } = pulumiInternal<typeof import("@pulumi/pulumi/runtime/mocks")>("runtime/mocks");

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
function outputChanges(inputs: WireProperties, outputs: WireProperties): WireProperties {
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

export interface RunProgramOptions {
    readonly project: string;
    readonly stack: string;
    /** Pulumi config map: `namespace:key` -> string value (objects JSON-encoded), as the CLI passes it. */
    readonly config: Readonly<Record<string, string>>;
    readonly secretKeys?: readonly string[];
    /**
     * Loads the program and returns its module exports: an exported function is called and awaited,
     * and what it returns becomes the stack outputs; otherwise the exports are (see programOutputs).
     */
    readonly load: () => unknown;
    /** Called every 250 registrations, for progress output. */
    readonly onProgress?: (registered: number) => void;
    /** What exists before this preview (default "deployed"). */
    readonly priorState?: PriorState;
    /** The directory of the @pulumi/pulumi the program loads, when not ours (its own node_modules). */
    readonly sdk?: string;
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

/**
 * The mock monitor the program talks to: it answers like MockMonitor, computes URNs the way the
 * engine does (the root stack's type is not part of child URNs) and records every registration.
 */
class CapturingMonitor extends MockMonitor {
    readonly captured: CapturedResource[] = [];
    /** Invokes by "token account region", as the program made them. */
    readonly invokes = new Map<string, Invocation>();
    /** Registrations and invokes answered but not yet called back. */
    outstanding = 0;
    private readonly placements = new Map<string, Placement>();
    private readonly byUrn = new Map<string, CapturedResource>();
    /** Registrations (type::name) the preview shows as creates, decided on the wire inputs, where unknowns are marked. */
    private readonly creates = new Set<string>();
    /** `type::name` of the multi-language components registered (their provider plugin builds them). */
    private readonly remote = new Set<string>();
    /** Providers whose config holds unknown values: the engine does not configure them in preview. */
    private readonly unconfigured = new Set<string>();

    constructor(
        private readonly project: string,
        private readonly stack: string,
        private readonly defaultPlacement: Placement,
        private readonly priorState: PriorState,
        private readonly onProgress?: (registered: number) => void,
    ) {
        super({
            newResource: (args) => {
                // A multi-language component is built by its provider plugin, which the offline preview
                // does not run: its children stay unseen and its outputs unknown.
                if (this.remote.has(`${args.type}::${args.name}`))
                    return { id: undefined, state: Object.fromEntries(typeProperties(args.type).outputOnly.map((k) => [k, UNKNOWN])) };
                if (!args.custom) return { id: undefined, state: {} };
                const inputs = checkedInputs(args.type, args.name, args.inputs);
                const at = this.placementOf(args.provider) ?? this.providerPlacement(args.type, args.inputs) ?? this.defaultPlacement;
                if (this.creates.has(`${args.type}::${args.name}`)) {
                    // The engine previews a create through an unconfigured provider with no outputs at all.
                    if (this.isUnconfigured(args.provider)) return { id: undefined, state: {} };
                    return { id: undefined, state: previewOutputs(args.type, args.name, inputs, at) };
                }
                const id = args.id || placeholderId(args.type, args.name, inputs, at);
                return { id, state: deployedOutputs(args.type, args.name, inputs, at, id) };
            },
            call: (args) => {
                const at = this.placementOf(args.provider) ?? this.defaultPlacement;
                this.invokes.set(`${args.token} ${at.account} ${at.region}`, { token: args.token, account: at.account, region: at.region });
                if (this.isUnconfigured(args.provider)) return {};
                try {
                    return invokeResult(args.token, args.inputs, at);
                } catch (err) {
                    // The SDK reports an invoke failure by the gRPC error's `details`.
                    throw Object.assign(new Error((err as Error).message), { details: (err as Error).message });
                }
            },
        });
        // MockMonitor keeps its URN rule private; the base class's registerResource must use ours.
        (this as unknown as { newUrn: CapturingMonitor["urnFor"] }).newUrn = this.urnFor.bind(this);
    }

    /**
     * Alias specs are declined, as runProgram's store settings intend: the SDK then resolves every
     * alias (inherited child aliases included) to the URNs the engine would match, and sends them as
     * aliasURNs, which the capture records. MockMonitor would otherwise advertise alias specs.
     */
    getDeploymentInfo(req: any, callback: (err: any, resp: any) => void): void {
        super.getDeploymentInfo(req, (err: any, resp: any) => {
            if (resp) resp.setSupportedfeaturesList(resp.getSupportedfeaturesList().filter((f: number) => f !== ALIAS_SPECS_FEATURE));
            callback(err, resp);
        });
    }

    supportsFeature(req: any, callback: (err: any, resp: any) => void): void {
        if (req.getId() === "aliasSpecs") callback(null, { getHassupport: () => false });
        else super.supportsFeature(req, callback);
    }

    /** The root stack's outputs as the engine receives them (secrets still marked). */
    stackOutputs?: Record<string, unknown>;

    registerResourceOutputs(req: any, callback: (err: any, resp: any) => void): void {
        const urn: string = req.getUrn();
        if (urn.split("::")[2] === ROOT_STACK_TYPE) this.stackOutputs = plainValue(req.getOutputs()?.toJavaScript() ?? {}) as Record<string, unknown>;
        super.registerResourceOutputs(req, callback);
    }

    /** Whether the preview shows this registration as a create (it does not exist in the prior state). */
    private isCreate(type: string, name: string, providerRef: string | undefined): boolean {
        const prior = this.priorState;
        if (prior === "none") return true;
        if (prior === "deployed") return false;
        return prior.created(type, name) || this.isUnconfigured(providerRef);
    }

    /** Whether a provider reference ("urn::id") names a provider the engine would leave unconfigured. */
    private isUnconfigured(providerRef: string | undefined): boolean {
        return providerRef !== undefined && providerRef !== "" && this.unconfigured.has(providerRef.split("::").slice(0, -1).join("::"));
    }

    /** Where a provider reference ("urn::id") points. */
    placementOf(providerRef: string | undefined): Placement | undefined {
        if (!providerRef) return undefined;
        return this.placements.get(providerRef.split("::").slice(0, -1).join("::"));
    }

    /** A provider's own placement comes from its inputs. */
    private providerPlacement(type: string, inputs: Record<string, unknown>): Placement | undefined {
        if (!type.startsWith("pulumi:providers:")) return undefined;
        return providerPlacement(inputs, this.defaultPlacement);
    }

    /** The engine's URN rule: the root stack's type is not part of its children's URNs. */
    urnFor(parent: string, type: string, name: string): string {
        const parentType = parent ? parent.split("::")[2] : undefined;
        const qualified = parentType && parentType !== ROOT_STACK_TYPE ? `${parentType}$${type}` : type;
        return `urn:pulumi:${this.stack}::${this.project}::${qualified}::${name}`;
    }

    async invoke(req: any, callback: (err: any, resp: any) => void): Promise<void> {
        idsForResourceRefs(req, "Args");
        this.outstanding++;
        await super.invoke(req, (err: any, resp: any) => {
            this.outstanding--;
            callback(err, resp);
        });
    }

    async registerResource(request: any, callback: (err: any, resp: any) => void): Promise<void> {
        const req = fieldsSinceUnset(request);
        const type: string = req.getType();
        const urn = this.urnFor(req.getParent(), type, req.getName());
        if (req.getRemote()) this.remote.add(`${type}::${req.getName()}`);
        // What the engine records and the pack sees: the inputs after the provider's Check, which the
        // engine skips for a provider it could not configure.
        const sent = idsForResourceRefs(req, "Object");
        const checked = req.getCustom() && !(this.priorState !== "deployed" && this.isUnconfigured(req.getProvider()));
        const inputsJs = checked ? checkedInputs(type, req.getName(), sent) : sent;
        if (type.startsWith("pulumi:providers:")) {
            if (hasUnknown(inputsJs)) this.unconfigured.add(urn);
            const placement = this.providerPlacement(type, plainValue(inputsJs) as Record<string, unknown>);
            if (placement) this.placements.set(urn, placement);
        }
        const providerRef: string = req.getProvider();
        if (req.getCustom() && this.isCreate(type, req.getName(), providerRef)) this.creates.add(`${type}::${req.getName()}`);
        const providerUrn = providerRef ? providerRef.split("::").slice(0, -1).join("::") : undefined;
        // A custom resource named no provider goes through the default provider.
        const at = this.placementOf(providerRef) ?? this.placements.get(urn) ?? (req.getCustom() && !providerRef ? this.defaultPlacement : undefined);
        const propertyDependencies: Record<string, string[]> = {};
        req.getPropertydependenciesMap().forEach((deps: any, key: string) => (propertyDependencies[key] = [...deps.getUrnsList()]));
        const parentOptions = req.getParent() ? this.byUrn.get(req.getParent())?.options : undefined;
        const record: CapturedResource = {
            urn,
            type,
            name: req.getName(),
            custom: req.getCustom(),
            parent: req.getParent() || undefined,
            provider: providerUrn,
            account: at?.account,
            region: at?.region,
            dependencies: [...req.getDependenciesList()],
            propertyDependencies,
            options: {
                // The engine gives a child its parent's protect, retainOnDelete and deletedWith when it sets none.
                protect: req.hasProtect() ? req.getProtect() === true : parentOptions?.protect === true,
                retainOnDelete: req.hasRetainondelete() ? req.getRetainondelete() === true : parentOptions?.retainOnDelete === true,
                deleteBeforeReplace: req.getDeletebeforereplacedefined() ? req.getDeletebeforereplace() : undefined,
                ignoreChanges: [...req.getIgnorechangesList()],
                replaceOnChanges: [...req.getReplaceonchangesList()],
                additionalSecretOutputs: [...req.getAdditionalsecretoutputsList()],
                aliases: [...req.getAliasurnsList()],
                deletedWith: req.getDeletedwith() || parentOptions?.deletedWith || undefined,
            },
            inputs: plainValue(inputsJs) as Record<string, unknown>,
            wireInputs: inputsJs,
            ...(req.getRemote() ? { remote: true } : {}),
        };
        if (this.byUrn.has(urn)) {
            // The engine refuses a second registration of a URN; so does the offline preview.
            callback(
                Object.assign(new Error(`Duplicate resource URN '${urn}'; try giving it a unique name`), { details: `Duplicate resource URN '${urn}'` }),
                undefined,
            );
            return;
        }
        this.captured.push(record);
        this.byUrn.set(urn, record);
        if (this.onProgress && this.captured.length % 250 === 0) this.onProgress(this.captured.length);
        this.outstanding++;
        await super.registerResource(req, (err: any, resp: any) => {
            this.outstanding--;
            if (!err && resp) {
                (record as { id?: string }).id = resp.getId() || undefined;
                const outputs = resp.getObject();
                if (outputs) record.wireOutputChanges = outputChanges(inputsJs, outputs.toJavaScript());
            }
            callback(err, resp);
        });
    }
}

/**
 * A request as an older SDK's protobuf classes build it reads the fields added since as unset: no
 * `hasProtect` (protect was a plain bool), no `getAliasurnsList`, ...
 */
function fieldsSinceUnset(req: any): any {
    return new Proxy(req, {
        get(target, prop) {
            const value = target[prop];
            if (value !== undefined || typeof prop !== "string") return typeof value === "function" ? value.bind(target) : value;
            if (prop.startsWith("has")) return () => target[`get${prop.slice(3)}`]?.call(target) === true;
            if (prop.endsWith("List")) return () => [];
            if (prop.startsWith("get")) return () => undefined;
            return value;
        },
    });
}

/**
 * Replaces the resource references in a request's properties (`getObject`, `getArgs`) with what the
 * engine sends a provider that does not accept them, and returns the properties as JavaScript.
 */
function idsForResourceRefs(req: any, field: "Object" | "Args"): Record<string, unknown> {
    const sent = req[`get${field}`]()?.toJavaScript() ?? {};
    const downgraded = resourceRefsAsIds(sent) as Record<string, unknown>;
    if (downgraded !== sent) req[`set${field}`](Struct.fromJavaScript(downgraded as Record<string, any>));
    return downgraded;
}

/** The parts of an @pulumi/pulumi instance a mock host drives, several internal (absent from its typings). */
interface Sdk {
    readonly state: { getStore(): Record<string, unknown>; setStackResource(stack: undefined): void };
    readonly settings: { waitForRPCs(): Promise<void>; setMockOptions(monitor: unknown, project: string, stack: string, preview: boolean): void };
    readonly debuggable: { debuggablePromise<T>(promise: Promise<T>, context: unknown): Promise<T> };
    readonly resource: { callsites?: () => unknown[] };
    readonly runtime: {
        setAllConfig(config: Record<string, string>, secretKeys?: string[]): void;
        runInPulumiStack(init: () => Promise<unknown>): Promise<unknown>;
    };
}

/**
 * The @pulumi/pulumi instance at sdkDir (default: ours). Its runtime state is module-global, so the
 * mock monitor must be attached to the very copy the program loads.
 */
function sdkAt(sdkDir?: string): Sdk {
    return {
        state: pulumiInternal("runtime/state", sdkDir),
        settings: pulumiInternal("runtime/settings", sdkDir),
        debuggable: pulumiInternal("runtime/debuggable", sdkDir),
        resource: pulumiInternal("resource", sdkDir).Resource,
        runtime: pulumiInternal("runtime", sdkDir),
    };
}

/**
 * Switches off, while a program runs, the SDK's debugging aids that the offline preview never shows,
 * and returns what restores them. The Resource constructor records every stack frame as the
 * resource's source position; every SDK promise is tagged with a stack trace and its context and
 * tracked for the leak report printed at exit (this host waits for every registration itself, in
 * settle). Under the mock runtime they are about half of the program's time and a fifth of its memory.
 */
function suspendSdkDiagnostics(sdk: Sdk): () => void {
    const stackTraceLimit = Error.stackTraceLimit;
    const { callsites } = sdk.resource;
    const { debuggablePromise } = sdk.debuggable;
    Error.stackTraceLimit = 0;
    if (callsites) sdk.resource.callsites = () => [];
    sdk.debuggable.debuggablePromise = (promise) => promise;
    return () => {
        Error.stackTraceLimit = stackTraceLimit;
        if (callsites) sdk.resource.callsites = callsites;
        sdk.debuggable.debuggablePromise = debuggablePromise;
    };
}

/**
 * Waits until the program has nothing left to do, as the language host does when Node's event loop
 * empties: resources registered inside apply callbacks (after a data source answers) count too.
 */
async function settle(monitor: CapturingMonitor, sdk: Sdk): Promise<void> {
    for (;;) {
        const before = monitor.captured.length;
        await sdk.settings.waitForRPCs();
        await new Promise((resolve) => setImmediate(resolve));
        if (monitor.outstanding === 0 && monitor.captured.length === before) return;
    }
}

/**
 * What the Node.js language host makes of the program's module exports: an exported (async) function
 * is called and its result awaited; anything else is the outputs itself (awaited too).
 */
async function programOutputs(exported: unknown): Promise<unknown> {
    // An ES module arrives as a promise of its exports (import()); they are taken the same way.
    const value = await exported;
    return value instanceof Function ? await value() : value;
}

let running = false;

/**
 * Runs a Pulumi program under the mock runtime and returns every registration. One program at a
 * time per process: Pulumi's runtime state is global.
 */
export async function runProgram(opts: RunProgramOptions): Promise<ProgramRun> {
    if (running) throw new Error("runProgram: a program is already running in this process");
    running = true;
    const sdk = sdkAt(opts.sdk);
    const restoreDiagnostics = suspendSdkDiagnostics(sdk);
    try {
        // The default provider is configured from the stack's `aws:` config, as the engine configures it.
        const defaultPlacement = providerPlacement({ region: opts.config["aws:region"], allowedAccountIds: opts.config["aws:allowedAccountIds"] });
        const monitor = new CapturingMonitor(opts.project, opts.stack, defaultPlacement, opts.priorState ?? "deployed", opts.onProgress);
        sdk.settings.setMockOptions(monitor, opts.project, opts.stack, true);
        // The monitor answers with our SDK's serializer, so ours gets the same features as the program's.
        const stores = new Set([sdk.state.getStore(), sdkAt().state.getStore()]);
        for (const store of stores)
            Object.assign(store, {
                supportsSecrets: true,
                supportsResourceReferences: true,
                supportsOutputValues: false,
                supportsDeletedWith: true,
                supportsAliasSpecs: false,
                supportsTransforms: true,
                supportsInvokeTransforms: true,
                supportsParameterization: true,
            });
        sdk.runtime.setAllConfig({ ...opts.config }, [...(opts.secretKeys ?? [])]);
        const exports = await sdk.runtime.runInPulumiStack(() => programOutputs(opts.load()));
        await settle(monitor, sdk);
        return {
            project: opts.project,
            stack: opts.stack,
            resources: monitor.captured,
            invokes: [...monitor.invokes.keys()].sort().map((key) => monitor.invokes.get(key)!),
            // The stack's registered outputs carry the secret markers that the resolved exports have lost.
            outputs: monitor.stackOutputs ?? (plainValue(JSON.parse(JSON.stringify(exports ?? {}))) as Record<string, unknown>),
        };
    } finally {
        // The root stack holds every resource of the program and all their outputs; the records hold
        // what the preview needs, so the graph is let go before what follows (the pack) runs.
        sdk.state.setStackResource(undefined);
        restoreDiagnostics();
        running = false;
    }
}
