import * as assert from "assert";
import { POLICY_INTERNALS, policyInternal, PULUMI_INTERNALS, pulumiInternal, shapeProblems } from "../../tools/sdk-internals";

/** Fails loudly when an SDK upgrade removes or changes any private member tools/ and test/ rely on. */
describe("SDK internals fence", () => {
    for (const module of Object.keys(PULUMI_INTERNALS) as (keyof typeof PULUMI_INTERNALS)[]) {
        it(`@pulumi/pulumi/${module} has every member the tools use, with the expected kind`, () => {
            assert.doesNotThrow(() => pulumiInternal(module));
        });
    }
    for (const module of Object.keys(POLICY_INTERNALS) as (keyof typeof POLICY_INTERNALS)[]) {
        it(`@pulumi/policy/${module} has every member the tools use, with the expected kind`, () => {
            assert.doesNotThrow(() => policyInternal(module));
        });
    }

    it("names each missing or changed member", () => {
        const changed = { MockMonitor: class {}, ResourceMonitorFeature: { RESOURCE_MONITOR_FEATURE_ALIAS_SPECS: "7" } };
        assert.deepStrictEqual(
            shapeProblems(changed, {
                MockMonitor: "function",
                "MockMonitor.prototype.newUrn": "function",
                "ResourceMonitorFeature.RESOURCE_MONITOR_FEATURE_ALIAS_SPECS": "number",
                "Resource.callsites": "function?",
            }),
            ["MockMonitor.prototype.newUrn is missing (expected a function)", "ResourceMonitorFeature.RESOURCE_MONITOR_FEATURE_ALIAS_SPECS is a string (expected a number)"],
        );
    });
});
