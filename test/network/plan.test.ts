import { strict as assert } from "assert";
import * as fc from "fast-check";
import { containsCidr, overlapCidr } from "cidr-tools";
import { planSpokeSubnets, subnetOf } from "../../components/network/cidr";
import {
    defaultDenyRules,
    eastWestRules,
    egressDomains,
    egressRules,
    endpointsNaclRules,
    inspectionNaclRules,
    NaclRule,
    rangesExcept,
    spokeNaclRules,
} from "../../components/network/segment-rules";
import { network } from "./fixtures";

const ADMIN = [22, 3389];

describe("network plan: egress names", () => {
    it("allows config's names, then every configured region's interface endpoint hosts by exact name, and nothing under amazonaws.com wholesale", () => {
        const domains = egressDomains(network);
        assert.deepEqual(domains.slice(0, 2), [".github.com", "registry.npmjs.org"]);
        for (const region of ["eu-west-1", "eu-central-1"]) {
            assert.ok(domains.includes(`sts.${region}.amazonaws.com`), region);
            assert.ok(domains.includes(`dkr.ecr.${region}.amazonaws.com`), region);
        }
        assert.equal(domains.length, 2 + 2 * network.interfaceEndpoints.length);
        assert.ok(
            domains.slice(2).every((d) => !d.startsWith(".")),
            "AWS hosts are exact names, never suffixes",
        );
    });
});

describe("network plan: subnets", () => {
    it("cuts tier and attachment subnets that are disjoint and inside the VPC whenever the VPC has room for them", () => {
        fc.assert(
            fc.property(
                fc.integer({ min: 16, max: 22 }),
                fc.integer({ min: 1, max: 4 }),
                fc.integer({ min: 2, max: 4 }),
                fc.nat(255),
                (prefix, tiers, azs, k) => {
                    const cidr = subnetOf("10.0.0.0/8", prefix, k % 2 ** (prefix - 8), "test");
                    const subnetPrefix = prefix + Math.ceil(Math.log2(tiers * azs + 1));
                    fc.pre(subnetPrefix + Math.ceil(Math.log2(azs)) <= 28); // config rejects plans whose attachment /28s do not fit
                    const zones = Array.from({ length: azs }, (_, i) => `eu-west-1${"abcd"[i]}`);
                    const plan = planSpokeSubnets(
                        cidr,
                        Array.from({ length: tiers }, (_, i) => `t${i}`),
                        zones,
                        subnetPrefix,
                        "test",
                    );
                    const all = [...[...plan.tiers.values()].flatMap((m) => [...m.values()]), ...plan.attachment.values()];
                    assert.equal(all.length, (tiers + 1) * azs);
                    for (const s of all) assert.ok(containsCidr(cidr, s), `${s} outside ${cidr}`);
                    for (let i = 0; i < all.length; i++)
                        for (let j = i + 1; j < all.length; j++) assert.ok(!overlapCidr(all[i], all[j]), `${all[i]} overlaps ${all[j]}`);
                    // One bit less and the plan no longer fits: the error comes before any resource would.
                    if (subnetPrefix - 1 > prefix)
                        assert.throws(
                            () =>
                                planSpokeSubnets(
                                    cidr,
                                    Array.from({ length: tiers }, (_, i) => `t${i}`),
                                    zones,
                                    subnetPrefix - 1,
                                    "test",
                                ),
                            /does not fit/,
                        );
                },
            ),
        );
    });

    it("refuses a block that does not fit, naming the context", () => {
        assert.equal(subnetOf("10.0.0.0/20", 24, 15, "x"), "10.0.15.0/24");
        assert.throws(() => subnetOf("10.0.0.0/20", 24, 16, "SpokeVpc a"), /SpokeVpc a: block 16 of \/24 does not fit in 10\.0\.0\.0\/20/);
        assert.throws(() => planSpokeSubnets("10.0.0.0/22", ["app", "data"], ["a", "b"], 24, "SpokeVpc b"), /SpokeVpc b attachment subnets/);
    });
});

describe("network plan: segment rules", () => {
    it("gives a prod spoke a NACL that reaches shared pools on the allowed ports, denies the rest of the organization before the internet rule", () => {
        const { ingress, egress } = spokeNaclRules(network, { segment: "prod", cidr: "10.0.0.0/20", region: "eu-west-1" }, ADMIN);
        const allowTo = (cidr: string) => egress.filter((r) => r.cidrBlock === cidr && r.action === "allow").map((r) => r.fromPort);
        assert.deepEqual(allowTo("10.8.0.0/14"), [443, 8443]);
        assert.deepEqual(allowTo("10.24.0.0/14"), [443, 8443]);
        assert.deepEqual(allowTo("10.4.0.0/14"), [], "nothing to nonprod");
        const deny = egress.filter((r) => r.action === "deny");
        assert.deepEqual(deny.map((r) => r.cidrBlock).sort(), ["10.0.0.0/12", "10.16.0.0/12"]);
        const internet = egress.find((r) => r.cidrBlock === "0.0.0.0/0")!;
        assert.ok(deny.every((d) => d.ruleNo < internet.ruleNo));
        assert.deepEqual([internet.protocol, internet.fromPort, internet.toPort], ["tcp", 443, 443]);
        assert.equal(new Set(ingress.map((r) => r.ruleNo)).size, ingress.length, "rule numbers unique");
        assert.equal(new Set(egress.map((r) => r.ruleNo)).size, egress.length, "rule numbers unique");
    });

    it("gives a shared spoke inbound 443/8443 from prod pools only, and nothing inbound from nonprod", () => {
        const { ingress } = spokeNaclRules(network, { segment: "shared", cidr: "10.8.16.0/20", region: "eu-west-1" }, ADMIN);
        const from = (cidr: string) => ingress.filter((r) => r.cidrBlock === cidr && r.action === "allow").map((r) => `${r.fromPort}-${r.toPort}`);
        assert.deepEqual(from("10.0.0.0/14"), ["443-443", "8443-8443"]);
        assert.deepEqual(from("10.4.0.0/14"), []);
    });

    it("keeps a flow of a segment outside crossRegionSegments inside each region, in the firewall rules and the NACLs", () => {
        const nonprod = {
            ...network,
            eastWest: [{ from: "nonprod" as const, to: "shared" as const, protocol: "tcp" as const, ports: [443], description: "artifacts" }],
        };
        assert.deepEqual(nonprod.crossRegionSegments, ["prod", "shared"]);
        assert.deepEqual(eastWestRules(nonprod).rules.slice(0, 2), [
            'pass tcp 10.20.0.0/14 any -> 10.24.0.0/14 443 (msg:"nonprod to shared in eu-central-1: artifacts"; sid:1000001; rev:1;)',
            'pass tcp 10.4.0.0/14 any -> 10.8.0.0/14 443 (msg:"nonprod to shared in eu-west-1: artifacts"; sid:1000002; rev:1;)',
        ]);
        const spoke = spokeNaclRules(nonprod, { segment: "nonprod", cidr: "10.4.16.0/20", region: "eu-west-1" }, ADMIN);
        const to = (cidr: string) => spoke.egress.filter((r) => r.cidrBlock === cidr && r.action === "allow").map((r) => r.fromPort);
        assert.deepEqual(to("10.8.0.0/14"), [443]);
        assert.deepEqual(to("10.24.0.0/14"), [], "not the other region's shared pool");
        const shared = spokeNaclRules(nonprod, { segment: "shared", cidr: "10.24.16.0/20", region: "eu-central-1" }, ADMIN);
        assert.deepEqual(
            shared.ingress.filter((r) => r.action === "allow" && r.fromPort === 443).map((r) => r.cidrBlock),
            ["10.20.0.0/14"],
            "eu-central-1 shared admits only its own region's nonprod",
        );
    });

    it("admits internet return traffic on the ephemeral range around the administration ports, never on them", () => {
        const { ingress } = spokeNaclRules(network, { segment: "prod", cidr: "10.0.0.0/20", region: "eu-west-1" }, [22, 3389, 5985]);
        const fromInternet = ingress.filter((r) => r.cidrBlock === "0.0.0.0/0");
        assert.deepEqual(
            fromInternet.map((r) => [r.action, r.protocol, r.fromPort, r.toPort]),
            [
                ["allow", "tcp", 1024, 3388],
                ["allow", "tcp", 3390, 5984],
                ["allow", "tcp", 5986, 65535],
            ],
        );
        const deny = Math.max(...ingress.filter((r) => r.action === "deny").map((r) => r.ruleNo));
        assert.ok(
            fromInternet.every((r) => r.ruleNo > deny),
            "organization denied before the internet rules",
        );
    });

    it("splits a range around excluded ports", () => {
        assert.deepEqual(rangesExcept(1024, 65535, [22, 3389]), [
            { from: 1024, to: 3388 },
            { from: 3390, to: 65535 },
        ]);
        assert.deepEqual(rangesExcept(1024, 65535, [1024, 65535, 3389, 3389]), [
            { from: 1025, to: 3388 },
            { from: 3390, to: 65534 },
        ]);
        assert.deepEqual(rangesExcept(10, 12, [10, 11, 12]), []);
        assert.deepEqual(rangesExcept(10, 12, []), [{ from: 10, to: 12 }]);
    });

    it("gives each inspection tier only the traffic it carries", () => {
        const org = ["10.0.0.0/12", "10.16.0.0/12"];
        const allowed = (rules: NaclRule[], cidr: string, protocol: string, port: number) =>
            [...rules]
                .sort((a, b) => a.ruleNo - b.ruleNo)
                .find((r) => r.cidrBlock === cidr && (r.protocol === "-1" || (r.protocol === protocol && r.fromPort <= port && port <= r.toPort)))?.action ===
            "allow";
        for (const tier of ["attachment", "firewall"] as const) {
            const { ingress, egress } = inspectionNaclRules(tier, org, ADMIN);
            for (const cidr of org) {
                assert.ok(allowed(ingress, cidr, "udp", 53) && allowed(egress, cidr, "tcp", 8443), `${tier}: the firewall filters organization traffic`);
            }
            assert.ok(allowed(egress, "0.0.0.0/0", "tcp", 443) && !allowed(egress, "0.0.0.0/0", "tcp", 80), `${tier}: TLS out only`);
            for (const p of [1024, 32768, 49152, 65535]) assert.ok(allowed(ingress, "0.0.0.0/0", "tcp", p), `${tier}: return on ${p}`);
            for (const p of [22, 3389, 443]) assert.ok(!allowed(ingress, "0.0.0.0/0", "tcp", p), `${tier}: internet on ${p}`);
            assert.ok(!allowed(ingress, "0.0.0.0/0", "udp", 50000), `${tier}: no UDP from the internet`);
        }
        const nat = inspectionNaclRules("egress", org, ADMIN);
        for (const cidr of org) {
            assert.ok(allowed(nat.ingress, cidr, "tcp", 443) && !allowed(nat.ingress, cidr, "tcp", 8443), "NAT takes TLS from the organization only");
            assert.ok(allowed(nat.egress, cidr, "tcp", 50000) && !allowed(nat.egress, cidr, "tcp", 443), "NAT returns to client ports only");
        }
        assert.ok(allowed(nat.egress, "0.0.0.0/0", "tcp", 443) && !allowed(nat.egress, "0.0.0.0/0", "tcp", 22));
        assert.ok(allowed(nat.ingress, "0.0.0.0/0", "tcp", 40000) && !allowed(nat.ingress, "0.0.0.0/0", "tcp", 3389));
        assert.throws(() => inspectionNaclRules("egress", [], ADMIN), /organizationCidrs is empty/);
    });

    it("lets the organization reach the central endpoints on TLS only, with return traffic on client ports", () => {
        const org = ["10.0.0.0/12", "10.16.0.0/12"];
        const { ingress, egress } = endpointsNaclRules("10.8.4.0/22", org);
        const covers = (rules: NaclRule[], cidr: string, port: number) =>
            rules.some((r) => r.action === "allow" && r.cidrBlock === cidr && (r.protocol === "-1" || (r.fromPort <= port && port <= r.toPort)));
        for (const cidr of org) {
            assert.ok(covers(ingress, cidr, 443) && !covers(ingress, cidr, 22) && !covers(ingress, cidr, 8443), `${cidr}: TLS in only`);
            assert.ok(covers(egress, cidr, 1024) && covers(egress, cidr, 65535) && !covers(egress, cidr, 443), `${cidr}: return to client ports only`);
        }
        assert.ok(covers(ingress, "10.8.4.0/22", 22) && covers(egress, "10.8.4.0/22", 22), "anything inside the VPC");
        assert.ok(!covers(ingress, "0.0.0.0/0", 443) && !covers(egress, "0.0.0.0/0", 443), "nothing from or to the internet");
        assert.deepEqual(
            ingress.map((r) => r.ruleNo),
            [100, 200, 201],
        );
    });

    it("writes Suricata rules from config: east-west passes, SNI allow-list, default drops; messages cannot break out of quotes", () => {
        const ew = eastWestRules(network).rules;
        assert.deepEqual(ew, [
            'pass tcp [10.16.0.0/14,10.0.0.0/14] any -> [10.24.0.0/14,10.8.0.0/14] [443,8443] (msg:"prod to shared: artifact  proxy   internal"; sid:1000001; rev:1;)',
            'pass tcp 10.16.0.0/12 any -> 10.24.4.0/22 443 (msg:"eu-central-1 spokes to its central interface endpoints"; sid:1000002; rev:1;)',
            'pass tcp 10.0.0.0/12 any -> 10.8.4.0/22 443 (msg:"eu-west-1 spokes to its central interface endpoints"; sid:1000003; rev:1;)',
        ]);
        const egress = egressRules(network.egressAllowedDomains).rules;
        assert.match(egress[0], /tls\.sni; dotprefix; content:"\.github\.com"; nocase; endswith;/);
        assert.match(egress[1], /content:"registry\.npmjs\.org"; nocase; startswith; endswith;/);
        const sids = [...ew, ...egress, ...defaultDenyRules().rules].map((r) => /sid:(\d+);/.exec(r)![1]);
        assert.equal(new Set(sids).size, sids.length, "sids unique across groups");
        assert.match(defaultDenyRules().rules[0], /^drop ip \$HOME_NET any -> \$HOME_NET any/);
    });
});
