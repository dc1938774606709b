import * as path from "path";
import { namespacedConfig } from "../stacks/config";
import { exampleValues } from "../stacks/example-values";
import { readStackFiles, StackFileError } from "./stack-files";

/**
 * `npm run -s check:examples -- --stack <stack>`: lists the stack file's values that are still
 * documentation examples (account ids, .example mailboxes and endpoints, RFC 5737 ranges) and exits 1
 * while any is left; run it before the first `pulumi up` (README "Before the first pulumi up").
 */
function main(argv: readonly string[]): number {
    const at = argv.indexOf("--stack");
    const stack = at >= 0 ? argv[at + 1] : undefined;
    if (!stack) {
        console.error("usage: npm run -s check:examples -- --stack <stack>");
        return 2;
    }
    const programDir = path.resolve(__dirname, "..", "..");
    let values: Readonly<Record<string, unknown>>;
    try {
        values = readStackFiles(programDir, stack).values;
    } catch (err) {
        if (!(err instanceof StackFileError)) throw err;
        console.error(err.message);
        return 2;
    }
    const found = exampleValues(namespacedConfig(values));
    if (found.length === 0) {
        console.log(`Pulumi.${stack}.yaml: no documentation examples left`);
        return 0;
    }
    console.log(`Pulumi.${stack}.yaml: ${found.length} value${found.length === 1 ? "" : "s"} still documentation examples; replace before the first pulumi up:`);
    for (const line of found) console.log(`  - ${line}`);
    return 1;
}

process.exitCode = main(process.argv.slice(2));
