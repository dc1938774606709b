import * as aws from "@pulumi/aws";

const key = new aws.kms.Key("jobs", { description: "jobs queue" });
const dlq = new aws.sqs.Queue("jobs-dlq", { kmsMasterKeyId: key.arn });
new aws.sqs.Queue("jobs", {
    kmsMasterKeyId: key.arn,
    redrivePolicy: dlq.arn.apply((arn) => JSON.stringify({ deadLetterTargetArn: arn, maxReceiveCount: 5 })),
    policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: "*", Action: "sqs:SendMessage", Resource: "*" }],
    }),
});
new aws.cloudwatch.LogGroup("jobs-worker", { retentionInDays: 7 });
