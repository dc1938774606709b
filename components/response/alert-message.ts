import { RUNBOOK_SPECS } from "../operations/runbook-documents";
import { RunbookClass, runbookName } from "../shared/names";
import type { AlertMessageFields, AlertRule } from "./alert-rules";

/**
 * The text a human reads when an alert rule publishes to its topic: an EventBridge input transformer
 * over the matched event (what happened, where, on what) followed by the runbooks of the rule's alert
 * class (alert-rules.ts `runbooks`), each with a console link that opens its Execute page and the Security
 * Hub custom action that starts it for a finding.
 *
 * EventBridge's rules for a string (non-JSON) template: each line is a quoted string; a placeholder is
 * replaced by the value at its path (a string as is); at most 100 paths, dot notation with array
 * indices, keys of [A-Za-z0-9_-] not starting with "AWS."; the template at most 8,192 characters. SNS
 * delivers the result unchanged (an email shows the quoted lines).
 */

/** EventBridge's limits on an input transformer. */
export const INPUT_TRANSFORMER_LIMITS = { maxPaths: 100, maxTemplateLength: 8192, key: /^(?!AWS\.)[A-Za-z0-9_-]{1,256}$/ } as const;
/** The JSON paths EventBridge evaluates: dot notation, dashes, underscores, alphanumerics, array indices. */
export const INPUT_PATH = /^\$(\.[A-Za-z0-9_-]+(\[\d+\])?)+$/;

export interface AlertInputTransformer {
    readonly inputPaths: Readonly<Record<string, string>>;
    readonly inputTemplate: string;
}

export interface AlertMessageArgs {
    readonly partition: string;
    /** The security-tooling account's home region: where the runbooks and Security Hub's aggregation are. */
    readonly runbookRegion: string;
    /** Whether Security Hub (and so the runbooks' custom actions) is on. */
    readonly customActions: boolean;
}

/** The AWS console's host for a partition. */
export function consoleHost(partition: string, region: string): string {
    if (partition === "aws-us-gov") return `console.amazonaws-us-gov.com`;
    if (partition === "aws-cn") return `console.amazonaws.cn`;
    return `${region}.console.aws.amazon.com`;
}

/** The Systems Manager console's Execute automation page for a runbook. */
export function runbookExecuteUrl(partition: string, region: string, runbook: RunbookClass): string {
    return `https://${consoleHost(partition, region)}/systems-manager/automation/execute/${runbookName(runbook)}?region=${region}`;
}

/** Lines of the "what happened" part, by placeholder: the label a human reads. */
const FIELD_LABELS: Readonly<Record<keyof AlertMessageFields, string>> = {
    finding: "What",
    title: "Detail",
    account: "Account",
    region: "Region",
    resource: "Resource",
};

/** One line of a string template; the lines hold no quote or backslash, so none needs escaping. */
const quoted = (line: string) => `"${line}"`;

/** The input transformer of an alert rule's topic target. */
export function alertInputTransformer(rule: AlertRule, a: AlertMessageArgs): AlertInputTransformer {
    const inputPaths: Record<string, string> = {};
    const lines = [`${rule.severity.toUpperCase()} security alert: ${rule.description}`];
    for (const [field, label] of Object.entries(FIELD_LABELS) as [keyof AlertMessageFields, string][]) {
        const path = rule.message[field];
        if (path === undefined) continue;
        inputPaths[field] = path;
        lines.push(`${label}: <${field}>`);
    }
    if (rule.runbooks.length === 0) {
        lines.push("Runbook: none for this alert class; follow the README's Incident response section.");
    } else {
        for (const runbook of rule.runbooks) {
            const action = a.customActions ? `; for a Security Hub finding: Actions, ${RUNBOOK_SPECS[runbook].actionName}` : "";
            lines.push(`Runbook ${runbookName(runbook)}: ${runbookExecuteUrl(a.partition, a.runbookRegion, runbook)}${action}`);
        }
    }
    const inputTemplate = lines.map(quoted).join("\n");
    const problems = [
        ...Object.entries(inputPaths).flatMap(([k, p]) => [
            ...(INPUT_TRANSFORMER_LIMITS.key.test(k) ? [] : [`key ${k} is not a valid input path name`]),
            ...(INPUT_PATH.test(p) ? [] : [`path ${p} is not a JSON path EventBridge evaluates`]),
        ]),
        ...lines.filter((l) => /["\\]/.test(l)).map((l) => `line ${l} holds a quote or backslash`),
        ...(Object.keys(inputPaths).length > INPUT_TRANSFORMER_LIMITS.maxPaths ? [`${Object.keys(inputPaths).length} paths (at most 100)`] : []),
        ...(inputTemplate.length > INPUT_TRANSFORMER_LIMITS.maxTemplateLength ? [`template of ${inputTemplate.length} characters (at most 8192)`] : []),
    ];
    if (problems.length > 0) throw new Error(`alert message for "${rule.description}": ${problems.join("; ")}`);
    return { inputPaths, inputTemplate };
}
