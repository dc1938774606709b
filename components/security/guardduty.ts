import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { after, childOptions } from "../shared/child-options";

/** The GuardDuty protections to turn on (security.guardDuty.protections). */
interface Protections {
    readonly s3: boolean;
    readonly eksAuditLogs: boolean;
    readonly runtimeMonitoring: boolean;
    readonly malwareProtectionEc2: boolean;
    readonly rdsLogin: boolean;
    readonly lambdaNetwork: boolean;
}

/** An organization-wide GuardDuty feature with the protection switch that turns it on. */
interface FeatureSpec {
    readonly switch: keyof Protections;
    readonly name: string;
    readonly additional?: readonly string[];
}

/** GuardDuty features (API names) by protection switch. Malware Protection for S3 is per bucket, not an org feature. */
export const GUARDDUTY_FEATURES: readonly FeatureSpec[] = [
    { switch: "s3", name: "S3_DATA_EVENTS" },
    { switch: "eksAuditLogs", name: "EKS_AUDIT_LOGS" },
    { switch: "malwareProtectionEc2", name: "EBS_MALWARE_PROTECTION" },
    { switch: "rdsLogin", name: "RDS_LOGIN_EVENTS" },
    { switch: "lambdaNetwork", name: "LAMBDA_NETWORK_LOGS" },
    { switch: "runtimeMonitoring", name: "RUNTIME_MONITORING", additional: ["EKS_ADDON_MANAGEMENT", "ECS_FARGATE_AGENT_MANAGEMENT", "EC2_AGENT_MANAGEMENT"] },
];

export interface GuardDutyOrganizationArgs {
    /** Protection plans switched on for the organization. */
    readonly protections: Protections;
    /** How often updated findings are published. */
    readonly findingPublishingFrequency: string;
    /** ARN of the central findings bucket (log archive). */
    readonly findingsBucketArn: string;
    /** KMS key GuardDuty encrypts exported findings with; same region as the findings bucket. */
    readonly findingsKeyArn: pulumi.Input<string>;
    /** Resources that must exist first: the region's GuardDuty delegated administrator registration, the findings bucket's policy. */
    readonly dependsOn?: readonly pulumi.Resource[];
}

/**
 * GuardDuty in one region of the delegated administrator (security tooling): its own detector and the
 * organization configuration that enables every member, present and future, with the chosen protections.
 */
export class GuardDutyOrganization extends pulumi.ComponentResource {
    readonly detector: aws.guardduty.Detector;
    readonly organizationConfiguration: aws.guardduty.OrganizationConfiguration;

    constructor(name: string, args: GuardDutyOrganizationArgs, opts: pulumi.ComponentResourceOptions) {
        super("landing-zone:security:GuardDutyOrganization", name, {}, opts);
        if (!args.findingsBucketArn.startsWith("arn:")) throw new Error(`GuardDutyOrganization ${name}: findingsBucketArn must be an S3 bucket ARN`);
        const child = childOptions(this, args.dependsOn);

        this.detector = new aws.guardduty.Detector(`${name}-detector`, { enable: true, findingPublishingFrequency: args.findingPublishingFrequency }, child);
        // ALL enables existing members as well as accounts that join later.
        this.organizationConfiguration = new aws.guardduty.OrganizationConfiguration(
            `${name}-organization`,
            { detectorId: this.detector.id, autoEnableOrganizationMembers: "ALL" },
            child,
        );
        for (const feature of GUARDDUTY_FEATURES) {
            const on = args.protections[feature.switch];
            const slug = feature.name.toLowerCase().replace(/_/g, "-");
            new aws.guardduty.DetectorFeature(
                `${name}-feature-${slug}`,
                {
                    detectorId: this.detector.id,
                    name: feature.name,
                    status: on ? "ENABLED" : "DISABLED",
                    additionalConfigurations: feature.additional?.map((a) => ({ name: a, status: on ? "ENABLED" : "DISABLED" })),
                },
                child,
            );
            new aws.guardduty.OrganizationConfigurationFeature(
                `${name}-org-feature-${slug}`,
                {
                    detectorId: this.detector.id,
                    name: feature.name,
                    autoEnable: on ? "ALL" : "NONE",
                    additionalConfigurations: feature.additional?.map((a) => ({ name: a, autoEnable: on ? "ALL" : "NONE" })),
                },
                after(child, this.organizationConfiguration),
            );
        }
        new aws.guardduty.PublishingDestination(
            `${name}-findings-export`,
            { detectorId: this.detector.id, destinationType: "S3", destinationArn: args.findingsBucketArn, kmsKeyArn: args.findingsKeyArn },
            child,
        );
        this.registerOutputs({ detectorId: this.detector.id });
    }
}
