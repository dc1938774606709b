import * as path from "path";
import { namespacedConfig, parseLandingZoneConfig } from "../stacks/config";
import { runProgram } from "../tools/mock-runtime";
import { grpcHandlers, spawnPack } from "../tools/pack-process";
import { analyzeResources, analyzerInfo, configurePack, expandPolicyConfig, loadPolicyPack, PolicyPackConfigFile } from "../tools/policy-engine";
import { readStackFiles, runtimeConfig } from "../tools/stack-files";

/**
 * The policy pack alone, on the prod stack's resource graph: resources analyzed per second
 * in-process (the offline preview's path) and over gRPC against the pack started as the engine
 * starts it, plus that process's start-up time (spawn to port printed).
 * Usage: npm run bench:pack [-- <stack>]
 */
const DIST = path.resolve(__dirname, "..");
const REPO = path.resolve(DIST, "..");
const PACK_DIR = path.join(REPO, "policypack");

async function main() {
    const stack = process.argv[2] ?? "prod";
    const files = readStackFiles(REPO, stack);
    const config = parseLandingZoneConfig(namespacedConfig(files.values));
    const packConfig = { all: config.policyPack.enforcementLevel, ...config.policyPack.policies } as PolicyPackConfigFile;
    const run = await runProgram({ project: files.project, stack, config: runtimeConfig(files.values), load: () => require(path.join(DIST, "index.js")) });
    const stackUrn = run.resources.find((r) => r.type === "pulumi:pulumi:Stack")!.urn;

    const loadStarted = process.hrtime.bigint();
    const local = loadPolicyPack(PACK_DIR, path.join(DIST, "policypack", "index.js"));
    const info = await analyzerInfo(local);
    const loadMs = Number(process.hrtime.bigint() - loadStarted) / 1e6;
    await configurePack(local, expandPolicyConfig(packConfig, info.policies));
    const timed = async (handlers: typeof local) => {
        const started = process.hrtime.bigint();
        const { violations } = await analyzeResources(handlers, run.resources, stackUrn);
        return { ms: Number(process.hrtime.bigint() - started) / 1e6, violations: violations.length };
    };
    await timed(local); // warm-up: JIT and lazy requires
    const inProcess = await timed(local);

    const spawnStarted = process.hrtime.bigint();
    const pack = await spawnPack(PACK_DIR);
    const startupMs = Number(process.hrtime.bigint() - spawnStarted) / 1e6;
    try {
        const remote = grpcHandlers(pack.port) as unknown as typeof local;
        await configurePack(remote, expandPolicyConfig(packConfig, (await analyzerInfo(remote)).policies));
        await timed(remote);
        const overGrpc = await timed(remote);
        const rate = (ms: number) => Math.round(run.resources.length / (ms / 1000));
        console.log(`stack ${stack}: ${run.resources.length} registrations, ${info.policies.length} policies`);
        console.log("| path | resources/s | wall ms | violations |");
        console.log("| --- | ---: | ---: | ---: |");
        console.log(`| in-process (offline preview) | ${rate(inProcess.ms)} | ${inProcess.ms.toFixed(0)} | ${inProcess.violations} |`);
        console.log(`| gRPC (engine protocol) | ${rate(overGrpc.ms)} | ${overGrpc.ms.toFixed(0)} | ${overGrpc.violations} |`);
        console.log(`pack start-up as the engine runs it (spawn to port): ${startupMs.toFixed(0)} ms; in-process load: ${loadMs.toFixed(0)} ms`);
    } finally {
        pack.stop();
    }
}

main().then(
    () => process.exit(0),
    (err) => {
        process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
        process.exit(1);
    },
);
