import { UNKNOWN } from "../harness";
import { CMK, containers, EKS, goodEks, LB, LISTENER, R, res, S, TASK, PolicyCases } from "./fixtures";

/** Failing and passing cases of the policies in policypack/policies/workloads/ (front doors and compute). */
export const workloadsCases: Readonly<Record<string, PolicyCases>> = {
    "elb-listener-https-only": {
        fail: [
            R("a classic ELB on plain HTTP", "aws:elb/loadBalancer:LoadBalancer", {
                listeners: [{ instancePort: 80, instanceProtocol: "http", lbPort: 80, lbProtocol: "http" }],
            }),
            R("HTTP forwarding", LISTENER, { loadBalancerArn: "lb", port: 80, protocol: "HTTP", defaultActions: [{ type: "forward", targetGroupArn: "tg" }] }),
        ],
        pass: [
            R("HTTP redirect to HTTPS", LISTENER, {
                loadBalancerArn: "lb",
                port: 80,
                protocol: "HTTP",
                defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
            }),
        ],
    },
    "elb-modern-tls-policy": {
        fail: [
            R("default (2016) policy", LISTENER, { loadBalancerArn: "lb", port: 443, protocol: "HTTPS", certificateArn: "c", defaultActions: [] }),
            R("TLS 1.0 policy", "aws:alb/listener:Listener", {
                loadBalancerArn: "lb",
                port: 443,
                protocol: "HTTPS",
                sslPolicy: "ELBSecurityPolicy-TLS-1-0-2015-04",
            }),
        ],
        pass: [R("TLS 1.3 policy", LISTENER, { loadBalancerArn: "lb", port: 443, protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06" })],
    },
    "alb-waf-associated": {
        fail: [S("ALB without WAF", [res(LB, "web", { loadBalancerType: "application", subnets: ["s"] })])],
        pass: [
            S("ALB with WAF association", [
                res(LB, "web", { subnets: ["s"] }),
                res(
                    "aws:wafv2/webAclAssociation:WebAclAssociation",
                    "web-waf",
                    { resourceArn: UNKNOWN, webAclArn: "arn:aws:wafv2:::webacl" },
                    { resourceArn: ["web"] },
                ),
            ]),
            S("NLB needs none", [res(LB, "nlb", { loadBalancerType: "network", subnets: ["s"] })]),
        ],
    },
    "alb-drop-invalid-headers": {
        fail: [R("ALB keeps invalid headers", LB, { subnets: ["s"] })],
        pass: [R("ALB drops them", LB, { subnets: ["s"], dropInvalidHeaderFields: true })],
    },
    "elb-access-logs": {
        fail: [R("no access logs", LB, { subnets: ["s"] })],
        pass: [R("access logs", LB, { subnets: ["s"], accessLogs: { bucket: "logs", enabled: true } })],
    },
    "apigw-method-authorization": {
        fail: [R("open GET", "aws:apigateway/method:Method", { restApi: "api", resourceId: "r", httpMethod: "GET", authorization: "NONE" })],
        pass: [
            R("IAM auth", "aws:apigateway/method:Method", { restApi: "api", resourceId: "r", httpMethod: "GET", authorization: "AWS_IAM" }),
            R("CORS preflight", "aws:apigateway/method:Method", { restApi: "api", resourceId: "r", httpMethod: "OPTIONS", authorization: "NONE" }),
        ],
    },
    "apigw-route-authorization": {
        fail: [R("route without authorizer", "aws:apigatewayv2/route:Route", { apiId: "a", routeKey: "GET /items" })],
        pass: [R("JWT route", "aws:apigatewayv2/route:Route", { apiId: "a", routeKey: "GET /items", authorizationType: "JWT", authorizerId: "au" })],
    },
    "apigw-stage-access-logging": {
        fail: [R("stage without logs", "aws:apigateway/stage:Stage", { restApi: "a", deployment: "d", stageName: "prod" })],
        pass: [
            R("stage with logs", "aws:apigatewayv2/stage:Stage", {
                apiId: "a",
                name: "prod",
                accessLogSettings: { destinationArn: "arn:aws:logs:eu-west-1:111111111111:log-group:api", format: "$context.requestId" },
            }),
        ],
    },
    "lambda-url-iam-auth": {
        fail: [R("public function URL", "aws:lambda/functionUrl:FunctionUrl", { functionName: "f", authorizationType: "NONE" })],
        pass: [R("IAM function URL", "aws:lambda/functionUrl:FunctionUrl", { functionName: "f", authorizationType: "AWS_IAM" })],
    },
    "lambda-permission-not-public": {
        fail: [
            R("invoke for everyone", "aws:lambda/permission:Permission", { function: "f", action: "lambda:InvokeFunction", principal: "*" }),
            R("service without source", "aws:lambda/permission:Permission", { function: "f", action: "lambda:InvokeFunction", principal: "s3.amazonaws.com" }),
        ],
        pass: [
            R("S3 from one bucket", "aws:lambda/permission:Permission", {
                function: "f",
                action: "lambda:InvokeFunction",
                principal: "s3.amazonaws.com",
                sourceArn: "arn:aws:s3:::b",
                sourceAccount: "111111111111",
            }),
        ],
    },
    "lambda-supported-runtime": {
        fail: [R("node 16", "aws:lambda/function:Function", { role: "r", runtime: "nodejs16.x" })],
        pass: [R("node 22", "aws:lambda/function:Function", { role: "r", runtime: "nodejs22.x" })],
    },
    "lambda-environment-cmk": {
        fail: [R("env without CMK", "aws:lambda/function:Function", { role: "r", runtime: "nodejs22.x", environment: { variables: { TABLE: "t" } } })],
        pass: [
            R("env with CMK", "aws:lambda/function:Function", { role: "r", runtime: "nodejs22.x", kmsKeyArn: CMK, environment: { variables: { TABLE: "t" } } }),
        ],
    },
    "lambda-environment-no-plaintext-secrets": {
        fail: [
            R("API token in env", "aws:lambda/function:Function", {
                role: "r",
                runtime: "nodejs22.x",
                kmsKeyArn: CMK,
                environment: { variables: { STRIPE_API_KEY: "sk_live_x" } },
            }),
            R("DB password in env", "aws:lambda/function:Function", {
                role: "r",
                runtime: "nodejs22.x",
                environment: { variables: { DB_PASSWORD: "hunter2" } },
            }),
        ],
        pass: [
            R("the secret's ARN, read at run time", "aws:lambda/function:Function", {
                role: "r",
                runtime: "nodejs22.x",
                kmsKeyArn: CMK,
                environment: { variables: { DB_SECRET_ARN: "arn:aws:secretsmanager:eu-west-1:111111111111:secret:db", TABLE: "t" } },
            }),
        ],
    },
    "eks-private-endpoint": {
        fail: [R("public endpoint by default", EKS, { ...goodEks, vpcConfig: { subnetIds: ["s"] } })],
        pass: [R("private endpoint", EKS, goodEks)],
    },
    "eks-secrets-encryption": {
        fail: [
            R("no secrets encryption", EKS, { roleArn: goodEks.roleArn, vpcConfig: goodEks.vpcConfig, enabledClusterLogTypes: goodEks.enabledClusterLogTypes }),
        ],
        pass: [R("secrets with CMK", EKS, goodEks)],
    },
    "eks-control-plane-logging": {
        fail: [R("no audit logs", EKS, { ...goodEks, enabledClusterLogTypes: ["api"] })],
        pass: [R("api, audit, authenticator", EKS, goodEks)],
    },
    "ecs-task-least-privilege": {
        fail: [
            R("container definitions unknown during preview", TASK, { networkMode: "awsvpc", containerDefinitions: UNKNOWN }),
            R("bridge network mode", TASK, { networkMode: "bridge", containerDefinitions: JSON.stringify([{ name: "a", readonlyRootFilesystem: true }]) }),
            R("privileged container", TASK, {
                family: "f",
                networkMode: "awsvpc",
                containerDefinitions: containers([{ name: "app", image: "i", privileged: true, readonlyRootFilesystem: true }]),
            }),
        ],
        pass: [
            R("unprivileged read-only", TASK, {
                family: "f",
                networkMode: "awsvpc",
                containerDefinitions: containers([{ name: "app", image: "i", readonlyRootFilesystem: true, user: "1000" }]),
            }),
        ],
    },
    "ecs-task-no-plaintext-secrets": {
        fail: [
            R("private key in env", TASK, {
                family: "f",
                containerDefinitions: containers([{ name: "app", image: "i", environment: [{ name: "TLS_PRIVATE_KEY", value: "-----BEGIN" }] }]),
            }),
            R("DB password in env", TASK, {
                family: "f",
                containerDefinitions: containers([{ name: "app", image: "i", environment: [{ name: "DB_PASSWORD", value: "hunter2" }] }]),
            }),
        ],
        pass: [
            R("secret from Secrets Manager", TASK, {
                family: "f",
                containerDefinitions: containers([
                    {
                        name: "app",
                        image: "i",
                        environment: [{ name: "LOG_LEVEL", value: "info" }],
                        secrets: [{ name: "DB_PASSWORD", valueFrom: "arn:aws:secretsmanager:eu-west-1:111111111111:secret:db" }],
                    },
                ]),
            }),
        ],
    },
    "ecs-service-no-public-ip": {
        fail: [
            R("public IP tasks", "aws:ecs/service:Service", {
                cluster: "c",
                taskDefinition: "t",
                networkConfiguration: { subnets: ["s"], assignPublicIp: true },
            }),
        ],
        pass: [
            R("private tasks", "aws:ecs/service:Service", {
                cluster: "c",
                taskDefinition: "t",
                networkConfiguration: { subnets: ["s"], assignPublicIp: false },
            }),
        ],
    },
    "cloudfront-https-waf": {
        fail: [
            R("allow-all, no WAF", "aws:cloudfront/distribution:Distribution", {
                enabled: true,
                defaultCacheBehavior: { viewerProtocolPolicy: "allow-all" },
                viewerCertificate: { cloudfrontDefaultCertificate: true },
            }),
        ],
        pass: [
            R("HTTPS with WAF", "aws:cloudfront/distribution:Distribution", {
                enabled: true,
                webAclId: "arn:aws:wafv2:us-east-1:111111111111:global/webacl/x",
                defaultCacheBehavior: { viewerProtocolPolicy: "redirect-to-https" },
                viewerCertificate: { acmCertificateArn: "c", minimumProtocolVersion: "TLSv1.2_2021" },
            }),
        ],
    },

    "ecs-cluster-container-insights": {
        fail: [R("no settings", "aws:ecs/cluster:Cluster", {})],
        pass: [R("enhanced", "aws:ecs/cluster:Cluster", { settings: [{ name: "containerInsights", value: "enhanced" }] })],
    },
    "ecr-scan-on-push": {
        fail: [R("no scanning configuration", "aws:ecr/repository:Repository", {})],
        pass: [R("scan on push", "aws:ecr/repository:Repository", { imageScanningConfiguration: { scanOnPush: true } })],
    },
    "ecr-immutable-tags": {
        fail: [R("mutable by default", "aws:ecr/repository:Repository", {})],
        pass: [R("immutable", "aws:ecr/repository:Repository", { imageTagMutability: "IMMUTABLE" })],
    },
    "apigw-stage-throttling": {
        fail: [
            S("REST stage without method settings", [res("aws:apigateway/stage:Stage", "v1", { stageName: "v1" })]),
            S("HTTP API stage without default route settings", [res("aws:apigatewayv2/stage:Stage", "default", { name: "$default" })]),
        ],
        pass: [
            S("REST stage throttled on */*", [
                res("aws:apigateway/stage:Stage", "v1", { stageName: "v1" }),
                res(
                    "aws:apigateway/methodSettings:MethodSettings",
                    "v1-settings",
                    { stageName: "v1", methodPath: "*/*", settings: { throttlingRateLimit: 100, throttlingBurstLimit: 50 } },
                    { stageName: ["v1"] },
                ),
            ]),
            S("HTTP API stage throttled", [
                res("aws:apigatewayv2/stage:Stage", "default", {
                    name: "$default",
                    defaultRouteSettings: { throttlingRateLimit: 100, throttlingBurstLimit: 50 },
                }),
            ]),
        ],
    },
    "apigw-request-validation": {
        fail: [R("no validator", "aws:apigateway/method:Method", { httpMethod: "POST", authorization: "AWS_IAM" })],
        pass: [
            R("validated", "aws:apigateway/method:Method", { httpMethod: "POST", authorization: "AWS_IAM", requestValidatorId: "rv-1" }),
            R("CORS preflight", "aws:apigateway/method:Method", { httpMethod: "OPTIONS", authorization: "NONE" }),
        ],
    },
    // Multi-language components: the inputs the program passes (offline), silent on the plugin's own { name, args, opts } registration (engine).
};
