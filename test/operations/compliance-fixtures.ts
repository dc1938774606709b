/** Security Hub findings, Config aggregator answers and the metrics the compliance publisher should make of them. */
import { strict as assert } from "assert";
import {
    ConfigServiceClient,
    DescribeAggregateComplianceByConfigRulesCommand,
    DescribeAggregateComplianceByConformancePacksCommand,
    DescribeConfigurationAggregatorSourcesStatusCommand,
} from "@aws-sdk/client-config-service";
import { SecurityHubClient, type AwsSecurityFinding } from "@aws-sdk/client-securityhub";
import { mockClient } from "aws-sdk-client-mock";
import { COMPLIANCE_METRICS } from "../../components/operations/compliance-metrics";

export const REGION = "eu-west-1";
export const TOOLING = "123456789012";
export const A = "111111111111";
export const B = "222222222222";
export const FSBP = "arn:aws:securityhub:eu-west-1::standards/aws-foundational-security-best-practices/v/1.0.0";
export const CIS = "arn:aws:securityhub:eu-west-1::standards/cis-aws-foundations-benchmark/v/5.0.0";
export const TRAIL_ARN = `arn:aws:cloudtrail:${REGION}:${TOOLING}:trail/landing-zone-organization`;
export const SETTINGS = {
    AGGREGATOR_NAME: "landing-zone-organization",
    STANDARDS: `aws-foundational-security-best-practices=${FSBP},cis-aws-foundations-benchmark-v5=${CIS}`,
    TRAIL_ARN,
    ACCOUNTS: `${A},${B}`,
    REGIONS: `${REGION},us-east-1`,
};

/** A Security Hub control finding (consolidated control findings), as GetFindings returns them. */
export function control(account: string, id: string, status: string, opts: { region?: string; state?: string; standards?: string[] } = {}): AwsSecurityFinding {
    const region = opts.region ?? REGION;
    return {
        SchemaVersion: "2018-10-08",
        Id: `arn:aws:securityhub:${region}:${account}:security-control/${id}/finding/${account}-${region}-${id}-${status}-${opts.state ?? "ACTIVE"}`,
        ProductArn: `arn:aws:securityhub:${region}::product/aws/securityhub`,
        ProductName: "Security Hub",
        GeneratorId: `security-control/${id}`,
        AwsAccountId: account,
        Region: region,
        Types: ["Software and Configuration Checks/Industry and Regulatory Standards"],
        CreatedAt: "2026-12-01T00:00:00.000Z",
        UpdatedAt: "2026-12-01T00:00:00.000Z",
        Severity: { Label: "MEDIUM" },
        Title: id,
        Description: id,
        Resources: [{ Type: "AwsAccount", Id: `AWS::::Account:${account}` }],
        RecordState: (opts.state ?? "ACTIVE") as AwsSecurityFinding["RecordState"],
        Compliance: {
            Status: status as "PASSED",
            SecurityControlId: id,
            AssociatedStandards: (opts.standards ?? ["standards/aws-foundational-security-best-practices/v/1.0.0"]).map((StandardsId) => ({ StandardsId })),
        },
    };
}

/**
 * A: EC2.1 passes (an archived failure does not count), S3.1 passes in one region and fails in another
 * (a failed control), IAM.1 passes, Config.1 has only a WARNING (no verdict): 2 of 3 controls, 66.67%.
 * B: 110 controls, 11 failed: 90%. More than one page of GetFindings.
 */
export const FINDINGS: AwsSecurityFinding[] = [
    control(A, "EC2.1", "PASSED"),
    control(A, "EC2.1", "FAILED", { state: "ARCHIVED" }),
    control(A, "S3.1", "PASSED", {
        standards: ["standards/aws-foundational-security-best-practices/v/1.0.0", "standards/cis-aws-foundations-benchmark/v/5.0.0"],
    }),
    control(A, "S3.1", "FAILED", { region: "us-east-1" }),
    control(A, "IAM.1", "PASSED"),
    control(A, "Config.1", "WARNING"),
    ...Array.from({ length: 110 }, (_, i) => control(B, `CT.${i + 1}`, i < 11 ? "FAILED" : "PASSED")),
];

export const mockConfig = () => mockClient(ConfigServiceClient);
export const mockHub = () => mockClient(SecurityHubClient);
export type ConfigMock = ReturnType<typeof mockConfig>;
export type HubMock = ReturnType<typeof mockHub>;

/** What Config's aggregator answers (moto 5.2.6 implements none of these three calls). */
export function answerConfig(config: ConfigMock): void {
    config.on(DescribeAggregateComplianceByConformancePacksCommand).resolves({
        AggregateComplianceByConformancePacks: [
            {
                ConformancePackName: "OrgConformsPack-baseline",
                AccountId: A,
                AwsRegion: REGION,
                Compliance: { CompliantRuleCount: 8, NonCompliantRuleCount: 2 },
            },
            {
                ConformancePackName: "OrgConformsPack-baseline",
                AccountId: A,
                AwsRegion: "us-east-1",
                Compliance: { CompliantRuleCount: 10, NonCompliantRuleCount: 0 },
            },
        ],
    });
    config.on(DescribeAggregateComplianceByConfigRulesCommand).resolves({
        AggregateComplianceByConfigRules: [
            {
                ConfigRuleName: "s3-bucket-ssl",
                AccountId: A,
                AwsRegion: REGION,
                Compliance: { ComplianceType: "NON_COMPLIANT", ComplianceContributorCount: { CappedCount: 3 } },
            },
            {
                ConfigRuleName: "s3-bucket-ssl",
                AccountId: A,
                AwsRegion: "us-east-1",
                Compliance: { ComplianceType: "NON_COMPLIANT", ComplianceContributorCount: { CappedCount: 2 } },
            },
            { ConfigRuleName: "root-mfa", AccountId: A, AwsRegion: REGION, Compliance: { ComplianceType: "COMPLIANT" } },
        ],
    });
    config.on(DescribeConfigurationAggregatorSourcesStatusCommand).resolves({
        AggregatedSourceStatusList: [
            { SourceId: A, AwsRegion: REGION, LastUpdateStatus: "SUCCEEDED" },
            { SourceId: A, AwsRegion: "us-east-1", LastUpdateStatus: "FAILED" },
            { SourceId: B, AwsRegion: REGION, LastUpdateStatus: "SUCCEEDED" },
        ],
    });
}

/** The enabled standards (moto 5.2.6 has no GetEnabledStandards): FSBP ready, CIS still being enabled. */
export const ENABLED_STANDARDS = {
    StandardsSubscriptions: [
        { StandardsArn: FSBP, StandardsStatus: "READY" as const, StandardsSubscriptionArn: "s1", StandardsInput: {} },
        { StandardsArn: CIS, StandardsStatus: "INCOMPLETE" as const, StandardsSubscriptionArn: "s2", StandardsInput: {} },
    ],
};

/** Every datum the handler should publish for the fixtures above, by metric and dimension values (trail age aside). */
export const EXPECTED: Record<string, number> = {
    "StandardEnabled|aws-foundational-security-best-practices": 1,
    "StandardEnabled|cis-aws-foundations-benchmark-v5": 0,
    [`SecurityScore|aws-foundational-security-best-practices|${A}`]: 66.67,
    [`SecurityScore|aws-foundational-security-best-practices|${B}`]: 90,
    [`ConformancePackCompliance|OrgConformsPack-baseline|${A}`]: 90,
    [`NonCompliantResources|s3-bucket-ssl|${A}`]: 5,
    [`NonCompliantResources|root-mfa|${A}`]: 0,
    [`OpenPolicyViolations|${A}`]: 2,
    [`OpenPolicyViolations|${B}`]: 0,
    [`ConfigSourceHealthy|${A}|${REGION}`]: 1,
    [`ConfigSourceHealthy|${A}|us-east-1`]: 0,
    [`ConfigSourceHealthy|${B}|${REGION}`]: 1,
    [`ConfigSourceHealthy|${B}|us-east-1`]: 0,
    "TrailLogging|landing-zone-organization": 1,
    "TrailLogFileValidation|landing-zone-organization": 1,
};

/** A metric's key: its name, then its dimension values in the shared list's order; fails on a dimension the list lacks. */
export function key(name: string, dimensions: readonly { Name?: string; Value?: string }[]): string {
    const spec = COMPLIANCE_METRICS[name as keyof typeof COMPLIANCE_METRICS];
    assert.ok(spec, `${name} is not a compliance metric`);
    assert.deepEqual(dimensions.map((d) => d.Name).sort(), [...spec.dimensions].sort(), `${name} has dimensions ${dimensions.map((d) => d.Name)}`);
    return [name, ...spec.dimensions.map((n) => dimensions.find((d) => d.Name === n)!.Value)].join("|");
}
