import * as assert from "assert";
import { diffReports } from "../../tools/diff";
import { renderText } from "../../tools/report";
import { networkMermaid, organizationMermaid, organizationTree } from "../../tools/report-diagrams";
import type { PreviewReport } from "../../tools/report-model";
import { renderReviewMarkdown } from "../../tools/review";
import { valueChanges } from "../../tools/value-diff";
import { runPreview } from "../support/preview";
import { assertValidMarkdown, hub, report, res } from "./report-fixtures";

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
});
