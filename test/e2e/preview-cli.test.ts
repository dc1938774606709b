import * as assert from "assert";
import { spawnSync } from "child_process";
import { ensureBuilt, REPO, runPreview, stackYaml } from "../support/preview";

describe("offline preview", () => {
    for (const stack of ["dev", "prod"]) {
        describe(`stack ${stack}`, () => {
            it("passes the policy pack with exit code 0", () => {
                const run = runPreview({ stack });
                assert.strictEqual(run.code, 0, run.stderr + run.stdout);
                assert.match(run.stdout, /Verdict: PASS/);
            });

            it("writes the JSON report with every registration, its account and region", () => {
                const report = runPreview({ stack }).report!;
                assert.strictEqual(report.stack, stack);
                assert.ok(report.resources.length > 0);
                for (const r of report.resources) {
                    assert.ok(r.urn.startsWith(`urn:pulumi:${stack}::landing-zone::`), r.urn);
                    assert.ok(r.options && Array.isArray(r.options.ignoreChanges), r.urn);
                    if (r.type.startsWith("aws:")) {
                        assert.match(r.account ?? "", /^\d{12}$/, `${r.urn} has no account`);
                        assert.match(r.region ?? "", /^[a-z]{2}(-[a-z]+)+-\d$/, `${r.urn} has no region`);
                        assert.ok(r.provider?.includes("pulumi:providers:aws"), `${r.urn} has no explicit provider`);
                    }
                }
                assert.ok(report.policies.length > 0 && report.policies.every((p) => p.enforcementLevel));
                assert.ok(Array.isArray(report.violations));
            });

            it("prints the counts by account and type and the organization tree", () => {
                const run = runPreview({ stack });
                assert.match(run.stdout, /Resources by account:\n(\s+\d+\s+[a-z-]+ \(\d{12}\)\n)*\s+\d+\s+management \(\d{12}\)\n/);
                assert.match(run.stdout, /Resources by type \(\d+ types\):/);
                assert.match(run.stdout, /Organization:\n\s+Root \(o-[a-z0-9]{10}\)/);
                assert.match(run.stdout, /└─ Workloads\/|├─ Workloads\//);
                assert.match(run.markdown ?? "", /^## Landing zone preview: `/);
            });
        });
    }

    it("gives byte-identical JSON for two runs of the same config", () => {
        const yaml = stackYaml("dev");
        const a = runPreview({ stack: "dev", configYaml: yaml });
        const b = runPreview({ stack: "dev", configYaml: yaml });
        assert.strictEqual(JSON.stringify(a.report), JSON.stringify(b.report));
    });

    it("exits 2 on invalid config, listing every problem by key, with no stack trace", () => {
        const broken = stackYaml("dev")
            .replace("cidr: 10.72.16.0/20", "cidr: 10.68.8.0/21")
            .replace("email: aws-staging+payments@northwind.example", "email: payments-at-northwind")
            .replace("ou: Workloads/NonProd", "ou: Workloads/Staging");
        const run = runPreview({ stack: "dev", configYaml: broken });
        assert.strictEqual(run.code, 2, run.stderr);
        assert.match(
            run.stderr,
            /landing-zone:organization\.workloadAccounts\[0\]\.email: not an email address \(got "payments-at-northwind"; expected name@domain\)/,
        );
        assert.match(run.stderr, /landing-zone:organization\.workloadAccounts\[0\]\.ou: unknown OU \(got "Workloads\/Staging"/);
        assert.match(run.stderr, /landing-zone:network\.spokes\[1\]\.cidr: CIDR overlaps 10\.68\.0\.0\/20/);
        assert.doesNotMatch(run.stderr, /\n\s+at /, "no stack trace");
        assert.strictEqual(run.report, undefined, "nothing is previewed from invalid config");
    });

    it("exits 2 with usage on a missing --stack or an unknown flag", () => {
        ensureBuilt();
        for (const args of [[], ["--stack", "dev", "--bogus"]]) {
            const run = spawnSync(process.execPath, ["dist/tools/preview.js", ...args], { cwd: REPO, encoding: "utf8" });
            assert.strictEqual(run.status, 2, run.stderr);
            assert.match(run.stderr, /usage: npm run preview/);
        }
    });
});
