import * as path from "path";
import { namespacedConfig, parseLandingZoneConfig } from "../stacks/config";
import { readPolicyPackConfig } from "../stacks/policy-pack";
import { runProgram } from "../tools/mock-runtime";
import { grpcHandlers, spawnPack } from "../tools/pack-process";
import { analyzeResources, analyzerInfo, configurePack, expandPolicyConfig, loadPolicyPack, PolicyPackConfigFile } from "../tools/policy-engine";
import { PolicyEvaluator } from "../tools/policy-evaluator";
import { loadPackDefinition } from "../tools/pack-definition";
import { readStackFiles, runtimeConfig } from "../tools/stack-files";

/**
 * The policy pack alone, on the prod stack's resource graph: resources analyzed per second by the
 * fast evaluator (the offline preview's path), by @pulumi/policy's own analyzer handlers in-process
 * (the reference) and over gRPC against the pack started as the engine starts it, plus start-up
 * times (the evaluator's pack load, the handlers' in-process load, the engine's spawn to port printed).
 * Each rate is the median of three runs after a warm-up.
 * Usage: npm run bench:pack [-- <stack>]
 */
const DIST = path.resolve(__dirname, "..");
const REPO = path.resolve(DIST, "..");
const PACK_DIR = path.join(REPO, "policypack");

async function main() {
    const stack = process.argv[2] ?? "prod";
    const files = readStackFiles(REPO, stack);
    const config = parseLandingZoneConfig(namespacedConfig(files.values), files.configFile, readPolicyPackConfig(REPO, stack));
    const packConfig = config.policyPack as PolicyPackConfigFile;
    const run = await runProgram({ project: files.project, stack, config: runtimeConfig(files.values), load: () => require(path.join(DIST, "index.js")) });
    const stackUrn = run.resources.find((r) => r.type === "pulumi:pulumi:Stack")!.urn;

    const since = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e6;
    /** One warm-up (JIT, lazy requires), then the median of three runs: the machine is shared and noisy. */
    const timed = async (evaluate: () => Promise<{ violations: unknown[] }>) => {
        await evaluate();
        const runs: { ms: number; violations: number }[] = [];
        for (let i = 0; i < 3; i++) {
            const started = process.hrtime.bigint();
            const { violations } = await evaluate();
            runs.push({ ms: since(started), violations: violations.length });
        }
        return runs.sort((a, b) => a.ms - b.ms)[1];
    };

    const evaluatorStarted = process.hrtime.bigint();
    const pack = loadPackDefinition(PACK_DIR, path.join(DIST, "policypack", "pack.js"));
    const evaluatorLoadMs = since(evaluatorStarted);

    const loadStarted = process.hrtime.bigint();
    const local = loadPolicyPack(PACK_DIR, path.join(DIST, "policypack", "index.js"));
    const info = await analyzerInfo(local);
    const loadMs = since(loadStarted);
    const effective = expandPolicyConfig(packConfig, info.policies);
    const evaluator = new PolicyEvaluator(pack, PACK_DIR, effective);
    const fast = await timed(() => evaluator.evaluate(run.resources, stackUrn));
    await configurePack(local, effective);
    const inProcess = await timed(() => analyzeResources(local, run.resources, stackUrn));

    const spawnStarted = process.hrtime.bigint();
    const served = await spawnPack(PACK_DIR);
    const startupMs = since(spawnStarted);
    try {
        const remote = grpcHandlers(served.port) as unknown as typeof local;
        await configurePack(remote, expandPolicyConfig(packConfig, (await analyzerInfo(remote)).policies));
        const overGrpc = await timed(() => analyzeResources(remote, run.resources, stackUrn));
        const rate = (ms: number) => Math.round(run.resources.length / (ms / 1000));
        console.log(`stack ${stack}: ${run.resources.length} registrations, ${info.policies.length} policies`);
        console.log("| path | resources/s | wall ms | violations |");
        console.log("| --- | ---: | ---: | ---: |");
        console.log(`| fast evaluator (offline preview) | ${rate(fast.ms)} | ${fast.ms.toFixed(0)} | ${fast.violations} |`);
        console.log(`| library handlers in-process (reference) | ${rate(inProcess.ms)} | ${inProcess.ms.toFixed(0)} | ${inProcess.violations} |`);
        console.log(`| gRPC (engine protocol) | ${rate(overGrpc.ms)} | ${overGrpc.ms.toFixed(0)} | ${overGrpc.violations} |`);
        console.log(
            `start-up: evaluator pack load ${evaluatorLoadMs.toFixed(0)} ms; library handlers in-process load ${loadMs.toFixed(0)} ms; pack as the engine runs it (spawn to port) ${startupMs.toFixed(0)} ms`,
        );
    } finally {
        served.stop();
    }
}

main().then(
    () => process.exit(0),
    (err) => {
        process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
        process.exit(1);
    },
);
