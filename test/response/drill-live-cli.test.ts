import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CreateSampleFindingsCommand } from "@aws-sdk/client-guardduty";
import { liveArgProblems, runLiveDrill } from "../../tools/drill/live-cli";
import type { DrillReport } from "../../tools/drill/report";
import { ensureBuilt, REPO } from "../support/preview";
import { MEMBER, REGION } from "./drill-fixture";
import { fakeClock, graph, healthyWorld, POLL_MS, scripted } from "./drill-live-fixture";

/** The live drill's command line: its options, its report, and its answer without credentials. */

describe("threat drill, live, against scripted AWS APIs", () => {
    it("creates nothing when it refuses, and prints and writes the offline drill's report shape when it runs", async () => {
        const clock = fakeClock();
        const world = healthyWorld(graph());
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lz-drill-live-"));
        const json = path.join(dir, "drill.json");
        const common = { stack: "dev", account: "payments-staging", accountId: MEMBER, region: REGION, guardDutyMinSeverity: 7, json, clock, pollMs: POLL_MS };
        const refused = scripted(world, clock);
        await assert.rejects(
            runLiveDrill({ ...common, graph: graph({ dryRun: false }), args: { live: true }, clients: async () => refused.clients }),
            /^Error: --live: lz-remediation-isolate-instance, lz-remediation-deactivate-access-key act/,
        );
        assert.equal(refused.member.commandCalls(CreateSampleFindingsCommand).length, 0);

        const aws = scripted(world, clock);
        const out: string[] = [];
        const write = process.stdout.write;
        process.stdout.write = ((chunk: string) => out.push(chunk) > 0) as typeof process.stdout.write;
        const stderr = process.stderr.write;
        process.stderr.write = (() => true) as typeof process.stderr.write;
        let code: number;
        try {
            code = await runLiveDrill({ ...common, graph: graph(), args: { live: true, timeout: "120" }, clients: async () => aws.clients });
        } finally {
            process.stdout.write = write;
            process.stderr.write = stderr;
        }
        const report = JSON.parse(fs.readFileSync(json, "utf8")) as DrillReport;
        fs.rmSync(dir, { recursive: true, force: true });
        assert.equal(code, 0, out.join(""));
        assert.deepEqual(Object.keys(report), ["stack", "account", "accountId", "region", "mode", "findings", "pass"]);
        assert.equal(report.mode, "live");
        assert.deepEqual(
            report.findings.map((f) => f.key),
            ["guardduty-ec2", "guardduty-iam-access-key", "guardduty-low"],
        );
        assert.match(
            out.join(""),
            /^Threat drill: stack dev, account payments-staging \(\d{12}\), eu-west-1, live: GuardDuty sample findings in payments-staging, followed in security-tooling/,
        );
        assert.match(out.join(""), /pass {2}handler +\d+\.\d ms {2}isolate-instance: skipped/);
        assert.match(out.join(""), /All 3 findings passed every hop\./);
    });

    it("names every problem with the live options at once", () => {
        assert.deepEqual(liveArgProblems({ live: true, "dry-run": true, act: true, timeout: "0", finding: ["guardduty-ec2", "config-non-compliant"] }), [
            "--dry-run and --act: choose one (dry-run is the default)",
            "--timeout 0: expected whole seconds from 1 to 3600 (default 600)",
            "--finding config-non-compliant: the live drill creates GuardDuty sample findings only (expected one of guardduty-ec2, guardduty-iam-access-key, guardduty-low; the others run offline)",
        ]);
        assert.deepEqual(liveArgProblems({ live: true, timeout: "120", "member-profile": "payments-staging-auditor" }), []);
    });
});

describe("threat drill, live, from the command line without credentials", function () {
    this.timeout(300_000);

    it("exits 2 with what to sign in to, and no stack trace", () => {
        ensureBuilt();
        const home = fs.mkdtempSync(path.join(os.tmpdir(), "lz-drill-home-"));
        const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("AWS_")));
        const r = spawnSync(
            process.execPath,
            ["dist/tools/drill.js", "--stack", "dev", "--account", "payments-staging", "--live", "--member-profile", "payments-staging-auditor"],
            {
                cwd: REPO,
                encoding: "utf8",
                // No shared config or SSO cache, and no instance metadata to fall back on.
                env: {
                    ...env,
                    HOME: home,
                    AWS_CONFIG_FILE: path.join(home, "config"),
                    AWS_SHARED_CREDENTIALS_FILE: path.join(home, "credentials"),
                    AWS_EC2_METADATA_DISABLED: "true",
                },
            },
        );
        fs.rmSync(home, { recursive: true, force: true });
        assert.equal(r.status, 2, r.stderr);
        assert.match(r.stderr, /^--live: --member-profile: no usable AWS credentials from profile payments-staging-auditor: /m);
        assert.match(r.stderr, /^--admin-profile: no usable AWS credentials from the default credential chain/m);
        assert.match(
            r.stderr,
            /aws sso login --profile <profile>, then --member-profile <profile in payments-staging> --admin-profile <profile in security-tooling>/,
        );
        assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
    });
});
