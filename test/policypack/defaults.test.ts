import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { allPolicies } from "../../policypack/policies";
import { analyzeStack, configure, Diagnostic, ResourceInput, UNKNOWN } from "./harness";

const REPO = path.resolve(__dirname, "..", "..");

/**
 * Names only this landing zone uses: its project, its stacks' URNs, accounts, break-glass roles,
 * permission sets and the network tiers of its hub VPCs, plus every string in its own pack configs
 * (approved VPC URNs, exempt roles and sets).
 */
function landingZoneNames(): Set<string> {
    const names = new Set<string>(["landing-zone", "urn:pulumi:", "egress", "inspection", "firewall", "attachment", "endpoints"]);
    const strings = (v: unknown): void => {
        if (typeof v === "string") names.add(v);
        else if (Array.isArray(v)) v.forEach(strings);
        else if (v && typeof v === "object")
            for (const [k, x] of Object.entries(v)) {
                names.add(k);
                strings(x);
            }
    };
    for (const stack of ["dev", "prod"]) {
        const config = (YAML.parse(fs.readFileSync(path.join(REPO, `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, any> }).config;
        const org = config["landing-zone:organization"];
        for (const a of [...Object.values(org.coreAccounts as Record<string, { name: string }>), ...(org.workloadAccounts as { name: string }[])])
            names.add(a.name);
        const identity = config["landing-zone:identity"];
        for (const r of identity.breakGlass?.roleNames ?? []) names.add(r);
        for (const set of Object.keys(identity.permissionSets ?? {})) names.add(set);
        const pack = JSON.parse(fs.readFileSync(path.join(REPO, "policypack", "config", `${stack}.json`), "utf8")) as Record<string, unknown>;
        for (const [policy, entry] of Object.entries(pack)) if (policy !== "all" && typeof entry === "object") strings(Object.values(entry as object));
    }
    for (const generic of ["mandatory", "advisory", "AdministratorAccess", "PowerUserAccess", true as unknown as string]) names.delete(generic);
    return names;
}

describe("policy pack with no config (a workload team enabling it with defaults)", () => {
    // The engine's Configure with no --policy-pack-config: every policy at its default level and parameters.
    beforeEach(() => configure({}));
    afterEach(() => configure({}));

    it("no parameter default approves, exempts or allows anything by a name of this landing zone", () => {
        const names = landingZoneNames();
        const found: string[] = [];
        for (const policy of allPolicies) {
            for (const [param, schema] of Object.entries((policy.configSchema?.properties ?? {}) as Record<string, { default?: unknown }>)) {
                assert.ok("default" in schema, `${policy.name}.${param} has no default`);
                // A name pattern that marks more buckets as log buckets only widens the check.
                if (policy.name === "s3-log-buckets-object-lock" && param === "namePattern") continue;
                const text = JSON.stringify(schema.default);
                for (const name of names)
                    if (text.includes(JSON.stringify(name)) || (name.startsWith("urn:") && text.includes(name))) found.push(`${policy.name}.${param}: ${name}`);
            }
        }
        assert.deepStrictEqual(found, []);
    });

    it("turns the landing zone's presence checks off and keeps every other policy at its default level", async () => {
        const ds = await analyzeStack([{ type: "aws:sqs/queue:Queue", name: "orders", props: { kmsMasterKeyId: "alias/orders" } }]);
        const presence = allPolicies.filter((p) => "landingZone" in ((p.configSchema?.properties ?? {}) as object)).map((p) => p.name);
        assert.strictEqual(presence.length, 12);
        assert.deepStrictEqual(
            ds.filter((d) => presence.includes(d.policyName)),
            [],
        );
    });

    it("approves no internet gateway, even on a VPC named like the landing zone's inspection VPC", async () => {
        const ds = await analyzeStack([
            { type: "aws:ec2/vpc:Vpc", name: "network-euw1-inspection-vpc", props: { cidrBlock: "10.8.0.0/23" } },
            {
                type: "aws:ec2/internetGateway:InternetGateway",
                name: "network-euw1-inspection-igw",
                props: { vpcId: UNKNOWN },
                propertyDependencies: { vpcId: ["network-euw1-inspection-vpc"] },
            },
        ]);
        assertMandatory(ds, "no-unapproved-internet-gateway");
    });

    it("exempts no role or permission set from the AWS-managed administrator policies, break-glass names included", async () => {
        const ds = await analyzeStack([
            {
                type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
                name: "break-glass-admin-admin",
                props: { role: "break-glass-admin", policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" },
            },
        ]);
        assertMandatory(ds, "iam-no-privileged-managed-policies");
    });

    for (const tier of ["egress", "inspection"]) {
        it(`does not let a security group claim the landing zone's ${tier} tier to reach the internet`, async () => {
            const sg: ResourceInput = {
                type: "aws:ec2/securityGroup:SecurityGroup",
                name: `${tier}-sg`,
                props: { vpcId: "vpc-1", tags: { Tier: tier }, egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] },
            };
            assertMandatory(await analyzeStack([sg]), "private-tier-no-internet-egress");
            const edge = { ...sg, name: "edge-sg", props: { ...sg.props, tags: { Tier: "edge" } } };
            assert.deepStrictEqual(
                (await analyzeStack([edge])).filter((d) => d.policyName === "private-tier-no-internet-egress"),
                [],
            );
        });
    }

    it("keeps its resource checks mandatory: a default-provider resource is a violation", async () => {
        const ds = await analyzeStack([{ type: "aws:sqs/queue:Queue", name: "q", props: {}, provider: null }]);
        assertMandatory(ds, "explicit-provider-required");
    });
});

function assertMandatory(ds: readonly Diagnostic[], policy: string): void {
    const mine = ds.filter((d) => d.policyName === policy);
    assert.ok(mine.length > 0, `expected a violation of ${policy}; got ${ds.map((d) => d.policyName).join(", ") || "none"}`);
    for (const d of mine) assert.strictEqual(d.enforcementLevel, "mandatory", d.message);
}
