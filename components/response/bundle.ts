import { buildSync } from "esbuild";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import type { Remediation } from "./patterns";

/**
 * Lambda code for a remediation, bundled from its TypeScript handler with esbuild when the program
 * runs. The AWS SDK v3 is left to the Lambda Node.js runtime, which ships it, so bundles stay small
 * and building stays fast; everything else (zod, shared modules) is inlined. Output depends only on
 * the sources (no absolute paths, no timestamps), so an unchanged handler never shows a diff.
 */

/** Node.js runtime the bundles target and the functions run on. */
export const LAMBDA_RUNTIME = "nodejs22.x";

const cache = new Map<string, string>();

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

/** The bundled JavaScript of a remediation handler; bundled once per program run. */
export function bundleHandler(remediation: Remediation): string {
    const cached = cache.get(remediation);
    if (cached !== undefined) return cached;
    const code = buildHandler(remediation);
    cache.set(remediation, code);
    return code;
}

/** Runs esbuild for one handler (uncached). */
export function buildHandler(remediation: Remediation): string {
    const root = projectRoot();
    const result = buildSync({
        entryPoints: [`./components/response/handlers/${remediation}.ts`],
        absWorkingDir: root,
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
    if (result.errors.length > 0) throw new Error(`bundleHandler ${remediation}: ${result.errors.map((e) => e.text).join("; ")}`);
    return result.outputFiles[0].text;
}

/** The deployment package: one index.js exporting `handler`. */
export function handlerArchive(remediation: Remediation): pulumi.asset.AssetArchive {
    return new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset(bundleHandler(remediation)) });
}
