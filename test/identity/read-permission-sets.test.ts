import assert from "node:assert/strict";
import { keyPolicy } from "../../components/policies/kms";
import { logAnalyticsScope, logBucketName } from "../../components/shared/names";
import { requestsBy, uncoveredStatements, type SimulationRequest } from "../support/iam-simulation";
import {
    context,
    INFRA,
    LOG_ARCHIVE,
    logSimulatedRequests,
    MANAGEMENT,
    prod,
    session,
    sessionPolicies,
    sets,
    table,
    UNTRUSTED_IP,
    WORKLOAD,
} from "./permission-set-simulation";

describe("permission sets, simulated with the SCPs of the accounts they are assigned to", () => {
    after(logSimulatedRequests);

    it("security-auditor in a prod workload account: reads and triages, changes nothing", async () => {
        const p = session(WORKLOAD, "security-auditor");
        const rows: SimulationRequest[] = [
            {
                description: "reads findings",
                principal: p,
                action: "securityhub:GetFindings",
                resource: `arn:aws:securityhub:eu-west-1:${WORKLOAD}:hub/default`,
                context: context(),
                expected: "Allowed",
                statement: "DenyWithoutCompliantDevice",
            },
            {
                description: "triages findings",
                principal: p,
                action: "securityhub:BatchUpdateFindings",
                resource: `arn:aws:securityhub:eu-west-1:${WORKLOAD}:hub/default`,
                context: context(),
                expected: "Allowed",
                statement: "AllowFindingTriage",
            },
            {
                description: "queries logs",
                principal: p,
                action: "logs:StartQuery",
                resource: `arn:aws:logs:eu-west-1:${WORKLOAD}:log-group:/aws/lambda/payments-api`,
                context: context(),
                expected: "Allowed",
                statement: "AllowInvestigation",
            },
            {
                description: "creates GuardDuty sample findings in the account's own detector (the live threat drill)",
                principal: p,
                action: "guardduty:CreateSampleFindings",
                resource: "*",
                context: context(),
                expected: "Allowed",
                statement: "AllowThreatDrill",
            },
            {
                description: "reads metric counts (the live threat drill)",
                principal: p,
                action: "cloudwatch:GetMetricData",
                resource: "*",
                context: context(),
                expected: "Allowed",
                statement: "AllowThreatDrill",
            },
            {
                description: "cannot triage from a non-compliant device",
                principal: p,
                action: "securityhub:BatchUpdateFindings",
                resource: `arn:aws:securityhub:eu-west-1:${WORKLOAD}:hub/default`,
                context: context({ "aws:PrincipalTag/deviceCompliant": "false" }),
                expected: "ExplicitlyDenied",
                statement: "DenyWithoutCompliantDevice",
            },
            {
                description: "cannot create roles",
                principal: p,
                action: "iam:CreateRole",
                resource: `arn:aws:iam::${WORKLOAD}:role/anything`,
                context: context(),
                expected: "ImplicitlyDenied",
            },
            {
                description: "cannot read secrets, and never from outside",
                principal: p,
                action: "secretsmanager:GetSecretValue",
                resource: `arn:aws:secretsmanager:eu-west-1:${WORKLOAD}:secret:payments-db-AbCdEf`,
                context: context({ "aws:SourceIp": UNTRUSTED_IP }),
                expected: "ExplicitlyDenied",
                statement: "DenySensitiveOutsideTrustedNetworks",
            },
            {
                description: "cannot read secrets from inside either",
                principal: p,
                action: "secretsmanager:GetSecretValue",
                resource: `arn:aws:secretsmanager:eu-west-1:${WORKLOAD}:secret:payments-db-AbCdEf`,
                context: context(),
                expected: "ImplicitlyDenied",
                statement: "DenySensitiveOutsideTrustedNetworks",
            },
        ];
        const outcomes = await table("security-auditor", sessionPolicies("security-auditor", "Workloads/Prod"), rows);
        // The auditor is granted no sensitive action, so none can be allowed from inside; the Deny guards wider overrides.
        assert.deepEqual(uncoveredStatements([sets.get("security-auditor")!.inlinePolicy], outcomes), [
            "DenySensitiveOutsideTrustedNetworks: no nearby simulated request is shown to be allowed",
        ]);
    });

    it("security-auditor runs the live threat drill: sample findings in the member, reads in security tooling, nothing else", async () => {
        const TOOLING = "666666666666";
        const member = requestsBy(session(WORKLOAD, "security-auditor"), context());
        const tooling = requestsBy(session(TOOLING, "security-auditor"), context());
        const detector = (account: string) => `arn:aws:guardduty:eu-west-1:${account}:detector/5ac8b3f0e1d24c6b9f7a5e3d1c0b9a86`;
        const fn = `arn:aws:lambda:eu-west-1:${TOOLING}:function:lz-remediation-isolate-instance`;
        await table("security-auditor", sessionPolicies("security-auditor", "Workloads/Prod"), [
            member("finds the member's detector", "guardduty:ListDetectors", "*", "Allowed"),
            member("creates sample findings in it", "guardduty:CreateSampleFindings", "*", "Allowed", {
                statement: "AllowThreatDrill",
            }),
            member("not from a non-compliant device", "guardduty:CreateSampleFindings", "*", "ExplicitlyDenied", {
                context: context({ "aws:PrincipalTag/deviceCompliant": "false" }),
                statement: "DenyWithoutCompliantDevice",
            }),
            member("cannot change the detector (SCP)", "guardduty:UpdateDetector", detector(WORKLOAD), "ExplicitlyDenied", { statement: "ProtectGuardDuty" }),
        ]);
        await table("security-auditor", sessionPolicies("security-auditor", "Security"), [
            tooling("finds the administrator's detector", "guardduty:ListDetectors", "*", "Allowed"),
            tooling("lists the member's sample findings there", "guardduty:ListFindings", "*", "Allowed"),
            tooling("reads them", "guardduty:GetFindings", "*", "Allowed"),
            tooling("reads rule, topic and function counts", "cloudwatch:GetMetricData", "*", "Allowed", { statement: "AllowThreatDrill" }),
            tooling(
                "reads a remediation's log",
                "logs:FilterLogEvents",
                `arn:aws:logs:eu-west-1:${TOOLING}:log-group:/aws/lambda/lz-remediation-isolate-instance`,
                "Allowed",
                { statement: "AllowInvestigation" },
            ),
            tooling("cannot switch a remediation's dry-run", "lambda:UpdateFunctionConfiguration", fn, "ImplicitlyDenied"),
            tooling("cannot invoke a remediation", "lambda:InvokeFunction", fn, "ImplicitlyDenied"),
            tooling(
                "cannot put events on the central bus",
                "events:PutEvents",
                `arn:aws:events:eu-west-1:${TOOLING}:event-bus/landing-zone-security`,
                "ImplicitlyDenied",
            ),
            tooling("cannot publish to an alert topic", "sns:Publish", `arn:aws:sns:eu-west-1:${TOOLING}:lz-security-high`, "ImplicitlyDenied"),
        ]);
    });

    it("read-only in a prod workload account: configuration and metrics, no data", async () => {
        const p = session(WORKLOAD, "read-only");
        const rows: SimulationRequest[] = [
            {
                description: "lists instances",
                principal: p,
                action: "ec2:DescribeInstances",
                resource: "*",
                context: context({ "aws:PrincipalTag/deviceCompliant": null }),
                expected: "Allowed",
            },
            {
                description: "reads metrics",
                principal: p,
                action: "cloudwatch:GetMetricData",
                resource: "*",
                context: context(),
                expected: "Allowed",
                statement: "AllowOperationalViews",
            },
            {
                description: "cannot read objects",
                principal: p,
                action: "s3:GetObject",
                resource: "arn:aws:s3:::payments-prod-statements/2026/11/statement.pdf",
                resourceAccount: WORKLOAD,
                context: context(),
                expected: "ExplicitlyDenied",
                statement: "DenyDataReads",
            },
            {
                description: "cannot decrypt",
                principal: p,
                action: "kms:Decrypt",
                resource: `arn:aws:kms:eu-west-1:${WORKLOAD}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
                context: context(),
                expected: "ExplicitlyDenied",
                statement: "DenyDataReads",
            },
            {
                description: "lists functions",
                principal: p,
                action: "lambda:ListFunctions",
                resource: "*",
                context: context(),
                expected: "Allowed",
                statement: "DenyDataReads",
            },
            {
                description: "cannot change anything",
                principal: p,
                action: "lambda:UpdateFunctionCode",
                resource: `arn:aws:lambda:eu-west-1:${WORKLOAD}:function:payments-api`,
                context: context(),
                expected: "ImplicitlyDenied",
            },
        ];
        const outcomes = await table("read-only", sessionPolicies("read-only", "Workloads/Prod"), rows);
        assert.deepEqual(uncoveredStatements([sets.get("read-only")!.inlinePolicy], outcomes), []);
    });

    it("log-analyst in the log-archive account: queries the archive in its workgroup only, writes nothing but results", async () => {
        const p = session(LOG_ARCHIVE, "log-analyst");
        const scope = logAnalyticsScope(prod);
        const workgroup = (name: string) => `arn:aws:athena:eu-west-1:${LOG_ARCHIVE}:workgroup/${name}`;
        const glue = (resource: string) => `arn:aws:glue:eu-west-1:${LOG_ARCHIVE}:${resource}`;
        const s3 = (bucket: string, key?: string) => `arn:aws:s3:::${bucket}${key === undefined ? "" : `/${key}`}`;
        const flowLogs = logBucketName(prod, "flow-logs");
        const dnsLogs = logBucketName(prod, "dns-query-logs");
        const cloudtrail = logBucketName(prod, "cloudtrail");
        const flowObject = `AWSLogs/aws-account-id=${WORKLOAD}/aws-service=vpcflowlogs/aws-region=eu-west-1/year=2026/month=11/day=30/hour=09/part.parquet`;
        const key = `arn:aws:kms:eu-west-1:${LOG_ARCHIVE}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
        // Key policies deny principals outside the organization and plain HTTP, so KMS rows carry both facts.
        const inOrg = { "aws:PrincipalOrgID": "o-a1b2c3d4e5", "aws:SecureTransport": "true", "kms:CallerAccount": LOG_ARCHIVE };
        const via = (service: string) => context({ ...inOrg, "kms:ViaService": `${service}.eu-west-1.amazonaws.com` });
        const row = requestsBy(p, context());
        const rows: SimulationRequest[] = [
            row("starts a query in the log-analytics workgroup", "athena:StartQueryExecution", workgroup(scope.workgroup), "Allowed", {
                statement: "AllowLogAnalyticsQueries",
            }),
            row("reads its results", "athena:GetQueryResults", workgroup(scope.workgroup), "Allowed", { statement: "AllowLogAnalyticsQueries" }),
            row("opens a saved query", "athena:GetNamedQuery", workgroup(scope.workgroup), "Allowed", { statement: "AllowLogAnalyticsQueries" }),
            row("lists workgroups in the console", "athena:ListWorkGroups", "*", "Allowed", { statement: "AllowAthenaCatalogViews" }),
            row("cannot query in another workgroup", "athena:StartQueryExecution", workgroup("primary"), "ImplicitlyDenied"),
            row("cannot change the workgroup's enforced settings", "athena:UpdateWorkGroup", workgroup(scope.workgroup), "ImplicitlyDenied"),
            row("reads the flow-log table's definition", "glue:GetTable", glue(`table/${scope.database}/vpc_flow_logs`), "Allowed", {
                statement: "AllowLogTableDefinitions",
            }),
            row("reads the database's partitions", "glue:GetPartitions", glue(`table/${scope.database}/dns_query_logs`), "Allowed", {
                statement: "AllowLogTableDefinitions",
            }),
            row("cannot read another database's tables", "glue:GetTable", glue("table/payments/transactions"), "ImplicitlyDenied"),
            row("cannot change a table", "glue:UpdateTable", glue(`table/${scope.database}/vpc_flow_logs`), "ImplicitlyDenied"),
            row("lists the flow-log archive below AWSLogs/", "s3:ListBucket", s3(flowLogs), "Allowed", {
                statement: "AllowArchiveListing",
                resourceAccount: LOG_ARCHIVE,
                context: context({ "s3:prefix": `AWSLogs/aws-account-id=${WORKLOAD}/` }),
            }),
            row("cannot list the bucket outside AWSLogs/", "s3:ListBucket", s3(flowLogs), "ImplicitlyDenied", {
                resourceAccount: LOG_ARCHIVE,
                context: context({ "s3:prefix": "" }),
            }),
            row("reads flow logs", "s3:GetObject", s3(flowLogs, flowObject), "Allowed", { statement: "AllowArchiveReads", resourceAccount: LOG_ARCHIVE }),
            row("reads DNS query logs", "s3:GetObject", s3(dnsLogs, `AWSLogs/${WORKLOAD}/vpcdnsquerylogs/vpc-0a1b2c3d/2026/11/30/log.gz`), "Allowed", {
                statement: "AllowArchiveReads",
                resourceAccount: LOG_ARCHIVE,
            }),
            row("cannot read the flow-log bucket outside AWSLogs/", "s3:GetObject", s3(flowLogs, "other/object"), "ImplicitlyDenied", {
                resourceAccount: LOG_ARCHIVE,
            }),
            row(
                "cannot read the CloudTrail archive",
                "s3:GetObject",
                s3(cloudtrail, `AWSLogs/${MANAGEMENT}/CloudTrail/eu-west-1/2026/11/30/log.json.gz`),
                "ImplicitlyDenied",
                {
                    resourceAccount: LOG_ARCHIVE,
                },
            ),
            row("cannot list the CloudTrail archive", "s3:ListBucket", s3(cloudtrail), "ImplicitlyDenied", {
                resourceAccount: LOG_ARCHIVE,
                context: context({ "s3:prefix": "AWSLogs/" }),
            }),
            row("cannot write into the flow-log archive", "s3:PutObject", s3(flowLogs, flowObject), "ImplicitlyDenied", { resourceAccount: LOG_ARCHIVE }),
            // The log-archive SCP denies it to everyone but the platform; the set would not allow it either.
            row("cannot delete from the DNS-log archive", "s3:DeleteObject", s3(dnsLogs, `AWSLogs/${WORKLOAD}/x.log.gz`), "ExplicitlyDenied", {
                statement: "ProtectLogArchive",
                resourceAccount: LOG_ARCHIVE,
            }),
            row("writes query results", "s3:PutObject", s3(scope.resultsBucket, "0f1e2d3c.csv"), "Allowed", {
                statement: "AllowQueryResults",
                resourceAccount: LOG_ARCHIVE,
            }),
            row("lists the results bucket", "s3:ListBucket", s3(scope.resultsBucket), "Allowed", {
                statement: "AllowQueryResultsBucket",
                resourceAccount: LOG_ARCHIVE,
            }),
            row("finds the buckets' region", "s3:GetBucketLocation", s3(flowLogs), "Allowed", {
                statement: "AllowBucketLocations",
                resourceAccount: LOG_ARCHIVE,
            }),
            row("queries nothing from a non-compliant device", "athena:StartQueryExecution", workgroup(scope.workgroup), "ExplicitlyDenied", {
                statement: "DenyWithoutCompliantDevice",
                context: context({ "aws:PrincipalTag/deviceCompliant": "false" }),
            }),
            row("queries from a compliant device", "athena:GetWorkGroup", workgroup(scope.workgroup), "Allowed", { statement: "DenyWithoutCompliantDevice" }),
            row("reads no secrets", "secretsmanager:GetSecretValue", `arn:aws:secretsmanager:eu-west-1:${LOG_ARCHIVE}:secret:x-AbCdEf`, "ImplicitlyDenied", {
                statement: "DenySensitiveOutsideTrustedNetworks",
            }),
            row(
                "reads no secrets, and never from outside",
                "secretsmanager:GetSecretValue",
                `arn:aws:secretsmanager:eu-west-1:${LOG_ARCHIVE}:secret:x-AbCdEf`,
                "ExplicitlyDenied",
                {
                    statement: "DenySensitiveOutsideTrustedNetworks",
                    context: context({ "aws:SourceIp": UNTRUSTED_IP }),
                },
            ),
        ];
        const outcomes = await table("log-analyst", sessionPolicies("log-analyst", "Security"), rows);
        // KMS decides with the key policy too: the archive's logs key, and the s3 key the workgroup encrypts results with.
        const keyPolicyOf = (purpose: "logs" | "s3") =>
            keyPolicy({
                partition: "aws",
                region: "eu-west-1",
                accountId: LOG_ARCHIVE,
                organizationId: "o-a1b2c3d4e5",
                purpose,
                accountRole: "logArchive",
                administratorRoleNames: [prod.organization.accessRoleName],
                organizationTrailArn: `arn:aws:cloudtrail:eu-west-1:${MANAGEMENT}:trail/landing-zone-organization`,
                logReaderAccountIds: [INFRA],
                backupAccountId: INFRA,
                homeRegion: "eu-west-1",
            });
        const kms = (purpose: "logs" | "s3") => ({ ...sessionPolicies("log-analyst", "Security"), resourcePolicy: keyPolicyOf(purpose) });
        outcomes.push(
            ...(await table("log-analyst", kms("logs"), [
                row("decrypts archived logs through S3", "kms:Decrypt", key, "Allowed", { statement: "AllowDecryptThroughS3", context: via("s3") }),
                row("cannot decrypt directly", "kms:Decrypt", key, "ImplicitlyDenied", { context: context(inOrg) }),
                row("cannot decrypt through another service", "kms:Decrypt", key, "ImplicitlyDenied", { context: via("secretsmanager") }),
            ])),
            ...(await table("log-analyst", kms("s3"), [
                row("encrypts results through S3", "kms:GenerateDataKey", key, "Allowed", { statement: "AllowResultEncryptionThroughS3", context: via("s3") }),
                row("decrypts results through S3", "kms:Decrypt", key, "Allowed", { statement: "AllowDecryptThroughS3", context: via("s3") }),
            ])),
        );
        // Like the auditor, the analyst holds no sensitive action; the Deny guards wider overrides.
        assert.deepEqual(uncoveredStatements([sets.get("log-analyst")!.inlinePolicy], outcomes), [
            "DenySensitiveOutsideTrustedNetworks: no nearby simulated request is shown to be allowed",
        ]);
    });
});
