import { policyDocument, PolicyDocument } from "./document";

export interface SessionLoggingPolicyArgs {
    /** ARN of the central bucket session transcripts go to. */
    readonly bucketArn: string;
    /** Key prefix of transcripts in that bucket; the account writes only under <prefix>/<account id>/. */
    readonly prefix: string;
    /** Account whose instances use the policy (its sessions land under its own prefix). */
    readonly accountId: string;
    /** ARN pattern of the session log groups (every region of the account). */
    readonly logGroupArn: string;
    /** ARNs of the account's session/log KMS keys (every region). */
    readonly keyArns: readonly string[];
}

/**
 * What an instance needs beyond AmazonSSMManagedEC2InstanceDefaultPolicy to run encrypted, logged
 * Session Manager sessions: write its account's prefix of the central bucket and its account's session log
 * groups, and use its account's session keys. Nothing else.
 */
export function sessionLoggingPolicy(args: SessionLoggingPolicyArgs): PolicyDocument {
    return policyDocument([
        {
            Sid: "WriteSessionTranscripts",
            Effect: "Allow",
            Action: "s3:PutObject",
            Resource: `${args.bucketArn}/${args.prefix}/${args.accountId}/*`,
        },
        {
            Sid: "CheckBucketEncryption",
            Effect: "Allow",
            Action: "s3:GetEncryptionConfiguration",
            Resource: args.bucketArn,
        },
        {
            Sid: "StreamSessionLogs",
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
            Resource: [args.logGroupArn, `${args.logGroupArn}:log-stream:*`],
        },
        {
            Sid: "DescribeLogGroups",
            Effect: "Allow",
            Action: "logs:DescribeLogGroups",
            Resource: "*",
        },
        {
            Sid: "SessionEncryption",
            Effect: "Allow",
            Action: ["kms:Decrypt", "kms:GenerateDataKey"],
            Resource: [...args.keyArns],
        },
    ]);
}
