import * as assert from "assert";
import * as fc from "fast-check";
import { ConfigError, keyPath, parseLandingZoneConfig } from "../../stacks/config";
import { problemsOf, stackValues } from "../support/config";

describe("stack config", () => {
    it("accepts the dev stack: one region, a small organization", () => {
        const config = parseLandingZoneConfig(stackValues("dev"));
        assert.deepStrictEqual(config.regions.allowed, ["eu-west-1"]);
        assert.ok(config.organization.workloadAccounts.length >= 1);
        assert.strictEqual(config.settings.objectLock.mode, "GOVERNANCE");
    });

    it("accepts the prod stack: two regions, core accounts and at least six workload accounts across prod and non-prod", () => {
        const config = parseLandingZoneConfig(stackValues("prod"));
        assert.ok(config.regions.allowed.length >= 2);
        const workloads = config.organization.workloadAccounts;
        assert.ok(workloads.length >= 6);
        assert.ok(workloads.some((a) => a.ou === "Workloads/Prod") && workloads.some((a) => a.ou === "Workloads/NonProd"));
        assert.strictEqual(config.settings.objectLock.mode, "COMPLIANCE");
        assert.strictEqual(config.settings.protectStatefulResources, true);
    });

    it("lists overlapping CIDRs, a bad email and an unknown OU together, each by key", () => {
        const raw = stackValues("dev") as any;
        raw.network.spokes[1].cidr = "10.68.8.0/21";
        raw.organization.workloadAccounts[0].email = "payments-at-northwind";
        raw.organization.workloadAccounts[1].ou = "Workloads/Staging";
        const problems = problemsOf(raw);
        const find = (key: string) => problems.find((p) => p.startsWith(`${key}:`));
        assert.match(find("landing-zone:organization.workloadAccounts[0].email") ?? "", /got "payments-at-northwind"; expected name@domain/);
        assert.match(
            find("landing-zone:organization.workloadAccounts[1].ou") ?? "",
            /unknown OU \(got "Workloads\/Staging"; expected one of .*Workloads\/NonProd/,
        );
        assert.ok(
            problems.some((p) => p.startsWith("landing-zone:network.spokes[1].cidr: CIDR overlaps 10.68.0.0/20")),
            problems.join("\n"),
        );
    });

    it("refuses Firewall Manager's CloudFront policy without a Config recorder in us-east-1", () => {
        const raw = stackValues("dev") as any;
        raw.endpoint = { ...(raw.endpoint ?? {}), waf: { ...(raw.endpoint?.waf ?? {}), enabled: true, cloudFront: true } };
        const problems = problemsOf(raw);
        assert.ok(
            problems.some(
                (p) =>
                    p.startsWith("landing-zone:endpoint.waf.cloudFront: Firewall Manager's CloudFront policy needs a Config recorder in us-east-1") &&
                    /got true; expected false, or us-east-1 in regions.allowed/.test(p),
            ),
            problems.join("\n"),
        );
        raw.regions.allowed.push("us-east-1");
        assert.ok(!problemsOf(raw).some((p) => p.startsWith("landing-zone:endpoint.waf.cloudFront")));
    });

    it("names a kept trusted service or policy type that AWS does not have", () => {
        const raw = stackValues("dev") as any;
        raw.organization.keep = { trustedServicePrincipals: ["license-manager"], policyTypes: ["SCP"] };
        const problems = problemsOf(raw);
        const find = (key: string) => problems.find((p) => p.startsWith(`${key}:`));
        assert.match(
            find("landing-zone:organization.keep.trustedServicePrincipals[0]") ?? problems.join("\n"),
            /got "license-manager"; expected <service>\.amazonaws\.com/,
        );
        assert.match(find("landing-zone:organization.keep.policyTypes[0]") ?? problems.join("\n"), /got "SCP"; expected .*SERVICE_CONTROL_POLICY/);
    });

    it("rejects unknown keys, unreal regions and quota breaches with the expected value", () => {
        const raw = stackValues("dev") as any;
        raw.regions.allowed.push("eu-west-9");
        raw.organization.organizationalUnits = [
            {
                name: "A",
                children: [{ name: "B", children: [{ name: "C", children: [{ name: "D", children: [{ name: "E", children: [{ name: "F" }] }] }] }] }],
            },
            ...raw.organization.organizationalUnits,
        ];
        raw.security.guardDuty.enabeld = true;
        const problems = problemsOf(raw);
        assert.ok(
            problems.some((p) => p.startsWith('landing-zone:regions.allowed[1]: not a real AWS region (got "eu-west-9"')),
            problems.join("\n"),
        );
        assert.ok(
            problems.some((p) =>
                /organizationalUnits\[0\]\.children\[0\]\.children\[0\]\.children\[0\]\.children\[0\]\.children\[0\]\.name: OU nested 6 levels deep/.test(p),
            ),
            problems.join("\n"),
        );
        assert.ok(
            problems.some((p) => p.startsWith("landing-zone:security.guardDuty.enabeld: unknown key")),
            problems.join("\n"),
        );
    });

    it("checks that spokes fit their segment pool and their subnets", () => {
        const raw = stackValues("prod") as any;
        raw.network.spokes[0].cidr = "10.4.64.0/20"; // nonprod pool, prod spoke
        raw.network.spokes[1].cidr = "10.16.0.0/26";
        const problems = problemsOf(raw);
        assert.ok(
            problems.some((p) => p.startsWith("landing-zone:network.spokes[0].cidr: spoke CIDR is outside the prod pool 10.0.0.0/14")),
            problems.join("\n"),
        );
        assert.ok(
            problems.some((p) => p.startsWith("landing-zone:network.spokes[1].cidr: too small for 2 tiers")),
            problems.join("\n"),
        );
    });

    it("calls a wrong-typed value wrong, and only an absent one missing", () => {
        const raw = stackValues("dev") as any;
        raw.settings.protectStatefulResources = "yes";
        raw.network.regions["eu-west-1"].transitGatewayAsn = "64600";
        delete raw.settings.kmsDeletionWindowDays;
        const problems = problemsOf(raw);
        for (const expected of [
            'landing-zone:settings.protectStatefulResources: wrong type (got "yes"; expected boolean)',
            'landing-zone:network.regions["eu-west-1"].transitGatewayAsn: wrong type (got "64600"; expected number)',
            "landing-zone:settings.kmsDeletionWindowDays: missing required value (got nothing; expected number)",
        ])
            assert.ok(problems.includes(expected), `${expected}\nnot in:\n${problems.join("\n")}`);
    });

    it("requires the alternate contacts every account gets, naming a missing type and a malformed phone by key", () => {
        const missing = stackValues("dev") as any;
        delete missing.organization.alternateContacts;
        assert.ok(
            problemsOf(missing).includes(
                "landing-zone:organization.alternateContacts: missing required value (got nothing; expected security, operations, billing contacts, each { name, title, email, phone }: AWS sends security notices to the security contact of every account)",
            ),
            problemsOf(missing).join("\n"),
        );
        const partial = stackValues("dev") as any;
        delete partial.organization.alternateContacts.security;
        partial.organization.alternateContacts.billing.phone = "call finance";
        const problems = problemsOf(partial);
        assert.ok(
            problems.some((p) => p.startsWith("landing-zone:organization.alternateContacts.security: missing required value")),
            problems.join("\n"),
        );
        assert.ok(
            problems.includes(
                'landing-zone:organization.alternateContacts.billing.phone: not a phone number (got "call finance"; expected digits, spaces, +, -, ( and ), e.g. +1 206-555-0100)',
            ),
            problems.join("\n"),
        );
    });

    describe("AWS-managed DNS Firewall list ids: required per region, never a stand-in", () => {
        const lists = (raw: any, region: string) => raw.network.regions[region].dnsFirewallManagedDomainLists;

        it("names a region without its list ids, with the format and the command that prints them", () => {
            const raw = stackValues("prod") as any;
            delete raw.network.regions["eu-central-1"].dnsFirewallManagedDomainLists;
            delete lists(raw, "eu-west-1").botnetCommandAndControl;
            const problems = problemsOf(raw);
            assert.ok(
                problems.includes(
                    'landing-zone:network.regions["eu-central-1"].dnsFirewallManagedDomainLists: missing required value (got nothing; expected the region\'s AWS-managed DNS Firewall list ids aggregateThreats, malware, botnetCommandAndControl, each rslvr-fdl- followed by 8-17 hex digits, from aws route53resolver list-firewall-domain-lists --region eu-central-1)',
                ),
                problems.join("\n"),
            );
            assert.ok(
                problems.includes(
                    'landing-zone:network.regions["eu-west-1"].dnsFirewallManagedDomainLists.botnetCommandAndControl: missing required value (got nothing; expected rslvr-fdl- followed by 8-17 hex digits: the Id of AWSManagedDomainsBotnetCommandandControl that aws route53resolver list-firewall-domain-lists --region eu-west-1 prints)',
                ),
                problems.join("\n"),
            );
        });

        it("names a list name or a documentation id given where the id belongs, with the managed list it must be", () => {
            const raw = stackValues("dev") as any;
            lists(raw, "eu-west-1").aggregateThreats = "AWSManagedDomainsAggregateThreatList";
            lists(raw, "eu-west-1").malware = "rslvr-fdl-2c46f2ecfexample"; // the AWS CLI reference's example
            const problems = problemsOf(raw);
            assert.deepStrictEqual(
                problems.filter((p) => p.includes("dnsFirewallManagedDomainLists")),
                [
                    'landing-zone:network.regions["eu-west-1"].dnsFirewallManagedDomainLists.aggregateThreats: not a DNS Firewall domain list id (got "AWSManagedDomainsAggregateThreatList"; expected rslvr-fdl- followed by 8-17 hex digits: the Id of AWSManagedDomainsAggregateThreatList that aws route53resolver list-firewall-domain-lists --region eu-west-1 prints)',
                    'landing-zone:network.regions["eu-west-1"].dnsFirewallManagedDomainLists.malware: not a DNS Firewall domain list id (got "rslvr-fdl-2c46f2ecfexample"; expected rslvr-fdl- followed by 8-17 hex digits: the Id of AWSManagedDomainsMalwareDomainList that aws route53resolver list-firewall-domain-lists --region eu-west-1 prints)',
                ],
            );
        });

        it("rejects one id under two lists, and a region's ids copied into another region", () => {
            const raw = stackValues("prod") as any;
            const west = lists(raw, "eu-west-1");
            lists(raw, "eu-central-1").aggregateThreats = west.aggregateThreats;
            west.botnetCommandAndControl = west.malware;
            const problems = problemsOf(raw);
            assert.deepStrictEqual(problems.filter((p) => p.includes("dnsFirewallManagedDomainLists")).sort(), [
                `landing-zone:network.regions["eu-central-1"].dnsFirewallManagedDomainLists.aggregateThreats: the id configured for eu-west-1 (got "${west.aggregateThreats}"; expected eu-central-1's own id: AWS-managed list ids differ per region; aws route53resolver list-firewall-domain-lists --region eu-central-1)`,
                `landing-zone:network.regions["eu-west-1"].dnsFirewallManagedDomainLists.botnetCommandAndControl: the same id as malware (got "${west.malware}"; expected the Id of AWSManagedDomainsBotnetCommandandControl: each AWS-managed list has its own id; aws route53resolver list-firewall-domain-lists --region eu-west-1)`,
            ]);
        });

        it("the stack files hold a distinct, well-formed id per list and region", () => {
            for (const stack of ["dev", "prod"]) {
                const config = parseLandingZoneConfig(stackValues(stack));
                const ids = Object.values(config.network.regions).flatMap((r) => Object.values(r.dnsFirewallManagedDomainLists));
                assert.strictEqual(new Set(ids).size, ids.length, `${stack}: ${ids.join(", ")}`);
                assert.deepStrictEqual(Object.keys(config.network.regions).sort(), [...config.regions.allowed].sort());
            }
        });
    });

    describe("property: malformed config never crashes and always names the offending key", () => {
        const valid = stackValues("prod");
        const leaves: (string | number)[][] = [];
        const walk = (value: unknown, path: (string | number)[]) => {
            if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...path, i]));
            else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
            else leaves.push(path);
        };
        walk(valid, []);
        const badValue = fc.oneof(
            fc.constant(null),
            fc.integer(),
            fc.boolean(),
            fc.constant({ nested: true }),
            fc.constant([1, 2]),
            fc.string({ maxLength: 3 }),
        );

        it("replacing any leaf with a wrong-typed or malformed value is reported under that key", () => {
            fc.assert(
                fc.property(fc.constantFrom(...leaves), badValue, (path, value) => {
                    const raw = structuredClone(valid) as any;
                    let target = raw;
                    for (const p of path.slice(0, -1)) target = target[p];
                    const original = target[path[path.length - 1]];
                    fc.pre(JSON.stringify(original) !== JSON.stringify(value));
                    target[path[path.length - 1]] = value;
                    let problems: readonly string[] = [];
                    try {
                        parseLandingZoneConfig(raw);
                        // Some replacements stay valid (a string for a free-text string): nothing to name.
                        return true;
                    } catch (err) {
                        if (!(err instanceof ConfigError)) throw err;
                        problems = err.problems;
                    }
                    const key = keyPath(path);
                    const parent = keyPath(path.slice(0, -1));
                    // The key itself, or (for a renamed name) the reference left dangling by it ("Workloads/NonProd" for OU "NonProd"), is named.
                    // (A switch turned on can instead make a sibling required: the enclosing object is named.)
                    const named = problems.some(
                        (p) =>
                            p.startsWith(key) ||
                            p.startsWith(parent) ||
                            (typeof original === "string" && new RegExp(`got "[^"]*${original.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`).test(p)),
                    );
                    return problems.every((p) => /^landing-zone:\S+: .+\(got .*\)$/s.test(p)) && named;
                }),
                { numRuns: 300, seed: 42 },
            );
        });

        it("dropping any required top-level key names it", () => {
            fc.assert(
                fc.property(fc.constantFrom("environment", "managementAccountId", "regions", "organization", "network", "identity", "settings"), (key) => {
                    const raw = structuredClone(valid);
                    delete raw[key];
                    return problemsOf(raw).some((p) => p.startsWith(`landing-zone:${key}: missing required value (got nothing;`));
                }),
            );
        });
    });
});
