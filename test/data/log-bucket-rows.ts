/** The landing zone's log bucket policies built for test accounts, and the requests each must decide. */
import { logBucketPolicy, LOG_DELIVERY_SERVICES } from "../../components/policies/s3";
import { LogBucketKind } from "../../components/shared/names";
import type { PolicyDocument } from "../../components/policies/document";
import { SimulationRequest } from "../support/iam-simulation";
import { inOrg, LOG_ARCHIVE, MANAGEMENT, ORG_ID, OTHER_ORG_ID, OUTSIDER, overTls, SECURITY_TOOLING, session, TRAIL_ARN, WORKLOAD } from "./fixtures";
import { accessLogsExtraRows } from "./access-log-bucket-rows";

export const bucketName = (kind: LogBucketKind) => `lz-dev-${kind}-${MANAGEMENT}-eu-west-1`;

export function policy(kind: LogBucketKind): PolicyDocument {
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
export const delivery: Record<Exclude<LogBucketKind, "cloudtrail">, { key: string; acl: boolean; check?: string }> = {
    config: { key: `AWSLogs/${WORKLOAD}/Config/eu-west-1/2026/11/23/ConfigSnapshot/x.json.gz`, acl: true, check: "s3:GetBucketAcl" },
    "flow-logs": { key: `AWSLogs/${WORKLOAD}/vpcflowlogs/eu-west-1/2026/11/23/x.log.gz`, acl: true, check: "s3:GetBucketAcl" },
    "network-firewall": { key: `AWSLogs/${WORKLOAD}/network-firewall/alert/eu-west-1/x.log.gz`, acl: true, check: "s3:ListBucket" },
    "dns-query-logs": { key: `AWSLogs/${WORKLOAD}/vpcdnsquerylogs/vpc-0abc/x.log.gz`, acl: true, check: "s3:GetBucketAcl" },
    "access-logs": { key: "flow-logs/2026-11-23-10-00-00-ABCDEF", acl: false },
    findings: { key: `AWSLogs/${WORKLOAD}/GuardDuty/eu-west-1/x.jsonl.gz`, acl: false, check: "s3:GetBucketLocation" },
};

export function rows(kind: LogBucketKind): SimulationRequest[] {
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
