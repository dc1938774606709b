import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { allPolicies } from "../../policypack/policies";
import { Case, CASES } from "./cases";
import { PRESENCE_CASES } from "./presence-cases";
import { analyze, analyzeStack, configure, Diagnostic, remediate, secret, UNKNOWN } from "./harness";

/** Runs one case through the pack's own Analyze/AnalyzeStack handlers with only `policy` configured. */
async function run(policy: string, c: Case, enforcementLevel = "mandatory"): Promise<Diagnostic[]> {
    await configure({ [policy]: { enforcementLevel, ...(c.config ?? {}) } });
    const ds = c.resource ? await analyze(c.resource) : await analyzeStack(c.stack ?? []);
    return ds.filter((d) => d.policyName === policy);
}

/** Component resources of pulumi-eks's schema.json (github.com/pulumi/pulumi-eks, provider/cmd/pulumi-resource-eks). */
const PULUMI_EKS_COMPONENTS = ["eks:index:Cluster", "eks:index:NodeGroup", "eks:index:NodeGroupV2", "eks:index:ManagedNodeGroup"];
describe("policy pack: every policy against engine-shaped arguments", () => {
    it("has a failing and a passing case for every policy, and no case for a policy that does not exist", () => {
        const names = new Set(allPolicies.map((p) => p.name));
        const missing = allPolicies.filter((p) => !CASES[p.name] || CASES[p.name].fail.length === 0 || CASES[p.name].pass.length === 0).map((p) => p.name);
        assert.deepStrictEqual(missing, []);
        assert.deepStrictEqual(
            Object.keys(CASES).filter((n) => !names.has(n)),
            [],
        );
    });

    for (const policy of allPolicies) {
        const cases = CASES[policy.name];
        if (!cases) continue;
        describe(policy.name, () => {
            for (const c of cases.fail) {
                it(`flags: ${c.why}`, async () => {
                    const ds = await run(policy.name, c);
                    assert.ok(ds.length > 0, `expected a violation of ${policy.name}`);
                    for (const d of ds) assert.strictEqual(d.enforcementLevel, "mandatory", d.message);
                });
            }
            for (const c of cases.pass) {
                it(`accepts: ${c.why}`, async () => {
                    const ds = await run(policy.name, c);
                    assert.deepStrictEqual(
                        ds.map((d) => d.message),
                        [],
                    );
                });
            }
        });
    }

    after(() => configure({}));
});

describe("policy pack: presence checks hold per account and region", () => {
    it("names only policies that exist", () => {
        const names = new Set(allPolicies.map((p) => p.name));
        assert.deepStrictEqual(Object.keys(PRESENCE_CASES).filter((n) => !names.has(n)), []);
    });
    for (const [policy, cases] of Object.entries(PRESENCE_CASES)) {
        describe(policy, () => {
            for (const c of cases.fail)
                it(`flags: ${c.why}`, async () => assert.ok((await run(policy, c)).length > 0, `expected a violation of ${policy}`));
            for (const c of cases.pass)
                it(`accepts: ${c.why}`, async () => assert.deepStrictEqual((await run(policy, c)).map((d) => d.message), []));
        });
    }
    after(() => configure({}));
});

describe("policy pack: fail closed on values unknown during preview", () => {
    afterEach(() => configure({}));

    it("reports a mandatory violation naming the unknown property instead of @pulumi/policy's advisory downgrade", async () => {
        await configure({ "rds-not-public": { enforcementLevel: "mandatory" } });
        const ds = (await analyze({ type: "aws:rds/instance:Instance", props: { instanceClass: "db.t4g.micro", publiclyAccessible: UNKNOWN } })).filter(
            (d) => d.policyName === "rds-not-public",
        );
        assert.strictEqual(ds.length, 1);
        assert.strictEqual(ds[0].enforcementLevel, "mandatory");
        assert.match(ds[0].message, /cannot verify publiclyAccessible during preview: make it known or mark this policy advisory/);
    });

    it("names nested paths, including list indexes", async () => {
        await configure({ "sg-no-admin-ports-from-internet": { enforcementLevel: "mandatory" } });
        const ds = (
            await analyze({
                type: "aws:ec2/securityGroup:SecurityGroup",
                props: { ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: UNKNOWN }] },
            })
        ).filter((d) => d.policyName === "sg-no-admin-ports-from-internet");
        assert.strictEqual(ds.length, 1);
        assert.match(ds[0].message, /cannot verify ingress\[0\]\.cidrBlocks during preview/);
    });

    it("stays advisory when the stack marks the policy advisory", async () => {
        await configure({ "rds-not-public": { enforcementLevel: "advisory" } });
        const ds = (await analyze({ type: "aws:rds/instance:Instance", props: { publiclyAccessible: UNKNOWN } })).filter(
            (d) => d.policyName === "rds-not-public",
        );
        assert.deepStrictEqual(
            ds.map((d) => d.enforcementLevel),
            ["advisory"],
        );
    });

    it("fails closed on an unknown provider account pin that no account of the stack explains", async () => {
        await configure({ "explicit-provider-required": { enforcementLevel: "mandatory" } });
        const provider = { name: "new-account", props: { region: "eu-west-1", allowedAccountIds: UNKNOWN } };
        const ds = (
            await analyzeStack([
                { type: "pulumi:providers:aws", name: "new-account", props: provider.props, provider: null },
                { type: "aws:sqs/queue:Queue", name: "q", props: {}, provider },
            ])
        ).filter((d) => d.policyName === "explicit-provider-required");
        assert.strictEqual(ds.length, 1);
        assert.match(ds[0].message, /cannot verify allowedAccountIds during preview/);
    });

    it("defers a resource check only for a resource whose provider's account pin is unknown (checked again, known, during the update)", async () => {
        await configure({ "rds-not-public": { enforcementLevel: "mandatory" } });
        const rds = { type: "aws:rds/instance:Instance", props: { instanceClass: "db.t4g.micro", publiclyAccessible: UNKNOWN } };
        const pending = (await analyze({ ...rds, provider: { name: "new-account", props: { region: "eu-west-1", allowedAccountIds: UNKNOWN } } })).filter(
            (d) => d.policyName === "rds-not-public",
        );
        assert.deepStrictEqual(pending, []);
        const known = (await analyze(rds)).filter((d) => d.policyName === "rds-not-public");
        assert.strictEqual(known.length, 1);
        const publicInNewAccount = (
            await analyze({
                ...rds,
                props: { ...rds.props, publiclyAccessible: true },
                provider: { name: "new-account", props: { region: "eu-west-1", allowedAccountIds: UNKNOWN } },
            })
        ).filter((d) => d.policyName === "rds-not-public");
        assert.strictEqual(publicInNewAccount.length, 1, "a known violation is reported whatever the provider");
    });

    it("fails closed in stack policies", async () => {
        await configure({ "alb-drop-invalid-headers": { enforcementLevel: "mandatory" }, "vpc-flow-logs-enabled": { enforcementLevel: "mandatory" } });
        const ds = (
            await analyzeStack([
                { type: "aws:ec2/vpc:Vpc", name: "v", props: {} },
                { type: "aws:ec2/flowLog:FlowLog", name: "fl", props: { vpcId: "vpc-1", trafficType: UNKNOWN }, propertyDependencies: { vpcId: ["v"] } },
            ])
        ).filter((d) => d.policyName === "vpc-flow-logs-enabled");
        assert.strictEqual(ds.length, 1);
        assert.match(ds[0].message, /cannot verify trafficType during preview/);
    });
});

describe("policy pack: secrets and enforcement", () => {
    afterEach(() => configure({}));

    it("sees through secret-wrapped values (the engine sends them with the secret signature)", async () => {
        await configure({});
        const ds = await analyze({
            type: "aws:rds/instance:Instance",
            props: { publiclyAccessible: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: true } },
        });
        assert.ok(ds.some((d) => d.policyName === "rds-not-public" && /publiclyAccessible is true/.test(d.message)));
    });

    it("skips a policy the stack disables and keeps advisory defaults advisory", async () => {
        await configure({ "iam-no-users": { enforcementLevel: "disabled" } });
        const ds = await analyze({ type: "aws:iam/user:User", props: { name: "ci" } });
        assert.ok(!ds.some((d) => d.policyName === "iam-no-users"));
        const peering = await analyze({ type: "aws:ec2/vpcPeeringConnection:VpcPeeringConnection", props: { vpcId: "a", peerVpcId: "b" } });
        assert.deepStrictEqual(
            peering.filter((d) => d.policyName === "no-vpc-peering").map((d) => d.enforcementLevel),
            ["advisory"],
        );
    });

    it("reports an unknown action in a Deny as mandatory even when the Allow check is advisory", async () => {
        await configure({ "iam-allow-actions-exist": { enforcementLevel: "advisory" } });
        const ds = await analyze({
            type: "aws:organizations/policy:Policy",
            props: {
                type: "SERVICE_CONTROL_POLICY",
                content: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [
                        { Effect: "Deny", Action: "ec2:RunInstance", Resource: "*" },
                        { Effect: "Allow", Action: "s3:GetObjekt", Resource: "*" },
                    ],
                }),
            },
        });
        const levels = Object.fromEntries(ds.filter((d) => /actions-exist/.test(d.policyName)).map((d) => [d.policyName, d.enforcementLevel]));
        assert.deepStrictEqual(levels, { "iam-deny-actions-exist": "mandatory", "iam-allow-actions-exist": "advisory" });
    });

    it("runs landing-zone presence checks only when the stack says it is the landing zone", async () => {
        await configure({});
        const workload = await analyzeStack([{ type: "aws:sqs/queue:Queue", name: "q", props: {} }]);
        assert.ok(!workload.some((d) => d.policyName === "cloudtrail-org-trail-present"));
        await configure({ "cloudtrail-org-trail-present": { enforcementLevel: "mandatory", landingZone: true } });
        const lz = await analyzeStack([{ type: "aws:sqs/queue:Queue", name: "q", props: {} }]);
        assert.ok(lz.some((d) => d.policyName === "cloudtrail-org-trail-present"));
    });
});

describe("policy pack: remediation", () => {
    afterEach(() => configure({}));
    const bpa = { type: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", props: { bucket: "b", blockPublicAcls: true } };

    it("is off unless the stack sets the policy to remediate", async () => {
        await configure({});
        assert.deepStrictEqual(await remediate(bpa), []);
    });

    it("turns on every S3 block-public-access flag and keeps the other inputs", async () => {
        await configure({ "s3-bucket-public-access-block": { enforcementLevel: "remediate" } });
        const [fix] = await remediate(bpa);
        assert.strictEqual(fix.policyName, "s3-bucket-public-access-block");
        assert.deepStrictEqual(fix.properties, {
            bucket: "b",
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        });
    });

    it("requires IMDSv2 tokens, keeping secret inputs secret", async () => {
        await configure({ "ec2-imdsv2-required": { enforcementLevel: "remediate" } });
        const [fix] = await remediate({
            type: "aws:ec2/instance:Instance",
            props: { ami: "ami-1", userData: secret("#!/bin/sh"), metadataOptions: { httpEndpoint: "enabled" } },
        });
        assert.deepStrictEqual(fix.properties, {
            ami: "ami-1",
            userData: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "#!/bin/sh" },
            metadataOptions: { httpEndpoint: "enabled", httpTokens: "required" },
        });
    });
});

describe("policy pack: metadata", () => {
    const CONTROL = /^(CIS \d+(\.\d+)+|[A-Za-z0-9]+\.\d+)$/;

    it("has at least 60 policies over all seven areas, each with description, severity, controls and remediation", () => {
        assert.ok(allPolicies.length >= 60);
        assert.deepStrictEqual([...new Set(allPolicies.map((p) => p.area))].sort(), [
            "data",
            "devices",
            "governance",
            "identity",
            "monitoring",
            "network",
            "workloads",
        ]);
        for (const p of allPolicies) {
            assert.ok(p.description.length > 10 && p.remediation.length > 10, p.name);
            assert.ok(["low", "medium", "high", "critical"].includes(String(p.severity)), p.name);
            for (const c of p.controls) assert.match(c, CONTROL, p.name);
        }
    });

    it("only names Pulumi types that exist in @pulumi/aws, @pulumi/awsx or pulumi-eks", () => {
        const missing: string[] = [];
        for (const p of allPolicies) {
            if (!Array.isArray(p.resourceTypes)) continue;
            for (const type of p.resourceTypes as string[]) {
                if (type.startsWith("pulumi:")) continue;
                if (type.startsWith("awsx:")) {
                    // awsx:<module>:<Name> is the class <Name> of @pulumi/awsx's <module> (installed here).
                    const [, mod, name] = type.split(":");
                    if ((require("@pulumi/awsx")[mod]?.[name] as { __pulumiType?: string } | undefined)?.__pulumiType !== type)
                        missing.push(`${p.name}: ${type}`);
                    continue;
                }
                if (type.startsWith("eks:")) {
                    // @pulumi/eks is not a dependency here; its schema.json names these component resources.
                    if (!PULUMI_EKS_COMPONENTS.includes(type)) missing.push(`${p.name}: ${type}`);
                    continue;
                }
                const [, mod] = type.split(":");
                const [dir, file] = mod.split("/");
                let token: string | undefined;
                try {
                    token = require(`@pulumi/aws/${dir}/${file}`)[type.split(":")[2]]?.__pulumiType;
                } catch {
                    token = undefined;
                }
                if (token !== type) missing.push(`${p.name}: ${type}`);
            }
        }
        assert.deepStrictEqual(missing, []);
    });


    it("is documented policy by policy in policypack/README.md with its default enforcement", () => {
        const readme = fs.readFileSync(path.join(__dirname, "../../policypack/README.md"), "utf8");
        for (const p of allPolicies)
            assert.match(readme, new RegExp(`^\\| \`${p.name}\` +\\| ${p.area} +\\| [a-z]+ +\\| ${p.severity} +\\| ${p.enforcementLevel}`, "m"), p.name);
    });
});
