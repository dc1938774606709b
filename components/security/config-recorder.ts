import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { configRemediationPolicy, serviceTrustPolicy } from "../policies/security";
import { toJson } from "../policies/document";
import { CONFIG_REMEDIATION_ROLE } from "./config-rules";
import { after, childOptions } from "../shared/child-options";

export interface ConfigAccountRolesArgs {
    /** The account the roles live in. */
    readonly accountId: pulumi.Input<string>;
}

/**
 * The IAM side of AWS Config in one account, built once (IAM is global): the Config service-linked role
 * the recorders use, and the role the baseline's SSM Automation remediations assume.
 */
export class ConfigAccountRoles extends pulumi.ComponentResource {
    /** ARN of AWSServiceRoleForConfig; recorders in every region of the account use it. */
    readonly recorderRoleArn: pulumi.Output<string>;
    readonly remediationRole: aws.iam.Role;

    constructor(name: string, args: ConfigAccountRolesArgs, opts: pulumi.ComponentResourceOptions) {
        super("landing-zone:security:ConfigAccountRoles", name, {}, opts);
        const child = { parent: this };
        const slr = new aws.iam.ServiceLinkedRole(`${name}-config-slr`, { awsServiceName: "config.amazonaws.com" }, child);
        this.recorderRoleArn = slr.arn;
        this.remediationRole = new aws.iam.Role(
            `${name}-remediation`,
            {
                name: CONFIG_REMEDIATION_ROLE,
                description: "Assumed by SSM Automation to remediate landing-zone Config baseline rules",
                assumeRolePolicy: pulumi.output(args.accountId).apply((id) => toJson(serviceTrustPolicy("ssm.amazonaws.com", id))),
                maxSessionDuration: 3600,
            },
            child,
        );
        new aws.iam.RolePolicy(`${name}-remediation`, { role: this.remediationRole.name, name: "remediate", policy: toJson(configRemediationPolicy()) }, child);
        this.registerOutputs({ recorderRoleArn: this.recorderRoleArn, remediationRoleArn: this.remediationRole.arn });
    }
}

export interface ConfigRecorderArgs {
    /** Record IAM and other global resource types here (true in the home region only, so they are recorded once). */
    readonly recordGlobalResources: boolean;
    /** AWSServiceRoleForConfig of the account. */
    readonly recorderRoleArn: pulumi.Input<string>;
    /** Central config bucket in the log archive. */
    readonly bucketName: string;
    /** KMS key Config encrypts delivered objects with. */
    readonly kmsKeyArn: pulumi.Input<string>;
    /** Snapshot delivery frequency. */
    readonly snapshotFrequency: string;
    /** Resources that must exist first: the config bucket's policy, which Config checks when the delivery channel is created. */
    readonly dependsOn?: readonly pulumi.Resource[];
}

/** AWS Config in one account and region: recorder (all supported types), delivery channel to the archive, recording on. */
export class ConfigRecorder extends pulumi.ComponentResource {
    readonly recorder: aws.cfg.Recorder;

    constructor(name: string, args: ConfigRecorderArgs, opts: pulumi.ComponentResourceOptions) {
        super("landing-zone:security:ConfigRecorder", name, {}, opts);
        if (!/^[a-z0-9.-]{3,63}$/.test(args.bucketName)) throw new Error(`ConfigRecorder ${name}: bucketName "${args.bucketName}" is not an S3 bucket name`);
        const child = childOptions(this, args.dependsOn);
        this.recorder = new aws.cfg.Recorder(
            `${name}-recorder`,
            {
                name: "default",
                roleArn: args.recorderRoleArn,
                recordingGroup: { allSupported: true, includeGlobalResourceTypes: args.recordGlobalResources },
                recordingMode: { recordingFrequency: "CONTINUOUS" },
            },
            child,
        );
        const channel = new aws.cfg.DeliveryChannel(
            `${name}-delivery`,
            {
                name: "default",
                s3BucketName: args.bucketName,
                s3KmsKeyArn: args.kmsKeyArn,
                snapshotDeliveryProperties: { deliveryFrequency: args.snapshotFrequency },
            },
            after(child, this.recorder),
        );
        new aws.cfg.RecorderStatus(`${name}-status`, { name: this.recorder.name, isEnabled: true }, after(child, channel));
        this.registerOutputs({ recorderName: this.recorder.name });
    }
}
