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
