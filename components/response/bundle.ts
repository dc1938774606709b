import { buildSync } from "esbuild";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { COMPLIANCE_PUBLISHER_HANDLER } from "../operations/compliance-metrics";
import { REMEDIATIONS } from "./patterns";

/**
 * Lambda code of the landing zone's functions (the remediations and the compliance publisher), bundled
 * from their TypeScript handlers in handlers/ with esbuild when the program
 * runs. The AWS SDK v3 is left to the Lambda Node.js runtime, which ships it, so bundles stay small
 * and building stays fast; everything else (zod, shared modules) is inlined. Output depends only on
 * the sources (no absolute paths, no timestamps), so an unchanged handler never shows a diff.
 */

/** Node.js runtime the bundles target and the functions run on. */
export const LAMBDA_RUNTIME = "nodejs22.x";

/** Every function's handler module in handlers/; each is one function's entry point. */
export const HANDLERS = [...REMEDIATIONS, COMPLIANCE_PUBLISHER_HANDLER] as const;
export type HandlerName = (typeof HANDLERS)[number];

let bundles: ReadonlyMap<HandlerName, string> | undefined;

/** The repository root, found upward from this file so it works from sources and from compiled output (dist/). */
function projectRoot(): string {
    let dir = __dirname;
    while (!fs.existsSync(path.join(dir, "components", "response", "handlers", "runtime.ts"))) {
        const parent = path.dirname(dir);
        if (parent === dir) throw new Error(`bundleHandler: no components/response/handlers/*.ts above ${__dirname}`);
        dir = parent;
    }
    return dir;
}

/** The bundled JavaScript of a handler; all handlers are bundled once per program run. */
export function bundleHandler(handler: HandlerName): string {
    bundles ??= buildHandlers();
    const code = bundles.get(handler);
    if (code === undefined) throw new Error(`bundleHandler: no handler bundle for ${handler} (expected one of ${HANDLERS.join(", ")})`);
    return code;
}

/** Runs esbuild once for every handler (uncached): one run bundles them in parallel, one per run costs a round trip each. */
export function buildHandlers(): ReadonlyMap<HandlerName, string> {
    const result = buildSync({
        entryPoints: Object.fromEntries(HANDLERS.map((h) => [h, `./components/response/handlers/${h}.ts`])),
        absWorkingDir: projectRoot(),
        outdir: "handler-bundles",
        bundle: true,
        platform: "node",
        target: "node22",
        format: "cjs",
        minify: true,
        legalComments: "none",
        external: ["@aws-sdk/*"],
        write: false,
        logLevel: "silent",
    });
    if (result.errors.length > 0) throw new Error(`bundleHandler: ${result.errors.map((e) => e.text).join("; ")}`);
    return new Map(result.outputFiles.map((file) => [path.basename(file.path, ".js") as HandlerName, file.text]));
}

/** The deployment package: one index.js exporting `handler`. */
export function handlerArchive(handler: HandlerName): pulumi.asset.AssetArchive {
    return new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset(bundleHandler(handler)) });
}
