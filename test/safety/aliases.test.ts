import * as assert from "assert";
import { spawnSync } from "child_process";
import * as path from "path";
import { diffReports } from "../../tools/diff";
import type { PreviewReport } from "../../tools/report-model";
import { REPO } from "../support/preview";

/** DeploymentRoles registered under a name (optionally aliasing an old one), as a preview report. */
function preview(name: string, aliasOf?: string): PreviewReport {
    const program = path.join(__dirname, "fixtures", "deployment-roles-program.ts");
    const run = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", program, name, ...(aliasOf ? [aliasOf] : [])], {
        cwd: REPO,
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
    });
    assert.strictEqual(run.status, 0, run.stderr);
    return JSON.parse(run.stdout) as PreviewReport;
}

describe("renaming a component with aliases", () => {
    const before = preview("deployment");

    it("keeps every child's state: the diff shows renames, no removal, no blocking finding", () => {
        // Renamed component; `aliases` names its old identity and Pulumi derives every child's old URN
        // from it (the children's names start with the component's name).
        const after = preview("pipeline", "deployment");
        const diff = diffReports(before, after);
        assert.deepStrictEqual(diff.removed, [], "nothing is removed");
        assert.deepStrictEqual(diff.added, [], "nothing is added");
        assert.deepStrictEqual(diff.blocking, []);
        const renamed = diff.changed.filter((c) => c.aliasOf);
        const moved = before.resources.filter((r) => r.type.startsWith("landing-zone:") || r.type.startsWith("aws:"));
        assert.strictEqual(renamed.length, moved.length, "the component and each of its children is matched to its old URN");
        for (const c of renamed) {
            assert.deepStrictEqual(c.inputs, [], `${c.urn}: a rename changes no input`);
            assert.strictEqual(c.aliasOf, c.urn.replace("::pipeline", "::deployment"));
        }
    });

    it("without aliases the same rename deletes and recreates everything", () => {
        const diff = diffReports(before, preview("pipeline"));
        assert.ok(diff.removed.some((r) => r.type === "aws:iam/openIdConnectProvider:OpenIdConnectProvider"));
        assert.strictEqual(diff.added.length, diff.removed.length);
    });
});
