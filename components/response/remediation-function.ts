import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { toJson } from "../policies/document";
import { deadLetterQueuePolicy, remediationFunctionPolicy, serviceTrustPolicy } from "../policies/response";
import { remediationRoleName } from "../shared/names";
import { handlerArchive, LAMBDA_RUNTIME } from "./bundle";
import { deadLetterQueue } from "./dead-letter";
import { EventPattern, Remediation, REMEDIATIONS } from "./patterns";

/** EventBridge keeps trying to invoke the function for an hour (throttling, service errors). */
export const REMEDIATION_RETRY_POLICY = { maximumEventAgeInSeconds: 3600, maximumRetryAttempts: 24 } as const;
/** Lambda retries a failed asynchronous invocation twice before it goes to the dead-letter queue. */
export const REMEDIATION_ASYNC_RETRIES = 2;

export interface RemediationFunctionArgs {
    /** Which remediation: names the handler, the function and the remediation role. */
    readonly remediation: Remediation;
    /** Rules on the central bus that invoke the function, by stable key. */
    readonly triggers: Readonly<Record<string, EventPattern>>;
    /** Name of the central security event bus. */
    readonly busName: pulumi.Input<string>;
    /** Organization whose remediation roles the function may assume. */
    readonly organizationId: pulumi.Input<string>;
    /** AWS partition of the organization. */
    readonly partition: string;
    /** Region the function runs in (the security-tooling account's home region). */
    readonly region: string;
    /** Security-tooling account id (confused-deputy guard on the function role's trust). */
    readonly accountId: pulumi.Input<string>;
    /** Accounts holding this remediation's role; events from any other account are rejected. */
    readonly targetAccountIds: readonly pulumi.Input<string>[];
    /** Regions this remediation's events come from; events naming any other region are rejected. */
    readonly targetRegions: readonly string[];
    /** Log intended changes instead of making them. */
    readonly dryRun: boolean;
    /** KMS key (messaging purpose) encrypting the dead-letter queue. */
    readonly messagingKeyArn: pulumi.Input<string>;
    /** KMS key (logs purpose) encrypting the function's log group. */
    readonly logsKeyArn: pulumi.Input<string>;
    /** Customer-managed key (the account's secrets key) encrypting the function's environment variables. */
    readonly environmentKeyArn: pulumi.Input<string>;
    /** Log retention in days. */
    readonly logRetentionDays: number;
    /** Topic alarmed when an event ends in the dead-letter queue. */
    readonly deadLetterAlarmTopicArn: pulumi.Input<string>;
    /** Extra environment for the handler (for example the organization trail's bucket). */
    readonly environment?: Readonly<Record<string, pulumi.Input<string>>>;
}

/**
 * One remediation Lambda in the security-tooling account: its bundled handler, a role that can only
 * assume its remediation role in the organization's accounts, JSON logs in an encrypted log group, the
 * central-bus rules that invoke it with a retry policy, and an encrypted dead-letter queue for events
 * that still fail (both EventBridge delivery failures and failed invocations land there).
 */
export class RemediationFunction extends pulumi.ComponentResource {
    readonly functionName: string;
    readonly role: aws.iam.Role;
    readonly roleArn: pulumi.Output<string>;
    readonly function: aws.lambda.Function;
    readonly deadLetterQueueArn: pulumi.Output<string>;

    constructor(name: string, args: RemediationFunctionArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:response:RemediationFunction", name, {}, opts);
        if (!REMEDIATIONS.includes(args.remediation)) {
            throw new Error(`RemediationFunction ${name}: remediation "${args.remediation}" has no handler (expected one of ${REMEDIATIONS.join(", ")})`);
        }
        if (args.targetRegions.length === 0)
            throw new Error(`RemediationFunction ${name}: targetRegions is empty; pass the regions its events come from (the allowed regions)`);
        if (Object.keys(args.triggers).length === 0)
            throw new Error(`RemediationFunction ${name}: triggers is empty; pass its patterns from remediationTriggers()`);
        if (args.targetAccountIds.length === 0)
            throw new Error(`RemediationFunction ${name}: targetAccountIds is empty; list the accounts holding its remediation role`);

        this.functionName = `lz-remediation-${args.remediation}`;
        const dlq = deadLetterQueue(
            name,
            { queueName: `${this.functionName}-dlq`, kmsKeyArn: args.messagingKeyArn, alarmTopicArn: args.deadLetterAlarmTopicArn },
            this,
        );
        this.deadLetterQueueArn = dlq.arn;

        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-logs`,
            { name: `/aws/lambda/${this.functionName}`, retentionInDays: args.logRetentionDays, kmsKeyId: args.logsKeyArn },
            // The function's log is the record of what automation changed in which account: keep it.
            { parent: this },
        );

        this.role = new aws.iam.Role(
            `${name}-role`,
            {
                name: `${remediationRoleName(args.remediation)}-fn`,
                description: `Runs ${this.functionName}; can only assume ${remediationRoleName(args.remediation)} in the organization`,
                assumeRolePolicy: pulumi.output(args.accountId).apply((id) => toJson(serviceTrustPolicy("lambda.amazonaws.com", id))),
                maxSessionDuration: 3600,
            },
            { parent: this },
        );
        this.roleArn = this.role.arn;
        const policy = new aws.iam.RolePolicy(
            `${name}-role-policy`,
            {
                role: this.role.name,
                name: "remediation-function",
                policy: pulumi
                    .all([args.organizationId, dlq.arn, args.messagingKeyArn, logGroup.arn, args.environmentKeyArn])
                    .apply(([org, queue, key, logs, envKey]) =>
                        toJson(
                            remediationFunctionPolicy({
                                partition: args.partition,
                                region: args.region,
                                organizationId: org,
                                remediationRoleName: remediationRoleName(args.remediation),
                                deadLetterQueueArn: queue,
                                queueKeyArn: key,
                                logGroupArn: logs,
                                environmentKeyArn: envKey,
                            }),
                        ),
                    ),
            },
            { parent: this },
        );

        this.function = new aws.lambda.Function(
            `${name}-function`,
            {
                name: this.functionName,
                description: `Automated incident response: ${args.remediation}`,
                runtime: LAMBDA_RUNTIME,
                architectures: ["arm64"],
                handler: "index.handler",
                code: handlerArchive(args.remediation),
                role: this.role.arn,
                // Environment variables name roles and buckets: encrypt them with the account's secrets key.
                kmsKeyArn: args.environmentKeyArn,
                timeout: 120,
                memorySize: 256,
                loggingConfig: { logFormat: "JSON", logGroup: logGroup.name, applicationLogLevel: "INFO", systemLogLevel: "WARN" },
                environment: {
                    variables: {
                        DRY_RUN: String(args.dryRun),
                        REMEDIATION_ROLE_NAME: remediationRoleName(args.remediation),
                        TARGET_ACCOUNTS: pulumi.all([...args.targetAccountIds]).apply((ids) => [...ids].sort().join(",")),
                        TARGET_REGIONS: [...args.targetRegions].sort().join(","),
                        ...args.environment,
                    },
                },
            },
            { parent: this, dependsOn: [policy, logGroup] },
        );
        new aws.lambda.FunctionEventInvokeConfig(
            `${name}-async`,
            {
                functionName: this.function.name,
                maximumRetryAttempts: REMEDIATION_ASYNC_RETRIES,
                maximumEventAgeInSeconds: REMEDIATION_RETRY_POLICY.maximumEventAgeInSeconds,
                destinationConfig: { onFailure: { destination: dlq.arn } },
            },
            { parent: this, dependsOn: [policy] },
        );

        const rules = Object.entries(args.triggers).map(([key, pattern]) => {
            const rule = new aws.cloudwatch.EventRule(
                `${name}-${key}`,
                {
                    name: `lz-remediate-${args.remediation}-${key}`,
                    eventBusName: args.busName,
                    description: `Invoke ${this.functionName} (${key})`,
                    eventPattern: JSON.stringify(pattern),
                    state: "ENABLED",
                },
                { parent: this },
            );
            const invoke = new aws.lambda.Permission(
                `${name}-${key}-invoke`,
                { function: this.function.name, action: "lambda:InvokeFunction", principal: "events.amazonaws.com", sourceArn: rule.arn },
                { parent: this },
            );
            return { key, rule, invoke };
        });
        const dlqPolicy = new aws.sqs.QueuePolicy(
            `${name}-dlq-policy`,
            {
                queueUrl: dlq.url,
                policy: pulumi
                    .all([dlq.arn, pulumi.all(rules.map((r) => r.rule.arn))])
                    .apply(([arn, ruleArns]) => toJson(deadLetterQueuePolicy(arn, ruleArns))),
            },
            { parent: this },
        );
        // Targets last: an invocation or dead letter refused for want of a policy is not retried.
        for (const { key, rule, invoke } of rules) {
            new aws.cloudwatch.EventTarget(
                `${name}-${key}-target`,
                {
                    rule: rule.name,
                    eventBusName: args.busName,
                    arn: this.function.arn,
                    retryPolicy: REMEDIATION_RETRY_POLICY,
                    deadLetterConfig: { arn: dlq.arn },
                },
                { parent: this, dependsOn: [invoke, dlqPolicy] },
            );
        }
        this.registerOutputs({ functionName: this.functionName, roleArn: this.roleArn, deadLetterQueueArn: this.deadLetterQueueArn });
    }
}
