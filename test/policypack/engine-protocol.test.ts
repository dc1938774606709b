import * as assert from "assert";
import { spawn } from "child_process";
import * as path from "path";
import type { PolicyInfo, Remediation, Violation } from "../../tools/policy-engine";

const REPO = path.resolve(__dirname, "..", "..");

interface DriverResult {
    readonly resources: number;
    readonly localInfo: { name: string; version: string; policies: PolicyInfo[] };
    readonly remoteInfo: { name: string; version: string; policies: PolicyInfo[] };
    readonly inProcess: { violations: Violation[]; remediations: Remediation[] };
    readonly overGrpc: { violations: Violation[]; remediations: Remediation[] };
}

/** Runs the protocol driver in its own process (Pulumi's runtime state is process-global). */
function drive(programDir: string, stack: string, kind: "landing-zone" | "workload", config?: Record<string, unknown>): Promise<DriverResult> {
    return new Promise((resolve, reject) => {
        const child = spawn(
            process.execPath,
            ["-r", "ts-node/register/transpile-only", path.join(__dirname, "protocol-driver.ts"), programDir, stack, kind, JSON.stringify(config ?? {})],
            {
                cwd: REPO,
            },
        );
        let out = "";
        let err = "";
        child.stdout.on("data", (d) => (out += d));
        child.stderr.on("data", (d) => (err += d));
        child.on("exit", (code) =>
            code === 0 ? resolve(JSON.parse(out) as DriverResult) : reject(new Error(`driver for ${programDir} ${stack} exited ${code}:\n${err}`)),
        );
    });
}

const GRAPHS = [
    { label: "landing zone dev", dir: REPO, stack: "dev", kind: "landing-zone" as const },
    { label: "landing zone prod", dir: REPO, stack: "prod", kind: "landing-zone" as const },
    { label: "insecure workload program", dir: path.join(REPO, "test", "fixtures", "insecure-program"), stack: "dev", kind: "workload" as const },
    {
        label: "insecure workload program with IMDSv2 remediation",
        dir: path.join(REPO, "test", "fixtures", "insecure-program"),
        stack: "dev",
        kind: "workload" as const,
        config: { "ec2-imdsv2-required": "remediate" },
    },
];

describe("policy pack over the engine's protocol (spawned by run-policy-pack, driven over gRPC)", function () {
    // Each driver type-checks and starts the pack the way the language host does (ts-node with type checking).
    this.timeout(600_000);
    const results = new Map<string, DriverResult>();

    before(async () => {
        const runs = await Promise.all(GRAPHS.map((g) => drive(g.dir, g.stack, g.kind, "config" in g ? g.config : undefined)));
        GRAPHS.forEach((g, i) => results.set(g.label, runs[i]));
    });

    for (const g of GRAPHS) {
        describe(g.label, () => {
            it("GetAnalyzerInfo describes the same pack and policies as in-process", () => {
                const r = results.get(g.label)!;
                assert.strictEqual(r.remoteInfo.name, "landing-zone-zero-trust");
                assert.ok(r.remoteInfo.policies.length >= 60);
                assert.deepStrictEqual(r.remoteInfo, r.localInfo);
            });

            it("Configure + Analyze + AnalyzeStack give the offline preview's diagnostics, violation for violation", () => {
                const r = results.get(g.label)!;
                assert.ok(r.resources > 0);
                assert.deepStrictEqual(r.overGrpc, r.inProcess);
            });
        });
    }

    it("is not a comparison of empty results: the insecure program has mandatory violations over gRPC", () => {
        const r = results.get("insecure workload program")!;
        const mandatory = r.overGrpc.violations.filter((v) => v.enforcementLevel === "mandatory");
        assert.ok(mandatory.length >= 20, `expected many mandatory violations, got ${mandatory.length}`);
        assert.ok(r.overGrpc.violations.some((v) => v.enforcementLevel === "advisory"));
    });

    it("Remediate over gRPC fixes IMDSv2 on the instance, so Analyze no longer reports it", () => {
        const plain = results.get("insecure workload program")!;
        const fixed = results.get("insecure workload program with IMDSv2 remediation")!;
        assert.ok(plain.overGrpc.violations.some((v) => v.policy === "ec2-imdsv2-required"));
        assert.ok(!fixed.overGrpc.violations.some((v) => v.policy === "ec2-imdsv2-required"));
        assert.deepStrictEqual(
            fixed.overGrpc.remediations.map((m) => [m.policy, m.urn.split("::").pop()]),
            [["ec2-imdsv2-required", "orders-worker"]],
        );
    });
});
