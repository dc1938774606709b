import type { PolicyResource } from "@pulumi/policy";
import { isCustomerManagedKey, list, ofType, outputsPending, refersTo, resourcePolicy, stackPolicy, ZeroTrustPolicy } from "./common";
import { Deployments, pairKey, pairsOf } from "./deployments";

const TRAIL = "aws:cloudtrail/trail:Trail";

/** CIS section 4 metric filters: a fragment each filter pattern must contain. */
const CIS_METRIC_FILTERS: readonly { control: string; what: string; needle: RegExp }[] = [
    { control: "CIS 4.1", what: "unauthorized API calls", needle: /UnauthorizedOperation|AccessDenied/ },
    { control: "CIS 4.2", what: "console sign-in without MFA", needle: /MFAUsed/ },
    { control: "CIS 4.3", what: "root account usage", needle: /"?Root"?/ },
    { control: "CIS 4.4", what: "IAM policy changes", needle: /PutRolePolicy|AttachRolePolicy|CreatePolicy/ },
    { control: "CIS 4.5", what: "CloudTrail configuration changes", needle: /StopLogging|DeleteTrail/ },
    { control: "CIS 4.6", what: "console authentication failures", needle: /Failed authentication/ },
    { control: "CIS 4.7", what: "disabling or scheduled deletion of CMKs", needle: /ScheduleKeyDeletion|DisableKey/ },
    { control: "CIS 4.8", what: "S3 bucket policy changes", needle: /PutBucketPolicy/ },
    { control: "CIS 4.9", what: "AWS Config changes", needle: /StopConfigurationRecorder/ },
    { control: "CIS 4.10", what: "security group changes", needle: /AuthorizeSecurityGroupIngress/ },
    { control: "CIS 4.11", what: "NACL changes", needle: /CreateNetworkAclEntry/ },
    { control: "CIS 4.12", what: "network gateway changes", needle: /AttachInternetGateway|CreateCustomerGateway/ },
    { control: "CIS 4.13", what: "route table changes", needle: /CreateRoute\b|ReplaceRoute\b|CreateRoute"/ },
    { control: "CIS 4.14", what: "VPC changes", needle: /CreateVpc\b|DeleteVpc\b|CreateVpc"/ },
    { control: "CIS 4.15", what: "AWS Organizations changes", needle: /organizations\.amazonaws\.com/ },
];

export const monitoringPolicies: ZeroTrustPolicy[] = [
    stackPolicy({
        name: "cloudtrail-org-trail-present",
        description:
            "The landing zone runs a multi-region organization CloudTrail that is logging. One such trail records every account and region of the organization, so one suffices wherever the stack deploys.",
        severity: "critical",
        area: "monitoring",
        controls: ["CIS 3.1", "CloudTrail.1"],
        remediation:
            "Create an aws.cloudtrail.Trail with isOrganizationTrail: true, isMultiRegionTrail: true and enableLogging: true in the management (or delegated) account.",
        landingZoneOnly: true,
        validate: (resources, report) => {
            const ok = ofType(resources, TRAIL).some(
                (t) => t.props.isOrganizationTrail === true && t.props.isMultiRegionTrail === true && t.props.enableLogging !== false,
            );
            if (!ok) report("no logging, multi-region organization trail in the stack");
        },
    }),
    resourcePolicy({
        name: "cloudtrail-trail-hardened",
        description: "CloudTrail trails cover all regions, validate log files, encrypt with a CMK and stream to CloudWatch Logs.",
        severity: "high",
        area: "monitoring",
        controls: ["CIS 3.1", "CIS 3.2", "CIS 3.5", "CloudTrail.1", "CloudTrail.2", "CloudTrail.4", "CloudTrail.5"],
        remediation:
            "Set isMultiRegionTrail: true, enableLogFileValidation: true, kmsKeyId to the trail CMK and cloudWatchLogsGroupArn / cloudWatchLogsRoleArn.",
        types: [TRAIL],
        validate: (props, report) => {
            if (props.enableLogging === false) report("enableLogging is false: the trail records nothing");
            if (props.isMultiRegionTrail !== true) report("trail is single-region");
            if (props.enableLogFileValidation !== true) report("log file validation is off");
            if (!isCustomerManagedKey(props.kmsKeyId)) report("logs are not encrypted with a customer-managed KMS key");
            if (!props.cloudWatchLogsGroupArn) report("trail does not stream to CloudWatch Logs (needed for CIS metric filters)");
        },
    }),
    stackPolicy({
        name: "config-recorder-present",
        description:
            "The landing zone records AWS Config in every account and region it deploys anything to (the global-events region included: its rules are resources too), with a delivery channel and an enabled recorder; and records global resource types (IAM) in one region of each account. Recorders are per region; global types are recorded once, as AWS advises.",
        severity: "high",
        area: "monitoring",
        controls: ["CIS 3.3", "Config.1"],
        remediation:
            "Create aws.cfg.Recorder, aws.cfg.DeliveryChannel and aws.cfg.RecorderStatus (isEnabled: true) in every account and region the program deploys to, with recordingGroup.includeGlobalResourceTypes true in the home region only.",
        landingZoneOnly: true,
        validate: (resources, report) => {
            const deployed = new Deployments(resources, report);
            const recorders = ofType(resources, "aws:cfg/recorder:Recorder");
            const has = {
                recorder: pairsOf(deployed, recorders),
                "delivery channel": pairsOf(deployed, ofType(resources, "aws:cfg/deliveryChannel:DeliveryChannel")),
                "enabled recorder status": pairsOf(deployed, ofType(resources, "aws:cfg/recorderStatus:RecorderStatus"), (s) => s.props.isEnabled === true),
            };
            for (const p of deployed.pairsDeployed()) {
                const missing = Object.entries(has).filter(([, pairs]) => !pairs.has(pairKey(p))).map(([what]) => what);
                if (missing.length > 0) report(`AWS Config in account ${p.accountLabel}, region ${p.region} has no ${missing.join(", no ")}`);
            }
            const recordsGlobal = (r: PolicyResource) =>
                r.props.recordingGroup?.allSupported !== false && r.props.recordingGroup?.includeGlobalResourceTypes === true;
            const global = new Set(recorders.filter((r) => outputsPending(r) || recordsGlobal(r)).flatMap((r) => deployed.place(r)?.account ?? []));
            for (const a of deployed.accounts())
                if (!global.has(a.account)) report(`account ${a.accountLabel} records no global resource types (IAM) in any region`);
        },
    }),
    resourcePolicy({
        name: "config-recorder-enabled",
        description: "AWS Config recorders are started: a recorder status is created enabled.",
        severity: "high",
        area: "monitoring",
        controls: ["CIS 3.3", "Config.1"],
        remediation: "Set isEnabled: true on the aws.cfg.RecorderStatus.",
        types: ["aws:cfg/recorderStatus:RecorderStatus"],
        validate: (props, report) => {
            if (props.isEnabled !== true) report(`recorder ${props.name} is stopped (isEnabled is ${props.isEnabled ?? "unset"})`);
        },
    }),
    resourcePolicy({
        name: "config-recorder-all-resources",
        description: "AWS Config recorders record all supported resource types.",
        severity: "medium",
        area: "monitoring",
        controls: ["CIS 3.3", "Config.1"],
        remediation: "Set recordingGroup { allSupported: true } (includeGlobalResourceTypes: true in the home region).",
        types: ["aws:cfg/recorder:Recorder"],
        validate: (props, report) => {
            if (props.recordingGroup && props.recordingGroup.allSupported === false) report("recorder records only selected resource types");
        },
    }),
    stackPolicy({
        name: "guardduty-enabled",
        description:
            "The landing zone enables GuardDuty in every account and region where it deploys workloads: detectors are per region, and an organization configuration auto-enabling ALL members covers every account of the organization in its region. A region holding only global-service plumbing (global-event forwarding rules, Firewall Manager's CloudFront policies), where the SCP admits no workload, needs none.",
        severity: "high",
        area: "monitoring",
        controls: ["GuardDuty.1"],
        remediation:
            "In every region, create an aws.guardduty.Detector (enable: true) in the delegated administrator account and an OrganizationConfiguration with autoEnableOrganizationMembers ALL (or a detector in each account).",
        landingZoneOnly: true,
        validate: (resources, report) => {
            const deployed = new Deployments(resources, report);
            const detectors = ofType(resources, "aws:guardduty/detector:Detector").filter((d) => outputsPending(d) || d.props.enable !== false);
            const own = pairsOf(deployed, detectors);
            const allMembers = (c: PolicyResource) =>
                c.props.autoEnableOrganizationMembers === "ALL" && detectors.some((d) => refersTo(c, "detectorId", d, ["id"]));
            const organizationWide = new Set(
                ofType(resources, "aws:guardduty/organizationConfiguration:OrganizationConfiguration")
                    .filter((c) => outputsPending(c) || allMembers(c))
                    .flatMap((c) => deployed.place(c)?.region ?? []),
            );
            for (const p of deployed.pairsDeployed(true))
                if (!own.has(pairKey(p)) && !organizationWide.has(p.region))
                    report(`GuardDuty is not enabled for account ${p.accountLabel} in region ${p.region}: no detector there and no organization configuration auto-enabling ALL members in the region`);
        },
    }),
    stackPolicy<{ requiredStandards: string[] }>({
        name: "securityhub-enabled",
        description:
            "The landing zone enables Security Hub with the FSBP and CIS standards in every region where it deploys workloads: Security Hub is regional; with central configuration its home region and the regions its finding aggregator links are covered. A region holding only global-service plumbing, where the SCP admits no workload, needs none.",
        severity: "high",
        area: "monitoring",
        controls: ["CIS 4.16", "SecurityHub.1"],
        remediation:
            "Create aws.securityhub.Account and, for each required standard, an aws.securityhub.StandardsSubscription or an entry in enabledStandardArns of a central aws.securityhub.ConfigurationPolicy (serviceEnabled: true) that an aws.securityhub.ConfigurationPolicyAssociation applies.",
        landingZoneOnly: true,
        params: {
            requiredStandards: {
                type: "array",
                items: { type: "string" },
                default: ["aws-foundational-security-best-practices", "cis-aws-foundations-benchmark"],
                description: "Fragments of standards ARNs that must be subscribed.",
            },
        },
        validate: (resources, report, { config }) => {
            const hubs = ofType(resources, "aws:securityhub/account:Account");
            if (hubs.length === 0) report("Security Hub is not enabled in the stack");
            else {
                const deployed = new Deployments(resources, report);
                const covered = new Set(hubs.flatMap((h) => deployed.place(h)?.region ?? []));
                const aggregators = ofType(resources, "aws:securityhub/findingAggregator:FindingAggregator");
                const linksAll = aggregators.some((a) => outputsPending(a) || a.props.linkingMode === "ALL_REGIONS");
                const linked = (region: string) =>
                    aggregators.some(
                        (a) =>
                            (a.props.linkingMode === "SPECIFIED_REGIONS" && list(a.props.specifiedRegions).includes(region)) ||
                            (a.props.linkingMode === "ALL_REGIONS_EXCEPT_SPECIFIED" && !list(a.props.specifiedRegions).includes(region)),
                    );
                for (const region of new Set(deployed.pairsDeployed(true).map((p) => p.region)))
                    if (!covered.has(region) && !linksAll && !linked(region))
                        report(`Security Hub does not cover region ${region}: no hub there and no finding aggregator links it`);
            }
            // Central configuration enables standards through an associated configuration policy instead of subscriptions.
            const associations = ofType(resources, "aws:securityhub/configurationPolicyAssociation:ConfigurationPolicyAssociation");
            const central = ofType(resources, "aws:securityhub/configurationPolicy:ConfigurationPolicy")
                .filter((p) => p.props.configurationPolicy?.serviceEnabled === true && associations.some((a) => refersTo(a, "policyId", p, ["id"])))
                .flatMap((p) => list<string>(p.props.configurationPolicy?.enabledStandardArns));
            const arns = [
                ...ofType(resources, "aws:securityhub/standardsSubscription:StandardsSubscription").map((s) => String(s.props.standardsArn ?? "")),
                ...central.map(String),
            ];
            for (const std of config.requiredStandards) if (!arns.some((a) => a.includes(std))) report(`Security Hub standard ${std} is not subscribed`);
        },
    }),
    stackPolicy({
        name: "cis-metric-filters-and-alarms",
        description:
            "The landing zone has the CIS CloudWatch metric filters, each with an alarm. They read the organization trail's one log group, which receives every account's and region's events, so one set suffices.",
        severity: "medium",
        area: "monitoring",
        controls: [...CIS_METRIC_FILTERS.map((f) => f.control), "CloudWatch.1"],
        remediation:
            "Create an aws.cloudwatch.LogMetricFilter on the organization trail's log group for each CIS 4.x event pattern, and an aws.cloudwatch.MetricAlarm on its metric notifying the security topic.",
        landingZoneOnly: true,
        validate: (resources, report) => {
            const filters = ofType(resources, "aws:cloudwatch/logMetricFilter:LogMetricFilter");
            const alarmed = new Set(ofType(resources, "aws:cloudwatch/metricAlarm:MetricAlarm").map((a) => a.props.metricName));
            for (const cis of CIS_METRIC_FILTERS) {
                const mine = filters.filter((f) => cis.needle.test(String(f.props.pattern ?? "")));
                if (mine.length === 0) report(`${cis.control}: no metric filter for ${cis.what}`);
                else if (!mine.some((f) => list(f.props.metricTransformation).some((t) => alarmed.has(t?.name))))
                    report(`${cis.control}: metric filter for ${cis.what} has no alarm`);
            }
        },
    }),
    resourcePolicy<{ minimumDays: number }, "aws:cloudwatch/logGroup:LogGroup">({
        name: "log-group-encrypted-retained",
        description: "CloudWatch log groups are encrypted with a customer-managed key and retained for the minimum period.",
        severity: "medium",
        area: "monitoring",
        controls: ["CloudWatch.16"],
        remediation: "Set kmsKeyId to the logs CMK and retentionInDays to at least the minimum (0 means never expire, which is also accepted).",
        params: { minimumDays: { type: "integer", minimum: 1, default: 365, description: "Shortest retention accepted, in days." } },
        types: ["aws:cloudwatch/logGroup:LogGroup"],
        validate: (props, report, { config }) => {
            if (!isCustomerManagedKey(props.kmsKeyId)) report("log group is not encrypted with a customer-managed key");
            const days = props.retentionInDays ?? 0;
            if (days !== 0 && days < config.minimumDays) report(`retentionInDays is ${days}; expected >= ${config.minimumDays}`);
        },
    }),
];
