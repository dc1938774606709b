import { isCustomerManagedKey, list, ofType, outputsPending, resourcePolicy, stackPolicy, ZeroTrustPolicy } from "./common";
import { Deployments, pairKey, pairsOf } from "./deployments";
import { propsIf } from "./props";

const INSTANCE = "aws:ec2/instance:Instance";
const LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";
const EIP = "aws:ec2/eip:Eip";

/** Provider booleans of launch templates arrive as strings ("true"). */
const truthy = (v: unknown) => v === true || v === "true";

export const devicePolicies: ZeroTrustPolicy[] = [
    resourcePolicy({
        name: "ec2-imdsv2-required",
        description: "Instances and launch templates require IMDSv2 session tokens.",
        severity: "high",
        area: "devices",
        controls: ["CIS 5.7", "EC2.8", "EC2.170"],
        remediation:
            'Set metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 1 } (remediable automatically when this policy is set to remediate).',
        types: [INSTANCE, LAUNCH_TEMPLATE],
        validate: (props, report) => {
            const options = props.metadataOptions;
            if (options?.httpEndpoint === "disabled") return;
            if (options?.httpTokens !== "required") report(`metadataOptions.httpTokens is ${options?.httpTokens ?? "unset (IMDSv1 allowed)"}`);
        },
        // Assign through the analyzer's proxy (never spread it): spreading unwraps secret inputs into plain text.
        remediate: (props) => {
            props.metadataOptions = { ...(props.metadataOptions ?? {}), httpTokens: "required" };
            return props;
        },
    }),
    resourcePolicy({
        name: "ec2-no-public-ip",
        description:
            "Instances get no public IPv4 address (asked for, inherited from a default-VPC subnet, or an Elastic IP); they are reached through load balancers or Session Manager.",
        severity: "high",
        area: "devices",
        controls: ["EC2.9", "EC2.25"],
        remediation: "Set associatePublicIpAddress: false (and on every launch template network interface); place instances in private subnets.",
        types: [INSTANCE, LAUNCH_TEMPLATE, EIP, "aws:ec2/eipAssociation:EipAssociation"],
        validate: (_props, report, { args }) => {
            const instance = propsIf(args, INSTANCE);
            if (instance) {
                if (truthy(instance.associatePublicIpAddress)) report("associatePublicIpAddress is true");
                // With no subnet the instance lands in the default VPC, whose subnets map public IPs on launch.
                else if (instance.associatePublicIpAddress === undefined && !instance.subnetId && list(instance.networkInterfaces).length === 0)
                    report("no subnetId: the instance launches into the default VPC, whose subnets give it a public IP");
            }
            const eip = propsIf(args, EIP);
            if (eip && (eip.instance || eip.networkInterface)) report("an Elastic IP gives the instance or interface a public address");
            if (args.type === "aws:ec2/eipAssociation:EipAssociation") report("associates a public Elastic IP with an instance or interface");
            const template = propsIf(args, LAUNCH_TEMPLATE);
            if (template) {
                list(template.networkInterfaces).forEach((ni, i) => {
                    if (truthy(ni.associatePublicIpAddress)) report(`networkInterfaces[${i}].associatePublicIpAddress is true`);
                });
            }
        },
    }),
    resourcePolicy({
        name: "ec2-ebs-encrypted-cmk",
        description: "EBS volumes (standalone, instance and launch template) are encrypted with a customer-managed KMS key.",
        severity: "high",
        area: "devices",
        controls: ["EC2.3", "EC2.7"],
        remediation: "Set encrypted: true and kmsKeyId to the account's EBS key from the landing zone's key set.",
        types: ["aws:ebs/volume:Volume", INSTANCE, LAUNCH_TEMPLATE],
        validate: (_props, report, { args }) => {
            // A volume's and an instance's encrypted is a boolean, a launch template's the text "true".
            const check = (path: string, d: { readonly encrypted?: boolean | string; readonly kmsKeyId?: string }) => {
                if (!truthy(d.encrypted)) report(`${path} is not encrypted`);
                else if (!isCustomerManagedKey(d.kmsKeyId)) report(`${path} is encrypted with the AWS-managed key, not a customer-managed key`);
            };
            const volume = propsIf(args, "aws:ebs/volume:Volume");
            if (volume) check("volume", volume);
            const instance = propsIf(args, INSTANCE);
            if (instance) {
                check("rootBlockDevice", instance.rootBlockDevice ?? {});
                list(instance.ebsBlockDevices).forEach((d, i) => check(`ebsBlockDevices[${i}]`, d));
            }
            const template = propsIf(args, LAUNCH_TEMPLATE);
            if (template) {
                list(template.blockDeviceMappings).forEach((m, i) => {
                    if (m.ebs) check(`blockDeviceMappings[${i}].ebs`, m.ebs);
                });
            }
        },
    }),
    resourcePolicy({
        name: "ec2-no-ssh-key-pairs",
        description: "Instances are administered through SSM Session Manager (logged, identity-based), not SSH key pairs.",
        severity: "medium",
        area: "devices",
        controls: [],
        remediation: "Remove keyName and grant ssm:StartSession through a permission set; the instance role needs AmazonSSMManagedInstanceCore.",
        types: [INSTANCE, LAUNCH_TEMPLATE, "aws:ec2/keyPair:KeyPair"],
        validate: (props, report, { args }) => {
            if (args.type === "aws:ec2/keyPair:KeyPair") report(`key pair "${args.name}" enables SSH access outside Session Manager`);
            else if (props.keyName) report(`keyName ${props.keyName} enables SSH access outside Session Manager`);
        },
    }),
    resourcePolicy({
        name: "ec2-instance-profile-required",
        description: "Instances run with an IAM instance profile (needed for SSM management, no embedded credentials).",
        severity: "medium",
        area: "devices",
        controls: ["CIS 1.17", "SSM.1"],
        remediation: "Set iamInstanceProfile to a profile whose role has AmazonSSMManagedInstanceCore and the workload's least-privilege policy.",
        types: [INSTANCE],
        validate: (props, report) => {
            if (!props.iamInstanceProfile) report("no iamInstanceProfile: the instance cannot be managed by SSM and invites embedded credentials");
        },
    }),
    resourcePolicy({
        name: "workspaces-volumes-encrypted",
        description: "WorkSpaces root and user volumes are encrypted with a customer-managed key.",
        severity: "high",
        area: "devices",
        controls: ["WorkSpaces.1", "WorkSpaces.2"],
        remediation: "Set rootVolumeEncryptionEnabled, userVolumeEncryptionEnabled and volumeEncryptionKey (a CMK ARN).",
        types: ["aws:workspaces/workspace:Workspace"],
        validate: (props, report) => {
            if (props.rootVolumeEncryptionEnabled !== true) report("root volume is not encrypted");
            if (props.userVolumeEncryptionEnabled !== true) report("user volume is not encrypted");
            if (!isCustomerManagedKey(props.volumeEncryptionKey)) report("volumeEncryptionKey is not a customer-managed key");
        },
    }),
    resourcePolicy({
        name: "client-vpn-connection-logging",
        description: "Client VPN endpoints log every client connection.",
        severity: "medium",
        area: "devices",
        controls: ["EC2.51"],
        remediation: "Set connectionLogOptions: { enabled: true, cloudwatchLogGroup: <group> } on the aws.ec2clientvpn.Endpoint.",
        types: ["aws:ec2clientvpn/endpoint:Endpoint"],
        validate: (props, report) => {
            if (props.connectionLogOptions?.enabled !== true) report("client connection logging is disabled");
        },
    }),
    stackPolicy({
        name: "ebs-default-encryption-enabled",
        description:
            "The landing zone turns on EBS encryption by default in every account and region where it deploys workloads. The setting is per region; a region holding only global-service plumbing (global-event forwarding rules, Firewall Manager's CloudFront policies: outside the allowed regions, where the SCP lets no volume be made) does not need it.",
        severity: "high",
        area: "devices",
        controls: ["CIS 5.1.1", "EC2.7"],
        remediation: "Create aws.ebs.EncryptionByDefault (enabled: true) and aws.ebs.DefaultKmsKey in every account and region, the management account included.",
        landingZoneOnly: true,
        validate: (resources, report) => {
            const deployed = new Deployments(resources, report);
            const encrypted = pairsOf(deployed, ofType(resources, "aws:ebs/encryptionByDefault:EncryptionByDefault"), (r) => r.props.enabled !== false);
            for (const p of deployed.pairsDeployed(true))
                if (!encrypted.has(pairKey(p))) report(`no aws.ebs.EncryptionByDefault enabled in account ${p.accountLabel}, region ${p.region}`);
        },
    }),
    stackPolicy({
        name: "inspector-enabled",
        description:
            "The landing zone enables Amazon Inspector scanning of EC2 and ECR in every region where it deploys workloads: Inspector is regional (the delegated administrator enables it, and its members, region by region). A region holding only global-service plumbing, where the SCP admits no workload, needs none.",
        severity: "high",
        area: "devices",
        controls: ["Inspector.1", "Inspector.2"],
        remediation: 'Create an aws.inspector2.Enabler with resourceTypes ["EC2", "ECR"] (and the delegated admin / organization configuration).',
        landingZoneOnly: true,
        validate: (resources, report) => {
            const deployed = new Deployments(resources, report);
            const enablers = ofType(resources, "aws:inspector2/enabler:Enabler");
            const regions = new Set(deployed.pairsDeployed(true).map((p) => p.region));
            for (const region of regions) {
                const here = enablers.filter((e) => deployed.place(e)?.region === region);
                if (here.some(outputsPending)) continue;
                const types = new Set(here.flatMap((e) => list<string>(e.props.resourceTypes)));
                const missing = ["EC2", "ECR"].filter((t) => !types.has(t));
                if (missing.length > 0) report(`Amazon Inspector scanning not enabled for ${missing.join(", ")} in region ${region}`);
            }
        },
    }),
];
