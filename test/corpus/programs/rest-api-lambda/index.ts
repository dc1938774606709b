import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const role = new aws.iam.Role("hello-role", {
    assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
    }),
});
new aws.iam.RolePolicyAttachment("hello-logs", { role: role.name, policyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole" });

const fn = new aws.lambda.Function("hello", {
    runtime: "nodejs16.x",
    handler: "index.handler",
    role: role.arn,
    code: new pulumi.asset.AssetArchive({
        "index.js": new pulumi.asset.StringAsset('exports.handler = async () => ({ statusCode: 200, body: "hello" });'),
    }),
});

const api = new aws.apigateway.RestApi("hello-api", { description: "hello" });
const resource = new aws.apigateway.Resource("hello-resource", { restApi: api.id, parentId: api.rootResourceId, pathPart: "hello" });
const method = new aws.apigateway.Method("hello-get", { restApi: api.id, resourceId: resource.id, httpMethod: "GET", authorization: "NONE" });
const integration = new aws.apigateway.Integration("hello-integration", {
    restApi: api.id,
    resourceId: resource.id,
    httpMethod: method.httpMethod,
    integrationHttpMethod: "POST",
    type: "AWS_PROXY",
    uri: fn.invokeArn,
});
const deployment = new aws.apigateway.Deployment("hello-deployment", { restApi: api.id }, { dependsOn: [integration] });
const stage = new aws.apigateway.Stage("hello-stage", { restApi: api.id, deployment: deployment.id, stageName: "v1" });

new aws.lambda.Permission("hello-invoke", {
    action: "lambda:InvokeFunction",
    function: fn.name,
    principal: "apigateway.amazonaws.com",
    sourceArn: pulumi.interpolate`${api.executionArn}/*/*`,
});

export const url = stage.invokeUrl;
