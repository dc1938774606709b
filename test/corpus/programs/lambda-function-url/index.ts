import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const role = new aws.iam.Role("thumbnailer-role", {
    assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
    }),
});

const fn = new aws.lambda.Function("thumbnailer", {
    runtime: "nodejs22.x",
    handler: "index.handler",
    role: role.arn,
    code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset("exports.handler = async () => ({ statusCode: 204 });") }),
});

const url = new aws.lambda.FunctionUrl("thumbnailer-url", { functionName: fn.name, authorizationType: "NONE" });
new aws.lambda.Permission("thumbnailer-public", { action: "lambda:InvokeFunction", function: fn.name, principal: "*" });

export const endpoint = url.functionUrl;
