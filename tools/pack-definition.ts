import * as fs from "fs";
import * as path from "path";
import type { Policy, PolicyPackArgs } from "@pulumi/policy";
import type { EnforcementLevel, PolicyInfo } from "./policy-engine";
import { policyInternal } from "./sdk-internals";

/** A policy pack as its module defines it: the name it is published under, its package version, its arguments. */
export interface PolicyPackDefinition {
    readonly name: string;
    readonly version: string;
    /** The pack's default enforcement level (@pulumi/policy's default when the pack sets none). */
    readonly enforcementLevel: EnforcementLevel;
    readonly policies: readonly Policy[];
}

/**
 * Reads the pack the way `new PolicyPack(PACK_NAME, packArgs)` does: name and arguments from the
 * pack's module (policypack/pack.ts), version from the pack directory's package.json.
 */
export function loadPackDefinition(packDir: string, packModule: string): PolicyPackDefinition {
    const { PACK_NAME, packArgs } = require(packModule) as { PACK_NAME: string; packArgs: PolicyPackArgs };
    const version = (JSON.parse(fs.readFileSync(path.join(packDir, "package.json"), "utf8")) as { version?: string }).version;
    if (!version) throw new Error(`${path.join(packDir, "package.json")}: no version (a policy pack's version comes from its package.json)`);
    return { name: PACK_NAME, version, enforcementLevel: packArgs.enforcementLevel || "advisory", policies: packArgs.policies ?? [] };
}

/** The analyzer protocol's PolicySeverity values, in order (0 is unspecified). */
const SEVERITY_NAMES = [undefined, "low", "medium", "high", "critical"] as const;

/** Reads back a severity as the engine receives it; unknown severities arrive unspecified. */
export function severityName(code: number): string | undefined {
    return SEVERITY_NAMES[code];
}

/** Pack name, version and policies with their default enforcement: @pulumi/policy's own GetAnalyzerInfo answer, read back. */
export function packInfo(pack: PolicyPackDefinition): { name: string; version: string; policies: PolicyInfo[] } {
    const protoutil = policyInternal("protoutil");
    const info = protoutil.makeAnalyzerInfo(pack.name, pack.version, pack.enforcementLevel, { policies: pack.policies });
    return {
        name: info.getName(),
        version: info.getVersion(),
        policies: info.getPoliciesList().map((p: any) => ({
            name: p.getName(),
            description: p.getDescription(),
            enforcementLevel: protoutil.convertEnforcementLevel(p.getEnforcementlevel()),
            severity: severityName(p.getSeverity()),
        })),
    };
}
