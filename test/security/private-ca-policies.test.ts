import * as assert from "assert";
import { crlKeyPolicy } from "../../components/policies/kms";
import { dataPerimeterRcp } from "../../components/policies/rcp";
import { crlBucketPolicy } from "../../components/policies/s3";
import { expectDecisions, requestsBy, resolveEncryptionContext, SimulationOutcome, SimulationRequest, uncoveredStatements } from "../support/iam-simulation";
import { expectValidDocuments } from "../support/iam-documents";
import { inOrg, LOG_ARCHIVE, ORG_ID, OTHER_ORG_ID, OUTSIDER, overTls, REGION, SECURITY_TOOLING, session, WORKLOAD } from "../data/fixtures";

const BUCKET = `lz-dev-private-ca-crl-111111111111-${REGION}`;
const bucket = `arn:aws:s3:::${BUCKET}`;
const crl = `${bucket}/crl/0f4c2a1e-8b3d-4e5f-9a6b-7c8d9e0f1a2b.crl`;
const caArn = (account: string, region = REGION) => `arn:aws:acm-pca:${region}:${account}:certificate-authority/0f4c2a1e-8b3d-4e5f-9a6b-7c8d9e0f1a2b`;
/** What AWS Private CA's requests carry: the CA, its account and (the account being in an organization) the organization. */
const fromCa = (account = SECURITY_TOOLING, region = REGION, org = ORG_ID) =>
    overTls({ "aws:SourceArn": caArn(account, region), "aws:SourceAccount": account, "aws:SourceOrgID": org });

const policy = crlBucketPolicy({ partition: "aws", bucketName: BUCKET, organizationId: ORG_ID, caAccountId: SECURITY_TOOLING, caRegion: REGION });
const keyPolicy = crlKeyPolicy({
    partition: "aws",
    region: REGION,
    accountId: LOG_ARCHIVE,
    organizationId: ORG_ID,
    administratorRoleNames: ["OrganizationAccountAccessRole"],
    objectArns: [`${bucket}/crl/*`, `${bucket}/acm-pca-permission-test-key`, `${bucket}/acm-pca-permission-test-key-private`],
    caAccountId: SECURITY_TOOLING,
    caRegion: REGION,
});

/** Principals' rows on the log-archive bucket or key: a workload and an investigator of the organization, an outsider. */
const onArchive = (principal: string, context: Record<string, string>) => {
    const rows = requestsBy(principal, context);
    return (...args: Parameters<typeof rows>) => ({ resourceAccount: LOG_ARCHIVE, ...rows(...args) });
};
const workload = onArchive(session(WORKLOAD, "service"), inOrg());
const investigator = onArchive(session(SECURITY_TOOLING, "investigator"), inOrg());
const outsider = onArchive(session(OUTSIDER, "reader"), inOrg({}, OTHER_ORG_ID));

const pca = (
    description: string,
    action: string,
    resource: string,
    expected: SimulationRequest["expected"],
    context: Record<string, string>,
    statement?: string,
) => ({
    description,
    principal: "acm-pca.amazonaws.com",
    action,
    resource,
    resourceAccount: LOG_ARCHIVE,
    context,
    expected,
    statement,
});

describe("private CA: the CRL bucket policy (simulated)", () => {
    const rows: SimulationRequest[] = [
        pca("a CA of security tooling writes its CRL", "s3:PutObject", crl, "Allowed", fromCa(), "PrivateCaWritesCrls"),
        pca("a CA of security tooling sets the owner's ACL on its CRL", "s3:PutObjectAcl", crl, "Allowed", fromCa(), "PrivateCaWritesCrls"),
        pca(
            "a CA being created writes its permission test object",
            "s3:PutObject",
            `${bucket}/acm-pca-permission-test-key`,
            "Allowed",
            fromCa(),
            "PrivateCaWritesCrls",
        ),
        pca("a CA of security tooling checks the bucket ACL", "s3:GetBucketAcl", bucket, "Allowed", fromCa(), "PrivateCaChecksBucket"),
        pca("a CA of security tooling checks the bucket location", "s3:GetBucketLocation", bucket, "Allowed", fromCa(), "PrivateCaChecksBucket"),
        pca("a CA of another account writes a CRL", "s3:PutObject", crl, "ImplicitlyDenied", fromCa(OUTSIDER, REGION, OTHER_ORG_ID)),
        pca("a CA of another organization account writes a CRL", "s3:PutObject", crl, "ImplicitlyDenied", fromCa(WORKLOAD)),
        pca("a CA of security tooling in another region writes a CRL", "s3:PutObject", crl, "ImplicitlyDenied", fromCa(SECURITY_TOOLING, "us-east-1")),
        pca(
            "acm-pca naming the security-tooling account but no CA",
            "s3:PutObject",
            crl,
            "ImplicitlyDenied",
            overTls({ "aws:SourceArn": `arn:aws:s3:::another-bucket`, "aws:SourceAccount": SECURITY_TOOLING, "aws:SourceOrgID": ORG_ID }),
        ),
        pca("a CA of security tooling writes outside crl/", "s3:PutObject", `${bucket}/audit-report/x.json`, "ImplicitlyDenied", fromCa()),
        pca(
            "a CA of security tooling writes without TLS",
            "s3:PutObject",
            crl,
            "ExplicitlyDenied",
            { ...fromCa(), "aws:SecureTransport": "false" },
            "DenyWithoutTls",
        ),
        workload("a workload of the organization reads a CRL", "s3:GetObject", crl, "Allowed", { statement: "OrganizationReadsCrls" }),
        workload("a workload of the organization reads a CRL over TLS", "s3:GetObject", crl, "Allowed", { statement: "DenyWithoutTls" }),
        investigator("a principal of the organization reads a CRL", "s3:GetObject", crl, "Allowed", { statement: "DenyOutsideOrganization" }),
        workload("a workload of the organization reads a CRL without TLS", "s3:GetObject", crl, "ExplicitlyDenied", {
            context: { ...inOrg(), "aws:SecureTransport": "false" },
            statement: "DenyWithoutTls",
        }),
        outsider("a principal outside the organization reads a CRL", "s3:GetObject", crl, "ExplicitlyDenied", { statement: "DenyOutsideOrganization" }),
        workload("a workload of the organization overwrites a CRL", "s3:PutObject", crl, "ImplicitlyDenied"),
    ];

    it("is a valid bucket policy", async () => {
        await expectValidDocuments({ policy });
    });

    it("admits AWS Private CA for security tooling's CAs only, over TLS, and lets the organization read CRLs", async () => {
        const outcomes = await expectDecisions({ resourcePolicy: policy }, rows);
        assert.deepStrictEqual(uncoveredStatements([policy], outcomes), []);
    });

    it("passes the organization's RCP: AWS Private CA names the CA's organization", async () => {
        const rcp = dataPerimeterRcp({ organizationId: ORG_ID });
        await expectDecisions({ rcps: { rcp }, resourcePolicy: policy }, [
            pca("a CA of security tooling writes its CRL", "s3:PutObject", crl, "Allowed", fromCa()),
        ]);
    });
});

describe("private CA: the CRL key policy (simulated)", () => {
    const key = `arn:aws:kms:${REGION}:${LOG_ARCHIVE}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
    const context = (object: string, from = fromCa()) => ({ ...from, "kms:EncryptionContext:aws:s3:arn": object });

    it("lets AWS Private CA encrypt objects of the CRL bucket for security tooling's CAs, and the organization decrypt through S3", async () => {
        await expectValidDocuments({ keyPolicy });
        const rows: SimulationRequest[] = [
            pca("a CA of security tooling encrypts its CRL", "kms:GenerateDataKey", key, "Allowed", context(crl), "PrivateCaEncryptsCrls"),
            pca(
                "a CA of security tooling encrypts an object of another bucket",
                "kms:GenerateDataKey",
                key,
                "ImplicitlyDenied",
                context("arn:aws:s3:::other/crl/x.crl"),
            ),
            pca("a CA of another account encrypts a CRL", "kms:GenerateDataKey", key, "ImplicitlyDenied", context(crl, fromCa(OUTSIDER, REGION, OTHER_ORG_ID))),
            workload("a workload of the organization decrypts a CRL through S3", "kms:Decrypt", key, "Allowed", {
                context: inOrg({ "kms:ViaService": `s3.${REGION}.amazonaws.com` }),
                statement: "OrganizationDecryptsThroughS3",
            }),
            workload("a workload of the organization decrypts directly", "kms:Decrypt", key, "ImplicitlyDenied"),
            {
                description: "the deployer administers the key",
                principal: `arn:aws:iam::${LOG_ARCHIVE}:role/OrganizationAccountAccessRole`,
                action: "kms:ScheduleKeyDeletion",
                resource: key,
                resourceAccount: LOG_ARCHIVE,
                context: inOrg(),
                expected: "Allowed",
                statement: "KeyAdministration",
            },
        ];
        // The simulator drops kms:EncryptionContext:aws:s3:arn (a key with colons): each row is decided on
        // the key policy with that condition resolved against the row's own context.
        const outcomes: SimulationOutcome[] = [];
        for (const row of rows) {
            const { ["kms:EncryptionContext:aws:s3:arn"]: _object, ...rest } = (row.context ?? {}) as Record<string, string>;
            outcomes.push(
                ...(await expectDecisions({ resourcePolicy: resolveEncryptionContext(keyPolicy, row.context as Record<string, string>) }, [
                    { ...row, context: rest },
                ])),
            );
        }
        assert.deepStrictEqual(uncoveredStatements([keyPolicy], outcomes), []);
    });
});
