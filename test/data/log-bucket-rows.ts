import { strict as assert } from "assert";
import { logBucketPolicy, LOG_DELIVERY_SERVICES } from "../../components/policies/s3";
import { backupVaultPolicy } from "../../components/policies/backup-vault";
import { dataPerimeterRcp } from "../../components/policies/rcp";
import { LOG_BUCKET_KINDS, LogBucketKind } from "../../components/shared/names";
import type { PolicyDocument } from "../../components/policies/document";
import { expectDecisions, expectValidDocuments, SimulationOutcome, SimulationRequest, uncoveredStatements } from "../support/iam-simulation";
import { BACKUP, inOrg, LOG_ARCHIVE, MANAGEMENT, ORG_ID, OTHER_ORG_ID, OUTSIDER, overTls, SECURITY_TOOLING, session, TRAIL_ARN, WORKLOAD } from "./fixtures";

const bucketName = (kind: LogBucketKind) => `lz-dev-${kind}-${MANAGEMENT}-eu-west-1`;

function policy(kind: LogBucketKind): PolicyDocument {
    return logBucketPolicy({
        partition: "aws",
        bucketName: bucketName(kind),
        kind,
        organizationId: ORG_ID,
        managementAccountId: MANAGEMENT,
        organizationTrailArn: TRAIL_ARN,
        readerAccountIds: [SECURITY_TOOLING],
    });
}

/** Where each delivery service writes, and the context it writes with. */
const delivery: Record<Exclude<LogBucketKind, "cloudtrail">, { key: string; acl: boolean; check?: string }> = {
    config: { key: `AWSLogs/${WORKLOAD}/Config/eu-west-1/2026/11/23/ConfigSnapshot/x.json.gz`, acl: true, check: "s3:GetBucketAcl" },
    "flow-logs": { key: `AWSLogs/${WORKLOAD}/vpcflowlogs/eu-west-1/2026/11/23/x.log.gz`, acl: true, check: "s3:GetBucketAcl" },
    "network-firewall": { key: `AWSLogs/${WORKLOAD}/network-firewall/alert/eu-west-1/x.log.gz`, acl: true, check: "s3:ListBucket" },
    "dns-query-logs": { key: `AWSLogs/${WORKLOAD}/vpcdnsquerylogs/vpc-0abc/x.log.gz`, acl: true, check: "s3:GetBucketAcl" },
    "access-logs": { key: "flow-logs/2026-11-23-10-00-00-ABCDEF", acl: false },
    findings: { key: `AWSLogs/${WORKLOAD}/GuardDuty/eu-west-1/x.jsonl.gz`, acl: false, check: "s3:GetBucketLocation" },
};

function rows(kind: LogBucketKind): SimulationRequest[] {
    const bucket = `arn:aws:s3:::${bucketName(kind)}`;
    const object = `${bucket}/AWSLogs/${WORKLOAD}/some/log.gz`;
    const investigator = session(SECURITY_TOOLING, "investigator");
    const out: SimulationRequest[] = [
        {
            description: "security tooling reads a log",
            principal: investigator,
            action: "s3:GetObject",
            resource: object,
            resourceAccount: LOG_ARCHIVE,
            context: inOrg(),
            expected: "Allowed",
            statement: "ReaderAccountsRead",
        },
        {
            description: "security tooling lists the bucket",
            principal: investigator,
            action: "s3:ListBucket",
            resource: bucket,
            resourceAccount: LOG_ARCHIVE,
            context: inOrg(),
            expected: "Allowed",
            statement: "DenyOutsideOrganization",
        },
        {
            description: "security tooling over TLS is not refused for transport",
            principal: investigator,
            action: "s3:GetObject",
            resource: object,
            resourceAccount: LOG_ARCHIVE,
            context: inOrg(),
            expected: "Allowed",
            statement: "DenyWithoutTls",
        },
        {
            description: "security tooling cannot delete a log",
            principal: investigator,
            action: "s3:DeleteObject",
            resource: object,
            resourceAccount: LOG_ARCHIVE,
            context: inOrg(),
            expected: "ImplicitlyDenied",
        },
        {
            description: "security tooling cannot overwrite a log",
            principal: investigator,
            action: "s3:PutObject",
            resource: object,
            resourceAccount: LOG_ARCHIVE,
            context: inOrg(),
            expected: "ImplicitlyDenied",
        },
        {
            description: "a read over plain HTTP is denied",
            principal: investigator,
            action: "s3:GetObject",
            resource: object,
            resourceAccount: LOG_ARCHIVE,
            context: inOrg({ "aws:SecureTransport": "false" }),
            expected: "ExplicitlyDenied",
            statement: "DenyWithoutTls",
        },
        {
            description: "a principal outside the organization is denied",
            principal: session(OUTSIDER, "attacker"),
            action: "s3:GetObject",
            resource: object,
            resourceAccount: LOG_ARCHIVE,
            context: inOrg({}, OTHER_ORG_ID),
            expected: "ExplicitlyDenied",
            statement: "DenyOutsideOrganization",
        },
        {
            description: "even the log-archive account's own role outside... over HTTP is denied",
            principal: session(LOG_ARCHIVE, "operator"),
            action: "s3:PutBucketPolicy",
            resource: bucket,
            resourceAccount: LOG_ARCHIVE,
            context: inOrg({ "aws:SecureTransport": "false" }),
            expected: "ExplicitlyDenied",
            statement: "DenyWithoutTls",
        },
        {
            description: "an in-org workload role cannot write logs itself",
            principal: session(WORKLOAD, "app"),
            action: "s3:PutObject",
            resource: object,
            resourceAccount: LOG_ARCHIVE,
            context: inOrg({ "s3:x-amz-acl": "bucket-owner-full-control" }),
            expected: "ImplicitlyDenied",
        },
        {
            description: "an in-org workload role cannot read logs",
            principal: session(WORKLOAD, "app"),
            action: "s3:GetObject",
            resource: object,
            resourceAccount: LOG_ARCHIVE,
            context: inOrg(),
            expected: "ImplicitlyDenied",
        },
    ];
    if (kind === "cloudtrail") {
        const orgKey = `${bucket}/AWSLogs/${ORG_ID}/${WORKLOAD}/CloudTrail/eu-west-1/2026/11/23/x.json.gz`;
        const mgmtKey = `${bucket}/AWSLogs/${MANAGEMENT}/CloudTrail/eu-west-1/2026/11/23/x.json.gz`;
        out.push(
            {
                description: "the organization trail checks the bucket ACL",
                principal: "cloudtrail.amazonaws.com",
                action: "s3:GetBucketAcl",
                resource: bucket,
                resourceAccount: LOG_ARCHIVE,
                context: overTls({ "aws:SourceArn": TRAIL_ARN }),
                expected: "Allowed",
                statement: "OrganizationTrailChecksAcl",
            },
            {
                description: "the organization trail writes a member account's log",
                principal: "cloudtrail.amazonaws.com",
                action: "s3:PutObject",
                resource: orgKey,
                resourceAccount: LOG_ARCHIVE,
                context: overTls({ "aws:SourceArn": TRAIL_ARN, "s3:x-amz-acl": "bucket-owner-full-control" }),
                expected: "Allowed",
                statement: "OrganizationTrailWrites",
            },
            {
                description: "the organization trail writes the management account's log",
                principal: "cloudtrail.amazonaws.com",
                action: "s3:PutObject",
                resource: mgmtKey,
                resourceAccount: LOG_ARCHIVE,
                context: overTls({ "aws:SourceArn": TRAIL_ARN, "s3:x-amz-acl": "bucket-owner-full-control" }),
                expected: "Allowed",
            },
            {
                description: "another trail (even in the management account) cannot write",
                principal: "cloudtrail.amazonaws.com",
                action: "s3:PutObject",
                resource: mgmtKey,
                resourceAccount: LOG_ARCHIVE,
                context: overTls({ "aws:SourceArn": `arn:aws:cloudtrail:eu-west-1:${MANAGEMENT}:trail/shadow`, "s3:x-amz-acl": "bucket-owner-full-control" }),
                expected: "ImplicitlyDenied",
            },
            {
                description: "a trail of another organization cannot write",
                principal: "cloudtrail.amazonaws.com",
                action: "s3:PutObject",
                resource: `${bucket}/AWSLogs/${OUTSIDER}/x`,
                resourceAccount: LOG_ARCHIVE,
                context: overTls({ "aws:SourceArn": `arn:aws:cloudtrail:eu-west-1:${OUTSIDER}:trail/x`, "s3:x-amz-acl": "bucket-owner-full-control" }),
                expected: "ImplicitlyDenied",
            },
            {
                description: "the trail cannot write outside AWSLogs/<org or management>/",
                principal: "cloudtrail.amazonaws.com",
                action: "s3:PutObject",
                resource: `${bucket}/elsewhere/x`,
                resourceAccount: LOG_ARCHIVE,
                context: overTls({ "aws:SourceArn": TRAIL_ARN, "s3:x-amz-acl": "bucket-owner-full-control" }),
                expected: "ImplicitlyDenied",
            },
            {
                description: "the trail must hand objects to the bucket owner",
                principal: "cloudtrail.amazonaws.com",
                action: "s3:PutObject",
                resource: orgKey,
                resourceAccount: LOG_ARCHIVE,
                context: overTls({ "aws:SourceArn": TRAIL_ARN, "s3:x-amz-acl": "private" }),
                expected: "ImplicitlyDenied",
            },
        );
        return out;
    }
    const d = delivery[kind];
    const object2 = `${bucket}/${d.key}`;
    const acl: Record<string, string> = d.acl ? { "s3:x-amz-acl": "bucket-owner-full-control" } : {};
    for (const service of LOG_DELIVERY_SERVICES[kind]) {
        out.push(
            {
                description: `${service} delivers for an org account`,
                principal: service,
                action: "s3:PutObject",
                resource: object2,
                resourceAccount: LOG_ARCHIVE,
                context: overTls({ "aws:SourceOrgID": ORG_ID, "aws:SourceAccount": WORKLOAD, ...acl }),
                expected: "Allowed",
                statement: "DeliveryWritesForOrganization",
            },
            {
                description: `${service} delivering for another organization is refused`,
                principal: service,
                action: "s3:PutObject",
                resource: object2,
                resourceAccount: LOG_ARCHIVE,
                context: overTls({ "aws:SourceOrgID": OTHER_ORG_ID, "aws:SourceAccount": OUTSIDER, ...acl }),
                expected: "ImplicitlyDenied",
            },
            {
                description: `${service} cannot read the logs back`,
                principal: service,
                action: "s3:GetObject",
                resource: object2,
                resourceAccount: LOG_ARCHIVE,
                context: overTls({ "aws:SourceOrgID": ORG_ID }),
                expected: "ImplicitlyDenied",
            },
        );
        // The organization, not a list of its accounts, is what admits a delivery: a request that
        // names only a source account (the organization's RCP would deny it anyway) is not let in.
        out.push(
            {
                description: `${service} naming only the source account is not admitted by account`,
                principal: service,
                action: "s3:PutObject",
                resource: object2,
                resourceAccount: LOG_ARCHIVE,
                context: overTls({ "aws:SourceAccount": WORKLOAD, ...acl }),
                expected: "ImplicitlyDenied",
            },
            {
                description: `${service} naming only an outside account is refused`,
                principal: service,
                action: "s3:PutObject",
                resource: object2,
                resourceAccount: LOG_ARCHIVE,
                context: overTls({ "aws:SourceAccount": OUTSIDER, ...acl }),
                expected: "ImplicitlyDenied",
            },
        );
        if (d.check) {
            out.push({
                description: `${service} checking for an outside account is refused`,
                principal: service,
                action: d.check,
                resource: bucket,
                resourceAccount: LOG_ARCHIVE,
                context: overTls({ "aws:SourceAccount": OUTSIDER }),
                expected: "ImplicitlyDenied",
            });
        }
        if (d.check) {
            out.push({
                description: `${service} checks the bucket`,
                principal: service,
                action: d.check,
                resource: bucket,
                resourceAccount: LOG_ARCHIVE,
                context: overTls({ "aws:SourceOrgID": ORG_ID }),
                expected: "Allowed",
                statement: "DeliveryChecksBucket",
            });
        }
    }
    // Delivery services of other kinds do not write here.
    const stranger = kind === "flow-logs" ? "config.amazonaws.com" : "delivery.logs.amazonaws.com";
    if (!LOG_DELIVERY_SERVICES[kind].includes(stranger))
        out.push({
            description: `${stranger} cannot write a bucket of another kind`,
            principal: stranger,
            action: "s3:PutObject",
            resource: object2,
            resourceAccount: LOG_ARCHIVE,
            context: overTls({ "aws:SourceOrgID": ORG_ID, "s3:x-amz-acl": "bucket-owner-full-control" }),
            expected: "ImplicitlyDenied",
        });
    if (d.acl)
        out.push({
            description: "a delivery that keeps object ownership is refused",
            principal: LOG_DELIVERY_SERVICES[kind][0],
            action: "s3:PutObject",
            resource: object2,
            resourceAccount: LOG_ARCHIVE,
            context: overTls({ "aws:SourceOrgID": ORG_ID, "s3:x-amz-acl": "private" }),
            expected: "ImplicitlyDenied",
        });
    if (kind === "access-logs") out.push(...accessLogsExtraRows(bucket));
    return out;
}

/** Verified Access logs and Session Manager transcripts, which share the access-logs bucket. */
function accessLogsExtraRows(bucket: string): SimulationRequest[] {
    const vaObject = `${bucket}/verified-access/AWSLogs/${WORKLOAD}/verified-access/eu-west-1/x.log.gz`;
    const agent = (account: string) => session(account, "AWSSystemsManagerDefaultEC2InstanceManagementRole");
    const transcript = (account: string) => `${bucket}/session-manager/${account}/eu-west-1/i-0abc123.log`;
    const owner = { "s3:x-amz-acl": "bucket-owner-full-control" };
    const base = { resourceAccount: LOG_ARCHIVE };
    return [
        {
            ...base,
            description: "Verified Access log delivery for the organization writes under its prefix",
            principal: "delivery.logs.amazonaws.com",
            action: "s3:PutObject",
            resource: vaObject,
            context: overTls({ "aws:SourceOrgID": ORG_ID, ...owner }),
            expected: "Allowed",
            statement: "VerifiedAccessLogsWrite",
        },
        {
            ...base,
            description: "Verified Access log delivery checks the bucket ACL for the organization",
            principal: "delivery.logs.amazonaws.com",
            action: "s3:GetBucketAcl",
            resource: bucket,
            context: overTls({ "aws:SourceOrgID": ORG_ID }),
            expected: "Allowed",
            statement: "VerifiedAccessLogsCheckBucket",
        },
        {
            ...base,
            description: "Verified Access log delivery lists the bucket for the organization",
            principal: "delivery.logs.amazonaws.com",
            action: "s3:ListBucket",
            resource: bucket,
            context: overTls({ "aws:SourceOrgID": ORG_ID, "aws:SourceAccount": WORKLOAD }),
            expected: "Allowed",
            statement: "VerifiedAccessLogsCheckBucket",
        },
        {
            ...base,
            description: "Verified Access log delivery for another organization is refused",
            principal: "delivery.logs.amazonaws.com",
            action: "s3:PutObject",
            resource: vaObject,
            context: overTls({ "aws:SourceOrgID": OTHER_ORG_ID, "aws:SourceAccount": OUTSIDER, ...owner }),
            expected: "ImplicitlyDenied",
        },
        {
            ...base,
            description: "Verified Access log delivery that keeps object ownership is refused",
            principal: "delivery.logs.amazonaws.com",
            action: "s3:PutObject",
            resource: vaObject,
            context: overTls({ "aws:SourceOrgID": ORG_ID, "s3:x-amz-acl": "private" }),
            expected: "ImplicitlyDenied",
        },
        {
            ...base,
            description: "Verified Access log delivery cannot write a Session Manager transcript",
            principal: "delivery.logs.amazonaws.com",
            action: "s3:PutObject",
            resource: transcript(WORKLOAD),
            context: overTls({ "aws:SourceOrgID": ORG_ID, ...owner }),
            expected: "ImplicitlyDenied",
        },
        {
            ...base,
            description: "an org account's SSM Agent writes a transcript under its own account's prefix",
            principal: agent(WORKLOAD),
            action: "s3:PutObject",
            resource: transcript(WORKLOAD),
            context: inOrg({ "aws:PrincipalAccount": WORKLOAD }),
            expected: "Allowed",
            statement: "SessionManagerTranscriptsOfOwnAccount",
        },
        {
            ...base,
            description: "an org account cannot write under another account's transcript prefix",
            principal: agent(WORKLOAD),
            action: "s3:PutObject",
            resource: transcript(SECURITY_TOOLING),
            context: inOrg({ "aws:PrincipalAccount": WORKLOAD }),
            expected: "ImplicitlyDenied",
        },
        {
            ...base,
            description: "an org account cannot write outside the transcript prefix",
            principal: agent(WORKLOAD),
            action: "s3:PutObject",
            resource: `${bucket}/flow-logs/${WORKLOAD}/forged.log`,
            context: inOrg({ "aws:PrincipalAccount": WORKLOAD }),
            expected: "ImplicitlyDenied",
        },
        {
            ...base,
            description: "an org account cannot delete a transcript",
            principal: agent(WORKLOAD),
            action: "s3:DeleteObject",
            resource: transcript(WORKLOAD),
            context: inOrg({ "aws:PrincipalAccount": WORKLOAD }),
            expected: "ImplicitlyDenied",
        },
        {
            ...base,
            description: "a transcript written over plain HTTP is denied",
            principal: agent(WORKLOAD),
            action: "s3:PutObject",
            resource: transcript(WORKLOAD),
            context: inOrg({ "aws:PrincipalAccount": WORKLOAD, "aws:SecureTransport": "false" }),
            expected: "ExplicitlyDenied",
            statement: "DenyWithoutTls",
        },
        {
            ...base,
            description: "an outsider writing under its own account's prefix is denied",
            principal: agent(OUTSIDER),
            action: "s3:PutObject",
            resource: transcript(OUTSIDER),
            context: inOrg({ "aws:PrincipalAccount": OUTSIDER }, OTHER_ORG_ID),
            expected: "ExplicitlyDenied",
            statement: "DenyOutsideOrganization",
        },
        {
            ...base,
            description: "an org account's SSM Agent checks the bucket's encryption",
            principal: agent(WORKLOAD),
            action: "s3:GetEncryptionConfiguration",
            resource: bucket,
            context: inOrg({ "aws:PrincipalAccount": WORKLOAD }),
            expected: "Allowed",
            statement: "SessionManagerChecksEncryption",
        },
    ];
}

describe("data: log bucket policies (simulated)", () => {
    it("use only actions, condition keys and ARNs that exist in IAM", async () => {
        await expectValidDocuments(Object.fromEntries(LOG_BUCKET_KINDS.map((k) => [k, policy(k)])));
    });

    for (const kind of LOG_BUCKET_KINDS) {
        let outcomes: SimulationOutcome[] = [];
        it(`${kind}: every request gets its decision`, async () => {
            outcomes = await expectDecisions({ resourcePolicy: policy(kind) }, rows(kind));
        });
        it(`${kind}: every statement is exercised`, () => {
            assert.deepEqual(uncoveredStatements([policy(kind)], outcomes), []);
        });
    }

    it("allows a wildcard principal only within the organization, and non-service writes only under the writer's own transcript prefix", () => {
        for (const kind of LOG_BUCKET_KINDS) {
            for (const s of policy(kind).Statement.filter((x) => x.Effect === "Allow")) {
                if (s.Principal === "*")
                    assert.equal((s.Condition as Record<string, Record<string, unknown>>)?.StringEquals?.["aws:PrincipalOrgID"], ORG_ID, `${kind}/${s.Sid}`);
                const writes = ([] as string[]).concat(s.Action ?? []).some((a) => a === "s3:PutObject");
                const service = typeof s.Principal === "object" && "Service" in s.Principal;
                if (writes && !service)
                    assert.deepEqual(
                        [kind, s.Resource],
                        ["access-logs", `arn:aws:s3:::${bucketName(kind)}/session-manager/\${aws:PrincipalAccount}/*`],
                        `${kind}/${s.Sid} lets a non-service write`,
                    );
            }
        }
    });
});

describe("data: log bucket policies do not depend on the organization's accounts", () => {
    it("name no member account beyond the readers, so adding an account changes none of them", () => {
        for (const kind of LOG_BUCKET_KINDS) {
            const text = JSON.stringify(policy(kind));
            for (const member of [WORKLOAD, BACKUP, LOG_ARCHIVE]) assert.ok(!text.includes(member), `${kind} names account ${member}`);
        }
    });

    it("lose nothing a per-account grant gave: the organization's RCP denies a delivery that names an account but not the organization", async () => {
        const rcp = dataPerimeterRcp({ organizationId: ORG_ID });
        const object = `arn:aws:s3:::${bucketName("flow-logs")}/AWSLogs/${WORKLOAD}/vpcflowlogs/eu-west-1/x.log.gz`;
        const owner = { "s3:x-amz-acl": "bucket-owner-full-control" };
        await expectDecisions({ rcps: { rcp }, resourcePolicy: policy("flow-logs") }, [
            {
                description: "flow-log delivery for an org account, with its organization",
                principal: "delivery.logs.amazonaws.com",
                action: "s3:PutObject",
                resource: object,
                resourceAccount: LOG_ARCHIVE,
                context: overTls({ "aws:SourceOrgID": ORG_ID, "aws:SourceAccount": WORKLOAD, ...owner }),
                expected: "Allowed",
            },
            {
                description: "flow-log delivery naming only an org account",
                principal: "delivery.logs.amazonaws.com",
                action: "s3:PutObject",
                resource: object,
                resourceAccount: LOG_ARCHIVE,
                context: overTls({ "aws:SourceAccount": WORKLOAD, ...owner }),
                expected: "ExplicitlyDenied",
                statement: "EnforceConfusedDeputyProtection",
            },
        ]);
    });
});

describe("data: backup vault policies (simulated)", () => {
    const vault = `arn:aws:backup:eu-west-1:${BACKUP}:backup-vault:landing-zone-central-backup`;
    const central = backupVaultPolicy({ vaultArn: vault, organizationId: ORG_ID, acceptsOrganizationCopies: true });
    const local = backupVaultPolicy({ vaultArn: vault.replace(BACKUP, WORKLOAD), organizationId: ORG_ID, acceptsOrganizationCopies: false });

    it("use only actions, condition keys and ARNs that exist in IAM", async () => {
        await expectValidDocuments({ central, local });
    });

    it("the central vault takes copies from the organization only", async () => {
        const outcomes = await expectDecisions({ resourcePolicy: central }, [
            {
                description: "a workload account copies a recovery point in",
                principal: session(WORKLOAD, "landing-zone-backup"),
                action: "backup:CopyIntoBackupVault",
                resource: vault,
                context: inOrg(),
                expected: "Allowed",
                statement: "OrganizationCopiesIn",
            },
            {
                description: "the same copy passes the organization deny",
                principal: session(WORKLOAD, "landing-zone-backup"),
                action: "backup:CopyIntoBackupVault",
                resource: vault,
                context: inOrg(),
                expected: "Allowed",
                statement: "DenyOutsideOrganization",
            },
            {
                description: "an outsider cannot copy in",
                principal: session(OUTSIDER, "x"),
                action: "backup:CopyIntoBackupVault",
                resource: vault,
                context: inOrg({}, OTHER_ORG_ID),
                expected: "ExplicitlyDenied",
                statement: "DenyOutsideOrganization",
            },
            {
                description: "a workload account cannot delete the vault",
                principal: session(WORKLOAD, "admin"),
                action: "backup:DeleteBackupVault",
                resource: vault,
                context: inOrg(),
                expected: "ImplicitlyDenied",
            },
        ]);
        assert.deepEqual(uncoveredStatements([central], outcomes), []);
    });

    it("a workload vault refuses outsiders", async () => {
        const arn = vault.replace(BACKUP, WORKLOAD);
        const outcomes = await expectDecisions({ resourcePolicy: local }, [
            {
                description: "an outsider cannot copy in",
                principal: session(OUTSIDER, "x"),
                action: "backup:CopyIntoBackupVault",
                resource: arn,
                context: inOrg({}, OTHER_ORG_ID),
                expected: "ExplicitlyDenied",
                statement: "DenyOutsideOrganization",
            },
            {
                description: "the account's own role still works",
                principal: session(WORKLOAD, "landing-zone-backup"),
                action: "backup:StartBackupJob",
                resource: arn,
                context: inOrg(),
                expected: "Allowed",
                statement: "DenyOutsideOrganization",
            },
        ]);
        assert.deepEqual(uncoveredStatements([local], outcomes), []);
    });
});
