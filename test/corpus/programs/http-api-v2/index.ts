import * as aws from "@pulumi/aws";

const api = new aws.apigatewayv2.Api("webhooks", { protocolType: "HTTP" });
const integration = new aws.apigatewayv2.Integration("webhooks-backend", {
    apiId: api.id,
    integrationType: "HTTP_PROXY",
    integrationMethod: "POST",
    integrationUri: "https://internal.example.com/webhooks",
});
new aws.apigatewayv2.Route("webhooks-post", { apiId: api.id, routeKey: "POST /webhooks", target: integration.id.apply((id) => `integrations/${id}`) });
new aws.apigatewayv2.Stage("webhooks-default", { apiId: api.id, name: "$default", autoDeploy: true });

export const url = api.apiEndpoint;
