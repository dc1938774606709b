import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { diffReports } from "../../tools/diff";
import { networkMermaid, organizationMermaid, PreviewReport, renderDiffText, renderMarkdown, renderReviewMarkdown, ReportResource } from "../../tools/report";
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

describe("review report", () => {
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
            it(`${stack}: keeps renderMarkdown's content and adds the marker and the diagrams`, () => {
                const run = runPreview({ stack, extraArgs: ["--comment-marker", `landing-zone-preview:offline:${stack}`] });
                assert.strictEqual(run.code, 0, run.stderr);
                const md = run.markdown!;
                assert.ok(md.startsWith(`<!-- landing-zone-preview:offline:${stack} -->\n## Landing zone preview: \`${stack}\``));
                // The preview fills the Remediation column from the pack's policies; so does this expectation.
                const remediation = new Map(allPolicies.map((p) => [p.name, p.remediation]));
                const plain = renderMarkdown(run.report!, (policy) => remediation.get(policy))
                    .trimEnd()
                    .split("\n");
                for (const line of plain) assert.ok(md.includes(line), `missing: ${line}`);
                assert.match(md, /<details><summary>Organization diagram<\/summary>\n\n```mermaid\nflowchart LR\n/);
                const network = run.report!.resources.some((r) => r.type === "aws:ec2transitgateway/transitGateway:TransitGateway");
                assert.strictEqual(md.includes("Network diagram"), network, "the network diagram appears exactly when the stack has a hub");
            });
        }

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
            const md = renderReviewMarkdown(after, undefined, { diff });
            assert.match(md, /### Changes: 1 added, 1 changed, 1 removed/);
            assert.match(md, /\| `hub-euw1-firewall` \| `aws:networkfirewall\/firewall:Firewall` \| inputs: deleteProtection \|/);
            assert.match(md, /no stateful resource removed/);
            const text = renderDiffText(diff);
            assert.match(text, /\+ urn:\S+::checkout-prod-euw1-vpc/);
            assert.match(text, /~ urn:\S+::hub-euw1-firewall {2}\[inputs: deleteProtection\]/);
            assert.match(text, /- urn:\S+::payments-prod-euw1-prop$/m);
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
