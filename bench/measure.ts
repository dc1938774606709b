import * as aws from "@pulumi/aws";
import * as path from "path";
import { namespacedConfig, parseLandingZoneConfig } from "../stacks/config";
import { readPolicyPackConfig } from "../stacks/policy-pack";
import { nextTurn } from "../stacks/turn";
import { runProgram } from "../tools/mock-runtime";
import { expandPolicyConfig, PolicyPackConfigFile } from "../tools/policy-engine";
import { PolicyEvaluator } from "../tools/policy-evaluator";
import { loadPackDefinition, packInfo } from "../tools/pack-definition";
import { readStackFiles, runtimeConfig } from "../tools/stack-files";

/**
 * One measurement in its own process (Pulumi's runtime is global): either the landing zone on a
 * config file, or the floor — the same number of bare aws resources with no component logic.
 * Prints one JSON line: registrations, program time and peak RSS, pack time, peak RSS of the whole run.
 */
const DIST = path.resolve(__dirname, "..");
/** Bare resources built per turn in the floor: about what the landing zone builds per workload account. */
const FLOOR_UNIT = 200;
const REPO = path.resolve(DIST, "..");

/**
 * The synthetic config runs as stack prod: the program and the pack read policypack/config/prod.json,
 * whose approved egress VPCs are prod's inspection VPCs, which the synthetic config keeps.
 */
const LZ_STACK = "prod";

async function landingZone(configFile: string) {
    const files = readStackFiles(REPO, LZ_STACK, configFile);
    const config = parseLandingZoneConfig(namespacedConfig(files.values), configFile, readPolicyPackConfig(REPO, LZ_STACK));
    const started = process.hrtime.bigint();
    const run = await runProgram({
        project: files.project,
        stack: LZ_STACK,
        config: runtimeConfig(files.values),
        load: () => require(path.join(DIST, "index.js")),
    });
    const programMs = Number(process.hrtime.bigint() - started) / 1e6;
    const programPeakMb = peakRssMb();
    const packStarted = process.hrtime.bigint();
    // The offline preview's path: the pack's policies through the fast evaluator.
    const pack = loadPackDefinition(path.join(REPO, "policypack"), path.join(DIST, "policypack", "pack.js"));
    const evaluator = new PolicyEvaluator(
        pack,
        path.join(REPO, "policypack"),
        expandPolicyConfig(config.policyPack as PolicyPackConfigFile, packInfo(pack).policies),
    );
    const loadMs = Number(process.hrtime.bigint() - packStarted) / 1e6;
    const analyzeStarted = process.hrtime.bigint();
    const { violations } = await evaluator.evaluate(run.resources, `urn:pulumi:${LZ_STACK}::landing-zone::pulumi:pulumi:Stack::landing-zone-${LZ_STACK}`);
    const analyzeMs = Number(process.hrtime.bigint() - analyzeStarted) / 1e6;
    return { registrations: run.resources.length, programMs, programPeakMb, packLoadMs: loadMs, analyzeMs, violations: violations.length };
}

async function floor(count: number) {
    const started = process.hrtime.bigint();
    const run = await runProgram({
        project: "floor",
        stack: "bench",
        config: {},
        load: async () => {
            const provider = new aws.Provider("floor", { region: "eu-west-1", allowedAccountIds: ["123456789012"] });
            for (let i = 0; i < count; i++) {
                new aws.s3.Bucket(`bucket-${i}`, { bucket: `floor-bucket-${i}`, tags: { Environment: "bench" } }, { provider });
                // Streamed as the landing zone streams its accounts, so both pay the same pending state.
                if ((i + 1) % FLOOR_UNIT === 0) await nextTurn();
            }
        },
    });
    return { registrations: run.resources.length, programMs: Number(process.hrtime.bigint() - started) / 1e6 };
}

/** Peak resident set size of this process so far. */
function peakRssMb(): number {
    return Math.round(process.resourceUsage().maxRSS / 1024);
}

async function main() {
    const [mode, arg] = process.argv.slice(2);
    const result = mode === "floor" ? await floor(Number(arg)) : await landingZone(arg);
    const cpu = process.cpuUsage();
    process.stdout.write(JSON.stringify({ ...result, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMb: peakRssMb() }) + "\n");
}

main().then(
    () => process.exit(0),
    (err) => {
        process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
        process.exit(1);
    },
);
