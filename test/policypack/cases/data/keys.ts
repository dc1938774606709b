import { secret } from "../../harness";
import { CMK, KEY, PolicyCases, R, res, S } from "../fixtures";

/** Failing and passing cases of the policies in policypack/policies/data/keys.ts. */
export const keyCases: Readonly<Record<string, PolicyCases>> = {
    "kms-key-rotation": {
        fail: [R("no rotation", KEY, { description: "data" })],
        pass: [
            R("rotation", KEY, { enableKeyRotation: true }),
            R("asymmetric signing key", KEY, { customerMasterKeySpec: "RSA_2048", keyUsage: "SIGN_VERIFY" }),
        ],
    },
    "kms-deletion-window": {
        fail: [R("7 days", KEY, { deletionWindowInDays: 7, enableKeyRotation: true })],
        pass: [
            R("30 days", KEY, { deletionWindowInDays: 30 }),
            R("7 days where the stack allows it", KEY, { deletionWindowInDays: 7 }, { config: { minimumDays: 7 } }),
        ],
    },
    "efs-encrypted-cmk": {
        fail: [R("unencrypted", "aws:efs/fileSystem:FileSystem", {})],
        pass: [R("CMK", "aws:efs/fileSystem:FileSystem", { encrypted: true, kmsKeyId: CMK })],
    },
    "sqs-encrypted-cmk": {
        fail: [
            R("SQS-managed SSE", "aws:sqs/queue:Queue", { sqsManagedSseEnabled: true }),
            R("aws/sqs alias", "aws:sqs/queue:Queue", { kmsMasterKeyId: "alias/aws/sqs" }),
        ],
        pass: [R("CMK", "aws:sqs/queue:Queue", { kmsMasterKeyId: CMK })],
    },
    "sns-encrypted-cmk": {
        fail: [R("unencrypted topic", "aws:sns/topic:Topic", {})],
        pass: [R("CMK topic", "aws:sns/topic:Topic", { kmsMasterKeyId: "alias/landing-zone/alerts" })],
    },
    "secretsmanager-encrypted-cmk": {
        fail: [R("default key", "aws:secretsmanager/secret:Secret", { name: "db" })],
        pass: [R("CMK", "aws:secretsmanager/secret:Secret", { name: "db", kmsKeyId: CMK })],
    },
    "ecr-encrypted-cmk": {
        fail: [
            R("AES256", "aws:ecr/repository:Repository", { encryptionConfigurations: [{ encryptionType: "AES256" }] }),
            R("KMS with the AWS-managed key", "aws:ecr/repository:Repository", { encryptionConfigurations: [{ encryptionType: "KMS" }] }),
        ],
        pass: [R("KMS with CMK", "aws:ecr/repository:Repository", { encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: CMK }] })],
    },
    "ssm-parameter-secure-string": {
        fail: [R("password as String", "aws:ssm/parameter:Parameter", { name: "/app/db-password", type: "String", value: secret("hunter2") })],
        pass: [
            R("SecureString with CMK", "aws:ssm/parameter:Parameter", { name: "/app/db-password", type: "SecureString", keyId: CMK, value: secret("hunter2") }),
            R("non-secret name", "aws:ssm/parameter:Parameter", { name: "/app/log-level", type: "String", value: "info" }),
            R("a word that contains 'pass'", "aws:ssm/parameter:Parameter", { name: "/app/compass/bypass-cache", type: "String", value: "true" }),
        ],
    },
    "secretsmanager-rotation": {
        fail: [S("no rotation", [res("aws:secretsmanager/secret:Secret", "db", { kmsKeyId: CMK })])],
        pass: [
            S("rotated every 30 days", [
                res("aws:secretsmanager/secret:Secret", "db", { kmsKeyId: CMK }),
                res(
                    "aws:secretsmanager/secretRotation:SecretRotation",
                    "db-rotation",
                    { secretId: "arn:secret", rotationRules: { automaticallyAfterDays: 30 } },
                    { secretId: ["db"] },
                ),
            ]),
        ],
    },
};
