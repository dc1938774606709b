import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";

/** A Pulumi project and one stack's config, read the way the CLI reads them. */
export interface StackFiles {
    readonly project: string;
    readonly stack: string;
    /** `namespace:key` -> value as written in YAML (objects stay objects). */
    readonly values: Readonly<Record<string, unknown>>;
    /** Keys whose values are `secure:` ciphertexts. */
    readonly secretKeys: readonly string[];
    readonly configFile: string;
}

/** Raised for a missing or unreadable project or stack file; the message names the file. */
export class StackFileError extends Error {}

function readYaml(file: string): Record<string, unknown> {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch {
        throw new StackFileError(`${file}: cannot read the file (expected an existing Pulumi YAML file)`);
    }
    try {
        const doc = YAML.parse(text) as unknown;
        return doc && typeof doc === "object" ? (doc as Record<string, unknown>) : {};
    } catch (err) {
        throw new StackFileError(`${file}: not valid YAML (${(err as Error).message.split("\n")[0]})`);
    }
}

/**
 * Project config in Pulumi.yaml: `key: value`, `key: { value: ... }` or a declaration with a
 * `default` (`key: { type: string, default: ... }`); keys without a namespace are the project's.
 */
function projectValues(project: Record<string, unknown>, name: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const config = (project.config ?? {}) as Record<string, unknown>;
    for (const [rawKey, decl] of Object.entries(config)) {
        const key = rawKey.includes(":") ? rawKey : `${name}:${rawKey}`;
        if (decl && typeof decl === "object" && !Array.isArray(decl)) {
            if ("value" in decl) out[key] = (decl as { value: unknown }).value;
            else if ("default" in decl) out[key] = (decl as { default: unknown }).default;
        } else out[key] = decl;
    }
    return out;
}

/** Reads Pulumi.yaml and Pulumi.<stack>.yaml (or an explicit config file) from a program directory. */
export function readStackFiles(programDir: string, stack: string, configFile?: string): StackFiles {
    const projectFile = ["Pulumi.yaml", "Pulumi.yml"].map((f) => path.join(programDir, f)).find((f) => fs.existsSync(f));
    if (!projectFile) throw new StackFileError(`${programDir}: no Pulumi.yaml (expected a Pulumi project directory)`);
    const project = readYaml(projectFile);
    if (typeof project.name !== "string") throw new StackFileError(`${projectFile}: name is missing (expected the project name)`);
    // `stackConfigDir` moves the stack files, relative to the project.
    const stackDir = typeof project.stackConfigDir === "string" ? path.resolve(programDir, project.stackConfigDir) : programDir;
    const file = configFile ?? path.join(stackDir, `Pulumi.${stack}.yaml`);
    const stackDoc = fs.existsSync(file) || configFile ? readYaml(file) : {};
    const stackConfig = (stackDoc.config ?? {}) as Record<string, unknown>;
    const values: Record<string, unknown> = { ...projectValues(project, project.name) };
    const secretKeys: string[] = [];
    for (const [rawKey, value] of Object.entries(stackConfig)) {
        // Keys without a namespace belong to the project.
        const key = rawKey.includes(":") ? rawKey : `${project.name}:${rawKey}`;
        if (value && typeof value === "object" && !Array.isArray(value) && "secure" in value) {
            secretKeys.push(key);
            values[key] = "[secret]";
        } else {
            values[key] = value;
        }
    }
    return { project: project.name, stack, values, secretKeys, configFile: file };
}

/** The config map the Pulumi CLI hands a program: strings as-is, everything else JSON-encoded. */
export function runtimeConfig(values: Readonly<Record<string, unknown>>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(values)) out[key] = typeof value === "string" ? value : JSON.stringify(value);
    return out;
}
