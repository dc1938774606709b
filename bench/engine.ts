import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { EngineWorkspace } from "../tools/engine";
import { REPO } from "../tools/engine-toolchain";
import { workflowCommands } from "../tools/workflow-commands";

/**
 * The real engine beside the offline preview, in one run: wall time and peak memory of the whole
 * process tree (CLI, language host, program, stand-in providers, policy pack), sampled from /proc.
 * Every stack is previewed both ways; dev is also deployed and previewed deployed.
 * Usage: npm run bench:engine [-- dev prod]
 */

/** Resident memory of a process and all its descendants, in MB. */
function treeRssMb(root: number): number {
    const parents = new Map<number, number>();
    const rss = new Map<number, number>();
    for (const entry of fs.readdirSync("/proc")) {
        if (!/^\d+$/.test(entry)) continue;
        try {
            const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
            const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
            parents.set(Number(entry), Number(fields[1]));
            rss.set(Number(entry), (Number(fields[21]) * 4096) / (1024 * 1024));
        } catch {
            // The process ended while being read.
        }
    }
    let total = 0;
    const pending = [root];
    while (pending.length > 0) {
        const pid = pending.pop()!;
        total += rss.get(pid) ?? 0;
        for (const [child, parent] of parents) if (parent === pid) pending.push(child);
    }
    return total;
}

/** Runs a command to its end, sampling its tree's memory every 200 ms. */
function measured(file: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ seconds: number; peakMb: number; status: number }> {
    return new Promise((resolve) => {
        const started = Date.now();
        const child = spawn(file, args, { cwd, env, stdio: ["ignore", "ignore", "ignore"] });
        let peakMb = 0;
        const timer = setInterval(() => (peakMb = Math.max(peakMb, treeRssMb(child.pid!))), 200);
        child.on("exit", (code) => {
            clearInterval(timer);
            resolve({ seconds: (Date.now() - started) / 1000, peakMb: Math.round(peakMb), status: code ?? -1 });
        });
    });
}

async function main() {
    const stacks = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ["dev", "prod"];
    const rows: string[] = ["| stack | run | wall s | peak MB (process tree) | exit |", "| --- | --- | ---: | ---: | ---: |"];
    const row = (stack: string, what: string, m: { seconds: number; peakMb: number; status: number }) => {
        rows.push(`| ${stack} | ${what} | ${m.seconds.toFixed(1)} | ${m.peakMb.toLocaleString("en-US")} | ${m.status} |`);
        process.stderr.write(`${rows[rows.length - 1]}\n`);
    };
    const temp = fs.mkdtempSync(path.join(os.tmpdir(), "lz-bench-engine-"));
    for (const stack of stacks) {
        const preview = path.join(REPO, "dist", "tools", "preview.js");
        const json = path.join(temp, "report.json");
        row(
            stack,
            "offline preview, first rollout",
            await measured(process.execPath, [preview, "--stack", stack, "--first-rollout", "--json", json], REPO, process.env),
        );
        row(stack, "offline preview, deployed stack", await measured(process.execPath, [preview, "--stack", stack, "--json", json], REPO, process.env));
        const commands = workflowCommands(stack, temp);
        const args = (file: string, name: string) => commands.find((c) => c.source.startsWith(`${file}:`) && c.command === name)!.args;
        const ws = new EngineWorkspace(REPO, stack);
        try {
            const run = async (what: string, a: readonly string[]) => {
                const call = ws.invocation(a);
                row(stack, what, await measured(call.file, call.args, call.cwd, call.env));
            };
            await run("engine preview, first rollout (pull-request.yml)", args("pull-request.yml", "preview"));
            // Deploying prod here takes the engine several minutes: dev only.
            if (stack !== "dev") continue;
            await run("engine up (deploy.yml)", args("deploy.yml", "up"));
            await run("engine preview, deployed stack (pull-request.yml)", args("pull-request.yml", "preview"));
        } finally {
            ws.dispose();
        }
    }
    fs.rmSync(temp, { recursive: true, force: true });
    process.stdout.write(`${rows.join("\n")}\n`);
}

main().catch((err) => {
    process.stderr.write(`bench:engine failed: ${(err as Error).message}\n`);
    process.exit(1);
});
