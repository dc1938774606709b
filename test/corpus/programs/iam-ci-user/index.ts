import * as aws from "@pulumi/aws";

const ci = new aws.iam.User("ci", { path: "/system/" });
const key = new aws.iam.AccessKey("ci-key", { user: ci.name });
new aws.iam.UserLoginProfile("ci-console", { user: ci.name });
new aws.iam.UserPolicy("ci-deploy", {
    user: ci.name,
    policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: ["s3:PutObject"], Resource: "arn:aws:s3:::artifacts-111111111111/*" }],
    }),
});

export const accessKeyId = key.id;
export const secretAccessKey = key.secret;
