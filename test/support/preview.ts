import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { PreviewReport, ReportResource } from "../../tools/report-model";
import { sharedOnce } from "./run-cache";

export const REPO = path.resolve(__dirname, "..", "..");

let built = false;

/** Set by the parallel runner once it has built dist/ (test/support/build-once.ts); its workers inherit it. */
export const DIST_BUILT_ENV = "LZ_TEST_DIST_BUILT";

/** Compiles the program, pack and tools to dist/ once per test process (or run, in parallel), as `npm run preview` does. */
export function ensureBuilt(): void {
    if (built || process.env[DIST_BUILT_ENV] === "1") return;
    execFileSync("npm", ["run", "-s", "build"], { cwd: REPO, stdio: "inherit" });
    built = true;
}

export interface PreviewRun {
    readonly code: number;
    readonly stdout: string;
    readonly stderr: string;
    /** The `--json` report; undefined when the preview stopped before writing it. */
    readonly report?: PreviewReport;
    readonly markdown?: string;
}

/**
 * Runs the offline preview exactly as a user does (a separate process, compiled JS) and returns
 * its exit code, output and JSON report. An unmodified stack previews once per test run
 * (test/support/run-cache.ts); a run with other config or arguments is its own.
 */
export function runPreview(args: { stack: string; configYaml?: string; extraArgs?: readonly string[] }): PreviewRun {
    if (args.configYaml === undefined && !args.extraArgs) return sharedOnce(JSON.stringify(["preview", args.stack]), () => previewProcess(args));
    return previewProcess(args);
}

function previewProcess(args: { stack: string; configYaml?: string; extraArgs?: readonly string[] }): PreviewRun {
    ensureBuilt();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lz-preview-"));
    const json = path.join(dir, "report.json");
    const markdown = path.join(dir, "report.md");
    const cli = ["dist/tools/preview.js", "--stack", args.stack, "--json", json, "--markdown", markdown, ...(args.extraArgs ?? [])];
    if (args.configYaml !== undefined) {
        const file = path.join(dir, `Pulumi.${args.stack}.yaml`);
        fs.writeFileSync(file, args.configYaml);
        cli.push("--config", file);
    }
    const result = spawnSync(process.execPath, cli, { cwd: REPO, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
    const run: PreviewRun = {
        code: result.status ?? -1,
        stdout: result.stdout,
        stderr: result.stderr,
        report: fs.existsSync(json) ? (JSON.parse(fs.readFileSync(json, "utf8")) as PreviewReport) : undefined,
        markdown: fs.existsSync(markdown) ? fs.readFileSync(markdown, "utf8") : undefined,
    };
    fs.rmSync(dir, { recursive: true, force: true });
    return run;
}

/** The resources of an unmodified stack's offline preview (the cached run), failing with its stderr when it wrote no report. */
export function stackResources(stack: string): readonly ReportResource[] {
    const run = runPreview({ stack });
    if (!run.report) throw new Error(`offline preview of ${stack} wrote no report:\n${run.stderr}`);
    return run.report.resources;
}

/** A stack file's text, for tests that edit config. */
export function stackYaml(stack: string): string {
    return fs.readFileSync(path.join(REPO, `Pulumi.${stack}.yaml`), "utf8");
}

export interface AnalyzeRun {
    readonly code: number;
    readonly stdout: string;
    readonly stderr: string;
    readonly report?: PreviewReport;
}

/** Runs `npm run analyze` as a workload team would (compiled CLI in its own process). */
export function runAnalyze(args: readonly string[]): AnalyzeRun {
    ensureBuilt();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "analyze-"));
    const json = path.join(dir, "report.json");
    const r = spawnSync(process.execPath, ["dist/tools/analyze.js", ...args, "--json", json], { cwd: REPO, encoding: "utf8" });
    const run = {
        code: r.status ?? -1,
        stdout: r.stdout,
        stderr: r.stderr,
        report: fs.existsSync(json) ? (JSON.parse(fs.readFileSync(json, "utf8")) as PreviewReport) : undefined,
    };
    fs.rmSync(dir, { recursive: true, force: true });
    return run;
}
