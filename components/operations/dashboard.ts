/**
 * The pieces every landing-zone dashboard is built from: widgets as data, placed on CloudWatch's grid,
 * so a dashboard body is a pure function of what the program creates and can be checked against it.
 */

/** CloudWatch dashboards lay widgets on a grid 24 units wide. */
export const GRID_WIDTH = 24;
/** Five minutes: the period of AWS service metrics on the dashboards unless a widget says otherwise. */
export const PERIOD_SECONDS = 300;

/** One line of a metric widget: namespace, metric, dimension name/value pairs, then rendering options. */
export type MetricLine = readonly (string | Readonly<Record<string, unknown>>)[];

export interface Widget {
    readonly type: "metric" | "alarm" | "text" | "log";
    readonly x: number;
    readonly y: number;
    readonly width: number;
    readonly height: number;
    readonly properties: Readonly<Record<string, unknown>>;
}

/** Places widgets left to right, wrapping at the grid's width. */
export function layout(widgets: readonly Omit<Widget, "x" | "y">[]): Widget[] {
    let x = 0;
    let y = 0;
    let rowHeight = 0;
    return widgets.map((w) => {
        if (x + w.width > GRID_WIDTH) {
            x = 0;
            y += rowHeight;
            rowHeight = 0;
        }
        const placed = { ...w, x, y };
        x += w.width;
        rowHeight = Math.max(rowHeight, w.height);
        return placed;
    });
}

/** How a widget or search aggregates datapoints. */
export interface Aggregation {
    readonly stat: "Sum" | "Average" | "Minimum" | "Maximum";
    readonly period: number;
}

/** Counts of events (API calls, matches, invocations) per five minutes. */
export const EVENT_COUNTS: Aggregation = { stat: "Sum", period: PERIOD_SECONDS };

export function metricWidget(
    title: string,
    region: string,
    metrics: readonly MetricLine[],
    width = 12,
    aggregation: Aggregation = EVENT_COUNTS,
): Omit<Widget, "x" | "y"> {
    return {
        type: "metric",
        width,
        height: 6,
        properties: { title, region, metrics, stat: aggregation.stat, period: aggregation.period, view: "timeSeries", stacked: false },
    };
}

/** A CloudWatch Logs Insights table over log groups of the dashboard's account and region. */
export function logWidget(title: string, region: string, logGroups: readonly string[], query: string, width = 12): Omit<Widget, "x" | "y"> {
    const sources = logGroups.map((g) => `SOURCE '${g}'`).join(" | ");
    return { type: "log", width, height: 6, properties: { title, region, query: `${sources} | ${query}`, view: "table" } };
}

/**
 * A SEARCH over every metric of one namespace and dimension set in one region (the linked accounts'
 * too): firewalls, accounts and rules appear without a change to the dashboard. `filter` narrows it
 * to dimension values.
 */
export function searchLine(
    namespaceAndDimensions: string,
    metricName: string,
    id: string,
    aggregation: Aggregation = EVENT_COUNTS,
    filter: Readonly<Record<string, string>> = {},
): MetricLine {
    const terms = [`MetricName="${metricName}"`, ...Object.entries(filter).map(([k, v]) => `${k}="${v}"`)].join(" ");
    return [{ expression: `SEARCH('{${namespaceAndDimensions}} ${terms}', '${aggregation.stat}', ${aggregation.period})`, id, label: "" }];
}
