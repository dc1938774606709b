import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** Dead letters are kept for the SQS maximum, 14 days. */
export const DEAD_LETTER_RETENTION_SECONDS = 1209600;

export interface DeadLetterQueueArgs {
    /** Queue name in the account. */
    readonly queueName: string;
    /** KMS key (messaging purpose) encrypting the queue. */
    readonly kmsKeyArn: pulumi.Input<string>;
    /** Topic told as soon as one message lands in the queue. */
    readonly alarmTopicArn: pulumi.Input<string>;
}

/**
 * A KMS-encrypted dead-letter queue with an alarm on its first message: a remediation or alert that
 * failed for good must reach a person, not wait in a queue nobody reads.
 */
export function deadLetterQueue(name: string, args: DeadLetterQueueArgs, parent: pulumi.Resource): aws.sqs.Queue {
    const queue = new aws.sqs.Queue(
        `${name}-dlq`,
        { name: args.queueName, kmsMasterKeyId: args.kmsKeyArn, kmsDataKeyReusePeriodSeconds: 300, messageRetentionSeconds: DEAD_LETTER_RETENTION_SECONDS },
        { parent },
    );
    new aws.cloudwatch.MetricAlarm(
        `${name}-dlq-alarm`,
        {
            name: `${args.queueName}-not-empty`,
            alarmDescription: `Events that could not be delivered or handled are waiting in ${args.queueName}`,
            namespace: "AWS/SQS",
            metricName: "ApproximateNumberOfMessagesVisible",
            dimensions: { QueueName: queue.name },
            statistic: "Maximum",
            period: 300,
            evaluationPeriods: 1,
            threshold: 0,
            comparisonOperator: "GreaterThanThreshold",
            treatMissingData: "notBreaching",
            alarmActions: [args.alarmTopicArn],
        },
        { parent },
    );
    return queue;
}
