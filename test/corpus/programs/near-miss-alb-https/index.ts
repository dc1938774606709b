import * as aws from "@pulumi/aws";

const provider = new aws.Provider("workload", {
    region: "us-west-2",
    allowedAccountIds: ["111111111111"],
    defaultTags: { tags: { Environment: "prod", Owner: "team-shop", CostCenter: "cc-1234" } },
});
const opts = { provider };
const vpcId = "vpc-0a1b2c3d4e5f60718";
const subnets = ["subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a69788"];

const albSg = new aws.ec2.SecurityGroup(
    "alb-sg",
    {
        vpcId,
        ingress: [
            { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] },
            { protocol: "tcp", fromPort: 80, toPort: 80, cidrBlocks: ["0.0.0.0/0"] },
        ],
        egress: [{ protocol: "tcp", fromPort: 8080, toPort: 8080, cidrBlocks: ["10.0.0.0/16"] }],
    },
    opts,
);
const appSg = new aws.ec2.SecurityGroup("app-sg", { vpcId, egress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.0.0.0/16"] }] }, opts);
new aws.vpc.SecurityGroupIngressRule(
    "app-from-alb",
    { securityGroupId: appSg.id, referencedSecurityGroupId: albSg.id, ipProtocol: "tcp", fromPort: 8080, toPort: 8080 },
    opts,
);

const alb = new aws.lb.LoadBalancer("shop", { loadBalancerType: "application", subnets, securityGroups: [albSg.id], dropInvalidHeaderFields: true }, opts);
const tg = new aws.lb.TargetGroup("shop", { port: 8080, protocol: "HTTP", vpcId, targetType: "ip" }, opts);
new aws.lb.Listener(
    "shop-https",
    {
        loadBalancerArn: alb.arn,
        port: 443,
        protocol: "HTTPS",
        sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
        certificateArn: "arn:aws:acm:us-west-2:111111111111:certificate/0a1b2c3d-1111-2222-3333-444455556666",
        defaultActions: [{ type: "forward", targetGroupArn: tg.arn }],
    },
    opts,
);
new aws.lb.Listener(
    "shop-http",
    {
        loadBalancerArn: alb.arn,
        port: 80,
        protocol: "HTTP",
        defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
    },
    opts,
);
new aws.wafv2.WebAclAssociation(
    "shop-waf",
    { resourceArn: alb.arn, webAclArn: "arn:aws:wafv2:us-west-2:111111111111:regional/webacl/baseline/0a1b2c3d" },
    opts,
);
