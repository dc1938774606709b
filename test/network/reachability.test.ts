import { strict as assert } from "assert";
import type { GraphRecord } from "../../tools/network-graph";
import { analyzeReachability, DENIED_EGRESS_PROBES, renderReachability } from "../../tools/reachability";
import { cloneGraph, ofType, stackGraph, stackReachability } from "./graphs";

const byName = (records: readonly GraphRecord[], name: string) => {
    const r = records.find((x) => x.name === name);
    assert.ok(r, `no resource named ${name}`);
    return r;
};

describe("network reachability (from the captured resource graph)", function () {
    this.timeout(600_000);

    for (const stack of ["dev", "prod"] as const) {
        describe(`${stack} stack`, () => {
            it("holds every property", async () => {
                const report = await stackReachability(stack);
                assert.deepEqual(report.violations, [], renderReachability(report));
                assert.ok(report.spokes.length >= 2);
                const subnets = new Set(report.flows.map((f) => f.fromSubnet));
                assert.equal(report.flows.filter((f) => f.to === "internet").length, subnets.size, "every workload subnet to the internet");
            });

            it("inspects every routed flow in both directions and lets spokes out only on TLS", async () => {
                const report = await stackReachability(stack);
                for (const f of report.flows) {
                    if (f.forward.delivered) assert.ok(f.forward.inspected, `${f.from} -> ${f.to} not inspected`);
                    if (f.back.delivered) assert.ok(f.back.inspected, `${f.to} -> ${f.from} not inspected`);
                    if (f.to === "internet") {
                        assert.ok(
                            f.forward.hops.some((h) => h.kind === "nat"),
                            `${f.from} leaves without central NAT`,
                        );
                        assert.deepEqual(f.openPorts, ["tcp/443"], `${f.from} to the internet`);
                        // The egress path drops a bucket name in a region no stack allows (and every other denied probe).
                        assert.ok(f.forward.inspected && f.forward.delivered);
                        assert.deepEqual(f.egressLeaks, [], `${f.fromSubnet} lets out ${f.egressLeaks.join(", ")}`);
                    }
                }
            });
        });
    }

    it("probes the egress path with a foreign-region bucket name", () => {
        assert.ok((DENIED_EGRESS_PROBES as readonly string[]).includes("mybucket.s3.ap-southeast-2.amazonaws.com"));
    });

    it("prod: no prod spoke reaches a nonprod spoke or back; allowed east-west flows stay open", async () => {
        const report = await stackReachability("prod");
        const crossing = report.flows.filter((f) => [f.fromSegment, f.toSegment].sort().join("/") === "nonprod/prod");
        assert.ok(crossing.length >= 2 * 7 * 4, `expected every prod/nonprod pair, got ${crossing.length}`);
        for (const f of crossing) assert.equal(f.reachable, false, `${f.from} -> ${f.to}: ${f.openPorts.join(", ")}`);
        // Config allows prod -> shared on 443: the analysis must see it open (it is not vacuously closed).
        const toShared = report.flows.filter((f) => f.fromSegment === "prod" && f.to === "network-shared-services-euw1-vpc");
        assert.ok(toShared.length > 0);
        for (const f of toShared) assert.deepEqual(f.openPorts, ["tcp/443"], f.from);
        // And shared may not open connections back into prod.
        for (const f of report.flows.filter((x) => x.fromSegment === "shared" && x.toSegment === "prod")) assert.equal(f.reachable, false, f.to);
    });

    it("prod: nonprod stays in its region both ways; prod and shared cross regions as crossRegionSegments says", async () => {
        const report = await stackReachability("prod");
        const between = (from: string, to: string) => {
            const flows = report.flows.filter((f) => f.from === `network-${from}-vpc` && f.to === `network-${to}-vpc`);
            assert.ok(flows.length > 0, `${from} -> ${to}`);
            return flows;
        };
        // Not only the reply: the first packet is dropped by the firewall and by the NACLs, in either direction.
        for (const [from, to] of [
            ["payments-staging-euw1", "shared-services-euc1"],
            ["shared-services-euc1", "payments-staging-euw1"],
        ])
            for (const f of between(from, to)) {
                assert.deepEqual(f.firewallOpen, [], `${f.fromSubnet} -> ${f.toSubnet}: the firewall passes it`);
                assert.deepEqual(f.naclOpen, [], `${f.fromSubnet} -> ${f.toSubnet}: the NACLs admit it`);
            }
        for (const f of between("payments-staging-euw1", "shared-services-euw1"))
            assert.deepEqual(f.openPorts, ["tcp/443"], "nonprod reaches its own region's shared services");
        for (const f of between("payments-prod-euw1", "shared-services-euc1"))
            assert.deepEqual(f.openPorts, ["tcp/443"], "prod reaches shared services across regions");
        for (const f of between("shared-services-euc1", "payments-prod-euw1")) assert.equal(f.reachable, false, "shared opens nothing into prod");
    });

    it("catches a segment route that skips inspection", async () => {
        const graph = cloneGraph(await stackGraph("prod"));
        // Mis-wiring: the prod table learns a nonprod spoke directly (a propagation), and vice versa.
        const prodTable = byName(graph, "network-euw1-rt-prod");
        const nonprodTable = byName(graph, "network-euw1-rt-nonprod");
        const accepter = (spoke: string) => byName(graph, `network-${spoke}-attachment`).id!;
        const template = ofType(graph, "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation")[0];
        graph.push(
            {
                ...template,
                name: "miswired-1",
                urn: `${template.urn}-miswired-1`,
                inputs: { transitGatewayAttachmentId: accepter("payments-staging-euw1"), transitGatewayRouteTableId: prodTable.id },
            },
            {
                ...template,
                name: "miswired-2",
                urn: `${template.urn}-miswired-2`,
                inputs: { transitGatewayAttachmentId: accepter("payments-prod-euw1"), transitGatewayRouteTableId: nonprodTable.id },
            },
        );
        const report = analyzeReachability(graph);
        assert.ok(
            report.violations.some((v) => /payments-prod-euw1-vpc -> network-payments-staging-euw1-vpc: forward path bypasses inspection/.test(v)),
            renderReachability(report),
        );
    });

    it("catches a NACL that lets prod and nonprod talk", async () => {
        const graph = cloneGraph(await stackGraph("prod"));
        for (const name of ["network-payments-prod-euw1-nacl", "network-payments-staging-euw1-nacl"]) {
            const nacl = byName(graph, name);
            const open = [{ ruleNo: 50, action: "allow", protocol: "-1", cidrBlock: "10.0.0.0/8", fromPort: 0, toPort: 0 }];
            nacl.inputs.ingress = [...open, ...(nacl.inputs.ingress as unknown[])];
            nacl.inputs.egress = [...open, ...(nacl.inputs.egress as unknown[])];
        }
        const report = analyzeReachability(graph);
        assert.ok(
            report.violations.some((v) => /payments-prod-euw1-vpc \(prod\) reaches network-payments-staging-euw1-vpc \(nonprod\)/.test(v)),
            renderReachability(report),
        );
        assert.ok(report.violations.some((v) => /payments-staging-euw1-vpc \(nonprod\) reaches network-payments-prod-euw1-vpc \(prod\)/.test(v)));
    });

    it("catches an internet gateway in a spoke", async () => {
        const graph = cloneGraph(await stackGraph("dev"));
        const vpc = byName(graph, "network-payments-staging-euw1-vpc");
        const table = byName(graph, "network-payments-staging-euw1-rt-workload");
        const route = byName(graph, "network-payments-staging-euw1-route-default");
        const igw = ofType(graph, "aws:ec2/internetGateway:InternetGateway")[0];
        graph.push({ ...igw, name: "miswired-igw", urn: `${igw.urn}-miswired`, id: "igw-0miswired000000001", inputs: { vpcId: vpc.id } });
        assert.equal(route.inputs.routeTableId, table.id);
        delete route.inputs.transitGatewayId;
        route.inputs.gatewayId = "igw-0miswired000000001";
        const report = analyzeReachability(graph);
        const text = renderReachability(report);
        assert.ok(
            report.violations.some((v) => /internet gateway igw-0miswired000000001 attached to a spoke/.test(v)),
            text,
        );
        assert.ok(
            report.violations.some((v) => /route 0\.0\.0\.0\/0 -> internet gateway/.test(v)),
            text,
        );
        assert.ok(
            report.violations.some((v) => /payments-staging-euw1-vpc -> internet: forward path bypasses inspection/.test(v)),
            text,
        );
    });

    it("refuses to call a graph safe when it cannot see the firewall", async () => {
        const graph = cloneGraph(await stackGraph("dev")).map((r) => (r.type === "aws:networkfirewall/firewall:Firewall" ? { ...r, outputs: undefined } : r));
        const report = analyzeReachability(graph);
        assert.ok(report.violations.some((v) => /no firewall endpoints/.test(v)));
        for (const f of report.flows) assert.match(f.forward.outcome, /not a firewall endpoint/, `${f.from} -> ${f.to}`);
    });
});

/**
 * Mutations of the captured graph, each a real mistake AWS would punish: the analysis must report
 * every one (the same analysis reports nothing on the real stacks above).
 */
describe("network reachability: mutations it must catch", function () {
    this.timeout(600_000);
    const DENY_ALL: unknown[] = [];
    const ALLOW_ALL = [{ ruleNo: 10, action: "allow", protocol: "-1", cidrBlock: "0.0.0.0/0", fromPort: 0, toPort: 0 }];
    const NACL = "aws:ec2/networkAcl:NetworkAcl";

    /** Moves the subnets `pick` selects out of their NACL into a new one with the given rules. */
    const reassign = (graph: GraphRecord[], pick: (subnet: GraphRecord) => boolean, rules: unknown[], label: string) => {
        const chosen = new Set(
            ofType(graph, "aws:ec2/subnet:Subnet")
                .filter(pick)
                .map((s) => s.id!),
        );
        assert.ok(chosen.size > 0, `no subnet for ${label}`);
        const template = ofType(graph, NACL)[0];
        for (const nacl of ofType(graph, NACL)) nacl.inputs.subnetIds = (nacl.inputs.subnetIds as string[]).filter((s) => !chosen.has(s));
        graph.push({
            ...template,
            name: `mutated-${label}`,
            urn: `${template.urn}-${label}`,
            inputs: { ...template.inputs, subnetIds: [...chosen], ingress: rules, egress: rules },
        });
    };
    const violationsOf = (graph: GraphRecord[]) => {
        const report = analyzeReachability(graph);
        return { report, text: renderReachability(report).split("\n").slice(-12).join("\n") };
    };

    it("every inspection-VPC NACL set to deny-all: spokes lose the internet", async () => {
        const graph = cloneGraph(await stackGraph("dev"));
        for (const nacl of ofType(graph, NACL).filter((n) => n.name.includes("-inspection-nacl-"))) {
            nacl.inputs.ingress = DENY_ALL;
            nacl.inputs.egress = DENY_ALL;
        }
        const { report, text } = violationsOf(graph);
        assert.ok(
            report.violations.some((v) => /-> internet: tcp\/443 does not get through \(a NACL on the way drops it\)/.test(v)),
            text,
        );
    });

    it("a spoke's TGW-attachment-subnet NACL set to deny-all: that spoke loses the internet", async () => {
        const graph = cloneGraph(await stackGraph("dev"));
        reassign(graph, (s) => s.name.startsWith("network-payments-staging-euw1-attachment-"), DENY_ALL, "attachment-deny");
        const { report, text } = violationsOf(graph);
        assert.ok(
            report.violations.some((v) => /^network-payments-staging-euw1-vpc -> internet: tcp\/443 does not get through/.test(v)),
            text,
        );
    });

    it("all NAT return routes deleted: the reply is walked from the NAT and dies at the internet gateway", async () => {
        const graph = cloneGraph(await stackGraph("dev")).filter((r) => !(r.type === "aws:ec2/route:Route" && /-inspection-route-egress-.*-10-/.test(r.name)));
        const { report, text } = violationsOf(graph);
        assert.ok(
            report.violations.some((v) => /-> internet: tcp\/443 does not get through \(return: private address .* routed to internet gateway/.test(v)),
            text,
        );
    });

    it("appliance mode off: a flow to another AZ comes back through another firewall endpoint", async () => {
        const graph = cloneGraph(await stackGraph("prod"));
        for (const a of ofType(graph, "aws:ec2transitgateway/vpcAttachment:VpcAttachment").filter((x) => x.name.includes("-inspection-")))
            a.inputs.applianceModeSupport = "disable";
        const { report, text } = violationsOf(graph);
        assert.ok(
            report.violations.some((v) =>
                /forward crosses firewall endpoint\(s\) vpce-\S+, the return vpce-\S+: each stateful engine sees half a flow/.test(v),
            ),
            text,
        );
    });

    it("every rule group replaced by pass ip any any: the firewall no longer keeps segments apart or egress to its list", async () => {
        const graph = cloneGraph(await stackGraph("prod"));
        for (const group of ofType(graph, "aws:networkfirewall/ruleGroup:RuleGroup")) {
            const spec = group.inputs.ruleGroup as { rulesSource: { rulesString: string } };
            spec.rulesSource.rulesString = 'pass ip any any -> any any (msg:"mutated"; sid:1; rev:1;)';
        }
        const { report, text } = violationsOf(graph);
        assert.ok(
            report.violations.some((v) =>
                /payments-prod-euw1-vpc \(prod\) reaches network-payments-staging-euw1-vpc \(nonprod\) through firewall \S+ on tcp\//.test(v),
            ),
            text,
        );
        assert.ok(
            report.violations.some((v) => /-> internet: TLS to mybucket\.s3\.ap-southeast-2\.amazonaws\.com passes the firewall/.test(v)),
            text,
        );
    });

    it("allow-all NACLs on the prod and nonprod data tiers: found because every subnet is sampled", async () => {
        const graph = cloneGraph(await stackGraph("prod"));
        const dataTier = (spoke: string) => (s: GraphRecord) => s.name.startsWith(`network-${spoke}-data-`);
        reassign(graph, dataTier("payments-prod-euw1"), ALLOW_ALL, "prod-data");
        reassign(graph, dataTier("payments-staging-euw1"), ALLOW_ALL, "nonprod-data");
        const { report, text } = violationsOf(graph);
        assert.ok(
            report.violations.some((v) =>
                /payments-prod-euw1-vpc \(prod\) reaches network-payments-staging-euw1-vpc \(nonprod\) .*\[network-payments-prod-euw1-data-\S+ -> network-payments-staging-euw1-data-/.test(
                    v,
                ),
            ),
            text,
        );
    });
});
