import { strict as assert } from "assert";
import { alertInputTransformer, INPUT_PATH, runbookExecuteUrl } from "../../components/response/alert-message";
import { alertRules, AlertRule } from "../../components/response/alert-rules";
import { EventPattern } from "../../components/response/patterns";
import { RUNBOOK_SPECS } from "../../components/operations/runbook-documents";
import { ALERT_SEVERITIES, runbookName, SECURITY_EVENT_BUS } from "../../components/shared/names";
import { matches } from "../../tools/events/event-pattern";
import { renderInput, valueAt } from "../../tools/events/input-transformer";
import * as s from "../../tools/events/samples";
import { describeStackGraphs } from "../operations/stack-graph";

type Inputs = Record<string, any>;
const MESSAGE = { partition: "aws", runbookRegion: "eu-west-1", customActions: true } as const;
/** Every rule the program can register (the optional ones included). */
const RULES = alertRules({ guardDutyMinSeverity: 7, breakGlassRoleNames: ["break-glass-admin"], aggregationRegion: "eu-west-1" });
/** Every sample event of tools/events/samples.ts. */
const SAMPLES = Object.entries(s).filter(([, v]) => typeof v === "object" && v !== null && "source" in v) as [string, Record<string, unknown>][];
const samplesOf = (pattern: EventPattern) => SAMPLES.filter(([, e]) => matches(pattern, e));

describe("response: alert messages", () => {
    for (const [key, rule] of Object.entries(RULES)) {
        it(`${key}: every input path exists in each sample event the rule matches`, () => {
            const matched = samplesOf(rule.pattern);
            assert.ok(matched.length > 0, `no sample event in tools/events/samples.ts matches ${key}`);
            const t = alertInputTransformer(rule, MESSAGE);
            for (const [name, event] of matched)
                for (const [k, p] of Object.entries(t.inputPaths)) {
                    assert.match(p, INPUT_PATH);
                    assert.notStrictEqual(valueAt(event, p), undefined, `${key}: <${k}> ${p} is not in sample ${name}`);
                }
        });
    }

    it("renders a GuardDuty finding as a responder reads it: what, where, on what, and each runbook with its link and custom action", () => {
        const text = renderInput(alertInputTransformer(RULES["guardduty-high"], MESSAGE), s.guardDutyInstanceFinding);
        assert.strictEqual(
            text,
            [
                '"HIGH security alert: GuardDuty findings of severity 7 up to critical"',
                '"What: Backdoor:EC2/C&CActivity.B"',
                '"Detail: C&C activity domain name queried by EC2 instance i-0a1b2c3d4e5f67890."',
                `"Account: ${s.WORKLOAD_ACCOUNT}"`,
                '"Region: eu-west-1"',
                '"Resource: Instance"',
                '"Runbook lz-runbook-compromised-credentials: https://eu-west-1.console.aws.amazon.com/systems-manager/automation/execute/lz-runbook-compromised-credentials?region=eu-west-1; for a Security Hub finding: Actions, IR: credentials"',
                '"Runbook lz-runbook-instance-compromise: https://eu-west-1.console.aws.amazon.com/systems-manager/automation/execute/lz-runbook-instance-compromise?region=eu-west-1; for a Security Hub finding: Actions, IR: instance"',
                '"Runbook lz-runbook-trail-tampering: https://eu-west-1.console.aws.amazon.com/systems-manager/automation/execute/lz-runbook-trail-tampering?region=eu-west-1; for a Security Hub finding: Actions, IR: trail tampering"',
            ].join("\n"),
        );
    });

    it("says when an alert class has no runbook, and leaves the custom action out when Security Hub is off", () => {
        const none = renderInput(alertInputTransformer(RULES["kms-key-disabled"], MESSAGE), s.disableKey);
        assert.match(none, /"Runbook: none for this alert class/);
        const noHub = alertInputTransformer(RULES["root-sign-in"], { ...MESSAGE, customActions: false });
        assert.doesNotMatch(noHub.inputTemplate, /Actions,/);
        assert.match(noHub.inputTemplate, /lz-runbook-root-use\?region=eu-west-1"/);
    });

    it("refuses a path EventBridge does not evaluate, and the renderer refuses a path the event lacks (the checks can fail)", () => {
        const bad: AlertRule = { ...RULES["macie-findings"], message: { ...RULES["macie-findings"].message, resource: "$.detail['resourcesAffected']" } };
        assert.throws(() => alertInputTransformer(bad, MESSAGE), /path \$\.detail\['resourcesAffected'\] is not a JSON path EventBridge evaluates/);
        const t = alertInputTransformer(RULES["macie-findings"], MESSAGE);
        assert.throws(() => renderInput(t, s.configNonCompliant), /no value at \$\.detail\.type \(<finding>\)/);
    });

    it("links each partition's console", () => {
        assert.strictEqual(
            runbookExecuteUrl("aws-us-gov", "us-gov-west-1", "root-use"),
            "https://console.amazonaws-us-gov.com/systems-manager/automation/execute/lz-runbook-root-use?region=us-gov-west-1",
        );
    });

    describeStackGraphs(
        (stack) => `the ${stack} graph`,
        ({ ofType }) => {
            it("every alert target carries a message naming its class's runbooks, whose paths exist in every sample its registered pattern matches", () => {
                const topicNames = new Set(ALERT_SEVERITIES.map((sev) => `lz-security-${sev}`));
                const topics = ofType("aws:sns/topic:Topic").filter((t) => topicNames.has(String((t.inputs as Inputs).name)));
                const topicArns = new Set(topics.map((t) => `arn:aws:sns:${t.region}:${t.account}:${(t.inputs as Inputs).name}`));
                const documents = ofType("aws:ssm/document:Document").filter((d) => String((d.inputs as Inputs).name).startsWith("lz-runbook-"));
                const rules = ofType("aws:cloudwatch/eventRule:EventRule").filter((r) => (r.inputs as Inputs).eventBusName === SECURITY_EVENT_BUS);
                const targets = ofType("aws:cloudwatch/eventTarget:EventTarget").filter((t) => topicArns.has(String((t.inputs as Inputs).arn)));
                assert.ok(targets.length >= 10, `${targets.length} alert targets`);
                for (const target of targets) {
                    const t = target.inputs as Inputs;
                    const key = String(t.rule).replace(/^lz-alert-/, "");
                    const rule = rules.find((r) => (r.inputs as Inputs).name === t.rule)!;
                    assert.ok(t.inputTransformer, `${t.rule}: no input transformer: the topic would publish the raw event`);
                    for (const runbook of RULES[key].runbooks) {
                        const doc = documents.find((d) => (d.inputs as Inputs).name === runbookName(runbook));
                        assert.ok(doc, `${t.rule} links ${runbookName(runbook)}, which the stack does not register`);
                        assert.ok(
                            t.inputTransformer.inputTemplate.includes(runbookExecuteUrl("aws", doc.region!, runbook)),
                            `${t.rule}: no link to ${runbookName(runbook)} in ${doc.region}`,
                        );
                        assert.ok(t.inputTransformer.inputTemplate.includes(RUNBOOK_SPECS[runbook].actionName), `${t.rule}: no custom action for ${runbook}`);
                    }
                    const matched = samplesOf(JSON.parse((rule.inputs as Inputs).eventPattern));
                    assert.ok(matched.length > 0, `${t.rule}: no sample event matches its registered pattern`);
                    for (const [, event] of matched) assert.doesNotThrow(() => renderInput(t.inputTransformer, event), `${t.rule}`);
                }
            });
        },
    );
});
