import type { RunbookClass } from "../shared/names";

/**
 * The incident-response runbooks' SSM Automation content as pure data: for each alert class, the steps
 * after the automatic containment. Automation does what is safe from the security-tooling account
 * (confirm and acknowledge the finding, scope the principal's or resource's activity in the organization
 * trail, check the trail still delivers, close the finding); what changes a member account (forensic
 * snapshots, key deletion, root credentials) is a documented procedure the responder follows while the
 * execution waits, under their own permission set.
 */

/** What differs between the runbooks. */
export interface RunbookSpec {
    /** Security Hub custom action id (up to 20 alphanumerics) and name (up to 20 characters). */
    readonly actionId: string;
    readonly actionName: string;
    readonly title: string;
    /** What `Subject` means for this class (shown with the parameter). */
    readonly subject: string;
    /**
     * Logs Insights filter over the organization trail; `{account}` is the account id and `{needle}` the
     * last ARN segment of the subject (access key id, bucket, instance id, role name).
     */
    readonly trailFilter: string;
    /** Saved Athena queries (components/operations/log-queries.ts) the responder runs next. */
    readonly athenaQueries: readonly string[];
    /** The responder's procedure while the execution waits, one markdown item per step. */
    readonly procedure: readonly string[];
    /** Fail unless the organization trail delivered recently (trail tampering). */
    readonly checksTrailDelivery: boolean;
}

const SUBJECT_EVENTS = 'recipientAccountId = "{account}" and @message like "{needle}"';

export const RUNBOOK_SPECS: Readonly<Record<RunbookClass, RunbookSpec>> = {
    "compromised-credentials": {
        actionId: "LzRbCredentials",
        actionName: "IR: credentials",
        title: "Compromised or exposed credentials",
        subject: "the access key id, or the ARN of the IAM user or role",
        trailFilter: SUBJECT_EVENTS,
        athenaQueries: ["suspect-address-activity", "suspect-address-dns"],
        procedure: [
            "The deactivate-access-key remediation has deactivated the key and denied sessions issued before the finding; confirm in the member account (IAM console, the user's keys and inline policies).",
            "From the scoping results, list every call the key or principal made: new users, keys, roles, policies, trust changes and resources it created; revert each one.",
            "Rotate: create a new key only if the workload still needs one (prefer a role), update its consumer, then delete the deactivated key. Rotate any secret the principal could read.",
            "Run the saved Athena queries for each source address in the scoping results (replace the placeholder address).",
            "Resume this execution to close the finding, or cancel it if the investigation continues.",
        ],
        checksTrailDelivery: false,
    },
    "exposed-bucket": {
        actionId: "LzRbExposedBucket",
        actionName: "IR: exposed bucket",
        title: "Publicly exposed S3 bucket",
        subject: "the bucket name or ARN",
        trailFilter: SUBJECT_EVENTS,
        athenaQueries: [],
        procedure: [
            "The block-s3-public-access remediation has turned Block Public Access back on; confirm the bucket's policy, ACLs and access points grant nothing outside the organization.",
            "From the scoping results, find who opened the bucket and whether it was deliberate; fix the source (pipeline, template) so it does not happen again.",
            "Estimate exposure: the bucket's server access logs (access-logs bucket) and Macie findings for the bucket show what was read from outside while it was open.",
            "If sensitive data was read, start the data-breach procedure; otherwise resume this execution to close the finding.",
        ],
        checksTrailDelivery: false,
    },
    "instance-compromise": {
        actionId: "LzRbInstance",
        actionName: "IR: instance",
        title: "Compromised EC2 instance",
        subject: "the instance id or ARN",
        trailFilter: SUBJECT_EVENTS,
        athenaQueries: ["suspect-address-activity", "suspect-address-dns", "rejected-connection-attempts", "egress-bypassing-firewall"],
        procedure: [
            "The isolate-instance remediation has detached the instance from its Auto Scaling group, snapshotted its volumes, quarantined its interfaces (empty security group, network ACL deny entries) and taken its role away; keep it running (memory is evidence).",
            "Forensic snapshot: in the member account, find the snapshots tagged landing-zone:quarantine-finding=<finding id>, copy them to the security-tooling account (re-encrypting with its EBS key) and record their ids in the finding note; snapshot any volume attached since.",
            "Isolation evidence: export the instance's quarantine group and network ACL, its console output and screenshot, and its instance profile's recent calls (the scoping results).",
            "Credential rotation: the remediation revoked the instance role's older sessions; rotate every secret the instance could read and any key found on its disk.",
            "Run the saved Athena queries with the instance's private address: what it reached, what it resolved, what it scanned, and whether it bypassed the firewall.",
            "Recover: rebuild from a known-good image rather than cleaning the instance; terminate it only after the snapshots are copied. Then resume this execution to close the finding.",
        ],
        checksTrailDelivery: false,
    },
    "trail-tampering": {
        actionId: "LzRbTrailTampering",
        actionName: "IR: trail tampering",
        title: "Organization trail stopped, changed or deleted",
        subject: "the trail name or ARN",
        trailFilter:
            'eventSource = "cloudtrail.amazonaws.com" and eventName in ["StopLogging", "DeleteTrail", "UpdateTrail", "PutEventSelectors", "PutInsightSelectors"]',
        athenaQueries: [],
        procedure: [
            "The restore-trail remediation has restarted logging and restored the selectors; the delivery check above confirms events still arrive. A deleted trail is recreated by the next `pulumi up`.",
            "From the scoping results, identify who tampered with the trail and everything that principal did in the gap; treat the principal as compromised (run the compromised-credentials runbook for it).",
            "Check the log archive: the trail's S3 objects for the gap are intact (validate digests with aws cloudtrail validate-logs).",
            "Resume this execution to close the finding.",
        ],
        checksTrailDelivery: true,
    },
    "root-use": {
        actionId: "LzRbRootUse",
        actionName: "IR: root use",
        title: "Root user activity",
        subject: "the account id",
        trailFilter: 'recipientAccountId = "{account}" and userIdentity.type = "Root"',
        athenaQueries: ["suspect-address-activity"],
        procedure: [
            "Not automated: rotating root credentials locks out a legitimate owner if it goes wrong. Confirm with the account owner whether the sign-in was expected (a task only root can do).",
            "If not expected: from the management account, with centralized root access, delete the member's root login profile, access keys and signing certificates (sts:AssumeRoot with the IAMDeleteRootUserCredentials task policy); re-register MFA only if root credentials are needed again.",
            "From the scoping results, review and revert every change the root session made.",
            "Run the saved Athena query for the sign-in's source address.",
            "Resume this execution to close the finding.",
        ],
        checksTrailDelivery: false,
    },
    "break-glass-use": {
        actionId: "LzRbBreakGlass",
        actionName: "IR: break-glass use",
        title: "Break-glass role assumed",
        subject: "the break-glass role name or ARN",
        trailFilter: SUBJECT_EVENTS,
        athenaQueries: ["suspect-address-activity"],
        procedure: [
            "Not automated: break-glass is legitimate during an outage. Confirm the incident ticket that justified it and who held the credentials.",
            "From the scoping results, review every call made under the role; revert what the incident did not need.",
            "When the emergency is over, rotate the break-glass user's password and check its MFA devices; reseal the credentials.",
            "If nobody can account for the use, treat it as compromised credentials: run that runbook for the role.",
            "Resume this execution to close the finding.",
        ],
        checksTrailDelivery: false,
    },
};

export interface RunbookDocumentArgs {
    readonly runbook: RunbookClass;
    /** Default automation role: the runbook's own. */
    readonly roleArn: string;
    /** The organization trail's log group in this account and region. */
    readonly trailLogGroup: string;
    /** Hours of trail the scoping query reads by default. */
    readonly lookbackHours: number;
    /** Minutes without a trail event after which the delivery check fails. */
    readonly deliveryToleranceMinutes: number;
    /** Who approves closing the finding (aws:approve); without them the decision step is an aws:pause. */
    readonly approvers?: RunbookApprovers;
}

export interface RunbookApprovers {
    /** IAM user names or user, role or assumed-role ARNs (at most 10). */
    readonly principals: readonly string[];
    readonly minRequiredApprovals: number;
}

/** Runtime of the script steps. */
export const SCRIPT_RUNTIME = "python3.11";
/** Characters a subject may hold: ARNs and ids, no quotes, so it cannot break out of the Logs Insights string. */
export const SUBJECT_PATTERN = "^[A-Za-z0-9:/_.+=,@-]{1,512}$";
/** What `FindingId` is when the runbook is started without a Security Hub finding (a CloudTrail or Health alert). */
export const NO_FINDING = "none";

/** Starts a Logs Insights query over the organization trail and waits for it (aws:executeScript runs up to 600 s). */
const SCOPE_SCRIPT = `import re
import time
import boto3


def handler(event, context):
    logs = boto3.client("logs")
    needle = re.split(r"[/:]", event["Subject"])[-1]
    query = event["Query"].replace("{account}", event["AccountId"]).replace("{needle}", needle)
    end = int(time.time())
    start = end - int(event["LookbackHours"]) * 3600
    query_id = logs.start_query(logGroupName=event["LogGroup"], startTime=start, endTime=end, queryString=query, limit=1000)["queryId"]
    deadline = time.time() + 500
    while True:
        result = logs.get_query_results(queryId=query_id)
        if result["status"] not in ("Scheduled", "Running"):
            break
        if time.time() > deadline:
            raise Exception(f"query {query_id} still running after 500 s; narrow LookbackHours")
        time.sleep(5)
    if result["status"] != "Complete":
        raise Exception(f"query {query_id} ended {result['status']}")
    rows = [{f["field"]: f["value"] for f in row} for row in result["results"]]
    columns = ("@timestamp", "recipientAccountId", "eventSource", "eventName", "userIdentity.arn", "sourceIPAddress", "errorCode")
    lines = [" ".join(row.get(c, "-") for c in columns) for row in rows[:50]]
    return {"queryId": query_id, "eventCount": len(rows), "summary": "\\n".join(lines) or "no events"}
`;

/** Fails when the newest event in the trail's log group is older than the tolerance. */
const DELIVERY_SCRIPT = `import time
import boto3


def handler(event, context):
    logs = boto3.client("logs")
    streams = logs.describe_log_streams(logGroupName=event["LogGroup"], orderBy="LastEventTime", descending=True, limit=1)["logStreams"]
    last = streams[0].get("lastEventTimestamp", 0) if streams else 0
    age = int(time.time() - last / 1000) // 60
    if age > int(event["ToleranceMinutes"]):
        raise Exception(f"the organization trail last delivered {age} minutes ago; it is still not logging")
    return {"minutesSinceLastEvent": age}
`;

/** Logs Insights query of the scoping step. */
export function scopingQuery(spec: RunbookSpec): string {
    return `fields @timestamp, recipientAccountId, eventSource, eventName, userIdentity.arn, sourceIPAddress, errorCode
| filter ${spec.trailFilter}
| sort @timestamp asc
| limit 1000`;
}

function markdownList(items: readonly string[]): string {
    return items.map((item, i) => `${i + 1}. ${item}`).join("\n");
}

function findingIdentifiers(): unknown[] {
    return [{ Id: "{{ FindingId }}", ProductArn: "{{ ProductArn }}" }];
}

/** The runbook as SSM Automation content (schema 0.3). */
export function runbookDocument(a: RunbookDocumentArgs): Record<string, unknown> {
    const spec = RUNBOOK_SPECS[a.runbook];
    const athena =
        spec.athenaQueries.length > 0
            ? `\n\nSaved Athena queries (workgroup landing-zone-log-analytics, log-archive account): ${spec.athenaQueries.join(", ")}.`
            : "";
    const procedure = `${markdownList(spec.procedure)}${athena}`;
    const steps: Record<string, unknown>[] = [
        {
            name: "branchOnFinding",
            action: "aws:branch",
            description: "Started from a CloudTrail or Health alert (no finding): go straight to the evidence.",
            inputs: {
                Choices: [
                    { NextStep: spec.checksTrailDelivery ? "checkTrailDelivery" : "scopeActivity", Variable: "{{ FindingId }}", StringEquals: NO_FINDING },
                ],
                Default: "confirmFinding",
            },
        },
        {
            name: "confirmFinding",
            action: "aws:assertAwsResourceProperty",
            description: "The finding exists in the administrator's hub and belongs to the account given.",
            inputs: {
                Service: "securityhub",
                Api: "GetFindings",
                Filters: { Id: [{ Value: "{{ FindingId }}", Comparison: "EQUALS" }] },
                PropertySelector: "$.Findings[0].AwsAccountId",
                DesiredValues: ["{{ AccountId }}"],
            },
        },
        {
            name: "acknowledgeFinding",
            action: "aws:executeAwsApi",
            description: "Mark the finding NOTIFIED so the team sees someone has it.",
            inputs: {
                Service: "securityhub",
                Api: "BatchUpdateFindings",
                FindingIdentifiers: findingIdentifiers(),
                Workflow: { Status: "NOTIFIED" },
                Note: { Text: `Runbook ${a.runbook} started: execution {{ automation:EXECUTION_ID }}`, UpdatedBy: "landing-zone-runbook" },
            },
            outputs: [{ Name: "Unprocessed", Selector: "$.UnprocessedFindings", Type: "MapList" }],
        },
    ];
    if (spec.checksTrailDelivery) {
        steps.push({
            name: "checkTrailDelivery",
            action: "aws:executeScript",
            description: "The organization trail still delivers events (the remediation restarted it).",
            inputs: {
                Runtime: SCRIPT_RUNTIME,
                Handler: "handler",
                Script: DELIVERY_SCRIPT,
                InputPayload: { LogGroup: a.trailLogGroup, ToleranceMinutes: a.deliveryToleranceMinutes },
            },
            outputs: [{ Name: "MinutesSinceLastEvent", Selector: "$.Payload.minutesSinceLastEvent", Type: "Integer" }],
        });
    }
    steps.push(
        {
            name: "scopeActivity",
            action: "aws:executeScript",
            description: "What the subject did across the organization, from the organization trail.",
            timeoutSeconds: 600,
            inputs: {
                Runtime: SCRIPT_RUNTIME,
                Handler: "handler",
                Script: SCOPE_SCRIPT,
                InputPayload: {
                    LogGroup: a.trailLogGroup,
                    Query: scopingQuery(spec),
                    Subject: "{{ Subject }}",
                    AccountId: "{{ AccountId }}",
                    LookbackHours: "{{ LookbackHours }}",
                },
            },
            outputs: [
                { Name: "QueryId", Selector: "$.Payload.queryId", Type: "String" },
                { Name: "EventCount", Selector: "$.Payload.eventCount", Type: "Integer" },
                { Name: "Summary", Selector: "$.Payload.summary", Type: "String" },
            ],
        },
        a.approvers
            ? {
                  // The human decision: approving closes the finding; rejecting ends the execution with the finding open.
                  name: "respond",
                  action: "aws:approve",
                  description: `Responder's procedure. Approve when done to close the finding; reject to leave it open.\n\n${procedure}`,
                  timeoutSeconds: 604800,
                  onFailure: "Abort",
                  inputs: {
                      Approvers: [...a.approvers.principals],
                      MinRequiredApprovals: a.approvers.minRequiredApprovals,
                      Message: `${spec.title}: approve once the procedure in this step's description is done (the finding is resolved), reject to leave it open.`,
                  },
              }
            : {
                  name: "respond",
                  action: "aws:pause",
                  description: `Responder's procedure. Resume the execution when done (aws ssm send-automation-signal --signal-type Resume), or cancel it.\n\n${procedure}`,
              },
        {
            name: "branchOnClose",
            action: "aws:branch",
            description: "Close the finding the runbook was started for, if any.",
            inputs: { Choices: [{ NextStep: "closeFinding", Not: { Variable: "{{ FindingId }}", StringEquals: NO_FINDING } }] },
            isEnd: true,
        },
        {
            name: "closeFinding",
            action: "aws:executeAwsApi",
            description: "Resolve the finding with a note naming this execution.",
            inputs: {
                Service: "securityhub",
                Api: "BatchUpdateFindings",
                FindingIdentifiers: findingIdentifiers(),
                Workflow: { Status: "RESOLVED" },
                Note: {
                    Text: `Resolved by runbook ${a.runbook} after the responder's procedure: execution {{ automation:EXECUTION_ID }}`,
                    UpdatedBy: "landing-zone-runbook",
                },
            },
            isEnd: true,
        },
    );
    return {
        schemaVersion: "0.3",
        description: `# ${spec.title}\n\nAfter the automatic containment: confirm and acknowledge the finding, scope the activity in the organization trail, then the responder's procedure, then close the finding.\n\n${procedure}`,
        assumeRole: "{{ AutomationAssumeRole }}",
        parameters: {
            AutomationAssumeRole: { type: "String", description: "Role the runbook runs as (its own, least privilege).", default: a.roleArn },
            FindingId: { type: "String", description: `Security Hub finding id, or "${NO_FINDING}" when started from another alert.`, default: NO_FINDING },
            ProductArn: { type: "String", description: `Product ARN of the finding, or "${NO_FINDING}".`, default: NO_FINDING },
            AccountId: { type: "String", description: "Account the alert is about.", allowedPattern: "^[0-9]{12}$" },
            Subject: { type: "String", description: `What the alert is about: ${spec.subject}.`, allowedPattern: SUBJECT_PATTERN },
            LookbackHours: { type: "Integer", description: "Hours of the organization trail to scope.", default: a.lookbackHours },
        },
        mainSteps: steps,
        outputs: ["scopeActivity.QueryId", "scopeActivity.EventCount", "scopeActivity.Summary"],
    };
}
