/** A small landing zone report (resources, the transit gateway hub) and the checks the review report tests share. */
import * as assert from "assert";
import MarkdownIt from "markdown-it";
import type { PreviewReport, ReportResource } from "../../tools/report-model";
import { COMMENT_BUDGET, MERMAID_LIMIT } from "../../tools/review";

export const OPTIONS: ReportResource["options"] = {
    protect: false,
    retainOnDelete: false,
    ignoreChanges: [],
    replaceOnChanges: [],
    additionalSecretOutputs: [],
    aliases: [],
};
export const STACK = "urn:pulumi:prod::landing-zone::";
export const PROVIDER = `${STACK}pulumi:providers:aws::network-eu-west-1`;

/** A captured resource as the report holds it; ids link resources the way the mock runtime's placeholders do. */
export function res(type: string, name: string, id: string, inputs: Record<string, unknown>, extra: Partial<ReportResource> = {}): ReportResource {
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

export function report(resources: ReportResource[], stack = "prod"): PreviewReport {
    return { stack, project: "landing-zone", resources, policyPack: { name: "p", version: "1" }, policies: [], violations: [], remediations: [], outputs: {} };
}

/** A hub in one region: TGW, two segments, a spoke and an inspection VPC with a firewall, a default route to inspection. */
export function hub(): ReportResource[] {
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
export function assertValidMarkdown(md: string): void {
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
export function scaled(base: PreviewReport, n: number): PreviewReport {
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
