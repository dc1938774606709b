import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/**
 * The policy pack on a corpus of small workload programs (test/corpus/programs), each run through
 * `npm run analyze` with the workload teams' policy config, scored against the findings a reviewer
 * expects of it (test/corpus/programs/<name>/expected.json). Expected findings name a resource and a
 * problem from test/corpus/problems.json, never a policy, so renaming or splitting a policy does not
 * change what the corpus asks for.
 * Usage: npm run bench:corpus [-- <program> ...]
 */

/** The repository root, from test sources (ts-node) and from dist/bench alike. */
const REPO = [path.resolve(__dirname, ".."), path.resolve(__dirname, "..", "..")].find((d) => fs.existsSync(path.join(d, "test", "corpus")))!;
export const CORPUS_DIR = path.join(REPO, "test", "corpus");
const PROGRAMS_DIR = path.join(CORPUS_DIR, "programs");
const WORKLOADS_CONFIG = path.join(REPO, "policypack", "config", "workloads.json");

/** A problem a reviewer names, and the policies whose findings count as naming it. */
export interface Problem {
    readonly description: string;
    readonly policies: readonly string[];
}

export interface ExpectedFinding {
    /** Pulumi type token of the resource, e.g. aws:ec2/securityGroup:SecurityGroup. */
    readonly type: string;
    /** The resource's logical name in the program. */
    readonly name: string;
    /** Key of test/corpus/problems.json. */
    readonly problem: string;
}

export interface CorpusProgram {
    readonly name: string;
    readonly dir: string;
    readonly description: string;
    /** Why the program looks risky but is not; set on near-misses, which expect no finding at all. */
    readonly nearMiss?: string;
    readonly findings: readonly ExpectedFinding[];
}

interface ReportViolation {
    readonly policy: string;
    readonly enforcementLevel: string;
    readonly urn: string;
    readonly message: string;
}

export interface ProgramResult {
    readonly program: CorpusProgram;
    readonly code: number;
    readonly stderr: string;
    readonly resources: readonly { urn: string; type: string; name: string }[];
    readonly violations: readonly ReportViolation[];
}

export function loadProblems(): Record<string, Problem> {
    return JSON.parse(fs.readFileSync(path.join(CORPUS_DIR, "problems.json"), "utf8")) as Record<string, Problem>;
}

export function loadCorpus(only: readonly string[] = []): CorpusProgram[] {
    return fs
        .readdirSync(PROGRAMS_DIR)
        .filter((name) => only.length === 0 || only.includes(name))
        .sort()
        .map((name) => {
            const dir = path.join(PROGRAMS_DIR, name);
            const expected = JSON.parse(fs.readFileSync(path.join(dir, "expected.json"), "utf8")) as Omit<CorpusProgram, "name" | "dir">;
            return { name, dir, ...expected, findings: expected.findings ?? [] };
        });
}

/** Runs one program through the compiled analyzer (`npm run analyze` after `npm run build`), in its own process. */
export function analyzeProgram(program: CorpusProgram): Promise<ProgramResult> {
    const json = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "corpus-")), "report.json");
    const args = [path.join(REPO, "dist", "tools", "analyze.js"), "--program", program.dir, "--policy-config", WORKLOADS_CONFIG, "--json", json];
    return new Promise((resolve) => {
        const child = spawn(process.execPath, args, { cwd: REPO, stdio: ["ignore", "ignore", "pipe"] });
        let stderr = "";
        child.stderr.on("data", (d) => (stderr += String(d)));
        child.on("close", (code) => {
            const report = fs.existsSync(json) ? JSON.parse(fs.readFileSync(json, "utf8")) : undefined;
            fs.rmSync(path.dirname(json), { recursive: true, force: true });
            resolve({ program, code: code ?? -1, stderr, resources: report?.resources ?? [], violations: report?.violations ?? [] });
        });
    });
}

/** Runs every program, `parallel` at a time (the machine is shared). */
export async function analyzeCorpus(programs: readonly CorpusProgram[], parallel = 2): Promise<ProgramResult[]> {
    const results: ProgramResult[] = new Array(programs.length);
    let next = 0;
    const worker = async () => {
        while (next < programs.length) {
            const i = next++;
            results[i] = await analyzeProgram(programs[i]);
        }
    };
    await Promise.all(Array.from({ length: Math.min(parallel, programs.length) }, worker));
    return results;
}

const nameOf = (urn: string) => urn.split("::").pop() ?? urn;
const typeOf = (urn: string) => urn.split("::").slice(-2, -1)[0]?.split("$").pop() ?? "";

/** Whether a violation names the expected finding: on that resource, by a policy that reports that problem. */
function matches(v: ReportViolation, f: ExpectedFinding, problems: Record<string, Problem>): boolean {
    return typeOf(v.urn) === f.type && nameOf(v.urn) === f.name && (problems[f.problem]?.policies ?? []).includes(v.policy);
}

export interface Score {
    readonly programs: number;
    readonly nearMisses: number;
    /** Programs whose analysis ended in a verdict (exit 0 or 1). */
    readonly verdicts: number;
    readonly expected: number;
    /** Expected findings reported by a mandatory violation. */
    readonly foundMandatory: number;
    /** Expected findings reported at any enforcement level. */
    readonly foundAny: number;
    readonly missed: readonly { program: string; finding: ExpectedFinding; level?: string }[];
    /** Mandatory violations on near-misses. */
    readonly falsePositives: readonly { program: string; violation: ReportViolation }[];
    /** Expected findings whose resource the program never registered (a mistake in expected.json). */
    readonly unknownResources: readonly { program: string; finding: ExpectedFinding }[];
    readonly crashes: readonly { program: string; code: number; stderr: string }[];
}

export function score(results: readonly ProgramResult[], problems: Record<string, Problem>): Score {
    const missed: Score["missed"][number][] = [];
    const falsePositives: Score["falsePositives"][number][] = [];
    const unknownResources: Score["unknownResources"][number][] = [];
    const crashes: Score["crashes"][number][] = [];
    let expected = 0;
    let foundMandatory = 0;
    let foundAny = 0;
    for (const r of results) {
        const program = r.program.name;
        if (r.code !== 0 && r.code !== 1) crashes.push({ program, code: r.code, stderr: r.stderr.trim().split("\n").slice(-3).join("\n") });
        for (const f of r.program.findings) {
            expected++;
            if (!r.resources.some((x) => x.type === f.type && x.name === f.name)) unknownResources.push({ program, finding: f });
            const hits = r.violations.filter((v) => matches(v, f, problems));
            if (hits.some((v) => v.enforcementLevel === "mandatory")) foundMandatory++;
            else missed.push({ program, finding: f, level: hits[0]?.enforcementLevel });
            if (hits.length > 0) foundAny++;
        }
        if (r.program.nearMiss !== undefined)
            for (const v of r.violations) if (v.enforcementLevel === "mandatory") falsePositives.push({ program, violation: v });
    }
    return {
        programs: results.length,
        nearMisses: results.filter((r) => r.program.nearMiss !== undefined).length,
        verdicts: results.length - crashes.length,
        expected,
        foundMandatory,
        foundAny,
        missed,
        falsePositives,
        unknownResources,
        crashes,
    };
}

const pct = (n: number, d: number) => (d === 0 ? "n/a" : `${((100 * n) / d).toFixed(1)}%`);

export function renderScore(s: Score): string {
    const out = [
        `Corpus: ${s.programs} programs (${s.programs - s.nearMisses} with findings, ${s.nearMisses} near-misses), ${s.verdicts} with a verdict`,
        `Recall at mandatory: ${s.foundMandatory}/${s.expected} = ${pct(s.foundMandatory, s.expected)} (any level: ${pct(s.foundAny, s.expected)})`,
        `False positives on near-misses (mandatory): ${s.falsePositives.length}`,
    ];
    for (const m of s.missed)
        out.push(`  missed ${m.program}: ${m.finding.type} "${m.finding.name}" ${m.finding.problem}${m.level ? ` (only ${m.level})` : ""}`);
    for (const f of s.falsePositives)
        out.push(`  false positive ${f.program}: [${f.violation.policy}] ${nameOf(f.violation.urn)}: ${f.violation.message.split("\n").pop()}`);
    for (const u of s.unknownResources)
        out.push(`  expected.json of ${u.program} names ${u.finding.type} "${u.finding.name}", which the program does not register`);
    for (const c of s.crashes) out.push(`  no verdict for ${c.program} (exit ${c.code}): ${c.stderr}`);
    return out.join("\n");
}

async function main() {
    const programs = loadCorpus(process.argv.slice(2));
    const started = Date.now();
    const results = await analyzeCorpus(programs);
    const s = score(results, loadProblems());
    process.stdout.write(`${renderScore(s)}\n(${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
}

if (require.main === module)
    main().catch((err) => {
        process.stderr.write(`${(err as Error).stack ?? err}\n`);
        process.exit(1);
    });
