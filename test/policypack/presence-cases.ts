import type { PolicyCases } from "./cases";
import { ProviderSpec, ResourceInput, UNKNOWN } from "./harness";

/**
 * Cases of the landing zone's presence checks: each must hold in every account (account-wide
 * settings) or every account and region (regional ones) the stack's providers deploy to.
 */

const LZ = { landingZone: true };
const TOOLING = "222222222222";
const PAYMENTS = "333333333333";

/** A provider pinned to one account in one region, as the bridge sends it (allowedAccountIds as JSON text). */
const at = (account: string, region: string): ProviderSpec => ({ name: `${account}-${region}`, props: { region, allowedAccountIds: JSON.stringify([account]) } });
/** A provider into an account created in this run (from the tooling account here): its pin is unknown in preview, and depends on the account. */
const NEW_ACCOUNT: ProviderSpec = { name: "ledger-eu-west-1", props: { region: "eu-west-1", allowedAccountIds: UNKNOWN } };
const newAccount = (): ResourceInput[] => [
    r("aws:organizations/account:Account", "ledger", at(TOOLING, "eu-west-1"), { name: "ledger", email: "aws+ledger@example.com" }),
    { type: "pulumi:providers:aws", name: NEW_ACCOUNT.name, props: NEW_ACCOUNT.props, propertyDependencies: { allowedAccountIds: ["ledger"] }, provider: null },
];

const r = (type: string, name: string, provider: ProviderSpec, props: Record<string, unknown> = {}, propertyDependencies?: Record<string, string[]>): ResourceInput => ({
    type,
    name,
    props,
    provider,
    propertyDependencies,
});
const S = (why: string, stack: ResourceInput[]) => ({ why, stack, config: LZ });

const BPA = "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock";
const bpa = (name: string, p: ProviderSpec) =>
    r(BPA, name, p, { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
const queue = (name: string, p: ProviderSpec) => r("aws:sqs/queue:Queue", name, p);
/** A global-event forwarding rule: what the landing zone deploys in us-east-1, outside the allowed regions. */
const forwardingRule = (name: string, p: ProviderSpec) => r("aws:cloudwatch/eventRule:EventRule", name, p, { eventPattern: '{"source":["aws.iam"]}' });
const ebs = (name: string, p: ProviderSpec, enabled = true) => r("aws:ebs/encryptionByDefault:EncryptionByDefault", name, p, { enabled });
/** Recorder, delivery channel and enabled status in one account and region. */
const config = (name: string, p: ProviderSpec, globalTypes: boolean) => [
    r("aws:cfg/recorder:Recorder", `${name}-rec`, p, { name: "default", roleArn: "r", recordingGroup: { allSupported: true, includeGlobalResourceTypes: globalTypes } }),
    r("aws:cfg/deliveryChannel:DeliveryChannel", `${name}-dc`, p, { name: "default", s3BucketName: "config" }),
    r("aws:cfg/recorderStatus:RecorderStatus", `${name}-st`, p, { name: "default", isEnabled: true }),
];
const detector = (name: string, p: ProviderSpec) => r("aws:guardduty/detector:Detector", name, p, { enable: true });
const organizationWide = (name: string, detectorName: string, p: ProviderSpec) =>
    r(
        "aws:guardduty/organizationConfiguration:OrganizationConfiguration",
        name,
        p,
        { detectorId: UNKNOWN, autoEnableOrganizationMembers: "ALL" },
        { detectorId: [detectorName] },
    );
const inspector = (name: string, p: ProviderSpec) => r("aws:inspector2/enabler:Enabler", name, p, { accountIds: [TOOLING], resourceTypes: ["EC2", "ECR", "LAMBDA"] });
const macie = (name: string, p: ProviderSpec) => r("aws:macie2/account:Account", name, p, { status: "ENABLED" });
const FSBP = "arn:aws:securityhub:eu-west-1::standards/aws-foundational-security-best-practices/v/1.0.0";
const CIS = "arn:aws:securityhub:eu-west-1::standards/cis-aws-foundations-benchmark/v/5.0.0";
/** Security Hub in the tooling account's home region with both standards, and a finding aggregator `linking` as given. */
const hub = (linking: Record<string, unknown>) => [
    r("aws:securityhub/account:Account", "hub", at(TOOLING, "eu-west-1")),
    r("aws:securityhub/standardsSubscription:StandardsSubscription", "fsbp", at(TOOLING, "eu-west-1"), { standardsArn: FSBP }),
    r("aws:securityhub/standardsSubscription:StandardsSubscription", "cis", at(TOOLING, "eu-west-1"), { standardsArn: CIS }),
    r("aws:securityhub/findingAggregator:FindingAggregator", "aggregator", at(TOOLING, "eu-west-1"), linking),
];
const analyzer = (name: string, p: ProviderSpec) => r("aws:accessanalyzer/analyzer:Analyzer", name, p, { analyzerName: name, type: "ORGANIZATION" });

export const PRESENCE_CASES: Readonly<Record<string, PolicyCases>> = {
    "s3-account-public-access-block-present": {
        fail: [
            S("a second account without it", [bpa("bpa-tooling", at(TOOLING, "eu-west-1")), queue("q", at(PAYMENTS, "eu-west-1"))]),
            S("an account this run creates, without it", [...newAccount(), bpa("bpa-tooling", at(TOOLING, "eu-west-1")), queue("q", NEW_ACCOUNT)]),
            S("a provider whose account pin is unknown and comes from no account of the stack", [
                { type: "pulumi:providers:aws", name: NEW_ACCOUNT.name, props: NEW_ACCOUNT.props, provider: null },
                bpa("bpa", NEW_ACCOUNT),
            ]),
        ],
        pass: [
            S("one per account, in one region: the setting is account-wide", [
                bpa("bpa-tooling", at(TOOLING, "eu-west-1")),
                queue("q-tooling", at(TOOLING, "eu-central-1")),
                bpa("bpa-payments", at(PAYMENTS, "eu-central-1")),
                queue("q-payments", at(PAYMENTS, "eu-west-1")),
            ]),
            S("an account this run creates, with its own", [...newAccount(), bpa("bpa-tooling", at(TOOLING, "eu-west-1")), bpa("bpa-ledger", NEW_ACCOUNT), queue("q", NEW_ACCOUNT)]),
        ],
    },
    "ebs-default-encryption-enabled": {
        fail: [
            S("on in one region of the account, not in the other", [ebs("ebs-euw1", at(PAYMENTS, "eu-west-1")), queue("q", at(PAYMENTS, "eu-central-1"))]),
            S("on in one account, off in the other", [ebs("ebs-tooling", at(TOOLING, "eu-west-1")), ebs("ebs-payments", at(PAYMENTS, "eu-west-1"), false)]),
            S("absent in an account this run creates", [...newAccount(), ebs("ebs-tooling", at(TOOLING, "eu-west-1")), queue("q", NEW_ACCOUNT)]),
        ],
        pass: [
            S("on in every account and region", [
                ebs("ebs-tooling", at(TOOLING, "eu-west-1")),
                ebs("ebs-payments-euw1", at(PAYMENTS, "eu-west-1")),
                ebs("ebs-payments-euc1", at(PAYMENTS, "eu-central-1")),
                queue("q", at(PAYMENTS, "eu-central-1")),
            ]),
            S("a region holding only global-event forwarding needs none (no volume can be made there)", [
                ebs("ebs", at(PAYMENTS, "eu-west-1")),
                forwardingRule("iam-events", at(PAYMENTS, "us-east-1")),
            ]),
        ],
    },
    "config-recorder-present": {
        fail: [
            S("recorded at home, not in the global-events region where the account has rules", [
                ...config("home", at(PAYMENTS, "eu-west-1"), true),
                forwardingRule("iam-events", at(PAYMENTS, "us-east-1")),
            ]),
            S("recorded in one account only", [...config("tooling", at(TOOLING, "eu-west-1"), true), queue("q", at(PAYMENTS, "eu-west-1"))]),
            S("every region recorded, global types (IAM) in none", [
                ...config("home", at(PAYMENTS, "eu-west-1"), false),
                ...config("global-events", at(PAYMENTS, "us-east-1"), false),
            ]),
        ],
        pass: [
            S("in an account this run creates, shown without inputs in preview (as the engine does): present, checked again when the update ends", [
                ...newAccount(),
                ...config("tooling", at(TOOLING, "eu-west-1"), true),
                ...["aws:cfg/recorder:Recorder", "aws:cfg/deliveryChannel:DeliveryChannel", "aws:cfg/recorderStatus:RecorderStatus"].map((type, i) =>
                    r(type, `ledger-${i}`, NEW_ACCOUNT),
                ),
            ]),
            S("every region recorded, global types once (at home)", [
                ...config("home", at(PAYMENTS, "eu-west-1"), true),
                ...config("global-events", at(PAYMENTS, "us-east-1"), false),
                forwardingRule("iam-events", at(PAYMENTS, "us-east-1")),
            ]),
        ],
    },
    "guardduty-enabled": {
        fail: [
            S("a detector in one region, workloads in another", [detector("gd-euw1", at(PAYMENTS, "eu-west-1")), queue("q", at(PAYMENTS, "eu-central-1"))]),
            S("a delegated administrator's detector that enables no member", [detector("gd", at(TOOLING, "eu-west-1")), queue("q", at(PAYMENTS, "eu-west-1"))]),
        ],
        pass: [
            S("an organization configuration auto-enabling ALL covers every account of its region; forwarding-only regions need none", [
                detector("gd", at(TOOLING, "eu-west-1")),
                organizationWide("gd-org", "gd", at(TOOLING, "eu-west-1")),
                queue("q", at(PAYMENTS, "eu-west-1")),
                forwardingRule("iam-events", at(PAYMENTS, "us-east-1")),
            ]),
        ],
    },
    "inspector-enabled": {
        fail: [S("scanning in one region, workloads in two", [inspector("insp-euw1", at(TOOLING, "eu-west-1")), queue("q", at(PAYMENTS, "eu-central-1"))])],
        pass: [
            S("scanning in every region with workloads", [
                inspector("insp-euw1", at(TOOLING, "eu-west-1")),
                inspector("insp-euc1", at(TOOLING, "eu-central-1")),
                queue("q", at(PAYMENTS, "eu-central-1")),
                forwardingRule("iam-events", at(PAYMENTS, "us-east-1")),
            ]),
        ],
    },
    "macie-enabled": {
        fail: [S("Macie in one region, workloads in two", [macie("macie-euw1", at(TOOLING, "eu-west-1")), queue("q", at(PAYMENTS, "eu-central-1"))])],
        pass: [
            S("Macie in every region with workloads", [
                macie("macie-euw1", at(TOOLING, "eu-west-1")),
                macie("macie-euc1", at(TOOLING, "eu-central-1")),
                queue("q", at(PAYMENTS, "eu-central-1")),
                forwardingRule("iam-events", at(PAYMENTS, "us-east-1")),
            ]),
        ],
    },
    "securityhub-enabled": {
        fail: [
            S("a region with workloads that the finding aggregator does not link", [
                ...hub({ linkingMode: "SPECIFIED_REGIONS", specifiedRegions: ["eu-north-1"] }),
                queue("q", at(PAYMENTS, "eu-central-1")),
            ]),
        ],
        pass: [
            S("home region and the linked regions; forwarding-only regions need none", [
                ...hub({ linkingMode: "SPECIFIED_REGIONS", specifiedRegions: ["eu-central-1"] }),
                queue("q", at(PAYMENTS, "eu-central-1")),
                forwardingRule("iam-events", at(PAYMENTS, "us-east-1")),
            ]),
            S("an aggregator linking all regions", [...hub({ linkingMode: "ALL_REGIONS" }), queue("q", at(PAYMENTS, "ap-south-1"))]),
        ],
    },
    "iam-access-analyzer-present": {
        fail: [S("an organization analyzer in one region, workloads in two", [analyzer("aa-euw1", at(TOOLING, "eu-west-1")), queue("q", at(PAYMENTS, "eu-central-1"))])],
        pass: [
            S("an organization analyzer in every region with workloads", [
                analyzer("aa-euw1", at(TOOLING, "eu-west-1")),
                analyzer("aa-euc1", at(TOOLING, "eu-central-1")),
                queue("q", at(PAYMENTS, "eu-central-1")),
                forwardingRule("iam-events", at(PAYMENTS, "us-east-1")),
            ]),
        ],
    },
};
