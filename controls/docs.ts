import * as fs from "fs";
import * as path from "path";
import { Control, loadCatalog, Reality, REPO, repository, resolveTest } from "./catalog";

/** The controls table lives in policypack/README.md between these markers. */
export const README = path.join(REPO, "policypack", "README.md");
const START = "<!-- controls-table:start (generated from controls/catalog.yaml by npm run docs:controls) -->";
const END = "<!-- controls-table:end -->";

const cell = (s: string) => s.replace(/\|/g, "\\|");

/** One row per catalog entry: control, benchmarks, the components that build it, the policies that enforce it, its tests. */
export function controlsTable(catalog: readonly Control[], reality: Reality): string {
    const rows = catalog.map((c) => {
        const built = c.components.map((k) => `\`${k.type.split(":")[2]}\`${k.source ? ` (\`${path.basename(k.source)}\`${k.anchor ? ` ${k.anchor}` : ""})` : ""}`);
        const tests = c.tests.map((t) => `\`${resolveTest(t, reality) ?? t.file}\`: ${t.title}`);
        const or = (xs: string[], gap?: string) => cell(xs.length ? xs.join("; ") : `gap: ${gap ?? ""}`);
        return `| \`${c.id}\` ${cell(c.title)} | ${c.benchmarks.join(", ") || "-"} | ${or(built, c.gap.components)} | ${or(c.policies.map((p) => `\`${p}\``), c.gap.policies)} | ${or(tests, c.gap.tests)} |`;
    });
    return [START, "", "| Control | CIS v5 / FSBP | Built by | Enforced by | Tests |", "| --- | --- | --- | --- | --- |", ...rows, "", END].join("\n");
}

/** The table as the README has it now, or undefined without markers. */
export function publishedTable(readme = fs.readFileSync(README, "utf8")): string | undefined {
    const start = readme.search(/<!-- controls-table:start[^>]*-->/);
    const end = readme.indexOf(END);
    return start < 0 || end < 0 ? undefined : readme.slice(start, end + END.length);
}

if (require.main === module) {
    const readme = fs.readFileSync(README, "utf8");
    const current = publishedTable(readme);
    if (!current) throw new Error(`${README}: no controls-table markers`);
    fs.writeFileSync(README, readme.replace(current, controlsTable(loadCatalog(), repository([]) /* only test files are read to render; policies are checked by the test */)));
}
