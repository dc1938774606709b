import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { type ConfigCheck, type ConfigProblem, keyPath, CONFIG_NAMESPACE } from "./schema/checks";
import { type ConfigKey, CONFIG_KEYS, type LandingZoneConfig, stackConfigSchema } from "./schema/stack";
import { organizationChecks } from "./schema/organization-checks";
import { networkChecks } from "./schema/network-checks";
import { identityChecks } from "./schema/identity-checks";
import { servicesChecks } from "./schema/services-checks";
import { deploymentChecks } from "./schema/deployment-checks";
import { naclAdminPortsOf, PolicyPackSettings, PolicyPackSource, policyPackConfigProblems, projectDirectory, readPolicyPackConfig } from "./policy-pack";

export { CONFIG_NAMESPACE, keyPath, type ConfigCheck, type ConfigProblem } from "./schema/checks";
export { CONFIG_KEYS, type ConfigKey, type LandingZoneConfig } from "./schema/stack";
export { MANAGEMENT_ACCOUNT, MAX_OU_DEPTH, ouPaths } from "./schema/organization-checks";

/** Every cross-field check of the stack config, area by area. */
export const CONFIG_CHECKS: readonly ConfigCheck[] = [...deploymentChecks, ...organizationChecks, ...networkChecks, ...identityChecks, ...servicesChecks];

/** Thrown when config is invalid; `message` lists every problem, one per line. */
export class ConfigError extends Error {
    constructor(
        readonly problems: readonly string[],
        readonly source: string,
    ) {
        super(
            `Invalid landing-zone config in ${source} (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${problems.map((p) => `  - ${p}`).join("\n")}`,
        );
        this.name = "ConfigError";
    }
}

/** Thrown when a config check throws on config the schema accepted: a bug in the check, not a problem of the config. */
export class ConfigCheckError extends Error {
    constructor(
        readonly check: string,
        readonly cause: unknown,
    ) {
        super(`config check "${check}" threw on config the schema accepted (a bug in the check): ${cause instanceof Error ? cause.message : String(cause)}`);
        this.name = "ConfigCheckError";
        if (cause instanceof Error && cause.stack) this.stack = `${this.stack}\nCaused by: ${cause.stack}`;
    }
}

/**
 * Runs every check and collects all their problems. Checks also run on config that failed the schema, so
 * every problem is reported at once; a check that trips over a key the schema rejected is skipped, since
 * the schema's problem already names that value. Anywhere else an exception is a bug: it surfaces as a
 * ConfigCheckError naming the check.
 */
export function runConfigChecks(checks: readonly ConfigCheck[], c: LandingZoneConfig, rejected: ReadonlySet<ConfigKey>): ConfigProblem[] {
    return checks.flatMap((check) => {
        try {
            return [...check.problems(c)];
        } catch (err) {
            if (check.reads.some((key) => rejected.has(key))) return [];
            throw new ConfigCheckError(check.name, err);
        }
    });
}

/**
 * Administration ports the pack's NACL policy checks in this stack (its `ports` parameter, else the
 * default): spoke and inspection NACLs admit internet return traffic only around them.
 */
export function naclAdminPorts(c: LandingZoneConfig): number[] {
    return naclAdminPortsOf(c.policyPack ?? {});
}

function valueAt(raw: unknown, path: readonly (string | number | symbol)[]): unknown {
    let v: unknown = raw;
    for (const p of path) {
        if (v === null || typeof v !== "object") return undefined;
        v = (v as Record<string | number | symbol, unknown>)[p as string];
    }
    return v;
}

function show(value: unknown): string {
    if (value === undefined) return "nothing";
    const text = JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Turns a zod issue into "<what is wrong> (expected <what>)". */
function describeIssue(issue: z.core.$ZodIssue): string {
    switch (issue.code) {
        case "invalid_type":
            // A schema's own message (ending "(expected ...)") says more than the type it wanted.
            if (/\(expected .*\)$/s.test(issue.message)) return issue.message;
            return issue.input === undefined ? `missing required value (expected ${issue.expected})` : `wrong type (expected ${issue.expected})`;
        case "invalid_value":
            return `not an allowed value (expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")})`;
        case "too_small":
            return issue.origin === "array" ? `too few entries (expected at least ${issue.minimum})` : `too small (expected at least ${issue.minimum})`;
        case "too_big":
            return issue.origin === "array" ? `too many entries (expected at most ${issue.maximum})` : `too big (expected at most ${issue.maximum})`;
        case "invalid_union":
            return `does not match any allowed shape (expected ${issue.errors.map((e) => e.map((x) => describeIssue(x)).join(" and ")).join(", or ")})`;
        case "invalid_key":
            return `invalid key: ${issue.issues.map(describeIssue).join("; ")}`;
        default:
            return /\(expected .*\)$/.test(issue.message) ? issue.message : `${issue.message} (expected a valid value)`;
    }
}

/** A network plan's messages say `--region <region>` for the command that looks a value up: name the plan's region. */
function inRegion(path: readonly PropertyKey[], message: string): string {
    return path[0] === "network" && path[1] === "regions" && typeof path[2] === "string" ? message.split("<region>").join(path[2]) : message;
}

/** "<key path>: <what is wrong> (got <value>; expected <what>)". */
function formatProblem(raw: unknown, path: readonly (string | number | symbol)[], message: string): string {
    const got = show(valueAt(raw, path));
    const m = /^(.*) \(expected (.*)\)$/s.exec(message);
    return m ? `${keyPath(path)}: ${m[1]} (got ${got}; expected ${m[2]})` : `${keyPath(path)}: ${message} (got ${got})`;
}

/** Top-level keys that no longer belong in the stack file, and where their content went. */
const MOVED_KEYS: Readonly<Record<string, string>> = {
    policyPack: "the policy pack's config is policypack/config/<stack>.json, the file the engine gets as --policy-pack-config (policypack/README.md)",
};

/**
 * Validates a whole stack config (the `landing-zone:*` keys, namespace stripped) and returns it typed.
 * `pack` is the stack's policy pack config file (readPolicyPackConfig): its policies' parameters are
 * checked against their schemas and against the stack config, and its problems are reported as
 * `<file>: <key path>: <what is wrong> (got <value>; expected <what>)` with the stack config's. Only
 * tests that build resources from the stack config alone leave it out (the pack config is then `{}`).
 * Throws ConfigError listing every problem at once; nothing is registered before this returns.
 */
export function parseLandingZoneConfig(raw: Record<string, unknown>, source = "stack config", pack?: PolicyPackSource): LandingZoneConfig {
    // reportInput: an issue carries the value it concerns, so a wrong-typed value is not called missing.
    const parsed = stackConfigSchema.safeParse(raw, { reportInput: true });
    const schemaProblems = parsed.success
        ? []
        : parsed.error.issues.flatMap((issue): ConfigProblem[] =>
              issue.code === "unrecognized_keys"
                  ? issue.keys.map((k) => ({
                        path: [...(issue.path as (string | number)[]), k],
                        message:
                            issue.path.length === 0 && MOVED_KEYS[k]
                                ? `no longer a stack config key (expected it removed: ${MOVED_KEYS[k]})`
                                : "unknown key (expected one of the keys documented in README's config reference)",
                    }))
                  : [{ path: issue.path as (string | number)[], message: inRegion(issue.path, describeIssue(issue)) }],
          );
    const settings: PolicyPackSettings = pack?.config ?? {};
    const sections = parsed.success ? { config: parsed.data, rejected: new Set<ConfigKey>() } : bestEffort(raw);
    const config = { ...sections.config, policyPack: settings };
    const reported = new Set(schemaProblems.map((p) => keyPath(p.path)));
    const crossProblems = runConfigChecks(CONFIG_CHECKS, config, sections.rejected).filter((p) => !reported.has(keyPath(p.path)));
    const problems = [...schemaProblems, ...crossProblems].map((p) => formatProblem(raw, p.path, p.message));
    if (pack) problems.push(...policyPackConfigProblems(pack, sections.rejected.has("identity") ? undefined : config.identity));
    if (problems.length > 0 || !parsed.success) throw new ConfigError(problems, source);
    return config;
}

/** Each section parsed on its own (defaults applied) where it is valid, raw where it is not; `rejected` names the latter. */
function bestEffort(raw: Record<string, unknown>): { config: Omit<LandingZoneConfig, "policyPack">; rejected: Set<ConfigKey> } {
    const out: Record<string, unknown> = { ...raw };
    const rejected = new Set<ConfigKey>();
    for (const key of CONFIG_KEYS) {
        const section = (stackConfigSchema.shape[key] as z.ZodType).safeParse(raw[key]);
        if (section.success) out[key] = section.data;
        else rejected.add(key);
    }
    return { config: out as Omit<LandingZoneConfig, "policyPack">, rejected };
}

/** Splits `landing-zone:<key>` entries of a Pulumi config map into the raw object the schema reads. */
export function namespacedConfig(values: Readonly<Record<string, unknown>>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(values)) {
        if (key.startsWith(`${CONFIG_NAMESPACE}:`)) out[key.slice(CONFIG_NAMESPACE.length + 1)] = value;
    }
    return out;
}

/**
 * Reads the running stack's config through pulumi.Config. On invalid config it logs every problem
 * and stops the program with a RunError, which the CLI reports without a stack trace.
 */
export function loadStackConfig(): LandingZoneConfig {
    const config = new pulumi.Config(CONFIG_NAMESPACE);
    const raw: Record<string, unknown> = {};
    const problems: string[] = [];
    for (const key of CONFIG_KEYS) {
        // The CLI passes strings as-is and structured values as JSON; every top-level key is one or the other.
        const text = config.get(key);
        if (text === undefined) continue;
        try {
            const parsed = JSON.parse(text) as unknown;
            raw[key] = parsed !== null && typeof parsed === "object" ? parsed : text;
        } catch {
            raw[key] = text;
        }
    }
    const declared = Object.keys(pulumi.runtime.allConfig()).filter((k) => k.startsWith(`${CONFIG_NAMESPACE}:`));
    for (const key of declared) {
        const short = key.slice(CONFIG_NAMESPACE.length + 1);
        if (!(CONFIG_KEYS as readonly string[]).includes(short))
            problems.push(
                MOVED_KEYS[short]
                    ? `${key}: no longer a stack config key (got it set; expected it removed: ${MOVED_KEYS[short]})`
                    : `${key}: unknown key (got it set; expected one of ${CONFIG_KEYS.join(", ")})`,
            );
    }
    const stack = pulumi.getStack();
    // The same file the engine gets as --policy-pack-config: one source of truth for the pack's config.
    const pack = readPolicyPackConfig(projectDirectory(pulumi.runtime.getRootDirectory()), stack);
    let parsed: LandingZoneConfig | undefined;
    try {
        parsed = parseLandingZoneConfig(raw, `stack ${stack}`, pack);
    } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        problems.push(...err.problems);
    }
    if (problems.length > 0 || !parsed) throw new pulumi.RunError(new ConfigError(problems, `stack ${stack}`).message);
    return parsed;
}
