import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { assertUnique } from "../shared/lists";

/** Severity of the SNS topic an alarm notifies. */
export type CisAlarmSeverity = "critical" | "high";

/** One CIS AWS Foundations monitoring control: a metric filter on the trail log group and its alarm. */
export interface CisAlarmSpec {
    /** Logical name; also the metric name. */
    readonly name: string;
    /** CIS AWS Foundations Benchmark control (v1.4 numbering, kept by Security Hub as CloudWatch.N). */
    readonly control: string;
    readonly description: string;
    readonly pattern: string;
    readonly severity: CisAlarmSeverity;
    /** Matching events in five minutes that raise the alarm (default 1: every one). */
    readonly threshold?: number;
}

const anyEvent = (names: readonly string[]) => names.map((n) => `($.eventName = ${n})`).join(" || ");

/** Revocations in five minutes that look like an incident (or a compromised caller) rather than routine rotation. */
export const REVOCATION_BURST = 10;

/**
 * The CIS monitoring controls, plus break-glass role use (one alarm per emergency role set) and, with
 * the private CAs on, the changes a security team pages on: a CA deleted, its revocation or certificate
 * replaced, its resource policy changed, or a burst of revocations.
 */
export function cisAlarmSpecs(breakGlassRoleNames: readonly string[], options: { readonly privateCa?: boolean } = {}): readonly CisAlarmSpec[] {
    const specs: CisAlarmSpec[] = [
        {
            name: "unauthorized-api-calls",
            control: "CloudWatch.2",
            description: "Unauthorized API calls",
            pattern:
                '{ (($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*")) && ($.sourceIPAddress != "delivery.logs.amazonaws.com") && ($.eventName != "HeadBucket") }',
            severity: "high",
        },
        {
            name: "console-signin-without-mfa",
            control: "CloudWatch.3",
            description: "Console sign-in without MFA",
            pattern:
                '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
            severity: "high",
        },
        {
            name: "root-usage",
            control: "CloudWatch.1",
            description: "Use of the root user",
            pattern: '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
            severity: "critical",
        },
        {
            name: "iam-policy-changes",
            control: "CloudWatch.4",
            description: "IAM policy changes",
            pattern: `{ ($.eventSource = iam.amazonaws.com) && (${anyEvent([
                "DeleteGroupPolicy",
                "DeleteRolePolicy",
                "DeleteUserPolicy",
                "PutGroupPolicy",
                "PutRolePolicy",
                "PutUserPolicy",
                "CreatePolicy",
                "DeletePolicy",
                "CreatePolicyVersion",
                "DeletePolicyVersion",
                "SetDefaultPolicyVersion",
                "AttachRolePolicy",
                "DetachRolePolicy",
                "AttachUserPolicy",
                "DetachUserPolicy",
                "AttachGroupPolicy",
                "DetachGroupPolicy",
            ])}) }`,
            severity: "high",
        },
        {
            name: "cloudtrail-changes",
            control: "CloudWatch.5",
            description: "CloudTrail configuration changes",
            pattern: `{ ${anyEvent(["CreateTrail", "UpdateTrail", "DeleteTrail", "StartLogging", "StopLogging"])} }`,
            severity: "critical",
        },
        {
            name: "console-auth-failures",
            control: "CloudWatch.6",
            description: "Console authentication failures",
            pattern: '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }',
            severity: "high",
        },
        {
            name: "cmk-disable-delete",
            control: "CloudWatch.7",
            description: "Customer-managed KMS keys disabled or scheduled for deletion",
            pattern: `{ ($.eventSource = kms.amazonaws.com) && (${anyEvent(["DisableKey", "ScheduleKeyDeletion"])}) }`,
            severity: "critical",
        },
        {
            name: "s3-bucket-policy-changes",
            control: "CloudWatch.8",
            description: "S3 bucket policy changes",
            pattern: `{ ($.eventSource = s3.amazonaws.com) && (${anyEvent([
                "PutBucketAcl",
                "PutBucketPolicy",
                "PutBucketCors",
                "PutBucketLifecycle",
                "PutBucketReplication",
                "DeleteBucketPolicy",
                "DeleteBucketCors",
                "DeleteBucketLifecycle",
                "DeleteBucketReplication",
            ])}) }`,
            severity: "high",
        },
        {
            name: "config-changes",
            control: "CloudWatch.9",
            description: "AWS Config configuration changes",
            pattern: `{ ($.eventSource = config.amazonaws.com) && (${anyEvent([
                "StopConfigurationRecorder",
                "DeleteDeliveryChannel",
                "PutDeliveryChannel",
                "PutConfigurationRecorder",
            ])}) }`,
            severity: "high",
        },
        {
            name: "security-group-changes",
            control: "CloudWatch.10",
            description: "Security group changes",
            pattern: `{ ${anyEvent([
                "AuthorizeSecurityGroupIngress",
                "AuthorizeSecurityGroupEgress",
                "RevokeSecurityGroupIngress",
                "RevokeSecurityGroupEgress",
                "CreateSecurityGroup",
                "DeleteSecurityGroup",
            ])} }`,
            severity: "high",
        },
        {
            name: "nacl-changes",
            control: "CloudWatch.11",
            description: "Network ACL changes",
            pattern: `{ ${anyEvent([
                "CreateNetworkAcl",
                "CreateNetworkAclEntry",
                "DeleteNetworkAcl",
                "DeleteNetworkAclEntry",
                "ReplaceNetworkAclEntry",
                "ReplaceNetworkAclAssociation",
            ])} }`,
            severity: "high",
        },
        {
            name: "network-gateway-changes",
            control: "CloudWatch.12",
            description: "Network gateway changes",
            pattern: `{ ${anyEvent([
                "CreateCustomerGateway",
                "DeleteCustomerGateway",
                "AttachInternetGateway",
                "CreateInternetGateway",
                "DeleteInternetGateway",
                "DetachInternetGateway",
            ])} }`,
            severity: "high",
        },
        {
            name: "route-table-changes",
            control: "CloudWatch.13",
            description: "Route table changes",
            pattern: `{ ($.eventSource = ec2.amazonaws.com) && (${anyEvent([
                "CreateRoute",
                "CreateRouteTable",
                "ReplaceRoute",
                "ReplaceRouteTableAssociation",
                "DeleteRouteTable",
                "DeleteRoute",
                "DisassociateRouteTable",
            ])}) }`,
            severity: "high",
        },
        {
            name: "vpc-changes",
            control: "CloudWatch.14",
            description: "VPC changes",
            pattern: `{ ${anyEvent([
                "CreateVpc",
                "DeleteVpc",
                "ModifyVpcAttribute",
                "AcceptVpcPeeringConnection",
                "CreateVpcPeeringConnection",
                "DeleteVpcPeeringConnection",
                "RejectVpcPeeringConnection",
            ])} }`,
            severity: "high",
        },
        {
            name: "organizations-changes",
            control: "CloudWatch.15",
            description: "AWS Organizations changes",
            pattern: `{ ($.eventSource = organizations.amazonaws.com) && (${anyEvent([
                "AcceptHandshake",
                "AttachPolicy",
                "CreateAccount",
                "CreateOrganizationalUnit",
                "CreatePolicy",
                "DeclineHandshake",
                "DeleteOrganization",
                "DeleteOrganizationalUnit",
                "DeletePolicy",
                "DetachPolicy",
                "DisablePolicyType",
                "EnablePolicyType",
                "InviteAccountToOrganization",
                "LeaveOrganization",
                "MoveAccount",
                "RemoveAccountFromOrganization",
                "UpdatePolicy",
                "UpdateOrganizationalUnit",
            ])}) }`,
            severity: "critical",
        },
        {
            // CloudWatch.5 keeps CIS's exact list; selectors can silence a trail that is still "logging".
            name: "cloudtrail-selector-changes",
            control: "landing-zone",
            description: "CloudTrail event or Insights selectors changed",
            pattern: `{ ($.eventSource = cloudtrail.amazonaws.com) && (${anyEvent(["PutEventSelectors", "PutInsightSelectors"])}) }`,
            severity: "critical",
        },
    ];
    if (options.privateCa) {
        specs.push(
            {
                name: "private-ca-changes",
                control: "landing-zone",
                description: "Private CA deleted, its revocation configuration, CA certificate or resource policy changed",
                pattern: `{ ($.eventSource = acm-pca.amazonaws.com) && (${anyEvent([
                    "DeleteCertificateAuthority",
                    "UpdateCertificateAuthority",
                    "ImportCertificateAuthorityCertificate",
                    "PutPolicy",
                    "DeletePolicy",
                ])}) }`,
                severity: "critical",
            },
            {
                name: "private-ca-revocation-burst",
                control: "landing-zone",
                description: `${REVOCATION_BURST} or more certificates revoked in five minutes`,
                pattern: `{ ($.eventSource = acm-pca.amazonaws.com) && ($.eventName = RevokeCertificate) && ($.errorCode NOT EXISTS) }`,
                severity: "high",
                threshold: REVOCATION_BURST,
            },
        );
    }
    if (breakGlassRoleNames.length > 0) {
        specs.push({
            name: "break-glass-use",
            control: "landing-zone",
            description: `Any API call made with a break-glass role (${breakGlassRoleNames.join(", ")})`,
            pattern: `{ ${breakGlassRoleNames.map((r) => `($.userIdentity.sessionContext.sessionIssuer.userName = "${r}")`).join(" || ")} }`,
            severity: "critical",
        });
    }
    return specs;
}

/** CloudWatch namespace of the CIS metrics. */
export const CIS_METRIC_NAMESPACE = "LandingZone/CIS";

/** The metric a control's filter publishes: its name in PascalCase ("root-usage" -> "RootUsage"). */
export function cisMetricName(spec: Pick<CisAlarmSpec, "name">): string {
    return spec.name.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase());
}

/** The alarm of a control. */
export function cisAlarmName(spec: Pick<CisAlarmSpec, "name">): string {
    return `cis-${spec.name}`;
}

export interface CisAlarmsArgs {
    /** The organization trail's log group (in this account and region), from the log group: a filter needs it to exist. */
    readonly logGroupName: pulumi.Input<string>;
    /** SNS topic ARNs by severity. */
    readonly topicArns: Readonly<Record<CisAlarmSeverity, pulumi.Input<string>>>;
    /** The controls to alarm on. */
    readonly specs: readonly CisAlarmSpec[];
}

/** CIS monitoring: a metric filter and an alarm per control on the organization trail's log group. */
export class CisAlarms extends pulumi.ComponentResource {
    readonly alarms: readonly aws.cloudwatch.MetricAlarm[];

    constructor(name: string, args: CisAlarmsArgs, opts: pulumi.ComponentResourceOptions) {
        super("landing-zone:security:CisAlarms", name, {}, opts);
        const names = args.specs.map((s) => s.name);
        assertUnique(`CisAlarms ${name}`, "specs", names, "control");
        for (const [sev, arn] of Object.entries(args.topicArns))
            if (typeof arn === "string" && !/^arn:aws[a-z-]*:sns:/.test(arn))
                throw new Error(`CisAlarms ${name}: topicArns.${sev} "${arn}" is not an SNS topic ARN`);
        const child = { parent: this };
        this.alarms = args.specs.map((spec) => {
            const metricName = cisMetricName(spec);
            const filter = new aws.cloudwatch.LogMetricFilter(
                `${name}-${spec.name}`,
                {
                    name: `cis-${spec.name}`,
                    logGroupName: args.logGroupName,
                    pattern: spec.pattern,
                    metricTransformation: { name: metricName, namespace: CIS_METRIC_NAMESPACE, value: "1", defaultValue: "0", unit: "Count" },
                },
                child,
            );
            return new aws.cloudwatch.MetricAlarm(
                `${name}-${spec.name}`,
                {
                    name: cisAlarmName(spec),
                    alarmDescription: `${spec.control}: ${spec.description}`,
                    namespace: CIS_METRIC_NAMESPACE,
                    metricName,
                    statistic: "Sum",
                    period: 300,
                    evaluationPeriods: 1,
                    threshold: spec.threshold ?? 1,
                    comparisonOperator: "GreaterThanOrEqualToThreshold",
                    treatMissingData: "notBreaching",
                    alarmActions: [args.topicArns[spec.severity]],
                },
                { ...child, dependsOn: [filter] },
            );
        });
        this.registerOutputs({});
    }
}
