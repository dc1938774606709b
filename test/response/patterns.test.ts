import { strict as assert } from "assert";
import { alertRules } from "../../components/response/alert-rules";
import { EventPattern, forwardingRules, Remediation, REMEDIATIONS, remediationTriggers } from "../../components/response/patterns";
import { matches } from "../../tools/events/event-pattern";
import * as s from "../../tools/events/samples";

const BREAK_GLASS = ["break-glass-admin", "break-glass-readonly"];
const patternsOf = (rules: Readonly<Record<string, { pattern: EventPattern }>>) => Object.fromEntries(Object.entries(rules).map(([k, r]) => [k, r.pattern]));
const alerts = patternsOf(alertRules({ guardDutyMinSeverity: 7, breakGlassRoleNames: BREAK_GLASS, aggregationRegion: "eu-west-1" }));
/** The security-tooling account: administrator of GuardDuty, Security Hub, Access Analyzer and Macie. */
const forwardingConfig = forwardingRules(BREAK_GLASS, true);
const memberForwarding = patternsOf(forwardingRules(BREAK_GLASS, false));
const forwarding = patternsOf(forwardingConfig);
const triggers = remediationTriggers(7);

const withDetail = (event: Record<string, unknown>, detail: Record<string, unknown>) => ({ ...event, detail: { ...(event.detail as object), ...detail } });
const matching = (patterns: Readonly<Record<string, EventPattern>>, event: unknown) =>
    Object.entries(patterns)
        .filter(([, p]) => matches(p, event))
        .map(([k]) => k)
        .sort();

describe("response: event pattern matcher", () => {
    it("matches exact values, prefixes, suffixes and numeric ranges", () => {
        assert.ok(
            matches({ a: ["x"], b: [{ prefix: "ar" }], c: [{ suffix: "/r" }], n: [{ numeric: [">=", 7, "<", 9] }] }, { a: "x", b: "arn", c: "role/r", n: 8 }),
        );
        assert.ok(!matches({ n: [{ numeric: [">=", 7, "<", 9] }] }, { n: 9 }));
        assert.ok(!matches({ a: ["x"] }, { a: "y" }));
    });
    it("treats anything-but as needing the field and exists:false as needing it absent", () => {
        assert.ok(!matches({ m: [{ "anything-but": "Yes" }] }, {}));
        assert.ok(matches({ m: [{ "anything-but": "Yes" }] }, { m: "No" }));
        assert.ok(matches({ e: [{ exists: false }] }, { d: 1 }));
        assert.ok(!matches({ e: [{ exists: false }] }, { e: "AccessDenied" }));
    });
    it("flattens arrays of objects as EventBridge does", () => {
        const event = { findings: [{ Severity: { Label: "LOW" } }, { Severity: { Label: "HIGH" } }] };
        assert.ok(matches({ findings: { Severity: { Label: ["HIGH"] } } }, event));
        assert.ok(!matches({ findings: { Severity: { Label: ["CRITICAL"] } } }, event));
        assert.ok(matches({ $or: [{ a: ["1"] }, { b: ["2"] }] } as unknown as EventPattern, { b: "2" }));
    });
});

describe("response: central alert rules", () => {
    const cases: [string, unknown, string[]][] = [
        ["GuardDuty instance finding (8)", s.guardDutyInstanceFinding, ["guardduty-high"]],
        ["GuardDuty access key finding (8)", s.guardDutyAccessKeyFinding, ["guardduty-high"]],
        ["GuardDuty finding (9.5)", withDetail(s.guardDutyInstanceFinding, { severity: 9.5 }), ["guardduty-critical"]],
        ["GuardDuty finding (5)", withDetail(s.guardDutyInstanceFinding, { severity: 5 }), []],
        ["GuardDuty port probe (2, Low)", s.guardDutyLowSeverityFinding, []],
        ["Security Hub CRITICAL", s.securityHubCriticalFinding, ["securityhub-critical"]],
        ["Security Hub HIGH (S3.8)", s.securityHubPublicBucket, ["securityhub-high"]],
        ["root console sign-in", s.rootSignIn, ["root-sign-in"]],
        ["IAM user sign-in without MFA", s.iamUserSignInWithoutMfa, ["sign-in-without-mfa"]],
        ["IAM user sign-in with MFA", s.iamUserSignInWithMfa, []],
        ["break-glass AssumeRole", s.breakGlassAssumeRole, ["break-glass-assumed"]],
        ["StopLogging", s.stopLogging, ["cloudtrail-tampering"]],
        ["UpdateTrail", s.updateOrganizationTrail, ["cloudtrail-tampering"]],
        ["DeleteTrail", s.deleteTrail, ["cloudtrail-tampering"]],
        ["SCP attached", s.attachScp, ["organization-changes"]],
        ["KMS key scheduled for deletion", s.scheduleKeyDeletion, ["kms-key-disabled"]],
        ["KMS key disabled", s.disableKey, ["kms-key-disabled"]],
        ["bucket policy change", s.putBucketPolicy, ["s3-public-access-changes"]],
        ["bucket public access block deleted", s.deleteBucketPublicAccessBlock, ["s3-public-access-changes"]],
        ["exposed access key (Health)", s.exposedKeyHealthEvent, ["exposed-access-key"]],
        ["Access Analyzer finding", s.accessAnalyzerFinding, ["access-analyzer-findings"]],
        ["Access Analyzer unused access finding", s.unusedAccessFinding, ["access-analyzer-findings"]],
        ["Access Analyzer finding resolved", withDetail(s.unusedAccessFinding, { status: "RESOLVED" }), []],
        ["PutEventSelectors", s.putEventSelectors, ["cloudtrail-tampering"]],
        ["PutInsightSelectors", s.putInsightSelectors, ["cloudtrail-tampering"]],
        ["Macie finding", s.macieFinding, ["macie-findings"]],
        ["Config NON_COMPLIANT", s.configNonCompliant, ["config-non-compliant"]],
        ["Config back to COMPLIANT", withDetail(s.configNonCompliant, { newEvaluationResult: { complianceType: "COMPLIANT" } }), []],
        ["default security group rule added", s.authorizeDefaultGroupIngress, []],
    ];
    for (const [name, event, expected] of cases) {
        it(`${name} -> ${expected.join(", ") || "no alert"}`, () => assert.deepEqual(matching(alerts, event), expected));
    }

    it("alerts once per Security Hub finding: the aggregation region's copy, and not GuardDuty's (they alert on their own)", () => {
        assert.deepEqual(matching(alerts, { ...s.securityHubCriticalFinding, region: "us-east-1" }), []);
        const fromGuardDuty = JSON.parse(JSON.stringify(s.securityHubCriticalFinding));
        fromGuardDuty.detail.findings[0].ProductName = "GuardDuty";
        assert.deepEqual(matching(alerts, fromGuardDuty), []);
    });

    it("routes a resolved Security Hub finding nowhere", () => {
        const resolved = JSON.parse(JSON.stringify(s.securityHubCriticalFinding));
        resolved.detail.findings[0].Workflow.Status = "RESOLVED";
        assert.deepEqual(matching(alerts, resolved), []);
    });

    it("puts GuardDuty findings in the critical rule only when the minimum is 9 or more", () => {
        const strict = patternsOf(alertRules({ guardDutyMinSeverity: 9.5, breakGlassRoleNames: [], aggregationRegion: "eu-west-1" }));
        assert.equal(strict["guardduty-high"], undefined);
        assert.equal(strict["break-glass-assumed"], undefined);
        assert.deepEqual(matching(strict, withDetail(s.guardDutyInstanceFinding, { severity: 9 })), []);
        assert.deepEqual(matching(strict, withDetail(s.guardDutyInstanceFinding, { severity: 9.6 })), ["guardduty-critical"]);
    });

    it("alerts on a role named like a break-glass role only at the end of its ARN", () => {
        const other = JSON.parse(JSON.stringify(s.breakGlassAssumeRole));
        other.detail.requestParameters.roleArn = "arn:aws:iam::111122223333:role/not-break-glass-admin-really";
        assert.deepEqual(matching(alerts, other), []);
    });
});

describe("response: forwarding from every account", () => {
    const forwarded: [string, unknown][] = [
        ["GuardDuty", s.guardDutyInstanceFinding],
        ["Security Hub", s.securityHubPublicBucket],
        ["Access Analyzer", s.accessAnalyzerFinding],
        ["Access Analyzer unused access", s.unusedAccessFinding],
        ["PutEventSelectors", s.putEventSelectors],
        ["Macie", s.macieFinding],
        ["Config", s.configNonCompliant],
        ["Health", s.exposedKeyHealthEvent],
        ["root sign-in", s.rootSignIn],
        ["sign-in without MFA", s.iamUserSignInWithoutMfa],
        ["break-glass", s.breakGlassAssumeRole],
        ["StopLogging", s.stopLogging],
        ["SCP", s.attachScp],
        ["KMS", s.scheduleKeyDeletion],
        ["S3", s.putBucketPolicy],
        ["default SG", s.authorizeDefaultGroupIngress],
    ];
    for (const [name, event] of forwarded) {
        it(`forwards ${name}`, () => assert.equal(matching(forwarding, event).length, 1, `exactly one forwarding rule should match ${name}`));
    }
    it("lets read-only management events through only on the break-glass rule", () => {
        assert.deepEqual(
            Object.entries(forwardingConfig)
                .filter(([, r]) => r.includeReadOnly)
                .map(([k]) => k),
            ["break-glass"],
        );
    });
    it("leaves administered findings to the administrator: other accounts forward only Config's", () => {
        for (const event of [s.guardDutyInstanceFinding, s.securityHubPublicBucket, s.accessAnalyzerFinding, s.unusedAccessFinding, s.macieFinding]) {
            assert.deepEqual(matching(memberForwarding, event), [], JSON.stringify((event as { source: string }).source));
        }
        assert.deepEqual(matching(memberForwarding, s.configNonCompliant), ["findings"]);
        assert.deepEqual(matching(memberForwarding, s.stopLogging), ["api-calls"]);
    });
    it("does not forward unrelated API calls", () => {
        assert.deepEqual(matching(forwarding, s.cloudTrailCall("ec2.amazonaws.com", "RunInstances", { instanceType: "t3.micro" })), []);
    });
});

describe("response: remediation triggers", () => {
    const all = Object.fromEntries(Object.entries(triggers).flatMap(([fn, ts]) => Object.entries(ts).map(([t, p]) => [`${fn}/${t}`, p])));
    const cases: [string, unknown, string[]][] = [
        ["GuardDuty instance finding", s.guardDutyInstanceFinding, ["isolate-instance/guardduty"]],
        ["GuardDuty access key finding", s.guardDutyAccessKeyFinding, ["deactivate-access-key/guardduty"]],
        ["Health exposed key", s.exposedKeyHealthEvent, ["deactivate-access-key/health"]],
        ["Security Hub S3.8", s.securityHubPublicBucket, ["block-s3-public-access/securityhub"]],
        ["Security Hub EC2.2", s.securityHubOpenDefaultGroup, ["restore-default-security-group/securityhub"]],
        ["PutBucketPolicy", s.putBucketPolicy, ["block-s3-public-access/cloudtrail"]],
        ["DeleteBucketPublicAccessBlock", s.deleteBucketPublicAccessBlock, ["block-s3-public-access/cloudtrail"]],
        ["StopLogging", s.stopLogging, ["restore-trail/cloudtrail"]],
        ["UpdateTrail", s.updateOrganizationTrail, ["restore-trail/cloudtrail"]],
        ["DeleteTrail", s.deleteTrail, []],
        ["AuthorizeSecurityGroupIngress", s.authorizeDefaultGroupIngress, ["restore-default-security-group/cloudtrail"]],
        ["GuardDuty instance finding below the minimum", withDetail(s.guardDutyInstanceFinding, { severity: 5 }), []],
        ["a denied StopLogging", withDetail(s.stopLogging, { errorCode: "AccessDenied", errorMessage: "explicit deny in a service control policy" }), []],
        ["root sign-in", s.rootSignIn, []],
    ];
    for (const [name, event, expected] of cases) {
        it(`${name} -> ${expected.join(", ") || "no remediation"}`, () => assert.deepEqual(matching(all, event), expected));
    }
    it("ignores GuardDuty findings on assumed-role credentials, which cannot be deactivated", () => {
        const assumed = JSON.parse(JSON.stringify(s.guardDutyAccessKeyFinding));
        assumed.detail.resource.accessKeyDetails.userType = "AssumedRole";
        assert.deepEqual(matching(all, assumed), []);
    });
    /** Every sample event of the catalogue, by export name: a new sample is checked against every remediation. */
    const catalogue = Object.entries(s).filter((e): e is [string, Record<string, unknown>] => typeof e[1] === "object" && "detail-type" in e[1]);
    const reachedBy: Record<Remediation, string[]> = {
        "isolate-instance": ["guardDutyCriticalInstanceFinding", "guardDutyInstanceFinding"],
        "block-s3-public-access": ["deleteBucketPublicAccessBlock", "putBucketPolicy", "securityHubCriticalFinding", "securityHubPublicBucket"],
        "deactivate-access-key": ["exposedKeyHealthEvent", "guardDutyAccessKeyFinding"],
        "restore-trail": ["putEventSelectors", "stopLogging", "updateOrganizationTrail"],
        "restore-default-security-group": ["authorizeDefaultGroupIngress", "securityHubOpenDefaultGroup"],
    };
    for (const remediation of REMEDIATIONS) {
        it(`${remediation}: reached by ${reachedBy[remediation].join(", ")} and by no other sample`, () => {
            const reaching = catalogue.filter(([, event]) => Object.values(triggers[remediation]).some((p) => matches(p, event))).map(([name]) => name);
            assert.deepEqual(reaching.sort(), reachedBy[remediation]);
        });
    }
    it("forwards every event a remediation acts on", () => {
        for (const event of [s.guardDutyInstanceFinding, s.securityHubOpenDefaultGroup, s.putBucketPolicy, s.stopLogging, s.exposedKeyHealthEvent]) {
            assert.equal(matching(forwarding, event).length, 1);
        }
    });
});
