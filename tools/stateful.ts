import type * as pulumi from "@pulumi/pulumi";

/**
 * The one list of stateful resource types: resources whose deletion or replacement loses something
 * that cannot be rebuilt from config (an account and everything in it, an organization, key material
 * and whatever it encrypts, audit logs, backups). It drives both sides of "nothing lost":
 *
 * - components create these types with `statefulOptions(protect)` (protect in prod, retainOnDelete
 *   everywhere, so removing them from config detaches them from the stack instead of deleting them);
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

/**
 * Input properties whose change makes AWS replace the resource (the real provider's ForceNew), for
 * the types whose replacement a reviewer must see. A change to any other input is an in-place update.
 * The stand-in provider answers the engine's Diff with it; the offline preview's baseline diff counts
 * replacements with it.
 */
export const REPLACE_ON_CHANGE: Readonly<Record<string, readonly string[]>> = {
    "aws:organizations/account:Account": ["email", "iamUserAccessToBilling"],
    "aws:s3/bucket:Bucket": ["bucket", "bucketPrefix", "objectLockEnabled"],
    "aws:s3/bucketV2:BucketV2": ["bucket", "bucketPrefix", "objectLockEnabled"],
    "aws:kms/key:Key": ["multiRegion", "customerMasterKeySpec", "keySpec", "keyUsage"],
    "aws:kms/alias:Alias": ["name", "namePrefix"],
    "aws:iam/role:Role": ["name", "namePrefix", "path"],
    "aws:ec2/vpc:Vpc": ["cidrBlock", "instanceTenancy", "ipv4IpamPoolId"],
    "aws:ec2/subnet:Subnet": ["vpcId", "cidrBlock", "availabilityZone", "availabilityZoneId"],
    "aws:cloudtrail/trail:Trail": ["name"],
    "aws:backup/vault:Vault": ["name", "kmsKeyArn"],
    "aws:cloudwatch/logGroup:LogGroup": ["name", "namePrefix"],
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
 * Options for a stateful resource: `protect` as the stack's settings say (prod: true) and always
 * `retainOnDelete`, so that a resource removed from config, or a stack destroyed, leaves the cloud
 * resource in place. Spread into the resource's options: `{ parent: this, ...statefulOptions(protect) }`.
 */
export function statefulOptions(protect: boolean): Pick<pulumi.CustomResourceOptions, "protect" | "retainOnDelete"> {
    return { protect, retainOnDelete: true };
}
