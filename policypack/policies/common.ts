import type {
    EnforcementLevel,
    PolicyConfigSchema,
    PolicyResource,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import type { PropsOf } from "./props";

/** Zero-trust areas of the mission; every policy belongs to one. */
export type ZeroTrustArea = "identity" | "devices" | "network" | "workloads" | "data" | "monitoring" | "governance";

/** Metadata reviewers and authors need on every policy: area, mapped controls, and how to fix it. */
export interface ZeroTrustMetadata {
    readonly area: ZeroTrustArea;
    /** CIS AWS Foundations Benchmark v5 ("CIS 3.6") and AWS Foundational Security Best Practices ("KMS.4") control ids. */
    readonly controls: readonly string[];
    /** What to change in the Pulumi program to comply. */
    readonly remediation: string;
    /** For resource-level policies: the Pulumi types examined (`"aws:*"` for all AWS resources). */
    readonly resourceTypes?: readonly string[] | "aws:*";
}

/** A resource- or stack-level policy of the pack. */
export type ZeroTrustPolicy = (ResourceValidationPolicy | StackValidationPolicy) & ZeroTrustMetadata;

type Severity = "low" | "medium" | "high" | "critical";

/** Reports one violation; the message should say what is wrong and name the offending value. */
export type Report = (message: string) => void;

interface CommonSpec<C> {
    readonly name: string;
    readonly description: string;
    readonly severity: Severity;
    readonly area: ZeroTrustArea;
    readonly controls: readonly string[];
    readonly remediation: string;
    /** Default enforcement when the stack's policy config says nothing; mandatory unless stated. */
    readonly enforcementLevel?: EnforcementLevel;
    /** JSON-schema properties of the policy's parameters; each must carry a `default`. */
    readonly params?: { readonly [K in keyof C]: Record<string, unknown> & { default: C[K] } };
}

interface ResourceSpec<C, T extends string = string> extends CommonSpec<C> {
    /** The Pulumi types the policy examines; `"aws:*"` for every AWS resource (whose props are AnyAwsProps). */
    readonly types: readonly T[] | (T & "aws:*");
    readonly validate: (props: PropsOf<T>, report: Report, ctx: { args: ResourceValidationArgs; config: C }) => void | Promise<void>;
    /** A safe fix applied only when the stack sets this policy to `remediate`. */
    readonly remediate?: (props: PropsOf<T>, args: ResourceValidationArgs) => PropsOf<T> | undefined;
}

interface StackSpec<C> extends CommonSpec<C> {
    /** Presence checks that only make sense on the landing zone itself get a `landingZone` switch (off by default). */
    readonly landingZoneOnly?: boolean;
    readonly validate: (
        resources: readonly PolicyResource[],
        report: (message: string, urn?: string) => void,
        ctx: { args: StackValidationArgs; config: C },
    ) => void | Promise<void>;
}

/** The message a mandatory policy reports instead of passing silently on a value only the deployment knows. */
export function cannotVerify(path: string): string {
    return `cannot verify ${path} during preview: make it known or mark this policy advisory`;
}

/**
 * @pulumi/policy signals an unknown value by throwing its (internal) UnknownValueError and then
 * downgrades the whole policy to advisory. Recognised by shape, since the class is not exported.
 */
function unknownPath(err: unknown): string | undefined {
    if (err && typeof err === "object" && "unknownTypeSentinel" in err && Array.isArray((err as { props?: unknown }).props)) {
        return ((err as unknown as { props: unknown[] }).props.map(String).join(".") || "a value").replace(/\.(\d+)(?=\.|$)/g, "[$1]");
    }
    return undefined;
}

/** Runs a check and turns an unknown value into a violation, so a mandatory policy fails closed. */
async function failClosed(report: (message: string) => void, check: () => void | Promise<void>, deferred = false): Promise<void> {
    try {
        await check();
    } catch (err) {
        const path = unknownPath(err);
        if (path === undefined) throw err;
        if (!deferred) report(cannotVerify(path));
    }
}

/**
 * Whether the resource goes to an account whose id is unknown during preview: its provider's
 * allowedAccountIds is unknown (an account created in this run). Only then may a resource check
 * defer an unknown value, because (1) the engine analyzes every resource again during the update,
 * with the inputs known, and a mandatory violation stops that resource before it is created; and
 * (2) explicit-provider-required fails the preview unless that pin is provably the id of an
 * aws.organizations.Account of the same stack. During the update the pin is known, so nothing defers.
 */
export function accountPending(args: ResourceValidationArgs): boolean {
    const provider = args.provider;
    return provider !== undefined && isUnknown(() => provider.props.allowedAccountIds);
}

/**
 * The stack-level counterpart of accountPending: a resource created through a provider whose account
 * pin is unknown has no outputs in preview (the engine cannot configure that provider). Stack checks
 * of its outputs run when the update ends, with the account and its pin known.
 */
export function outputsPending(r: PolicyResource): boolean {
    const provider = r.provider;
    return provider !== undefined && isUnknown(() => provider.props.allowedAccountIds);
}

/** Whether reading a value hits a value unknown during preview (absent is not unknown). */
export function isUnknown(read: () => unknown): boolean {
    try {
        read();
        return false;
    } catch (err) {
        if (unknownPath(err) !== undefined) return true;
        throw err;
    }
}

function schemaOf(
    params: Record<string, Record<string, unknown>> | undefined,
    extra?: Record<string, Record<string, unknown>>,
): PolicyConfigSchema | undefined {
    const properties = { ...(params ?? {}), ...(extra ?? {}) };
    if (Object.keys(properties).length === 0) return undefined;
    return { properties: properties as PolicyConfigSchema["properties"] };
}

/** The policy's parameters: schema defaults overlaid with the stack's config. */
function configOf<C>(schema: PolicyConfigSchema | undefined, given: Record<string, unknown>): C {
    const defaults: Record<string, unknown> = {};
    for (const [key, prop] of Object.entries(schema?.properties ?? {})) defaults[key] = (prop as { default?: unknown }).default;
    return { ...defaults, ...given } as C;
}

function metadata<C>(spec: CommonSpec<C>) {
    return {
        name: spec.name,
        description: spec.description,
        enforcementLevel: spec.enforcementLevel ?? "mandatory",
        severity: spec.severity,
        area: spec.area,
        controls: spec.controls,
        remediation: spec.remediation,
    };
}

/**
 * Defines a resource-level policy that fails closed on unknown values. T, the types' tokens, is inferred from
 * literal `types`; a policy that names its parameters' type C names T too, or gets the "aws:*" default.
 */
export function resourcePolicy<C = Record<string, never>, const T extends string = "aws:*">(spec: ResourceSpec<C, T>): ZeroTrustPolicy {
    const configSchema = schemaOf(spec.params as Record<string, Record<string, unknown>> | undefined);
    const applies = (type: string) => (spec.types === "aws:*" ? type.startsWith("aws:") : (spec.types as readonly string[]).includes(type));
    const validateResource = async (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
        if (!applies(args.type)) return;
        const config = configOf<C>(configSchema, args.getConfig());
        await failClosed(reportViolation, () => spec.validate(args.props as PropsOf<T>, reportViolation, { args, config }), accountPending(args));
    };
    tagType(validateResource, spec.types);
    const policy: ZeroTrustPolicy = { ...metadata(spec), resourceTypes: spec.types, ...(configSchema ? { configSchema } : {}), validateResource };
    if (spec.remediate) {
        const remediate = spec.remediate;
        const remediateResource = (args: ResourceValidationArgs) => (applies(args.type) ? remediate(args.props as PropsOf<T>, args) : undefined);
        tagType(remediateResource, spec.types);
        (policy as ResourceValidationPolicy).remediateResource = remediateResource as ResourceValidationPolicy["remediateResource"];
    }
    return policy;
}

/** A single type is attached to the function, as @pulumi/policy's helpers do, so the analyzer skips others without a call. */
function tagType(fn: object, types: readonly string[] | "aws:*"): void {
    if (types !== "aws:*" && types.length === 1) (fn as { __pulumiType?: string }).__pulumiType = types[0];
}

const LANDING_ZONE_PARAM = {
    landingZone: {
        type: "boolean",
        default: false,
        description: "True only for the landing zone's own stacks, which must create this service; workload programs inherit it from the landing zone.",
    },
};

/** Defines a stack-level policy that fails closed on unknown values. */
export function stackPolicy<C = Record<string, never>>(spec: StackSpec<C>): ZeroTrustPolicy {
    const configSchema = schemaOf(spec.params as Record<string, Record<string, unknown>> | undefined, spec.landingZoneOnly ? LANDING_ZONE_PARAM : undefined);
    const validateStack = async (args: StackValidationArgs, reportViolation: ReportViolation) => {
        const config = configOf<C & { landingZone?: boolean }>(configSchema, args.getConfig());
        if (spec.landingZoneOnly && config.landingZone !== true) {
            args.notApplicable("the program is not the landing zone (policy parameter landingZone is false)");
        }
        const report = (message: string, urn?: string) => reportViolation(message, urn);
        await failClosed(report, () => spec.validate(args.resources, report, { args, config }));
    };
    return { ...metadata(spec), ...(configSchema ? { configSchema } : {}), validateStack };
}

// ---------------------------------------------------------------------------------------------
// Value helpers shared by the policies.
// ---------------------------------------------------------------------------------------------

/** Provider config of TF-bridged providers arrives JSON-encoded (`allowedAccountIds: '["1234..."]'`). */
export function providerValue(value: unknown): unknown {
    if (typeof value !== "string") return value;
    try {
        return JSON.parse(value);
    } catch {
        return value;
    }
}

/** A list input, tolerating a single value or absence; its elements keep their type. */
export function list<T>(value: T | readonly T[] | null | undefined): T[];
/** A wire value (a stack resource's props, parsed JSON): the caller names the element type its checks expect. */
export function list<T = unknown>(value: unknown): T[];
export function list<T>(value: unknown): T[] {
    if (value === undefined || value === null) return [];
    return Array.isArray(value) ? [...value] : [value as T];
}

/** Whether an unknown-free read of a nested value succeeds; for matching only, never for deciding compliance. */
export function peek(read: () => unknown): unknown {
    try {
        return read();
    } catch (err) {
        if (unknownPath(err) !== undefined) return undefined;
        throw err;
    }
}

export const WORLD_V4 = "0.0.0.0/0";
export const WORLD_V6 = "::/0";

/**
 * Names that say "this value is a credential": environment variables, container variables and parameter
 * names are checked against one list, so a secret caught in one place is caught in all of them.
 */
export const SECRET_NAME = /pass(word|wd|phrase)|(^|[-_/.])pass($|[-_/.])|secret|token|api[-_]?key|private[-_]?key|credential|access[-_]?key|auth[-_]?data/i;

/** An AWS-managed key alias (alias/aws/...) is not a customer-managed key. */
export function isCustomerManagedKey(key: unknown): boolean {
    return typeof key === "string" && key.length > 0 && !/(^|:)alias\/aws\//.test(key);
}

/**
 * Runs a stack check resource by resource, so a value unknown during preview fails that resource
 * closed (reported on it) instead of ending the whole check.
 */
export function eachFailClosed(
    resources: readonly PolicyResource[],
    report: (message: string, urn?: string) => void,
    check: (r: PolicyResource) => void,
): void {
    for (const r of resources) {
        try {
            check(r);
        } catch (err) {
            const path = unknownPath(err);
            if (path === undefined) throw err;
            report(cannotVerify(path), r.urn);
        }
    }
}

/**
 * A stack's resource of type T, with the props of its type. During the update a stack policy sees outputs
 * too, which no input type declares: the id every resource gets is typed here (absent in preview).
 */
export type ResourceOf<T extends string> = Omit<PolicyResource, "props"> & { readonly props: PropsOf<T> & { readonly id?: string } };

/** Resources of the stack of any of the given types, with typed props. */
export function ofType<T extends string>(resources: readonly PolicyResource[], ...types: T[]): ResourceOf<T>[] {
    return resources.filter((r): r is ResourceOf<T> => (types as string[]).includes(r.type));
}

/**
 * Whether `candidate` refers to `target` through `key`: by the engine's property dependency (robust
 * in preview, where ids are unknown) or, for literal values, by one of the target's identifiers.
 */
export function refersTo(
    candidate: PolicyResource,
    key: string,
    target: PolicyResource,
    identifiers: readonly string[] = ["id", "arn", "bucket", "name"],
): boolean {
    if ((candidate.propertyDependencies[key] ?? []).some((d) => d.urn === target.urn)) return true;
    const value = peek(() => candidate.props[key]);
    if (typeof value !== "string" || value === "") return false;
    return identifiers.some((id) => peek(() => target.props[id]) === value);
}

/** Short display name of a resource for messages. */
export function label(r: PolicyResource): string {
    return `${r.type.split(":").pop()} "${r.name}"`;
}
