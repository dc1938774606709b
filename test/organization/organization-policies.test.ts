import assert from "node:assert/strict";
import { OrganizationPolicies } from "../../components/organization/organization-policies";
import type { PlannedPolicy, ResolvedIds } from "../../components/organization/policy-plan";
import { runProgram } from "../../tools/mock-runtime";

const ids: ResolvedIds = { organizationId: "o-abcdefghij", accountIds: { app: "111111111111" } };
const scp = (key: string, targets: PlannedPolicy["targets"]): PlannedPolicy => ({
    key,
    name: `lz-${key}`,
    type: "SERVICE_CONTROL_POLICY",
    description: key,
    configPath: ["organization"],
    targets,
    uses: [],
    render: () => JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "D", Effect: "Deny", Action: "s3:DeleteBucket", Resource: "*" }] }),
});

function build(policies: PlannedPolicy[]) {
    return runProgram({
        project: "landing-zone",
        stack: "test",
        config: {},
        load: () =>
            new OrganizationPolicies("org-policies", {
                policies,
                organizationId: ids.organizationId,
                worstCaseIds: ids,
                rootId: "r-abcd",
                organizationalUnitIds: new Map([["Sandbox", "ou-abcd-11111111"]]),
                accountIds: new Map([["app", "111111111111"]]),
            }),
    });
}

describe("OrganizationPolicies", () => {
    it("attaches each policy to each of its targets by id", async () => {
        const run = await build([scp("a", [{ kind: "root" }, { kind: "ou", path: "Sandbox" }, { kind: "account", name: "app" }])]);
        const attachments = run.resources.filter((r) => r.type === "aws:organizations/policyAttachment:PolicyAttachment");
        assert.deepEqual(
            attachments.map((a) => [a.name, a.inputs.targetId]),
            [
                ["org-policies-a-root", "r-abcd"],
                ["org-policies-a-ou-sandbox", "ou-abcd-11111111"],
                ["org-policies-a-account-app", "111111111111"],
            ],
        );
    });

    it("refuses a target the organization does not have, naming it", async () => {
        await assert.rejects(
            build([scp("a", [{ kind: "ou", path: "Workloads/Staging" }])]),
            /policy lz-a targets OU "Workloads\/Staging", which the organization does not have/,
        );
    });

    it("refuses a fifth SCP on one target before creating anything", async () => {
        const five = ["a", "b", "c", "d", "e"].map((k) => scp(k, [{ kind: "root" }]));
        await assert.rejects(build(five), /exceed AWS Organizations quotas[\s\S]*6 SCPs attached to the root/);
    });
});

describe("OrganizationServices", () => {
    it("refuses a region without a management provider, naming it", async () => {
        const { OrganizationServices } = await import("../../components/organization/organization-services");
        const aws = await import("@pulumi/aws");
        await assert.rejects(
            runProgram({
                project: "landing-zone",
                stack: "test",
                config: {},
                load: () => {
                    const home = new aws.Provider("management-eu-west-1", { region: "eu-west-1" });
                    return new OrganizationServices("org-services", {
                        delegates: { securityTooling: "222222222222", network: "333333333333", backup: "444444444444" },
                        regions: ["eu-west-1", "eu-central-1"],
                        regionalProviders: new Map([["eu-west-1", home]]),
                        homeProvider: home,
                        firewallManagerProvider: home,
                        backup: { enabled: false, crossAccountCopies: false },
                    });
                },
            }),
            /regionalProviders has no provider for eu-central-1/,
        );
    });
});

describe("OrganizationPolicies: attachments held until what they wait for exists", () => {
    it("registers a held policy but attaches it only on release, after the given resources", async () => {
        const held: PlannedPolicy = { ...scp("held", [{ kind: "root" }]), attachAfter: "vpc-bpa-exclusions" };
        const run = await runProgram({
            project: "landing-zone",
            stack: "test",
            config: {},
            load: async () => {
                const policies = new OrganizationPolicies("org-policies", {
                    policies: [held],
                    organizationId: ids.organizationId,
                    worstCaseIds: ids,
                    rootId: "r-abcd",
                    organizationalUnitIds: new Map(),
                    accountIds: new Map(),
                });
                assert.deepEqual(policies.pending, ["vpc-bpa-exclusions"]);
                const aws = await import("@pulumi/aws");
                const provider = new aws.Provider("p", { region: "eu-west-1" });
                const first = new aws.ec2.VpcBlockPublicAccessExclusion("x", { vpcId: "vpc-0123456789abcdef0", internetGatewayExclusionMode: "allow-egress" }, { provider });
                policies.release("vpc-bpa-exclusions", [first]);
                assert.deepEqual(policies.pending, []);
                assert.throws(() => policies.release("vpc-bpa-exclusions", [first]), /no policy waits for vpc-bpa-exclusions/);
            },
        });
        const attachment = run.resources.find((r) => r.type === "aws:organizations/policyAttachment:PolicyAttachment");
        const exclusion = run.resources.find((r) => r.type === "aws:ec2/vpcBlockPublicAccessExclusion:VpcBlockPublicAccessExclusion");
        assert.ok(attachment && exclusion);
        assert.ok(attachment.dependencies.includes(exclusion.urn));
    });
});
