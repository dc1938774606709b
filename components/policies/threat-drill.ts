import type { Statement } from "./document";

/**
 * What the live threat drill (`npm run drill -- --live`) needs beyond the security auditor's reads
 * (GuardDuty findings and detectors, function logs): sample findings in the account's own detector,
 * which add only findings marked [SAMPLE] on placeholder resources, and the metric counts of the
 * rules, topics and functions the findings pass. Neither action has resource-level permissions.
 */
export function threatDrillStatements(): Statement[] {
    return [{ Sid: "AllowThreatDrill", Effect: "Allow", Action: ["guardduty:CreateSampleFindings", "cloudwatch:GetMetricData"], Resource: "*" }];
}
