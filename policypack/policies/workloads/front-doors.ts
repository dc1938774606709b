import { label, list, ofType, refersTo, resourcePolicy, stackPolicy, ZeroTrustPolicy } from "../common";
import { propsIf, type PropsOf } from "../props";

const LISTENERS = ["aws:lb/listener:Listener", "aws:alb/listener:Listener"] as const;
const LOAD_BALANCERS = ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"] as const;
/** TLS 1.3 policies (TLS 1.2 minimum, forward secrecy) and the FS TLS 1.2 policies. */
const MODERN_TLS = "^ELBSecurityPolicy-(TLS13-1-[23]-|FS-1-2-)";

const CLASSIC_ELB = "aws:elb/loadBalancer:LoadBalancer";
const isAlb = (props: Pick<PropsOf<(typeof LOAD_BALANCERS)[number]>, "loadBalancerType">) => (props.loadBalancerType ?? "application") === "application";

/** How requests reach workloads: load balancers, API Gateway and CloudFront. */
export const frontDoorPolicies: ZeroTrustPolicy[] = [
    resourcePolicy({
        name: "elb-listener-https-only",
        description: "Load balancer listeners serve HTTPS/TLS; a plain HTTP listener may only redirect to HTTPS.",
        severity: "high",
        area: "workloads",
        controls: ["ELB.1", "ELB.3"],
        remediation:
            'Use protocol "HTTPS" with a certificate, or make the HTTP listener\'s only default action a redirect { protocol: "HTTPS", statusCode: "HTTP_301" }.',
        types: [...LISTENERS, CLASSIC_ELB],
        validate: (_props, report, { args }) => {
            const classic = propsIf(args, CLASSIC_ELB);
            if (classic) {
                for (const l of list(classic.listeners))
                    if (!["HTTPS", "SSL"].includes(String(l.lbProtocol).toUpperCase()))
                        report(`classic load balancer listener on port ${l.lbPort} is ${l.lbProtocol}, not HTTPS or SSL`);
                return;
            }
            const listener = propsIf(args, ...LISTENERS);
            if (listener?.protocol !== "HTTP") return;
            const actions = list(listener.defaultActions);
            const redirects = actions.length > 0 && actions.every((a) => a.type === "redirect" && a.redirect?.protocol === "HTTPS");
            if (!redirects) report(`HTTP listener on port ${listener.port} serves traffic instead of redirecting to HTTPS`);
        },
    }),
    resourcePolicy<{ allowedPolicies: string }, (typeof LISTENERS)[number]>({
        name: "elb-modern-tls-policy",
        description: "HTTPS/TLS listeners negotiate TLS 1.2+ with forward secrecy only.",
        severity: "high",
        area: "workloads",
        controls: ["ELB.17"],
        remediation: 'Set sslPolicy to "ELBSecurityPolicy-TLS13-1-2-2021-06" (or a newer TLS13 policy).',
        params: { allowedPolicies: { type: "string", default: MODERN_TLS, description: "Regular expression of accepted ELB security policies." } },
        types: LISTENERS,
        validate: (props, report, { config }) => {
            if (!["HTTPS", "TLS"].includes(String(props.protocol))) return;
            if (!new RegExp(config.allowedPolicies).test(String(props.sslPolicy ?? "")))
                report(`sslPolicy is ${props.sslPolicy ?? "unset (ELBSecurityPolicy-2016-08, allows TLS 1.0)"}`);
        },
    }),
    stackPolicy({
        name: "alb-waf-associated",
        description: "Every Application Load Balancer is associated with a WAF web ACL.",
        severity: "high",
        area: "workloads",
        controls: ["ELB.16"],
        remediation: "Add an aws.wafv2.WebAclAssociation with resourceArn set to the load balancer's arn and the org's baseline web ACL.",
        validate: (resources, report) => {
            const associations = ofType(resources, "aws:wafv2/webAclAssociation:WebAclAssociation");
            for (const lb of ofType(resources, ...LOAD_BALANCERS)) {
                if (!isAlb(lb.props)) continue;
                if (!associations.some((a) => refersTo(a, "resourceArn", lb, ["arn", "id"]))) report(`${label(lb)} has no WAF web ACL association`, lb.urn);
            }
        },
    }),
    resourcePolicy({
        name: "alb-drop-invalid-headers",
        description: "Application Load Balancers drop invalid HTTP header fields (request smuggling defence).",
        severity: "medium",
        area: "workloads",
        controls: ["ELB.4"],
        remediation: "Set dropInvalidHeaderFields: true on the load balancer.",
        types: LOAD_BALANCERS,
        validate: (props, report) => {
            if (isAlb(props) && props.dropInvalidHeaderFields !== true) report("dropInvalidHeaderFields is not true");
        },
    }),
    resourcePolicy({
        name: "elb-access-logs",
        description: "Load balancers write access logs.",
        severity: "medium",
        enforcementLevel: "advisory",
        area: "workloads",
        controls: ["ELB.5"],
        remediation: "Set accessLogs { bucket: <central log bucket>, enabled: true }.",
        types: LOAD_BALANCERS,
        validate: (props, report) => {
            if (props.accessLogs?.enabled !== true) report("access logging is disabled");
        },
    }),
    resourcePolicy({
        name: "apigw-method-authorization",
        description: "API Gateway REST methods require an authorizer (IAM, Cognito or Lambda).",
        severity: "high",
        area: "workloads",
        controls: [],
        remediation: 'Set authorization to "AWS_IAM", "COGNITO_USER_POOLS" or "CUSTOM" with an authorizerId; an API key alone is not authentication.',
        types: ["aws:apigateway/method:Method"],
        validate: (props, report) => {
            if (props.httpMethod === "OPTIONS") return;
            if (String(props.authorization).toUpperCase() === "NONE") report(`${props.httpMethod} method has authorization NONE`);
        },
    }),
    resourcePolicy({
        name: "apigw-route-authorization",
        description: "API Gateway v2 routes specify an authorization type.",
        severity: "high",
        area: "workloads",
        controls: ["APIGateway.8"],
        remediation: 'Set authorizationType to "AWS_IAM", "JWT" or "CUSTOM" with an authorizerId.',
        types: ["aws:apigatewayv2/route:Route"],
        validate: (props, report) => {
            if ((props.authorizationType ?? "NONE") === "NONE") report(`route ${props.routeKey} has no authorization`);
        },
    }),
    resourcePolicy({
        name: "apigw-stage-access-logging",
        description: "API Gateway stages write access logs.",
        severity: "medium",
        area: "workloads",
        controls: ["APIGateway.1", "APIGateway.9"],
        remediation: "Set accessLogSettings { destinationArn: <log group arn>, format: ... } on the stage.",
        types: ["aws:apigateway/stage:Stage", "aws:apigatewayv2/stage:Stage"],
        validate: (props, report) => {
            if (!props.accessLogSettings?.destinationArn) report("stage has no access log destination");
        },
    }),
    stackPolicy({
        name: "apigw-stage-throttling",
        description: "API Gateway stages set their own throttling limits (REST: method settings on */*; HTTP/WebSocket: default route settings).",
        severity: "medium",
        area: "workloads",
        controls: [],
        remediation:
            'REST: add an aws.apigateway.MethodSettings with methodPath "*/*" and settings { throttlingRateLimit, throttlingBurstLimit }; v2: set defaultRouteSettings { throttlingRateLimit, throttlingBurstLimit } on the stage.',
        validate: (resources, report) => {
            type Throttling = Pick<
                NonNullable<PropsOf<"aws:apigateway/methodSettings:MethodSettings">["settings"]>,
                "throttlingRateLimit" | "throttlingBurstLimit"
            >;
            const limited = (s: Throttling | undefined) => Number(s?.throttlingRateLimit) > 0 && Number(s?.throttlingBurstLimit) > 0;
            const settings = ofType(resources, "aws:apigateway/methodSettings:MethodSettings");
            for (const stage of ofType(resources, "aws:apigateway/stage:Stage")) {
                const mine = settings.filter((m) => refersTo(m, "stageName", stage, ["stageName"]) && m.props.methodPath === "*/*");
                if (!mine.some((m) => limited(m.props.settings))) report(`${label(stage)} has no throttling limits for */*`, stage.urn);
            }
            for (const stage of ofType(resources, "aws:apigatewayv2/stage:Stage"))
                if (!limited(stage.props.defaultRouteSettings)) report(`${label(stage)} has no default route throttling`, stage.urn);
        },
    }),
    resourcePolicy({
        name: "apigw-request-validation",
        description: "API Gateway REST methods validate requests (a request validator), so malformed input never reaches the backend.",
        severity: "medium",
        area: "workloads",
        controls: [],
        remediation: "Create an aws.apigateway.RequestValidator (validateRequestParameters/validateRequestBody) and set requestValidatorId on the method.",
        types: ["aws:apigateway/method:Method"],
        validate: (props, report) => {
            if (props.httpMethod !== "OPTIONS" && !props.requestValidatorId) report(`${props.httpMethod} method has no request validator`);
        },
    }),
    resourcePolicy({
        name: "cloudfront-https-waf",
        description: "CloudFront distributions require HTTPS with TLS 1.2+ and are protected by WAF.",
        severity: "high",
        area: "workloads",
        controls: ["CloudFront.3", "CloudFront.6"],
        remediation:
            'Set viewerProtocolPolicy "redirect-to-https" (or "https-only") on every cache behavior, viewerCertificate.minimumProtocolVersion "TLSv1.2_2021" and webAclId.',
        types: ["aws:cloudfront/distribution:Distribution"],
        validate: (props, report) => {
            const behaviors = [props.defaultCacheBehavior, ...list(props.orderedCacheBehaviors)].filter(Boolean);
            behaviors.forEach((b, i) => {
                if (b.viewerProtocolPolicy === "allow-all") report(`${i === 0 ? "defaultCacheBehavior" : `orderedCacheBehaviors[${i - 1}]`} allows plain HTTP`);
            });
            const cert = props.viewerCertificate;
            if (cert?.cloudfrontDefaultCertificate !== true && !String(cert?.minimumProtocolVersion ?? "TLSv1").startsWith("TLSv1.2"))
                report(`minimumProtocolVersion is ${cert?.minimumProtocolVersion ?? "TLSv1"}`);
            if (!props.webAclId) report("no WAF web ACL");
        },
    }),
];
