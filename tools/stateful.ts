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
