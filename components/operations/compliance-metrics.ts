/**
 * The compliance figures AWS publishes no metric for, as the compliance publisher writes them and the
 * compliance dashboard reads them. One list for both: the handler can only build a datum from it, and
 * the dashboard test fails on any metric or dimension the list lacks. Plain data: the handler bundle
 * inlines it.
 */

/** The publisher's namespace; its role may put metric data in no other. */
export const COMPLIANCE_NAMESPACE = "LandingZone/Compliance";

export interface ComplianceMetric {
    readonly unit: "Percent" | "Count" | "None";
    /** Dimension names, in the order the dashboard's searches name them. */
    readonly dimensions: readonly string[];
    readonly description: string;
}

export const COMPLIANCE_METRICS = {
    StandardEnabled: {
        unit: "None",
        dimensions: ["Standard"],
        description: "1 when the configured Security Hub standard is enabled (READY) in the aggregation account, else 0",
    },
    SecurityScore: {
        unit: "Percent",
        dimensions: ["Standard", "AccountId"],
        description: "Security Hub's security score: passed controls / controls with a PASSED or FAILED result, per standard and account",
    },
    ConformancePackCompliance: {
        unit: "Percent",
        dimensions: ["ConformancePack", "AccountId"],
        description: "Compliant rules / rules with a result in the conformance pack, per account (all regions)",
    },
    NonCompliantResources: {
        unit: "Count",
        dimensions: ["ConfigRule", "AccountId"],
        description: "Resources a Config rule finds non-compliant, per rule and account (all regions)",
    },
    OpenPolicyViolations: {
        unit: "Count",
        dimensions: ["AccountId"],
        description: "Config rules non-compliant in the account (all regions): the open policy violations",
    },
    TrailLogging: { unit: "None", dimensions: ["Trail"], description: "1 when the organization trail is logging, else 0" },
    TrailLogFileValidation: { unit: "None", dimensions: ["Trail"], description: "1 when the organization trail validates its log files, else 0" },
    TrailDeliveryAgeMinutes: {
        unit: "None",
        dimensions: ["Trail"],
        description: "Minutes since the organization trail last delivered a log file to S3",
    },
    ConfigSourceHealthy: {
        unit: "None",
        dimensions: ["AccountId", "Region"],
        description: "1 when the aggregator's last update from the account and region succeeded, else 0 (also for an expected source it lacks)",
    },
} as const satisfies Readonly<Record<string, ComplianceMetric>>;

export type ComplianceMetricName = keyof typeof COMPLIANCE_METRICS;

/** The dimension values a metric needs, by its dimension names. */
export type DimensionsOf<M extends ComplianceMetricName> = Readonly<Record<(typeof COMPLIANCE_METRICS)[M]["dimensions"][number], string>>;

/** The Lambda handler's module under components/response/handlers/ (the bundler's entry). */
export const COMPLIANCE_PUBLISHER_HANDLER = "publish-compliance";

/** The publisher's function name; the dashboard shows its errors (a blank dashboard is a failing publisher). */
export const COMPLIANCE_PUBLISHER_FUNCTION = "lz-compliance-publisher";
