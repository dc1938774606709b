import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { toJson } from "../policies/document";
import { compliancePublisherPolicy } from "../policies/operations";
import { serviceTrustPolicy } from "../policies/response";
import { handlerArchive, LAMBDA_RUNTIME } from "../response/bundle";
import { COMPLIANCE_NAMESPACE, COMPLIANCE_PUBLISHER_FUNCTION, COMPLIANCE_PUBLISHER_HANDLER } from "./compliance-metrics";

/** Security Hub and Config re-evaluate periodic checks about this often; a finer schedule only adds cost. */
export const COMPLIANCE_PUBLISH_SCHEDULE = "rate(1 hour)";

export interface CompliancePublisherArgs {
    /** The security-tooling account's home region: the aggregator, Security Hub's aggregation region, the dashboards. */
    readonly region: string;
    readonly partition: string;
    readonly accountId: pulumi.Input<string>;
    readonly aggregatorName: string;
    /** The aggregator: the publisher reads it, so it exists first. */
    readonly aggregator: pulumi.Resource;
    /** Configured Security Hub standards (dashboard name and ARN); empty when Security Hub is off. */
    readonly standards: readonly { readonly name: string; readonly arn: string }[];
    /** The organization trail (management account). */
    readonly trailArn: string;
    /** Every account and region the aggregator should hear from. */
    readonly accountIds: readonly pulumi.Input<string>[];
    readonly regions: readonly string[];
    /** KMS key (logs purpose) of the function's log group. */
    readonly logsKeyArn: pulumi.Input<string>;
    /** KMS key (secrets purpose) of the function's environment. */
    readonly environmentKeyArn: pulumi.Input<string>;
    readonly logRetentionDays: number;
}

/**
 * The compliance publisher: a scheduled function that turns the figures AWS keeps no metric for
 * (Security Hub scores, conformance-pack and rule compliance, trail and Config source status) into
 * LandingZone/Compliance metrics. Built like the remediations (same bundler, runtime, encrypted
 * environment and log group); its role only reads, and writes metrics in its namespace only.
 */
export class CompliancePublisher extends pulumi.ComponentResource {
    readonly function: aws.lambda.Function;
    readonly role: aws.iam.Role;
    readonly rule: aws.cloudwatch.EventRule;

    constructor(name: string, args: CompliancePublisherArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:operations:CompliancePublisher", name, {}, opts);
        if (args.regions.length === 0) throw new Error(`CompliancePublisher ${name}: regions is empty; pass every allowed region`);
        if (args.accountIds.length === 0) throw new Error(`CompliancePublisher ${name}: accountIds is empty; pass every account the aggregator covers`);
        const bad = args.standards.find((s) => s.name.includes("=") || s.name.includes(",") || !s.arn.startsWith("arn:"));
        if (bad) throw new Error(`CompliancePublisher ${name}: standard ${JSON.stringify(bad)} (expected a name without = or , and its ARN)`);

        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-logs`,
            { name: `/aws/lambda/${COMPLIANCE_PUBLISHER_FUNCTION}`, retentionInDays: args.logRetentionDays, kmsKeyId: args.logsKeyArn },
            { parent: this },
        );
        this.role = new aws.iam.Role(
            `${name}-role`,
            {
                name: "landing-zone-compliance-publisher",
                description: `Runs ${COMPLIANCE_PUBLISHER_FUNCTION}: reads compliance results, writes ${COMPLIANCE_NAMESPACE} metrics`,
                assumeRolePolicy: pulumi.output(args.accountId).apply((id) => toJson(serviceTrustPolicy("lambda.amazonaws.com", id))),
                maxSessionDuration: 3600,
            },
            { parent: this },
        );
        const policy = new aws.iam.RolePolicy(
            `${name}-role-policy`,
            {
                role: this.role.name,
                name: "compliance-publisher",
                policy: pulumi.all([args.accountId, logGroup.arn, args.environmentKeyArn]).apply(([accountId, logGroupArn, environmentKeyArn]) =>
                    toJson(
                        compliancePublisherPolicy({
                            partition: args.partition,
                            region: args.region,
                            accountId,
                            trailArn: args.trailArn,
                            namespace: COMPLIANCE_NAMESPACE,
                            logGroupArn,
                            environmentKeyArn,
                        }),
                    ),
                ),
            },
            { parent: this },
        );
        this.function = new aws.lambda.Function(
            `${name}-function`,
            {
                name: COMPLIANCE_PUBLISHER_FUNCTION,
                description: `Publishes ${COMPLIANCE_NAMESPACE} metrics: Security Hub scores, Config compliance, trail and recorder status`,
                runtime: LAMBDA_RUNTIME,
                architectures: ["arm64"],
                handler: "index.handler",
                code: handlerArchive(COMPLIANCE_PUBLISHER_HANDLER),
                role: this.role.arn,
                kmsKeyArn: args.environmentKeyArn,
                // Paging every active Security Hub control finding of a large organization takes minutes.
                timeout: 600,
                memorySize: 512,
                loggingConfig: { logFormat: "JSON", logGroup: logGroup.name, applicationLogLevel: "INFO", systemLogLevel: "WARN" },
                environment: {
                    variables: {
                        AGGREGATOR_NAME: args.aggregatorName,
                        STANDARDS: args.standards.map((s) => `${s.name}=${s.arn}`).join(","),
                        TRAIL_ARN: args.trailArn,
                        ACCOUNTS: pulumi.all([...args.accountIds]).apply((ids) => [...new Set(ids)].sort().join(",")),
                        REGIONS: [...args.regions].sort().join(","),
                    },
                },
            },
            { parent: this, dependsOn: [policy, logGroup, args.aggregator] },
        );
        this.rule = new aws.cloudwatch.EventRule(
            `${name}-schedule`,
            { name: "lz-compliance-publisher-schedule", description: `Run ${COMPLIANCE_PUBLISHER_FUNCTION}`, scheduleExpression: COMPLIANCE_PUBLISH_SCHEDULE },
            { parent: this },
        );
        const invoke = new aws.lambda.Permission(
            `${name}-invoke`,
            { function: this.function.name, action: "lambda:InvokeFunction", principal: "events.amazonaws.com", sourceArn: this.rule.arn },
            { parent: this },
        );
        new aws.cloudwatch.EventTarget(`${name}-target`, { rule: this.rule.name, arn: this.function.arn }, { parent: this, dependsOn: [invoke] });
        this.registerOutputs({ functionName: COMPLIANCE_PUBLISHER_FUNCTION });
    }
}
