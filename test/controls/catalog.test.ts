import * as assert from "assert";
import { allPolicies } from "../../policypack/policies";
import { controlsTable, publishedTable } from "../../controls/docs";
import { catalogProblems, Control, loadCatalog, Reality, repository } from "../../controls/catalog";

describe("controls catalog (controls/catalog.yaml)", () => {
    const catalog = loadCatalog();
    const reality = repository(allPolicies);
    const imdsv2 = () => structuredClone(catalog.find((c) => c.id === "devices.imdsv2-required")!) as Control;
    const withEntry = (changed: Control) => catalog.map((c) => (c.id === changed.id ? changed : c));

    it("links every control to components, pack policies and tests that exist, and agrees with the pack's controls metadata", () => {
        assert.deepStrictEqual(catalogProblems(catalog, reality), []);
    });

    it("names IMDSv2's SCP, declarative policy, conformance rule, pack policy and tests in one entry", () => {
        const e = imdsv2();
        assert.deepStrictEqual(e.benchmarks, ["CIS 5.7", "EC2.8", "EC2.170"]);
        assert.deepStrictEqual(e.policies, ["ec2-imdsv2-required"]);
        assert.deepStrictEqual(e.components.map((c) => c.anchor), ["RequireImdsV2", "http_tokens", "EC2_IMDSV2_CHECK"]);
    });

    it("fails on a renamed policy", () => {
        const renamed = allPolicies.map((p) => (p.name === "ec2-imdsv2-required" ? { name: "ec2-imdsv2-tokens", controls: p.controls } : p));
        const problems = catalogProblems(catalog, { ...reality, policies: renamed });
        assert.ok(problems.includes("devices.imdsv2-required: policy ec2-imdsv2-required is not in the pack"), problems.join("\n"));
        assert.ok(problems.includes("policy ec2-imdsv2-tokens: no catalog entry names it"), problems.join("\n"));
    });

    it("fails when the pack's controls metadata and the catalog differ", () => {
        const e = imdsv2();
        const problems = catalogProblems(withEntry({ ...e, benchmarks: ["CIS 5.7", "EC2.8"] }), reality);
        assert.ok(problems.some((p) => p.startsWith("policy ec2-imdsv2-required: the pack maps EC2.170")), problems.join("\n"));
    });

    it("fails on a removed test, and finds a test that moved to another file by its title", () => {
        const removed: Reality = {
            ...reality,
            read: (f) => reality.read(f)?.replace('"keeps encryption, BPA and IMDSv2 in place"', '"something else"'),
        };
        assert.ok(catalogProblems(catalog, removed).some((p) => p.startsWith('devices.imdsv2-required: test "keeps encryption, BPA and IMDSv2 in place"')));
        const moved = imdsv2();
        moved.tests = [{ file: "test/policies/scp-split.test.ts", title: "keeps encryption, BPA and IMDSv2 in place" }];
        assert.deepStrictEqual(catalogProblems(withEntry(moved), reality), []);
    });

    it("fails on a missing link without a reasoned gap, a stale gap, and a component or anchor that does not exist", () => {
        const e = imdsv2();
        const problems = catalogProblems(
            withEntry({
                ...e,
                tests: [],
                gap: { policies: "no longer true: it has a policy" },
                components: [{ ...e.components[0], anchor: "RequireImdsV9" }, { ...e.components[1], type: "landing-zone:organization:Nothing" }],
            }),
            reality,
        );
        for (const expected of [
            "devices.imdsv2-required: no tests and no gap.tests saying why",
            "devices.imdsv2-required: gap.policies is stale: the entry has policies",
            'devices.imdsv2-required: components/policies/scp.ts no longer contains "RequireImdsV9"',
            "devices.imdsv2-required: components/organization/organization-policies.ts defines no ComponentResource landing-zone:organization:Nothing",
        ])
            assert.ok(problems.includes(expected), `${expected}\nnot in:\n${problems.join("\n")}`);
    });

    it("is the controls table of policypack/README.md", () => {
        assert.strictEqual(publishedTable(), controlsTable(catalog, reality), "regenerate with: npm run docs:controls");
    });
});
