import { parseArgs, type ParseArgsConfig } from "util";

/** Raised for anything the user must fix before a command can run (usage, config, program load): exit 2 with its message alone. */
export class InputError extends Error {}

export function errorText(err: unknown): string {
    if (err instanceof Error) return err.message.replace(/^Error: /, "");
    return String(err);
}

type Options = NonNullable<ParseArgsConfig["options"]>;
type Values<O extends Options> = ReturnType<typeof parseArgs<{ options: O; strict: true }>>["values"];
/** The parsed values, the required options known to be set. */
type Parsed<O extends Options, R extends string> = Values<O> & { readonly [K in R]-?: K extends keyof Values<O> ? NonNullable<Values<O>[K]> : never };

/**
 * The command line of one of the tools' commands, parsed strictly against its options (every command
 * takes --help too). Returns undefined when --help printed the usage (the command exits 0); an unknown
 * flag, a missing value or a missing required option throws an InputError that ends with the usage.
 */
export function parseCommandLine<const O extends Options, const R extends keyof O & string = never>(
    argv: readonly string[],
    usage: string,
    options: O,
    required: readonly R[] = [],
): Parsed<O, R> | undefined {
    let values: Record<string, unknown>;
    try {
        values = parseArgs({ args: [...argv], options: { ...options, help: { type: "boolean" } }, strict: true }).values;
    } catch (err) {
        throw new InputError(`${errorText(err)}\n${usage}`);
    }
    if (values.help) {
        process.stdout.write(`${usage}\n`);
        return undefined;
    }
    if (required.some((name) => !values[name]))
        throw new InputError(`${required.map((name) => `--${name}`).join(" and ")} ${required.length > 1 ? "are" : "is"} required\n${usage}`);
    return values as Parsed<O, R>;
}
