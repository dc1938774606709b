import { strict as assert } from "assert";
import { CloudTrailClient, CreateTrailCommand, GetTrailCommand, GetTrailStatusCommand, StartLoggingCommand } from "@aws-sdk/client-cloudtrail";
import { CloudWatchClient, GetMetricStatisticsCommand, ListMetricsCommand, PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import {
    ConfigServiceClient,
    DescribeAggregateComplianceByConfigRulesCommand,
    DescribeAggregateComplianceByConformancePacksCommand,
    DescribeConfigurationAggregatorSourcesStatusCommand,
} from "@aws-sdk/client-config-service";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import {
    BatchImportFindingsCommand,
    GetEnabledStandardsCommand,
    GetFindingsCommand,
    SecurityHubClient,
    type AwsSecurityFinding,
    type GetFindingsCommandInput,
    type GetFindingsCommandOutput,
} from "@aws-sdk/client-securityhub";
import { mockClient } from "aws-sdk-client-mock";
import { COMPLIANCE_METRICS, COMPLIANCE_NAMESPACE } from "../../components/operations/compliance-metrics";
import { keyPolicy } from "../../components/policies/kms";
import { compliancePublisherPolicy } from "../../components/policies/operations";
import { handler } from "../../components/response/handlers/publish-compliance";
import { expectDecisions, expectValidDocuments, requestsBy, uncoveredStatements } from "../support/iam-simulation";
import { bypassClientMocks, Emulator, useEmulatorEnv } from "../../tools/emulator/emulator";

const REGION = "eu-west-1";
const TOOLING = "123456789012";
const A = "111111111111";
const B = "222222222222";
const FSBP = "arn:aws:securityhub:eu-west-1::standards/aws-foundational-security-best-practices/v/1.0.0";
const CIS = "arn:aws:securityhub:eu-west-1::standards/cis-aws-foundations-benchmark/v/5.0.0";
const TRAIL_ARN = `arn:aws:cloudtrail:${REGION}:${TOOLING}:trail/landing-zone-organization`;
const SETTINGS = {
    AGGREGATOR_NAME: "landing-zone-organization",
    STANDARDS: `aws-foundational-security-best-practices=${FSBP},cis-aws-foundations-benchmark-v5=${CIS}`,
    TRAIL_ARN,
    ACCOUNTS: `${A},${B}`,
    REGIONS: `${REGION},us-east-1`,
};

/** A Security Hub control finding (consolidated control findings), as GetFindings returns them. */
function control(account: string, id: string, status: string, opts: { region?: string; state?: string; standards?: string[] } = {}): AwsSecurityFinding {
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
const FINDINGS: AwsSecurityFinding[] = [
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

const mockConfig = () => mockClient(ConfigServiceClient);
const mockHub = () => mockClient(SecurityHubClient);
type ConfigMock = ReturnType<typeof mockConfig>;
type HubMock = ReturnType<typeof mockHub>;

/** What Config's aggregator answers (moto 5.2.6 implements none of these three calls). */
function answerConfig(config: ConfigMock): void {
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
const ENABLED_STANDARDS = {
    StandardsSubscriptions: [
        { StandardsArn: FSBP, StandardsStatus: "READY" as const, StandardsSubscriptionArn: "s1", StandardsInput: {} },
        { StandardsArn: CIS, StandardsStatus: "INCOMPLETE" as const, StandardsSubscriptionArn: "s2", StandardsInput: {} },
    ],
};

/** Every datum the handler should publish for the fixtures above, by metric and dimension values (trail age aside). */
const EXPECTED: Record<string, number> = {
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
function key(name: string, dimensions: readonly { Name?: string; Value?: string }[]): string {
    const spec = COMPLIANCE_METRICS[name as keyof typeof COMPLIANCE_METRICS];
    assert.ok(spec, `${name} is not a compliance metric`);
    assert.deepEqual(dimensions.map((d) => d.Name).sort(), [...spec.dimensions].sort(), `${name} has dimensions ${dimensions.map((d) => d.Name)}`);
    return [name, ...spec.dimensions.map((n) => dimensions.find((d) => d.Name === n)!.Value)].join("|");
}

describe("compliance publisher", () => {
    describe("its role", () => {
        const logGroup = `arn:aws:logs:${REGION}:${TOOLING}:log-group:/aws/lambda/lz-compliance-publisher`;
        const envKey = `arn:aws:kms:${REGION}:${TOOLING}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
        const policy = compliancePublisherPolicy({
            partition: "aws",
            region: REGION,
            accountId: TOOLING,
            trailArn: TRAIL_ARN.replace(TOOLING, "210987654321"),
            namespace: COMPLIANCE_NAMESPACE,
            logGroupArn: logGroup,
            environmentKeyArn: envKey,
        });
        const aggregator = `arn:aws:config:${REGION}:${TOOLING}:config-aggregator/config-aggregator-abcd1234`;
        const hub = `arn:aws:securityhub:${REGION}:${TOOLING}:hub/default`;
        const trail = TRAIL_ARN.replace(TOOLING, "210987654321");
        const row = requestsBy(`arn:aws:sts::${TOOLING}:assumed-role/landing-zone-compliance-publisher/lz-compliance-publisher`, {
            "aws:RequestedRegion": REGION,
        });

        it("is a valid document", async () => expectValidDocuments({ policy }));
        it("reads the aggregator, Security Hub and the trail, writes its own namespace, and changes nothing", async () => {
            const outcomes = await expectDecisions({ identity: { policy } }, [
                row("reads rule compliance", "config:DescribeAggregateComplianceByConfigRules", aggregator, "Allowed", {
                    statement: "ReadAggregatedCompliance",
                }),
                row("reads source status", "config:DescribeConfigurationAggregatorSourcesStatus", aggregator, "Allowed", {
                    statement: "ReadAggregatedCompliance",
                }),
                row("cannot delete the aggregator", "config:DeleteConfigurationAggregator", aggregator, "ImplicitlyDenied"),
                row("reads findings", "securityhub:GetFindings", hub, "Allowed", { statement: "ReadSecurityHubResults" }),
                row("reads enabled standards", "securityhub:GetEnabledStandards", hub, "Allowed", { statement: "ReadSecurityHubResults" }),
                row("cannot update findings", "securityhub:BatchUpdateFindings", hub, "ImplicitlyDenied"),
                row("cannot disable a standard", "securityhub:BatchDisableStandards", hub, "ImplicitlyDenied"),
                // Member accounts read the organization trail as their own (it is not shared through a resource
                // policy), so the request is evaluated in the caller's account.
                row("reads the trail's status", "cloudtrail:GetTrailStatus", trail, "Allowed", { statement: "ReadTrailStatus", resourceAccount: TOOLING }),
                row("cannot stop the trail", "cloudtrail:StopLogging", trail, "ImplicitlyDenied"),
                row("publishes compliance metrics", "cloudwatch:PutMetricData", "*", "Allowed", {
                    statement: "PublishComplianceMetrics",
                    context: { "aws:RequestedRegion": REGION, "cloudwatch:namespace": COMPLIANCE_NAMESPACE },
                }),
                row("cannot publish into another namespace", "cloudwatch:PutMetricData", "*", "ImplicitlyDenied", {
                    context: { "aws:RequestedRegion": REGION, "cloudwatch:namespace": "LandingZone/CIS" },
                }),
                row("cannot change alarms", "cloudwatch:PutMetricAlarm", `arn:aws:cloudwatch:${REGION}:${TOOLING}:alarm:cis-root-usage`, "ImplicitlyDenied"),
                row("writes its log", "logs:PutLogEvents", `${logGroup}:log-stream:2026/12/06/abc`, "Allowed", { statement: "WriteLogs" }),
            ]);
            // KMS decides with the key policy too: the security-tooling account's secrets key.
            const secretsKey = keyPolicy({
                partition: "aws",
                region: REGION,
                accountId: TOOLING,
                organizationId: "o-a1b2c3d4e5",
                purpose: "secrets",
                accountRole: "securityTooling",
                administratorRoleNames: ["OrganizationAccountAccessRole"],
                organizationTrailArn: trail,
                logReaderAccountIds: [],
                backupAccountId: "333333333333",
                homeRegion: REGION,
            });
            const viaLambda = { "aws:PrincipalOrgID": "o-a1b2c3d4e5", "aws:SecureTransport": "true", "kms:CallerAccount": TOOLING };
            outcomes.push(
                ...(await expectDecisions({ identity: { policy }, resourcePolicy: secretsKey }, [
                    row("decrypts its environment through Lambda", "kms:Decrypt", envKey, "Allowed", {
                        statement: "DecryptEnvironment",
                        context: { ...viaLambda, "aws:RequestedRegion": REGION, "kms:ViaService": `lambda.${REGION}.amazonaws.com` },
                    }),
                    row("cannot decrypt it directly", "kms:Decrypt", envKey, "ImplicitlyDenied", { context: { ...viaLambda, "aws:RequestedRegion": REGION } }),
                ])),
            );
            assert.deepEqual(uncoveredStatements([policy], outcomes), []);
        });
    });

    describe("the handler, with every AWS call mocked", () => {
        let mocks: ReturnType<typeof mockMany>;
        function mockMany() {
            return {
                hub: mockHub(),
                config: mockConfig(),
                cloudtrail: mockClient(CloudTrailClient),
                cloudwatch: mockClient(CloudWatchClient),
            };
        }
        const saved = { ...process.env };
        const quiet = { log: console.log, error: console.error };
        before(() => (mocks = mockMany()));
        after(() => Object.values(mocks).forEach((m) => m.restore()));
        beforeEach(() => {
            Object.values(mocks).forEach((m) => m.reset());
            Object.assign(process.env, SETTINGS, { AWS_REGION: REGION });
            mocks.hub.on(GetEnabledStandardsCommand).resolves(ENABLED_STANDARDS);
            mocks.hub.on(GetFindingsCommand).resolves({ Findings: FINDINGS });
            answerConfig(mocks.config);
            mocks.cloudtrail.on(GetTrailStatusCommand).resolves({ IsLogging: false, LatestDeliveryTime: new Date(Date.now() - 90 * 60000) });
            mocks.cloudtrail.on(GetTrailCommand).resolves({ Trail: { Name: "landing-zone-organization", LogFileValidationEnabled: false } });
            console.log = console.error = () => undefined;
        });
        afterEach(() => {
            process.env = { ...saved };
            Object.assign(console, quiet);
        });
        const published = () =>
            new Map(
                mocks.cloudwatch
                    .commandCalls(PutMetricDataCommand)
                    .flatMap((c) => c.args[0].input.MetricData ?? [])
                    .map((d) => [key(d.MetricName!, d.Dimensions ?? []), d.Value!] as const),
            );

        it("publishes every figure in the shared namespace, a stopped trail and its delivery age included", async () => {
            const result = await handler();
            const data = published();
            for (const call of mocks.cloudwatch.commandCalls(PutMetricDataCommand)) assert.equal(call.args[0].input.Namespace, COMPLIANCE_NAMESPACE);
            assert.equal(result.published, data.size);
            assert.equal(data.get("TrailLogging|landing-zone-organization"), 0);
            assert.equal(data.get("TrailLogFileValidation|landing-zone-organization"), 0);
            assert.ok(Math.abs(data.get("TrailDeliveryAgeMinutes|landing-zone-organization")! - 90) <= 1);
            const { ["TrailLogging|landing-zone-organization"]: _l, ["TrailLogFileValidation|landing-zone-organization"]: _v, ...rest } = EXPECTED;
            for (const [k, v] of Object.entries(rest)) assert.equal(data.get(k), v, k);
            assert.ok(![...data.keys()].some((k) => k.startsWith("SecurityScore|cis-")), "no score for a standard that is not ready");
        });

        it("still publishes the other figures when one source fails, then fails the invocation", async () => {
            mocks.config
                .on(DescribeAggregateComplianceByConformancePacksCommand)
                .rejects(Object.assign(new Error("not authorized"), { name: "AccessDeniedException" }));
            await assert.rejects(handler(), /reading config failed/);
            const data = published();
            assert.equal(data.get(`SecurityScore|aws-foundational-security-best-practices|${B}`), 90);
            assert.ok(data.has("TrailLogging|landing-zone-organization"));
            assert.ok(![...data.keys()].some((k) => k.startsWith("ConfigSourceHealthy")), "nothing from the failed source");
        });

        it("reads no Security Hub when no standard is configured (Security Hub off)", async () => {
            process.env.STANDARDS = "";
            await handler();
            assert.equal(mocks.hub.calls().length, 0);
            assert.ok(published().has(`OpenPolicyViolations|${A}`));
        });
    });

    describe("the handler against the local AWS emulator", function () {
        this.timeout(120_000);
        let emulator: Emulator | undefined;
        let restoreMocks: (() => void) | undefined;
        let restoreEnv: (() => void) | undefined;
        let config: ConfigMock;
        let hub: HubMock;
        const quiet = { log: console.log, error: console.error };
        // GetFindings reaches moto; only GetEnabledStandards, which moto lacks, is answered by the mock.
        const realHubSend = SecurityHubClient.prototype.send as (this: SecurityHubClient, command: GetFindingsCommand) => Promise<GetFindingsCommandOutput>;

        before(async () => {
            restoreMocks = bypassClientMocks([CloudTrailClient, CloudWatchClient, S3Client, SecurityHubClient]);
            emulator = await Emulator.start();
        });
        after(async () => {
            await emulator?.stop();
            restoreMocks?.();
        });
        beforeEach(async () => {
            await emulator!.reset();
            restoreEnv = useEmulatorEnv(emulator!.endpoint, SETTINGS);
        });
        afterEach(() => {
            config?.restore();
            hub?.restore();
            restoreEnv?.();
            Object.assign(console, quiet);
        });

        it("publishes what moto's Security Hub, CloudTrail and CloudWatch hold, Config's aggregator answered by a mock", async () => {
            const s3 = new S3Client({ forcePathStyle: true });
            const cloudtrail = new CloudTrailClient({});
            await s3.send(new CreateBucketCommand({ Bucket: "central-trail", CreateBucketConfiguration: { LocationConstraint: REGION } }));
            await cloudtrail.send(
                new CreateTrailCommand({
                    Name: "landing-zone-organization",
                    S3BucketName: "central-trail",
                    IsMultiRegionTrail: true,
                    EnableLogFileValidation: true,
                }),
            );
            await cloudtrail.send(new StartLoggingCommand({ Name: "landing-zone-organization" }));
            const securityhub = new SecurityHubClient({});
            for (let i = 0; i < FINDINGS.length; i += 100) {
                const imported = await securityhub.send(new BatchImportFindingsCommand({ Findings: FINDINGS.slice(i, i + 100) }));
                assert.equal(imported.FailedCount, 0, JSON.stringify(imported.FailedFindings));
            }

            config = mockConfig();
            answerConfig(config);
            hub = mockHub();
            hub.on(GetEnabledStandardsCommand).resolves(ENABLED_STANDARDS);
            hub.on(GetFindingsCommand).callsFake((input: GetFindingsCommandInput, getClient: () => SecurityHubClient) =>
                realHubSend.call(getClient(), new GetFindingsCommand(input)),
            );

            console.log = console.error = () => undefined;
            const result = await handler();
            Object.assign(console, quiet);
            assert.deepEqual(result.failed, []);
            assert.ok(hub.commandCalls(GetFindingsCommand).length >= 2, "more than one page of findings");

            // Read back from moto's CloudWatch: every metric is in the shared list, with the values the fixtures imply.
            const cloudwatch = new CloudWatchClient({});
            const metrics = (await cloudwatch.send(new ListMetricsCommand({ Namespace: COMPLIANCE_NAMESPACE }))).Metrics ?? [];
            const values = new Map<string, number>();
            for (const m of metrics) {
                const stats = await cloudwatch.send(
                    new GetMetricStatisticsCommand({
                        Namespace: COMPLIANCE_NAMESPACE,
                        MetricName: m.MetricName,
                        Dimensions: m.Dimensions,
                        StartTime: new Date(Date.now() - 3600_000),
                        EndTime: new Date(Date.now() + 3600_000),
                        Period: 60,
                        Statistics: ["Maximum"],
                    }),
                );
                values.set(key(m.MetricName!, m.Dimensions ?? []), stats.Datapoints![0].Maximum!);
            }
            for (const [k, v] of Object.entries(EXPECTED)) assert.equal(values.get(k), v, k);
            assert.ok((values.get("TrailDeliveryAgeMinutes|landing-zone-organization") ?? -1) >= 0, "moto's trail has delivered");
            assert.deepEqual(
                [...new Set(metrics.map((m) => m.MetricName))].sort(),
                Object.keys(COMPLIANCE_METRICS).sort(),
                "every metric of the list published",
            );
        });
    });
});
