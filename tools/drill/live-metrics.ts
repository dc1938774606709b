/**
 * What the live drill reads from CloudWatch metrics: the Count sums of the rules (AWS/Events), the
 * alert topics (AWS/SNS) and the remediation functions (AWS/Lambda) over a time window. They count
 * every event a rule, topic or function saw in the window, not one finding's alone.
 */
import { CloudWatchClient, GetMetricDataCommand, type MetricDataQuery } from "@aws-sdk/client-cloudwatch";
import type { RegisteredRule, RemediationRoute } from "./graph";

export type Window = { readonly start: Date; readonly end: Date };

/** Sums of Count metrics over the window, by query id. */
async function metricSums(cw: CloudWatchClient, queries: readonly MetricDataQuery[], w: Window): Promise<Map<string, number>> {
    const sums = new Map<string, number>(queries.map((q) => [q.Id!, 0]));
    // GetMetricData takes at most 500 queries a call.
    for (let i = 0; i < queries.length; i += 500) {
        let NextToken: string | undefined;
        do {
            const out = await cw.send(
                new GetMetricDataCommand({ MetricDataQueries: queries.slice(i, i + 500), StartTime: w.start, EndTime: w.end, NextToken }),
            );
            for (const r of out.MetricDataResults ?? []) sums.set(r.Id!, (sums.get(r.Id!) ?? 0) + (r.Values ?? []).reduce((a, b) => a + b, 0));
            NextToken = out.NextToken;
        } while (NextToken);
    }
    return sums;
}

/** One Sum-per-minute query; an absent series is zero (EventBridge sends these metrics only when they are not). */
function sumQuery(id: string, namespace: string, metric: string, dimensions: Readonly<Record<string, string>>): MetricDataQuery {
    return {
        Id: id,
        MetricStat: {
            Metric: { Namespace: namespace, MetricName: metric, Dimensions: Object.entries(dimensions).map(([Name, Value]) => ({ Name, Value })) },
            Period: 60,
            Stat: "Sum",
        },
        ReturnData: true,
    };
}

/** A rule's metric dimensions: RuleName alone on the default bus, EventBusName and RuleName on a custom bus. */
export function ruleDimensions(r: Pick<RegisteredRule, "name">): Record<string, string> {
    const slash = r.name.indexOf("/");
    return slash < 0 ? { RuleName: r.name } : { EventBusName: r.name.slice(0, slash), RuleName: r.name.slice(slash + 1) };
}

export async function ruleMetrics(cw: CloudWatchClient, rules: readonly RegisteredRule[], w: Window) {
    const sums = await metricSums(
        cw,
        rules.flatMap((r, i) => [
            sumQuery(`invocations${i}`, "AWS/Events", "Invocations", ruleDimensions(r)),
            sumQuery(`failed${i}`, "AWS/Events", "FailedInvocations", ruleDimensions(r)),
        ]),
        w,
    );
    const at = (r: RegisteredRule, what: string) => sums.get(`${what}${rules.indexOf(r)}`) ?? 0;
    return {
        invoked: (r: RegisteredRule) => at(r, "invocations"),
        failed: (r: RegisteredRule) => at(r, "failed"),
        describe: (r: RegisteredRule) => `invoked ${at(r, "invocations")}x${at(r, "failed") > 0 ? `, ${at(r, "failed")} failed` : ""}`,
    };
}

export async function topicMetrics(cw: CloudWatchClient, rules: readonly RegisteredRule[], w: Window) {
    const sums = await metricSums(
        cw,
        rules.flatMap((r, i) => [
            sumQuery(`published${i}`, "AWS/SNS", "NumberOfMessagesPublished", { TopicName: topicOf(r) }),
            sumQuery(`undelivered${i}`, "AWS/SNS", "NumberOfNotificationsFailed", { TopicName: topicOf(r) }),
        ]),
        w,
    );
    const at = (r: RegisteredRule, what: string) => sums.get(`${what}${rules.indexOf(r)}`) ?? 0;
    return {
        published: (r: RegisteredRule) => at(r, "published"),
        failed: (r: RegisteredRule) => at(r, "undelivered"),
        describe: (r: RegisteredRule) => `published ${at(r, "published")}${at(r, "undelivered") > 0 ? `, ${at(r, "undelivered")} notifications failed` : ""}`,
    };
}

export async function functionMetrics(cw: CloudWatchClient, routes: readonly RemediationRoute[], w: Window) {
    const sums = await metricSums(
        cw,
        routes.flatMap((r, i) => [
            sumQuery(`calls${i}`, "AWS/Lambda", "Invocations", { FunctionName: r.functionName }),
            sumQuery(`errors${i}`, "AWS/Lambda", "Errors", { FunctionName: r.functionName }),
        ]),
        w,
    );
    const at = (r: RemediationRoute, what: string) => sums.get(`${what}${routes.indexOf(r)}`) ?? 0;
    return {
        invoked: (r: RemediationRoute) => at(r, "calls"),
        errors: (r: RemediationRoute) => at(r, "errors"),
        describe: (r: RemediationRoute) => `invoked ${at(r, "calls")}x${at(r, "errors") > 0 ? `, ${at(r, "errors")} errors` : ""}`,
    };
}

/** The alert rule's topic, by name (the SNS metrics' dimension). */
export const topicOf = (r: RegisteredRule) => r.targetArn.split(":").pop()!;
