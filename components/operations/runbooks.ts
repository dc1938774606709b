import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { toJson } from "../policies/document";
import { runbookPolicy, runbookStartPolicy } from "../policies/operations";
import { serviceTrustPolicy } from "../policies/response";
import { RunbookClass, runbookName, RUNBOOKS } from "../shared/names";
import { RUNBOOK_SPECS, RunbookApprovers, runbookDocument } from "./runbook-documents";

/** The event Security Hub sends when a responder picks a custom action on findings. */
export const CUSTOM_ACTION_DETAIL_TYPE = "Security Hub Findings - Custom Action";

export interface IncidentRunbookArgs {
    /** Which alert class. */
    readonly runbook: RunbookClass;
    readonly partition: string;
    /** The security-tooling account's home region: Security Hub's aggregation region. */
    readonly region: string;
    /** The security-tooling account id (the Security Hub administrator). */
    readonly accountId: pulumi.Input<string>;
    /** Log group receiving the organization trail in this account and region. */
    readonly trailLogGroup: string;
    /** Hours of trail the scoping step reads unless the responder says otherwise. */
    readonly lookbackHours: number;
    /** Minutes without a trail event after which the trail-tampering runbook's delivery check fails. */
    readonly deliveryToleranceMinutes: number;
    /** Who approves closing the finding; without them the runbook pauses for anyone allowed to resume it. */
    readonly approvers?: RunbookApprovers;
    /** Security Hub in this account, which the custom action needs; without it (Security Hub disabled) the runbook is started by hand only. */
    readonly securityHub?: pulumi.Resource;
}

/** The automation definition EventBridge starts: the document's default version. */
export function automationDefinitionArn(partition: string, region: string, accountId: string, documentName: string): string {
    return `arn:${partition}:ssm:${region}:${accountId}:automation-definition/${documentName}:$DEFAULT`;
}

/**
 * One incident-response runbook in the security-tooling account: the SSM Automation document, the role
 * it runs as (findings and the organization trail's log group, nothing else), the Security Hub custom
 * action a responder picks on a finding, and the default-bus rule that starts the runbook for that
 * finding with a role allowed to start this document and pass this role only.
 */
export class IncidentRunbook extends pulumi.ComponentResource {
    readonly documentName: string;
    readonly document: aws.ssm.Document;
    readonly role: aws.iam.Role;
    /** The custom action and the rule it starts the runbook through, when Security Hub is on. */
    readonly actionTarget?: aws.securityhub.ActionTarget;
    readonly rule?: aws.cloudwatch.EventRule;

    constructor(name: string, args: IncidentRunbookArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:operations:IncidentRunbook", name, {}, opts);
        if (!RUNBOOKS.includes(args.runbook))
            throw new Error(`IncidentRunbook ${name}: runbook "${args.runbook}" is not an alert class (expected one of ${RUNBOOKS.join(", ")})`);
        if (!Number.isInteger(args.lookbackHours) || args.lookbackHours < 1)
            throw new Error(`IncidentRunbook ${name}: lookbackHours is ${args.lookbackHours}; pass a whole number of hours, at least 1`);
        if (!Number.isInteger(args.deliveryToleranceMinutes) || args.deliveryToleranceMinutes < 1)
            throw new Error(
                `IncidentRunbook ${name}: deliveryToleranceMinutes is ${args.deliveryToleranceMinutes}; pass a whole number of minutes, at least 1`,
            );
        const spec = RUNBOOK_SPECS[args.runbook];
        this.documentName = runbookName(args.runbook);

        this.role = new aws.iam.Role(
            `${name}-role`,
            {
                name: `landing-zone-runbook-${args.runbook}`,
                description: `Runs the ${this.documentName} runbook: reads and updates findings, queries the organization trail`,
                assumeRolePolicy: pulumi.output(args.accountId).apply((id) => toJson(serviceTrustPolicy("ssm.amazonaws.com", id))),
                maxSessionDuration: 3600,
            },
            { parent: this },
        );
        const rolePolicy = new aws.iam.RolePolicy(
            `${name}-role-policy`,
            {
                role: this.role.name,
                name: "runbook",
                policy: pulumi.output(args.accountId).apply((accountId) =>
                    toJson(
                        runbookPolicy({
                            partition: args.partition,
                            region: args.region,
                            accountId,
                            trailLogGroup: args.trailLogGroup,
                            checksTrailDelivery: spec.checksTrailDelivery,
                        }),
                    ),
                ),
            },
            { parent: this },
        );
        this.document = new aws.ssm.Document(
            `${name}-document`,
            {
                name: this.documentName,
                documentType: "Automation",
                documentFormat: "JSON",
                content: this.role.arn.apply((roleArn) =>
                    JSON.stringify(
                        runbookDocument({
                            runbook: args.runbook,
                            roleArn,
                            trailLogGroup: args.trailLogGroup,
                            lookbackHours: args.lookbackHours,
                            deliveryToleranceMinutes: args.deliveryToleranceMinutes,
                            approvers: args.approvers,
                        }),
                    ),
                ),
            },
            // A runbook started before its role may act fails at its first step.
            { parent: this, dependsOn: [rolePolicy] },
        );

        if (args.securityHub) {
            const actionTarget = new aws.securityhub.ActionTarget(
                `${name}-action`,
                { identifier: spec.actionId, name: spec.actionName, description: `Start the ${this.documentName} runbook for the selected finding` },
                { parent: this, dependsOn: [args.securityHub] },
            );
            const rule = new aws.cloudwatch.EventRule(
                `${name}-start`,
                {
                    name: `${this.documentName}-start`,
                    description: `Security Hub custom action ${spec.actionId} starts ${this.documentName}`,
                    eventPattern: actionTarget.arn.apply((arn) =>
                        JSON.stringify({ source: ["aws.securityhub"], "detail-type": [CUSTOM_ACTION_DETAIL_TYPE], resources: [arn] }),
                    ),
                    state: "ENABLED",
                },
                { parent: this },
            );
            const definitionArn = pulumi.output(args.accountId).apply((id) => automationDefinitionArn(args.partition, args.region, id, this.documentName));
            const startRole = new aws.iam.Role(
                `${name}-start-role`,
                {
                    name: `landing-zone-runbook-${args.runbook}-start`,
                    description: `EventBridge starts ${this.documentName} with it`,
                    assumeRolePolicy: pulumi.output(args.accountId).apply((id) => toJson(serviceTrustPolicy("events.amazonaws.com", id))),
                    maxSessionDuration: 3600,
                },
                { parent: this },
            );
            const startPolicy = new aws.iam.RolePolicy(
                `${name}-start-role-policy`,
                {
                    role: startRole.name,
                    name: "start-runbook",
                    policy: pulumi.all([definitionArn, this.role.arn]).apply(([definition, roleArn]) => toJson(runbookStartPolicy(definition, roleArn))),
                },
                { parent: this },
            );
            new aws.cloudwatch.EventTarget(
                `${name}-start-target`,
                {
                    rule: rule.name,
                    arn: definitionArn,
                    roleArn: startRole.arn,
                    // Security Hub sends the selected findings; the runbook takes the first (pick one finding per run).
                    inputTransformer: {
                        inputPaths: {
                            finding: "$.detail.findings[0].Id",
                            product: "$.detail.findings[0].ProductArn",
                            account: "$.detail.findings[0].AwsAccountId",
                            subject: "$.detail.findings[0].Resources[0].Id",
                        },
                        inputTemplate: '{"FindingId":["<finding>"],"ProductArn":["<product>"],"AccountId":["<account>"],"Subject":["<subject>"]}',
                    },
                },
                // The runbook must exist, and EventBridge be allowed to start it, before the first event.
                { parent: this, dependsOn: [startPolicy, this.document] },
            );
            this.actionTarget = actionTarget;
            this.rule = rule;
        }
        this.registerOutputs({ documentName: this.documentName, roleArn: this.role.arn, actionTargetArn: this.actionTarget?.arn });
    }
}
