/** Accounts, resources and request rows the response policy tests share. */
import { PolicySet, SimulationRequest } from "../support/iam-simulation";
import { PolicyDocument } from "../../components/policies/document";
import { remediationFunctionPolicy } from "../../components/policies/response";
import { remediationRoleName } from "../../components/shared/names";

export const ORG = "o-abc123def4";
export const OTHER_ORG = "o-zzz999yyy8";
export const TOOLING = "444455556666";
export const WORKLOAD = "111122223333";
export const BUS = `arn:aws:events:eu-west-1:${TOOLING}:event-bus/landing-zone-security`;
export const TOPIC = `arn:aws:sns:eu-west-1:${TOOLING}:lz-security-critical`;
export const QUEUE = `arn:aws:sqs:eu-west-1:${TOOLING}:lz-remediation-isolate-instance-dlq`;
export const RULE = `arn:aws:events:eu-west-1:${TOOLING}:rule/landing-zone-security/isolate-instance-guardduty`;
export const KEY = `arn:aws:kms:eu-west-1:${TOOLING}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
export const LOG_GROUP = `arn:aws:logs:eu-west-1:${TOOLING}:log-group:/aws/lambda/lz-remediation-isolate-instance`;
export const FUNCTION_ROLE = `arn:aws:iam::${TOOLING}:role/landing-zone-remediation-isolate-instance-fn`;

export const ENV_KEY = `arn:aws:kms:eu-west-1:${TOOLING}:key/abcd1234-12ab-34cd-56ef-1234567890ab`;

export const functionPolicy = remediationFunctionPolicy({
    partition: "aws",
    region: "eu-west-1",
    organizationId: ORG,
    remediationRoleName: remediationRoleName("isolate-instance"),
    deadLetterQueueArn: QUEUE,
    queueKeyArn: KEY,
    logGroupArn: LOG_GROUP,
    environmentKeyArn: ENV_KEY,
});

export const forwarderRole = `arn:aws:iam::${WORKLOAD}:role/landing-zone-security-event-forwarder`;
export const outsider = "arn:aws:iam::999988887777:role/intruder";
export const remediationRole = (r: string, account = WORKLOAD) => `arn:aws:iam::${account}:role/${remediationRoleName(r)}`;
export const sg = `arn:aws:ec2:eu-west-1:${WORKLOAD}:security-group/sg-0d1e2f3a4b5c6d7e8`;
export const instance = `arn:aws:ec2:eu-west-1:${WORKLOAD}:instance/i-0a1b2c3d4e5f67890`;
export const quarantineTag = { "aws:ResourceTag/landing-zone:purpose": "quarantine" };
export const TLS = { "aws:SecureTransport": "true" };
export const inOrg = { "aws:PrincipalOrgID": ORG };

export interface Table {
    readonly policies: PolicySet;
    /** Documents whose every statement the table must exercise. */
    readonly covers: readonly PolicyDocument[];
    readonly requests: readonly SimulationRequest[];
}

export const row = (
    description: string,
    principal: string,
    action: string,
    resource: string,
    expected: SimulationRequest["expected"],
    statement?: string,
    context: Record<string, string | string[]> = {},
): SimulationRequest => ({ description, principal, action, resource, expected, statement, context: { ...TLS, ...context } });
