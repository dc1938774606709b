import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import type { EngineWorkspace } from "../../tools/engine";
import type { EngineEvent } from "../../tools/engine-events";
import { REPO } from "../../tools/engine-toolchain";
import type { PolicyPackConfigFile } from "../../tools/policy-engine";
import type { PreviewReport } from "../../tools/report-model";
import { engineWorkspace } from "../support/engine-workspace";
import { MIXED_ENFORCEMENT } from "../support/mixed-enforcement";
import { runAnalyze } from "../support/preview";
import { engineFindings, offlineFindings } from "./findings";

/**
 * The pack as the engine runs it on a workload team's program (the org-wide use): `pulumi preview
 * --policy-pack policypack --policy-pack-config <file>` on a deliberately insecure program gives the
 * findings and remediations `npm run analyze` gives offline, with the stack's default levels and with
 * mixed ones (remediate, advisory, disabled). The engine remediates before it analyzes, in preview as
 * in an update (step_generator.go: remediations, then analysis of the remediated inputs), so the
 * preview shows the IMDSv2 fix applied. This is the pack's conformance test over the engine's own
 * gRPC protocol (GetAnalyzerInfo, Configure, Remediate, Analyze, AnalyzeStack).
 */

const PROGRAM = path.join(REPO, "test", "fixtures", "insecure-program");
const STACK = "dev";
const INSTANCE = "aws:ec2/instance:Instance";

const engineRemediations = (events: readonly EngineEvent[]) =>
    events
        .filter((e) => e.policyRemediationEvent)
        .map((e) => `${e.policyRemediationEvent!.policyName} | ${e.policyRemediationEvent!.resourceUrn}`)
        .sort();

const offlineRemediations = (report: PreviewReport) => report.remediations.map((m) => `${m.policy} | ${m.urn}`).sort();

describe("the real engine runs the pack on a workload team's program as npm run analyze does", function () {
    this.timeout(20 * 60 * 1000);
    let ws: EngineWorkspace;

    before(() => {
        ws = engineWorkspace(PROGRAM, STACK);
    });
    after(() => ws?.dispose());

    const runs = new Map<PolicyPackConfigFile, ReturnType<typeof preview>>();
    const bothWays = (config: PolicyPackConfigFile) => runs.get(config) ?? runs.set(config, preview(config)).get(config)!;

    /** The engine's preview and the offline analyzer's report, with one policy config file for both. */
    function preview(config: PolicyPackConfigFile) {
        const file = path.join(ws.root, `policy-config-${runs.size}.json`);
        fs.writeFileSync(file, JSON.stringify(config));
        const { result, events } = ws.events(
            ["preview", "--stack", STACK, "--policy-pack", path.join(REPO, "policypack"), "--policy-pack-config", file],
            // The program's team type-checks it; the engine loads it as the pipeline does, transpiled.
            { PULUMI_NODEJS_TRANSPILE_ONLY: "true" },
        );
        assert.ok(
            events.some((e) => e.resourcePreEvent?.metadata.type === INSTANCE),
            `the engine previewed the program:\n${result.stderr.slice(-3000)}`,
        );
        const offline = runAnalyze(["--program", PROGRAM, "--stack", STACK, "--policy-config", file]);
        assert.ok(offline.report, offline.stderr);
        return { result, events, offline: { code: offline.code, report: offline.report } };
    }

    it("with the pack's own levels: the engine's findings equal the analyzer's, finding by finding, and both fail", () => {
        const { result, events, offline } = bothWays({});
        const findings = engineFindings(events);
        assert.deepStrictEqual(findings, offlineFindings(offline.report));
        assert.deepStrictEqual(engineRemediations(events), []);
        // Not a comparison of empty results.
        assert.ok(findings.filter((f) => f.includes("| mandatory |")).length >= 20, findings.join("\n"));
        assert.ok(findings.some((f) => f.includes("| advisory |")));
        assert.ok(findings.some((f) => f.startsWith("ec2-imdsv2-required | mandatory |")));
        assert.ok(findings.some((f) => f.startsWith("s3-versioning-enabled |")));
        assert.notStrictEqual(result.status, 0, "mandatory findings fail the preview");
        assert.notStrictEqual(offline.code, 0);
    });

    it("with mixed levels: the same findings and remediations both ways; advisory and disabled levels honoured", () => {
        const { events, offline } = bothWays(MIXED_ENFORCEMENT);
        const findings = engineFindings(events);
        assert.deepStrictEqual(findings, offlineFindings(offline.report));
        assert.deepStrictEqual(engineRemediations(events), offlineRemediations(offline.report));
        const levels = (policy: string) => new Set(findings.filter((f) => f.startsWith(`${policy} |`)).map((f) => f.split(" | ")[1]));
        assert.deepStrictEqual([...levels("kms-key-rotation")], ["mandatory"]);
        assert.deepStrictEqual([...levels("required-tags")], ["advisory"]);
        for (const disabled of ["s3-versioning-enabled", "stateful-resources-protected", "cloudtrail-org-trail-present"])
            assert.deepStrictEqual([...levels(disabled)], [], `${disabled} is disabled`);
    });

    it("remediates IMDSv2 on the instance during preview: the previewed inputs carry the fix and Analyze no longer reports it", () => {
        const { events } = bothWays(MIXED_ENFORCEMENT);
        const fixes = events.filter((e) => e.policyRemediationEvent?.policyName === "ec2-imdsv2-required");
        assert.deepStrictEqual(
            fixes.map((e) => e.policyRemediationEvent!.resourceUrn.split("::").pop()),
            ["orders-worker"],
        );
        const step = events.find((e) => e.resourcePreEvent?.metadata.type === INSTANCE)!.resourcePreEvent!.metadata;
        assert.deepStrictEqual((step.new?.inputs?.metadataOptions as { httpTokens?: string } | undefined)?.httpTokens, "required");
        assert.ok(!engineFindings(events).some((f) => f.startsWith("ec2-imdsv2-required |")));
    });
});
