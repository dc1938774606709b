import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";

/**
 * A valid stack config shaped like prod (two regions, the five core accounts) with `workloads`
 * workload accounts, alternating prod and non-prod, each with a spoke VPC in the home region.
 * Pools are /12 per segment and spokes /22, so 500 accounts fit with room to spare.
 */
export function syntheticConfig(repo: string, workloads: number): string {
    const prod = YAML.parse(fs.readFileSync(path.join(repo, "Pulumi.prod.yaml"), "utf8")) as { config: Record<string, any> };
    const config = structuredClone(prod.config);
    const regions = config["landing-zone:regions"].allowed as string[];
    const home = config["landing-zone:regions"].home as string;
    const network = config["landing-zone:network"];
    // Spokes and the approved egress VPCs are rebuilt for the synthetic stack below.
    network.regions = Object.fromEntries(
        regions.map((region, i) => {
            const base = 64 * i;
            return [
                region,
                {
                    // Keep the region's other settings (DNS Firewall lists, ...) from prod.
                    ...network.regions[region],
                    cidr: `10.${base}.0.0/10`,
                    pools: { prod: `10.${base}.0.0/12`, nonprod: `10.${base + 16}.0.0/12`, shared: `10.${base + 32}.0.0/12` },
                    inspectionCidr: `10.${base + 32}.0.0/23`,
                    endpointsCidr: `10.${base + 32}.4.0/22`,
                    transitGatewayAsn: 64512 + i,
                    availabilityZones: 3,
                },
            ];
        }),
    );
    const accounts = [];
    const spokes = [];
    for (let i = 0; i < workloads; i++) {
        const environment = i % 2 === 0 ? "prod" : "nonprod";
        const name = `team${String(i).padStart(3, "0")}-${environment}`;
        accounts.push({
            name,
            email: `aws+${name}@northwind.example`,
            ou: environment === "prod" ? "Workloads/Prod" : "Workloads/NonProd",
            environment,
            owner: `team-${i}`,
            costCenter: `CC-${2000 + i}`,
        });
        const slot = Math.floor(i / 2); // /22 blocks inside the segment's /12 pool
        const second = (environment === "prod" ? 0 : 16) + Math.floor(slot / 64);
        spokes.push({
            name: `${name}-main`,
            account: name,
            region: home,
            segment: environment,
            cidr: `10.${second}.${(slot % 64) * 4}.0/22`,
            tiers: ["app", "data"],
            subnetPrefixLength: 25,
        });
    }
    spokes.push({ name: "shared-services-main", account: "shared-services", region: home, segment: "shared", cidr: "10.32.16.0/20", tiers: ["app"] });
    config["landing-zone:organization"].workloadAccounts = accounts;
    network.spokes = spokes;
    // Assignments must only name accounts that exist.
    const identity = config["landing-zone:identity"];
    identity.assignments = identity.assignments.filter(
        (a: { accounts?: string[] }) => !a.accounts || a.accounts.every((x) => ["management", "network", "shared-services"].includes(x)),
    );
    // Run as stack prod (bench/measure.ts): the inspection VPCs keep prod's names, so the URNs that
    // policypack/config/prod.json approves are theirs.
    return YAML.stringify({ config });
}
