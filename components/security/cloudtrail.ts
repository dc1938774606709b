import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { policyDocument, toJson } from "../policies/document";
import { partitionOf } from "../organization/naming";

/** The log-delivery role of an OrganizationTrail named `name`: Pulumi autonames it `<name>-logs-role-<7 characters>`. */
export function trailLogsRolePattern(name: string): string {
    return `${name}-logs-role-*`;
}

export interface OrganizationTrailArgs {
    /** Trail name (names.ts ORGANIZATION_TRAIL_NAME). */
    readonly trailName: string;
    /** Home region: the trail is created here and is multi-region. */
    readonly region: string;
    /** The management account, which owns every organization trail. */
    readonly managementAccountId: string;
    /** Central cloudtrail bucket in the log-archive account. */
    readonly bucketName: string;
    /** Key the trail encrypts log files with (the log-archive account's cloudtrail key). */
    readonly kmsKeyArn: pulumi.Input<string>;
    /** Log group name, identical in the management account and in the central account (names.ts). */
    readonly logGroupName: string;
    /** Key of the management account's log group. */
    readonly logGroupKmsKeyArn: pulumi.Input<string>;
    /** Retention of both log groups. */
    readonly logRetentionDays: number;
    /** Account that holds the central copy of the log group (security tooling), where the alarms read. */
    readonly centralAccountId: pulumi.Input<string>;
    /** Provider for the central account in the home region. */
    readonly centralProvider: aws.Provider;
    /** Key of the central log group (the central account's logs key). */
    readonly centralKmsKeyArn: pulumi.Input<string>;
    /** Record S3 object-level data events. */
    readonly s3DataEvents: boolean;
    /** Record Lambda invoke data events. */
    readonly lambdaDataEvents: boolean;
    /** Resources the trail waits for: CloudTrail checks the bucket policy and trusted access when it is created. */
    readonly prerequisites?: readonly pulumi.Resource[];
}

/**
 * The organization trail. An organization trail is always owned by the management account (also
 * when a delegated administrator creates it), and CloudTrail delivers only to a log group in the
 * trail's own account. So the trail and its delivery log group live in the management account, and
 * a CloudWatch Logs organization centralization rule copies that log group into the same-named log
 * group in the security-tooling account, which this component creates up front so that metric
 * filters and alarms (CIS) can attach to it before the first event arrives.
 */
export class OrganizationTrail extends pulumi.ComponentResource {
    readonly trail: aws.cloudtrail.Trail;
    /** Delivery log group in the management account. */
    readonly logGroup: aws.cloudwatch.LogGroup;
    /** Central copy in the security-tooling account (alarms read this one). */
    readonly centralLogGroup: aws.cloudwatch.LogGroup;
    readonly trailArn: pulumi.Output<string>;

    constructor(name: string, args: OrganizationTrailArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:security:OrganizationTrail", name, {}, opts);
        if (!/^[A-Za-z0-9][A-Za-z0-9._-]{2,127}$/.test(args.trailName))
            throw new Error(`OrganizationTrail ${name}: trailName "${args.trailName}" is not a valid trail name; use 3-128 letters, digits, ., _ or -`);
        if (!args.logGroupName.startsWith("/"))
            throw new Error(`OrganizationTrail ${name}: logGroupName "${args.logGroupName}" should be a path such as /landing-zone/cloudtrail/organization`);

        const partition = partitionOf(args.region);
        const trailArn = `arn:${partition}:cloudtrail:${args.region}:${args.managementAccountId}:trail/${args.trailName}`;
        const stateful = { parent: this };

        this.logGroup = new aws.cloudwatch.LogGroup(
            `${name}-log-group`,
            { name: args.logGroupName, retentionInDays: args.logRetentionDays, kmsKeyId: args.logGroupKmsKeyArn },
            stateful,
        );
        this.centralLogGroup = new aws.cloudwatch.LogGroup(
            `${name}-central-log-group`,
            { name: args.logGroupName, retentionInDays: args.logRetentionDays, kmsKeyId: args.centralKmsKeyArn },
            { ...stateful, provider: args.centralProvider },
        );

        const role = new aws.iam.Role(
            `${name}-logs-role`,
            {
                description: "CloudTrail delivers the organization trail to its CloudWatch Logs group",
                assumeRolePolicy: toJson(
                    policyDocument([
                        {
                            Sid: "CloudTrailForThisTrail",
                            Effect: "Allow",
                            Principal: { Service: "cloudtrail.amazonaws.com" },
                            Action: "sts:AssumeRole",
                            Condition: { StringEquals: { "aws:SourceArn": trailArn } },
                        },
                    ]),
                ),
            },
            { parent: this },
        );
        const rolePolicy = new aws.iam.RolePolicy(
            `${name}-logs-delivery`,
            {
                role: role.name,
                policy: this.logGroup.arn.apply((arn) =>
                    toJson(
                        policyDocument([
                            {
                                Sid: "DeliverToTrailLogGroup",
                                Effect: "Allow",
                                Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                                Resource: `${arn}:log-stream:*`,
                            },
                        ]),
                    ),
                ),
            },
            { parent: role },
        );

        const selectors = organizationTrailSelectors(partition, args);

        this.trail = new aws.cloudtrail.Trail(
            `${name}-trail`,
            {
                name: args.trailName,
                s3BucketName: args.bucketName,
                isOrganizationTrail: true,
                isMultiRegionTrail: true,
                includeGlobalServiceEvents: true,
                enableLogFileValidation: true,
                enableLogging: true,
                kmsKeyId: args.kmsKeyArn,
                cloudWatchLogsGroupArn: pulumi.interpolate`${this.logGroup.arn}:*`,
                cloudWatchLogsRoleArn: role.arn,
                advancedEventSelectors: selectors,
            },
            { ...stateful, dependsOn: [rolePolicy, ...(args.prerequisites ?? [])] },
        );
        this.trailArn = this.trail.arn;

        new aws.observabilityadmin.CentralizationRuleForOrganization(
            `${name}-centralization`,
            {
                ruleName: `${args.trailName}-logs`,
                rule: {
                    source: {
                        regions: [args.region],
                        scope: `AccountId = '${args.managementAccountId}'`,
                        sourceLogsConfiguration: { encryptedLogGroupStrategy: "ALLOW", logGroupSelectionCriteria: `LogGroupName = '${args.logGroupName}'` },
                    },
                    destination: {
                        account: args.centralAccountId,
                        region: args.region,
                        destinationLogsConfiguration: {
                            logGroupNameConfiguration: { logGroupNamePattern: args.logGroupName },
                            logsEncryptionConfiguration: {
                                encryptionStrategy: "CUSTOMER_MANAGED",
                                kmsKeyArn: args.centralKmsKeyArn,
                                encryptionConflictResolutionStrategy: "ALLOW",
                            },
                        },
                    },
                },
            },
            { parent: this, dependsOn: [this.centralLogGroup] },
        );

        this.registerOutputs({ trailArn: this.trailArn, logGroupArn: this.logGroup.arn, centralLogGroupArn: this.centralLogGroup.arn });
    }
}

/** One advanced event selector as the provider takes it (plain values). */
export interface AdvancedEventSelector {
    readonly name: string;
    readonly fieldSelectors: { field: string; equals?: string[]; notStartsWiths?: string[] }[];
}

/** The organization trail's advanced event selectors; the restore-trail remediation puts them back. */
export function organizationTrailSelectors(
    partition: string,
    args: { readonly bucketName: string; readonly s3DataEvents: boolean; readonly lambdaDataEvents: boolean },
): AdvancedEventSelector[] {
    const selectors: AdvancedEventSelector[] = [{ name: "Management events", fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] }];
    if (args.s3DataEvents) {
        selectors.push({
            name: "S3 object events (the trail's own deliveries excluded)",
            fieldSelectors: [
                { field: "eventCategory", equals: ["Data"] },
                { field: "resources.type", equals: ["AWS::S3::Object"] },
                { field: "resources.ARN", notStartsWiths: [`arn:${partition}:s3:::${args.bucketName}/`] },
            ],
        });
    }
    if (args.lambdaDataEvents) {
        selectors.push({
            name: "Lambda invocations",
            fieldSelectors: [
                { field: "eventCategory", equals: ["Data"] },
                { field: "resources.type", equals: ["AWS::Lambda::Function"] },
            ],
        });
    }
    return selectors;
}

/** The same selectors in the CloudTrail API's shape (PutEventSelectors' AdvancedEventSelectors). */
export function apiEventSelectors(selectors: readonly AdvancedEventSelector[]): unknown[] {
    return selectors.map((s) => ({
        Name: s.name,
        FieldSelectors: s.fieldSelectors.map((f) => ({
            Field: f.field,
            ...(f.equals ? { Equals: [...f.equals] } : {}),
            ...(f.notStartsWiths ? { NotStartsWith: [...f.notStartsWiths] } : {}),
        })),
    }));
}
