/**
 * Evaluates the pack on one program's resource graph two ways, once per policy config: with the fast
 * evaluator (the offline preview's engine) and with @pulumi/policy's own analyzer handlers in-process.
 * The program runs once. Prints the results as JSON on stdout. Runs in its own process: Pulumi's
 * runtime state is process-global. (The pack over the engine's gRPC protocol is test/engine/*: the
 * real engine runs it.)
 *
 * usage: node -r ts-node/register/transpile-only evaluator-driver.ts <programDir> <stack> <landing-zone|workload> <policy configs, a JSON array> [run file]
 * (for the landing zone, each policy config overrides entries of the stack's own policy config; a run
 * file, from stack-runs.ts encodeRun, is the program's run already made: the program is not run again)
 */
import * as fs from "fs";
import * as path from "path";
import { decodeRun } from "../support/stack-runs";
import { runProgram } from "../../tools/mock-runtime";
import { analyzeResources, analyzerInfo, configurePack, expandPolicyConfig, loadPolicyPack, PolicyPackConfigFile } from "../../tools/policy-engine";
import { PolicyEvaluator } from "../../tools/policy-evaluator";
import { loadPackDefinition, packInfo } from "../../tools/pack-definition";
import { validateLandingZone } from "../../tools/preview";
import { readStackFiles, runtimeConfig } from "../../tools/stack-files";

const REPO = path.resolve(__dirname, "..", "..");
const PACK_DIR = path.join(REPO, "policypack");

async function main(): Promise<void> {
    const [dir, stack, kind, configsJson, runFile] = process.argv.slice(2);
    const programDir = path.resolve(dir);
    const files = readStackFiles(programDir, stack);
    const own: PolicyPackConfigFile = kind === "landing-zone" ? validateLandingZone(files, files.configFile, programDir) : {};
    const run = runFile
        ? decodeRun(JSON.parse(fs.readFileSync(runFile, "utf8")) as Parameters<typeof decodeRun>[0])
        : await runProgram({
              project: files.project,
              stack: files.stack,
              config: runtimeConfig(files.values),
              secretKeys: files.secretKeys,
              load: () => require(path.join(programDir, "index.ts")),
          });
    const stackUrn = run.resources.find((r) => r.type === "pulumi:pulumi:Stack")!.urn;

    const local = loadPolicyPack(PACK_DIR, path.join(PACK_DIR, "index.ts"));
    const localInfo = await analyzerInfo(local);
    const pack = loadPackDefinition(PACK_DIR, path.join(PACK_DIR, "pack.ts"));
    const fastInfo = packInfo(pack);
    const results = [];
    for (const given of JSON.parse(configsJson) as PolicyPackConfigFile[]) {
        // Configure replaces every policy's level and properties: each config starts from none of the last.
        const effective = expandPolicyConfig({ ...own, ...given }, localInfo.policies);
        await configurePack(local, effective);
        const remediate = [...effective.values()].some((e) => e.enforcementLevel === "remediate");
        const inProcess = await analyzeResources(local, run.resources, stackUrn, { remediate });
        const fast = await new PolicyEvaluator(pack, PACK_DIR, effective).evaluate(run.resources, stackUrn);
        results.push({ inProcess, fast });
    }
    process.stdout.write(JSON.stringify({ resources: run.resources.length, localInfo, fastInfo, results }));
}

main().then(
    () => process.exit(0),
    (err) => {
        process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
        process.exit(1);
    },
);
