import { strict as assert } from "assert";
import { InputError, parseCommandLine } from "../../tools/cli-args";

const USAGE = "usage: tool --stack <name> --events <file> [--json <file>]";
const OPTIONS = { stack: { type: "string" }, events: { type: "string" }, json: { type: "string" } } as const;

/** The message an InputError carries, failing when something else (or nothing) is thrown. */
function inputError(run: () => unknown): string {
    try {
        run();
    } catch (err) {
        assert.ok(err instanceof InputError, `expected an InputError, got ${String(err)}`);
        return err.message;
    }
    assert.fail("expected an InputError");
}

describe("the tools' command-line parsing", () => {
    it("returns the values, the required options set", () => {
        const values = parseCommandLine(["--stack", "dev", "--events", "e.json"], USAGE, OPTIONS, ["stack", "events"]);
        assert.deepEqual({ ...values }, { stack: "dev", events: "e.json" });
    });

    it("names every required option, whichever is missing, and ends with the usage", () => {
        assert.equal(inputError(() => parseCommandLine(["--stack", "dev"], USAGE, OPTIONS, ["stack", "events"])), `--stack and --events are required\n${USAGE}`);
        assert.equal(inputError(() => parseCommandLine(["--stack", ""], USAGE, OPTIONS, ["stack"])), `--stack is required\n${USAGE}`);
    });

    it("refuses an unknown flag or a flag without its value, with the usage", () => {
        assert.match(inputError(() => parseCommandLine(["--stack", "dev", "--bogus"], USAGE, OPTIONS)), /Unknown option '--bogus'[^]*\nusage: tool /);
        assert.match(inputError(() => parseCommandLine(["--stack"], USAGE, OPTIONS)), /--stack[^]*argument missing[^]*\nusage: tool /);
    });

    it("prints the usage on --help and returns nothing, required options or not", () => {
        const write = process.stdout.write;
        let printed = "";
        process.stdout.write = ((text: string) => ((printed += text), true)) as typeof process.stdout.write;
        try {
            assert.equal(parseCommandLine(["--help"], USAGE, OPTIONS, ["stack"]), undefined);
        } finally {
            process.stdout.write = write;
        }
        assert.equal(printed, `${USAGE}\n`);
    });
});
