import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { syntheticConfig } from "./synthetic-config";

/**
 * The offline preview at organization scale: synthetic configs of N workload accounts, each run
 * in a fresh process, against the floor of the same number of bare resources.
 * Usage: npm run bench [-- 10 50 200 500]
 */
const REPO = path.resolve(__dirname, "..", "..");

interface Measurement {
    registrations: number;
    programMs: number;
    maxRssMb: number;
    programPeakMb?: number;
    packLoadMs?: number;
    analyzeMs?: number;
}

function measure(args: string[]): { wallMs: number; m: Measurement } {
    const started = Date.now();
    const run = spawnSync(process.execPath, [path.join(REPO, "dist", "bench", "measure.js"), ...args], {
        cwd: REPO,
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
    });
    if (run.status !== 0) throw new Error(`measure ${args.join(" ")} failed: ${run.stderr}`);
    return { wallMs: Date.now() - started, m: JSON.parse(run.stdout.trim().split("\n").pop()!) as Measurement };
}

function main() {
    const sizes = process.argv
        .slice(2)
        .map(Number)
        .filter((n) => n > 0);
    const workloads = sizes.length > 0 ? sizes : [10, 50, 200, 500];
    execFileSync("npm", ["run", "-s", "build"], { cwd: REPO, stdio: "inherit" });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lz-bench-"));
    console.log(`machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`);
    console.log(
        "| workload accounts | registrations | wall s | program s | ms/resource | floor ms/resource | ratio to floor | program peak MB | pack s | pack resources/s | peak MB |",
    );
    console.log("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (const n of workloads) {
        const file = path.join(dir, `Pulumi.bench-${n}.yaml`);
        fs.writeFileSync(file, syntheticConfig(REPO, n));
        const lz = measure(["lz", file]);
        const floor = measure(["floor", String(lz.m.registrations)]);
        const per = lz.m.programMs / lz.m.registrations;
        const floorPer = floor.m.programMs / floor.m.registrations;
        const packMs = (lz.m.packLoadMs ?? 0) + (lz.m.analyzeMs ?? 0);
        const packRate = lz.m.analyzeMs ? Math.round(lz.m.registrations / (lz.m.analyzeMs / 1000)) : 0;
        console.log(
            `| ${n} | ${lz.m.registrations} | ${(lz.wallMs / 1000).toFixed(1)} | ${(lz.m.programMs / 1000).toFixed(1)} | ${per.toFixed(2)} | ${floorPer.toFixed(2)} | ${(per / floorPer).toFixed(2)} | ${lz.m.programPeakMb} | ${(packMs / 1000).toFixed(1)} | ${packRate} | ${lz.m.maxRssMb} |`,
        );
    }
    fs.rmSync(dir, { recursive: true, force: true });
}

main();
