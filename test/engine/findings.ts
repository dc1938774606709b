import type { EngineEvent } from "../../tools/engine-events";
import type { PreviewReport } from "../../tools/report-model";

/** A policy finding as both paths can name it: policy, level, resource. */
function finding(policy: string, level: string, urn: string | undefined): string {
    return `${policy} | ${level} | ${urn ?? ""}`;
}

/** The pack's findings in the engine's event stream, sorted. */
export function engineFindings(events: readonly EngineEvent[]): string[] {
    return events
        .filter((e) => e.policyEvent)
        .map((e) => finding(e.policyEvent!.policyName, e.policyEvent!.enforcementLevel, e.policyEvent!.resourceUrn || undefined))
        .sort();
}

/** The pack's findings in an offline report (preview or analyze), sorted. */
export function offlineFindings(report: PreviewReport): string[] {
    return report.violations.map((v) => finding(v.policy, v.enforcementLevel, v.urn)).sort();
}
