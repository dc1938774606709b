import { strict as assert } from "assert";
import { analyzeReachability, GraphRecord, renderReachability } from "../../tools/reachability";
import { cloneGraph, ofType, stackGraph } from "./graphs";

const byName = (records: readonly GraphRecord[], name: string) => {
    const r = records.find((x) => x.name === name);
    assert.ok(r, `no resource named ${name}`);
    return r;
};

describe("network reachability (from the captured resource graph)", function () {
    this.timeout(600_000);

    for (const stack of ["dev", "prod"] as const) {
        describe(`${stack} stack`, () => {
            it("holds all three properties", async () => {
                const report = analyzeReachability(await stackGraph(stack));
                assert.deepEqual(report.violations, [], renderReachability(report));
                assert.ok(report.spokes.length >= 2);
                assert.equal(report.flows.length, report.spokes.length * report.spokes.length, "every ordered spoke pair plus each spoke to the internet");
            });

            it("inspects every routed flow in both directions and lets spokes out only on TLS", async () => {
                const report = analyzeReachability(await stackGraph(stack));
                for (const f of report.flows) {
                    if (f.forward.delivered) assert.ok(f.forward.inspected, `${f.from} -> ${f.to} not inspected`);
                    if (f.back.delivered) assert.ok(f.back.inspected, `${f.to} -> ${f.from} not inspected`);
                    if (f.to === "internet") {
                        assert.ok(
                            f.forward.hops.some((h) => h.kind === "nat"),
                            `${f.from} leaves without central NAT`,
                        );
                        assert.deepEqual(f.openPorts, ["tcp/443"], `${f.from} to the internet`);
                    }
                }
            });
        });
    }

    it("prod: no prod spoke reaches a nonprod spoke or back; allowed east-west flows stay open", async () => {
        const report = analyzeReachability(await stackGraph("prod"));
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
