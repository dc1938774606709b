/** Partition of a region, for ARNs built before any resource exists. */
export function partitionOf(region: string): string {
    if (region.startsWith("cn-")) return "aws-cn";
    if (region.startsWith("us-gov-")) return "aws-us-gov";
    return "aws";
}

/** "Workloads/Prod" -> "workloads-prod": a stable resource-name segment for an OU path. */
export function ouSlug(path: string): string {
    return path
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-|-$/g, "");
}

/** Short, stable region code for resource names: eu-west-1 -> euw1. */
export function regionCode(region: string): string {
    const [geo, direction, number] = region.split("-").slice(-3);
    return `${geo}${direction.replace(/(north|south|east|west|central)/g, (d) => d[0])}${number}`;
}
