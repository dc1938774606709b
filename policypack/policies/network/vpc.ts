import { label, list, ofType, outputsPending, refersTo, resourcePolicy, stackPolicy, ZeroTrustPolicy } from "../common";
import { propsIf } from "../props";

/** What an EC2 declarative policy (organization policy JSON, no @pulumi/aws input type) says of VPC Block Public Access. */
interface DeclarativeEc2Policy {
    readonly ec2_attributes?: {
        readonly vpc_block_public_access?: { readonly internet_gateway_block?: { readonly mode?: { readonly "@@assign"?: unknown } } };
    };
}

/** The shape of the network: subnets, flow logs, internet gateways, VPC Block Public Access, peering, transit gateways, firewalls and endpoints. */
export const vpcPolicies: ZeroTrustPolicy[] = [
    resourcePolicy({
        name: "subnet-no-auto-public-ip",
        description: "Subnets do not assign public IPv4 addresses on launch.",
        severity: "medium",
        area: "network",
        controls: ["EC2.15"],
        remediation: "Set mapPublicIpOnLaunch: false; put internet-facing endpoints behind a load balancer in the edge tier.",
        types: ["aws:ec2/subnet:Subnet"],
        validate: (props, report) => {
            if (props.mapPublicIpOnLaunch === true) report("mapPublicIpOnLaunch is true");
        },
    }),
    stackPolicy({
        name: "vpc-flow-logs-enabled",
        description: "Every VPC in the program has a flow log capturing all traffic.",
        severity: "high",
        area: "network",
        controls: ["CIS 3.7", "EC2.6"],
        remediation: 'Add an aws.ec2.FlowLog with vpcId set to the VPC and trafficType "ALL", delivering to the central log archive.',
        validate: (resources, report) => {
            const logs = ofType(resources, "aws:ec2/flowLog:FlowLog");
            for (const vpc of ofType(resources, "aws:ec2/vpc:Vpc")) {
                const mine = logs.filter((l) => refersTo(l, "vpcId", vpc, ["id"]));
                // A VPC in an account this run creates: its flow logs' outputs exist only after the update.
                if (mine.length > 0 && mine.every(outputsPending)) continue;
                if (mine.length === 0) report(`${label(vpc)} has no flow log`, vpc.urn);
                else if (!mine.some((l) => l.props.trafficType === "ALL")) report(`${label(vpc)} flow logs do not capture ALL traffic`, vpc.urn);
            }
        },
    }),
    stackPolicy<{ approvedEgressVpcs: string[] }>({
        name: "no-unapproved-internet-gateway",
        description: "Internet gateways exist only where the network design puts them (central egress and inspection).",
        severity: "high",
        area: "network",
        controls: ["EC2.172"],
        remediation:
            "Send outbound traffic through the Transit Gateway to the central egress VPC instead. Only the landing zone's own stack config lists its egress VPCs' URNs in this policy's approvedEgressVpcs parameter.",
        params: {
            approvedEgressVpcs: {
                type: "array",
                items: { type: "string", pattern: "^urn:pulumi:[^:]+::[^:]+::.*aws:ec2/vpc:Vpc::[^:]+$" },
                default: [],
                description:
                    "URNs of the VPCs approved as the organization's internet edge. A URN names stack, project and parent chain, which no other program can produce; tags and names can be copied.",
            },
        },
        validate: (resources, report, { config }) => {
            const approved = new Set(config.approvedEgressVpcs);
            const vpcs = ofType(resources, "aws:ec2/vpc:Vpc");
            const attachments = ofType(resources, "aws:ec2/internetGatewayAttachment:InternetGatewayAttachment");
            for (const gw of ofType(resources, "aws:ec2/internetGateway:InternetGateway", "aws:ec2/egressOnlyInternetGateway:EgressOnlyInternetGateway")) {
                const attachedBy = [gw, ...attachments.filter((a) => refersTo(a, "internetGatewayId", gw, ["id"]))];
                const targets = vpcs.filter((vpc) => attachedBy.some((r) => refersTo(r, "vpcId", vpc, ["id"])));
                if (targets.length === 0)
                    report(`${label(gw)} is not attached to a VPC of this program, so it cannot be shown to be the approved edge`, gw.urn);
                for (const vpc of targets)
                    if (!approved.has(vpc.urn)) report(`${label(gw)} is attached to ${label(vpc)}, which is not an approved egress VPC`, gw.urn);
            }
        },
    }),
    resourcePolicy({
        name: "vpc-block-public-access-enforced",
        description:
            "VPC Block Public Access blocks internet gateway traffic (bidirectionally or ingress-only), whether set per account or by an EC2 declarative policy, and its exclusions never open inbound traffic.",
        severity: "high",
        area: "network",
        controls: ["EC2.172"],
        remediation:
            'Set the EC2 declarative policy\'s vpc_block_public_access.internet_gateway_block.mode to "block_bidirectional" (or "block_ingress"), or internetGatewayBlockMode on aws.ec2.VpcBlockPublicAccessOptions; exclude only the central egress VPC, with internetGatewayExclusionMode "allow-egress".',
        types: [
            "aws:ec2/vpcBlockPublicAccessOptions:VpcBlockPublicAccessOptions",
            "aws:organizations/policy:Policy",
            "aws:ec2/vpcBlockPublicAccessExclusion:VpcBlockPublicAccessExclusion",
        ],
        validate: (_props, report, { args }) => {
            const options = propsIf(args, "aws:ec2/vpcBlockPublicAccessOptions:VpcBlockPublicAccessOptions");
            const exclusion = propsIf(args, "aws:ec2/vpcBlockPublicAccessExclusion:VpcBlockPublicAccessExclusion");
            const policy = propsIf(args, "aws:organizations/policy:Policy");
            if (options) {
                if (!["block-bidirectional", "block-ingress"].includes(options.internetGatewayBlockMode))
                    report(`internetGatewayBlockMode is ${options.internetGatewayBlockMode}`);
            } else if (exclusion) {
                // allow-bidirectional lets the internet reach into the VPC past the organization's block.
                if (exclusion.internetGatewayExclusionMode !== "allow-egress")
                    report(`exclusion mode is ${exclusion.internetGatewayExclusionMode}: only allow-egress keeps inbound internet traffic blocked`);
            } else if (policy?.type === "DECLARATIVE_POLICY_EC2") {
                // Since the declarative policy owns the mode, its content is what decides it.
                let content: DeclarativeEc2Policy | null;
                try {
                    content = JSON.parse(policy.content);
                } catch {
                    report("content is not JSON");
                    return;
                }
                const block = content?.ec2_attributes?.vpc_block_public_access?.internet_gateway_block;
                if (block === undefined) return;
                const mode = block.mode?.["@@assign"];
                if (typeof mode !== "string" || !["block_bidirectional", "block_ingress"].includes(mode))
                    report(`vpc_block_public_access.internet_gateway_block.mode is ${mode ?? "not assigned"}; expected block_bidirectional or block_ingress`);
            }
        },
    }),
    resourcePolicy({
        name: "no-vpc-peering",
        description: "VPCs connect through the segmented Transit Gateway, not point-to-point peering.",
        severity: "medium",
        enforcementLevel: "advisory",
        area: "network",
        controls: ["CIS 5.6"],
        remediation: "Attach both VPCs to the Transit Gateway in the right segment and allow the flow in the east-west config.",
        types: ["aws:ec2/vpcPeeringConnection:VpcPeeringConnection"],
        validate: (_props, report, { args }) => report(`VPC peering "${args.name}" bypasses Transit Gateway segmentation and inspection`),
    }),
    resourcePolicy({
        name: "tgw-segmented",
        description: "Transit Gateways do not auto-accept attachments or associate/propagate to a default route table, so segments stay separate.",
        severity: "high",
        area: "network",
        controls: ["EC2.23"],
        remediation:
            'Set autoAcceptSharedAttachments, defaultRouteTableAssociation and defaultRouteTablePropagation to "disable" and use one route table per segment.',
        types: ["aws:ec2transitgateway/transitGateway:TransitGateway"],
        validate: (props, report) => {
            if (props.autoAcceptSharedAttachments === "enable") report("autoAcceptSharedAttachments is enable");
            if ((props.defaultRouteTableAssociation ?? "enable") !== "disable") report("defaultRouteTableAssociation is not disable");
            if ((props.defaultRouteTablePropagation ?? "enable") !== "disable") report("defaultRouteTablePropagation is not disable");
        },
    }),
    resourcePolicy({
        name: "network-firewall-deletion-protection",
        description: "Network Firewalls are protected from deletion.",
        severity: "medium",
        area: "network",
        controls: ["NetworkFirewall.9"],
        remediation: "Set deleteProtection: true on the aws.networkfirewall.Firewall.",
        types: ["aws:networkfirewall/firewall:Firewall"],
        validate: (props, report) => {
            if (props.deleteProtection !== true) report("deleteProtection is not enabled");
        },
    }),
    resourcePolicy({
        name: "network-firewall-stateful-inspection",
        description: "Network Firewall policies forward all packets and fragments to the stateful engine by default.",
        severity: "high",
        area: "network",
        controls: ["NetworkFirewall.4", "NetworkFirewall.5"],
        remediation: 'Set statelessDefaultActions and statelessFragmentDefaultActions to ["aws:forward_to_sfe"] in the firewall policy.',
        types: ["aws:networkfirewall/firewallPolicy:FirewallPolicy"],
        validate: (props, report) => {
            const policy = props.firewallPolicy;
            for (const key of ["statelessDefaultActions", "statelessFragmentDefaultActions"] as const) {
                const actions = list(policy?.[key]);
                if (!actions.includes("aws:forward_to_sfe") && !actions.includes("aws:drop"))
                    report(`${key} is ${JSON.stringify(actions)}: traffic skips stateful inspection`);
            }
        },
    }),
    resourcePolicy({
        name: "vpc-endpoint-policy-required",
        description: "VPC endpoints carry an endpoint policy that limits what can be reached through them.",
        severity: "medium",
        enforcementLevel: "advisory",
        area: "network",
        controls: [],
        remediation:
            "Set policy on the aws.ec2.VpcEndpoint to allow only principals and resources of the organization (aws:PrincipalOrgID / aws:ResourceOrgID).",
        types: ["aws:ec2/vpcEndpoint:VpcEndpoint"],
        validate: (props, report) => {
            if ((props.vpcEndpointType ?? "Gateway") === "GatewayLoadBalancer") return;
            if (!props.policy) report(`endpoint for ${props.serviceName} has the default full-access policy`);
        },
    }),
];
