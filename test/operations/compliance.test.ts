import { strict as assert } from "assert";
import { CloudTrailClient, GetTrailCommand, GetTrailStatusCommand } from "@aws-sdk/client-cloudtrail";
import { CloudWatchClient, PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { DescribeAggregateComplianceByConformancePacksCommand } from "@aws-sdk/client-config-service";
import { GetEnabledStandardsCommand, GetFindingsCommand } from "@aws-sdk/client-securityhub";
import { mockClient } from "aws-sdk-client-mock";
import { COMPLIANCE_NAMESPACE } from "../../components/operations/compliance-metrics";
import { keyPolicy } from "../../components/policies/kms";
import { compliancePublisherPolicy } from "../../components/policies/operations";
import { handler } from "../../components/response/handlers/publish-compliance";
import { expectDecisions, requestsBy, uncoveredStatements } from "../support/iam-simulation";
import { expectValidDocuments } from "../support/iam-documents";
import {
    A,
    answerConfig,
    B,
    ENABLED_STANDARDS,
    EXPECTED,
    FINDINGS,
    key,
    mockConfig,
    mockHub,
    REGION,
    SETTINGS,
    TOOLING,
    TRAIL_ARN,
} from "./compliance-fixtures";

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

        it("a delivery after the run's timestamp is age 0, never negative", async () => {
            // The status is read after the other sources: the trail may deliver in between.
            mocks.cloudtrail.on(GetTrailStatusCommand).resolves({ IsLogging: true, LatestDeliveryTime: new Date(Date.now() + 2000) });
            await handler();
            assert.equal(published().get("TrailDeliveryAgeMinutes|landing-zone-organization"), 0);
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
});
