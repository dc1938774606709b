import { CapturingMonitor } from "./capturing-monitor";
import type { PriorState, ProgramRun } from "./captured-resources";
import { providerPlacement } from "./placeholders";
import { pulumiInternal } from "./sdk-internals";
import { plainValue } from "./wire";

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
