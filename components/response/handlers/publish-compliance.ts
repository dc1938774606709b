import { CloudTrailClient, GetTrailCommand, GetTrailStatusCommand } from "@aws-sdk/client-cloudtrail";
import { CloudWatchClient, PutMetricDataCommand, type MetricDatum } from "@aws-sdk/client-cloudwatch";
import {
    ConfigServiceClient,
    DescribeAggregateComplianceByConfigRulesCommand,
    DescribeAggregateComplianceByConformancePacksCommand,
    DescribeConfigurationAggregatorSourcesStatusCommand,
} from "@aws-sdk/client-config-service";
import { GetEnabledStandardsCommand, GetFindingsCommand, SecurityHubClient, type AwsSecurityFinding } from "@aws-sdk/client-securityhub";
import { COMPLIANCE_METRICS, COMPLIANCE_NAMESPACE, type ComplianceMetricName, type DimensionsOf } from "../../operations/compliance-metrics";
import { log } from "./runtime";

/**
 * The compliance publisher: once an hour, reads what AWS has no metric for (Security Hub scores per
 * standard and account, conformance-pack and rule compliance per account from the organization's
 * Config aggregator, the organization trail's status, the aggregator's per-account-and-region source
 * status) and puts it in CloudWatch under COMPLIANCE_NAMESPACE. Read-only everywhere else.
 *
 * Each figure is read on its own: one that fails (throttling, a missing permission) is logged and the
 * others are still published; the invocation then fails, so the function's Errors metric shows it.
 */

/** What the function reads from its environment. */
export interface PublisherSettings {
    readonly aggregatorName: string;
    /** Configured standards: dashboard name, then the standard's ARN. */
    readonly standards: readonly { readonly name: string; readonly arn: string }[];
    readonly trailArn: string;
    /** Every account and region the aggregator should hear from. */
    readonly accounts: readonly string[];
    readonly regions: readonly string[];
}

export function publisherSettings(env: NodeJS.ProcessEnv = process.env): PublisherSettings {
    const need = (key: string): string => {
        const value = env[key];
        if (!value) throw new Error(`${key} is not set (expected it from the compliance publisher's configuration)`);
        return value;
    };
    const list = (key: string) => need(key).split(",").filter(Boolean);
    return {
        aggregatorName: need("AGGREGATOR_NAME"),
        // Empty when Security Hub is off: then only Config and the trail are read.
        standards: (env.STANDARDS ?? "")
            .split(",")
            .filter(Boolean)
            .map((pair) => {
                const [name, arn] = pair.split("=");
                if (!name || !arn?.startsWith("arn:")) throw new Error(`STANDARDS has ${JSON.stringify(pair)} (expected name=standards ARN)`);
                return { name, arn };
            }),
        trailArn: need("TRAIL_ARN"),
        accounts: list("ACCOUNTS"),
        regions: list("REGIONS"),
    };
}

/** A datum of one of the shared metrics: its unit and dimension names come from the list, so they cannot drift. */
export function datum<M extends ComplianceMetricName>(metric: M, dimensions: DimensionsOf<M>, value: number, at: Date): MetricDatum {
    const spec = COMPLIANCE_METRICS[metric];
    return {
        MetricName: metric,
        Unit: spec.unit,
        Value: value,
        Timestamp: at,
        Dimensions: spec.dimensions.map((name) => ({ Name: name, Value: (dimensions as Record<string, string>)[name] })),
    };
}

/** Every page of a NextToken-paginated call. */
async function allPages<P extends { readonly NextToken?: string }>(fetch: (token: string | undefined) => Promise<P>): Promise<P[]> {
    const out: P[] = [];
    let token: string | undefined;
    do {
        const page = await fetch(token);
        out.push(page);
        token = page.NextToken;
    } while (token);
    return out;
}

const percent = (part: number, whole: number) => Math.round((part / whole) * 10000) / 100;

/** Security Hub's score: a control passes in an account when every finding of it there passed, fails when one failed. */
export function securityScores(findings: readonly AwsSecurityFinding[], standards: PublisherSettings["standards"]): Map<string, Map<string, number>> {
    // standard -> account -> control -> passed so far
    const controls = new Map<string, Map<string, Map<string, boolean>>>();
    const byId = new Map(standards.map((s) => [s.arn.slice(s.arn.indexOf("::") + 2), s.name]));
    for (const f of findings) {
        const status = f.Compliance?.Status;
        const control = f.Compliance?.SecurityControlId;
        // WARNING and NOT_AVAILABLE findings have no verdict; Security Hub leaves them out of the score too.
        if (f.RecordState !== "ACTIVE" || (status !== "PASSED" && status !== "FAILED") || !control || !f.AwsAccountId) continue;
        for (const associated of f.Compliance?.AssociatedStandards ?? []) {
            const standard = byId.get(associated.StandardsId ?? "");
            if (!standard) continue;
            const accounts = controls.get(standard) ?? new Map<string, Map<string, boolean>>();
            controls.set(standard, accounts);
            const ofAccount = accounts.get(f.AwsAccountId) ?? new Map<string, boolean>();
            accounts.set(f.AwsAccountId, ofAccount);
            ofAccount.set(control, (ofAccount.get(control) ?? true) && status === "PASSED");
        }
    }
    return new Map(
        [...controls].map(([standard, accounts]) => [
            standard,
            new Map([...accounts].map(([account, c]) => [account, percent([...c.values()].filter(Boolean).length, c.size)])),
        ]),
    );
}

async function securityHubData(hub: SecurityHubClient, s: PublisherSettings, at: Date): Promise<MetricDatum[]> {
    const enabled = new Set(
        (await allPages((NextToken) => hub.send(new GetEnabledStandardsCommand({ NextToken }))))
            .flatMap((page) => page.StandardsSubscriptions ?? [])
            .filter((sub) => sub.StandardsStatus === "READY")
            .map((sub) => sub.StandardsArn),
    );
    const findings = (
        await allPages((NextToken) =>
            hub.send(
                new GetFindingsCommand({
                    Filters: {
                        ProductName: [{ Value: "Security Hub", Comparison: "EQUALS" }],
                        RecordState: [{ Value: "ACTIVE", Comparison: "EQUALS" }],
                        ComplianceStatus: [
                            { Value: "PASSED", Comparison: "EQUALS" },
                            { Value: "FAILED", Comparison: "EQUALS" },
                        ],
                    },
                    MaxResults: 100,
                    NextToken,
                }),
            ),
        )
    ).flatMap((page) => page.Findings ?? []);

    const scores = securityScores(
        findings,
        s.standards.filter((std) => enabled.has(std.arn)),
    );
    return [
        ...s.standards.map((std) => datum("StandardEnabled", { Standard: std.name }, enabled.has(std.arn) ? 1 : 0, at)),
        ...[...scores].flatMap(([standard, accounts]) =>
            [...accounts].map(([account, score]) => datum("SecurityScore", { Standard: standard, AccountId: account }, score, at)),
        ),
    ];
}

async function configData(config: ConfigServiceClient, s: PublisherSettings, at: Date): Promise<MetricDatum[]> {
    const name = s.aggregatorName;
    // Conformance packs: compliant rules / rules with a result, summed over the account's regions.
    const packs = new Map<string, { pack: string; account: string; compliant: number; judged: number }>();
    const packPages = await allPages((NextToken) =>
        config.send(new DescribeAggregateComplianceByConformancePacksCommand({ ConfigurationAggregatorName: name, NextToken })),
    );
    for (const page of packPages)
        for (const p of page.AggregateComplianceByConformancePacks ?? []) {
            if (!p.ConformancePackName || !p.AccountId) continue;
            const key = `${p.ConformancePackName}|${p.AccountId}`;
            const entry = packs.get(key) ?? { pack: p.ConformancePackName, account: p.AccountId, compliant: 0, judged: 0 };
            entry.compliant += p.Compliance?.CompliantRuleCount ?? 0;
            entry.judged += (p.Compliance?.CompliantRuleCount ?? 0) + (p.Compliance?.NonCompliantRuleCount ?? 0);
            packs.set(key, entry);
        }

    // Rules: non-compliant resources per rule and account; each non-compliant rule in a region is one open violation.
    const rules = new Map<string, { rule: string; account: string; resources: number }>();
    const violations = new Map<string, number>();
    const rulePages = await allPages((NextToken) =>
        config.send(new DescribeAggregateComplianceByConfigRulesCommand({ ConfigurationAggregatorName: name, NextToken })),
    );
    for (const page of rulePages)
        for (const r of page.AggregateComplianceByConfigRules ?? []) {
            if (!r.ConfigRuleName || !r.AccountId) continue;
            const key = `${r.ConfigRuleName}|${r.AccountId}`;
            const entry = rules.get(key) ?? { rule: r.ConfigRuleName, account: r.AccountId, resources: 0 };
            const nonCompliant = r.Compliance?.ComplianceType === "NON_COMPLIANT";
            if (nonCompliant) entry.resources += r.Compliance?.ComplianceContributorCount?.CappedCount ?? 0;
            rules.set(key, entry);
            violations.set(r.AccountId, (violations.get(r.AccountId) ?? 0) + (nonCompliant ? 1 : 0));
        }

    // Sources: every expected account and region, so a missing one reads 0 rather than nothing.
    const healthy = new Set(
        (await allPages((NextToken) => config.send(new DescribeConfigurationAggregatorSourcesStatusCommand({ ConfigurationAggregatorName: name, NextToken }))))
            .flatMap((page) => page.AggregatedSourceStatusList ?? [])
            .filter((src) => src.LastUpdateStatus === "SUCCEEDED")
            .map((src) => `${src.SourceId}|${src.AwsRegion}`),
    );

    return [
        ...[...packs.values()]
            .filter((p) => p.judged > 0)
            .map((p) => datum("ConformancePackCompliance", { ConformancePack: p.pack, AccountId: p.account }, percent(p.compliant, p.judged), at)),
        ...[...rules.values()].map((r) => datum("NonCompliantResources", { ConfigRule: r.rule, AccountId: r.account }, r.resources, at)),
        ...s.accounts.map((account) => datum("OpenPolicyViolations", { AccountId: account }, violations.get(account) ?? 0, at)),
        ...s.accounts.flatMap((account) =>
            s.regions.map((region) => datum("ConfigSourceHealthy", { AccountId: account, Region: region }, healthy.has(`${account}|${region}`) ? 1 : 0, at)),
        ),
    ];
}

async function trailData(cloudtrail: CloudTrailClient, s: PublisherSettings, at: Date): Promise<MetricDatum[]> {
    const trail = { Trail: s.trailArn.slice(s.trailArn.lastIndexOf("/") + 1) };
    const status = await cloudtrail.send(new GetTrailStatusCommand({ Name: s.trailArn }));
    const definition = (await cloudtrail.send(new GetTrailCommand({ Name: s.trailArn }))).Trail;
    const out = [
        datum("TrailLogging", trail, status.IsLogging ? 1 : 0, at),
        datum("TrailLogFileValidation", trail, definition?.LogFileValidationEnabled ? 1 : 0, at),
    ];
    // A trail that never delivered has no age; the logging metric already shows it. A delivery after the
    // run's timestamp (the status is read after the other sources) is age 0, not -1.
    if (status.LatestDeliveryTime)
        out.push(datum("TrailDeliveryAgeMinutes", trail, Math.max(0, Math.floor((at.getTime() - status.LatestDeliveryTime.getTime()) / 60000)), at));
    return out;
}

/** PutMetricData takes at most 1,000 data per call. */
const PUT_BATCH = 1000;

export interface PublishResult {
    readonly published: number;
    readonly failed: readonly string[];
}

export async function handler(_event: unknown = {}): Promise<PublishResult> {
    const s = publisherSettings();
    const at = new Date();
    const sources: Record<string, () => Promise<MetricDatum[]>> = {
        ...(s.standards.length > 0 ? { "security-hub": () => securityHubData(new SecurityHubClient({}), s, at) } : {}),
        config: () => configData(new ConfigServiceClient({}), s, at),
        trail: () => trailData(new CloudTrailClient({}), s, at),
    };
    const data: MetricDatum[] = [];
    const failed: string[] = [];
    for (const [source, read] of Object.entries(sources)) {
        try {
            data.push(...(await read()));
        } catch (err) {
            failed.push(source);
            log("error", `reading ${source} failed`, { source, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) });
        }
    }
    const cloudwatch = new CloudWatchClient({});
    for (let i = 0; i < data.length; i += PUT_BATCH)
        await cloudwatch.send(new PutMetricDataCommand({ Namespace: COMPLIANCE_NAMESPACE, MetricData: data.slice(i, i + PUT_BATCH) }));
    log("info", "published compliance metrics", { published: data.length, failed });
    if (failed.length > 0) throw new Error(`compliance publisher: published ${data.length} data, but reading ${failed.join(", ")} failed (see the log)`);
    return { published: data.length, failed };
}
