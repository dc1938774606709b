import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { parse } from "yaml";
import { CisAlarms, cisAlarmSpecs, REVOCATION_BURST } from "../../components/security/cis-alarms";
import { baselineRules, requiredTagRules, CONFIG_REMEDIATION_ROLE, conformancePackTemplate } from "../../components/security/config-rules";
import { ConfigBaselinePack } from "../../components/security/config-organization";
import { ConfigRecorder } from "../../components/security/config-recorder";
import { GuardDutyOrganization, GUARDDUTY_FEATURES } from "../../components/security/guardduty";
import { SecurityHubCentral, standardArn } from "../../components/security/security-hub";
import { captureResources, MockedResource as CapturedResource, settle } from "../support/mocks";

const FLOW_BUCKET = "arn:aws:s3:::lz-prod-flow-logs-123456789012-eu-west-1";
const REQUIRED_TAGS = { Environment: ["prod", "nonprod"], Owner: [], CostCenter: [] };
const allProtections = { s3: true, eksAuditLogs: true, runtimeMonitoring: true, malwareProtectionEc2: true, rdsLogin: true, lambdaNetwork: true };

function provider(): aws.Provider {
    return new aws.Provider("test", { region: "eu-west-1", allowedAccountIds: ["111111111111"] });
}

const ofType = (captured: CapturedResource[], type: string) => captured.filter((r) => r.type === type);

describe("security components", () => {
    describe("CIS alarms", () => {
        it("alarm on every CIS monitoring control and break-glass use, notifying by severity", async () => {
            const captured = captureResources();
            const specs = cisAlarmSpecs(["break-glass-admin", "break-glass-readonly"]);
            new CisAlarms(
                "cis",
                {
                    logGroupName: "/landing-zone/cloudtrail/organization",
                    topicArns: {
                        critical: "arn:aws:sns:eu-west-1:111111111111:lz-security-critical",
                        high: "arn:aws:sns:eu-west-1:111111111111:lz-security-high",
                    },
                    specs,
                },
                { provider: provider() },
            );
            await settle();
            const filters = ofType(captured, "aws:cloudwatch/logMetricFilter:LogMetricFilter");
            const alarms = ofType(captured, "aws:cloudwatch/metricAlarm:MetricAlarm");
            const controls = new Set(specs.map((s) => s.control));
            for (let n = 1; n <= 15; n++) assert.ok(controls.has(`CloudWatch.${n}`), `CloudWatch.${n} has no alarm`);
            assert.strictEqual(filters.length, 17);
            assert.strictEqual(alarms.length, 17);
            for (const f of filters) assert.strictEqual(f.inputs.logGroupName, "/landing-zone/cloudtrail/organization");
            const byName = new Map(alarms.map((a) => [a.inputs.name, a.inputs]));
            assert.deepStrictEqual(byName.get("cis-root-usage")!.alarmActions, ["arn:aws:sns:eu-west-1:111111111111:lz-security-critical"]);
            assert.deepStrictEqual(byName.get("cis-security-group-changes")!.alarmActions, ["arn:aws:sns:eu-west-1:111111111111:lz-security-high"]);
            const selectors = filters.find((f) => f.inputs.name === "cis-cloudtrail-selector-changes")!;
            assert.match(selectors.inputs.pattern, /\$\.eventName = PutEventSelectors\) \|\| \(\$\.eventName = PutInsightSelectors/);
            assert.deepStrictEqual(byName.get("cis-cloudtrail-selector-changes")!.alarmActions, ["arn:aws:sns:eu-west-1:111111111111:lz-security-critical"]);
            const breakGlass = filters.find((f) => f.inputs.name === "cis-break-glass-use")!;
            assert.match(breakGlass.inputs.pattern, /sessionIssuer\.userName = "break-glass-admin"\) \|\| .*"break-glass-readonly"/);
            assert.deepStrictEqual(byName.get("cis-break-glass-use")!.alarmActions, ["arn:aws:sns:eu-west-1:111111111111:lz-security-critical"]);
        });

        it("with the private CAs on, page on CA changes at once and on revocations only in a burst", async () => {
            assert.ok(!cisAlarmSpecs([]).some((s) => s.name.startsWith("private-ca")));
            const captured = captureResources();
            const specs = cisAlarmSpecs([], { privateCa: true });
            new CisAlarms(
                "cis",
                {
                    logGroupName: "/landing-zone/cloudtrail/organization",
                    topicArns: { critical: "arn:aws:sns:eu-west-1:111111111111:critical", high: "arn:aws:sns:eu-west-1:111111111111:high" },
                    specs,
                },
                { provider: provider() },
            );
            await settle();
            const filters = new Map(ofType(captured, "aws:cloudwatch/logMetricFilter:LogMetricFilter").map((f) => [f.inputs.name, f.inputs]));
            const alarms = new Map(ofType(captured, "aws:cloudwatch/metricAlarm:MetricAlarm").map((a) => [a.inputs.name, a.inputs]));
            const changes = filters.get("cis-private-ca-changes")!;
            for (const event of [
                "DeleteCertificateAuthority",
                "UpdateCertificateAuthority",
                "ImportCertificateAuthorityCertificate",
                "PutPolicy",
                "DeletePolicy",
            ])
                assert.match(changes.pattern, new RegExp(`\\$\\.eventName = ${event}\\)`), event);
            assert.match(changes.pattern, /\$\.eventSource = acm-pca\.amazonaws\.com/);
            assert.deepStrictEqual(
                [alarms.get("cis-private-ca-changes")!.threshold, alarms.get("cis-private-ca-changes")!.alarmActions],
                [1, ["arn:aws:sns:eu-west-1:111111111111:critical"]],
            );
            assert.match(filters.get("cis-private-ca-revocation-burst")!.pattern, /\$\.eventName = RevokeCertificate/);
            assert.deepStrictEqual(
                [alarms.get("cis-private-ca-revocation-burst")!.threshold, alarms.get("cis-private-ca-revocation-burst")!.alarmActions],
                [REVOCATION_BURST, ["arn:aws:sns:eu-west-1:111111111111:high"]],
            );
        });

        it("every pattern is a balanced CloudWatch JSON filter", () => {
            for (const spec of cisAlarmSpecs(["bg"], { privateCa: true })) {
                assert.match(spec.pattern, /^\{ .* \}$/, spec.name);
                const depth = [...spec.pattern].reduce((d, ch) => (d < 0 ? d : ch === "(" ? d + 1 : ch === ")" ? d - 1 : d), 0);
                assert.strictEqual(depth, 0, `${spec.name}: unbalanced parentheses`);
            }
        });

        it("rejects a topic that is not an SNS ARN", () => {
            assert.throws(
                () =>
                    new CisAlarms(
                        "bad",
                        { logGroupName: "g", topicArns: { critical: "lz-security-critical", high: "arn:aws:sns:eu-west-1:1:x" }, specs: [] },
                        { provider: provider() },
                    ),
                /topicArns\.critical/,
            );
        });
    });

    describe("GuardDuty", () => {
        it("auto-enables every member with each switched-on protection and exports findings with KMS", async () => {
            const captured = captureResources();
            new GuardDutyOrganization(
                "gd",
                {
                    protections: { ...allProtections, rdsLogin: false },
                    findingPublishingFrequency: "FIFTEEN_MINUTES",
                    findingsBucketArn: "arn:aws:s3:::lz-prod-findings",
                    findingsKeyArn: "arn:aws:kms:eu-west-1:111111111111:key/k",
                },
                { provider: provider() },
            );
            await settle();
            const [org] = ofType(captured, "aws:guardduty/organizationConfiguration:OrganizationConfiguration");
            assert.strictEqual(org.inputs.autoEnableOrganizationMembers, "ALL");
            const features = new Map(
                ofType(captured, "aws:guardduty/organizationConfigurationFeature:OrganizationConfigurationFeature").map((f) => [f.inputs.name, f.inputs]),
            );
            assert.strictEqual(features.size, GUARDDUTY_FEATURES.length);
            assert.strictEqual(features.get("RDS_LOGIN_EVENTS")!.autoEnable, "NONE");
            assert.strictEqual(features.get("S3_DATA_EVENTS")!.autoEnable, "ALL");
            const runtime = features.get("RUNTIME_MONITORING")!;
            assert.deepStrictEqual(
                new Set(runtime.additionalConfigurations.map((a: { name: string; autoEnable: string }) => `${a.name}=${a.autoEnable}`)),
                new Set(["EKS_ADDON_MANAGEMENT=ALL", "ECS_FARGATE_AGENT_MANAGEMENT=ALL", "EC2_AGENT_MANAGEMENT=ALL"]),
            );
            const [dest] = ofType(captured, "aws:guardduty/publishingDestination:PublishingDestination");
            assert.strictEqual(dest.inputs.destinationArn, "arn:aws:s3:::lz-prod-findings");
            assert.strictEqual(dest.inputs.kmsKeyArn, "arn:aws:kms:eu-west-1:111111111111:key/k");
        });
    });

    describe("Security Hub", () => {
        it("central configuration with the chosen standards and disabled controls, associated with the root", async () => {
            const captured = captureResources();
            new SecurityHubCentral(
                "hub",
                {
                    homeRegion: "eu-west-1",
                    regions: ["eu-west-1", "eu-central-1"],
                    standards: ["aws-foundational-security-best-practices", "cis-aws-foundations-benchmark-v5"],
                    disabledControls: [{ id: "EC2.10", reason: "interface endpoints are central in the network account" }],
                    rootId: "r-ab12",
                },
                { provider: provider() },
            );
            await settle();
            const [org] = ofType(captured, "aws:securityhub/organizationConfiguration:OrganizationConfiguration");
            assert.deepStrictEqual(org.inputs.organizationConfiguration, { configurationType: "CENTRAL" });
            assert.strictEqual(org.inputs.autoEnable, false);
            const [policy] = ofType(captured, "aws:securityhub/configurationPolicy:ConfigurationPolicy");
            assert.deepStrictEqual(policy.inputs.configurationPolicy.enabledStandardArns, [
                "arn:aws:securityhub:eu-west-1::standards/aws-foundational-security-best-practices/v/1.0.0",
                "arn:aws:securityhub:eu-west-1::standards/cis-aws-foundations-benchmark/v/5.0.0",
            ]);
            assert.deepStrictEqual(policy.inputs.configurationPolicy.securityControlsConfiguration.disabledControlIdentifiers, ["EC2.10"]);
            assert.match(policy.inputs.description, /EC2\.10 \(interface endpoints are central/);
            const [agg] = ofType(captured, "aws:securityhub/findingAggregator:FindingAggregator");
            assert.deepStrictEqual(agg.inputs.specifiedRegions, ["eu-central-1"]);
            const [assoc] = ofType(captured, "aws:securityhub/configurationPolicyAssociation:ConfigurationPolicyAssociation");
            assert.strictEqual(assoc.inputs.targetId, "r-ab12");
        });

        it("standard ARNs follow the region's partition", () => {
            assert.strictEqual(standardArn("nist-800-53-r5", "us-gov-west-1"), "arn:aws-us-gov:securityhub:us-gov-west-1::standards/nist-800-53/v/5.0.0");
        });

        it("rejects a control disabled twice", () => {
            const twice = [
                { id: "EC2.10", reason: "first reason long enough" },
                { id: "EC2.10", reason: "second reason long enough" },
            ];
            assert.throws(
                () =>
                    new SecurityHubCentral(
                        "dup",
                        { homeRegion: "eu-west-1", regions: ["eu-west-1"], standards: ["pci-dss-v4"], disabledControls: twice, rootId: "r-1" },
                        { provider: provider() },
                    ),
                /EC2\.10 twice/,
            );
        });
    });

    describe("AWS Config", () => {
        it("the baseline covers the zero-trust rules, global ones only in the home region", () => {
            const rules = baselineRules(FLOW_BUCKET, REQUIRED_TAGS);
            const ids = new Set(rules.map((r) => r.identifier));
            for (const id of [
                "ROOT_ACCOUNT_MFA_ENABLED",
                "IAM_USER_MFA_ENABLED",
                "IAM_POLICY_NO_STATEMENTS_WITH_ADMIN_ACCESS",
                "S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED",
                "S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS_PERIODIC",
                "S3_BUCKET_SSL_REQUESTS_ONLY",
                "ENCRYPTED_VOLUMES",
                "RDS_INSTANCE_PUBLIC_ACCESS_CHECK",
                "RESTRICTED_INCOMING_TRAFFIC",
                "VPC_DEFAULT_SECURITY_GROUP_CLOSED",
                "VPC_FLOW_LOGS_ENABLED",
                "MULTI_REGION_CLOUD_TRAIL_ENABLED",
                "EC2_IMDSV2_CHECK",
            ])
                assert.ok(ids.has(id), `${id} missing from the baseline`);
            const home = parse(conformancePackTemplate(rules, { homeRegion: true, autoRemediation: true })).Resources as Record<string, any>;
            const other = parse(conformancePackTemplate(rules, { homeRegion: false, autoRemediation: true })).Resources as Record<string, any>;
            const ruleIds = (res: Record<string, any>) =>
                Object.values(res)
                    .filter((r: any) => r.Type === "AWS::Config::ConfigRule")
                    .map((r: any) => r.Properties.Source.SourceIdentifier);
            assert.ok(ruleIds(home).includes("ROOT_ACCOUNT_MFA_ENABLED"));
            assert.ok(!ruleIds(other).includes("ROOT_ACCOUNT_MFA_ENABLED"));
            assert.ok(ruleIds(other).includes("EC2_IMDSV2_CHECK"));
            assert.deepStrictEqual(
                Object.values(home).find((r) => r.Properties.Source?.SourceIdentifier === "RESTRICTED_INCOMING_TRAFFIC").Properties.InputParameters,
                { blockedPort1: "22", blockedPort2: "3389" },
            );
        });

        it("reports resources missing a required tag (REQUIRED_TAGS in every region, allowed values where config lists them), six keys per rule", () => {
            const res = parse(conformancePackTemplate(baselineRules(FLOW_BUCKET, REQUIRED_TAGS), { homeRegion: false, autoRemediation: false }))
                .Resources as Record<string, any>;
            const rule = Object.values(res).find((r) => r.Properties.Source?.SourceIdentifier === "REQUIRED_TAGS");
            assert.ok(rule, "no REQUIRED_TAGS rule outside the home region");
            assert.equal(rule.Properties.ConfigRuleName, "lz-required-tags");
            assert.deepStrictEqual(rule.Properties.InputParameters, {
                tag1Key: "CostCenter",
                tag2Key: "Environment",
                tag2Value: "prod,nonprod",
                tag3Key: "Owner",
            });
            assert.ok(rule.Properties.Scope.ComplianceResourceTypes.includes("AWS::EC2::Instance"));
            const many = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`Key${i}`, []]));
            const split = requiredTagRules(many);
            assert.deepStrictEqual(
                split.map((r) => [r.name, Object.keys(r.inputParameters!).length]),
                [
                    ["required-tags-1", 6],
                    ["required-tags-2", 2],
                ],
            );
            assert.deepStrictEqual(requiredTagRules({}), []);
        });

        it("remediations run the AWS runbooks as the account's remediation role, only where safe", () => {
            const res = parse(conformancePackTemplate(baselineRules(FLOW_BUCKET, REQUIRED_TAGS), { homeRegion: true, autoRemediation: false }))
                .Resources as Record<string, any>;
            const remediations = Object.values(res).filter((r) => r.Type === "AWS::Config::RemediationConfiguration");
            assert.deepStrictEqual(
                new Set(remediations.map((r) => r.Properties.TargetId)),
                new Set([
                    "AWSConfigRemediation-ConfigureS3PublicAccessBlock",
                    "AWSConfigRemediation-ConfigureS3BucketPublicAccessBlock",
                    "AWSConfigRemediation-RemoveVPCDefaultSecurityGroupRules",
                    "AWS-EnableVPCFlowLogs",
                ]),
            );
            for (const r of remediations) {
                assert.strictEqual(r.Properties.Automatic, false);
                assert.ok(res[r.DependsOn], `${r.Properties.ConfigRuleName} remediation depends on a missing rule`);
                assert.strictEqual(res[r.DependsOn].Properties.ConfigRuleName, r.Properties.ConfigRuleName);
                assert.deepStrictEqual(r.Properties.Parameters.AutomationAssumeRole.StaticValue.Values, [
                    { "Fn::Sub": `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/${CONFIG_REMEDIATION_ROLE}` },
                ]);
            }
            const flow = remediations.find((r) => r.Properties.TargetId === "AWS-EnableVPCFlowLogs")!;
            assert.deepStrictEqual(flow.Properties.Parameters.LogDestinationArn.StaticValue.Values, [FLOW_BUCKET]);
            assert.deepStrictEqual(flow.Properties.Parameters.VPCIds, { ResourceValue: { Value: "RESOURCE_ID" } });
        });

        it("the pack and the recorder reach AWS with the template and recording settings", async () => {
            const captured = captureResources();
            const p = provider();
            new ConfigBaselinePack("pack", { rules: baselineRules(FLOW_BUCKET, REQUIRED_TAGS), homeRegion: false, autoRemediation: true }, { provider: p });
            new ConfigRecorder(
                "rec",
                {
                    recordGlobalResources: false,
                    recorderRoleArn: "arn:aws:iam::111111111111:role/x",
                    bucketName: "lz-prod-config-1-eu-west-1",
                    kmsKeyArn: "arn:aws:kms:eu-west-1:1:key/k",
                    snapshotFrequency: "Six_Hours",
                },
                { provider: p },
            );
            await settle();
            const [pack] = ofType(captured, "aws:cfg/organizationConformancePack:OrganizationConformancePack");
            assert.ok(!String(pack.inputs.templateBody).includes("ROOT_ACCOUNT_MFA_ENABLED"));
            const [channel] = ofType(captured, "aws:cfg/deliveryChannel:DeliveryChannel");
            assert.strictEqual(channel.inputs.s3KmsKeyArn, "arn:aws:kms:eu-west-1:1:key/k");
            assert.deepStrictEqual(channel.inputs.snapshotDeliveryProperties, { deliveryFrequency: "Six_Hours" });
            const [status] = ofType(captured, "aws:cfg/recorderStatus:RecorderStatus");
            assert.strictEqual(status.inputs.isEnabled, true);
        });
    });
});
