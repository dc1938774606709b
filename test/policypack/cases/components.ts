import { AWSX_ALB, AWSX_FARGATE, AWSX_VPC, EKS_COMPONENT, R, PolicyCases } from "./fixtures";

/** Failing and passing cases of the policies in policypack/policies/components.ts. */
export const componentsCases: Readonly<Record<string, PolicyCases>> = {
    "eks-component-private-endpoint": {
        fail: [
            R("pulumi-eks defaults: public endpoint, no private one", EKS_COMPONENT, { vpcId: "vpc-1", privateSubnetIds: ["subnet-1"] }),
            R("private endpoint on, public left on", EKS_COMPONENT, { endpointPrivateAccess: true }),
        ],
        pass: [
            R("private only", EKS_COMPONENT, { endpointPublicAccess: false, endpointPrivateAccess: true }),
            R("the plugin's registration under the engine (children analyzed instead)", EKS_COMPONENT, { name: "c", args: {}, opts: {} }),
        ],
    },
    "eks-component-private-nodes": {
        fail: [
            R("default node group with pulumi-eks's default public IPs", EKS_COMPONENT, { privateSubnetIds: ["subnet-1"] }),
            R("nodes in public subnets", EKS_COMPONENT, { publicSubnetIds: ["subnet-p"], nodeAssociatePublicIpAddress: false }),
            R("public IPs through nodeGroupOptions", EKS_COMPONENT, {
                privateSubnetIds: ["subnet-1"],
                nodeGroupOptions: { nodeAssociatePublicIpAddress: true },
            }),
        ],
        pass: [
            R("private nodes", EKS_COMPONENT, { publicSubnetIds: ["subnet-p"], privateSubnetIds: ["subnet-1"], nodeAssociatePublicIpAddress: false }),
            R("no default node group", EKS_COMPONENT, { skipDefaultNodeGroup: true }),
        ],
    },
    "awsx-fargate-service-private": {
        fail: [
            R("no networkConfiguration: default VPC, public IPs, open security group", AWSX_FARGATE, { cluster: "c", taskDefinition: "t" }),
            R("public IPs", AWSX_FARGATE, { cluster: "c", networkConfiguration: { subnets: ["subnet-1"], assignPublicIp: true } }),
            R("public IPs at the top level", AWSX_FARGATE, { cluster: "c", assignPublicIp: true, networkConfiguration: { subnets: ["subnet-1"] } }),
        ],
        pass: [
            R("private subnets, no public IP", AWSX_FARGATE, { cluster: "c", networkConfiguration: { subnets: ["subnet-1"], assignPublicIp: false } }),
            R("the plugin's registration under the engine", AWSX_FARGATE, { name: "svc", args: {}, opts: {} }),
        ],
    },
    "awsx-alb-https-only": {
        fail: [
            R("no listener: awsx's default HTTP :80 forward", AWSX_ALB, { subnetIds: ["subnet-1"] }),
            R("HTTP listener by port", AWSX_ALB, { subnetIds: ["subnet-1"], listener: { port: 8080 } }),
            R("HTTP listener that forwards", AWSX_ALB, {
                subnetIds: ["subnet-1"],
                listeners: [
                    { port: 443, protocol: "HTTPS", certificateArn: "arn:aws:acm:eu-west-1:111111111111:certificate/x" },
                    { port: 80, protocol: "HTTP" },
                ],
            }),
        ],
        pass: [
            R("HTTPS plus an HTTP redirect", AWSX_ALB, {
                subnetIds: ["subnet-1"],
                listeners: [
                    { port: 443, protocol: "HTTPS", certificateArn: "arn:aws:acm:eu-west-1:111111111111:certificate/x" },
                    {
                        port: 80,
                        protocol: "HTTP",
                        defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
                    },
                ],
            }),
            R("HTTPS by port", AWSX_ALB, {
                subnetIds: ["subnet-1"],
                listener: { port: 443, certificateArn: "arn:aws:acm:eu-west-1:111111111111:certificate/x" },
            }),
            R("the plugin's registration under the engine", AWSX_ALB, { name: "lb", args: {}, opts: {} }),
        ],
    },
    "awsx-vpc-private-only": {
        fail: [
            R("awsx's default layout: public subnets and a NAT per AZ", AWSX_VPC, { numberOfAvailabilityZones: 2 }),
            R("a Public subnet spec with a single NAT", AWSX_VPC, {
                subnetSpecs: [{ type: "Public" }, { type: "Private" }],
                natGateways: { strategy: "Single" },
            }),
        ],
        pass: [
            R("private and isolated subnets only", AWSX_VPC, { subnetSpecs: [{ type: "Private" }, { type: "Isolated" }], natGateways: { strategy: "None" } }),
            R("the plugin's registration under the engine", AWSX_VPC, { name: "vpc", args: { numberOfAvailabilityZones: 2 }, opts: {} }),
        ],
    },
};
