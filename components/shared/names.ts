import { partitionOf } from "../organization/naming";
import type { LogAnalyticsScope } from "../policies/permission-sets";
import type { StackPlacement } from "./config-types";

/**
 * Names that several components must agree on, derived only from config so that a component can
 * point at another's resource (a log bucket, a topic, a log group) without waiting for its outputs.
 * Changing any of these renames real resources: treat them as a public contract.
 */

/** Kinds of central log bucket in the log-archive account. */
export const LOG_BUCKET_KINDS = ["cloudtrail", "config", "flow-logs", "network-firewall", "dns-query-logs", "access-logs", "findings"] as const;
export type LogBucketKind = (typeof LOG_BUCKET_KINDS)[number];

/** Globally unique S3 name: the management account id makes it unique per organization. */
export function logBucketName(config: StackPlacement, kind: LogBucketKind): string {
    return `lz-${config.environment}-${kind}-${config.managementAccountId}-${config.regions.home}`;
}

export function logBucketArn(config: StackPlacement, kind: LogBucketKind): string {
    return `arn:aws:s3:::${logBucketName(config, kind)}`;
}

/** Athena results of the log-analytics workgroup, in the log-archive account's home region. */
export function queryResultsBucketName(config: StackPlacement): string {
    return `lz-${config.environment}-athena-results-${config.managementAccountId}-${config.regions.home}`;
}

/** The Athena workgroup and Glue database of flow-log and DNS-log analysis. */
export const LOG_ANALYTICS_WORKGROUP = "landing-zone-log-analytics";
export const LOG_ANALYTICS_DATABASE = "landing_zone_logs";
/** The archive buckets the log-analytics tables read. */
export const LOG_ANALYTICS_BUCKET_KINDS = ["flow-logs", "dns-query-logs"] as const satisfies readonly LogBucketKind[];

/** Everything the log-analyst permission set is scoped to, from config alone (the set is built before the workgroup). */
export function logAnalyticsScope(config: StackPlacement): LogAnalyticsScope {
    return {
        region: config.regions.home,
        workgroup: LOG_ANALYTICS_WORKGROUP,
        database: LOG_ANALYTICS_DATABASE,
        archiveBuckets: LOG_ANALYTICS_BUCKET_KINDS.map((kind) => logBucketName(config, kind)),
        resultsBucket: queryResultsBucketName(config),
    };
}

/** Severities with their own SNS topic in the security-tooling account. */
export const ALERT_SEVERITIES = ["critical", "high", "medium"] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

export function alertTopicName(severity: AlertSeverity): string {
    return `lz-security-${severity}`;
}

/** KMS key purposes created in every account by the data layer's KeySet. */
export const KEY_PURPOSES = ["logs", "s3", "ebs", "backup", "secrets", "messaging", "cloudtrail", "config"] as const;
export type KeyPurpose = (typeof KEY_PURPOSES)[number];

export function keyAlias(purpose: KeyPurpose): string {
    return `alias/landing-zone/${purpose}`;
}

/** Log group in the security-tooling account that receives the organization trail (CIS alarms read it). */
export const ORGANIZATION_TRAIL_LOG_GROUP = "/landing-zone/cloudtrail/organization";

/** Central EventBridge bus in the security-tooling account. */
export const SECURITY_EVENT_BUS = "landing-zone-security";

/** The organization's Config aggregator in the security-tooling account's home region. */
export const CONFIG_AGGREGATOR_NAME = "landing-zone-organization";

/** Role the AWS Config baseline's SSM Automation remediations assume in every account (sets S3 account Block Public Access). */
export const CONFIG_REMEDIATION_ROLE = "landing-zone-config-remediation";

/** Prefix of the EventBridge rules that forward security events to the central bus, in every account and forwarding region. */
export const FORWARDER_RULE_PREFIX = "lz-forward-security-";

/** Role the platform's own automation uses in every account; SCPs exempt it. */
export const PLATFORM_ROLE_NAME = "landing-zone-platform";

/** Session Manager log group in every account and region (transcripts also go to the access-logs bucket). */
export const SESSION_MANAGER_LOG_GROUP = "/landing-zone/ssm/sessions";

/** The organization trail, created in the management account's home region. */
export const ORGANIZATION_TRAIL_NAME = "landing-zone-organization";

export function organizationTrailArn(config: Pick<StackPlacement, "managementAccountId" | "regions">): string {
    return `arn:${partitionOf(config.regions.home)}:cloudtrail:${config.regions.home}:${config.managementAccountId}:trail/${ORGANIZATION_TRAIL_NAME}`;
}

/** Prefix of every IAM role the landing zone creates in member accounts; SCPs let only the platform change them. */
export const PLATFORM_ROLE_PREFIX = "landing-zone-";

/** Backup vault in every account that the organization backup policy targets. */
export const BACKUP_VAULT_NAME = "landing-zone-backup";

/** Vault in the backup account's home region that receives cross-account copies. */
export const CENTRAL_BACKUP_VAULT_NAME = "landing-zone-central-backup";

/** Role AWS Backup assumes in every account to back up the selected resources. */
export const BACKUP_ROLE_NAME = "landing-zone-backup";

/** Resources carrying this tag and value are in the organization backup plan. */
export const BACKUP_SELECTION_TAG = { key: "Backup", value: "true" } as const;

/** Prefix of Session Manager transcripts in the access-logs bucket; each account writes under <prefix>/<account id>/. */
export const SESSION_MANAGER_LOG_PREFIX = "session-manager";

/** Role each remediation function assumes in a target account (under the platform prefix, so SCPs protect it). */
export function remediationRoleName(remediation: string): string {
    return `${PLATFORM_ROLE_PREFIX}remediation-${remediation}`;
}
/** Prefix of Verified Access logs in the access-logs bucket (vended logs then add AWSLogs/<account id>/). */
export const VERIFIED_ACCESS_LOG_PREFIX = "verified-access";

/** Path and name of the Default Host Management role: the identity SSM Agent uses on every instance of an account. */
/** EC2 Auto Scaling's service-linked role: it launches a group's instances and so uses the account's EBS key. */
export const AUTO_SCALING_SERVICE_ROLE = {
    service: "autoscaling.amazonaws.com",
    path: "/aws-service-role/autoscaling.amazonaws.com/",
    name: "AWSServiceRoleForAutoScaling",
} as const;
export const SSM_HOST_MANAGEMENT_ROLE = { path: "/service-role/", name: "AWSSystemsManagerDefaultEC2InstanceManagementRole" } as const;

/** Incident-response runbooks (SSM Automation documents in the security-tooling account), one per alert class. */
export const RUNBOOKS = ["compromised-credentials", "exposed-bucket", "instance-compromise", "trail-tampering", "root-use", "break-glass-use"] as const;
export type RunbookClass = (typeof RUNBOOKS)[number];

/** The runbook's document name: alert rules name it before the document exists. */
export function runbookName(runbook: RunbookClass): string {
    return `lz-runbook-${runbook}`;
}

/** The CRL bucket of the optional private CAs, in the log-archive account's home region. */
export function crlBucketName(config: StackPlacement): string {
    return `lz-${config.environment}-private-ca-crl-${config.managementAccountId}-${config.regions.home}`;
}
