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

/**
 * `aws:sqs/queue:Queue` -> <@pulumi/aws>/sqs/queue.js (`index` resources live at the package root);
 * a component package's `awsx:ec2:Vpc` -> <@pulumi/awsx>/ec2/vpc.js, when that package is installed.
 */
function moduleFile(type: string): string | undefined {
    const aws = /^aws:([^/]+)\/([^:]+):/.exec(type);
    const other = /^(\w+):(\w+):(\w+)$/.exec(type);
    const [pkg, mod, file] = aws ? ["aws", aws[1], aws[2]] : other ? [other[1], other[2], other[3].charAt(0).toLowerCase() + other[3].slice(1)] : [];
    if (!pkg || pkg === "pulumi") return undefined;
    let root: string;
    try {
        root =
            pkg === "aws"
                ? (sdkRoot ??= path.dirname(require.resolve("@pulumi/aws/package.json")))
                : path.dirname(require.resolve(`@pulumi/${pkg}/package.json`));
    } catch {
        return undefined;
    }
    return mod === "index" ? path.join(root, `${file}.js`) : path.join(root, mod!, `${file}.js`);
}

export function typeProperties(type: string): TypeProperties {
    const known = cache.get(type);
    if (known) return known;
    const file = moduleFile(type);
    let props = NONE;
    if (file && fs.existsSync(file)) {
        const text = fs.readFileSync(file, "utf8");
        const inputs = new Set([...text.matchAll(/resourceInputs\["(\w+)"\] = args\?\.\w+/g)].map((m) => m[1]));
        const outputOnly = [...new Set([...text.matchAll(/resourceInputs\["(\w+)"\] = undefined \/\*out\*\//g)].map((m) => m[1]))];
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

/** A data source's result property: its name and TypeScript type as @pulumi/aws declares it. */
export interface ResultProperty {
    readonly name: string;
    readonly type: string;
}

const resultCache = new Map<string, readonly ResultProperty[] | undefined>();

/**
 * A data source's result properties, from the `Get...Result` interface in @pulumi/aws's generated
 * typings for the function (`aws:ec2/getAmi:getAmi` -> ec2/getAmi.d.ts); undefined when the token
 * is not one of @pulumi/aws's functions.
 */
export function resultProperties(token: string): readonly ResultProperty[] | undefined {
    if (resultCache.has(token)) return resultCache.get(token);
    const match = /^aws:([^/]+)\/([^:]+):(\w+)$/.exec(token);
    let props: ResultProperty[] | undefined;
    if (match) {
        sdkRoot ??= path.dirname(require.resolve("@pulumi/aws/package.json"));
        const file = match[1] === "index" ? path.join(sdkRoot, `${match[2]}.d.ts`) : path.join(sdkRoot, match[1], `${match[2]}.d.ts`);
        const iface = match[3].charAt(0).toUpperCase() + match[3].slice(1) + "Result";
        const text = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
        const body = new RegExp(`export interface ${iface} \\{([\\s\\S]*?)\\n\\}`).exec(text)?.[1];
        if (body !== undefined) props = [...body.matchAll(/^ {4}readonly (\w+)\??: ([^;]+?);?$/gm)].map((m) => ({ name: m[1], type: m[2].trim() }));
    }
    resultCache.set(token, props);
    return props;
}
