import type { PolicyConfigSchema } from "@pulumi/policy";
import type { ZeroTrustPolicy } from "./policies/common";

const LEVELS = ["advisory", "mandatory", "remediate", "disabled"];

type Schema = { type?: string; items?: Schema; additionalProperties?: Schema; minimum?: number; maximum?: number; enum?: unknown[] };

const show = (v: unknown) => JSON.stringify(v);

/** Checks one value against the JSON-schema subset the pack's configSchemas use. */
function schemaProblems(path: string, value: unknown, schema: Schema): string[] {
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
                : type === "object"
                  ? kind === "object"
                  : kind === type);
    if (!ok) return [`${path}: wrong type (got ${show(value)}; expected ${type})`];
    const out: string[] = [];
    if (typeof value === "number") {
        if (schema.minimum !== undefined && value < schema.minimum) out.push(`${path}: too small (got ${value}; expected >= ${schema.minimum})`);
        if (schema.maximum !== undefined && value > schema.maximum) out.push(`${path}: too large (got ${value}; expected <= ${schema.maximum})`);
    }
    if (schema.enum && !schema.enum.includes(value)) out.push(`${path}: not allowed (got ${show(value)}; expected one of ${schema.enum.map(show).join(", ")})`);
    if (Array.isArray(value) && schema.items) value.forEach((v, i) => out.push(...schemaProblems(`${path}[${i}]`, v, schema.items!)));
    if (kind === "object" && schema.additionalProperties)
        for (const [k, v] of Object.entries(value as Record<string, unknown>)) out.push(...schemaProblems(`${path}.${k}`, v, schema.additionalProperties));
    return out;
}

/**
 * Validates policy pack config in the CLI's `--policy-pack-config` shape (`all` plus one entry per
 * policy: an enforcement level, or an object with `enforcementLevel` and the policy's parameters)
 * against the pack: unknown policies, levels and parameters are reported, one line each.
 */
export function policyConfigProblems(config: Readonly<Record<string, unknown>>, policies: readonly ZeroTrustPolicy[], prefix = ""): string[] {
    const byName = new Map(policies.map((p) => [p.name, p]));
    const problems: string[] = [];
    const level = (path: string, v: unknown) => {
        if (!LEVELS.includes(v as string)) problems.push(`${path}: unknown enforcement level (got ${show(v)}; expected one of ${LEVELS.join(", ")})`);
    };
    for (const [name, entry] of Object.entries(config)) {
        const path = `${prefix}${name}`;
        if (name === "all") {
            level(path, typeof entry === "object" && entry !== null ? (entry as { enforcementLevel?: unknown }).enforcementLevel : entry);
            continue;
        }
        const policy = byName.get(name);
        if (!policy) {
            problems.push(`${path}: no such policy in the pack (expected one of the pack's policy names, see policypack/README.md)`);
            continue;
        }
        const hasRemediation = "remediateResource" in policy && policy.remediateResource !== undefined;
        const requested = typeof entry === "string" ? entry : (entry as { enforcementLevel?: unknown } | null)?.enforcementLevel;
        if (requested === "remediate" && !hasRemediation)
            problems.push(`${path}: policy has no safe remediation (got "remediate"; expected advisory, mandatory or disabled)`);
        if (typeof entry === "string") {
            level(path, entry);
            continue;
        }
        if (!entry || typeof entry !== "object" || Array.isArray(entry)) {
            problems.push(`${path}: wrong type (got ${show(entry)}; expected an enforcement level or an object of parameters)`);
            continue;
        }
        const properties = ((policy.configSchema as PolicyConfigSchema | undefined)?.properties ?? {}) as Record<string, Schema>;
        for (const [key, value] of Object.entries(entry as Record<string, unknown>)) {
            if (key === "enforcementLevel") level(`${path}.enforcementLevel`, value);
            else if (!properties[key]) problems.push(`${path}.${key}: unknown parameter (expected ${Object.keys(properties).join(", ") || "no parameters"})`);
            else problems.push(...schemaProblems(`${path}.${key}`, value, properties[key]));
        }
    }
    return problems;
}
