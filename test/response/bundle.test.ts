import { strict as assert } from "assert";
import Module from "module";
import * as path from "path";
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
});
