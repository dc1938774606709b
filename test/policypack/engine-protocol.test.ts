import * as assert from "assert";
import { spawn } from "child_process";
import * as path from "path";
import type { PolicyInfo, Remediation, Violation } from "../../tools/policy-engine";

const REPO = path.resolve(__dirname, "..", "..");

interface DriverResult {
    readonly resources: number;
    readonly localInfo: { name: string; version: string; policies: PolicyInfo[] };
    readonly remoteInfo: { name: string; version: string; policies: PolicyInfo[] };
    readonly fastInfo: { name: string; version: string; policies: PolicyInfo[] };
    readonly inProcess: { violations: Violation[]; remediations: Remediation[] };
    readonly overGrpc: { violations: Violation[]; remediations: Remediation[] };
    readonly fast: { violations: Violation[]; remediations: Remediation[] };
}

/** Levels other than the stacks' own: remediation first, remediate reported as mandatory, advisory and disabled policies. */
const MIXED_ENFORCEMENT = {
    "s3-bucket-public-access-block": "remediate",
    "ec2-imdsv2-required": "remediate",
    "kms-key-rotation": "remediate",
    "required-tags": "advisory",
    "iam-no-service-wildcards": "advisory",
    "s3-versioning-enabled": "disabled",
    "stateful-resources-protected": "disabled",
    "cloudtrail-org-trail-present": "disabled",
    "guardduty-enabled": "advisory",
};

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
    { label: "landing zone prod with mixed enforcement", dir: REPO, stack: "prod", kind: "landing-zone" as const, config: MIXED_ENFORCEMENT },
    {
        label: "insecure workload program with mixed enforcement",
        dir: path.join(REPO, "test", "fixtures", "insecure-program"),
        stack: "dev",
        kind: "workload" as const,
        config: MIXED_ENFORCEMENT,
    },
    {
        label: "insecure workload program with IMDSv2 remediation",
        dir: path.join(REPO, "test", "fixtures", "insecure-program"),
        stack: "dev",
        kind: "workload" as const,
        config: { "ec2-imdsv2-required": "remediate" },
    },
];

describe("policy pack over the engine's protocol (spawned by run-policy-pack, driven over gRPC) and through the fast evaluator", function () {
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

            it("Configure + Analyze + AnalyzeStack give the in-process handlers' diagnostics, violation for violation", () => {
                const r = results.get(g.label)!;
                assert.ok(r.resources > 0);
                assert.deepStrictEqual(r.overGrpc, r.inProcess);
            });

            it("the fast evaluator (the offline preview's engine) gives the library handlers' violations and remediations, in order", () => {
                const r = results.get(g.label)!;
                assert.deepStrictEqual(r.fast, r.inProcess);
                assert.deepStrictEqual(r.fastInfo, r.localInfo);
            });
        });
    }

    it("is not a comparison of empty results: the insecure program has mandatory violations over gRPC", () => {
        const r = results.get("insecure workload program")!;
        const mandatory = r.overGrpc.violations.filter((v) => v.enforcementLevel === "mandatory");
        assert.ok(mandatory.length >= 20, `expected many mandatory violations, got ${mandatory.length}`);
        assert.ok(r.overGrpc.violations.some((v) => v.enforcementLevel === "advisory"));
    });

    it("is not a comparison of empty results: mixed enforcement remediates, reports remediate as mandatory, and skips disabled policies", () => {
        const r = results.get("insecure workload program with mixed enforcement")!;
        const levelOf = (policy: string) => new Set(r.fast.violations.filter((v) => v.policy === policy).map((v) => v.enforcementLevel));
        assert.deepStrictEqual(
            r.fast.remediations.map((m) => m.policy),
            ["ec2-imdsv2-required"],
        );
        assert.deepStrictEqual([...levelOf("kms-key-rotation")], ["mandatory"]);
        assert.deepStrictEqual([...levelOf("required-tags")], ["advisory"]);
        assert.ok(!r.fast.violations.some((v) => v.policy === "s3-versioning-enabled" || v.policy === "ec2-imdsv2-required"));
        const plain = results.get("insecure workload program")!;
        assert.ok(plain.fast.violations.some((v) => v.policy === "s3-versioning-enabled"));
        const prod = results.get("landing zone prod with mixed enforcement")!;
        assert.ok(prod.fast.remediations.some((m) => m.policy === "s3-bucket-public-access-block"));
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
