import { strict as assert } from "assert";
import { defaultDenyRules, eastWestRules, egressDomains, egressRules, organizationCidrs } from "../../components/network/segment-rules";
import { network } from "./fixtures";
import { evaluateFlow, FirewallPolicyModel, FlowProbe, parseRule, parseRules, sniWitnesses } from "../../components/network/firewall-evaluation";

/** The policy the program builds: east-west, egress, default-deny, in that order, with drop_established. */
function programPolicy(groups: Record<string, readonly string[]> = {}): FirewallPolicyModel {
    const sets = {
        "east-west": eastWestRules(network).rules,
        egress: egressRules(egressDomains(network)).rules,
        "default-deny": defaultDenyRules().rules,
        ...groups,
    };
    return {
        name: "test",
        groups: Object.entries(sets).map(([name, rules]) => ({
            name,
            rules: parseRules(rules.join("\n")),
            variables: { HOME_NET: organizationCidrs(network) },
        })),
        variables: {},
        defaultActions: ["aws:drop_established", "aws:alert_established"],
        homeNetDefault: ["10.8.0.0/23"],
    };
}

const PROD = "10.0.1.10";
const NONPROD = "10.4.1.10";
const SHARED = "10.8.8.10";
const INTERNET = "203.0.113.10";
const flow = (over: Partial<FlowProbe>): FlowProbe => ({ protocol: "tcp", src: PROD, srcPort: 49152, dst: INTERNET, dstPort: 443, ...over });
const verdict = (policy: FirewallPolicyModel, over: Partial<FlowProbe>) => evaluateFlow(policy, flow(over)).action;

describe("firewall rule model (Network Firewall strict order, the rule shapes the program emits)", () => {
    const policy = programPolicy();

    it("egress: passes allowed TLS names, drops every other name, TLS without a name and other ports", () => {
        for (const sni of ["github.com", "api.github.com", "REGISTRY.npmjs.org", "sts.eu-west-1.amazonaws.com", "dkr.ecr.eu-west-1.amazonaws.com"])
            assert.equal(verdict(policy, { sni }), "pass", sni);
        for (const sni of [
            "mybucket.s3.ap-southeast-2.amazonaws.com",
            "mybucket.s3.eu-west-1.amazonaws.com",
            "123456789012.dkr.ecr.eu-west-1.amazonaws.com",
            "evilgithub.com",
            "registry.npmjs.org.evil.example",
            "x.registry.npmjs.org",
        ])
            assert.equal(verdict(policy, { sni }), "drop", sni);
        assert.equal(verdict(policy, {}), "drop", "443 without TLS: no rule, dropped once established");
        assert.equal(verdict(policy, { dstPort: 80 }), "drop");
        assert.equal(verdict(policy, { protocol: "udp", dstPort: 443 }), "drop");
    });

    it("east-west: passes the configured flow, drops the rest of the organization and prod to nonprod on every port", () => {
        assert.equal(verdict(policy, { dst: SHARED, dstPort: 443 }), "pass");
        assert.equal(verdict(policy, { dst: SHARED, dstPort: 22 }), "drop");
        assert.equal(verdict(policy, { src: SHARED, dst: PROD, dstPort: 443 }), "drop", "shared may not open connections into prod");
        for (const dstPort of [22, 443, 3389, 5432]) assert.equal(verdict(policy, { dst: NONPROD, dstPort }), "drop");
        assert.equal(verdict(policy, { src: NONPROD, dst: PROD, dstPort: 443, sni: "github.com" }), "drop", "an allowed name does not open the organization");
        assert.equal(verdict(policy, { protocol: "icmp", dst: NONPROD }), "drop");
    });

    it("decides by the first pass or drop in priority order; alert goes on; the default action decides the rest", () => {
        const open = programPolicy({ first: ['alert ip any any -> any any (msg:"seen"; sid:1;)', 'pass ip any any -> any any (msg:"open"; sid:2;)'] });
        const first = { ...open, groups: [open.groups[3], ...open.groups.slice(0, 3)] };
        assert.equal(evaluateFlow(first, flow({ dst: NONPROD })).by, "first sid 2 (open)");
        assert.equal(verdict(first, { sni: "exfiltration.example" }), "pass");
        const none: FirewallPolicyModel = { ...policy, groups: [] };
        assert.equal(verdict(none, {}), "drop");
        assert.equal(verdict({ ...none, defaultActions: [] }, {}), "pass");
        assert.equal(evaluateFlow({ ...none, defaultActions: ["aws:drop_strict"] }, flow({})).by, "default action aws:drop_strict");
    });

    it("resolves HOME_NET from the group, then the policy, then the firewall's VPC; EXTERNAL_NET is everything else", () => {
        const rule = parseRules("drop tcp $HOME_NET any -> $EXTERNAL_NET any (sid:1;)");
        const with_ = (groupVars: Record<string, string[]>, policyVars: Record<string, string[]>): FirewallPolicyModel => ({
            name: "v",
            groups: [{ name: "g", rules: rule, variables: groupVars }],
            variables: policyVars,
            defaultActions: [],
            homeNetDefault: ["10.8.0.0/23"],
        });
        assert.equal(verdict(with_({ HOME_NET: ["10.0.0.0/8"] }, { HOME_NET: ["192.168.0.0/16"] }), {}), "drop");
        assert.equal(verdict(with_({}, { HOME_NET: ["192.168.0.0/16"] }), {}), "pass", "the policy's HOME_NET does not hold the source");
        assert.equal(verdict(with_({}, {}), {}), "pass", "the VPC's CIDR does not hold the source");
        assert.equal(verdict(with_({}, {}), { src: "10.8.0.10" }), "drop");
    });

    it("gives a name each pass rule admits, so the analysis can probe the allow-list", () => {
        assert.deepEqual(sniWitnesses(policy).slice(0, 2), ["probe.github.com", "registry.npmjs.org"]);
        assert.ok(sniWitnesses(policy).includes("sts.eu-west-1.amazonaws.com"));
        for (const sni of sniWitnesses(policy)) assert.equal(verdict(policy, { sni }), "pass", sni);
    });

    it("refuses rule shapes it does not model instead of guessing", () => {
        assert.throws(() => parseRule("pass http any any -> any any (sid:1;)"), /protocol http is not modelled/);
        assert.throws(() => parseRule('pass tcp any any -> any any (content:"x"; sid:1;)'), /content outside tls\.sni/);
        assert.throws(() => parseRule('pass tls any any -> any any (tls.sni; pcre:"/x/"; sid:1;)'), /keyword pcre is not modelled/);
        assert.throws(() => parseRule("pass tcp any any <> any any (sid:1;)"), /bidirectional/);
        assert.throws(() => parseRule("pass tcp any any -> any any"), /not "action protocol/);
    });
});
