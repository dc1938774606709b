import * as pulumi from "@pulumi/pulumi";

/**
 * The one list of stateful resource types: resources whose deletion or replacement loses something
 * that cannot be rebuilt from config (an account and everything in it, an organization, key material
 * and whatever it encrypts, audit logs, backups). It drives both sides of "nothing lost":
 *
 * - the stack registers `protectStatefulResources(protect)`, which gives every resource of these types
 *   `protect` (prod: true) and always `retainOnDelete`, so removing one from config detaches it from the
 *   stack instead of deleting it;
 * - the offline preview's `--baseline` diff calls the removal of any of these types a blocking finding.
 *
 * Type tokens are Pulumi's (`aws:<module>/<resource>:<Resource>`). Log groups and buckets are listed
 * as types: in this landing zone every log group and bucket holds security or audit records.
 */
export const STATEFUL_TYPES: Readonly<Record<string, string>> = {
    "aws:organizations/organization:Organization": "the AWS Organization; deleting it detaches every account",
    "aws:organizations/organizationalUnit:OrganizationalUnit": "an OU; its policies and accounts' placement go with it",
    "aws:organizations/account:Account": "a member account and everything in it",
    "aws:kms/key:Key": "key material; data encrypted under it becomes unreadable once deleted",
    "aws:kms/replicaKey:ReplicaKey": "a replica of multi-region key material",
    "aws:s3/bucket:Bucket": "log and archive objects",
    "aws:s3/bucketV2:BucketV2": "log and archive objects",
    "aws:backup/vault:Vault": "recovery points",
    "aws:backup/logicallyAirGappedVault:LogicallyAirGappedVault": "air-gapped recovery points",
    "aws:cloudtrail/trail:Trail": "the audit trail; deleting it stops recording API activity",
    "aws:cloudtrail/eventDataStore:EventDataStore": "queryable audit events",
    "aws:cloudwatch/logGroup:LogGroup": "audit and security log events",
    "aws:acmpca/certificateAuthority:CertificateAuthority": "a private CA; certificates it issued can no longer be revoked",
};

/** Whether a Pulumi type token is stateful. */
export function isStateful(type: string): boolean {
    return Object.prototype.hasOwnProperty.call(STATEFUL_TYPES, type);
}

/** Why a stateful type matters, for the report. */
export function statefulReason(type: string): string | undefined {
    return isStateful(type) ? STATEFUL_TYPES[type] : undefined;
}

/**
 * A stack transformation that gives every resource of a stateful type `protect` as the stack's settings
 * say and always `retainOnDelete`, so a resource removed from config, or a stack destroyed, leaves the
 * cloud resource in place. Registered once for the stack, it reaches every resource the program creates,
 * children of components included, whatever options the component passed.
 *
 * It is a (legacy) SDK-side transformation on purpose: the SDK applies it before it sends the
 * registration, so the engine, the offline preview's mock monitor and the policy pack all see the same
 * options. The engine-side `registerResourceTransform` would be applied by the engine through a callback,
 * which @pulumi/pulumi's mock monitor does not do, so the offline preview would not see it.
 */
export function protectStatefulResources(protect: boolean): pulumi.ResourceTransformation {
    return (args) => (isStateful(args.type) ? { props: args.props, opts: pulumi.mergeOptions(args.opts, { protect, retainOnDelete: true }) } : undefined);
}
