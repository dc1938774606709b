import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { AlertTopics } from "../../components/response/alert-topics";
import { EventForwarder } from "../../components/response/event-forwarder";
import { alertRules } from "../../components/response/alert-rules";
import { forwardingRules, remediationTriggers } from "../../components/response/patterns";
import { RemediationFunction } from "../../components/response/remediation-function";
import { RemediationRoles } from "../../components/response/remediation-roles";
import { SecurityEventBus } from "../../components/response/security-event-bus";
import { alertTopicName, SECURITY_EVENT_BUS } from "../../components/shared/names";
import { captureResources, MockedResource as CapturedResource, settle } from "../support/mocks";

const ORG = "o-abc123def4";
const KEY = "arn:aws:kms:eu-west-1:444455556666:key/messaging";
const TOPICS = {
    critical: "arn:aws:sns:eu-west-1:444455556666:lz-security-critical",
    high: "arn:aws:sns:eu-west-1:444455556666:lz-security-high",
    medium: "arn:aws:sns:eu-west-1:444455556666:lz-security-medium",
};

const ofType = (captured: CapturedResource[], type: string) => captured.filter((r) => r.type === type);
const provider = (name: string, region = "eu-west-1") => new aws.Provider(name, { region: region as aws.Region, allowedAccountIds: ["444455556666"] });

describe("response components (mock runtime)", () => {
    it("SecurityEventBus: an organization-only bus whose rules publish each alert to its severity topic, with retries and a dead-letter queue", async () => {
        const captured = captureResources();
        const rules = alertRules({ guardDutyMinSeverity: 7, breakGlassRoleNames: ["break-glass-admin"], aggregationRegion: "eu-west-1" });
        new SecurityEventBus(
            "bus",
            {
                organizationId: ORG,
                alertRules: rules,
                topicArns: TOPICS,
                kmsKeyArn: KEY,
                deadLetterAlarmTopicArn: TOPICS.high,
                alertMessage: { partition: "aws", runbookRegion: "eu-west-1", customActions: true },
            },
            { provider: provider("p") },
        );
        await settle();
        const [bus] = ofType(captured, "aws:cloudwatch/eventBus:EventBus");
        assert.equal(bus.inputs.name, SECURITY_EVENT_BUS);
        const policy = JSON.parse(ofType(captured, "aws:cloudwatch/eventBusPolicy:EventBusPolicy")[0].inputs.policy);
        assert.deepEqual(policy.Statement[0].Condition, { StringEquals: { "aws:PrincipalOrgID": ORG } });
        const eventRules = ofType(captured, "aws:cloudwatch/eventRule:EventRule");
        assert.deepEqual(
            eventRules.map((r) => r.inputs.name).sort(),
            Object.keys(rules)
                .map((k) => `lz-alert-${k}`)
                .sort(),
        );
        const queue = ofType(captured, "aws:sqs/queue:Queue")[0];
        assert.equal(queue.inputs.kmsMasterKeyId, KEY);
        for (const [key, rule] of Object.entries(rules)) {
            const eventRule = eventRules.find((r) => r.inputs.name === `lz-alert-${key}`)!;
            assert.deepEqual(JSON.parse(eventRule.inputs.eventPattern), rule.pattern);
            assert.equal(eventRule.inputs.eventBusName, SECURITY_EVENT_BUS);
            const target = ofType(captured, "aws:cloudwatch/eventTarget:EventTarget").find((t) => t.name === `bus-alert-${key}-target`)!;
            assert.equal(target.inputs.arn, TOPICS[rule.severity], key);
            assert.deepEqual(target.inputs.retryPolicy, { maximumEventAgeInSeconds: 86400, maximumRetryAttempts: 185 });
            assert.ok(target.inputs.deadLetterConfig.arn, `${key} has a dead-letter queue`);
        }
        const alarm = ofType(captured, "aws:cloudwatch/metricAlarm:MetricAlarm")[0];
        assert.deepEqual(alarm.inputs.alarmActions, [TOPICS.high]);
        const queuePolicy = JSON.parse(ofType(captured, "aws:sqs/queuePolicy:QueuePolicy")[0].inputs.policy);
        assert.equal(queuePolicy.Statement[0].Condition.ArnEquals["aws:SourceArn"].length, Object.keys(rules).length);
    });

    it("AlertTopics: three encrypted topics named by the shared contract, subscriptions named by endpoint not position", async () => {
        const email = { protocol: "email" as const, endpoint: "secops@northwind.example" };
        const hook = { protocol: "https" as const, endpoint: "https://hooks.northwind.example/security" };
        const names = async (order: (typeof email | typeof hook)[]) => {
            const captured = captureResources();
            new AlertTopics(
                "alerts",
                { organizationId: ORG, kmsKeyArn: KEY, subscriptions: { critical: order, high: [], medium: [] } },
                { provider: provider("p") },
            );
            await settle();
            return captured;
        };
        const first = await names([email, hook]);
        const topics = ofType(first, "aws:sns/topic:Topic");
        assert.deepEqual(topics.map((t) => t.inputs.name).sort(), [alertTopicName("critical"), alertTopicName("high"), alertTopicName("medium")].sort());
        assert.ok(topics.every((t) => t.inputs.kmsMasterKeyId === KEY));
        const policy = JSON.parse(ofType(first, "aws:sns/topicPolicy:TopicPolicy")[0].inputs.policy);
        assert.deepEqual(policy.Statement[0].Principal, { Service: ["events.amazonaws.com", "cloudwatch.amazonaws.com"] });
        const subscriptionNames = (c: CapturedResource[]) =>
            ofType(c, "aws:sns/topicSubscription:TopicSubscription")
                .map((s) => s.name)
                .sort();
        const reordered = await names([hook, email]);
        assert.deepEqual(subscriptionNames(reordered), subscriptionNames(first));
        assert.throws(
            () => new AlertTopics("dup", { organizationId: ORG, kmsKeyArn: KEY, subscriptions: { critical: [email, email], high: [], medium: [] } }),
            /AlertTopics dup: subscriptions.critical lists email secops@northwind.example twice/,
        );
    });

    for (const dryRun of [true, false]) {
        it(`RemediationFunction: bundled handler, dry-run ${dryRun}, rules with retries, DLQ for delivery and invocation failures`, async () => {
            const captured = captureResources();
            const triggers = remediationTriggers(7)["block-s3-public-access"];
            new RemediationFunction(
                "fn",
                {
                    remediation: "block-s3-public-access",
                    triggers,
                    busName: SECURITY_EVENT_BUS,
                    organizationId: ORG,
                    partition: "aws",
                    region: "eu-west-1",
                    accountId: "444455556666",
                    targetAccountIds: ["222233334444", "111122223333"],
                    targetRegions: ["eu-west-1", "eu-central-1"],
                    dryRun,
                    messagingKeyArn: KEY,
                    logsKeyArn: "arn:aws:kms:eu-west-1:444455556666:key/logs",
                    environmentKeyArn: "arn:aws:kms:eu-west-1:444455556666:key/secrets",
                    logRetentionDays: 90,
                    deadLetterAlarmTopicArn: TOPICS.high,
                },
                { provider: provider("p") },
            );
            await settle();
            const fn = ofType(captured, "aws:lambda/function:Function")[0];
            assert.equal(fn.inputs.runtime, "nodejs22.x");
            assert.equal(fn.inputs.handler, "index.handler");
            assert.deepEqual(fn.inputs.environment.variables, {
                DRY_RUN: String(dryRun),
                REMEDIATION_ROLE_NAME: "landing-zone-remediation-block-s3-public-access",
                TARGET_ACCOUNTS: "111122223333,222233334444",
                TARGET_REGIONS: "eu-central-1,eu-west-1",
            });
            assert.equal(fn.inputs.loggingConfig.logFormat, "JSON");
            const rules = ofType(captured, "aws:cloudwatch/eventRule:EventRule");
            assert.deepEqual(
                rules.map((r) => JSON.parse(r.inputs.eventPattern)),
                Object.values(triggers),
            );
            for (const target of ofType(captured, "aws:cloudwatch/eventTarget:EventTarget")) {
                assert.deepEqual(target.inputs.retryPolicy, { maximumEventAgeInSeconds: 3600, maximumRetryAttempts: 24 });
                assert.ok(target.inputs.deadLetterConfig.arn);
            }
            const invokeConfig = ofType(captured, "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig")[0];
            assert.equal(invokeConfig.inputs.maximumRetryAttempts, 2);
            assert.ok(invokeConfig.inputs.destinationConfig.onFailure.destination);
            assert.equal(ofType(captured, "aws:lambda/permission:Permission").length, Object.keys(triggers).length);
            const policy = JSON.parse(ofType(captured, "aws:iam/rolePolicy:RolePolicy")[0].inputs.policy);
            assert.equal(policy.Statement[0].Resource, "arn:aws:iam::*:role/landing-zone-remediation-block-s3-public-access");
            const logGroup = ofType(captured, "aws:cloudwatch/logGroup:LogGroup")[0];
            assert.equal(logGroup.inputs.name, "/aws/lambda/lz-remediation-block-s3-public-access");
        });
    }

    it("RemediationFunction rejects an empty target account or region list, naming the field", () => {
        const args = {
            remediation: "restore-trail" as const,
            triggers: remediationTriggers(7)["restore-trail"],
            busName: SECURITY_EVENT_BUS,
            organizationId: ORG,
            partition: "aws",
            region: "eu-west-1",
            accountId: "444455556666",
            targetAccountIds: ["111122223333"],
            targetRegions: ["eu-west-1"],
            dryRun: true,
            messagingKeyArn: KEY,
            logsKeyArn: KEY,
            environmentKeyArn: KEY,
            logRetentionDays: 90,
            protect: false,
            deadLetterAlarmTopicArn: TOPICS.high,
        };
        assert.throws(() => new RemediationFunction("bad", { ...args, targetAccountIds: [] }), /RemediationFunction bad: targetAccountIds is empty/);
        assert.throws(
            () => new RemediationFunction("no-regions", { ...args, targetRegions: [] }),
            /RemediationFunction no-regions: targetRegions is empty; pass the regions its events come from/,
        );
    });

    it("RemediationRoles: one role per remediation, trusted by its function's role only", async () => {
        const captured = captureResources();
        new RemediationRoles(
            "roles",
            {
                accountId: "111122223333",
                partition: "aws",
                functionRoleArns: { "restore-trail": "arn:aws:iam::444455556666:role/landing-zone-remediation-restore-trail-fn" },
            },
            { provider: provider("p") },
        );
        await settle();
        const [role] = ofType(captured, "aws:iam/role:Role");
        assert.equal(role.inputs.name, "landing-zone-remediation-restore-trail");
        const [trust] = JSON.parse(role.inputs.assumeRolePolicy).Statement;
        assert.deepEqual(trust.Principal, { AWS: "arn:aws:iam::444455556666:root" });
        assert.deepEqual(trust.Condition, { ArnEquals: { "aws:PrincipalArn": "arn:aws:iam::444455556666:role/landing-zone-remediation-restore-trail-fn" } });
        const policy = JSON.parse(ofType(captured, "aws:iam/rolePolicy:RolePolicy")[0].inputs.policy);
        assert.equal(policy.Statement[0].Resource, "arn:aws:cloudtrail:*:111122223333:trail/*");
    });

    it("EventForwarder: every rule in every region targets the central bus through one role; break-glass sees read-only events", async () => {
        const captured = captureResources();
        const rules = forwardingRules(["break-glass-admin"], true);
        const bus = "arn:aws:events:eu-west-1:444455556666:event-bus/landing-zone-security";
        new EventForwarder("fwd", {
            accountId: "111122223333",
            centralBusArn: bus,
            rules,
            providers: { "eu-west-1": provider("a"), "us-east-1": provider("b", "us-east-1") },
            iamRegion: "eu-west-1",
        });
        await settle();
        const eventRules = ofType(captured, "aws:cloudwatch/eventRule:EventRule");
        assert.equal(eventRules.length, 2 * Object.keys(rules).length);
        assert.deepEqual(
            eventRules.filter((r) => r.inputs.state === "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS").map((r) => r.inputs.name),
            ["lz-forward-security-break-glass", "lz-forward-security-break-glass"],
        );
        const targets = ofType(captured, "aws:cloudwatch/eventTarget:EventTarget");
        assert.ok(targets.every((t) => t.inputs.arn === bus && typeof t.inputs.roleArn === "string"));
        assert.equal(new Set(eventRules.map((r) => r.provider)).size, 2);
        assert.equal(ofType(captured, "aws:iam/role:Role").length, 1);
    });
});
