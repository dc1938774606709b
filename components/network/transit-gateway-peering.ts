import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { TransitGatewayHub } from "./transit-gateway-hub";

export interface TransitGatewayPeeringArgs {
    /** Requesting hub and its network-account provider. */
    readonly requester: { readonly region: string; readonly hub: TransitGatewayHub; readonly provider: aws.Provider };
    /** Accepting hub and its network-account provider. */
    readonly accepter: { readonly region: string; readonly hub: TransitGatewayHub; readonly provider: aws.Provider };
    /** Network account id (both hubs live there). */
    readonly accountId: pulumi.Input<string>;
}

/**
 * Peering between two regions' hubs. The attachment id is the same on both sides; each hub associates it
 * with its peering table, whose routes decide which segments cross.
 */
export class TransitGatewayPeering extends pulumi.ComponentResource {
    readonly attachment: aws.ec2transitgateway.PeeringAttachment;
    readonly accepted: aws.ec2transitgateway.PeeringAttachmentAccepter;

    constructor(name: string, args: TransitGatewayPeeringArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:network:TransitGatewayPeering", name, {}, opts);
        if (args.requester.region === args.accepter.region)
            throw new Error(`TransitGatewayPeering ${name}: both hubs are in ${args.requester.region} (expected two different regions)`);
        this.attachment = new aws.ec2transitgateway.PeeringAttachment(
            `${name}-attachment`,
            {
                transitGatewayId: args.requester.hub.transitGateway.id,
                peerTransitGatewayId: args.accepter.hub.transitGateway.id,
                peerRegion: args.accepter.region,
                peerAccountId: args.accountId,
                tags: { Name: `${name}` },
            },
            { parent: this, provider: args.requester.provider },
        );
        this.accepted = new aws.ec2transitgateway.PeeringAttachmentAccepter(
            `${name}-accepter`,
            { transitGatewayAttachmentId: this.attachment.id, tags: { Name: `${name}` } },
            { parent: this, provider: args.accepter.provider },
        );
        this.registerOutputs({ attachmentId: this.attachment.id });
    }
}
