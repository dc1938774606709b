import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { z } from "zod";

/** The repository root; every path in the catalog is relative to it. */
export const REPO = path.resolve(__dirname, "..");
export const CATALOG_FILE = path.join(REPO, "controls", "catalog.yaml");

const AREAS = ["identity", "devices", "network", "workloads", "data", "monitoring", "governance"] as const;
/** CIS AWS Foundations v5 ("CIS 3.6") or AWS FSBP ("KMS.4", "EC2.170"). */
const BENCHMARK = /^(CIS \d+(\.\d+)+|[A-Za-z0-9]+\.\d+)$/;
const LINKS = ["components", "policies", "tests"] as const;

const componentRef = z.strictObject({
    /** The ComponentResource type token, as its constructor passes it to `super`. */
    type: z.string().regex(/^landing-zone:[a-z]+:[A-Za-z]+$/, "a type token such as landing-zone:area:Name"),
    /** The file that defines the component. */
    path: z.string().regex(/^components\/.+\.ts$/, "a components/**/*.ts path"),
    /** The document or rule file the component renders this control from, when it is not `path` itself. */
    source: z.string().regex(/^components\/.+\.ts$/, "a components/**/*.ts path").optional(),
    /** Text that must appear in `source` (or `path`): the statement id, rule identifier or setting that builds the control. */
    anchor: z.string().min(1).optional(),
});

const testRef = z.strictObject({
    /** Where the test is today; a test that moved is still found by its title (see resolveTest). */
    file: z.string().regex(/^test\/.+\.ts$/, "a test/**/*.ts path"),
    /** The `it` title, or the `why` of a policy case (its test is titled "flags: <why>"), exactly as the source spells it. */
    title: z.string().min(1),
});

const entry = z.strictObject({
    /** Stable id: `<zero-trust area>.<slug>`; never reused for another control. */
    id: z.string().regex(/^[a-z]+\.[a-z0-9-]+$/, "<area>.<slug>, lower case"),
    title: z.string().min(1),
    /** The CIS v5 and FSBP controls this entry satisfies; the pack's `controls:` metadata must say the same. */
    benchmarks: z.array(z.string().regex(BENCHMARK, 'a CIS v5 ("CIS 3.6") or FSBP ("KMS.4") id')).default([]),
    components: z.array(componentRef).default([]),
    /** Names of the pack's policies that enforce it. */
    policies: z.array(z.string().min(1)).default([]),
    tests: z.array(testRef).default([]),
    /** Why a link is missing, per link: an entry without components, policies or tests must say why. */
    gap: z.strictObject({ components: z.string().min(10), policies: z.string().min(10), tests: z.string().min(10) }).partial().default({}),
});

export type ComponentRef = z.infer<typeof componentRef>;
export type TestRef = z.infer<typeof testRef>;
export type Control = z.infer<typeof entry>;
export type ZeroTrustArea = (typeof AREAS)[number];

/** The area an entry belongs to, from its id. */
export function areaOf(control: Control): ZeroTrustArea {
    return control.id.split(".")[0] as ZeroTrustArea;
}

/** Reads and validates the catalog; every malformed entry is named at once. */
export function loadCatalog(file = CATALOG_FILE): readonly Control[] {
    const result = z.array(entry).safeParse(parse(fs.readFileSync(file, "utf8")));
    if (!result.success) {
        const problems = result.error.issues.map((i) => `${path.relative(REPO, file)}: [${i.path.join(".")}] ${i.message}`);
        throw new Error(`invalid controls catalog:\n  ${problems.join("\n  ")}`);
    }
    return result.data;
}

/** What the catalog is checked against: the pack's policies and the repository's files. */
export interface Reality {
    readonly policies: readonly { readonly name: string; readonly controls: readonly string[] }[];
    /** A file's text, or undefined when it does not exist (path relative to the repository). */
    readonly read: (file: string) => string | undefined;
    /** Every file a test may live in: test files and policy cases (relative paths). */
    readonly testFiles: readonly string[];
}

/** The repository as it is on disk. */
export function repository(policies: Reality["policies"]): Reality {
    const read = (file: string) => {
        const full = path.join(REPO, file);
        return fs.existsSync(full) && fs.statSync(full).isFile() ? fs.readFileSync(full, "utf8") : undefined;
    };
    const walk = (dir: string): string[] =>
        fs.readdirSync(path.join(REPO, dir), { withFileTypes: true }).flatMap((d) => {
            const rel = `${dir}/${d.name}`;
            if (d.isDirectory()) return d.name === "node_modules" || d.name === "bin" || d.name === "corpus" ? [] : walk(rel);
            return d.name.endsWith(".ts") ? [rel] : [];
        });
    // The catalog's own test quotes titles to mutate them; it is no place a control's test lives.
    const testFiles = [...walk("test"), ...walk("policypack")].filter((f) => !f.startsWith("test/controls/"));
    return { policies, read, testFiles: testFiles.sort() };
}

/**
 * The file a test is in: its recorded file when that still holds the title as a string literal, else the
 * one file of the test tree (test/, and policypack/ for cases kept next to their policies) that does,
 * so a test split into another file still resolves. Undefined when none or several other files do.
 */
export function resolveTest(ref: TestRef, reality: Reality): string | undefined {
    const literal = JSON.stringify(ref.title);
    if (reality.read(ref.file)?.includes(literal)) return ref.file;
    const found = reality.testFiles.filter((f) => reality.read(f)?.includes(literal));
    return found.length === 1 ? found[0] : undefined;
}

/** Every way the catalog disagrees with the code, the pack and the tests; empty when it agrees. */
export function catalogProblems(catalog: readonly Control[], reality: Reality): string[] {
    const problems: string[] = [];
    const ids = new Set<string>();
    const policyNames = new Set(reality.policies.map((p) => p.name));
    for (const c of catalog) {
        const at = (msg: string) => problems.push(`${c.id}: ${msg}`);
        if (ids.has(c.id)) at("duplicate id");
        ids.add(c.id);
        if (!(AREAS as readonly string[]).includes(areaOf(c))) at(`id must start with a zero-trust area (${AREAS.join(", ")})`);
        for (const link of LINKS) {
            const present = c[link].length > 0;
            if (!present && !c.gap[link]) at(`no ${link} and no gap.${link} saying why`);
            if (present && c.gap[link]) at(`gap.${link} is stale: the entry has ${link}`);
        }
        for (const ref of c.components) {
            const text = reality.read(ref.path);
            if (text === undefined) at(`component file ${ref.path} does not exist`);
            else if (!text.includes(`super("${ref.type}"`)) at(`${ref.path} defines no ComponentResource ${ref.type}`);
            const source = ref.source ?? ref.path;
            const sourceText = reality.read(source);
            if (sourceText === undefined) at(`source file ${source} does not exist`);
            else if (ref.anchor !== undefined && !sourceText.includes(ref.anchor)) at(`${source} no longer contains "${ref.anchor}"`);
        }
        for (const name of c.policies) if (!policyNames.has(name)) at(`policy ${name} is not in the pack`);
        for (const ref of c.tests) if (!resolveTest(ref, reality)) at(`test "${ref.title}" is in neither ${ref.file} nor exactly one other file of the test tree`);
    }
    // The pack's metadata and the catalog say the same: a policy's controls are the benchmarks of the entries naming it.
    for (const p of reality.policies) {
        const entries = catalog.filter((c) => c.policies.includes(p.name));
        if (entries.length === 0) problems.push(`policy ${p.name}: no catalog entry names it`);
        const fromCatalog = new Set(entries.flatMap((c) => c.benchmarks));
        const missing = p.controls.filter((x) => !fromCatalog.has(x));
        const extra = [...fromCatalog].filter((x) => !p.controls.includes(x));
        if (missing.length) problems.push(`policy ${p.name}: the pack maps ${missing.join(", ")}, which no catalog entry naming it lists`);
        if (extra.length) problems.push(`policy ${p.name}: catalog entries naming it list ${extra.join(", ")}, which the pack's controls do not`);
    }
    return problems;
}
