/**
 * Evaluates the pack on one program's resource graph twice, with the same request-building code:
 * once in-process (the offline preview's engine) and once over gRPC against the pack spawned
 * exactly as the Pulumi Node.js language host spawns it. Prints both results as JSON on stdout.
 * Runs in its own process: Pulumi's runtime state is process-global.
 *
 * usage: node -r ts-node/register/transpile-only protocol-driver.ts <programDir> <stack> <landing-zone|workload> [policy config JSON]
 */
import { spawn } from "child_process";
import * as path from "path";
import * as readline from "readline";
import { runProgram } from "../../tools/mock-runtime";
import { analyzeResources, analyzerInfo, configurePack, expandPolicyConfig, loadPolicyPack, PolicyPackConfigFile } from "../../tools/policy-engine";
import { validateLandingZone } from "../../tools/preview";
import { readStackFiles, runtimeConfig } from "../../tools/stack-files";

const REPO = path.resolve(__dirname, "..", "..");
const PACK_DIR = path.join(REPO, "policypack");

type Handler = (call: { request: unknown }, callback: (err: unknown, resp: unknown) => void) => unknown;

/** Starts the pack as pulumi-language-nodejs's RunPlugin does: `node <@pulumi/pulumi/cmd/run-policy-pack> <engine> .` in the pack directory. */
async function spawnPack(): Promise<{ port: number; stop: () => void; stderr: () => string }> {
    const runPolicyPack = path.dirname(require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [PACK_DIR] }));
    // The engine passes its host address first; the pack only serves, it never dials it.
    const child = spawn(process.execPath, [runPolicyPack, "127.0.0.1:0", "."], { cwd: PACK_DIR, stdio: ["ignore", "pipe", "pipe"] });
    let err = "";
    child.stderr.on("data", (d) => (err += d));
    const lines = readline.createInterface({ input: child.stdout });
    const port = await new Promise<number>((resolve, reject) => {
        lines.once("line", (line) => resolve(Number(line.trim())));
        child.once("exit", (code) => reject(new Error(`policy pack exited with ${code} before printing its port:\n${err}`)));
    });
    return { port, stop: () => child.kill(), stderr: () => err };
}

/** The analyzer's gRPC stubs shipped in @pulumi/pulumi, wrapped in the in-process handler shape. */
function grpcHandlers(port: number): Record<"analyze" | "analyzeStack" | "remediate" | "getAnalyzerInfo" | "configure", Handler> {
    const stubs = require("@pulumi/pulumi/proto/analyzer_grpc_pb");
    const grpc = require(require.resolve("@grpc/grpc-js", { paths: [path.dirname(require.resolve("@pulumi/pulumi/proto/analyzer_grpc_pb"))] }));
    const client = new stubs.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), { "grpc.max_receive_message_length": 400 * 1024 * 1024 });
    const rpc =
        (method: string): Handler =>
        (call, callback) =>
            client[method](call.request, callback);
    return {
        analyze: rpc("analyze"),
        analyzeStack: rpc("analyzeStack"),
        remediate: rpc("remediate"),
        getAnalyzerInfo: rpc("getAnalyzerInfo"),
        configure: rpc("configure"),
    };
}

async function main(): Promise<void> {
    const [dir, stack, kind, configJson] = process.argv.slice(2);
    const programDir = path.resolve(dir);
    const files = readStackFiles(programDir, stack);
    const packConfig: PolicyPackConfigFile = kind === "landing-zone" ? validateLandingZone(files.values, files.configFile) : JSON.parse(configJson ?? "{}");
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

    const pack = await spawnPack();
    try {
        const remote = grpcHandlers(pack.port) as unknown as typeof local;
        const remoteInfo = await analyzerInfo(remote);
        await configurePack(remote, expandPolicyConfig(packConfig, remoteInfo.policies));
        const overGrpc = await analyzeResources(remote, run.resources, stackUrn, { remediate });
        process.stdout.write(JSON.stringify({ resources: run.resources.length, localInfo, remoteInfo, inProcess, overGrpc }));
    } finally {
        pack.stop();
    }
}

main().then(
    () => process.exit(0),
    (err) => {
        process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
        process.exit(1);
    },
);
