import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { buildReport, renderText, reviewVerdict } from "../../tools/report";
import { engineReport } from "../../tools/engine-report";
import type { ProgramRun } from "../../tools/captured-resources";
import { applyExceptions, expandPolicyConfig, type PolicyInfo, type PolicyPackConfigFile, type Violation } from "../../tools/policy-engine";
import { policyConfigProblems } from "../../policypack/config";
import { renderReviewMarkdown } from "../../tools/review";
import { allPolicies } from "../../policypack/policies";
import { report, res, STACK } from "./report-fixtures";

describe("review report", () => {
    describe("the remediate enforcement level, weighed as the engine weighs it", () => {
        const bucket = res("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "logs-bpa", "bpa-1", { blockPublicAcls: true });
        const finding = (enforcementLevel: Violation["enforcementLevel"]): Violation => ({
            policy: "s3-bucket-public-access-block",
            enforcementLevel,
            urn: bucket.urn,
            message: "not blocked",
            description: "S3 public access blocked",
        });

        it("a remediation the pack applied fails nothing: PASS, counted as remediated, in the comment and the terminal", () => {
            const fixed = { ...report([bucket]), remediations: [{ policy: "s3-bucket-public-access-block", urn: bucket.urn }] };
            assert.match(renderReviewMarkdown(fixed).split("\n")[2], /^\*\*PASS\*\* · findings: 0 mandatory, 1 remediated, 0 advisory/);
            assert.match(renderText(fixed), /^Offline preview of landing-zone\/prod: PASS · findings: 0 mandatory, 1 remediated, 0 advisory/);
        });

        it("a violation left at the remediate level blocks as the mandatory finding the engine makes of it", () => {
            const v = reviewVerdict({ ...report([bucket]), violations: [finding("remediate")] });
            assert.strictEqual(v.outcome, "blocked");
            assert.deepStrictEqual(v.levels, { mandatory: 1, remediated: 0, advisory: 0 });
        });

        it("a remediation that could not run is the advisory violation the engine reports, in both sources", () => {
            const diagnostic = "can't run remediation 's3-bucket-public-access-block' during preview: unknown value";
            const run = { project: "landing-zone", stack: "prod", resources: [], outputs: {} } as unknown as ProgramRun;
            const info = { name: "s3-bucket-public-access-block", description: "S3 public access blocked", enforcementLevel: "remediate", severity: "high" };
            const offline = buildReport(
                run,
                { name: "p", version: "1" },
                [info as PolicyInfo],
                new Map(),
                [],
                [{ policy: info.name, urn: bucket.urn, diagnostic }],
            );
            assert.deepStrictEqual(
                offline.violations.map((x) => [x.policy, x.enforcementLevel, x.message]),
                [[info.name, "advisory", diagnostic]],
            );
            assert.deepStrictEqual(reviewVerdict(offline).levels, { mandatory: 0, remediated: 0, advisory: 1 });
            // The engine's events for one remediation applied and one that could not run (step_generator.go).
            const events = [
                { sequence: 1, timestamp: 0, policyRemediationEvent: { resourceUrn: bucket.urn, policyName: info.name, policyPackName: "p" } },
                {
                    sequence: 2,
                    timestamp: 0,
                    policyEvent: {
                        resourceUrn: bucket.urn,
                        message: diagnostic,
                        policyName: info.name,
                        policyPackName: "p",
                        enforcementLevel: "advisory" as const,
                    },
                },
            ];
            const engine = engineReport(events, {
                project: "landing-zone",
                stack: "prod",
                pack: { name: "p", version: "1" },
                policies: [info as PolicyInfo],
                effective: new Map(),
            });
            assert.deepStrictEqual(engine.remediations, [{ policy: info.name, urn: bucket.urn }]);
            assert.deepStrictEqual(reviewVerdict(engine), { ...reviewVerdict(engine), outcome: "pass", levels: { mandatory: 0, remediated: 1, advisory: 1 } });
        });
    });

    describe("policy exceptions of the pack config, applied as the engine applies them", () => {
        // pulumi v3.276 reads a version 2 pack config ({"version": 2, "policies", "exceptions"}); a violation an
        // exception matches (policy by name, resource by exact URN) is still reported, with the exception, and
        // fails nothing (pkg/resource/deploy/step_generator.go, apitype.PolicyEvent.exceptions).
        const info = {
            name: "s3-sse-kms-cmk",
            description: "Buckets use a customer-managed key.",
            enforcementLevel: "mandatory",
            severity: "high",
        } as PolicyInfo;
        const bucket = `${STACK}aws:s3/bucket:Bucket::logs`;
        const other = `${STACK}aws:s3/bucket:Bucket::data`;
        const exception = { id: "EXC-7", reason: "legacy bucket, migrated in Q3" };
        const file = (targets: string[], policies = [info.name]) => ({
            version: 2,
            policies: { all: "mandatory" },
            exceptions: { [exception.id]: { reason: exception.reason, match: [{ policies, targets }] } },
        });
        const offline = (urns: string[], config: Record<string, unknown>) =>
            buildReport(
                { project: "landing-zone", stack: "prod", resources: [], outputs: {} } as unknown as ProgramRun,
                { name: "p", version: "1" },
                [info],
                expandPolicyConfig(config as PolicyPackConfigFile, [info]),
                applyExceptions(
                    urns.map((urn) => ({
                        policy: info.name,
                        enforcementLevel: "mandatory",
                        urn,
                        message: `${info.description}\nSSE-S3`,
                        severity: "high",
                        description: info.description,
                    })),
                    config,
                ),
            );
        /** The engine's events for the same violations, each with the exceptions the engine matched to it. */
        const engine = (findings: { urn: string; excepted: boolean }[]) =>
            engineReport(
                findings.map((f, i) => ({
                    sequence: i,
                    timestamp: 0,
                    policyEvent: {
                        resourceUrn: f.urn,
                        message: `${info.description}\nSSE-S3\n`,
                        policyName: info.name,
                        policyPackName: "p",
                        enforcementLevel: "mandatory" as const,
                        severity: "high",
                        ...(f.excepted ? { exceptions: [exception] } : {}),
                    },
                })),
                {
                    project: "landing-zone",
                    stack: "prod",
                    pack: { name: "p", version: "1" },
                    policies: [info],
                    effective: expandPolicyConfig({ all: "mandatory" }, [info]),
                },
            );

        it("an excepted mandatory finding fails nothing: PASS, counted as excepted and named with its exception, from either source alike", () => {
            const off = offline([bucket], file([bucket]));
            const eng = engine([{ urn: bucket, excepted: true }]);
            assert.deepStrictEqual(off.violations, eng.violations);
            assert.deepStrictEqual(reviewVerdict(off), {
                outcome: "pass",
                reasons: [],
                levels: { mandatory: 0, remediated: 0, advisory: 0, excepted: 1 },
                counts: undefined,
            });
            assert.deepStrictEqual(reviewVerdict(eng), reviewVerdict(off));
            const md = renderReviewMarkdown(eng);
            assert.strictEqual(md, renderReviewMarkdown(off));
            assert.match(md.split("\n")[2], /^\*\*PASS\*\* · findings: 0 mandatory, 0 remediated, 0 advisory, 1 excepted/);
            assert.match(md, /\[excepted by EXC-7: legacy bucket, migrated in Q3\] SSE-S3/);
            assert.match(renderText(off, undefined, { verbose: true }), /PASS · findings: 0 mandatory, 0 remediated, 0 advisory, 1 excepted/);
        });

        it("only the named policy on the exact URN is excepted; an unversioned file has no exceptions", () => {
            const off = offline([bucket, other], file([bucket]));
            assert.deepStrictEqual(reviewVerdict(off).levels, { mandatory: 1, remediated: 0, advisory: 0, excepted: 1 });
            assert.deepStrictEqual(
                off.violations,
                engine([
                    { urn: bucket, excepted: true },
                    { urn: other, excepted: false },
                ]).violations,
            );
            assert.strictEqual(reviewVerdict(offline([bucket], file([bucket], ["s3-versioning-enabled"]))).outcome, "blocked");
            assert.strictEqual(reviewVerdict(offline([bucket], file([`${bucket}-2`]))).outcome, "blocked");
            // Unversioned, "exceptions" is not a reserved key to the engine: no exception applies (and the config check refuses it).
            const unversioned = { all: "mandatory", exceptions: file([bucket]).exceptions };
            assert.strictEqual(reviewVerdict(offline([bucket], unversioned)).outcome, "blocked");
            assert.deepStrictEqual(
                policyConfigProblems(unversioned, allPolicies).map((p) => p.path.join(".")),
                ["exceptions"],
            );
        });

        it("a version 2 file configures the pack as its unversioned form does, and its exceptions are checked as the engine checks them", () => {
            const dev = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "policypack", "config", "dev.json"), "utf8")) as Record<string, unknown>;
            const policies = allPolicies.map(
                (p) => ({ name: p.name, description: p.description, enforcementLevel: p.enforcementLevel ?? "advisory" }) as PolicyInfo,
            );
            const v2 = { version: 2, policies: dev, exceptions: file([bucket]).exceptions };
            assert.deepStrictEqual(
                expandPolicyConfig(v2 as unknown as PolicyPackConfigFile, policies),
                expandPolicyConfig(dev as PolicyPackConfigFile, policies),
            );
            assert.deepStrictEqual(policyConfigProblems(v2, allPolicies), []);
            const broken = {
                version: 2,
                policies: { "no-such-policy": "mandatory" },
                exceptions: { "EXC 1": { reason: " ", match: [{ policies: ["all"], targets: ["logs"] }] }, "EXC-2": { reason: "r" } },
            };
            assert.deepStrictEqual(
                policyConfigProblems(broken, allPolicies).map((p) => p.path.join(".")),
                [
                    "exceptions.EXC 1",
                    "exceptions.EXC 1.reason",
                    "exceptions.EXC 1.match.0.policies.0",
                    "exceptions.EXC 1.match.0.targets.0",
                    "exceptions.EXC-2.match",
                    "policies.no-such-policy",
                ],
            );
            assert.deepStrictEqual(
                policyConfigProblems({ version: 3 }, allPolicies).map((p) => p.path.join(".")),
                ["version"],
            );
        });
    });
});
