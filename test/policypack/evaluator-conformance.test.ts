import * as assert from "assert";
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { encodeRun, stackRun } from "../support/stack-runs";
import { MIXED_ENFORCEMENT as WORKLOAD_LEVELS } from "../support/mixed-enforcement";
import type { PolicyInfo, Remediation, Violation } from "../../tools/policy-engine";

const REPO = path.resolve(__dirname, "..", "..");

interface Evaluation {
    readonly inProcess: { violations: Violation[]; remediations: Remediation[] };
    readonly fast: { violations: Violation[]; remediations: Remediation[] };
}

interface DriverResult {
    readonly resources: number;
    readonly localInfo: { name: string; version: string; policies: PolicyInfo[] };
    readonly fastInfo: { name: string; version: string; policies: PolicyInfo[] };
    /** One per policy config, in order. */
    readonly results: Evaluation[];
}

/**
 * The mixed levels of the engine's workload test, and remediate on a policy with no remediation, which the
 * handlers report as mandatory (npm run analyze refuses that config; the library and the fast path must agree on it).
 */
const MIXED_ENFORCEMENT = { ...WORKLOAD_LEVELS, "kms-key-rotation": "remediate" };

/** Runs the driver in its own process (Pulumi's runtime state is process-global): the program once, each config on its graph. */
function drive(programDir: string, stack: string, kind: "landing-zone" | "workload", configs: readonly Record<string, unknown>[]): Promise<DriverResult> {
    // The landing zone's stacks hand over the run the other tests share (stack-runs.ts) instead of running again.
    const runFile = kind === "landing-zone" ? path.join(fs.mkdtempSync(path.join(os.tmpdir(), "lz-evaluator-")), "run.json") : undefined;
    if (runFile) fs.writeFileSync(runFile, encodeRun(stackRun(stack)));
    return new Promise<DriverResult>((resolve, reject) => {
        const child = spawn(
            process.execPath,
            [
                "-r",
                "ts-node/register/transpile-only",
                path.join(__dirname, "evaluator-driver.ts"),
                programDir,
                stack,
                kind,
                JSON.stringify(configs),
                ...(runFile ? [runFile] : []),
            ],
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
    }).finally(() => runFile && fs.rmSync(path.dirname(runFile), { recursive: true, force: true }));
}

const INSECURE = path.join(REPO, "test", "fixtures", "insecure-program");
/** Each program with the policy configs its graph is evaluated under, by label. */
const PROGRAMS = [
    { dir: REPO, stack: "dev", kind: "landing-zone" as const, configs: { "landing zone dev": {} } },
    {
        dir: REPO,
        stack: "prod",
        kind: "landing-zone" as const,
        configs: { "landing zone prod": {}, "landing zone prod with mixed enforcement": MIXED_ENFORCEMENT },
    },
    {
        dir: INSECURE,
        stack: "dev",
        kind: "workload" as const,
        configs: {
            "insecure workload program": {},
            "insecure workload program with mixed enforcement": MIXED_ENFORCEMENT,
            "insecure workload program with IMDSv2 remediation": { "ec2-imdsv2-required": "remediate" },
        },
    },
];
const LABELS = PROGRAMS.flatMap((p) => Object.keys(p.configs));

/**
 * The fast evaluator (the offline preview's path, tools/policy-evaluator.ts) against @pulumi/policy's
 * own analyzer handlers in-process, on the real pack and the landing zone's and a workload's graphs,
 * with their own and with mixed levels. test/policypack/evaluator.test.ts reaches the corners of the
 * analyzer's semantics on a small pack; the pack as the engine runs it over gRPC is test/engine/.
 */
describe("the fast evaluator gives @pulumi/policy's own analyzer handlers' results on the real pack", function () {
    this.timeout(600_000);
    const results = new Map<string, Evaluation & Omit<DriverResult, "results">>();

    before(async () => {
        const runs = await Promise.all(PROGRAMS.map((p) => drive(p.dir, p.stack, p.kind, Object.values(p.configs))));
        PROGRAMS.forEach((p, i) => Object.keys(p.configs).forEach((label, j) => results.set(label, { ...runs[i], ...runs[i].results[j] })));
    });

    for (const label of LABELS) {
        describe(label, () => {
            it("the fast evaluator (the offline preview's engine) gives the library handlers' violations and remediations, in order", () => {
                const r = results.get(label)!;
                assert.deepStrictEqual(r.fast, r.inProcess);
                assert.deepStrictEqual(r.fastInfo, r.localInfo);
            });
        });
    }

    it("is not a comparison of empty results: the insecure program has mandatory violations", () => {
        const r = results.get("insecure workload program")!;
        assert.ok(r.localInfo.policies.length >= 60);
        const mandatory = r.inProcess.violations.filter((v) => v.enforcementLevel === "mandatory");
        assert.ok(mandatory.length >= 20, `expected many mandatory violations, got ${mandatory.length}`);
        assert.ok(r.inProcess.violations.some((v) => v.enforcementLevel === "advisory"));
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

    it("the IMDSv2 remediation fixes the instance, so analysis no longer reports it", () => {
        const plain = results.get("insecure workload program")!;
        const fixed = results.get("insecure workload program with IMDSv2 remediation")!;
        assert.ok(plain.inProcess.violations.some((v) => v.policy === "ec2-imdsv2-required"));
        assert.ok(!fixed.inProcess.violations.some((v) => v.policy === "ec2-imdsv2-required"));
        assert.deepStrictEqual(
            fixed.inProcess.remediations.map((m) => [m.policy, m.urn.split("::").pop()]),
            [["ec2-imdsv2-required", "orders-worker"]],
        );
    });
});
