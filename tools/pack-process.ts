import { spawn } from "child_process";
import * as path from "path";
import * as readline from "readline";

/**
 * The policy pack as the engine runs it: a separate process started like pulumi-language-nodejs's
 * RunPlugin does, spoken to over gRPC with the analyzer stubs shipped in @pulumi/pulumi.
 */

type Handler = (call: { request: unknown }, callback: (err: unknown, resp: unknown) => void) => unknown;

/** Starts the pack: `node <@pulumi/pulumi/cmd/run-policy-pack> <engine> .` in the pack directory; resolves once it prints its port. */
export async function spawnPack(packDir: string): Promise<{ port: number; stop: () => void; stderr: () => string }> {
    const runPolicyPack = path.dirname(require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [packDir] }));
    // The engine passes its host address first; the pack only serves, it never dials it.
    const child = spawn(process.execPath, [runPolicyPack, "127.0.0.1:0", "."], { cwd: packDir, stdio: ["ignore", "pipe", "pipe"] });
    let err = "";
    child.stderr.on("data", (d) => (err += d));
    const lines = readline.createInterface({ input: child.stdout });
    const port = await new Promise<number>((resolve, reject) => {
        lines.once("line", (line) => resolve(Number(line.trim())));
        child.once("exit", (code) => reject(new Error(`policy pack exited with ${code} before printing its port:\n${err}`)));
    });
    return { port, stop: () => child.kill(), stderr: () => err };
}

/** gRPC clients of a served pack, in the same handler shape as the in-process pack (tools/policy-engine.ts). */
export function grpcHandlers(port: number): Record<"analyze" | "analyzeStack" | "remediate" | "getAnalyzerInfo" | "configure", Handler> {
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
