import * as assert from "assert";
import { CREATION_ORDER } from "../../tools/creation-order";
import { GraphResource, orderViolations } from "../../tools/creation-order-matching";
import { runPreview, stackYaml } from "../support/preview";

/** A small graph in the report's shape. */
function resource(urn: string, type: string, extra: Partial<GraphResource> = {}): GraphResource {
    return { urn, type, account: "111111111111", region: "eu-west-1", inputs: {}, dependencies: [], ...extra };
}

describe("creation order AWS requires", () => {
    describe("the table", () => {
        it("says for every row why AWS needs it and what AWS answers without it", () => {
            for (const rule of CREATION_ORDER) {
                assert.ok(rule.why.length > 20, `${rule.dependent.type} <- ${rule.prerequisite.type}: why`);
                assert.match(rule.error, /^[A-Za-z0-9]+(Exception|Denied)?\b/, `${rule.dependent.type} <- ${rule.prerequisite.type}: error`);
            }
        });
    });

    describe("the graph check", () => {
        const org = resource("urn:org", "aws:organizations/organization:Organization");
        const policy = (extra: Partial<GraphResource> = {}) => resource("urn:scp", "aws:organizations/policy:Policy", { account: "222222222222", ...extra });

        it("finds a dependent that does not wait for a prerequisite in scope", () => {
            const found = orderViolations([org, policy()]);
            assert.strictEqual(found.length, 1);
            assert.match(found[0], /urn:scp does not wait for urn:org/);
        });

        it("follows dependencies, parents (a component's dependsOn holds its children back) and providers transitively", () => {
            const component = resource("urn:component", "landing-zone:x:Y", { dependencies: ["urn:org"] });
            assert.deepStrictEqual(orderViolations([org, component, policy({ parent: "urn:component" })]), []);
            const provider = resource("urn:provider", "pulumi:providers:aws", { dependencies: ["urn:org"] });
            assert.deepStrictEqual(orderViolations([org, provider, policy({ provider: "urn:provider" })]), []);
        });

        it("scopes regional organization features to their region, in any account", () => {
            const admin = (region: string) =>
                resource(`urn:gd-admin-${region}`, "aws:guardduty/organizationAdminAccount:OrganizationAdminAccount", {
                    account: "999999999999",
                    region,
                    dependencies: ["urn:org"],
                });
            const config = resource("urn:gd-config", "aws:guardduty/organizationConfiguration:OrganizationConfiguration", {
                region: "eu-west-1",
                dependencies: ["urn:gd-admin-eu-west-1"],
            });
            // Waiting for its own region's registration is enough; another region's is not needed.
            assert.deepStrictEqual(orderViolations([org, admin("eu-west-1"), admin("us-east-1"), config]), []);
            const unordered = { ...config, dependencies: ["urn:gd-admin-us-east-1"] };
            assert.deepStrictEqual(
                orderViolations([org, admin("eu-west-1"), admin("us-east-1"), unordered]).map((v) => v.split(" (")[0]),
                ["urn:gd-config does not wait for urn:gd-admin-eu-west-1"],
            );
        });

        it("finds a dependent with no prerequisite at all in scope", () => {
            assert.match(orderViolations([policy()])[0], /no aws:organizations\/organization:Organization/);
        });

        it("matches referenced prerequisites by name, ARN or id, in scope only", () => {
            const rolePolicy = resource("urn:rp", "aws:iam/rolePolicy:RolePolicy", { inputs: { role: "fn-role" } });
            const otherAccount = resource("urn:rp2", "aws:iam/rolePolicy:RolePolicy", { account: "333333333333", inputs: { role: "fn-role" } });
            const other = resource("urn:rp3", "aws:iam/rolePolicy:RolePolicy", { inputs: { role: "another-role" } });
            const fn = resource("urn:fn", "aws:lambda/function:Function", { inputs: { role: "arn:aws:iam::111111111111:role/fn-role" } });
            assert.deepStrictEqual(
                orderViolations([rolePolicy, otherAccount, other, fn]).map((v) => v.split(" (")[0]),
                ["urn:fn does not wait for urn:rp"],
            );
            const bucketPolicy = resource("urn:bp", "aws:s3/bucketPolicy:BucketPolicy", { account: "444444444444", inputs: { bucket: "logs" } });
            const flowLog = resource("urn:fl", "aws:ec2/flowLog:FlowLog", { inputs: { logDestination: "arn:aws:s3:::logs/vpc" }, dependencies: ["urn:bp"] });
            const key = resource("urn:key", "aws:kms/key:Key", { id: "1234abcd-12ab-34cd-56ef-1234567890ab" });
            const group = resource("urn:lg", "aws:cloudwatch/logGroup:LogGroup", {
                inputs: { kmsKeyId: "arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab" },
            });
            assert.deepStrictEqual(
                orderViolations([bucketPolicy, flowLog, key, group]).map((v) => v.split(" (")[0]),
                ["urn:lg does not wait for urn:key"],
            );
        });
    });

    it("every row of the table is a path in dev's graph with the private CAs on (each CA waits for its CRL bucket's policy)", function () {
        this.timeout(10 * 60 * 1000);
        // The stack file's off example, switched on.
        const yaml = stackYaml("dev").replace("    privateCa:\n      enabled: false\n", "    privateCa:\n      enabled: true\n");
        assert.match(yaml, /privateCa:\n {6}enabled: true/);
        const run = runPreview({ stack: "dev", configYaml: yaml });
        assert.ok(run.report, run.stderr);
        const cas = run.report.resources.filter((r) => r.type === "aws:acmpca/certificateAuthority:CertificateAuthority");
        assert.strictEqual(cas.length, 2);
        assert.deepStrictEqual(orderViolations(run.report.resources), [], "missing creation-order relations");
        // Without the edge, the row finds it.
        const cut = run.report.resources.map((r) => (r.type === cas[0].type ? { ...r, dependencies: [], parent: undefined } : r));
        assert.match(orderViolations(cut).join("\n"), /certificateAuthority.* does not wait for .*crl-policy/);
    });

    for (const stack of ["dev", "prod"]) {
        it(`every row of the table is a path in ${stack}'s graph`, function () {
            this.timeout(10 * 60 * 1000);
            const run = runPreview({ stack });
            assert.ok(run.report, run.stderr);
            assert.deepStrictEqual(orderViolations(run.report.resources), [], "missing creation-order relations");
        });
    }
});
