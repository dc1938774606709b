import { strict as assert } from "assert";
import Module from "module";
import * as path from "path";
import { COMPLIANCE_NAMESPACE, COMPLIANCE_PUBLISHER_HANDLER } from "../../components/operations/compliance-metrics";
import { buildHandlers, bundleHandler } from "../../components/response/bundle";
import { REMEDIATIONS } from "../../components/response/patterns";
import { handlerHarness } from "./harness";

/** Loads bundled CommonJS as Lambda would, resolving the runtime-provided AWS SDK from node_modules. */
function load(code: string): { handler: (event: unknown) => Promise<{ outcome: string; reason?: string }> } {
    const m = new Module("/var/task/index.js");
    m.filename = "/var/task/index.js";
    m.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.resolve(__dirname, "..", ".."));
    (m as unknown as { _compile(code: string, filename: string): void })._compile(code, "/var/task/index.js");
    return m.exports;
}

describe("response: handler bundles", () => {
    handlerHarness();

    for (const remediation of REMEDIATIONS) {
        it(`${remediation}: builds the same bytes twice, leaves the AWS SDK to the runtime, and runs`, async () => {
            const code = bundleHandler(remediation);
            assert.equal(buildHandlers().get(remediation), code, "bundling is deterministic");
            assert.ok(!code.includes(path.resolve(__dirname, "..", "..")), "no absolute build paths in the bundle");
            assert.match(code, /require\("@aws-sdk\/client-sts"\)/);
            const { handler } = load(code);
            const result = await handler({ not: "an event" });
            assert.equal(result.outcome, "rejected");
            assert.match(result.reason ?? "", /malformed event/);
        });
    }

    it("publish-compliance (the compliance publisher): bundled the same way, the SDK left to the runtime, the metric list inlined", async () => {
        const code = bundleHandler(COMPLIANCE_PUBLISHER_HANDLER);
        assert.equal(buildHandlers().get(COMPLIANCE_PUBLISHER_HANDLER), code, "bundling is deterministic");
        for (const client of ["client-config-service", "client-securityhub", "client-cloudtrail", "client-cloudwatch"])
            assert.match(code, new RegExp(`require\\("@aws-sdk/${client}"\\)`));
        assert.ok(code.includes(COMPLIANCE_NAMESPACE));
        const saved = process.env.AGGREGATOR_NAME;
        delete process.env.AGGREGATOR_NAME;
        try {
            await assert.rejects(load(code).handler({}), /AGGREGATOR_NAME is not set/);
        } finally {
            if (saved !== undefined) process.env.AGGREGATOR_NAME = saved;
        }
    });
});
