import { strict as assert } from "assert";
import { CloudTrailClient, CreateTrailCommand, StartLoggingCommand } from "@aws-sdk/client-cloudtrail";
import { CloudWatchClient, GetMetricStatisticsCommand, ListMetricsCommand } from "@aws-sdk/client-cloudwatch";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import {
    BatchImportFindingsCommand,
    GetEnabledStandardsCommand,
    GetFindingsCommand,
    SecurityHubClient,
    type GetFindingsCommandInput,
    type GetFindingsCommandOutput,
} from "@aws-sdk/client-securityhub";
import { COMPLIANCE_METRICS, COMPLIANCE_NAMESPACE } from "../../components/operations/compliance-metrics";
import { handler } from "../../components/response/handlers/publish-compliance";
import { useEmulator } from "../support/emulator";
import { answerConfig, ConfigMock, ENABLED_STANDARDS, EXPECTED, FINDINGS, HubMock, key, mockConfig, mockHub, REGION, SETTINGS } from "./compliance-fixtures";

describe("compliance publisher", () => {
    describe("the handler against the local AWS emulator", function () {
        this.timeout(120_000);
        let config: ConfigMock;
        let hub: HubMock;
        const quiet = { log: console.log, error: console.error };
        // GetFindings reaches moto; only GetEnabledStandards, which moto lacks, is answered by the mock.
        const realHubSend = SecurityHubClient.prototype.send as (this: SecurityHubClient, command: GetFindingsCommand) => Promise<GetFindingsCommandOutput>;

        useEmulator([CloudTrailClient, CloudWatchClient, S3Client, SecurityHubClient], SETTINGS);
        afterEach(() => {
            config?.restore();
            hub?.restore();
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
