import * as fs from "fs";
import * as path from "path";

/**
 * A resource type's properties as @pulumi/aws itself declares them: each generated resource class
 * lists its inputs (`resourceInputs["x"] = args?.x`) and its output-only properties
 * (`resourceInputs["x"] = undefined /*out*\/`). The real provider returns every property in its
 * outputs and autonames `name` (or `bucket`) when neither it nor its prefix is given; the offline
 * preview and the stand-in provider follow the same lists, so both see what the real one returns.
 */
export interface TypeProperties {
    readonly inputs: ReadonlySet<string>;
    readonly outputOnly: readonly string[];
}

const NONE: TypeProperties = { inputs: new Set(), outputOnly: [] };
const cache = new Map<string, TypeProperties>();
let sdkRoot: string | undefined;

/** `aws:sqs/queue:Queue` -> <@pulumi/aws>/sqs/queue.js (`index` resources live at the package root). */
function moduleFile(type: string): string | undefined {
    const match = /^aws:([^/]+)\/([^:]+):/.exec(type);
    if (!match) return undefined;
    sdkRoot ??= path.dirname(require.resolve("@pulumi/aws/package.json"));
    return match[1] === "index" ? path.join(sdkRoot, `${match[2]}.js`) : path.join(sdkRoot, match[1], `${match[2]}.js`);
}

export function typeProperties(type: string): TypeProperties {
    const known = cache.get(type);
    if (known) return known;
    const file = moduleFile(type);
    let props = NONE;
    if (file && fs.existsSync(file)) {
        const text = fs.readFileSync(file, "utf8");
        const inputs = new Set([...text.matchAll(/resourceInputs\["(\w+)"\] = args\?\.\w+/g)].map((m) => m[1]));
        const outputOnly = [...text.matchAll(/resourceInputs\["(\w+)"\] = undefined \/\*out\*\//g)].map((m) => m[1]);
        props = { inputs, outputOnly };
    }
    cache.set(type, props);
    return props;
}

/** The input the real provider fills with an autoname when it and its prefix are absent. */
export function autonamedInput(type: string): string | undefined {
    const { inputs } = typeProperties(type);
    if (inputs.has("bucket") && inputs.has("bucketPrefix")) return "bucket";
    if (inputs.has("name") && inputs.has("namePrefix")) return "name";
    return undefined;
}
