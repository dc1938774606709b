import * as assert from "assert";
import { execFileSync } from "child_process";
import { logQueries } from "../../components/operations/log-queries";
import { NO_FINDING, RUNBOOK_SPECS, runbookDocument } from "../../components/operations/runbook-documents";
import { CUSTOM_ACTION_DETAIL_TYPE } from "../../components/operations/runbooks";
import { runbookPolicy, runbookStartPolicy } from "../../components/policies/operations";
import { alertRules } from "../../components/response/alert-rules";
import { ORGANIZATION_TRAIL_LOG_GROUP, RUNBOOKS, runbookName } from "../../components/shared/names";
import type { ReportResource } from "../../tools/report-model";
import { expectDecisions, uncoveredStatements } from "../support/iam-simulation";
import { expectValidDocuments } from "../support/iam-documents";
import { describeStackGraphs } from "./stack-graph";

type Inputs = Record<string, any>;

/** SSM Automation actions with the inputs each requires (Systems Manager Automation actions reference). */
const AUTOMATION_ACTIONS: Readonly<Record<string, readonly string[]>> = {
    "aws:approve": ["Approvers"],
    "aws:assertAwsResourceProperty": ["Service", "Api", "PropertySelector", "DesiredValues"],
    "aws:branch": ["Choices"],
    "aws:executeAwsApi": ["Service", "Api"],
    "aws:executeScript": ["Runtime", "Handler"],
    "aws:pause": [],
    "aws:sleep": [],
    "aws:waitForAwsResourceProperty": ["Service", "Api", "PropertySelector", "DesiredValues"],
};
const OUTPUT_TYPES = ["String", "Integer", "Boolean", "StringList", "StringMap", "MapList"];
const ROLE = "arn:aws:iam::222222222222:role/landing-zone-runbook-x";

/** Every problem with one document: actions, inputs, references to parameters, steps and outputs. */
function documentProblems(doc: Inputs): string[] {
    const problems: string[] = [];
    if (doc.schemaVersion !== "0.3") problems.push(`schemaVersion ${doc.schemaVersion}`);
    const params = doc.parameters as Record<string, Inputs>;
    const steps = doc.mainSteps as Inputs[];
    const names = steps.map((s) => s.name as string);
    if (new Set(names).size !== names.length) problems.push("step names repeat");
    const outputs = new Set(steps.flatMap((s) => ((s.outputs ?? []) as Inputs[]).map((o) => `${s.name}.${o.Name}`)));
    for (const ref of JSON.stringify(doc).match(/\{\{ *[A-Za-z0-9:._]+ *\}\}/g) ?? []) {
        const name = ref.replace(/[{} ]/g, "");
        if (!(name in params) && !name.startsWith("automation:") && !outputs.has(name)) problems.push(`${ref} names no parameter or output`);
    }
    for (const [name, p] of Object.entries(params)) {
        if (!["String", "Integer", "StringList", "Boolean", "MapList", "StringMap"].includes(p.type)) problems.push(`parameter ${name} type ${p.type}`);
        if (p.default !== undefined && p.allowedPattern && !new RegExp(p.allowedPattern).test(String(p.default)))
            problems.push(`${name} default fails its pattern`);
    }
    for (const step of steps) {
        const required = AUTOMATION_ACTIONS[step.action];
        if (!required) {
            problems.push(`${step.name}: unknown action ${step.action}`);
            continue;
        }
        for (const input of required) if (!(input in (step.inputs ?? {}))) problems.push(`${step.name}: ${step.action} without ${input}`);
        if (step.action === "aws:approve") {
            // aws:approve's inputs: Approvers (at most 10), MinRequiredApprovals (at most their number), Message (4,096 characters), NotificationArn.
            const i = step.inputs as Inputs;
            for (const k of Object.keys(i))
                if (!["Approvers", "MinRequiredApprovals", "Message", "NotificationArn"].includes(k))
                    problems.push(`${step.name}: aws:approve has no input ${k}`);
            if (!Array.isArray(i.Approvers) || i.Approvers.length < 1 || i.Approvers.length > 10) problems.push(`${step.name}: 1 to 10 Approvers`);
            if (i.MinRequiredApprovals !== undefined && !(i.MinRequiredApprovals >= 1 && i.MinRequiredApprovals <= (i.Approvers ?? []).length))
                problems.push(`${step.name}: MinRequiredApprovals ${i.MinRequiredApprovals}`);
            if (String(i.Message ?? "").length > 4096) problems.push(`${step.name}: Message over 4096 characters`);
            if (i.NotificationArn !== undefined && !/:sns:[^:]+:\d{12}:Automation/.test(i.NotificationArn))
                problems.push(`${step.name}: topic name must start with Automation`);
        }
        for (const o of (step.outputs ?? []) as Inputs[]) {
            if (!OUTPUT_TYPES.includes(o.Type) || !String(o.Selector).startsWith("$.")) problems.push(`${step.name}: output ${o.Name}`);
        }
        if (step.action === "aws:branch") {
            for (const c of [...step.inputs.Choices, { NextStep: step.inputs.Default ?? names[0] }])
                if (!names.includes(c.NextStep)) problems.push(`${step.name}: branches to missing step ${c.NextStep}`);
        }
        if (step.action === "aws:executeScript" && (step.inputs.Runtime !== "python3.11" || !/^def handler\(event, context\):$/m.test(step.inputs.Script)))
            problems.push(`${step.name}: script has no python3.11 handler`);
    }
    for (const o of doc.outputs as string[]) if (!outputs.has(o)) problems.push(`document output ${o} is no step's output`);
    if (doc.assumeRole !== "{{ AutomationAssumeRole }}") problems.push("assumeRole is not the AutomationAssumeRole parameter");
    return problems;
}

const documentOf = (runbook: (typeof RUNBOOKS)[number]) =>
    runbookDocument({ runbook, roleArn: ROLE, trailLogGroup: ORGANIZATION_TRAIL_LOG_GROUP, lookbackHours: 72, deliveryToleranceMinutes: 30 }) as Inputs;

describe("incident-response runbooks", () => {
    describe("document content", () => {
        for (const runbook of RUNBOOKS) {
            it(`${runbook}: valid Automation 0.3 content`, () => assert.deepStrictEqual(documentProblems(documentOf(runbook)), []));
        }

        it("asks the configured approvers (aws:approve) at the decision step, and pauses only when none is configured", () => {
            const approvers = { principals: ["arn:aws:iam::222222222222:role/security-responders"], minRequiredApprovals: 1 };
            for (const runbook of RUNBOOKS) {
                const doc = runbookDocument({
                    runbook,
                    roleArn: ROLE,
                    trailLogGroup: ORGANIZATION_TRAIL_LOG_GROUP,
                    lookbackHours: 72,
                    deliveryToleranceMinutes: 30,
                    approvers,
                }) as Inputs;
                assert.deepStrictEqual(documentProblems(doc), [], runbook);
                const step = (doc.mainSteps as Inputs[]).find((s) => s.name === "respond")!;
                assert.strictEqual(step.action, "aws:approve");
                assert.deepStrictEqual(step.inputs.Approvers, approvers.principals);
                assert.strictEqual((documentOf(runbook).mainSteps as Inputs[]).find((s) => s.name === "respond")!.action, "aws:pause");
            }
            const broken = documentOf("root-use");
            (broken.mainSteps as Inputs[]).find((s) => s.name === "respond")!.action = "aws:approve";
            Object.assign(
                (broken.mainSteps as Inputs[]).find((s) => s.name === "respond")!,
                { inputs: { Approvers: ["a"], MinRequiredApprovals: 2, Approver: "b" } },
            );
            assert.deepStrictEqual(documentProblems(broken), ["respond: aws:approve has no input Approver", "respond: MinRequiredApprovals 2"]);
        });

        it("finds a broken reference, an unknown action and a missing input (the checker can fail)", () => {
            const doc = documentOf("root-use");
            const broken = {
                ...doc,
                outputs: ["scopeActivity.Nope"],
                mainSteps: [
                    ...doc.mainSteps,
                    { name: "x", action: "aws:runShell", inputs: { A: "{{ Missing }}" } },
                    { name: "y", action: "aws:executeAwsApi", inputs: {} },
                ],
            };
            const problems = documentProblems(broken);
            for (const expected of ["unknown action aws:runShell", "{{ Missing }} names no parameter", "without Service", "scopeActivity.Nope"])
                assert.ok(
                    problems.some((p) => p.includes(expected)),
                    `expected a problem mentioning ${expected}: ${problems.join("; ")}`,
                );
        });

        it("every script step is valid Python", () => {
            for (const runbook of RUNBOOKS)
                for (const step of documentOf(runbook).mainSteps as Inputs[])
                    if (step.action === "aws:executeScript")
                        execFileSync("python3", ["-c", "import ast, sys; ast.parse(sys.stdin.read())"], { input: step.inputs.Script });
        });

        it("without a finding, skips straight to the evidence and never touches Security Hub", () => {
            for (const runbook of RUNBOOKS) {
                const steps = documentOf(runbook).mainSteps as Inputs[];
                const first = steps[0];
                assert.strictEqual(first.action, "aws:branch");
                assert.deepStrictEqual(first.inputs.Choices[0].StringEquals, NO_FINDING);
                const target = steps.findIndex((s) => s.name === first.inputs.Choices[0].NextStep);
                assert.ok(
                    steps.slice(target).every((s) => s.name === "closeFinding" || s.inputs?.Service !== "securityhub"),
                    runbook,
                );
                const close = steps.find((s) => s.name === "branchOnClose")!;
                assert.deepStrictEqual(close.inputs.Choices[0], { NextStep: "closeFinding", Not: { Variable: "{{ FindingId }}", StringEquals: NO_FINDING } });
                assert.strictEqual(close.isEnd, true);
            }
        });

        it("names only saved Athena queries that exist, and custom action ids and names Security Hub accepts", () => {
            const saved = logQueries({ database: "d", flowLogTable: "f", dnsQueryLogTable: "q", inspectionVpcIds: [], eastWestPorts: [], lookbackDays: 7 }).map(
                (q) => q.name,
            );
            const ids = new Set<string>();
            for (const [runbook, spec] of Object.entries(RUNBOOK_SPECS)) {
                for (const q of spec.athenaQueries) assert.ok(saved.includes(q), `${runbook} names unknown query ${q}`);
                assert.match(spec.actionId, /^[A-Za-z0-9]{1,20}$/, runbook);
                assert.ok(spec.actionName.length <= 20, `${runbook}: action name "${spec.actionName}" is over 20 characters`);
                assert.ok(!ids.has(spec.actionId), `${spec.actionId} twice`);
                ids.add(spec.actionId);
            }
        });

        it("only trail tampering checks delivery; every alert class is linked from an alert rule", () => {
            for (const runbook of RUNBOOKS) {
                const hasCheck = (documentOf(runbook).mainSteps as Inputs[]).some((s) => s.name === "checkTrailDelivery");
                assert.strictEqual(hasCheck, runbook === "trail-tampering", runbook);
            }
            const rules = alertRules({ guardDutyMinSeverity: 4, breakGlassRoleNames: ["bg"], aggregationRegion: "eu-west-1" });
            const linked = new Set(Object.values(rules).flatMap((r) => r.runbooks));
            assert.deepStrictEqual(
                [...RUNBOOKS].filter((r) => !linked.has(r)),
                [],
            );
        });
    });

    describe("roles", () => {
        const args = { partition: "aws", region: "eu-west-1", accountId: "222222222222", trailLogGroup: ORGANIZATION_TRAIL_LOG_GROUP };
        const hub = "arn:aws:securityhub:eu-west-1:222222222222:hub/default";
        const trail = `arn:aws:logs:eu-west-1:222222222222:log-group:${ORGANIZATION_TRAIL_LOG_GROUP}`;
        const row = (description: string, action: string, resource: string, expected: "Allowed" | "ImplicitlyDenied", statement?: string) => ({
            description,
            principal: ROLE,
            action,
            resource,
            expected,
            statement,
        });

        it("the runbook role reads and updates findings and queries the trail, nothing else", async () => {
            const doc = runbookPolicy({ ...args, checksTrailDelivery: false });
            await expectValidDocuments({ doc });
            const outcomes = await expectDecisions({ identity: { doc } }, [
                row("reads a finding", "securityhub:GetFindings", hub, "Allowed", "ReadAndUpdateFindings"),
                row("acknowledges and closes a finding", "securityhub:BatchUpdateFindings", hub, "Allowed", "ReadAndUpdateFindings"),
                row("starts the scoping query", "logs:StartQuery", trail, "Allowed", "QueryOrganizationTrail"),
                row("reads its results", "logs:GetQueryResults", `${trail}:*`, "Allowed", "QueryOrganizationTrail"),
                row("no other account's hub", "securityhub:BatchUpdateFindings", hub.replace("222222222222", "333333333333"), "ImplicitlyDenied"),
                row("no other region's hub", "securityhub:GetFindings", hub.replace("eu-west-1", "us-east-1"), "ImplicitlyDenied"),
                row("no other log group", "logs:StartQuery", trail.replace("organization", "other"), "ImplicitlyDenied"),
                row("no delivery check where it is not needed", "logs:DescribeLogStreams", trail, "ImplicitlyDenied"),
                row("no turning Security Hub off", "securityhub:DisableSecurityHub", hub, "ImplicitlyDenied"),
                row("no snapshots", "ec2:CreateSnapshot", "arn:aws:ec2:eu-west-1::snapshot/*", "ImplicitlyDenied"),
                row("no key deletion", "iam:DeleteAccessKey", "arn:aws:iam::333333333333:user/u", "ImplicitlyDenied"),
                row("no role hopping", "sts:AssumeRole", "arn:aws:iam::333333333333:role/landing-zone-remediation-x", "ImplicitlyDenied"),
                row("no log reading outside queries", "logs:GetLogEvents", `${trail}:log-stream:x`, "ImplicitlyDenied"),
            ]);
            assert.deepStrictEqual(uncoveredStatements([doc], outcomes), []);
        });

        it("the trail-tampering role may also read the log group's streams", async () => {
            const doc = runbookPolicy({ ...args, checksTrailDelivery: true });
            await expectDecisions({ identity: { doc } }, [row("checks delivery", "logs:DescribeLogStreams", trail, "Allowed", "QueryOrganizationTrail")]);
        });

        it("EventBridge may start this runbook only, passing the runbook role to Systems Manager only", async () => {
            const definition = "arn:aws:ssm:eu-west-1:222222222222:automation-definition/lz-runbook-root-use:$DEFAULT";
            const doc = runbookStartPolicy(definition, ROLE);
            await expectValidDocuments({ doc });
            const events = "arn:aws:sts::222222222222:assumed-role/landing-zone-runbook-root-use-start/events";
            const pass = (service: string) => ({ "iam:PassedToService": service });
            const outcomes = await expectDecisions({ identity: { doc } }, [
                {
                    description: "starts its runbook",
                    principal: events,
                    action: "ssm:StartAutomationExecution",
                    resource: definition,
                    expected: "Allowed",
                    statement: "StartThisRunbook",
                },
                {
                    description: "not another runbook",
                    principal: events,
                    action: "ssm:StartAutomationExecution",
                    resource: definition.replace("root-use", "exposed-bucket"),
                    expected: "ImplicitlyDenied",
                },
                {
                    description: "passes the runbook role to SSM",
                    principal: events,
                    action: "iam:PassRole",
                    resource: ROLE,
                    context: pass("ssm.amazonaws.com"),
                    expected: "Allowed",
                    statement: "PassRunbookRole",
                },
                {
                    description: "not to Lambda",
                    principal: events,
                    action: "iam:PassRole",
                    resource: ROLE,
                    context: pass("lambda.amazonaws.com"),
                    expected: "ImplicitlyDenied",
                },
                {
                    description: "not another role",
                    principal: events,
                    action: "iam:PassRole",
                    resource: "arn:aws:iam::222222222222:role/landing-zone-platform",
                    context: pass("ssm.amazonaws.com"),
                    expected: "ImplicitlyDenied",
                },
            ]);
            assert.deepStrictEqual(uncoveredStatements([doc], outcomes), []);
        });
    });

    describeStackGraphs(
        (stack) => `the ${stack} graph`,
        ({ ofType }) => {
            it("one runbook per alert class in the security-tooling account's home region, with its role, custom action and start rule wired", () => {
                const documents = ofType("aws:ssm/document:Document").filter((d) => String((d.inputs as Inputs).name).startsWith("lz-runbook-"));
                assert.deepStrictEqual(documents.map((d) => (d.inputs as Inputs).name).sort(), RUNBOOKS.map(runbookName).sort());
                const tooling = ofType("aws:securityhub/account:Account")[0];
                for (const runbook of RUNBOOKS) {
                    const name = runbookName(runbook);
                    const doc = documents.find((d) => (d.inputs as Inputs).name === name)!;
                    assert.strictEqual(doc.account, tooling.account, `${name} in the Security Hub administrator's account`);
                    assert.strictEqual(doc.region, tooling.region);
                    const inputs = doc.inputs as Inputs;
                    assert.strictEqual(inputs.documentType, "Automation");
                    assert.deepStrictEqual(documentProblems(JSON.parse(inputs.content)), [], name);
                    const inComponent = (r: ReportResource) => r.parent === doc.parent;
                    const [role] = ofType("aws:iam/role:Role").filter((r) => inComponent(r) && (r.inputs as Inputs).name === `landing-zone-runbook-${runbook}`);
                    assert.ok(role, `${name} has its own role`);
                    assert.match(JSON.parse((role.inputs as Inputs).assumeRolePolicy).Statement[0].Principal.Service, /^ssm\.amazonaws\.com$/);
                    const [action] = ofType("aws:securityhub/actionTarget:ActionTarget").filter(inComponent);
                    assert.strictEqual((action.inputs as Inputs).identifier, RUNBOOK_SPECS[runbook].actionId);
                    const [rule] = ofType("aws:cloudwatch/eventRule:EventRule").filter(inComponent);
                    const pattern = JSON.parse((rule.inputs as Inputs).eventPattern);
                    assert.deepStrictEqual(pattern["detail-type"], [CUSTOM_ACTION_DETAIL_TYPE]);
                    assert.strictEqual((rule.inputs as Inputs).eventBusName, undefined, "the custom action's event arrives on the default bus");
                    assert.ok(rule.dependencies.includes(action.urn), `${name}: the rule matches its action's ARN`);
                    const [target] = ofType("aws:cloudwatch/eventTarget:EventTarget").filter(inComponent);
                    const t = target.inputs as Inputs;
                    assert.strictEqual(t.arn, `arn:aws:ssm:${doc.region}:${doc.account}:automation-definition/${name}:$DEFAULT`);
                    assert.ok(target.dependencies.includes(doc.urn), `${name}: the target waits for the document`);
                    const template = JSON.parse(t.inputTransformer.inputTemplate.replace(/<[a-z]+>/g, "x"));
                    for (const p of Object.keys(template))
                        assert.ok(p in JSON.parse(inputs.content).parameters, `${name}: the target passes unknown parameter ${p}`);
                    const [startRole] = ofType("aws:iam/role:Role").filter(
                        (r) => inComponent(r) && (r.inputs as Inputs).name === `landing-zone-runbook-${runbook}-start`,
                    );
                    assert.ok(target.dependencies.includes(startRole.urn), `${name}: the target uses its start role`);
                    assert.ok(doc.dependencies.includes(action.urn) === false);
                }
            });

            it("alert rules name the runbooks responders start for them", () => {
                const rules = ofType("aws:cloudwatch/eventRule:EventRule").filter((r) => String((r.inputs as Inputs).name).startsWith("lz-alert-"));
                const named = new Set(rules.flatMap((r) => String((r.inputs as Inputs).description).match(/lz-runbook-[a-z-]+/g) ?? []));
                assert.deepStrictEqual(
                    RUNBOOKS.map(runbookName).filter((n) => !named.has(n)),
                    [],
                );
                for (const r of rules) assert.ok(String((r.inputs as Inputs).description).length <= 512, `${(r.inputs as Inputs).name}: description over 512`);
            });
        },
    );
});
