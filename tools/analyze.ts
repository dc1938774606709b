import * as fs from "fs";
import { register } from "module";
import * as path from "path";
import * as url from "url";
import * as YAML from "yaml";
import { formatPolicyConfigProblem, policyConfigProblems } from "../policypack/config";
import { allPolicies } from "../policypack/policies";
import type { PolicyPackConfigFile } from "./policy-engine";
import { EXIT, finish, previewProgram, runCli } from "./preview";
import { InputError } from "./cli-args";
import { parseCommandLine } from "./cli-args";
import { esmHooks, PROGRAM_SDK_MAJORS } from "./sdk-internals";

const USAGE = "usage: npm run analyze -- --program <dir> [--stack <name>] [--policy-config <file.json>] [--json <file>] [--markdown <file>]";

/** The stack to read when none is named: the program's only Pulumi.<stack>.yaml, else none (project config only). */
function defaultStack(programDir: string): string {
    const stacks = fs.existsSync(programDir) ? fs.readdirSync(programDir).flatMap((f) => /^Pulumi\.(.+)\.ya?ml$/.exec(f)?.[1] ?? []) : [];
    return stacks.length === 1 ? stacks[0] : "analyze";
}

/** Reads policy config in the CLI's `--policy-pack-config` format and checks it against the pack. */
export function readPolicyConfig(file: string | undefined): PolicyPackConfigFile {
    if (!file) return {};
    let config: unknown;
    try {
        config = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (err) {
        throw new InputError(
            `${file}: cannot read policy config (${(err as Error).message.split("\n")[0]}; expected a JSON object as for pulumi preview --policy-pack-config)`,
        );
    }
    if (!config || typeof config !== "object" || Array.isArray(config))
        throw new InputError(`${file}: policy config must be a JSON object (got ${JSON.stringify(config)})`);
    const problems = policyConfigProblems(config as Record<string, unknown>, allPolicies).map((p) =>
        formatPolicyConfigProblem(config as Record<string, unknown>, p),
    );
    if (problems.length > 0)
        throw new InputError(
            `Invalid policy config in ${file} (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${problems.map((p) => `  - ${p}`).join("\n")}`,
        );
    return config as PolicyPackConfigFile;
}

/**
 * Where the program starts, as the CLI and the Node.js language host resolve it: Pulumi.yaml's
 * `main` (a file, or a directory that replaces the project directory), then that directory's
 * package.json `exports`/`main`, then index.ts / index.js / index.mjs. ESM is a `.mjs` file or a
 * package.json `"type": "module"`.
 */
export function entryOf(projectDir: string): { file: string; esm: boolean } {
    const projectFile = ["Pulumi.yaml", "Pulumi.yml"].map((f) => path.join(projectDir, f)).find((f) => fs.existsSync(f));
    const main = projectFile ? (YAML.parse(fs.readFileSync(projectFile, "utf8")) as { main?: unknown } | null)?.main : undefined;
    let dir = projectDir;
    let file: string | undefined;
    if (typeof main === "string") {
        const target = path.resolve(projectDir, main);
        if (!fs.existsSync(target)) throw new InputError(`${projectFile}: main ${main} does not exist (expected the program's file or directory)`);
        if (fs.statSync(target).isDirectory()) dir = target;
        else file = target;
    }
    const pkg = nearestPackageJson(file ? path.dirname(file) : dir);
    if (!file) {
        const exported = typeof pkg?.exports === "string" ? pkg.exports : (pkg?.exports as { "."?: unknown } | undefined)?.["."];
        const declared = [typeof exported === "string" ? exported : undefined, pkg?.main].find((c): c is string => typeof c === "string");
        const candidates = [declared, "index.ts", "index.js", "index.mjs"].filter((c): c is string => !!c).map((c) => path.resolve(dir, c));
        file = candidates.flatMap((c) => [c, `${c}.ts`, `${c}.js`]).find((c) => fs.existsSync(c) && fs.statSync(c).isFile());
        if (!file) throw new InputError(`${dir}: no program entry point (expected Pulumi.yaml main, package.json "main", index.ts or index.js)`);
    }
    const esm = /\.m[jt]s$/.test(file) || (pkg?.type === "module" && !/\.c[jt]s$/.test(file));
    return { file, esm };
}

function nearestPackageJson(dir: string): { main?: string; exports?: unknown; type?: string } | undefined {
    for (let d = dir; ; d = path.dirname(d)) {
        const file = path.join(d, "package.json");
        if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, "utf8"));
        if (path.dirname(d) === d) return undefined;
    }
}

/** The SDK majors the mock runtime attaches to and the @pulumi/aws majors whose types it models. */
const SUPPORTED = { "@pulumi/pulumi": PROGRAM_SDK_MAJORS, "@pulumi/aws": [6, 7] } as const;

/**
 * The @pulumi/pulumi the program loads from its own node_modules, when it is not the analyzer's own
 * copy (undefined: ours, or none installed). Versions the mock runtime cannot drive are refused by name.
 */
export function programSdk(entryFile: string): string | undefined {
    const installed = (name: keyof typeof SUPPORTED) => {
        try {
            const file = require.resolve(`${name}/package.json`, { paths: [path.dirname(entryFile)] });
            return { dir: path.dirname(fs.realpathSync(file)), version: String((JSON.parse(fs.readFileSync(file, "utf8")) as { version?: unknown }).version) };
        } catch {
            return undefined;
        }
    };
    for (const name of Object.keys(SUPPORTED) as (keyof typeof SUPPORTED)[]) {
        const found = installed(name);
        const majors: readonly number[] = SUPPORTED[name];
        if (found && !majors.includes(Number(found.version.split(".")[0])))
            throw new InputError(
                `${entryFile}: the program uses ${name} ${found.version}, which the offline analyzer does not support (expected ${majors.map((m) => `${m}.x`).join(" or ")}; upgrade it, or run pulumi preview with the pack)`,
            );
    }
    const sdk = installed("@pulumi/pulumi");
    const ours = path.dirname(fs.realpathSync(require.resolve("@pulumi/pulumi/package.json")));
    return sdk && sdk.dir !== ours ? sdk.dir : undefined;
}

/** import() that esbuild's CommonJS output leaves alone (it would turn it into require). */
const importModule = new Function("specifier", "return import(specifier)") as (specifier: string) => Promise<Record<string, unknown>>;

/**
 * Registers TypeScript ES module loading as the language host's automatic ESM mode does
 * (@pulumi/pulumi cmd/run/run.js): the SDK's own cmd/run/hooks.js (ts-node's ESM hooks) through
 * module.register, with the program's tsconfig compilerOptions over the host's defaults (ES2022,
 * nodenext). One difference: transpile only, as for CommonJS programs here; the pack judges the
 * resources, and a type error is the program's own build's to report.
 */
function registerTypeScriptEsm(entryFile: string, sdkDir: string): void {
    const hooks = esmHooks(sdkDir);
    const version = (JSON.parse(fs.readFileSync(path.join(sdkDir, "package.json"), "utf8")) as { version?: string }).version;
    if (!hooks)
        throw new InputError(
            `${entryFile}: a TypeScript ES module program needs @pulumi/pulumi's automatic ESM mode (cmd/run/hooks.js), which the program's @pulumi/pulumi ${version} lacks (upgrade @pulumi/pulumi, or compile the program with tsc)`,
        );
    const dir = path.dirname(entryFile);
    const typescript = require.resolve("typescript", { paths: [dir, sdkDir] });
    const ts = require(typescript) as typeof import("typescript");
    const tsconfig = path.join(dir, "tsconfig.json");
    const skipProject = !fs.existsSync(tsconfig);
    const fromFile = skipProject
        ? {}
        : ((ts.readConfigFile(tsconfig, ts.sys.readFile).config as { compilerOptions?: object } | undefined)?.compilerOptions ?? {});
    const options = {
        compiler: typescript,
        transpileOnly: true,
        project: tsconfig,
        skipProject,
        compilerOptions: { target: "ES2022", module: "nodenext", moduleResolution: "nodenext", sourceMap: "true", ...fromFile },
    };
    register(url.pathToFileURL(hooks).href, { data: options });
}

/**
 * Loads a TypeScript or JavaScript program the way `pulumi preview` would: TypeScript through
 * ts-node with the program's tsconfig (ES modules through the SDK's own ESM hooks), ES modules
 * through import() (a module with a default export is that export, as the language host takes it),
 * and every import resolved from the program's own directory (its node_modules). Pulumi's runtime
 * state is process-global, so the program's copy of @pulumi/pulumi talks to the same mock monitor as ours.
 */
function loader(programDir: string): { load: () => unknown; sdk?: string } {
    const entry = entryOf(programDir);
    const sdk = programSdk(entry.file);
    if (entry.esm && /\.[cm]?ts$/.test(entry.file)) registerTypeScriptEsm(entry.file, sdk ?? path.dirname(require.resolve("@pulumi/pulumi/package.json")));
    const load = () => {
        if (entry.esm)
            return importModule(url.pathToFileURL(entry.file).href).then((ns) => (Object.keys(ns).length === 1 && "default" in ns ? ns.default : ns));
        const tsconfig = path.join(path.dirname(entry.file), "tsconfig.json");
        require("ts-node").register({
            transpileOnly: true,
            ...(fs.existsSync(tsconfig) ? { project: tsconfig } : { skipProject: true }),
            compilerOptions: { module: "commonjs", moduleResolution: "node", esModuleInterop: true },
        });
        return require(entry.file);
    };
    return { load, sdk };
}

async function main(argv: readonly string[]): Promise<number> {
    const values = parseCommandLine(
        argv,
        USAGE,
        {
            program: { type: "string" },
            stack: { type: "string" },
            "policy-config": { type: "string" },
            json: { type: "string" },
            markdown: { type: "string" },
        },
        ["program"],
    );
    if (!values) return EXIT.ok;
    const programDir = path.resolve(values.program);
    if (!fs.existsSync(programDir) || !fs.statSync(programDir).isDirectory())
        throw new InputError(`${values.program}: not a directory (expected a Pulumi program directory)`);
    const packConfig = readPolicyConfig(values["policy-config"] ? path.resolve(values["policy-config"]) : undefined);
    // The program runs in its own directory, as under the language host (relative reads, exported async functions).
    const cwd = process.cwd();
    process.chdir(programDir);
    let preview;
    try {
        preview = await previewProgram({
            programDir,
            stack: values.stack ?? defaultStack(programDir),
            ...loader(programDir),
            validate: () => packConfig,
            progress: (line) => process.stderr.write(`${line}\n`),
        });
    } finally {
        process.chdir(cwd);
    }
    const { report, remediation, unseen } = preview;
    const code = finish(report, remediation, { json: values.json, markdown: values.markdown });
    if (unseen.length > 0)
        process.stdout.write(
            `\nNOT SEEN: ${unseen.length} multi-language component(s) build their resources in a provider plugin the offline analyzer does not run; the verdict covers their inputs, not their children:\n${unseen.map((u) => `  - ${u}`).join("\n")}\nPreview with the pack through the engine (pulumi preview --policy-pack) to see them.\n`,
        );
    return code;
}

if (require.main === module) runCli(main, "analyze");
