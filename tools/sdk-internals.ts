import * as fs from "fs";
import * as path from "path";

/**
 * Every private module of @pulumi/pulumi and @pulumi/policy that tools/ and test/ use (modules
 * outside their public index: the runtime's state and settings the mock host drives, the generated
 * gRPC stubs, @pulumi/policy's wire (de)serializer and protobuf marshalling). Nothing else reaches
 * into either package. What each module must offer is listed below and checked when it is loaded,
 * so an SDK that changed shape fails here, by name, instead of misbehaving somewhere downstream;
 * test/tools/sdk-internals.test.ts checks the whole list against the installed copies.
 */

/** The versions this list was written against. A different version of our own copy is refused. */
export const WRITTEN_AGAINST = { "@pulumi/pulumi": "3.270.0", "@pulumi/policy": "1.21.0" } as const;

/** The @pulumi/pulumi major a workload program may bring (tools/analyze.ts); its internals are checked the same way. */
export const PROGRAM_SDK_MAJORS = [3] as const;

/** A trailing "?" marks a member older 3.x copies may lack (the mock host then does without it). */
type Kind = "function" | "object" | "number" | "function?";

/** Module (relative to the package) → member path (dots for nested members) → kind. */
type Shape = Readonly<Record<string, Readonly<Record<string, Kind>>>>;

export const PULUMI_INTERNALS = {
    "runtime/state": { getStore: "function", setStackResource: "function", getStackResource: "function" },
    "runtime/settings": { waitForRPCs: "function", setMockOptions: "function" },
    "runtime/debuggable": { debuggablePromise: "function" },
    runtime: { setAllConfig: "function", runInPulumiStack: "function" },
    resource: { Resource: "function", "Resource.callsites": "function?" },
    "runtime/mocks": {
        MockMonitor: "function",
        "MockMonitor.prototype.newUrn": "function",
        "MockMonitor.prototype.registerResource": "function",
        "MockMonitor.prototype.registerResourceOutputs": "function",
        "MockMonitor.prototype.invoke": "function",
        "MockMonitor.prototype.supportsFeature": "function",
        "MockMonitor.prototype.getDeploymentInfo": "function",
    },
    "proto/resource_pb": { "ResourceMonitorFeature.RESOURCE_MONITOR_FEATURE_ALIAS_SPECS": "number" },
    "proto/provider_grpc_pb": { ResourceProviderService: "object" },
    "proto/provider_pb": {
        CheckResponse: "function",
        ConfigureResponse: "function",
        CreateResponse: "function",
        DiffResponse: "function",
        GetSchemaResponse: "function",
        InvokeResponse: "function",
        ReadResponse: "function",
        UpdateResponse: "function",
    },
    "proto/plugin_pb": { PluginInfo: "function" },
    "proto/analyzer_pb": {
        AnalyzeRequest: "function",
        AnalyzeStackRequest: "function",
        AnalyzerResource: "function",
        AnalyzerResourceOptions: "function",
        AnalyzerProviderResource: "function",
        AnalyzerPropertyDependencies: "function",
        ConfigureAnalyzerRequest: "function",
        PolicyConfig: "function",
        "EnforcementLevel.ADVISORY": "number",
        "EnforcementLevel.MANDATORY": "number",
        "EnforcementLevel.DISABLED": "number",
        "EnforcementLevel.REMEDIATE": "number",
    },
} as const satisfies Shape;

export const POLICY_INTERNALS = {
    deserialize: { deserializeProperties: "function", serializeProperties: "function" },
    protoutil: { makeAnalyzerInfo: "function", makeAnalyzeResponse: "function", convertEnforcementLevel: "function" },
    server: { makeAnalyzeRpcFun: "function", makeAnalyzeStackRpcFun: "function", makeRemediateRpcFun: "function" },
} as const satisfies Shape;

/** The kind of a value as the shape lists name it ("function" covers classes). */
function kindOf(value: unknown): string {
    if (value === null) return "null";
    return typeof value;
}

/** Every member of `expected` that `module` lacks or has with another kind, as readable problems. */
export function shapeProblems(module: unknown, expected: Readonly<Record<string, Kind>>): string[] {
    const problems: string[] = [];
    for (const [member, kind] of Object.entries(expected)) {
        let value: unknown = module;
        for (const key of member.split(".")) value = value === null || value === undefined ? undefined : (value as Record<string, unknown>)[key];
        const actual = kindOf(value);
        if (kind.endsWith("?") && actual === "undefined") continue;
        if (actual !== kind.replace("?", "")) problems.push(`${member} is ${actual === "undefined" ? "missing" : `a ${actual}`} (expected a ${kind.replace("?", "")})`);
    }
    return problems;
}

function packageVersion(dir: string): string {
    return String((JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { version?: unknown }).version ?? "").replace(/^v/, "");
}

function packageDir(name: string, from?: string): string {
    return path.dirname(require.resolve(`${name}/package.json`, from ? { paths: [from] } : undefined));
}

/** Refuses our own copy of a package at another version than the internals were written against, naming both. */
function checkOwnVersion(name: keyof typeof WRITTEN_AGAINST, dir: string): void {
    const version = packageVersion(dir);
    if (version !== WRITTEN_AGAINST[name])
        throw new Error(
            `${name} ${version} is installed, but tools/sdk-internals.ts was written against ${WRITTEN_AGAINST[name]}: ` +
                `run test/tools/sdk-internals.test.ts, adapt what changed, then update WRITTEN_AGAINST`,
        );
}

/** Loads one private module and checks its shape; every problem is named with the package version. */
function load<T>(name: string, dir: string, module: string, expected: Readonly<Record<string, Kind>>): T {
    const loaded = require(path.join(dir, module)) as unknown;
    const problems = shapeProblems(loaded, expected);
    if (problems.length > 0)
        throw new Error(`${name} ${packageVersion(dir)} (${dir}) changed shape in ${module}: ${problems.join("; ")} — tools/sdk-internals.ts must be adapted`);
    return loaded as T;
}

type PulumiModule = keyof typeof PULUMI_INTERNALS;
type PolicyModule = keyof typeof POLICY_INTERNALS;

/**
 * A private module of @pulumi/pulumi. `sdkDir` is a workload program's own copy (major 3, see
 * PROGRAM_SDK_MAJORS): the runtime state is module-global, so the mock host must drive the very
 * copy the program loads. Without it, our own copy (at the version written against).
 */
export function pulumiInternal<T = any>(module: PulumiModule, sdkDir?: string): T {
    const dir = sdkDir ?? packageDir("@pulumi/pulumi");
    if (sdkDir) {
        const major = Number(packageVersion(dir).split(".")[0]);
        if (!(PROGRAM_SDK_MAJORS as readonly number[]).includes(major))
            throw new Error(`@pulumi/pulumi ${packageVersion(dir)} at ${dir}: the mock runtime drives ${PROGRAM_SDK_MAJORS.map((m) => `${m}.x`).join(" or ")} only`);
    } else checkOwnVersion("@pulumi/pulumi", dir);
    return load<T>("@pulumi/pulumi", dir, module, PULUMI_INTERNALS[module]);
}

/** A private module of @pulumi/policy, from the copy the pack at `packDir` resolves (the one its policies were built with; default: ours). */
export function policyInternal<T = any>(module: PolicyModule, packDir?: string): T {
    const dir = packageDir("@pulumi/policy", packDir);
    checkOwnVersion("@pulumi/policy", dir);
    return load<T>("@pulumi/policy", dir, module, POLICY_INTERNALS[module]);
}

/** The SDK's ESM loader hooks (cmd/run/hooks.js) in a program's copy of @pulumi/pulumi, or undefined when that version has none. */
export function esmHooks(sdkDir: string): string | undefined {
    const hooks = path.join(sdkDir, "cmd", "run", "hooks.js");
    return fs.existsSync(hooks) ? hooks : undefined;
}
