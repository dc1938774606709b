import { UNKNOWN, urnOf } from "../harness";
import {
    doc,
    ec2Declarative,
    IGW,
    IGW_ATTACHMENT,
    LB,
    LISTENER,
    NEW_ACCOUNT_PROVIDER,
    ORG,
    R,
    res,
    S,
    SG,
    SG_EGRESS,
    SG_INGRESS,
    VPC,
    PolicyCases,
} from "./fixtures";

/** Failing and passing cases of the policies in policypack/policies/network/ (security groups and the VPC). */
export const networkCases: Readonly<Record<string, PolicyCases>> = {
    "sg-no-admin-ports-from-internet": {
        fail: [
            R("SSH from anywhere", SG, { ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }] }),
            R("RDP from ::/0 via a standalone rule", SG_INGRESS, {
                securityGroupId: "sg-1",
                ipProtocol: "tcp",
                fromPort: 3389,
                toPort: 3389,
                cidrIpv6: "::/0",
            }),
            R("all traffic from anywhere (covers 22)", "aws:ec2/securityGroupRule:SecurityGroupRule", {
                type: "ingress",
                securityGroupId: "sg-1",
                protocol: "-1",
                fromPort: 0,
                toPort: 0,
                cidrBlocks: ["0.0.0.0/0"],
            }),
        ],
        pass: [
            R("SSH from a trusted range", SG, { ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["198.51.100.0/24"] }] }),
            R("HTTPS from anywhere", SG, { ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }] }),
        ],
    },
    "sg-no-all-ports-from-internet": {
        fail: [
            R("all protocols from anywhere", SG, { ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] }),
            R("whole TCP range", SG_INGRESS, { securityGroupId: "sg", ipProtocol: "tcp", fromPort: 0, toPort: 65535, cidrIpv4: "0.0.0.0/0" }),
        ],
        pass: [R("443 only", SG_INGRESS, { securityGroupId: "sg", ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" })],
    },
    "sg-no-high-risk-ports-from-internet": {
        fail: [
            R("PostgreSQL from anywhere", SG, { ingress: [{ protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["0.0.0.0/0"] }] }),
            R("SMB from anywhere", SG_INGRESS, { securityGroupId: "sg", ipProtocol: "tcp", fromPort: 445, toPort: 445, cidrIpv4: "0.0.0.0/0" }),
        ],
        pass: [R("PostgreSQL from the VPC", SG, { ingress: [{ protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["10.68.0.0/20"] }] })],
    },
    "nacl-no-admin-ports-from-internet": {
        fail: [
            R("NACL allows SSH from anywhere", "aws:ec2/networkAcl:NetworkAcl", {
                vpcId: "vpc-1",
                ingress: [{ ruleNo: 100, action: "allow", protocol: "tcp", fromPort: 0, toPort: 65535, cidrBlock: "0.0.0.0/0" }],
            }),
            R("NACL rule allows RDP", "aws:ec2/networkAclRule:NetworkAclRule", {
                networkAclId: "acl",
                ruleNumber: 100,
                egress: false,
                ruleAction: "allow",
                protocol: "6",
                fromPort: 3389,
                toPort: 3389,
                cidrBlock: "0.0.0.0/0",
            }),
        ],
        pass: [
            R("NACL denies SSH from anywhere", "aws:ec2/networkAclRule:NetworkAclRule", {
                networkAclId: "acl",
                ruleNumber: 90,
                egress: false,
                ruleAction: "deny",
                protocol: "tcp",
                fromPort: 22,
                toPort: 22,
                cidrBlock: "0.0.0.0/0",
            }),
            R("egress rule", "aws:ec2/networkAclRule:NetworkAclRule", {
                networkAclId: "acl",
                ruleNumber: 100,
                egress: true,
                ruleAction: "allow",
                protocol: "-1",
                cidrBlock: "0.0.0.0/0",
            }),
        ],
    },
    "default-sg-no-rules": {
        fail: [
            R("default SG allows all egress", "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", {
                vpcId: "vpc-1",
                egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
            }),
        ],
        pass: [R("default SG emptied", "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", { vpcId: "vpc-1" })],
    },
    "private-tier-no-internet-egress": {
        fail: [
            S("untagged SG with open egress", [res(SG, "app", { egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] })]),
            S("egress rule on a data-tier SG", [
                res(SG, "data", { tags: { Tier: "data" } }),
                res(SG_EGRESS, "data-out", { securityGroupId: "sg-123", ipProtocol: "-1", cidrIpv4: "0.0.0.0/0" }, { securityGroupId: ["data"] }),
            ]),
        ],
        pass: [
            S("edge tier may reach the internet", [
                res(SG, "alb", { tags: { Tier: "edge" }, egress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }] }),
            ]),
            S("private tier egress to the VPC only", [
                res(SG, "app", { tags: { Tier: "app" }, egress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.0.0.0/8"] }] }),
            ]),
        ],
    },
    "subnet-no-auto-public-ip": {
        fail: [R("auto-assigns public IPs", "aws:ec2/subnet:Subnet", { vpcId: "v", cidrBlock: "10.0.0.0/24", mapPublicIpOnLaunch: true })],
        pass: [R("private subnet", "aws:ec2/subnet:Subnet", { vpcId: "v", cidrBlock: "10.0.0.0/24" })],
    },
    "vpc-flow-logs-enabled": {
        fail: [
            S("VPC without flow log", [res("aws:ec2/vpc:Vpc", "spoke", { cidrBlock: "10.68.0.0/20" })]),
            S("flow log for rejects only", [
                res("aws:ec2/vpc:Vpc", "spoke", { cidrBlock: "10.68.0.0/20" }),
                res("aws:ec2/flowLog:FlowLog", "spoke-fl", { vpcId: "vpc-1", trafficType: "REJECT" }, { vpcId: ["spoke"] }),
            ]),
            S("VPC in an account this run creates, with no flow log at all", [{ ...res("aws:ec2/vpc:Vpc", "spoke", {}), provider: NEW_ACCOUNT_PROVIDER }]),
        ],
        pass: [
            S("flow log in an account this run creates: no outputs in preview, checked when the update ends", [
                { ...res("aws:ec2/vpc:Vpc", "spoke", {}), provider: NEW_ACCOUNT_PROVIDER },
                { ...res("aws:ec2/flowLog:FlowLog", "spoke-fl", {}, { vpcId: ["spoke"] }), provider: NEW_ACCOUNT_PROVIDER },
            ]),
            S("flow log for ALL linked by dependency", [
                res("aws:ec2/vpc:Vpc", "spoke", { cidrBlock: "10.68.0.0/20" }),
                res("aws:ec2/flowLog:FlowLog", "spoke-fl", { vpcId: UNKNOWN, trafficType: "ALL" }, { vpcId: ["spoke"] }),
            ]),
        ],
    },
    "no-unapproved-internet-gateway": {
        fail: [
            S("IGW in a workload VPC", [
                res(VPC, "payments-vpc", { cidrBlock: "10.68.0.0/20" }),
                res(IGW, "payments-igw", { vpcId: UNKNOWN }, { vpcId: ["payments-vpc"] }),
            ]),
            S(
                "a workload VPC named and tagged like the approved one, in another program",
                [
                    res(VPC, "network-euw1-inspection-vpc", { cidrBlock: "10.8.0.0/23", tags: { NetworkRole: "inspection" } }),
                    res(IGW, "network-euw1-inspection-igw", { vpcId: UNKNOWN }, { vpcId: ["network-euw1-inspection-vpc"] }),
                ],
                { approvedEgressVpcs: ["urn:pulumi:prod::landing-zone::landing-zone:network:InspectionVpc$aws:ec2/vpc:Vpc::network-euw1-inspection-vpc"] },
            ),
            S(
                "IGW attached by an attachment resource to an unapproved VPC",
                [
                    res(VPC, "egress-vpc", { cidrBlock: "10.8.0.0/23" }),
                    res(VPC, "payments-vpc", { cidrBlock: "10.68.0.0/20" }),
                    res(IGW, "igw", {}),
                    res(IGW_ATTACHMENT, "igw-attach", { internetGatewayId: UNKNOWN, vpcId: UNKNOWN }, { internetGatewayId: ["igw"], vpcId: ["payments-vpc"] }),
                ],
                { approvedEgressVpcs: [urnOf(VPC, "egress-vpc")] },
            ),
            S("egress-only IGW in a workload VPC", [
                res(VPC, "payments-vpc", { cidrBlock: "10.68.0.0/20" }),
                res("aws:ec2/egressOnlyInternetGateway:EgressOnlyInternetGateway", "payments-eigw", { vpcId: UNKNOWN }, { vpcId: ["payments-vpc"] }),
            ]),
            S("IGW attached to no VPC the program shows", [res(IGW, "loose-igw", {})]),
        ],
        pass: [
            S(
                "central egress VPC listed by URN",
                [res(VPC, "egress-vpc", { cidrBlock: "10.8.0.0/23" }), res(IGW, "egress-igw", { vpcId: UNKNOWN }, { vpcId: ["egress-vpc"] })],
                { approvedEgressVpcs: [urnOf(VPC, "egress-vpc")] },
            ),
            S("a program without internet gateways", [res(VPC, "payments-vpc", { cidrBlock: "10.68.0.0/20" })]),
        ],
    },
    "vpc-block-public-access-enforced": {
        fail: [
            R("BPA off", "aws:ec2/vpcBlockPublicAccessOptions:VpcBlockPublicAccessOptions", { internetGatewayBlockMode: "off" }),
            R("declarative policy turns the block off", "aws:organizations/policy:Policy", { type: "DECLARATIVE_POLICY_EC2", content: ec2Declarative("off") }),
            R("declarative policy names the block without assigning a mode", "aws:organizations/policy:Policy", {
                type: "DECLARATIVE_POLICY_EC2",
                content: JSON.stringify({
                    ec2_attributes: { vpc_block_public_access: { internet_gateway_block: { exclusions_allowed: { "@@assign": "enabled" } } } },
                }),
            }),
            R("exclusion that opens inbound traffic", "aws:ec2/vpcBlockPublicAccessExclusion:VpcBlockPublicAccessExclusion", {
                vpcId: "vpc-1",
                internetGatewayExclusionMode: "allow-bidirectional",
            }),
        ],
        pass: [
            R("BPA bidirectional", "aws:ec2/vpcBlockPublicAccessOptions:VpcBlockPublicAccessOptions", { internetGatewayBlockMode: "block-bidirectional" }),
            R("declarative policy blocks both ways, exclusions allowed", "aws:organizations/policy:Policy", {
                type: "DECLARATIVE_POLICY_EC2",
                content: ec2Declarative("block_bidirectional"),
            }),
            R("declarative policy about other EC2 attributes", "aws:organizations/policy:Policy", {
                type: "DECLARATIVE_POLICY_EC2",
                content: JSON.stringify({ ec2_attributes: { image_block_public_access: { state: { "@@assign": "block_new_sharing" } } } }),
            }),
            R("egress-only exclusion of the inspection VPC", "aws:ec2/vpcBlockPublicAccessExclusion:VpcBlockPublicAccessExclusion", {
                vpcId: "vpc-1",
                internetGatewayExclusionMode: "allow-egress",
            }),
        ],
    },
    "no-vpc-peering": {
        fail: [R("peering", "aws:ec2/vpcPeeringConnection:VpcPeeringConnection", { vpcId: "a", peerVpcId: "b" })],
        pass: [R("TGW attachment instead", "aws:ec2transitgateway/vpcAttachment:VpcAttachment", { vpcId: "a", transitGatewayId: "tgw", subnetIds: ["s"] })],
    },
    "tgw-segmented": {
        fail: [R("defaults (auto association and propagation)", "aws:ec2transitgateway/transitGateway:TransitGateway", { amazonSideAsn: 64600 })],
        pass: [
            R("segmented", "aws:ec2transitgateway/transitGateway:TransitGateway", {
                autoAcceptSharedAttachments: "disable",
                defaultRouteTableAssociation: "disable",
                defaultRouteTablePropagation: "disable",
            }),
        ],
    },
    "network-firewall-deletion-protection": {
        fail: [R("unprotected", "aws:networkfirewall/firewall:Firewall", { firewallPolicyArn: "p", vpcId: "v", subnetMappings: [] })],
        pass: [R("protected", "aws:networkfirewall/firewall:Firewall", { firewallPolicyArn: "p", vpcId: "v", subnetMappings: [], deleteProtection: true })],
    },
    "network-firewall-stateful-inspection": {
        fail: [
            R("stateless pass", "aws:networkfirewall/firewallPolicy:FirewallPolicy", {
                firewallPolicy: { statelessDefaultActions: ["aws:pass"], statelessFragmentDefaultActions: ["aws:forward_to_sfe"] },
            }),
        ],
        pass: [
            R("forward to stateful", "aws:networkfirewall/firewallPolicy:FirewallPolicy", {
                firewallPolicy: { statelessDefaultActions: ["aws:forward_to_sfe"], statelessFragmentDefaultActions: ["aws:forward_to_sfe"] },
            }),
        ],
    },
    "vpc-endpoint-policy-required": {
        fail: [
            R("interface endpoint without policy", "aws:ec2/vpcEndpoint:VpcEndpoint", {
                vpcId: "v",
                serviceName: "com.amazonaws.eu-west-1.ssm",
                vpcEndpointType: "Interface",
            }),
        ],
        pass: [
            R("endpoint with org policy", "aws:ec2/vpcEndpoint:VpcEndpoint", {
                vpcId: "v",
                serviceName: "com.amazonaws.eu-west-1.s3",
                policy: doc({ Effect: "Allow", Principal: "*", Action: "s3:*", Resource: "*", Condition: ORG }),
            }),
        ],
    },

    "sg-no-world-ingress": {
        fail: [
            S("port 80 open to the world on an instance's group (no load balancer)", [
                res(SG, "web", { ingress: [{ protocol: "tcp", fromPort: 80, toPort: 80, cidrBlocks: ["0.0.0.0/0"] }] }),
            ]),
            S("a standalone ::/0 rule on 5432", [
                res(SG, "db", {}),
                res(
                    SG_INGRESS,
                    "db-v6",
                    { securityGroupId: "sg-1", ipProtocol: "tcp", fromPort: 5432, toPort: 5432, cidrIpv6: "::/0" },
                    { securityGroupId: ["db"] },
                ),
            ]),
            S("an aws.ec2.SecurityGroupRule on the load balancer's group, but not on a listener port", [
                res(SG, "alb", {}),
                res(LB, "alb-lb", { securityGroups: ["sg-1"] }, { securityGroups: ["alb"] }),
                res(LISTENER, "https", { loadBalancerArn: "arn:lb", port: 443, protocol: "HTTPS" }, { loadBalancerArn: ["alb-lb"] }),
                res(
                    "aws:ec2/securityGroupRule:SecurityGroupRule",
                    "admin",
                    { type: "ingress", securityGroupId: "sg-1", protocol: "tcp", fromPort: 8443, toPort: 8443, cidrBlocks: ["0.0.0.0/0"] },
                    { securityGroupId: ["alb"] },
                ),
            ]),
        ],
        pass: [
            S("443 on the group of a load balancer with a 443 listener", [
                res(SG, "alb", { ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] }] }),
                res(LB, "alb-lb", { securityGroups: ["sg-1"] }, { securityGroups: ["alb"] }),
                res(LISTENER, "https", { loadBalancerArn: "arn:lb", port: 443, protocol: "HTTPS" }, { loadBalancerArn: ["alb-lb"] }),
            ]),
            S("ingress from a VPC CIDR", [res(SG, "db", { ingress: [{ protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["10.0.0.0/16"] }] })]),
        ],
    },
};
