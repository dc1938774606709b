import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as zlib from "zlib";
import { parseEngineEvents } from "../../tools/engine-events";
import { engineReport } from "../../tools/engine-report";
import { expandPolicyConfig, type PolicyPackConfigFile, type Violation } from "../../tools/policy-engine";
import { loadPackDefinition, packInfo } from "../../tools/pack-definition";
import { reviewVerdict } from "../../tools/report";
import { AnalyzeRun, REPO, runAnalyze } from "../support/preview";

const FIXTURE = path.join(REPO, "test", "fixtures", "insecure-program");

const analyze = runAnalyze;

function tempProgram(files: Record<string, string>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "program-"));
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    return dir;
}

const mandatory = (r: AnalyzeRun) => new Set((r.report?.violations ?? []).filter((v) => v.enforcementLevel === "mandatory").map((v) => v.policy));

describe("npm run analyze", () => {
    let insecure: AnalyzeRun;
    before(() => {
        insecure = analyze(["--program", FIXTURE]);
    });

    it("rejects the insecure sample program with exit code 1 and names each mistake", () => {
        assert.strictEqual(insecure.code, 1, insecure.stderr);
        const expected = [
            "s3-no-public-acl",
            "s3-bucket-has-public-access-block",
            "s3-sse-kms-cmk",
            "s3-tls-only-policy",
            "sg-no-admin-ports-from-internet",
            "iam-no-full-admin-policy",
            "iam-no-unscoped-wildcard-principal",
            "iam-deny-actions-exist",
            "ec2-imdsv2-required",
            "ec2-no-public-ip",
            "ec2-ebs-encrypted-cmk",
            "kms-key-rotation",
            "rds-not-public",
            "rds-encrypted-cmk",
            "lambda-url-iam-auth",
            "explicit-provider-required",
            "required-tags",
        ];
        const got = mandatory(insecure);
        assert.deepStrictEqual(
            expected.filter((p) => !got.has(p)),
            [],
        );
        assert.match(insecure.stdout, /^Offline preview of insecure-workload\/dev: BLOCKED · findings: \d+ mandatory/);
        assert.match(insecure.stdout, /\nVerdict: BLOCKED/);
        assert.match(insecure.stdout, /action "s3:DeleteBuckets" does not exist/);
    });

    it("honours provider defaultTags: only the missing CostCenter is reported on provider-tagged resources", () => {
        const tags = (insecure.report?.violations ?? []).filter((v) => v.policy === "required-tags");
        const onBucket = tags.filter((v) => v.urn.endsWith("::orders-export"));
        assert.ok(onBucket.length > 0);
        assert.ok(onBucket.every((v) => /missing tag CostCenter/.test(v.message) && !/Owner|Environment/.test(v.message.split("\n").pop() ?? "")));
    });

    it("exits 0 when the organization's policy config leaves nothing mandatory", () => {
        const config = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "policy-config-")), "config.json");
        fs.writeFileSync(config, JSON.stringify({ all: "advisory" }));
        const r = analyze(["--program", FIXTURE, "--stack", "dev", "--policy-config", config]);
        assert.strictEqual(r.code, 0, r.stderr);
        assert.ok((r.report?.violations ?? []).length > 0 && r.report!.violations.every((v) => v.enforcementLevel === "advisory"));
    });

    it("exits 2 with the problems listed when the policy config does not match the pack's schemas", () => {
        const config = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "policy-config-")), "config.json");
        fs.writeFileSync(config, JSON.stringify({ "kms-deletion-window": { minimumDays: 3 }, "no-such-policy": "mandatory", "iam-no-users": "remediate" }));
        const r = analyze(["--program", FIXTURE, "--policy-config", config]);
        assert.strictEqual(r.code, 2);
        assert.match(r.stderr, /kms-deletion-window\.minimumDays: too small \(got 3; expected >= 7\)/);
        assert.match(r.stderr, /no-such-policy: no such policy/);
        assert.match(r.stderr, /iam-no-users.*no safe remediation/);
    });

    it("exits 2 with a clear error, not a stack trace, when the program fails to load", () => {
        const dir = tempProgram({ "Pulumi.yaml": "name: broken\nruntime: nodejs\n", "index.ts": 'import "./missing-module";\n' });
        const r = analyze(["--program", dir]);
        assert.strictEqual(r.code, 2);
        assert.match(r.stderr, /the program failed: Cannot find module '\.\/missing-module'/);
        assert.doesNotMatch(r.stderr, /^\s+at /m);
    });

    it("runs an exported async program in its own directory, as the language host does, and exports what it returns", () => {
        const dir = tempProgram({
            "Pulumi.yaml": "name: async-workload\nruntime: nodejs\n",
            "owner.txt": "team-orders\n",
            "index.ts":
                'import * as fs from "fs";\nexport = async () => {\n    await new Promise((resolve) => setImmediate(resolve));\n    return { owner: fs.readFileSync("owner.txt", "utf8").trim() };\n};\n',
        });
        const r = analyze(["--program", dir]);
        assert.strictEqual(r.code, 0, r.stderr);
        assert.deepStrictEqual(r.report?.outputs, { owner: "team-orders" });
    });

    it("honours a version 2 policy config's exceptions as the engine does: excepted findings are listed and fail nothing", () => {
        const findings = (insecure.report?.violations ?? []).filter((v) => v.enforcementLevel === "mandatory");
        assert.ok(findings.length > 1, insecure.stderr);
        const [kept, ...excepted] = findings;
        // One exception per excepted finding: that policy on that exact URN; the first finding is left as it is.
        const exceptions = Object.fromEntries(
            excepted.map((v, i) => [`EXC-${i + 1}`, { reason: "accepted in review", match: [{ policies: [v.policy], targets: [v.urn] }] }]),
        );
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "policy-config-"));
        const write = (name: string, config: unknown) => {
            fs.writeFileSync(path.join(dir, name), JSON.stringify(config));
            return path.join(dir, name);
        };
        try {
            const some = analyze(["--program", FIXTURE, "--policy-config", write("some.json", { version: 2, policies: {}, exceptions })]);
            assert.strictEqual(some.code, 1, some.stderr);
            const counted = (n: number) => new RegExp(`BLOCKED · findings: ${n} mandatory, 0 remediated, \\d+ advisory, ${excepted.length} excepted`);
            assert.match(some.stdout, counted(1));
            assert.deepStrictEqual(
                some.report!.violations.filter((v) => !v.exceptions && v.enforcementLevel === "mandatory").map((v) => [v.policy, v.urn]),
                [[kept.policy, kept.urn]],
            );
            const all = { ...exceptions, "EXC-0": { reason: "accepted in review", match: [{ policies: [kept.policy], targets: [kept.urn] }] } };
            const none = analyze(["--program", FIXTURE, "--policy-config", write("all.json", { version: 2, policies: {}, exceptions: all })]);
            assert.strictEqual(none.code, 0, none.stdout.slice(0, 2000));
            assert.match(
                none.stdout,
                new RegExp(`^Offline preview of insecure-workload/dev: PASS · findings: 0 mandatory, 0 remediated, \\d+ advisory, ${findings.length} excepted`),
            );
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("the engine's own preview with the same exceptions gives the same verdict and the same excepted findings", () => {
        // Recorded under pulumi v3.276.0 (tools/engine.ts): `pulumi preview --stack dev --policy-pack policypack
        // --policy-pack-config policy-config.json --json` of this program, streaming; every mandatory finding but
        // one is excepted, and pulumi exited 1 (the one left fails it; with all excepted it exits 0).
        const dir = path.join(REPO, "test", "review", "fixtures", "engine-exceptions");
        const configFile = path.join(dir, "policy-config.json");
        const config = JSON.parse(fs.readFileSync(configFile, "utf8")) as PolicyPackConfigFile;
        const events = parseEngineEvents(zlib.gunzipSync(fs.readFileSync(path.join(dir, "engine-events.jsonl.gz"))).toString("utf8"));
        const info = packInfo(loadPackDefinition(path.join(REPO, "policypack"), path.join(REPO, "dist", "policypack", "pack.js")));
        const engine = engineReport(events, {
            project: "insecure-workload",
            stack: "dev",
            pack: info,
            policies: info.policies,
            effective: expandPolicyConfig(config, info.policies),
        });
        const offline = analyze(["--program", FIXTURE, "--policy-config", configFile]);
        assert.strictEqual(offline.code, 1, offline.stderr);
        const finding = (v: Violation) => `${v.policy} | ${v.enforcementLevel} | ${v.urn} | ${(v.exceptions ?? []).map((x) => x.id).join(",")}`;
        assert.deepStrictEqual(engine.violations.map(finding).sort(), offline.report!.violations.map(finding).sort());
        assert.deepStrictEqual(reviewVerdict(engine), reviewVerdict(offline.report!));
        assert.strictEqual(reviewVerdict(engine).outcome, "blocked", "as pulumi exited 1");
        assert.strictEqual(reviewVerdict(engine).levels.mandatory, 1);
        assert.ok((reviewVerdict(engine).levels.excepted ?? 0) > 10);
    });

    it("exits 2 when the directory is not a Pulumi program", () => {
        const r = analyze(["--program", tempProgram({ "index.ts": "export {};\n" })]);
        assert.strictEqual(r.code, 2);
        assert.match(r.stderr, /no Pulumi\.yaml/);
        assert.strictEqual(analyze(["--program", path.join(os.tmpdir(), "does-not-exist-analyze")]).code, 2);
        assert.strictEqual(analyze([]).code, 2);
    });
});
