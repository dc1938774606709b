import { policyDocument, PolicyDocument } from "./document";

/**
 * Trust policy of a role an AWS service assumes on behalf of one account only: aws:SourceAccount
 * stops the confused deputy (another account's automation or recorder assuming it).
 */
export function serviceTrustPolicy(service: string, accountId: string): PolicyDocument {
    return policyDocument([
        {
            Sid: "ServiceAssumesForThisAccount",
            Effect: "Allow",
            Principal: { Service: service },
            Action: "sts:AssumeRole",
            Condition: { StringEquals: { "aws:SourceAccount": accountId } },
        },
    ]);
}

/**
 * What the Config baseline's SSM Automation remediations may do in an account: block S3 public access
 * (account and bucket), strip the default security group's rules, and turn on VPC flow logs (the
 * conformance pack fixes the destination to the central flow-logs bucket). Nothing else; every action is
 * the least the AWS runbook calls. IAM has no condition key for a flow log's destination.
 */
export function configRemediationPolicy(): PolicyDocument {
    return policyDocument([
        {
            Sid: "AccountPublicAccessBlock",
            Effect: "Allow",
            Action: ["s3:GetAccountPublicAccessBlock", "s3:PutAccountPublicAccessBlock"],
            Resource: "*",
        },
        {
            Sid: "BucketPublicAccessBlock",
            Effect: "Allow",
            Action: ["s3:GetBucketPublicAccessBlock", "s3:PutBucketPublicAccessBlock"],
            Resource: "arn:aws:s3:::*",
        },
        {
            Sid: "DescribeNetwork",
            Effect: "Allow",
            Action: ["ec2:DescribeSecurityGroups", "ec2:DescribeFlowLogs", "ec2:DescribeVpcs"],
            Resource: "*",
        },
        {
            Sid: "CloseDefaultSecurityGroups",
            Effect: "Allow",
            Action: ["ec2:RevokeSecurityGroupIngress", "ec2:RevokeSecurityGroupEgress"],
            Resource: "arn:aws:ec2:*:*:security-group/*",
        },
        {
            Sid: "EnableFlowLogs",
            Effect: "Allow",
            Action: "ec2:CreateFlowLogs",
            Resource: ["arn:aws:ec2:*:*:vpc/*", "arn:aws:ec2:*:*:vpc-flow-log/*"],
        },
        {
            Sid: "FlowLogsDeliveryToArchive",
            Effect: "Allow",
            Action: ["logs:CreateLogDelivery", "logs:DeleteLogDelivery"],
            Resource: "*",
        },
    ]);
}
