import type { PolicyConfigSchema } from "@pulumi/policy";
import type { ZeroTrustPolicy } from "./policies/common";

const LEVELS = ["advisory", "mandatory", "remediate", "disabled"];

type Schema = { type?: string; items?: Schema; additionalProperties?: Schema; minimum?: number; maximum?: number; enum?: unknown[]; pattern?: string };

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
export function policyConfigProblems(config: Readonly<Record<string, unknown>>, policies: readonly ZeroTrustPolicy[]): PolicyConfigProblem[] {
    const byName = new Map(policies.map((p) => [p.name, p]));
    const problems: PolicyConfigProblem[] = [];
    const level = (path: (string | number)[], v: unknown) => {
        if (!LEVELS.includes(v as string)) problems.push({ path, message: `unknown enforcement level (expected one of ${LEVELS.join(", ")})` });
    };
    for (const [name, entry] of Object.entries(config)) {
        if (name === "all") {
            if (typeof entry === "object" && entry !== null) level([name, "enforcementLevel"], (entry as { enforcementLevel?: unknown }).enforcementLevel);
            else level([name], entry);
            continue;
        }
        const policy = byName.get(name);
        if (!policy) {
            problems.push({ path: [name], message: "no such policy in the pack (expected a policy name listed in policypack/README.md)" });
            continue;
        }
        const hasRemediation = "remediateResource" in policy && policy.remediateResource !== undefined;
        if (typeof entry === "string") {
            level([name], entry);
            if (entry === "remediate" && !hasRemediation)
                problems.push({ path: [name], message: "policy has no safe remediation (expected advisory, mandatory or disabled)" });
            continue;
        }
        if (!entry || typeof entry !== "object" || Array.isArray(entry)) {
            problems.push({ path: [name], message: "wrong type (expected an enforcement level or an object of parameters)" });
            continue;
        }
        const properties = ((policy.configSchema as PolicyConfigSchema | undefined)?.properties ?? {}) as Record<string, Schema>;
        for (const [key, value] of Object.entries(entry as Record<string, unknown>)) {
            if (key === "enforcementLevel") {
                level([name, key], value);
                if (value === "remediate" && !hasRemediation)
                    problems.push({ path: [name, key], message: "policy has no safe remediation (expected advisory, mandatory or disabled)" });
            } else if (!properties[key]) {
                problems.push({ path: [name, key], message: `unknown parameter (expected ${Object.keys(properties).join(", ") || "no parameters"})` });
            } else problems.push(...schemaProblems([name, key], value, properties[key]));
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
