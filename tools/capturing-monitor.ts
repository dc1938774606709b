import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { typeProperties } from "./aws-properties";
import { CapturedResource, Invocation, outputChanges, PriorState } from "./captured-resources";
import { invokeResult } from "./invoke-results";
import { checkedInputs, deployedOutputs, previewOutputs } from "./placeholder-outputs";
import { placeholderId, Placement, providerPlacement } from "./placeholders";
import { pulumiInternal } from "./sdk-internals";
import { hasUnknown, plainValue, resourceRefsAsIds, UNKNOWN } from "./wire";

const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";
const ALIAS_SPECS_FEATURE: number = pulumiInternal<{ ResourceMonitorFeature: Record<string, number> }>("proto/resource_pb").ResourceMonitorFeature
    .RESOURCE_MONITOR_FEATURE_ALIAS_SPECS;
const { MockMonitor } = pulumiInternal<typeof import("@pulumi/pulumi/runtime/mocks")>("runtime/mocks");

/**
 * The mock monitor the program talks to: it answers like MockMonitor, computes URNs the way the
 * engine does (the root stack's type is not part of child URNs) and records every registration.
 */
export class CapturingMonitor extends MockMonitor {
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
