import { isCustomerManagedKey, label, list, ofType, refersTo, resourcePolicy, SECRET_NAME, stackPolicy, ZeroTrustPolicy } from "../common";
import type { ArgsByType, PropsOf } from "../props";

/** A CMK-encryption check for the many services with a kmsKeyId-like field. */
export function cmkPolicy<const T extends keyof ArgsByType>(spec: {
    name: string;
    service: string;
    types: readonly T[];
    controls: string[];
    read: (p: PropsOf<T>) => { encrypted: boolean; key: unknown; field: string };
}): ZeroTrustPolicy {
    return resourcePolicy({
        name: spec.name,
        description: `${spec.service} data is encrypted at rest with a customer-managed KMS key.`,
        severity: "high",
        area: "data",
        controls: spec.controls,
        remediation: `Enable encryption and set ${spec.service}'s key field to the account's customer-managed key for this purpose (from the landing zone key set), never an aws/ alias.`,
        types: spec.types,
        validate: (props, report) => {
            const { encrypted, key, field } = spec.read(props as PropsOf<T>);
            if (!encrypted) report(`${spec.service} is not encrypted at rest`);
            else if (!isCustomerManagedKey(key))
                report(`${field} is ${key === undefined ? "unset (AWS-owned or AWS-managed key)" : key}: expected a customer-managed key`);
        },
    });
}

/** KMS keys, customer-managed-key encryption of the services without a file of their own, and secrets. */
export const keyPolicies: ZeroTrustPolicy[] = [
    resourcePolicy({
        name: "kms-key-rotation",
        description: "Customer-managed symmetric KMS keys rotate automatically.",
        severity: "high",
        area: "data",
        controls: ["CIS 3.6", "KMS.4"],
        remediation: "Set enableKeyRotation: true on the aws.kms.Key (symmetric encryption keys).",
        types: ["aws:kms/key:Key"],
        validate: (props, report) => {
            const spec = props.customerMasterKeySpec ?? "SYMMETRIC_DEFAULT";
            const usage = props.keyUsage ?? "ENCRYPT_DECRYPT";
            if (spec === "SYMMETRIC_DEFAULT" && usage === "ENCRYPT_DECRYPT" && props.enableKeyRotation !== true)
                report("symmetric KMS key without automatic rotation");
        },
    }),
    resourcePolicy<{ minimumDays: number }, "aws:kms/key:Key" | "aws:kms/replicaKey:ReplicaKey">({
        name: "kms-deletion-window",
        description: "KMS keys keep a deletion window long enough to notice and cancel a mistaken deletion.",
        severity: "medium",
        area: "data",
        controls: ["KMS.3"],
        remediation: "Set deletionWindowInDays to at least the configured minimum (30 unless the stack's policy config says otherwise).",
        params: { minimumDays: { type: "integer", minimum: 7, maximum: 30, default: 30, description: "Shortest deletion window accepted." } },
        types: ["aws:kms/key:Key", "aws:kms/replicaKey:ReplicaKey"],
        validate: (props, report, { config }) => {
            const days = props.deletionWindowInDays ?? 30;
            if (days < config.minimumDays) report(`deletionWindowInDays is ${days}; expected >= ${config.minimumDays}`);
        },
    }),
    cmkPolicy({
        name: "efs-encrypted-cmk",
        service: "EFS",
        types: ["aws:efs/fileSystem:FileSystem"],
        controls: ["CIS 2.3.1", "EFS.1"],
        read: (p) => ({ encrypted: p.encrypted === true, key: p.kmsKeyId, field: "kmsKeyId" }),
    }),
    cmkPolicy({
        name: "sqs-encrypted-cmk",
        service: "SQS",
        types: ["aws:sqs/queue:Queue"],
        controls: ["SQS.1"],
        read: (p) => ({ encrypted: p.kmsMasterKeyId !== undefined || p.sqsManagedSseEnabled === true, key: p.kmsMasterKeyId, field: "kmsMasterKeyId" }),
    }),
    cmkPolicy({
        name: "sns-encrypted-cmk",
        service: "SNS",
        types: ["aws:sns/topic:Topic"],
        controls: ["SNS.1"],
        read: (p) => ({ encrypted: p.kmsMasterKeyId !== undefined, key: p.kmsMasterKeyId, field: "kmsMasterKeyId" }),
    }),
    cmkPolicy({
        name: "secretsmanager-encrypted-cmk",
        service: "Secrets Manager",
        types: ["aws:secretsmanager/secret:Secret"],
        controls: [],
        read: (p) => ({ encrypted: true, key: p.kmsKeyId, field: "kmsKeyId" }),
    }),
    cmkPolicy({
        name: "ecr-encrypted-cmk",
        service: "ECR",
        types: ["aws:ecr/repository:Repository"],
        controls: ["ECR.5"],
        read: (p) => {
            const c = list(p.encryptionConfigurations)[0];
            return {
                encrypted: String(c?.encryptionType ?? "AES256").startsWith("KMS") || c?.encryptionType === undefined,
                key: c?.kmsKey,
                field: "encryptionConfigurations[0].kmsKey",
            };
        },
    }),
    stackPolicy({
        name: "secretsmanager-rotation",
        description: "Secrets Manager secrets rotate automatically.",
        severity: "medium",
        area: "data",
        controls: ["SecretsManager.1", "SecretsManager.4"],
        remediation:
            "Add an aws.secretsmanager.SecretRotation with secretId set to the secret, a rotation Lambda (or managed rotation) and rotationRules of 90 days or less.",
        validate: (resources, report) => {
            const rotations = ofType(resources, "aws:secretsmanager/secretRotation:SecretRotation");
            for (const secret of ofType(resources, "aws:secretsmanager/secret:Secret"))
                if (!rotations.some((r) => refersTo(r, "secretId", secret, ["id", "arn", "name"]))) report(`${label(secret)} never rotates`, secret.urn);
        },
    }),
    resourcePolicy({
        name: "ssm-parameter-secure-string",
        description: "SSM parameters whose names look like secrets are SecureStrings under a customer-managed key.",
        severity: "high",
        area: "data",
        controls: [],
        remediation: 'Set type: "SecureString" and keyId to the secrets key, or move the value to Secrets Manager.',
        types: ["aws:ssm/parameter:Parameter"],
        validate: (props, report) => {
            const name = String(props.name ?? "");
            if (!SECRET_NAME.test(name)) return;
            if (props.type !== "SecureString") report(`parameter ${name} holds a secret as ${props.type}`);
            else if (!isCustomerManagedKey(props.keyId)) report(`parameter ${name} uses the AWS-managed key`);
        },
    }),
];
