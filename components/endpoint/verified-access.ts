import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { VERIFIED_ACCESS_LOG_PREFIX } from "../shared/names";
import { assertUnique } from "../shared/lists";

/** The device-management provider whose posture Verified Access checks (endpoint.verifiedAccess.deviceTrustProvider). */
export interface DeviceTrustProvider {
    readonly type: "jamf" | "crowdstrike" | "jumpcloud";
    /** Tenant id of the device-management provider. */
    readonly tenantId: string;
    /** CrowdStrike only: minimum Zero Trust Assessment overall score a device needs. */
    readonly minimumScore: number;
}

/** Cedar context key of the Identity Center trust provider. */
export const USER_POLICY_REFERENCE = "idc";

/** Cedar context key each device provider's data arrives under (AWS documents these names). */
export const DEVICE_POLICY_REFERENCE: Record<DeviceTrustProvider["type"], string> = { jamf: "jamf", crowdstrike: "crwd", jumpcloud: "jumpcloud" };

/** The device-posture condition a provider's data must meet. */
export function devicePostureCondition(provider: DeviceTrustProvider): string {
    const ref = DEVICE_POLICY_REFERENCE[provider.type];
    switch (provider.type) {
        case "jamf":
            return `["LOW", "SECURE"].contains(context.${ref}.risk)`;
        case "crowdstrike":
            return `context.${ref}.assessment.overall >= ${provider.minimumScore}`;
        case "jumpcloud":
            return `context.${ref}.device.is_managed == true`;
    }
}

/** Cedar policy of a group: member of the Identity Center group, verified email, and a trusted device. */
export function groupPolicy(identityCenterGroupId: string, provider: DeviceTrustProvider): string {
    if (!/^[0-9a-f-]+$/.test(identityCenterGroupId)) throw new Error(`groupPolicy: "${identityCenterGroupId}" is not an Identity Center group id`);
    return [
        "permit(principal, action, resource)",
        "when {",
        `    context.${USER_POLICY_REFERENCE}.groups has "${identityCenterGroupId}"`,
        `    && context.${USER_POLICY_REFERENCE}.user.email.verified == true`,
        `    && ${devicePostureCondition(provider)}`,
        "};",
    ].join("\n");
}

export interface VerifiedAccessArgs {
    /** Device-management provider whose posture every policy requires. */
    readonly deviceTrustProvider: DeviceTrustProvider;
    /** Groups by logical name, each with the id of the Identity Center group it admits. */
    readonly groups: Readonly<Record<string, { readonly identityCenterGroupId: pulumi.Input<string>; readonly description: string }>>;
    /** Accounts (by logical name) the groups are shared with through RAM, so they can add endpoints. */
    readonly shareWith: readonly { readonly name: string; readonly id: pulumi.Input<string> }[];
    /** RAM sharing with the organization: shares to accounts inside it wait for it (else they become invitations). */
    readonly ramSharing: aws.ram.SharingWithOrganization;
    /** Central access-log bucket and its owner account. */
    readonly logBucketName: string;
    readonly logBucketOwner: pulumi.Input<string>;
    /** The log bucket's policy: logging to a bucket in another account is refused until it admits the delivery. */
    readonly logBucketPolicy: pulumi.Resource;
    /** KMS key encrypting the trust providers' and groups' data. */
    readonly kmsKeyArn: pulumi.Input<string>;
}

/**
 * AWS Verified Access in one region: an instance trusting IAM Identity Center for users and a device
 * manager for posture, one group per configured audience with a Cedar policy requiring both, access
 * logs (with trust context) to the archive, and the groups shared with workload accounts.
 */
export class VerifiedAccess extends pulumi.ComponentResource {
    readonly instance: aws.verifiedaccess.Instance;
    readonly groups: ReadonlyMap<string, aws.verifiedaccess.Group>;

    constructor(name: string, args: VerifiedAccessArgs, opts: pulumi.ComponentResourceOptions) {
        super("landing-zone:endpoint:VerifiedAccess", name, {}, opts);
        const shareNames = args.shareWith.map((a) => a.name);
        assertUnique(`VerifiedAccess ${name}`, "shareWith", shareNames, "account");
        const child = { parent: this };
        const sse = { customerManagedKeyEnabled: true, kmsKeyArn: args.kmsKeyArn };

        this.instance = new aws.verifiedaccess.Instance(`${name}-instance`, { description: "Landing-zone identity- and device-aware access" }, child);
        const user = new aws.verifiedaccess.TrustProvider(
            `${name}-user`,
            { trustProviderType: "user", userTrustProviderType: "iam-identity-center", policyReferenceName: USER_POLICY_REFERENCE, sseSpecification: sse },
            child,
        );
        const device = new aws.verifiedaccess.TrustProvider(
            `${name}-device`,
            {
                trustProviderType: "device",
                deviceTrustProviderType: args.deviceTrustProvider.type,
                deviceOptions: { tenantId: args.deviceTrustProvider.tenantId },
                policyReferenceName: DEVICE_POLICY_REFERENCE[args.deviceTrustProvider.type],
                sseSpecification: sse,
            },
            child,
        );
        const attachments = [user, device].map(
            (tp, i) =>
                new aws.verifiedaccess.InstanceTrustProviderAttachment(
                    `${name}-${i === 0 ? "user" : "device"}`,
                    { verifiedaccessInstanceId: this.instance.id, verifiedaccessTrustProviderId: tp.id },
                    child,
                ),
        );
        new aws.verifiedaccess.InstanceLoggingConfiguration(
            `${name}-logging`,
            {
                verifiedaccessInstanceId: this.instance.id,
                accessLogs: {
                    includeTrustContext: true,
                    logVersion: "ocsf-1.0.0-rc.2",
                    s3: { enabled: true, bucketName: args.logBucketName, bucketOwner: args.logBucketOwner, prefix: VERIFIED_ACCESS_LOG_PREFIX },
                },
            },
            { ...child, dependsOn: [...attachments, args.logBucketPolicy] },
        );

        const groups = new Map<string, aws.verifiedaccess.Group>();
        for (const [groupName, g] of Object.entries(args.groups)) {
            groups.set(
                groupName,
                new aws.verifiedaccess.Group(
                    `${name}-group-${groupName}`,
                    {
                        verifiedaccessInstanceId: this.instance.id,
                        description: g.description,
                        policyDocument: pulumi.output(g.identityCenterGroupId).apply((id) => groupPolicy(id, args.deviceTrustProvider)),
                        sseConfiguration: sse,
                    },
                    { ...child, dependsOn: attachments },
                ),
            );
        }
        this.groups = groups;

        if (groups.size > 0 && args.shareWith.length > 0) {
            const share = new aws.ram.ResourceShare(`${name}-share`, { name: "landing-zone-verified-access", allowExternalPrincipals: false }, child);
            for (const [groupName, group] of groups)
                new aws.ram.ResourceAssociation(
                    `${name}-share-${groupName}`,
                    { resourceShareArn: share.arn, resourceArn: group.verifiedaccessGroupArn },
                    child,
                );
            for (const account of args.shareWith)
                new aws.ram.PrincipalAssociation(
                    `${name}-share-${account.name}`,
                    { resourceShareArn: share.arn, principal: account.id },
                    { ...child, dependsOn: [args.ramSharing] },
                );
        }
        this.registerOutputs({ instanceId: this.instance.id });
    }
}
