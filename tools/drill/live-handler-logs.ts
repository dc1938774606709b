/**
 * What the live drill reads from a remediation function's log (FilterLogEvents) and how it judges
 * the delivery: the lines naming the finding, the delivery's result line, its outcome and dry-run mode.
 */
import { CloudWatchLogsClient, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import type { RemediationRoute } from "./graph";

/** GuardDuty's placeholder values in sample findings (user, key, principal ids). */
const SAMPLE_PLACEHOLDER = /^GeneratedFinding/;

/** A handler's structured log line (runtime.ts `log`), as Lambda's JSON log format stores it. */
export type LogLine = Record<string, unknown> & { readonly message?: string; readonly level?: string };

/** Lambda's JSON format wraps the handler's line: its own line is the `message` when that is JSON itself. */
export function handlerLine(raw: string): LogLine | undefined {
    try {
        const outer = JSON.parse(raw) as Record<string, unknown>;
        if (typeof outer.message === "string" && outer.message.startsWith("{")) {
            try {
                return JSON.parse(outer.message) as LogLine;
            } catch {
                return outer as LogLine;
            }
        }
        return outer as LogLine;
    } catch {
        return undefined;
    }
}

export async function logEntries(logs: CloudWatchLogsClient, functionName: string, filterPattern: string, since: number): Promise<LogLine[]> {
    const lines: LogLine[] = [];
    let nextToken: string | undefined;
    do {
        const out = await logs.send(
            new FilterLogEventsCommand({ logGroupName: `/aws/lambda/${functionName}`, filterPattern, startTime: since - 60_000, nextToken }),
        );
        for (const e of out.events ?? []) {
            const line = e.message ? handlerLine(e.message) : undefined;
            if (line) lines.push(line);
        }
        nextToken = out.nextToken;
    } while (nextToken);
    return lines;
}

export interface HandlerOutcome {
    /** Lines naming the finding (the handler's decisions). */
    readonly finding: readonly LogLine[];
    /** The delivery's `result: <outcome>` line. */
    readonly result: LogLine;
}

/** The function's log of this finding: the lines naming it, and the result line of the same delivery. */
export async function handlerOutcome(logs: CloudWatchLogsClient, trigger: RemediationRoute, findingId: string, since: number): Promise<HandlerOutcome | undefined> {
    const finding = await logEntries(logs, trigger.functionName, `"${findingId}"`, since);
    const eventId = finding.map((l) => l.eventId).find((id): id is string => typeof id === "string");
    if (!eventId) return undefined;
    const result = (await logEntries(logs, trigger.functionName, `"${eventId}"`, since)).find((l) => String(l.message ?? "").startsWith("result: "));
    return result ? { finding, result } : undefined;
}

/**
 * A delivery passes when the handler decided (any outcome but a rejection, or a rejection of the
 * sample's placeholder values), in the mode asked for, and the function reported no errors.
 */
export function judgeHandler(
    trigger: RemediationRoute,
    outcome: HandlerOutcome | undefined,
    errors: number,
    act: boolean,
    findingId: string,
): { pass: boolean; detail: string } {
    const name = trigger.remediation;
    const errorText = errors > 0 ? `the function reported ${errors} errors` : undefined;
    if (!outcome)
        return {
            pass: false,
            detail: `${name}: no result logged for ${findingId} in /aws/lambda/${trigger.functionName} before the deadline${errorText ? `; ${errorText}` : ""}`,
        };
    const result = outcome.result;
    const what = String(result.outcome ?? "unknown");
    const actions = Array.isArray(result.actions) ? (result.actions as string[]) : [];
    const reason = typeof result.reason === "string" ? result.reason : undefined;
    const placeholder = outcome.finding.flatMap((l) => Object.values(l)).find((v) => typeof v === "string" && SAMPLE_PLACEHOLDER.test(v));
    const problems = [
        ...(what === "rejected" && !placeholder ? ["a rejection of a sample finding must name one of its placeholder values"] : []),
        ...(result.dryRun === false && !act ? ["the deployed function acts (dryRun false) but the drill asked for dry-run"] : []),
        ...(errorText ? [errorText] : []),
    ];
    const text = `${name}: ${what}${actions.length > 0 ? `, ${result.dryRun === false ? "did" : "would"} ${actions.join("; ")}` : ""}${reason ? ` (${reason})` : ""}, dryRun ${String(result.dryRun)}`;
    return { pass: problems.length === 0, detail: problems.length === 0 ? text : `${text}; ${problems.join("; ")}` };
}
