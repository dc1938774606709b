import * as fs from "fs";
import * as path from "path";
import { formatPolicyConfigProblem, packPolicySettings, PolicyConfigProblem, policyConfigProblems } from "../policypack/config";
import { policyConfigSpecs } from "../policypack/config-schema";
import type { IdentityConfig } from "./schema/identity";

/**
 * A stack's policy pack config: the CLI's `--policy-pack-config` JSON (`"all"` plus one entry per
 * policy: an enforcement level, or an object with `enforcementLevel` and the policy's parameters).
 */
export type PolicyPackSettings = Readonly<Record<string, unknown>>;

/** The stack's pack config file, relative to the project: what every workflow passes as `--policy-pack-config`. */
export function policyPackConfigPath(stack: string): string {
    return path.posix.join("policypack", "config", `${stack}.json`);
}

/** A stack's pack config as read from its file: the file as named in problems, and its content or why it cannot be used. */
export interface PolicyPackSource {
    /** The file relative to the project (`policypack/config/<stack>.json`). */
    readonly file: string;
    /** The file's JSON object; undefined when `problem` says why there is none. */
    readonly config?: PolicyPackSettings;
    /** "<what is wrong> (got <value>; expected <what>)" when the file is missing or not a JSON object. */
    readonly problem?: string;
}

/** Reads `policypack/config/<stack>.json` under the project directory; never throws, a problem is data. */
export function readPolicyPackConfig(projectDir: string, stack: string): PolicyPackSource {
    const file = policyPackConfigPath(stack);
    const expected = "expected the stack's policy pack config: a JSON object as for pulumi preview --policy-pack-config, policypack/README.md";
    let text: string;
    try {
        text = fs.readFileSync(path.join(projectDir, file), "utf8");
    } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        return { file, problem: `cannot read the file (got ${code === "ENOENT" ? "no such file" : String(code ?? err)}; ${expected})` };
    }
    let config: unknown;
    try {
        config = JSON.parse(text);
    } catch (err) {
        return { file, problem: `not valid JSON (got ${(err as Error).message.split("\n")[0]}; ${expected})` };
    }
    if (!config || typeof config !== "object" || Array.isArray(config)) return { file, problem: `wrong type (got ${JSON.stringify(config)}; ${expected})` };
    return { file, config: config as PolicyPackSettings };
}

/**
 * The project directory of the running program: the engine's root directory (where Pulumi.yaml is),
 * else the nearest directory above this module holding Pulumi.yaml. The SDK reports the placeholder
 * "rootDirectory" when the language host passed none (older CLIs, the mock runtime).
 */
export function projectDirectory(rootDirectory: string): string {
    if (path.isAbsolute(rootDirectory) && fs.existsSync(rootDirectory)) return rootDirectory;
    for (let dir = __dirname; ; dir = path.dirname(dir)) {
        if (fs.existsSync(path.join(dir, "Pulumi.yaml"))) return dir;
        if (path.dirname(dir) === dir) return process.cwd();
    }
}

/**
 * The problems of a stack's pack config file, each as `<file>: <key path>: <what is wrong> (got <value>;
 * expected <what>)`: each policy's configSchema (levels, parameter names and types, as the CLI checks them
 * before Configure), and the rules that need the rest of the stack config. `identity` is undefined when the
 * stack config's identity section was rejected: its own problems say why, and the rules needing it wait.
 */
export function policyPackConfigProblems(pack: PolicyPackSource, identity: Pick<IdentityConfig, "breakGlass"> | undefined): string[] {
    if (pack.problem) return [`${pack.file}: ${pack.problem}`];
    const settings = pack.config ?? {};
    const problems: PolicyConfigProblem[] = [...policyConfigProblems(settings, policyConfigSpecs), ...(identity ? breakGlassProblems(settings, identity) : [])];
    return problems.map((p) => `${pack.file}: ${formatPolicyConfigProblem(settings, p)}`);
}

/** The break-glass exemption must name exactly the administrator break-glass roles. */
function breakGlassProblems(settings: PolicyPackSettings, identity: Pick<IdentityConfig, "breakGlass">): PolicyConfigProblem[] {
    const problems: PolicyConfigProblem[] = [];
    const setting = packPolicySettings(settings)["iam-no-privileged-managed-policies"];
    const given = setting && typeof setting === "object" ? (setting as { exemptRoles?: unknown }).exemptRoles : undefined;
    const exempt = Array.isArray(given) ? given.map(String) : [];
    const bg = identity.breakGlass;
    const admins = bg ? bg.roleNames.filter((r) => !bg.readOnlyRoleNames.includes(r)) : [];
    const path = ["iam-no-privileged-managed-policies", "exemptRoles"];
    const missing = admins.filter((r) => !exempt.includes(r));
    const extra = exempt.filter((r) => !admins.includes(r));
    if (missing.length > 0)
        problems.push({
            path,
            message: `break-glass administrator role(s) ${missing.join(", ")} not exempt (expected the administrator roles of landing-zone:identity.breakGlass.roleNames)`,
        });
    if (extra.length > 0)
        problems.push({
            path,
            message: `role(s) ${extra.join(", ")} are not administrator break-glass roles (expected only landing-zone:identity.breakGlass.roleNames minus readOnlyRoleNames)`,
        });
    return problems;
}

/**
 * Administration ports the pack's NACL policy checks in this stack (its `ports` parameter, else the
 * schema's default): spoke and inspection NACLs admit internet return traffic only around them.
 */
export function naclAdminPortsOf(settings: PolicyPackSettings): number[] {
    const policy = "nacl-no-admin-ports-from-internet";
    const setting = packPolicySettings(settings)[policy];
    const ports = setting && typeof setting === "object" ? (setting as { ports?: unknown }).ports : undefined;
    if (Array.isArray(ports) && ports.every((p) => Number.isInteger(p))) return ports as number[];
    const fallback = policyConfigSpecs.find((p) => p.name === policy)?.configSchema?.properties.ports?.default;
    if (!Array.isArray(fallback)) throw new Error(`policypack/config-schema.ts: ${policy} has no default ports (regenerate with npm run -s pack:config-schema)`);
    return fallback as number[];
}
