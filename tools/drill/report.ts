/**
 * What a threat drill reports, offline or live: each finding's hops with their verdict and time, and
 * the printer both modes share.
 */
import type { Expectation } from "./findings";

export type HopName = "lands" | "forwarded" | "alert" | "remediation" | "handler";

export interface Hop {
    readonly hop: HopName;
    readonly pass: boolean;
    readonly ms: number;
    readonly detail: string;
}

export interface FindingRun {
    readonly key: string;
    readonly title: string;
    readonly expected: Expectation;
    readonly hops: readonly Hop[];
    readonly pass: boolean;
}

export interface DrillReport {
    readonly stack: string;
    readonly account: string;
    readonly accountId: string;
    readonly region: string;
    readonly mode: "offline" | "live";
    readonly findings: readonly FindingRun[];
    readonly pass: boolean;
}

/** The report as text; `how` says what the hops were checked against (after the mode). */
export function renderDrill(report: DrillReport, how: string): string {
    const lines = [`Threat drill: stack ${report.stack}, account ${report.account} (${report.accountId}), ${report.region}, ${report.mode}: ${how}`];
    for (const f of report.findings) {
        lines.push("", `${f.pass ? "PASS" : "FAIL"}  ${f.key}: ${f.title}`);
        for (const h of f.hops) lines.push(`  ${h.pass ? "pass" : "FAIL"}  ${h.hop.padEnd(11)} ${h.ms.toFixed(1).padStart(8)} ms  ${h.detail}`);
    }
    const failed = report.findings.filter((f) => !f.pass).map((f) => f.key);
    lines.push("", failed.length === 0 ? `All ${report.findings.length} findings passed every hop.` : `FAILED: ${failed.join(", ")}`);
    return lines.join("\n");
}
