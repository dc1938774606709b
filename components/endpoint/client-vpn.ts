import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface ClientVpnArgs {
    /** Client address pool; must not overlap any VPC. */
    readonly clientCidr: string;
    readonly serverCertificateArn: string;
    /** ACM certificate whose chain signs client certificates (mutual TLS). */
    readonly clientRootCertificateArn: string;
    /** Subnets the endpoint is associated with (shared-services VPC). */
    readonly subnetIds: readonly string[];
    /** Networks clients may reach, by logical name (the shared-services VPC CIDRs). */
    readonly authorizedNetworks: Readonly<Record<string, string>>;
    /** KMS key for the connection log group. */
    readonly logKeyArn: pulumi.Input<string>;
    readonly logRetentionDays: number;
}

/**
 * Client VPN with mutual TLS: split tunnel, connection logging to an encrypted log group, and access only
 * to the listed networks. An option for teams that still need network-level access; Verified Access is
 * the default path to applications.
 */
export class ClientVpn extends pulumi.ComponentResource {
    readonly endpoint: aws.ec2clientvpn.Endpoint;

    constructor(name: string, args: ClientVpnArgs, opts: pulumi.ComponentResourceOptions) {
        super("landing-zone:endpoint:ClientVpn", name, {}, opts);
        if (args.subnetIds.length === 0) throw new Error(`ClientVpn ${name}: subnetIds is empty; pass at least one shared-services subnet`);
        if (Object.keys(args.authorizedNetworks).length === 0)
            throw new Error(`ClientVpn ${name}: authorizedNetworks is empty; name the networks clients may reach`);
        const prefix = Number(args.clientCidr.split("/")[1]);
        if (!(prefix >= 12 && prefix <= 22)) throw new Error(`ClientVpn ${name}: clientCidr ${args.clientCidr} must be between /12 and /22`);
        const child = { parent: this };
        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-connections`,
            { name: "/landing-zone/client-vpn/connections", retentionInDays: args.logRetentionDays, kmsKeyId: args.logKeyArn },
            child,
        );
        this.endpoint = new aws.ec2clientvpn.Endpoint(
            `${name}-endpoint`,
            {
                description: "Landing-zone Client VPN (mutual TLS)",
                clientCidrBlock: args.clientCidr,
                serverCertificateArn: args.serverCertificateArn,
                authenticationOptions: [{ type: "certificate-authentication", rootCertificateChainArn: args.clientRootCertificateArn }],
                connectionLogOptions: { enabled: true, cloudwatchLogGroup: logGroup.name },
                splitTunnel: true,
                sessionTimeoutHours: 8,
                disconnectOnSessionTimeout: true,
                transportProtocol: "udp",
                selfServicePortal: "disabled",
            },
            child,
        );
        for (const subnetId of args.subnetIds) {
            new aws.ec2clientvpn.NetworkAssociation(`${name}-${subnetId}`, { clientVpnEndpointId: this.endpoint.id, subnetId }, child);
        }
        for (const [network, cidr] of Object.entries(args.authorizedNetworks)) {
            new aws.ec2clientvpn.AuthorizationRule(
                `${name}-allow-${network}`,
                { clientVpnEndpointId: this.endpoint.id, targetNetworkCidr: cidr, authorizeAllGroups: true, description: `Clients reach ${network}` },
                child,
            );
        }
        this.registerOutputs({ endpointId: this.endpoint.id });
    }
}
