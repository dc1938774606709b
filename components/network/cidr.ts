import { containsCidr, overlapCidr, parseCidr } from "cidr-tools";
import { regionCode } from "../organization/naming";

/** Dotted quad of a 32-bit address. */
function ipv4(value: bigint): string {
    return [24n, 16n, 8n, 0n].map((shift) => ((value >> shift) & 255n).toString()).join(".");
}

/** "10.0.0.0/12" -> "10-0-0-0-12": a resource-name segment keyed by the block, not its position. */
export function cidrKey(cidr: string): string {
    return cidr.replace(/[./]/g, "-");
}

/**
 * The `index`-th block of length `prefixLength` inside `cidr`. Throws (naming the caller's context)
 * when the block does not fit, so a plan that is too small fails before anything is registered.
 */
export function subnetOf(cidr: string, prefixLength: number, index: number, context: string): string {
    const parent = parseCidr(cidr);
    const parentPrefix = Number(parent.prefix);
    if (parent.version !== 4) throw new Error(`${context}: ${cidr} is not IPv4 (expected an IPv4 VPC CIDR)`);
    if (prefixLength < parentPrefix || prefixLength > 28)
        throw new Error(`${context}: cannot cut /${prefixLength} blocks from ${cidr} (expected a prefix between /${parentPrefix} and /28)`);
    const size = 1n << BigInt(32 - prefixLength);
    const start = parent.start + size * BigInt(index);
    const block = `${ipv4(start)}/${prefixLength}`;
    if (index < 0 || !containsCidr(cidr, block))
        throw new Error(`${context}: block ${index} of /${prefixLength} does not fit in ${cidr} (expected a larger CIDR or fewer subnets)`);
    return block;
}

/**
 * Availability zones by AZ id (euw1-az1, ...), the physical zone, the same in every account; AZ names map to
 * different physical zones in each account, so a spoke's "eu-west-1a" need not be the inspection VPC's.
 * Config's ids when given (in regions where not every number exists for every account), else the first
 * `count` (preview needs no AWS lookup).
 */
export function availabilityZoneIds(region: string, plan: { readonly availabilityZones: number; readonly availabilityZoneIds?: readonly string[] }): string[] {
    return plan.availabilityZoneIds
        ? [...plan.availabilityZoneIds]
        : Array.from({ length: plan.availabilityZones }, (_, i) => `${regionCode(region)}-az${i + 1}`);
}

/** Subnet layout of a spoke VPC: one subnet per tier and AZ, then /28 TGW attachment subnets in the last block. */
export interface SpokeSubnetPlan {
    /** tier -> az -> CIDR */
    readonly tiers: ReadonlyMap<string, ReadonlyMap<string, string>>;
    /** az -> CIDR of the TGW attachment subnet. */
    readonly attachment: ReadonlyMap<string, string>;
}

/**
 * Tiers take consecutive blocks in their config order (append new tiers at the end: reordering
 * moves CIDRs and replaces subnets). The TGW attachment subnets are /28s (AWS's advice) in the block after them.
 */
export function planSpokeSubnets(cidr: string, tiers: readonly string[], zones: readonly string[], subnetPrefix: number, context: string): SpokeSubnetPlan {
    const tierPlan = new Map<string, Map<string, string>>();
    tiers.forEach((tier, t) => {
        tierPlan.set(tier, new Map(zones.map((az, z) => [az, subnetOf(cidr, subnetPrefix, t * zones.length + z, `${context} tier ${tier}`)])));
    });
    const attachmentBlock = subnetOf(cidr, subnetPrefix, tiers.length * zones.length, `${context} attachment subnets`);
    const attachment = new Map(zones.map((az, z) => [az, subnetOf(attachmentBlock, 28, z, `${context} attachment subnets`)]));
    assertDisjoint([...[...tierPlan.values()].flatMap((m) => [...m.values()]), ...attachment.values()], context);
    return { tiers: tierPlan, attachment };
}

/** Hub VPC layout: `roles` each get one /28 (or `prefix`) per AZ, role-major. */
export function planHubSubnets(
    cidr: string,
    roles: readonly string[],
    zones: readonly string[],
    prefix: number,
    context: string,
): Map<string, Map<string, string>> {
    const plan = new Map<string, Map<string, string>>();
    roles.forEach((role, r) => plan.set(role, new Map(zones.map((az, z) => [az, subnetOf(cidr, prefix, r * zones.length + z, `${context} ${role} subnets`)]))));
    assertDisjoint(
        [...plan.values()].flatMap((m) => [...m.values()]),
        context,
    );
    return plan;
}

function assertDisjoint(blocks: readonly string[], context: string): void {
    for (let i = 0; i < blocks.length; i++)
        for (let j = i + 1; j < blocks.length; j++)
            if (overlapCidr(blocks[i], blocks[j])) throw new Error(`${context}: subnets ${blocks[i]} and ${blocks[j]} overlap (expected a disjoint plan)`);
}
