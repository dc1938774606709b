import { alarm, CIS_ARN, CIS_PATTERNS, CMK, FSBP_ARN, hubAssociation, hubPolicy, LZ, metricFilter, R, res, S, PolicyCases } from "./fixtures";

/** Failing and passing cases of the policies in policypack/policies/monitoring.ts. */
export const monitoringCases: Readonly<Record<string, PolicyCases>> = {
    "cloudtrail-org-trail-present": {
        fail: [S("single-account trail only", [res("aws:cloudtrail/trail:Trail", "t", { s3BucketName: "b", isMultiRegionTrail: true })], LZ)],
        pass: [
            S("organization trail", [res("aws:cloudtrail/trail:Trail", "org", { s3BucketName: "b", isMultiRegionTrail: true, isOrganizationTrail: true })], LZ),
        ],
    },
    "cloudtrail-trail-hardened": {
        fail: [
            R("logging turned off", "aws:cloudtrail/trail:Trail", {
                s3BucketName: "t",
                enableLogging: false,
                isMultiRegionTrail: true,
                enableLogFileValidation: true,
                kmsKeyId: CMK,
                cloudWatchLogsGroupArn: "arn:aws:logs:eu-west-1:111111111111:log-group:t:*",
            }),
            R("bare trail", "aws:cloudtrail/trail:Trail", { s3BucketName: "b" }),
        ],
        pass: [
            R("hardened trail", "aws:cloudtrail/trail:Trail", {
                s3BucketName: "b",
                isMultiRegionTrail: true,
                enableLogFileValidation: true,
                kmsKeyId: CMK,
                cloudWatchLogsGroupArn: "arn:aws:logs:eu-west-1:111111111111:log-group:org-trail:*",
            }),
        ],
    },
    "config-recorder-present": {
        fail: [
            S(
                "recorder but never enabled",
                [res("aws:cfg/recorder:Recorder", "rec", { roleArn: "r" }), res("aws:cfg/deliveryChannel:DeliveryChannel", "dc", { s3BucketName: "b" })],
                LZ,
            ),
        ],
        pass: [
            S(
                "recorder, channel and status",
                [
                    res("aws:cfg/recorder:Recorder", "rec", { roleArn: "r", recordingGroup: { allSupported: true, includeGlobalResourceTypes: true } }),
                    res("aws:cfg/deliveryChannel:DeliveryChannel", "dc", { s3BucketName: "b" }),
                    res("aws:cfg/recorderStatus:RecorderStatus", "st", { name: "rec", isEnabled: true }),
                ],
                LZ,
            ),
        ],
    },
    "config-recorder-all-resources": {
        fail: [
            R("selected types only", "aws:cfg/recorder:Recorder", {
                roleArn: "r",
                recordingGroup: { allSupported: false, resourceTypes: ["AWS::S3::Bucket"] },
            }),
        ],
        pass: [R("all supported", "aws:cfg/recorder:Recorder", { roleArn: "r", recordingGroup: { allSupported: true, includeGlobalResourceTypes: true } })],
    },
    "guardduty-enabled": {
        fail: [S("detector disabled", [res("aws:guardduty/detector:Detector", "gd", { enable: false })], LZ)],
        pass: [S("detector enabled", [res("aws:guardduty/detector:Detector", "gd", { enable: true })], LZ)],
    },
    "securityhub-enabled": {
        fail: [
            S(
                "hub without CIS",
                [
                    res("aws:securityhub/account:Account", "hub", {}),
                    res("aws:securityhub/standardsSubscription:StandardsSubscription", "fsbp", {
                        standardsArn: "arn:aws:securityhub:eu-west-1::standards/aws-foundational-security-best-practices/v/1.0.0",
                    }),
                ],
                LZ,
            ),
            S(
                "central policy with both standards that nothing associates",
                [res("aws:securityhub/account:Account", "hub", {}), hubPolicy(true, [FSBP_ARN, CIS_ARN])],
                LZ,
            ),
            S(
                "associated central policy that disables the service",
                [res("aws:securityhub/account:Account", "hub", {}), hubPolicy(false, [FSBP_ARN, CIS_ARN]), hubAssociation],
                LZ,
            ),
        ],
        pass: [
            S(
                "central configuration policy associated with the root",
                [res("aws:securityhub/account:Account", "hub", {}), hubPolicy(true, [FSBP_ARN, CIS_ARN]), hubAssociation],
                LZ,
            ),
            S(
                "hub with both standards",
                [
                    res("aws:securityhub/account:Account", "hub", {}),
                    res("aws:securityhub/standardsSubscription:StandardsSubscription", "fsbp", {
                        standardsArn: "arn:aws:securityhub:eu-west-1::standards/aws-foundational-security-best-practices/v/1.0.0",
                    }),
                    res("aws:securityhub/standardsSubscription:StandardsSubscription", "cis", {
                        standardsArn: "arn:aws:securityhub:eu-west-1::standards/cis-aws-foundations-benchmark/v/5.0.0",
                    }),
                ],
                LZ,
            ),
        ],
    },
    "cis-metric-filters-and-alarms": {
        fail: [S("only the root filter, without alarm", [metricFilter("root", CIS_PATTERNS[2][1])], LZ)],
        pass: [
            S(
                "every CIS filter with an alarm",
                CIS_PATTERNS.flatMap(([name, pattern]) => [metricFilter(name, pattern), alarm(name)]),
                LZ,
            ),
        ],
    },
    "log-group-encrypted-retained": {
        fail: [R("unencrypted, 30 days", "aws:cloudwatch/logGroup:LogGroup", { retentionInDays: 30 })],
        pass: [R("CMK, one year", "aws:cloudwatch/logGroup:LogGroup", { retentionInDays: 365, kmsKeyId: CMK })],
    },

    "config-recorder-enabled": {
        fail: [R("status disabled", "aws:cfg/recorderStatus:RecorderStatus", { name: "default", isEnabled: false })],
        pass: [R("status enabled", "aws:cfg/recorderStatus:RecorderStatus", { name: "default", isEnabled: true })],
    },
};
