/**
 * The threat drill's findings: sample events as AWS sends them (tools/events/samples.ts), what each
 * must reach in the landing zone, and what the emulator must hold for its remediation to act on.
 */
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { CreateSecurityGroupCommand, CreateSubnetCommand, CreateVpcCommand, DescribeImagesCommand, EC2Client, RunInstancesCommand } from "@aws-sdk/client-ec2";
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient } from "@aws-sdk/client-iam";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { GUARDDUTY_CRITICAL, type Remediation } from "../../components/response/patterns";
import type { AlertSeverity } from "../../components/shared/names";
import * as s from "../events/samples";

type Json = Record<string, unknown>;

/** Where each finding must arrive: the alert topics' severities and the remediations it invokes. */
export interface Expectation {
    readonly alerts: readonly AlertSeverity[];
    readonly remediations: readonly Remediation[];
}

/** The emulator's clients acting in the member account (as a role there, the way the handlers get in). */
export interface MemberClients {
    readonly ec2: EC2Client;
    readonly iam: IAMClient;
    readonly s3: S3Client;
    readonly region: string;
    readonly accountId: string;
}

export interface DrillFinding {
    readonly key: string;
    readonly title: string;
    /** The event as AWS sends it, for sample account 111122223333 in eu-west-1. */
    readonly sample: Json;
    /** What the finding must reach, given the stack's GuardDuty alert threshold. */
    readonly expect: (guardDutyMinSeverity: number) => Expectation;
    /** Creates what its remediation acts on; returns the sample's ids mapped to the seeded ones. */
    readonly seed?: (aws: MemberClients) => Promise<Record<string, string>>;
    /** A GuardDuty finding: the type GuardDuty's CreateSampleFindings makes, and what a finding of it must reach at a given severity. */
    readonly guardDuty?: { readonly type: string; readonly expectAt: (guardDutyMinSeverity: number, severity: number) => Expectation };
}

/**
 * A GuardDuty finding: it alerts from the configured minimum (9 and above is Critical), and its
 * remediation takes the same minimum.
 */
function guardDuty(key: string, sample: Json, remediation: Remediation, seed: DrillFinding["seed"]): DrillFinding {
    const { type, severity } = sample.detail as { type: string; severity: number };
    const expectAt = (min: number, at: number): Expectation =>
        at < min ? { alerts: [], remediations: [] } : { alerts: [at >= Math.max(GUARDDUTY_CRITICAL, min) ? "critical" : "high"], remediations: [remediation] };
    return {
        key,
        title: `GuardDuty ${type} (severity ${severity})`,
        sample,
        expect: (min) => expectAt(min, severity),
        seed,
        guardDuty: { type, expectAt },
    };
}

/** A running instance in a VPC (no Auto Scaling group, no instance profile: what every instance has). */
async function seedInstance(aws: MemberClients): Promise<Record<string, string>> {
    const vpcId = (await aws.ec2.send(new CreateVpcCommand({ CidrBlock: "10.4.0.0/16" }))).Vpc!.VpcId!;
    const subnetId = (await aws.ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: "10.4.17.0/24" }))).Subnet!.SubnetId!;
    const groupId = (await aws.ec2.send(new CreateSecurityGroupCommand({ GroupName: "checkout-app", Description: "checkout app", VpcId: vpcId }))).GroupId!;
    const imageId = (await aws.ec2.send(new DescribeImagesCommand({ Owners: ["amazon"] }))).Images![0].ImageId!;
    const instanceId = (
        await aws.ec2.send(
            new RunInstancesCommand({
                ImageId: imageId,
                InstanceType: "t3.micro",
                MinCount: 1,
                MaxCount: 1,
                NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: subnetId, Groups: [groupId] }],
            }),
        )
    ).Instances![0].InstanceId!;
    return { "i-0a1b2c3d4e5f67890": instanceId, "vpc-0fedcba9876543210": vpcId, "subnet-0aa11bb22cc33dd44": subnetId, "sg-0123abcd4567ef890": groupId };
}

export const DRILL_FINDINGS: readonly DrillFinding[] = [
    guardDuty("guardduty-ec2", s.guardDutyInstanceFinding, "isolate-instance", seedInstance),
    guardDuty("guardduty-iam-access-key", s.guardDutyAccessKeyFinding, "deactivate-access-key", async (aws) => {
        await aws.iam.send(new CreateUserCommand({ UserName: "ci-deployer" }));
        const key = (await aws.iam.send(new CreateAccessKeyCommand({ UserName: "ci-deployer" }))).AccessKey!.AccessKeyId!;
        return { AKIAIOSFODNN7EXAMPLE: key };
    }),
    guardDuty("guardduty-low", s.guardDutyLowSeverityFinding, "isolate-instance", seedInstance),
    {
        key: "securityhub-s3-public",
        title: "Security Hub control S3.8 failed (a bucket without Block Public Access), HIGH",
        sample: s.securityHubPublicBucket,
        expect: () => ({ alerts: ["high"], remediations: ["block-s3-public-access"] }),
        seed: async (aws) => {
            const bucket = `checkout-exports-${aws.accountId}`;
            await aws.s3.send(new CreateBucketCommand({ Bucket: bucket, CreateBucketConfiguration: { LocationConstraint: aws.region as "eu-west-1" } }));
            return {};
        },
    },
    {
        key: "access-analyzer",
        title: "Access Analyzer: a bucket shared with an account outside the organization",
        sample: s.accessAnalyzerFinding,
        expect: () => ({ alerts: ["medium"], remediations: [] }),
    },
    {
        key: "config-non-compliant",
        title: "Config: a bucket became NON_COMPLIANT with s3-bucket-ssl-requests-only",
        sample: s.configNonCompliant,
        expect: () => ({ alerts: ["medium"], remediations: [] }),
    },
];

/** Clients acting as a role in the member account, from the emulator's STS as the handlers get theirs. */
export async function memberClients(accountId: string, region: string): Promise<MemberClients> {
    const sts = new STSClient({ region });
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/lz-drill-seed`, RoleSessionName: "lz-drill-seed" }));
    const c = out.Credentials!;
    const config = { region, credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken } };
    return { ec2: new EC2Client(config), iam: new IAMClient(config), s3: new S3Client(config), region, accountId };
}
