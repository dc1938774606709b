import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { formatPolicyConfigProblem, policyConfigProblems } from "../policypack/config";
import { allPolicies } from "../policypack/policies";
import type { PolicyPackConfigFile } from "./policy-engine";
import { EXIT, finish, InputError, previewProgram, runCli } from "./preview";

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

/** The program's entry module: package.json `main`, else index.ts / index.js, as the Node.js language host resolves it. */
function entryOf(programDir: string): string {
    const pkgFile = path.join(programDir, "package.json");
    const main = fs.existsSync(pkgFile) ? (JSON.parse(fs.readFileSync(pkgFile, "utf8")) as { main?: string }).main : undefined;
    const candidates = [main, "index.ts", "index.js"].filter((c): c is string => !!c).map((c) => path.resolve(programDir, c));
    const found = candidates.find((c) => fs.existsSync(c) || fs.existsSync(`${c}.ts`) || fs.existsSync(`${c}.js`));
    if (!found) throw new InputError(`${programDir}: no program entry point (expected package.json "main", index.ts or index.js)`);
    return found;
}

/**
 * Loads a TypeScript or JavaScript program the way `pulumi preview` would: TypeScript through
 * ts-node with the program's tsconfig, and every import resolved from the program's own directory
 * (its node_modules). Pulumi's runtime state is process-global, so the program's copy of
 * @pulumi/pulumi talks to the same mock monitor as ours.
 */
function loader(programDir: string): () => unknown {
    const entry = entryOf(programDir);
    return () => {
        const tsconfig = path.join(programDir, "tsconfig.json");
        require("ts-node").register({
            transpileOnly: true,
            ...(fs.existsSync(tsconfig) ? { project: tsconfig } : { skipProject: true }),
            compilerOptions: { module: "commonjs", moduleResolution: "node", esModuleInterop: true },
        });
        return require(entry);
    };
}

async function main(argv: readonly string[]): Promise<number> {
    let values;
    try {
        values = parseArgs({
            args: [...argv],
            options: {
                program: { type: "string" },
                stack: { type: "string" },
                "policy-config": { type: "string" },
                json: { type: "string" },
                markdown: { type: "string" },
                help: { type: "boolean" },
            },
            strict: true,
        }).values;
    } catch (err) {
        process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
        return EXIT.invalidInput;
    }
    if (values.help) {
        process.stdout.write(`${USAGE}\n`);
        return EXIT.ok;
    }
    if (!values.program) {
        process.stderr.write(`--program is required\n${USAGE}\n`);
        return EXIT.invalidInput;
    }
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
            load: loader(programDir),
            validate: () => packConfig,
            progress: (line) => process.stderr.write(`${line}\n`),
        });
    } finally {
        process.chdir(cwd);
    }
    const { report, remediation } = preview;
    return finish(report, remediation, { json: values.json, markdown: values.markdown });
}

if (require.main === module) runCli(main, "analyze");
