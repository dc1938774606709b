import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CREATED_LEDGER_ENV } from "./aws-stand-in";
import { engineBinDir, EngineError, REPO } from "./engine-toolchain";
import { EngineEvent, parseEngineEvents, StateExport } from "./engine-events";

/**
 * The real Pulumi engine, run here: the CLI and language host from engine/install.sh, the stand-in
 * AWS provider (tools/aws-stand-in.ts) installed as the `aws` plugin, and a local file backend with
 * a passphrase secrets provider. Users with credentials run the same commands against AWS.
 */

/** What one `pulumi` command did. */
export interface CommandResult {
    readonly args: readonly string[];
    readonly status: number;
    readonly stdout: string;
    readonly stderr: string;
}

/** The @pulumi/aws version the program depends on: the engine asks for that plugin version. */
function awsPluginVersion(): string {
    return (JSON.parse(fs.readFileSync(path.join(REPO, "node_modules", "@pulumi", "aws", "package.json"), "utf8")) as { version: string }).version;
}

/**
 * A throwaway engine workspace for one program and stack: its own PULUMI_HOME (plugins), a file
 * backend, and a copy of the program directory (its entries linked, its stack files copied, since
 * `stack init` writes the passphrase salt into Pulumi.<stack>.yaml).
 */
export class EngineWorkspace {
    readonly root: string;
    readonly projectDir: string;
    readonly env: NodeJS.ProcessEnv;

    constructor(
        readonly programDir: string,
        readonly stack: string,
    ) {
        const bin = engineBinDir();
        this.root = fs.mkdtempSync(path.join(os.tmpdir(), `lz-engine-${stack}-`));
        this.projectDir = path.join(this.root, "project");
        const home = path.join(this.root, "home");
        const backend = path.join(this.root, "backend");
        for (const dir of [this.projectDir, home, backend]) fs.mkdirSync(dir, { recursive: true });
        for (const entry of fs.readdirSync(programDir)) {
            if (entry === ".git" || entry === ".pulumi") continue;
            const from = path.join(programDir, entry);
            if (/^Pulumi\.[^.]+\.ya?ml$/.test(entry)) fs.copyFileSync(from, path.join(this.projectDir, entry));
            else fs.symlinkSync(from, path.join(this.projectDir, entry));
        }
        // A program inside this repository (a test fixture) runs with the repository's dependencies.
        if (!fs.existsSync(path.join(this.projectDir, "node_modules")))
            fs.symlinkSync(path.join(REPO, "node_modules"), path.join(this.projectDir, "node_modules"));
        this.env = {
            ...process.env,
            PATH: `${bin}${path.delimiter}${process.env.PATH ?? ""}`,
            PULUMI_HOME: home,
            PULUMI_BACKEND_URL: `file://${backend}`,
            // The local backend's secrets key; the stacks themselves hold no secrets.
            PULUMI_CONFIG_PASSPHRASE: "landing-zone-engine-tests",
            PULUMI_SKIP_UPDATE_CHECK: "true",
            // Every plugin is local: never reach for a download.
            PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
            PULUMI_SKIP_CONFIRMATIONS: "true",
            // The file backend otherwise rewrites and re-verifies the whole state file after every step
            // (O(n^2): 70% of the CLI's time in a dev preview). Skipped, the engine keeps the state in memory
            // and writes it, verified, once at the end (backend/snapshot.go, unsafeServiceLoop): the recorded
            // state and the events are the same; only a crash mid-run would lose the steps done so far.
            PULUMI_SKIP_CHECKPOINTS: "true",
            NO_COLOR: "1",
            // What the stand-in AWS provider processes created: a create AWS would refuse is refused.
            [CREATED_LEDGER_ENV]: path.join(this.root, "aws-created"),
        };
        this.installStandInProvider();
        this.must(["stack", "init", stack, "--secrets-provider", "passphrase"]);
    }

    /** Installs the stand-in as the `aws` resource plugin at the version the program asks for. */
    private installStandInProvider(): void {
        const pluginDir = path.join(this.root, "aws-plugin");
        fs.mkdirSync(pluginDir);
        const script = path.join(pluginDir, "pulumi-resource-aws");
        fs.writeFileSync(script, `#!/bin/sh\nexec "${process.execPath}" "${path.join(REPO, "dist", "tools", "aws-stand-in.js")}" "$@"\n`, { mode: 0o755 });
        if (!fs.existsSync(path.join(REPO, "dist", "tools", "aws-stand-in.js"))) throw new EngineError("dist/ is not built: run npm run build first");
        this.must(["plugin", "install", "resource", "aws", awsPluginVersion(), "--file", pluginDir]);
    }

    /** How to start `pulumi <args>` in this workspace (the benchmarks start it themselves to sample it). */
    invocation(args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}): { file: string; args: string[]; cwd: string; env: NodeJS.ProcessEnv } {
        return { file: "pulumi", args: [...args, "--non-interactive"], cwd: this.projectDir, env: { ...this.env, ...extraEnv } };
    }

    /** Runs `pulumi <args>` in the project and returns what it did. */
    pulumi(args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}): CommandResult {
        const call = this.invocation(args, extraEnv);
        const run = spawnSync(call.file, call.args, { cwd: call.cwd, env: call.env, encoding: "utf8", maxBuffer: 1024 * 1024 * 1024 });
        if (run.error) throw new EngineError(`pulumi ${args.join(" ")}: ${run.error.message}`);
        return { args, status: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
    }

    /** Runs a command that must succeed. */
    must(args: readonly string[]): CommandResult {
        const result = this.pulumi(args);
        if (result.status !== 0) throw new EngineError(`pulumi ${args.join(" ")} exited ${result.status}:\n${result.stderr || result.stdout}`);
        return result;
    }

    /** Runs a preview or update with `--json` streaming engine events, and returns them parsed. */
    events(args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}): { result: CommandResult; events: EngineEvent[] } {
        const result = this.pulumi(args.includes("--json") ? args : [...args, "--json"], { ...extraEnv, PULUMI_ENABLE_STREAMING_JSON_PREVIEW: "true" });
        return { result, events: parseEngineEvents(result.stdout) };
    }

    /** The stack's state as the engine recorded it. */
    exportState(): StateExport {
        return JSON.parse(this.must(["stack", "export"]).stdout) as StateExport;
    }

    dispose(): void {
        fs.rmSync(this.root, { recursive: true, force: true });
    }
}
