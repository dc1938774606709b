/**
 * Evaluates the pack on one program's resource graph three ways: with the fast evaluator (the
 * offline preview's engine), with @pulumi/policy's own analyzer handlers in-process, and over gRPC
 * against the pack spawned exactly as the Pulumi Node.js language host spawns it (the last two
 * with the same request-building code). Prints the results as JSON on stdout.
 * Runs in its own process: Pulumi's runtime state is process-global.
 *
 * usage: node -r ts-node/register/transpile-only protocol-driver.ts <programDir> <stack> <landing-zone|workload> [policy config JSON]
 * (for the landing zone, the policy config JSON overrides entries of the stack's own policy config)
 */
import * as path from "path";
import { runProgram } from "../../tools/mock-runtime";
import { analyzeResources, analyzerInfo, configurePack, expandPolicyConfig, loadPolicyPack, PolicyPackConfigFile } from "../../tools/policy-engine";
import { PolicyEvaluator } from "../../tools/policy-evaluator";
import { loadPackDefinition, packInfo } from "../../tools/pack-definition";
import { validateLandingZone } from "../../tools/preview";
import { readStackFiles, runtimeConfig } from "../../tools/stack-files";
import { grpcHandlers, spawnPack } from "../../tools/pack-process";

const REPO = path.resolve(__dirname, "..", "..");
const PACK_DIR = path.join(REPO, "policypack");

async function main(): Promise<void> {
    const [dir, stack, kind, configJson] = process.argv.slice(2);
    const programDir = path.resolve(dir);
    const files = readStackFiles(programDir, stack);
    const given = JSON.parse(configJson ?? "{}") as PolicyPackConfigFile;
    const packConfig: PolicyPackConfigFile = kind === "landing-zone" ? { ...validateLandingZone(files, files.configFile, programDir), ...given } : given;
    const run = await runProgram({
        project: files.project,
        stack: files.stack,
        config: runtimeConfig(files.values),
        secretKeys: files.secretKeys,
        load: () => require(path.join(programDir, "index.ts")),
    });
    const stackUrn = run.resources.find((r) => r.type === "pulumi:pulumi:Stack")!.urn;

    const local = loadPolicyPack(PACK_DIR, path.join(PACK_DIR, "index.ts"));
    const localInfo = await analyzerInfo(local);
    const effective = expandPolicyConfig(packConfig, localInfo.policies);
    await configurePack(local, effective);
    const remediate = [...effective.values()].some((e) => e.enforcementLevel === "remediate");
    const inProcess = await analyzeResources(local, run.resources, stackUrn, { remediate });
    const pack = loadPackDefinition(PACK_DIR, path.join(PACK_DIR, "pack.ts"));
    const fastInfo = packInfo(pack);
    const fast = await new PolicyEvaluator(pack, PACK_DIR, effective).evaluate(run.resources, stackUrn);

    const served = await spawnPack(PACK_DIR);
    try {
        const remote = grpcHandlers(served.port) as unknown as typeof local;
        const remoteInfo = await analyzerInfo(remote);
        await configurePack(remote, expandPolicyConfig(packConfig, remoteInfo.policies));
        const overGrpc = await analyzeResources(remote, run.resources, stackUrn, { remediate });
        process.stdout.write(JSON.stringify({ resources: run.resources.length, localInfo, remoteInfo, fastInfo, inProcess, overGrpc, fast }));
    } finally {
        served.stop();
    }
}

main().then(
    () => process.exit(0),
    (err) => {
        process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
        process.exit(1);
    },
);
