import * as grpc from "@grpc/grpc-js";
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PlacedResource, prerequisiteKeys, requires, rulesFor } from "./creation-order-matching";
import { placeholderId, Placement, providerPlacement } from "./placeholders";
import { checkedInputs, deployedOutputs, previewOutputs } from "./placeholder-outputs";
import { invokeResult } from "./invoke-results";
import { REPLACE_ON_CHANGE } from "./stateful";
import { hasUnknown, plainValue, RESOURCE_SIG, SECRET_SIG, SIG_KEY } from "./wire";
import { pulumiInternal } from "./sdk-internals";

/**
 * The stand-in AWS provider: a resource provider plugin the real Pulumi engine loads as `aws` (see
 * tools/engine.ts, which installs it). It answers with the same deterministic placeholders as the
 * offline preview (tools/placeholders.ts), so both paths see the same ids, ARNs and data-source
 * results. Each engine provider resource (one per account and region) runs its own process, placed
 * by the provider's `allowedAccountIds` and `region`, as the mock runtime places it.
 *
 * What only the real provider knows stays out: its defaults and autonames added in Check, its
 * validation, and which property changes replace a resource (REPLACE_ON_CHANGE is the one table).
 *
 * What AWS needs to exist before it accepts a create (tools/creation-order.ts, rows needed at
 * "create" that hold for every prerequisite in scope) is enforced: a create is refused with AWS's
 * error while no such prerequisite has been created yet, in any account and region. The provider
 * processes share what they created through a ledger directory (CREATED_LEDGER_ENV). Rows that
 * match a referenced prerequisite (`through`) are left to the graph check: which role, bucket or key
 * a reference names may be one the program does not manage.
 */

/** Directory where every provider process of one engine workspace records what it created. */
export const CREATED_LEDGER_ENV = "LZ_STAND_IN_LEDGER";

/**
 * What AWS has, as far as creates go: one file per created resource, shared by the provider processes,
 * in one folder per type, so a create lists only the records of its prerequisites' types (a single
 * folder made every create read the whole ledger: quadratic in the stack's size).
 */
export class CreatedLedger {
    constructor(readonly dir: string) {
        fs.mkdirSync(dir, { recursive: true });
    }

    private typeDir(type: string): string {
        return path.join(this.dir, type.replace(/[^A-Za-z0-9]/g, "_"));
    }

    private file(r: { urn: string; type: string }): string {
        return path.join(this.typeDir(r.type), `${createHash("sha256").update(r.urn).digest("hex").slice(0, 32)}.json`);
    }

    /** Records a created resource with what rows select and match it by. */
    add(r: PlacedResource): void {
        const kept = Object.fromEntries(
            prerequisiteKeys(r.type)
                .filter((k) => k in r.inputs)
                .map((k) => [k, r.inputs[k]]),
        );
        const file = this.file(r);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        // Written whole, then renamed: another process never reads half a record.
        fs.writeFileSync(`${file}.tmp`, JSON.stringify({ ...r, inputs: kept }));
        fs.renameSync(`${file}.tmp`, file);
    }

    remove(r: { urn: string; type: string }): void {
        fs.rmSync(this.file(r), { force: true });
    }

    /** The created resources of a type. */
    ofType(type: string): PlacedResource[] {
        const dir = this.typeDir(type);
        if (!fs.existsSync(dir)) return [];
        return fs
            .readdirSync(dir)
            .filter((f) => f.endsWith(".json"))
            .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as PlacedResource);
    }
}

/** The ledger of the engine workspace, or one of this process alone when run outside it. */
function defaultLedger(): CreatedLedger {
    return new CreatedLedger(process.env[CREATED_LEDGER_ENV] || fs.mkdtempSync(path.join(os.tmpdir(), "lz-stand-in-")));
}

// The stubs ship with @pulumi/pulumi (CommonJS, no typings for the service object).
const providerRpc = pulumiInternal("proto/provider_grpc_pb");
const providerPb = pulumiInternal("proto/provider_pb");
const pluginPb = pulumiInternal("proto/plugin_pb");
const structPb = require("google-protobuf/google/protobuf/struct_pb");
const emptyPb = require("google-protobuf/google/protobuf/empty_pb");

/** The plugin version reported to the engine: the @pulumi/aws SDK's, so the engine pairs them. */
const VERSION: string = require("@pulumi/aws/package.json").version;

type Wire = Record<string, unknown>;
type Callback = (err: grpc.ServiceError | null, resp?: unknown) => void;
type Call = { request: any };

/** Secrets unwrapped (placeholders derive ids from names that may be secret), unknowns left as they are. */
function unwrapSecrets(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(unwrapSecrets);
    if (value && typeof value === "object") {
        const obj = value as Wire;
        if (obj[SIG_KEY] === SECRET_SIG) return unwrapSecrets(obj.value);
        if (obj[SIG_KEY] === RESOURCE_SIG) return obj.id ?? obj.urn;
        const out: Wire = {};
        for (const [k, v] of Object.entries(obj)) out[k] = unwrapSecrets(v);
        return out;
    }
    return value;
}

/** `urn:pulumi:stack::project::parent$type::name` -> type and name. */
function typeAndName(urn: string): { type: string; name: string } {
    const parts = urn.split("::");
    const qualified = parts[2] ?? "";
    return { type: qualified.split("$").pop() ?? qualified, name: parts.slice(3).join("::") };
}

function sameValue(a: unknown, b: unknown): boolean {
    return JSON.stringify(plainValue(a)) === JSON.stringify(plainValue(b));
}

/** The keys whose values differ between two property maps. */
function changedKeys(olds: Wire, news: Wire): string[] {
    return [...new Set([...Object.keys(olds), ...Object.keys(news)])].filter((k) => !sameValue(olds[k], news[k])).sort();
}

function struct(value: Wire): unknown {
    return structPb.Struct.fromJavaScript(value);
}

function fail(message: string, code = grpc.status.UNKNOWN): grpc.ServiceError {
    return Object.assign(new Error(message), { code, details: message, metadata: new grpc.Metadata() }) as grpc.ServiceError;
}

/** The provider's answers, for one provider instance (one account and region). */
export class StandInProvider {
    private placement: Placement = providerPlacement({});

    constructor(private readonly ledger: CreatedLedger = defaultLedger()) {}

    /** Configure: the provider's inputs place it (the mock runtime reads the same ones). */
    configure(args: Wire): void {
        this.placement = providerPlacement(unwrapSecrets(args) as Wire);
    }

    /** The resource's outputs as AWS would return them after creating it. */
    created(urn: string, inputs: Wire): { id: string; outputs: Wire } {
        const { type, name } = typeAndName(urn);
        const plain = unwrapSecrets(inputs) as Wire;
        const dependent: PlacedResource = { urn, type, ...this.placement, inputs: plain };
        this.refuseWithoutPrerequisites(dependent);
        const id = placeholderId(type, name, plain, this.placement);
        this.ledger.add({ ...dependent, id });
        return { id, outputs: { ...deployedOutputs(type, name, plain, this.placement, id), ...inputs } };
    }

    /** A create as the provider previews it: the inputs, and what AWS computes unknown. */
    previewed(urn: string, inputs: Wire): Wire {
        const { type, name } = typeAndName(urn);
        return { ...previewOutputs(type, name, unwrapSecrets(inputs) as Wire, this.placement), ...inputs };
    }

    /** AWS's answer to a create whose prerequisite does not exist yet. */
    private refuseWithoutPrerequisites(dependent: PlacedResource): void {
        for (const rule of rulesFor(dependent)) {
            if (rule.needed !== "create" || rule.through) continue;
            if (this.ledger.ofType(rule.prerequisite.type).some((p) => requires(rule, dependent, p))) continue;
            throw new Error(
                `creating ${dependent.type} ${typeAndName(dependent.urn).name} in ${dependent.account}/${dependent.region}: ${rule.error} ` +
                    `(no ${rule.prerequisite.type} in its ${rule.scope} yet: ${rule.why})`,
            );
        }
    }

    deleted(urn: string): void {
        this.ledger.remove({ urn, type: typeAndName(urn).type });
    }

    updated(urn: string, id: string, news: Wire): Wire {
        const { type, name } = typeAndName(urn);
        return { ...deployedOutputs(type, name, unwrapSecrets(news) as Wire, this.placement, id), ...news };
    }

    /** Compares the old inputs with the new ones, as the real provider does (outputs add computed keys). */
    diff(urn: string, oldInputs: Wire, news: Wire): { changed: string[]; replaces: string[] } {
        const { type } = typeAndName(urn);
        const changed = changedKeys(oldInputs, news);
        const forceNew = new Set(REPLACE_ON_CHANGE[type] ?? []);
        return { changed, replaces: changed.filter((k) => forceNew.has(k)) };
    }

    invoke(token: string, args: Wire): Wire {
        return invokeResult(token, unwrapSecrets(args) as Wire, this.placement);
    }
}

/** The gRPC service the engine calls; methods it omits answer UNIMPLEMENTED. */
function service(provider: StandInProvider): Record<string, (call: Call, callback: Callback) => void> {
    const guard =
        (handler: (req: any) => unknown) =>
        (call: Call, callback: Callback): void => {
            try {
                callback(null, handler(call.request));
            } catch (err) {
                callback(fail((err as Error).message));
            }
        };
    return {
        getPluginInfo: guard(() => new pluginPb.PluginInfo().setVersion(VERSION)),
        getSchema: guard(() => new providerPb.GetSchemaResponse().setSchema("{}")),
        checkConfig: guard((req) => new providerPb.CheckResponse().setInputs(req.getNews())),
        diffConfig: guard((req) => {
            const changed = changedKeys(req.getOlds()?.toJavaScript() ?? {}, req.getNews()?.toJavaScript() ?? {});
            return new providerPb.DiffResponse()
                .setChanges(changed.length > 0 ? providerPb.DiffResponse.DiffChanges.DIFF_SOME : providerPb.DiffResponse.DiffChanges.DIFF_NONE)
                .setDiffsList(changed);
        }),
        configure: guard((req) => {
            provider.configure(req.getArgs()?.toJavaScript() ?? {});
            // Creates are previewed as the real provider previews them: inputs known, computed values unknown.
            return new providerPb.ConfigureResponse().setAcceptsecrets(true).setAcceptresources(true).setSupportspreview(true).setAcceptoutputs(false);
        }),
        check: guard((req) => {
            const { type, name } = typeAndName(req.getUrn());
            return new providerPb.CheckResponse().setInputs(struct(checkedInputs(type, name, req.getNews()?.toJavaScript() ?? {})));
        }),
        diff: guard((req) => {
            const oldInputs = (req.getOldInputs() ?? req.getOlds())?.toJavaScript() ?? {};
            const { changed, replaces } = provider.diff(req.getUrn(), oldInputs, req.getNews()?.toJavaScript() ?? {});
            return new providerPb.DiffResponse()
                .setChanges(changed.length > 0 ? providerPb.DiffResponse.DiffChanges.DIFF_SOME : providerPb.DiffResponse.DiffChanges.DIFF_NONE)
                .setDiffsList(changed)
                .setReplacesList(replaces);
        }),
        create: guard((req) => {
            const inputs = req.getProperties()?.toJavaScript() ?? {};
            if (req.getPreview()) return new providerPb.CreateResponse().setProperties(struct(provider.previewed(req.getUrn(), inputs)));
            if (hasUnknown(inputs)) throw new Error(`${req.getUrn()}: create with unknown inputs`);
            const { id, outputs } = provider.created(req.getUrn(), inputs);
            return new providerPb.CreateResponse().setId(id).setProperties(struct(outputs));
        }),
        read: guard((req) =>
            // AWS still has what the state says: refresh finds no drift.
            new providerPb.ReadResponse().setId(req.getId()).setProperties(req.getProperties()).setInputs(req.getInputs()),
        ),
        update: guard((req) => {
            const outputs = provider.updated(req.getUrn(), req.getId(), req.getNews()?.toJavaScript() ?? {});
            return new providerPb.UpdateResponse().setProperties(struct(outputs));
        }),
        delete: guard((req) => {
            provider.deleted(req.getUrn());
            return new emptyPb.Empty();
        }),
        invoke: guard((req) => new providerPb.InvokeResponse().setReturn(struct(provider.invoke(req.getTok(), req.getArgs()?.toJavaScript() ?? {})))),
        cancel: guard(() => new emptyPb.Empty()),
    };
}

/** Serves the provider on a loopback port and prints the port, as the engine expects of a plugin. */
function main(): void {
    const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
    server.addService(providerRpc.ResourceProviderService, service(new StandInProvider()));
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) => {
        if (err) {
            process.stderr.write(`stand-in aws provider: ${err.message}\n`);
            process.exit(1);
        }
        process.stdout.write(`${port}\n`);
    });
}

if (require.main === module) main();
