import type { PolicyPackConfigFile } from "../../tools/policy-engine";

/**
 * Levels other than the defaults, for a workload program: remediation, advisory and disabled policies.
 * (Remediate on a policy with no safe remediation is refused by npm run analyze's config validation.)
 */
export const MIXED_ENFORCEMENT: PolicyPackConfigFile = {
    "s3-bucket-public-access-block": "remediate",
    "ec2-imdsv2-required": "remediate",
    "kms-key-rotation": "mandatory",
    "required-tags": "advisory",
    "iam-no-service-wildcards": "advisory",
    "s3-versioning-enabled": "disabled",
    "stateful-resources-protected": "disabled",
    "cloudtrail-org-trail-present": "disabled",
    "guardduty-enabled": "advisory",
};
