import type { ScpInputs } from "../../components/policies/scp";

/** A workload account, another account of the organization, and an account outside it. */
export const ACCOUNT = "111111111111";
export const OTHER_ORG_ACCOUNT = "333333333333";
export const OUTSIDE_ACCOUNT = "999999999999";
export const ORG_ID = "o-abcdefghij";
export const OUTSIDE_ORG_ID = "o-zyxwvutsrq";

const session = (role: string, account = ACCOUNT) => `arn:aws:sts::${account}:assumed-role/${role}/session`;

export const principals = {
    workload: session("app-deployer"),
    platform: session("landing-zone-platform"),
    access: session("OrganizationAccountAccessRole"),
    configRemediation: session("landing-zone-config-remediation"),
    breakGlass: session("break-glass-admin"),
    root: `arn:aws:iam::${ACCOUNT}:root`,
    otherOrgAccount: session("app-reader", OTHER_ORG_ACCOUNT),
    outsider: session("attacker", OUTSIDE_ACCOUNT),
};

export const LOG_BUCKET = "arn:aws:s3:::lz-test-cloudtrail-222222222222-eu-west-1";

export const scpInputs: ScpInputs = {
    platformRoleName: "landing-zone-platform",
    accessRoleName: "OrganizationAccountAccessRole",
    protectedRolePrefix: "landing-zone-",
    breakGlassRoleNames: ["break-glass-admin"],
    allowedRegions: ["eu-west-1", "eu-central-1"],
    globalEventsRegion: "us-east-1",
    forwarderRulePrefix: "lz-forward-security-",
    accountPublicAccessBlockRoleNames: ["landing-zone-config-remediation"],
    logBucketArns: [LOG_BUCKET, "arn:aws:s3:::lz-test-config-222222222222-eu-west-1"],
};

export const arn = {
    instance: `arn:aws:ec2:eu-west-1:${ACCOUNT}:instance/i-0123456789abcdef0`,
    volume: `arn:aws:ec2:eu-west-1:${ACCOUNT}:volume/vol-0123456789abcdef0`,
    trail: `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/organization`,
    role: (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`,
    bucket: "arn:aws:s3:::payments-data",
    key: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
    queue: `arn:aws:sqs:eu-west-1:${ACCOUNT}:orders`,
    secret: `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:db-password-AbCdEf`,
};
