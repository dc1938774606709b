import { list, resourcePolicy, ZeroTrustPolicy } from "./common";
import type { PluginRegistration } from "./props";

/**
 * Policies on the inputs of multi-language components (pulumi-eks, pulumi-awsx), whose children a
 * provider plugin builds. Where and what the analyzer sees differs:
 *
 * - Offline (`npm run analyze`) the plugin does not run: the pack sees the program's registration of
 *   the component with the inputs the program passed, and no children. These policies read those
 *   inputs, with the defaults the plugin applies when an input is absent.
 * - Under the engine, the program's remote registration goes to the plugin's Construct and is never
 *   analyzed; the plugin registers the component itself, then its children, through the engine's
 *   resource monitor, and the pack analyzes all of them (the children with the ordinary policies).
 *   awsx's generated component classes register `{ name, args, opts }` (its ApplicationLoadBalancer
 *   and FargateService with `args: {}`), not the inputs: on that shape these policies stay silent
 *   rather than read an absent input as its default, since the children carry the real values.
 */
function programInputs<P extends object>(props: P | PluginRegistration): P | undefined {
    const keys = Object.keys(props);
    const pluginShape = keys.includes("args") && keys.includes("opts") && keys.every((k) => ["name", "args", "opts"].includes(k));
    // Not a type guard: inputs named only name, args and opts would look like a registration (no component has such inputs).
    return pluginShape ? undefined : (props as P);
}

const EKS_CLUSTER = "eks:index:Cluster";
const AWSX_VPC = "awsx:ec2:Vpc";
const AWSX_FARGATE = "awsx:ecs:FargateService";
const AWSX_ALB = "awsx:lb:ApplicationLoadBalancer";

export const componentPolicies: ZeroTrustPolicy[] = [
    resourcePolicy({
        name: "eks-component-private-endpoint",
        description: "pulumi-eks clusters (eks:index:Cluster) keep the Kubernetes API endpoint private.",
        severity: "critical",
        area: "workloads",
        controls: ["EKS.1"],
        remediation:
            "Pass endpointPublicAccess: false and endpointPrivateAccess: true to eks.Cluster (pulumi-eks defaults to a public endpoint and no private one).",
        types: [EKS_CLUSTER],
        validate: (props, report) => {
            const args = programInputs(props);
            if (!args) return;
            if (args.endpointPublicAccess !== false) report("the Kubernetes API endpoint is public (pulumi-eks's endpointPublicAccess defaults to true)");
            if (args.endpointPrivateAccess !== true) report("endpointPrivateAccess is not enabled (pulumi-eks defaults it to false)");
        },
    }),
    resourcePolicy({
        name: "eks-component-private-nodes",
        description: "pulumi-eks clusters (eks:index:Cluster) do not give worker nodes public IP addresses or place them in public subnets.",
        severity: "high",
        area: "workloads",
        controls: ["EC2.9"],
        remediation:
            "Pass nodeAssociatePublicIpAddress: false (or skipDefaultNodeGroup: true with managed node groups in private subnets) and privateSubnetIds for the nodes.",
        types: [EKS_CLUSTER],
        validate: (props, report) => {
            const args = programInputs(props);
            if (!args || args.skipDefaultNodeGroup === true) return;
            // pulumi-eks's default node group launches with associatePublicIpAddress true unless told otherwise.
            const associate = args.nodeGroupOptions?.nodeAssociatePublicIpAddress ?? args.nodeAssociatePublicIpAddress;
            if (associate !== false) report("the default node group's instances get public IP addresses (nodeAssociatePublicIpAddress defaults to true)");
            const nodeSubnets = args.nodeGroupOptions?.nodeSubnetIds ?? args.nodeSubnetIds;
            if (nodeSubnets === undefined && args.publicSubnetIds !== undefined && args.privateSubnetIds === undefined)
                report("nodes are placed in publicSubnetIds (no privateSubnetIds or nodeSubnetIds given)");
        },
    }),
    resourcePolicy({
        name: "awsx-fargate-service-private",
        description: "awsx Fargate services (awsx:ecs:FargateService) run tasks in private subnets without public IP addresses.",
        severity: "high",
        area: "workloads",
        controls: ["ECS.2"],
        remediation:
            "Pass networkConfiguration { subnets: <private subnet ids>, securityGroups: [...], assignPublicIp: false }; without it awsx uses the default VPC's public subnets, public IPs and a security group open to the internet.",
        types: [AWSX_FARGATE],
        validate: (props, report) => {
            const args = programInputs(props);
            if (!args) return;
            const network = args.networkConfiguration;
            if (network === undefined) {
                report(
                    "no networkConfiguration: awsx runs the tasks in the default VPC's public subnets with public IPs and a security group open to 0.0.0.0/0 and ::/0 on every port",
                );
                return;
            }
            if (network.assignPublicIp === true || args.assignPublicIp === true) report("tasks get public IP addresses (assignPublicIp is true)");
        },
    }),
    resourcePolicy({
        name: "awsx-alb-https-only",
        description: "awsx Application Load Balancers (awsx:lb:ApplicationLoadBalancer) serve HTTPS; a plain HTTP listener may only redirect to HTTPS.",
        severity: "high",
        area: "workloads",
        controls: ["ELB.1"],
        remediation:
            'Pass listeners: [{ port: 443, protocol: "HTTPS", certificateArn, sslPolicy }, { port: 80, protocol: "HTTP", defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }] }]; without listener(s) awsx creates an HTTP listener on port 80 that forwards.',
        types: [AWSX_ALB],
        validate: (props, report) => {
            const args = programInputs(props);
            if (!args) return;
            const given = args.listeners !== undefined ? list(args.listeners) : args.listener !== undefined ? [args.listener] : [];
            if (given.length === 0) {
                report("no listener given: awsx creates a plain HTTP listener on port 80 that forwards to the targets");
                return;
            }
            for (const l of given) {
                // awsx's own defaults: a protocol from the port (443 is HTTPS, anything else HTTP), port 80 when neither is set.
                const protocol = String(l.protocol ?? (l.port === 443 ? "HTTPS" : "HTTP")).toUpperCase();
                if (protocol !== "HTTP") continue;
                const actions = list(l.defaultActions);
                const redirects = actions.length > 0 && actions.every((a) => a.type === "redirect" && a.redirect?.protocol === "HTTPS");
                if (!redirects) report(`HTTP listener on port ${l.port ?? 80} serves traffic instead of redirecting to HTTPS`);
            }
        },
    }),
    resourcePolicy({
        name: "awsx-vpc-private-only",
        description:
            "awsx VPCs (awsx:ec2:Vpc) in workload accounts have no public subnets and no NAT gateways of their own; egress leaves through the landing zone's inspected central NAT.",
        severity: "high",
        area: "network",
        controls: ["EC2.15"],
        remediation:
            'Pass subnetSpecs with only "Private" or "Isolated" types and natGateways: { strategy: "None" }, and route egress through the Transit Gateway attachment the landing zone gives the account.',
        types: [AWSX_VPC],
        validate: (props, report) => {
            const args = programInputs(props);
            if (!args) return;
            const specs = args.subnetSpecs === undefined ? undefined : list(args.subnetSpecs);
            // awsx's default layout (no subnetSpecs) is one public and one private subnet per availability zone.
            const publicSpecs = specs === undefined ? 1 : specs.filter((s) => String(s.type).toLowerCase() === "public").length;
            if (publicSpecs === 0) return;
            report(
                specs === undefined
                    ? "no subnetSpecs: awsx creates a public subnet per availability zone that maps public IPs on launch, routed to an internet gateway"
                    : "a Public subnet spec maps public IPs on launch and routes to an internet gateway",
            );
            const strategy = String(args.natGateways?.strategy ?? "OnePerAz");
            if (strategy.toLowerCase() !== "none")
                report(
                    `NAT gateways of its own (strategy ${strategy}${args.natGateways?.strategy === undefined ? ", the awsx default" : ""}): egress bypasses the central inspection`,
                );
        },
    }),
];
