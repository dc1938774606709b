import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const landing = new aws.s3.Bucket("landing");
new aws.s3.BucketPublicAccessBlock("landing", {
    bucket: landing.id,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
});
const queue = new aws.sqs.Queue("records", { visibilityTimeoutSeconds: 300 });
const table = new aws.dynamodb.Table("records", {
    attributes: [{ name: "id", type: "S" }],
    hashKey: "id",
    billingMode: "PAY_PER_REQUEST",
});
const topic = new aws.sns.Topic("etl-failures");

const role = new aws.iam.Role("etl-worker", {
    assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
    }),
});
new aws.iam.RolePolicy("etl-worker", {
    role: role.id,
    policy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
            { Effect: "Allow", Action: ["s3:GetObject"], Resource: pulumi.interpolate`${landing.arn}/*` },
            { Effect: "Allow", Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"], Resource: queue.arn },
            { Effect: "Allow", Action: ["dynamodb:PutItem"], Resource: table.arn },
            { Effect: "Allow", Action: ["sns:Publish"], Resource: topic.arn },
        ],
    }),
});

new aws.lambda.Function("etl-worker", {
    runtime: "python3.12",
    handler: "main.handler",
    role: role.arn,
    code: new pulumi.asset.AssetArchive({ "main.py": new pulumi.asset.StringAsset("def handler(event, context):\n    return None\n") }),
    environment: { variables: { TABLE: table.name } },
});
