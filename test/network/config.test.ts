import { strict as assert } from "assert";
import { readFileSync } from "fs";
import { join } from "path";
import { parse } from "yaml";
import { ConfigError, namespacedConfig, parseLandingZoneConfig } from "../../stacks/config";

function raw(stack: "dev" | "prod"): Record<string, any> {
    const file = parse(readFileSync(join(__dirname, "..", "..", `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, unknown> };
    return namespacedConfig(file.config);
}

function problems(config: Record<string, unknown>): string[] {
    try {
        parseLandingZoneConfig(config, "test");
        return [];
    } catch (err) {
        assert.ok(err instanceof ConfigError, String(err));
        return [...err.problems];
    }
}

describe("network config checks", () => {
    it("accepts both stack files", () => {
        assert.deepEqual(problems(raw("dev")), []);
        assert.deepEqual(problems(raw("prod")), []);
    });

    it("refuses an egress entry that lets out S3 buckets or APIs anyone can create, and accepts exact AWS hosts", () => {
        const c = raw("prod");
        c.network.egressAllowedDomains = [
            ".amazonaws.com",
            ".s3.eu-west-1.amazonaws.com",
            ".execute-api.eu-central-1.amazonaws.com",
            "monitoring.eu-west-1.amazonaws.com",
            ".github.com",
        ];
        assert.deepEqual(
            problems(c).map((p) => p.replace(/ \(any S3 bucket.*$/, "")),
            [
                "landing-zone:network.egressAllowedDomains[0]: lets out names anyone can create, e.g. any-bucket.s3.amazonaws.com",
                "landing-zone:network.egressAllowedDomains[1]: lets out names anyone can create, e.g. any-bucket.s3.eu-west-1.amazonaws.com",
                "landing-zone:network.egressAllowedDomains[2]: lets out names anyone can create, e.g. any-api.execute-api.eu-central-1.amazonaws.com",
            ],
        );
        assert.match(problems(c)[0], /\(got "\.amazonaws\.com"; expected exact hosts, e\.g\. monitoring\.eu-west-1\.amazonaws\.com/);
    });

    it("checks configured AZ ids: the region's own, as many as availabilityZones, each once", () => {
        const c = raw("dev");
        c.network.regions["eu-west-1"].availabilityZoneIds = ["euw1-az1", "euc1-az2", "euw1-az1", "euw1-az4"];
        assert.deepEqual(problems(c), [
            'landing-zone:network.regions["eu-west-1"].availabilityZoneIds: 4 AZ ids (got ["euw1-az1","euc1-az2","euw1-az1","euw1-az4"]; expected availabilityZones, 2, of them)',
            'landing-zone:network.regions["eu-west-1"].availabilityZoneIds[1]: AZ id of another region (got "euc1-az2"; expected euw1-az<n>)',
            'landing-zone:network.regions["eu-west-1"].availabilityZoneIds[2]: AZ id listed twice (got "euw1-az1"; expected each AZ once)',
        ]);
    });

    it("names a malformed managed DNS Firewall list id", () => {
        const c = raw("dev");
        c.network.regions["eu-west-1"].dnsFirewallManagedDomainLists.malware = "AWSManagedDomainsMalwareDomainList";
        assert.deepEqual(problems(c), [
            'landing-zone:network.regions["eu-west-1"].dnsFirewallManagedDomainLists.malware: not a DNS Firewall domain list id (got "AWSManagedDomainsMalwareDomainList"; expected rslvr-fdl- followed by 8-17 hex digits: the Id of AWSManagedDomainsMalwareDomainList that aws route53resolver list-firewall-domain-lists --region eu-west-1 prints)',
        ]);
    });

    it("rejects a Block Public Access exclusion outside the allowed regions and a segment listed twice for peering", () => {
        const c = raw("dev");
        c.network.blockPublicAccessExclusions = [
            { account: "payments-staging", vpcId: "vpc-0123456789abcdef0", reason: "legacy ingress under migration", region: "us-east-1" },
        ];
        c.network.crossRegionSegments = ["prod", "prod"];
        assert.deepEqual(problems(c).sort(), [
            'landing-zone:network.blockPublicAccessExclusions[0].region: region is not in regions.allowed (got "us-east-1"; expected one of eu-west-1)',
            'landing-zone:network.crossRegionSegments[1]: segment listed twice (got "prod"; expected each segment once)',
        ]);
    });

    it("rejects east-west rules that overflow the 20-rule NACL quota of the spokes they touch", () => {
        const c = raw("dev");
        c.network.eastWest = [{ from: "nonprod", to: "shared", ports: Array.from({ length: 18 }, (_, i) => 8000 + i), description: "too many ports" }];
        const found = problems(c);
        assert.equal(found.length, 2, found.join("\n"));
        for (const p of found)
            assert.match(p, /^landing-zone:network\.spokes\[\d\]\.segment: network\.eastWest needs 24 NACL rules for this segment .*expected at most 20/);
    });

    it("rejects subnets too small to leave room for the /28 attachment subnets", () => {
        const c = raw("dev");
        c.network.spokes[0].subnetPrefixLength = 28;
        assert.ok(
            problems(c).includes(
                "landing-zone:network.spokes[0].subnetPrefixLength: too long to hold 2 /28 TGW attachment subnets in one block (got 28; expected /27 or shorter)",
            ),
            problems(c).join("\n"),
        );
    });
});
