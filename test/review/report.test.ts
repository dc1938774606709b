import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { diffReports } from "../../tools/diff";
import MarkdownIt from "markdown-it";
import {
    buildReport,
    networkMermaid,
    organizationMermaid,
    organizationTree,
    PreviewReport,
    renderText,
    ReportResource,
    reviewVerdict,
} from "../../tools/report";
import { engineReport } from "../../tools/engine-report";
import type { ProgramRun } from "../../tools/mock-runtime";
import { applyExceptions, expandPolicyConfig, type PolicyInfo, type PolicyPackConfigFile, type Violation } from "../../tools/policy-engine";
import { policyConfigProblems } from "../../policypack/config";
import { COMMENT_BUDGET, MERMAID_LIMIT, renderReviewMarkdown } from "../../tools/review";
import { valueChanges } from "../../tools/value-diff";
import { allPolicies } from "../../policypack/policies";
import { runPreview } from "../support/preview";

const OPTIONS: ReportResource["options"] = {
    protect: false,
    retainOnDelete: false,
    ignoreChanges: [],
    replaceOnChanges: [],
    additionalSecretOutputs: [],
    aliases: [],
};
const STACK = "urn:pulumi:prod::landing-zone::";
const PROVIDER = `${STACK}pulumi:providers:aws::network-eu-west-1`;

/** A captured resource as the report holds it; ids link resources the way the mock runtime's placeholders do. */
function res(type: string, name: string, id: string, inputs: Record<string, unknown>, extra: Partial<ReportResource> = {}): ReportResource {
    return {
        urn: `${STACK}landing-zone:network:Hub$${type}::${name}`,
        type,
        name,
        custom: true,
        id,
        provider: PROVIDER,
        account: "222222222222",
        region: "eu-west-1",
        inputs,
        options: OPTIONS,
        dependencies: [],
        ...extra,
    };
}

function report(resources: ReportResource[], stack = "prod"): PreviewReport {
    return { stack, project: "landing-zone", resources, policyPack: { name: "p", version: "1" }, policies: [], violations: [], remediations: [], outputs: {} };
}

/** A hub in one region: TGW, two segments, a spoke and an inspection VPC with a firewall, a default route to inspection. */
function hub(): ReportResource[] {
    const T = "aws:ec2transitgateway/";
    return [
        res(`${T}transitGateway:TransitGateway`, "hub-euw1-tgw", "tgw-0001", { tags: { Name: "hub-euw1" } }),
        res(`${T}routeTable:RouteTable`, "hub-euw1-rt-prod", "tgw-rtb-prod", { transitGatewayId: "tgw-0001", tags: { Name: "prod" } }),
        res(`${T}routeTable:RouteTable`, "hub-euw1-rt-inspection", "tgw-rtb-insp", { transitGatewayId: "tgw-0001", tags: { Name: "inspection" } }),
        res(
            "aws:ec2/vpc:Vpc",
            "payments-prod-euw1-vpc",
            "vpc-spoke",
            { cidrBlock: "10.0.0.0/20", tags: { Name: "payments-prod-euw1" } },
            { account: "333333333333" },
        ),
        res("aws:ec2/vpc:Vpc", "hub-euw1-inspection-vpc", "vpc-insp", { cidrBlock: "10.8.0.0/23", tags: { Name: "inspection-euw1" } }),
        res("aws:networkfirewall/firewall:Firewall", "hub-euw1-firewall", "fw-1", { vpcId: "vpc-insp" }),
        res(`${T}vpcAttachment:VpcAttachment`, "payments-prod-euw1-attachment", "tgw-attach-spoke", { transitGatewayId: "tgw-0001", vpcId: "vpc-spoke" }),
        res(`${T}vpcAttachment:VpcAttachment`, "hub-euw1-inspection-attachment", "tgw-attach-insp", { transitGatewayId: "tgw-0001", vpcId: "vpc-insp" }),
        res(`${T}routeTableAssociation:RouteTableAssociation`, "payments-prod-euw1-assoc", "a1", {
            transitGatewayAttachmentId: "tgw-attach-spoke",
            transitGatewayRouteTableId: "tgw-rtb-prod",
        }),
        res(`${T}routeTableAssociation:RouteTableAssociation`, "hub-euw1-inspection-assoc", "a2", {
            transitGatewayAttachmentId: "tgw-attach-insp",
            transitGatewayRouteTableId: "tgw-rtb-insp",
        }),
        res(`${T}routeTablePropagation:RouteTablePropagation`, "payments-prod-euw1-prop", "p1", {
            transitGatewayAttachmentId: "tgw-attach-spoke",
            transitGatewayRouteTableId: "tgw-rtb-insp",
        }),
        res(`${T}route:Route`, "hub-euw1-prod-default", "r1", {
            transitGatewayRouteTableId: "tgw-rtb-prod",
            transitGatewayAttachmentId: "tgw-attach-insp",
            destinationCidrBlock: "0.0.0.0/0",
        }),
    ];
}

/**
 * The comment as GitHub's CommonMark parser reads it: every code fence closed (an unclosed one swallows
 * the rest of the comment), <details> balanced, every table row as wide as its header, within the size
 * budget, and every Mermaid diagram under Mermaid's limit.
 */
function assertValidMarkdown(md: string): void {
    assert.ok(md.length <= COMMENT_BUDGET, `${md.length} characters`);
    const tokens = new MarkdownIt({ html: true }).parse(md, {});
    const fences = tokens.filter((t) => t.type === "fence");
    assert.strictEqual(fences.length * 2, (md.match(/^```/gm) ?? []).length, "every fence is closed");
    for (const f of fences.filter((t) => t.info === "mermaid")) assert.ok(f.content.length <= MERMAID_LIMIT, `mermaid ${f.content.length}`);
    assert.strictEqual((md.match(/<details/g) ?? []).length, (md.match(/<\/details>/g) ?? []).length, "<details> balanced");
    let open = 0;
    for (const t of tokens) {
        if (t.type === "html_block") open += (t.content.match(/<details/g) ?? []).length - (t.content.match(/<\/details>/g) ?? []).length;
        assert.ok(open >= 0 && open <= 1, "<details> never nested or closed before it opens");
    }
    const lines = md.split("\n");
    lines.forEach((l, i) => {
        if (!/^\| --- /.test(l)) return;
        const cols = (row: string) => row.replace(/\\\|/g, "").split("|").length;
        for (let j = i + 1; j < lines.length && lines[j].startsWith("|"); j++) assert.strictEqual(cols(lines[j]), cols(lines[i - 1]), lines[j]);
    });
}

/** The report with `n` more workload accounts, each a copy of one workload account's resources under new URNs and ids. */
function scaled(base: PreviewReport, n: number): PreviewReport {
    const account = base.resources.find((r) => r.type === "aws:organizations/account:Account" && r.name.includes("payments"))!;
    const mine = base.resources.filter((r) => r.account === account.id || r.urn === account.urn);
    const copies: ReportResource[] = [];
    for (let i = 0; i < n; i++) {
        const id = String(300000000000 + i);
        const rename = (text: string) =>
            text
                .split(account.id!)
                .join(id)
                .replace(/payments/g, `team${i}`);
        for (const r of mine)
            copies.push({
                ...r,
                urn: rename(r.urn),
                name: rename(r.name),
                id: r.id && rename(r.id),
                account: r.account && rename(r.account),
                inputs: JSON.parse(rename(JSON.stringify(r.inputs))),
            });
    }
    return { ...base, resources: [...base.resources, ...copies] };
}

describe("review report", () => {
    it("draws the organization tree on a first rollout without printing ids that do not exist yet", () => {
        const org = res("aws:organizations/organization:Organization", "org", "", {});
        const ou = res("aws:organizations/organizationalUnit:OrganizationalUnit", "org-ou-security", "", { name: "Security" });
        const lines = organizationTree(report([{ ...org, id: undefined }, ou]));
        assert.deepStrictEqual(lines, ["Root (created by this update; its OUs and accounts are placed once their ids exist)"]);
        const deployed = organizationTree(
            report([
                { ...org, id: "o-abc123" },
                { ...ou, id: "ou-abcd-1", inputs: { name: "Security", parentId: "r-ab12" } },
            ]),
        );
        assert.deepStrictEqual(deployed, ["Root (o-abc123)", "└─ Security/"]);
    });

    describe("value-level diffs", () => {
        const scp = (regions: string[], extra: object[] = []) =>
            JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                    { Sid: "DenyRoot", Effect: "Deny", Action: "*", Resource: "*", Condition: { StringLike: { "aws:PrincipalArn": "arn:aws:iam::*:root" } } },
                    {
                        Sid: "DenyOutsideAllowedRegions",
                        Effect: "Deny",
                        NotAction: ["iam:*", "sts:*"],
                        Resource: "*",
                        Condition: { StringNotEquals: { "aws:RequestedRegion": regions } },
                    },
                    ...extra,
                ],
            });

        it("a policy document: statements by Sid, condition values and actions as sets, order ignored", () => {
            const before = { content: scp(["eu-west-1", "eu-central-1"]) };
            const after = {
                content: scp(
                    ["eu-central-1", "eu-west-1", "eu-north-1"],
                    [{ Sid: "DenyLeave", Effect: "Deny", Action: ["organizations:LeaveOrganization"], Resource: "*" }],
                ),
            };
            assert.deepStrictEqual(valueChanges(before, after), [
                { path: ["content", "Statement DenyLeave"], kind: "added", after: "{Action: [organizations:LeaveOrganization], Effect: Deny, Resource: [*]}" },
                {
                    path: ["content", "Statement DenyOutsideAllowedRegions", "Condition", "StringNotEquals", "aws:RequestedRegion"],
                    kind: "added",
                    after: "eu-north-1",
                },
            ]);
            // Reordered statements, actions and keys are no change at all.
            const reordered = JSON.parse(scp(["eu-central-1", "eu-west-1"]));
            reordered.Statement.reverse();
            reordered.Statement[0].NotAction.reverse();
            assert.deepStrictEqual(valueChanges(before, { content: JSON.stringify(reordered) }), []);
        });

        it("security-group and NACL rules, CIDRs and routes; credentials masked", () => {
            const rule = (port: number, cidr: string) => ({ protocol: "tcp", fromPort: port, toPort: port, cidrBlocks: [cidr] });
            const changes = valueChanges(
                { cidrBlock: "10.0.0.0/20", ingress: [rule(443, "10.0.0.0/8")], masterPassword: "hunter2", routes: ["10.1.0.0/16"] },
                { cidrBlock: "10.0.0.0/19", ingress: [rule(443, "10.0.0.0/8"), rule(22, "0.0.0.0/0")], masterPassword: "hunter3", routes: ["10.2.0.0/16"] },
            );
            assert.deepStrictEqual(changes, [
                { path: ["cidrBlock"], kind: "changed", before: "10.0.0.0/20", after: "10.0.0.0/19" },
                { path: ["ingress"], kind: "added", after: "{cidrBlocks: [0.0.0.0/0], fromPort: 22, protocol: tcp, toPort: 22}" },
                { path: ["masterPassword"], kind: "changed", before: "[masked]", after: "[masked]" },
                { path: ["routes"], kind: "removed", before: "10.1.0.0/16" },
                { path: ["routes"], kind: "added", after: "10.2.0.0/16" },
            ]);
            assert.ok(!JSON.stringify(changes).includes("hunter"));
        });

        it("an SCP edit reaches the comment and the terminal as its statement change; a VPC CIDR change is a replacement", () => {
            const policy = (content: string) =>
                res("aws:organizations/policy:Policy", "org-scp-regions", "p-1", { name: "lz-region-allow-list", type: "SERVICE_CONTROL_POLICY", content });
            const before = report([...hub(), policy(scp(["eu-west-1"]))]);
            const after = report([
                ...hub().map((r) => (r.name === "payments-prod-euw1-vpc" ? { ...r, inputs: { ...r.inputs, cidrBlock: "10.0.0.0/19" } } : r)),
                policy(scp(["eu-west-1", "eu-north-1"])),
            ]);
            const diff = diffReports(before, after);
            const md = renderReviewMarkdown(after, undefined, { diff, baseline: before });
            assert.match(md.split("\n")[2], /^\*\*PASS\*\* · \+0 ~1 -0 ±1 ·/);
            assert.match(
                md,
                /- SCP `lz-region-allow-list`: content › Statement DenyOutsideAllowedRegions › Condition › StringNotEquals › aws:RequestedRegion: adds eu-north-1/,
            );
            assert.match(md, /± replace <code>payments-prod-euw1-vpc<\/code>/);
            assert.match(md, /```diff\n- cidrBlock: 10\.0\.0\.0\/20\n\+ cidrBlock: 10\.0\.0\.0\/19\n```/);
            assert.match(md, /Network diagram \(changed part highlighted\)/, "the replaced spoke's network is drawn");
            const scpOnly = report([...hub(), policy(scp(["eu-west-1", "eu-north-1"]))]);
            assert.doesNotMatch(
                renderReviewMarkdown(scpOnly, undefined, { diff: diffReports(before, scpOnly), baseline: before }),
                /diagram/,
                "an SCP edit changes nothing a diagram draws: no diagram",
            );
            assertValidMarkdown(md);
            assert.match(
                renderText(after, undefined, { diff, baseline: before }),
                /SCP `lz-region-allow-list`: content › Statement DenyOutsideAllowedRegions › .* adds eu-north-1/,
            );
        });
    });

    describe("verdict", () => {
        it("a removal of a stateful resource is BLOCKED in the first line of the comment and the terminal, and nowhere PASS", () => {
            const before = report(hub());
            const after = report(hub().filter((r) => r.type !== "aws:networkfirewall/firewall:Firewall" && r.name !== "hub-euw1-inspection-vpc"));
            const withKey = (r: PreviewReport) => ({ ...r, resources: [...r.resources, res("aws:kms/key:Key", "key", "k-1", {})] });
            const diff = diffReports(withKey(before), after);
            assert.strictEqual(diff.blocking.length, 1);
            const md = renderReviewMarkdown(after, undefined, { diff, baseline: withKey(before) });
            assert.match(md.split("\n")[2], /^\*\*BLOCKED\*\* · \+0 ~0 -3 ±0 ·/);
            assert.doesNotMatch(md, /PASS/);
            const text = renderText(after, undefined, { diff });
            assert.match(text, /^Offline preview of landing-zone\/prod: BLOCKED/);
            assert.match(text, /\nVerdict: BLOCKED/);
            assert.doesNotMatch(text, /PASS/);
            const accepted = diffReports(withKey(before), after, [withKey(before).resources.at(-1)!.urn]);
            assert.match(renderReviewMarkdown(after, undefined, { diff: accepted }).split("\n")[2], /^\*\*NEEDS APPROVAL\*\*/);
        });
    });

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

    describe("network diagram", () => {
        it("draws hubs, segments, spokes, the inspection VPC and the inspection path from captured resources", () => {
            const lines = networkMermaid(report(hub()));
            const text = lines.join("\n");
            assert.strictEqual(lines[0], "flowchart LR");
            assert.match(text, /subgraph \S+\["Hub hub-euw1 \(eu-west-1\)"\]/);
            assert.match(text, /\["segment prod"\]/);
            assert.match(text, /\["segment inspection"\]/);
            assert.match(text, /\("payments-prod-euw1 · 10\.0\.0\.0\/20 · 333333333333"\)/, "a spoke is a rounded node with its CIDR and account");
            assert.match(
                text,
                /\[\/"inspection inspection-euw1 · 10\.8\.0\.0\/23 · 222222222222"\/\]/,
                "the VPC holding a firewall is drawn as the inspection VPC",
            );
            const id = (fragment: string) =>
                lines
                    .find((l) => l.includes(fragment))!
                    .trim()
                    .split(/[[({]/)[0];
            const spoke = id("payments-prod-euw1 ·");
            const inspection = id("inspection inspection-euw1");
            const prodRt = id("segment prod");
            const inspRt = id("segment inspection");
            assert.ok(lines.includes(`    ${spoke} -->|associated| ${prodRt}`));
            assert.ok(lines.includes(`    ${spoke} -.->|propagates| ${inspRt}`));
            assert.ok(lines.includes(`    ${inspection} -->|associated| ${inspRt}`));
            assert.ok(lines.includes(`    ${prodRt} ==>|"0.0.0.0/0"| ${inspection}`), "the default route of the prod segment goes through inspection");
            const blackholed = networkMermaid(
                report([
                    ...hub(),
                    res("aws:ec2transitgateway/route:Route", "hub-euw1-prod-to-nonprod", "r2", {
                        transitGatewayRouteTableId: "tgw-rtb-prod",
                        destinationCidrBlock: "10.4.0.0/14",
                        blackhole: true,
                    }),
                ]),
            );
            assert.ok(blackholed.includes(`    ${prodRt} -.-x|"10.4.0.0/14"| ${prodRt}_drop`), "a blackhole route is drawn as a drop");
        });

        it("falls back to dependencies when an input is unknown, and is empty without a Transit Gateway", () => {
            const resources = hub().map((r) =>
                r.name === "payments-prod-euw1-attachment"
                    ? { ...r, inputs: { ...r.inputs, vpcId: "[unknown]" }, dependencies: [hub().find((x) => x.id === "vpc-spoke")!.urn] }
                    : r,
            );
            assert.ok(networkMermaid(report(resources)).some((l) => l.includes("payments-prod-euw1 ·")));
            assert.deepStrictEqual(networkMermaid(report(hub().filter((r) => !r.type.endsWith("TransitGateway")))), []);
        });
    });

    describe("organization diagram", () => {
        it("shows OUs and accounts for both stacks, and folds accounts into counts in a large organization", () => {
            for (const stack of ["dev", "prod"]) {
                const r = runPreview({ stack }).report!;
                const lines = organizationMermaid(r);
                const accounts = r.resources.filter((x) => x.type === "aws:organizations/account:Account");
                assert.strictEqual(lines.filter((l) => /\(\["[^"]+"\]\)$/.test(l)).length, accounts.length, `${stack}: one node per account`);
                assert.ok(lines.some((l) => l.includes('["NonProd/"]')));
            }
            const prod = runPreview({ stack: "prod" }).report!;
            const template = prod.resources.find((x) => x.type === "aws:organizations/account:Account")!;
            const many = [
                ...prod.resources,
                ...Array.from({ length: 80 }, (_, i) => ({ ...template, urn: `${template.urn}-${i}`, name: `${template.name}-${i}` })),
            ];
            const folded = organizationMermaid({ ...prod, resources: many });
            assert.ok(folded.some((l) => /account\(s\)"\]\)$/.test(l)) && !folded.some((l) => l.includes(template.name + "-1")), "accounts folded into counts");
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
