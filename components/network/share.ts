import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { vpcFlowLogFormat } from "../shared/log-formats";

/**
 * Shares resources with the whole organization through AWS RAM (external principals refused). Returns
 * the associations: consumers in member accounts depend on them, since a shared id is unusable before.
 */
export function shareWithOrganization(
    name: string,
    args: {
        readonly organizationArn: pulumi.Input<string>;
        /** RAM sharing with the organization (management account): an organization principal is refused before it. */
        readonly ramSharing: aws.ram.SharingWithOrganization;
        readonly resources: Readonly<Record<string, pulumi.Input<string>>>;
    },
    opts: pulumi.CustomResourceOptions,
): pulumi.Resource[] {
    const share = new aws.ram.ResourceShare(`${name}-share`, { name, allowExternalPrincipals: false }, opts);
    const principal = new aws.ram.PrincipalAssociation(
        `${name}-share-organization`,
        { principal: args.organizationArn, resourceShareArn: share.arn },
        { ...opts, dependsOn: [args.ramSharing] },
    );
    const associations = Object.entries(args.resources).map(
        ([key, resourceArn]) => new aws.ram.ResourceAssociation(`${name}-share-${key}`, { resourceArn, resourceShareArn: share.arn }, opts),
    );
    return [principal, ...associations];
}

/** Flow log of a VPC or transit gateway: every packet, to the central flow-log bucket, hourly-partitioned Parquet. */
export function flowLogToArchive(
    name: string,
    target: { readonly vpcId: pulumi.Input<string> } | { readonly transitGatewayId: pulumi.Input<string> },
    bucketArn: string,
    opts: pulumi.CustomResourceOptions,
): aws.ec2.FlowLog {
    return new aws.ec2.FlowLog(
        name,
        {
            ...target,
            // Transit gateway flow logs have no traffic type and their own default fields; VPC flow logs
            // record ALL (accepted and rejected) in the format the log-analytics table reads.
            ...("vpcId" in target ? { trafficType: "ALL", logFormat: vpcFlowLogFormat() } : {}),
            logDestinationType: "s3",
            logDestination: bucketArn,
            maxAggregationInterval: 60,
            destinationOptions: { fileFormat: "parquet", hiveCompatiblePartitions: true, perHourPartition: true },
        },
        opts,
    );
}

/**
 * Zero-trust defaults every VPC gets: the default security group and the default NACL hold no rules
 * (anything left on them is denied), and all traffic is logged.
 */
export function vpcBaseline(name: string, vpc: aws.ec2.Vpc, flowLogBucketArn: string, opts: pulumi.CustomResourceOptions): pulumi.Resource[] {
    return [
        new aws.ec2.DefaultSecurityGroup(`${name}-default-sg`, { vpcId: vpc.id, ingress: [], egress: [], revokeRulesOnDelete: true }, opts),
        new aws.ec2.DefaultNetworkAcl(
            `${name}-default-nacl`,
            { defaultNetworkAclId: vpc.defaultNetworkAclId, ingress: [], egress: [] },
            // Subnets are associated with their own NACLs; the default keeps whatever AWS lists.
            { ...opts, ignoreChanges: ["subnetIds"] },
        ),
        flowLogToArchive(`${name}-flow-log`, { vpcId: vpc.id }, flowLogBucketArn, opts),
    ];
}
