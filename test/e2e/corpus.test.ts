import * as assert from "assert";
import { analyzeCorpus, loadCorpus, loadProblems, renderScore, Score, score } from "../../bench/corpus";
import { ensureBuilt } from "../support/preview";

describe("the workload corpus through npm run analyze (test/corpus)", function () {
    // Each program is a fresh analyzer process: a few seconds each on a shared machine.
    this.timeout(15 * 60 * 1000);
    const programs = loadCorpus();
    const problems = loadProblems();
    let result: Score;

    before(async () => {
        ensureBuilt();
        result = score(await analyzeCorpus(programs), problems);
    });

    it("has at least 25 programs with findings and near-misses with none, each naming known problems", () => {
        assert.ok(programs.filter((p) => p.nearMiss === undefined).length >= 25);
        assert.ok(programs.filter((p) => p.nearMiss !== undefined).length >= 4);
        for (const p of programs) {
            assert.strictEqual(p.nearMiss !== undefined, p.findings.length === 0, `${p.name}: near-misses and only they expect no findings`);
            for (const f of p.findings) assert.ok(problems[f.problem], `${p.name}: unknown problem ${f.problem}`);
        }
    });

    it("gives every program a verdict (exit 0 or 1, never a crash) and every expected resource exists", () => {
        assert.deepStrictEqual(result.crashes, [], renderScore(result));
        assert.deepStrictEqual(result.unknownResources, [], renderScore(result));
    });

    it("finds at least 95% of the expected findings at mandatory", () => {
        assert.ok(result.foundMandatory / result.expected >= 0.95, renderScore(result));
    });

    it("reports nothing mandatory on the near-misses", () => {
        assert.deepStrictEqual(result.falsePositives, [], renderScore(result));
    });
});
