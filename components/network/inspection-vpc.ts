import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { planHubSubnets } from "./cidr";
import { FirewallRuleSet, inspectionNaclRules } from "./segment-rules";
import { hubVpcAttachment, privateSubnets, privateVpc, routesTo } from "./private-vpc";

/** Subnet roles of the inspection VPC, one subnet per role and AZ. */
const ROLES = ["attachment", "firewall", "egress"] as const;

export interface InspectionVpcArgs {
    /** VPC CIDR (from the shared pool). */
    readonly cidr: string;
    /** IPAM pool the CIDR is allocated from. */
    readonly ipamPoolId: pulumi.Input<string>;
    /** AZ ids (physical zones, the same in every account), in order: each spoke AZ meets a hub ENI in the same zone. */
    readonly availabilityZoneIds: readonly string[];
    /** Transit gateway the VPC attaches to (same account). */
    readonly transitGatewayId: pulumi.Input<string>;
    /** The organization's address space; return routes to it go back to the transit gateway. */
    readonly organizationCidrs: readonly string[];
    /** Stateful rule groups in evaluation order (strict order), keyed by a stable name. */
    readonly ruleGroups: Readonly<Record<string, FirewallRuleSet>>;
    /** Central bucket name for firewall alert and flow logs. */
    readonly firewallLogBucketName: string;
    /** Central flow-log bucket ARN. */
    readonly flowLogBucketArn: string;
    /** Ports internet return traffic is never admitted on (the policy pack's administration ports). */
    readonly adminPorts: readonly number[];
    /** Pulumi-protect the firewall (AWS deletion and subnet-change protection are always on). */
    readonly protect: boolean;
}

/**
 * The only way in or out of a segment: AWS Network Firewall between the transit gateway and central NAT.
 * Attachment subnets send everything to the firewall endpoint of their AZ; firewall subnets send the
 * organization's space back to the transit gateway and the rest to NAT; NAT returns through the firewall.
 * Appliance mode keeps both directions of a flow in one AZ, so the stateful engine sees whole flows.
 */
export class InspectionVpc extends pulumi.ComponentResource {
    readonly vpc: aws.ec2.Vpc;
    readonly attachment: aws.ec2transitgateway.VpcAttachment;
    readonly firewall: aws.networkfirewall.Firewall;
    readonly policy: aws.networkfirewall.FirewallPolicy;

    constructor(name: string, args: InspectionVpcArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:network:InspectionVpc", name, {}, opts);
        if (args.availabilityZoneIds.length < 2)
            throw new Error(`InspectionVpc ${name}: availabilityZoneIds has ${args.availabilityZoneIds.length} (expected at least 2 for a zonal firewall)`);
        if (Object.keys(args.ruleGroups).length === 0) throw new Error(`InspectionVpc ${name}: ruleGroups is empty (expected at least the default-deny group)`);
        if (args.organizationCidrs.length === 0) throw new Error(`InspectionVpc ${name}: organizationCidrs is empty (expected every region's CIDR)`);
        const child = { parent: this };
        const zones = args.availabilityZoneIds;
        const plan = planHubSubnets(args.cidr, ROLES, zones, 28, `InspectionVpc ${name}`);

        this.vpc = privateVpc(
            name,
            { cidr: args.cidr, ipamPoolId: args.ipamPoolId, networkRole: "inspection", segment: "inspection", flowLogBucketArn: args.flowLogBucketArn },
            child,
        );
        const subnets = privateSubnets(name, this.vpc.id, plan, child);
        const subnet = (role: (typeof ROLES)[number], az: string) => subnets.get(role)!.get(az)!;
        // One NACL per tier: only the NAT tier faces the internet directly, and none admits an administration port from it.
        for (const role of ROLES) {
            const rules = inspectionNaclRules(role, args.organizationCidrs, args.adminPorts);
            new aws.ec2.NetworkAcl(
                `${name}-nacl-${role}`,
                {
                    vpcId: this.vpc.id,
                    subnetIds: [...subnets.get(role)!.values()].map((s) => s.id),
                    ingress: rules.ingress.map((r) => ({ ...r })),
                    egress: rules.egress.map((r) => ({ ...r })),
                    tags: { Name: `${name}-nacl-${role}`, Tier: role },
                },
                child,
            );
        }

        const igw = new aws.ec2.InternetGateway(`${name}-igw`, { vpcId: this.vpc.id, tags: { Name: `${name}-igw` } }, child);
        const nat = new Map(
            zones.map((az) => {
                const eip = new aws.ec2.Eip(`${name}-nat-eip-${az}`, { domain: "vpc", tags: { Name: `${name}-nat-${az}` } }, child);
                const gw = new aws.ec2.NatGateway(
                    `${name}-nat-${az}`,
                    { allocationId: eip.id, subnetId: subnet("egress", az).id, connectivityType: "public", tags: { Name: `${name}-nat-${az}` } },
                    { parent: this, dependsOn: [igw] },
                );
                return [az, gw];
            }),
        );

        const groups = Object.entries(args.ruleGroups).map(
            ([key, set]) =>
                new aws.networkfirewall.RuleGroup(
                    `${name}-rules-${key}`,
                    {
                        name: `${name}-${key}`,
                        type: "STATEFUL",
                        // Capacity cannot change after creation; sized for growth of config lists.
                        capacity: 1000,
                        ruleGroup: {
                            rulesSource: { rulesString: set.rules.join("\n") },
                            ruleVariables: { ipSets: [{ key: "HOME_NET", ipSet: { definitions: [...args.organizationCidrs] } }] },
                            statefulRuleOptions: { ruleOrder: "STRICT_ORDER" },
                        },
                        tags: { Name: `${name}-${key}` },
                    },
                    child,
                ),
        );
        this.policy = new aws.networkfirewall.FirewallPolicy(
            `${name}-policy`,
            {
                name: `${name}-policy`,
                firewallPolicy: {
                    statelessDefaultActions: ["aws:forward_to_sfe"],
                    statelessFragmentDefaultActions: ["aws:forward_to_sfe"],
                    statefulEngineOptions: { ruleOrder: "STRICT_ORDER", streamExceptionPolicy: "DROP" },
                    // AWS allows one drop action; drop_established (not drop_strict) lets the TLS handshake
                    // reach the SNI allow-list. The default-deny group drops unmatched flows on their first packet.
                    statefulDefaultActions: ["aws:drop_established", "aws:alert_established"],
                    statefulRuleGroupReferences: groups.map((g, i) => ({ resourceArn: g.arn, priority: (i + 1) * 100 })),
                    policyVariables: { ruleVariables: [{ key: "HOME_NET", ipSet: { definitions: [...args.organizationCidrs] } }] },
                },
                tags: { Name: `${name}-policy` },
            },
            child,
        );
        this.firewall = new aws.networkfirewall.Firewall(
            `${name}-firewall`,
            {
                name: `${name}-firewall`,
                vpcId: this.vpc.id,
                firewallPolicyArn: this.policy.arn,
                subnetMappings: zones.map((az) => ({ subnetId: subnet("firewall", az).id })),
                // Deleting the firewall cuts every segment off: always protected, also in stacks that rehearse teardown.
                deleteProtection: true,
                subnetChangeProtection: true,
                firewallPolicyChangeProtection: false,
                tags: { Name: `${name}-firewall` },
            },
            { parent: this, protect: args.protect },
        );
        new aws.networkfirewall.LoggingConfiguration(
            `${name}-firewall-logging`,
            {
                firewallArn: this.firewall.arn,
                loggingConfiguration: {
                    logDestinationConfigs: (["ALERT", "FLOW"] as const).map((logType) => ({
                        logDestinationType: "S3",
                        logType,
                        // No prefix: AWS writes under AWSLogs/<account>/network-firewall/<log type>/<region>/<firewall>/, the
                        // only path the archive's bucket policy lets the log delivery service write (a prefix goes before AWSLogs/).
                        logDestination: { bucketName: args.firewallLogBucketName },
                    })),
                },
            },
            child,
        );
        // Sync states name the AZ in this account's names; the firewall subnet identifies the zone without them.
        const endpointIn = (az: string) =>
            pulumi.all([this.firewall.firewallStatuses, subnet("firewall", az).id]).apply(([statuses, subnetId]) => {
                const attachments = (statuses ?? []).flatMap((st) => st.syncStates ?? []).flatMap((sync) => sync.attachments ?? []);
                const id = attachments.find((a) => a.subnetId === subnetId)?.endpointId;
                if (!id) throw new Error(`InspectionVpc ${name}: firewall has no endpoint in its ${az} subnet ${subnetId}`);
                return id;
            });

        this.attachment = hubVpcAttachment(
            name,
            { transitGatewayId: args.transitGatewayId, vpcId: this.vpc.id, subnets: zones.map((az) => subnet("attachment", az)), applianceMode: true },
            child,
        );

        // A route to the transit gateway needs this VPC's attachment first.
        const afterAttachment = { parent: this, dependsOn: [this.attachment] };
        for (const az of zones) {
            const endpoint = endpointIn(az);
            const table = (role: (typeof ROLES)[number]) => {
                const rt = new aws.ec2.RouteTable(`${name}-rt-${role}-${az}`, { vpcId: this.vpc.id, tags: { Name: `${name}-${role}-${az}` } }, child);
                new aws.ec2.RouteTableAssociation(`${name}-rta-${role}-${az}`, { routeTableId: rt.id, subnetId: subnet(role, az).id }, child);
                return rt;
            };
            const attachmentRt = table("attachment");
            new aws.ec2.Route(
                `${name}-route-attachment-${az}-default`,
                { routeTableId: attachmentRt.id, destinationCidrBlock: "0.0.0.0/0", vpcEndpointId: endpoint },
                child,
            );

            const firewallRt = table("firewall");
            new aws.ec2.Route(
                `${name}-route-firewall-${az}-default`,
                { routeTableId: firewallRt.id, destinationCidrBlock: "0.0.0.0/0", natGatewayId: nat.get(az)!.id },
                child,
            );
            routesTo(`${name}-route-firewall-${az}`, firewallRt.id, args.organizationCidrs, { transitGatewayId: args.transitGatewayId }, afterAttachment);

            const egressRt = table("egress");
            new aws.ec2.Route(`${name}-route-egress-${az}-default`, { routeTableId: egressRt.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id }, child);
            routesTo(`${name}-route-egress-${az}`, egressRt.id, args.organizationCidrs, { vpcEndpointId: endpoint }, child);
        }

        this.registerOutputs({ vpcId: this.vpc.id, attachmentId: this.attachment.id, firewallArn: this.firewall.arn });
    }
}
