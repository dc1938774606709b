import * as assert from "assert";
import { type PreviewRun, runPreview } from "../support/preview";

/**
 * Adding a workload account is one `pulumi up` with the pack on: the preview of a deployed stack in
 * which one account is new (its id, and so its providers' account pins, unknown) has no mandatory
 * finding. Documents elsewhere do not list accounts, and what goes into the new account is checked
 * again, with known values, when the engine analyzes it during the update.
 */
describe("stacks: a new workload account previews with the pack on", function () {
    this.timeout(300_000);
    let run: PreviewRun;
    before(() => {
        run = runPreview({ stack: "dev", extraArgs: ["--new-account", "payments-staging"] });
    });

    it("really previews an account whose id is unknown: its providers' allowedAccountIds are not known", () => {
        const providers = (run.report?.resources ?? []).filter((r) => r.type === "pulumi:providers:aws" && /payments-staging/.test(r.name));
        assert.ok(providers.length > 0, "no provider of the new account");
        for (const p of providers) assert.ok(!/^\["\d{12}"\]$/.test(String(p.inputs.allowedAccountIds)), `${p.name} has a known pin`);
    });

    it("has 0 mandatory violations", () => {
        const mandatory = (run.report?.violations ?? []).filter((v) => v.enforcementLevel === "mandatory");
        assert.deepStrictEqual(
            mandatory.map((v) => `${v.policy}: ${v.urn.split("::").pop()}: ${v.message}`),
            [],
        );
        assert.strictEqual(run.code, 0, run.stdout.split("\n")[0]);
    });
});
