import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { Segment } from "../shared/config-types";
import { shareWithOrganization } from "./share";

export interface IpamArgs {
    /** Per region: the region's block and one block per segment (validated by config). */
    readonly regions: Readonly<Record<string, { readonly cidr: string; readonly pools: Readonly<Record<Segment, string>> }>>;
    /** Network account id, made the organization's IPAM delegated administrator. */
    readonly delegatedAdminAccountId: pulumi.Input<string>;
    /** Management account provider (delegation must be registered there). */
    readonly managementProvider: aws.Provider;
    /** Organization ARN the segment pools are shared with. */
    readonly organizationArn: pulumi.Input<string>;
    /** RAM sharing with the organization; the share's organization principal association waits for it. */
    readonly ramSharing: aws.ram.SharingWithOrganization;
}

/**
 * The organization's IPAM in the network account (delegated administrator): a regional pool per region
 * and a pool per segment inside it, shared with the organization so every VPC takes its CIDR from the plan.
 */
export class Ipam extends pulumi.ComponentResource {
    readonly ipam: aws.ec2.VpcIpam;
    /** RAM associations and provisioned CIDRs; VPCs allocating from the pools depend on them. */
    readonly ready: pulumi.Resource[];
    private readonly pools = new Map<string, aws.ec2.VpcIpamPool>();

    constructor(name: string, args: IpamArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:network:Ipam", name, {}, opts);
        const regions = Object.keys(args.regions).sort();
        if (regions.length === 0) throw new Error(`Ipam ${name}: regions is empty (expected network.regions from config)`);
        const child = { parent: this };

        const delegation = new aws.ec2.VpcIpamOrganizationAdminAccount(
            `${name}-delegated-admin`,
            { delegatedAdminAccountId: args.delegatedAdminAccountId },
            { parent: this, provider: args.managementProvider },
        );
        this.ipam = new aws.ec2.VpcIpam(
            `${name}-ipam`,
            {
                description: "Landing zone address plan",
                operatingRegions: regions.map((regionName) => ({ regionName })),
                tier: "advanced",
                tags: { Name: `${name}-ipam` },
            },
            { parent: this, dependsOn: [delegation] },
        );
        const ready: pulumi.Resource[] = [];
        const shared: Record<string, pulumi.Output<string>> = {};
        for (const region of regions) {
            const plan = args.regions[region];
            const regional = new aws.ec2.VpcIpamPool(
                `${name}-pool-${region}`,
                {
                    addressFamily: "ipv4",
                    ipamScopeId: this.ipam.privateDefaultScopeId,
                    locale: region,
                    description: `${region} block`,
                    tags: { Name: `${name}-${region}` },
                },
                child,
            );
            const regionalCidr = new aws.ec2.VpcIpamPoolCidr(`${name}-pool-${region}-cidr`, { ipamPoolId: regional.id, cidr: plan.cidr }, child);
            for (const segment of Object.keys(plan.pools).sort() as Segment[]) {
                const pool = new aws.ec2.VpcIpamPool(
                    `${name}-pool-${region}-${segment}`,
                    {
                        addressFamily: "ipv4",
                        ipamScopeId: this.ipam.privateDefaultScopeId,
                        sourceIpamPoolId: regional.id,
                        locale: region,
                        description: `${region} ${segment} segment`,
                        // VPCs bring their planned CIDR; the pool refuses anything outside the segment's block.
                        allocationMinNetmaskLength: 16,
                        allocationMaxNetmaskLength: 28,
                        tags: { Name: `${name}-${region}-${segment}`, Segment: segment },
                    },
                    child,
                );
                ready.push(
                    new aws.ec2.VpcIpamPoolCidr(
                        `${name}-pool-${region}-${segment}-cidr`,
                        { ipamPoolId: pool.id, cidr: plan.pools[segment] },
                        { parent: this, dependsOn: [regionalCidr] },
                    ),
                );
                this.pools.set(`${region}/${segment}`, pool);
                shared[`${region}-${segment}`] = pool.arn;
            }
        }
        this.ready = [
            ...ready,
            ...shareWithOrganization(`${name}-pools`, { organizationArn: args.organizationArn, ramSharing: args.ramSharing, resources: shared }, child),
        ];
        this.registerOutputs({ ipamId: this.ipam.id });
    }

    /** Id of a segment's pool in a region; throws naming both when the plan has none. */
    poolId(region: string, segment: Segment): pulumi.Output<string> {
        const pool = this.pools.get(`${region}/${segment}`);
        if (!pool) throw new Error(`Ipam: no ${segment} pool in ${region} (expected network.regions.${region}.pools.${segment} in config)`);
        return pool.id;
    }
}
