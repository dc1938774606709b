import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { diffReports } from "../../tools/diff";
import { renderText } from "../../tools/report";
import { COMMENT_BUDGET, renderReviewMarkdown } from "../../tools/review";
import { allPolicies } from "../../policypack/policies";
import { runPreview } from "../support/preview";
import { assertValidMarkdown, hub, OPTIONS, report, res, scaled } from "./report-fixtures";

describe("review report", () => {
    describe("size", () => {
        for (const n of [200, 500]) {
            it(`${n} more workload accounts: the comment fits ${COMMENT_BUDGET} characters and every diagram fits Mermaid, with and without a baseline`, () => {
                const prod = runPreview({ stack: "prod" }).report!;
                const big = scaled(prod, n);
                const remediation = (p: string) => allPolicies.find((x) => x.name === p)?.remediation;
                const estate = renderReviewMarkdown(big, remediation);
                assertValidMarkdown(estate);
                const change = renderReviewMarkdown(big, remediation, { diff: diffReports(prod, big), baseline: prod });
                assertValidMarkdown(change);
                assert.match(change, new RegExp(`adds ${n} account\\(s\\) to OU \`Workloads/Prod\``));
            });
        }
    });

    describe("accounts in natural order", () => {
        it("team2 before team10 in the estate table, the change summary, the terminal and the organization tree", () => {
            const prod = runPreview({ stack: "prod" }).report!;
            const big = scaled(prod, 12);
            // The accounts' numbers as they appear, top to bottom, in each place that lists accounts.
            const order = (lines: readonly string[], pattern: RegExp) =>
                lines.flatMap((l) => [...l.matchAll(pattern)].map((m) => Number(m[1]))).filter((n, i, all) => all.indexOf(n) === i);
            const natural = (ns: readonly number[], where: string) => {
                assert.ok(ns.length >= 12, `${where}: lists the 12 new accounts (got ${ns.join(", ")})`);
                assert.deepStrictEqual(
                    ns,
                    [...ns].sort((a, b) => a - b),
                    `${where}: natural order`,
                );
            };
            const estate = renderReviewMarkdown(big);
            const table = estate.split("\n").filter((l) => /^\| .*team\d+/.test(l));
            natural(order(table, /team(\d+)/g), "estate table");
            const text = renderText(big, undefined, { verbose: true }).split("\n");
            const byAccount = text.slice(
                text.indexOf("Resources by account:"),
                text.findIndex((l) => l.startsWith("Resources by type")),
            );
            natural(order(byAccount, /team(\d+)/g), "terminal, resources by account");
            const tree = text.slice(text.indexOf("Organization:"));
            natural(order(tree, /team(\d+)/g), "terminal, organization tree");
            const change = renderReviewMarkdown(big, undefined, { diff: diffReports(prod, big), baseline: prod, budget: 1_000_000 });
            const headline = change.split("\n").find((l) => /adds 12 account\(s\) to OU/.test(l));
            assert.ok(headline, "the change summary names the added accounts");
            const shown = order([headline], /team(\d+)/g);
            assert.deepStrictEqual(
                shown,
                [...shown].sort((a, b) => a - b),
                `change summary: ${headline}`,
            );
            assert.ok(shown.includes(2) && !shown.includes(10), `the first accounts named are team0, team1, team2, ...: ${headline}`);
        });
    });

    describe("PR comment", () => {
        for (const stack of ["dev", "prod"]) {
            it(`${stack}: the verdict first, findings grouped by policy with the fix once, valid Markdown, diagrams`, () => {
                const run = runPreview({ stack, extraArgs: ["--comment-marker", `landing-zone-preview:offline:${stack}`] });
                assert.strictEqual(run.code, 0, run.stderr);
                const md = run.markdown!;
                const lines = md.split("\n");
                assert.strictEqual(lines[0], `<!-- landing-zone-preview:offline:${stack} -->`);
                assert.strictEqual(lines[1], `## Landing zone preview: \`${stack}\``);
                assert.match(lines[3], /^\*\*PASS\*\* · findings: 0 mandatory, 0 remediated, \d+ advisory · \d+ resources in \d+ accounts$/);
                assertValidMarkdown(md);
                // One row per policy; its fix appears once however many resources it flags.
                for (const policy of new Set(run.report!.violations.map((v) => v.policy))) {
                    assert.strictEqual(lines.filter((l) => l.includes(`| \`${policy}\` |`)).length, 1, policy);
                    const fix = allPolicies.find((p) => p.name === policy)?.remediation;
                    const html = fix?.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
                    if (html) assert.strictEqual(md.split(html).length - 1, 1, `${policy}: the fix once`);
                }
                assert.match(md, /<details><summary>Estate: resources per account and region/, "no baseline: the estate is shown");
                assert.match(md, /<details><summary>Organization diagram<\/summary>\n\n```mermaid\nflowchart LR\n/);
                const network = run.report!.resources.some((r) => r.type === "aws:ec2transitgateway/transitGateway:TransitGateway");
                assert.strictEqual(md.includes("Network diagram"), network, "the network diagram appears exactly when the stack has a hub");
            });
        }

        it("dev in the terminal: about a screen, the verdict in the first line, no finding line repeated", () => {
            const run = runPreview({ stack: "dev" });
            const lines = run.stdout.trimEnd().split("\n");
            assert.ok(lines.length <= 60, `${lines.length} lines`);
            assert.match(lines[0], /^Offline preview of landing-zone\/dev: PASS · findings: 0 mandatory, 0 remediated, \d+ advisory/);
            assert.match(lines[lines.length - 1], /^Verdict: PASS · findings:/);
            const repeated = lines.filter((l, i) => l.trim() && lines.indexOf(l) !== i && !l.startsWith("Verdict"));
            assert.deepStrictEqual(repeated, []);
            assert.ok(!run.stdout.includes("\u001b["), "no colours when stdout is not a terminal");
            const verbose = runPreview({ stack: "dev", extraArgs: ["--verbose"] });
            assert.ok(verbose.stdout.split("\n").length > lines.length * 2, "--verbose lists every type and finding");
            assert.match(verbose.stderr, /Done in \d+\.\d s \(start-up and loading \d+\.\d s, program and pack \d+\.\d s, report \d+\.\d s\)/);
        });

        it("with --baseline shows only the change: added, changed and removed by URN", () => {
            const before = report(hub());
            const after = report([
                ...hub()
                    .filter((r) => r.name !== "payments-prod-euw1-prop")
                    .map((r) => (r.name === "hub-euw1-firewall" ? { ...r, inputs: { ...r.inputs, deleteProtection: true } } : r)),
                res("aws:ec2/vpc:Vpc", "checkout-prod-euw1-vpc", "vpc-2", { cidrBlock: "10.0.16.0/20" }),
            ]);
            const diff = diffReports(before, after);
            assert.deepStrictEqual(
                diff.added.map((r) => r.name),
                ["checkout-prod-euw1-vpc"],
            );
            assert.deepStrictEqual(
                diff.changed.map((c) => [c.urn.split("::").pop(), c.inputs]),
                [["hub-euw1-firewall", ["deleteProtection"]]],
            );
            assert.deepStrictEqual(
                diff.removed.map((r) => r.name),
                ["payments-prod-euw1-prop"],
            );
            assert.deepStrictEqual(diff.blocking, [], "a propagation holds no state");
            const md = renderReviewMarkdown(after, undefined, { diff, baseline: before });
            assert.match(md.split("\n")[2], /^\*\*PASS\*\* · \+1 ~1 -1 ±0 · findings: 0 mandatory, 0 remediated, 0 advisory/);
            assert.match(md, /~ update <code>hub-euw1-firewall<\/code>[^\n]*\n\n```diff\n\+ deleteProtection: true\n```/);
            assert.doesNotMatch(md, /Estate: resources per account/, "with a baseline the estate table is not repeated");
            assertValidMarkdown(md);
            const text = renderText(after, undefined, { diff, baseline: before });
            assert.match(text, /^Offline preview of landing-zone\/prod: PASS · \+1 ~1 -1 ±0/);
            assert.match(text, /~ urn:\S+::hub-euw1-firewall\n {6}\+ deleteProtection: true/);
        });

        it("key order and unchanged options are not changes; option changes are", () => {
            const a = res("aws:ec2/vpc:Vpc", "v", "vpc-1", { cidrBlock: "10.0.0.0/16", tags: { A: "1", B: "2" } });
            const b = { ...a, inputs: { tags: { B: "2", A: "1" }, cidrBlock: "10.0.0.0/16" } };
            assert.deepStrictEqual(diffReports(report([a]), report([b])).changed, []);
            const c = { ...a, options: { ...OPTIONS, protect: true, retainOnDelete: true } };
            assert.deepStrictEqual(diffReports(report([a]), report([c])).changed[0].options, ["protect", "retainOnDelete"]);
        });

        it("refuses a baseline of another stack, or a file that is not a report, with exit code 2", () => {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lz-baseline-"));
            const prod = path.join(dir, "prod.json");
            const junk = path.join(dir, "junk.json");
            fs.writeFileSync(prod, JSON.stringify(runPreview({ stack: "prod" }).report));
            fs.writeFileSync(junk, "{ not json");
            const other = runPreview({ stack: "dev", extraArgs: ["--baseline", prod] });
            const broken = runPreview({ stack: "dev", extraArgs: ["--baseline", junk] });
            fs.rmSync(dir, { recursive: true, force: true });
            assert.strictEqual(other.code, 2);
            assert.match(other.stderr, /the baseline is a preview of landing-zone\/prod \(expected a preview of stack dev\)/);
            assert.strictEqual(broken.code, 2);
            assert.match(broken.stderr, /--baseline .*junk\.json: cannot read it as JSON/);
        });
    });
});
