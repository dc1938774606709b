import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { FORWARDER_RULE_PREFIX, SECURITY_EVENT_BUS } from "../../components/shared/names";
import { drill } from "../../tools/drill";
import type { DrillReport, FindingRun, HopName } from "../../tools/drill/report";
import { DRILL_FINDINGS } from "../../tools/drill/findings";
import { drillGraph } from "../../tools/drill/graph";
import { ensureBuilt, REPO } from "../support/preview";
import { drillResources as resources, MEMBER, REGION } from "../response/drill-fixture";

/** Runs the compiled drill CLI as a user does (`npm run drill` builds, then runs this). */
function runDrillCli(args: readonly string[]): { code: number; stdout: string; stderr: string; report?: DrillReport } {
    ensureBuilt();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lz-drill-"));
    const json = path.join(dir, "drill.json");
    const r = spawnSync(process.execPath, ["dist/tools/drill.js", ...args, "--json", json], { cwd: REPO, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    const report = fs.existsSync(json) ? (JSON.parse(fs.readFileSync(json, "utf8")) as DrillReport) : undefined;
    fs.rmSync(dir, { recursive: true, force: true });
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, report };
}

const hopNames = (f: FindingRun) => f.hops.map((h) => h.hop);
const hop = (f: FindingRun, name: HopName) => f.hops.find((h) => h.hop === name)!;

describe("threat drill, offline, end to end (dev stack, handlers against moto)", function () {
    this.timeout(300_000);
    let run: ReturnType<typeof runDrillCli>;
    let byKey: Record<string, FindingRun>;

    before(() => {
        run = runDrillCli(["--stack", "dev", "--account", "payments-staging"]);
        assert.ok(run.report, `no report written (exit ${run.code}):\n${run.stderr}\n${run.stdout}`);
        byKey = Object.fromEntries(run.report.findings.map((f) => [f.key, f]));
    });

    it("passes every hop of every finding and exits 0", () => {
        assert.equal(run.code, 0, run.stdout);
        assert.deepEqual(Object.keys(byKey), [
            "guardduty-ec2",
            "guardduty-iam-access-key",
            "guardduty-low",
            "securityhub-s3-public",
            "access-analyzer",
            "config-non-compliant",
        ]);
        for (const f of run.report!.findings) for (const h of f.hops) assert.ok(h.pass, `${f.key} ${h.hop}: ${h.detail}`);
        assert.match(run.stdout, /All 6 findings passed every hop\./);
        assert.match(run.stdout, /pass {2}handler +\d+\.\d ms {2}isolate-instance: dry-run/);
    });

    it("receives administered findings on the administrator's bus, Config's on the member's, and forwards both to the central bus", () => {
        assert.match(
            hop(byKey["guardduty-ec2"], "lands").detail,
            /^default bus of security-tooling \(\d{12}\) in eu-west-1 \(aws\.guardduty's delegated administrator\)/,
        );
        assert.match(hop(byKey["access-analyzer"], "lands").detail, /security-tooling .*aws\.access-analyzer's delegated administrator/);
        assert.match(hop(byKey["config-non-compliant"], "lands").detail, new RegExp(`^default bus of payments-staging \\(${run.report!.accountId}\\)`));
        for (const f of run.report!.findings)
            assert.match(
                hop(f, "forwarded").detail,
                new RegExp(`^${FORWARDER_RULE_PREFIX}findings -> arn:aws:events:eu-west-1:\\d{12}:event-bus/${SECURITY_EVENT_BUS}$`),
            );
    });

    it("alerts on the severity topics the findings call for, and not on the Low GuardDuty finding", () => {
        assert.match(hop(byKey["guardduty-ec2"], "alert").detail, /lz-alert-guardduty-high -> lz-security-high \(high\)/);
        // The message the topic publishes, rendered from the event: what happened and the runbook to start.
        assert.match(hop(byKey["guardduty-ec2"], "alert").detail, /\n +"What: Backdoor:EC2\/C&CActivity\.B"\n/);
        assert.match(
            hop(byKey["guardduty-ec2"], "alert").detail,
            /"Runbook lz-runbook-instance-compromise: https:\/\/[a-z0-9-]+\.console\.aws\.amazon\.com\/systems-manager\/automation\/execute\/lz-runbook-instance-compromise\?region=/,
        );
        assert.match(hop(byKey["securityhub-s3-public"], "alert").detail, /lz-alert-securityhub-high -> lz-security-high/);
        assert.match(hop(byKey["access-analyzer"], "alert").detail, /lz-alert-access-analyzer-findings -> lz-security-medium/);
        assert.match(hop(byKey["config-non-compliant"], "alert").detail, /lz-alert-config-non-compliant -> lz-security-medium/);
        assert.match(hop(byKey["guardduty-low"], "alert").detail, /^no alert; expected none$/);
    });

    it("runs each reached remediation's handler in dry-run on the seeded resource of the member account", () => {
        const id = run.report!.accountId;
        assert.deepEqual(hopNames(byKey["guardduty-ec2"]), ["lands", "forwarded", "alert", "remediation", "handler"]);
        assert.match(hop(byKey["guardduty-ec2"], "handler").detail, /^isolate-instance: dry-run, would .*move eni-\w+ of i-\w+ into landing-zone-quarantine/);
        assert.match(
            hop(byKey["guardduty-iam-access-key"], "handler").detail,
            /^deactivate-access-key: dry-run, would deactivate access key AKIA\w+ of user ci-deployer$/,
        );
        assert.match(
            hop(byKey["securityhub-s3-public"], "handler").detail,
            new RegExp(`^block-s3-public-access: dry-run, would block all public access on bucket checkout-exports-${id}$`),
        );
        for (const key of ["guardduty-low", "access-analyzer", "config-non-compliant"]) {
            assert.deepEqual(hopNames(byKey[key]), ["lands", "forwarded", "alert", "remediation"], key);
            assert.match(hop(byKey[key], "remediation").detail, /^no remediation; expected none$/);
        }
    });

    it("refuses live-only options offline, an unknown --finding and a non-member --account, naming what it expected", () => {
        const live = runDrillCli(["--stack", "dev", "--account", "payments-staging", "--act", "--timeout", "60"]);
        assert.equal(live.code, 2);
        assert.match(live.stderr, /^--act, --timeout: for the live drill only \(add --live\)$/m);
        const finding = runDrillCli(["--stack", "dev", "--account", "payments-staging", "--finding", "guardduty-nope"]);
        assert.equal(finding.code, 2);
        assert.match(finding.stderr, /--finding guardduty-nope: no such drill finding \(expected one of guardduty-ec2, .*config-non-compliant\)/);
        const account = runDrillCli(["--stack", "dev", "--account", "management"]);
        assert.equal(account.code, 2);
        assert.match(account.stderr, /--account management: not a member account of stack dev \(expected one of .*payments-staging.*\)/);
    });
});

describe("threat drill: a hop that must pass fails, and one that must not pass does", () => {
    const noEmulator = {
        endpoint: "http://127.0.0.1:9",
        reset: () => Promise.reject(new Error("no handler may run in this test")),
    };
    const options = (keys: readonly string[]) => ({
        account: "payments-staging",
        accountId: MEMBER,
        region: REGION,
        guardDutyMinSeverity: 7,
        findings: DRILL_FINDINGS.filter((f) => keys.includes(f.key)),
        emulator: noEmulator,
    });

    it("fails forwarding, alert and remediation when the administrator forwards nothing, and still passes the member's own Config event", async () => {
        const runs = await drill(drillGraph(resources({ administratorForwards: false, alertMinimum: 7 })), options(["guardduty-ec2", "config-non-compliant"]));
        const [gd, config] = runs;
        assert.deepEqual(
            gd.hops.map((h) => `${h.hop} ${h.pass}`),
            ["lands true", "forwarded false", "alert false", "remediation false"],
        );
        assert.match(hop(gd, "forwarded").detail, /no forwarding rule of security-tooling \(470758815369\) in eu-west-1 matches/);
        assert.match(hop(gd, "alert").detail, /^no alert; expected high$/);
        assert.equal(gd.pass, false);
        assert.equal(config.pass, true, JSON.stringify(config.hops));
    });

    it("fails the alert hop of the Low finding when the alert rules admit it", async () => {
        const [low] = await drill(drillGraph(resources({ administratorForwards: true, alertMinimum: 1 })), options(["guardduty-low"]));
        assert.equal(hop(low, "alert").pass, false);
        assert.match(hop(low, "alert").detail, /lz-alert-guardduty-high -> lz-security-high \(high\); expected none$/m);
        assert.equal(low.pass, false);
    });

    it("fails the alert hop when a topic would receive the raw event instead of the message", async () => {
        const [config] = await drill(
            drillGraph(resources({ administratorForwards: true, alertMinimum: 7, rawAlerts: true })),
            options(["config-non-compliant"]),
        );
        assert.equal(hop(config, "alert").pass, false);
        assert.match(hop(config, "alert").detail, /message of \S+\/lz-alert-config-non-compliant:\n +no input transformer: the raw event/);
        assert.equal(config.pass, false);
    });
});
