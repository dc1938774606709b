import { forType, ZeroTrustPolicy } from "./common";

export const dataPolicies: ZeroTrustPolicy[] = [
    {
        name: "s3-bucket-public-access-block",
        description: "S3 bucket public access blocks set all four flags.",
        enforcementLevel: "mandatory",
        severity: "critical",
        area: "data",
        controls: ["CIS 2.1.4", "S3.8"],
        remediation: "Set blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets to true on the aws.s3.BucketPublicAccessBlock.",
        validateResource: forType<Record<string, unknown>>("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", (props, _args, reportViolation) => {
            const missing = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"].filter((flag) => props[flag] !== true);
            if (missing.length > 0) reportViolation(`public access block leaves ${missing.join(", ")} off`);
        }),
    },
    {
        name: "kms-key-rotation",
        description: "Customer-managed KMS keys rotate automatically.",
        enforcementLevel: "mandatory",
        severity: "high",
        area: "data",
        controls: ["CIS 3.6", "KMS.4"],
        remediation: "Set enableKeyRotation: true on the aws.kms.Key (symmetric encryption keys).",
        validateResource: forType<Record<string, unknown>>("aws:kms/key:Key", (props, _args, reportViolation) => {
            const spec = (props.customerMasterKeySpec as string | undefined) ?? "SYMMETRIC_DEFAULT";
            if (spec === "SYMMETRIC_DEFAULT" && props.enableKeyRotation !== true) reportViolation("symmetric KMS key without automatic rotation");
        }),
    },
];
