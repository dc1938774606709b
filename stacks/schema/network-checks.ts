import { regionCode } from "../../components/organization/naming";
import { internetReturnRanges } from "../../components/network/segment-rules";
import { duplicates } from "../../components/shared/lists";
import { naclAdminPortsOf } from "../policy-pack";
import { type ConfigCheck, type ConfigProblem, contains, keyPath, overlaps, tryRange } from "./checks";
import { egressDomainProblems, managedDomainListProblems } from "./network";
import { organizationReferences } from "./organization-checks";
import type { LandingZoneConfig } from "./stack";

/** The hub VPCs' and spokes' CIDRs, each with its key: no two may overlap across the organization. */
function vpcBlocks(c: LandingZoneConfig): { path: (string | number)[]; cidr: string }[] {
    const net = c.network;
    return [
        ...Object.entries(net.regions).flatMap(([region, r]) =>
            (["inspectionCidr", "endpointsCidr"] as const).map((key) => ({ path: ["network", "regions", region, key], cidr: r[key] })),
        ),
        ...net.spokes.map((s, i) => ({ path: ["network", "spokes", i, "cidr"], cidr: s.cidr })),
    ];
}

/** Region entries, pools and VPC CIDRs, spokes, NACL quotas, DNS Firewall lists and egress domains. */
export const networkChecks: readonly ConfigCheck[] = [
    {
        name: "network regions",
        reads: ["network", "regions"],
        problems: (c) => {
            const problems: ConfigProblem[] = [];
            const net = c.network;
            for (const region of Object.keys(net.regions)) {
                if (!c.regions.allowed.includes(region))
                    problems.push({ path: ["network", "regions", region], message: "network configured for a region outside regions.allowed (expected an allowed region)" });
            }
            // Malformed entries are already named by the schema; only real region codes need a plan.
            for (const region of c.regions.allowed.filter((r) => typeof r === "string")) {
                if (!net.regions[region])
                    problems.push({
                        path: ["network", "regions", region],
                        message: "allowed region has no network plan (expected cidr, pools, inspectionCidr, endpointsCidr, transitGatewayAsn)",
                    });
            }
            const regionBlocks = Object.entries(net.regions).map(([region, r]) => ({ path: ["network", "regions", region, "cidr"], cidr: r.cidr }));
            overlaps(regionBlocks).forEach(([a, b]) =>
                problems.push({ path: b.path, message: `CIDR overlaps ${a.cidr} at ${keyPath(a.path)} (expected non-overlapping region CIDRs)` }),
            );
            return problems;
        },
    },
    {
        name: "region plans",
        reads: ["network"],
        problems: (c) => {
            const problems: ConfigProblem[] = [];
            const add = (path: (string | number)[], message: string) => problems.push({ path, message });
            const asns = new Map<number, string>();
            for (const [region, r] of Object.entries(c.network.regions)) {
                const base = ["network", "regions", region];
                for (const [segment, pool] of Object.entries(r.pools)) {
                    if (!contains(r.cidr, pool)) add([...base, "pools", segment], `pool is outside the region CIDR ${r.cidr} (expected a block inside it)`);
                }
                if (r.availabilityZoneIds) {
                    const ids = r.availabilityZoneIds;
                    if (ids.length !== r.availabilityZones)
                        add([...base, "availabilityZoneIds"], `${ids.length} AZ ids (expected availabilityZones, ${r.availabilityZones}, of them)`);
                    ids.forEach((id, i) => {
                        if (!id.startsWith(`${regionCode(region)}-az`))
                            add([...base, "availabilityZoneIds", i], `AZ id of another region (expected ${regionCode(region)}-az<n>)`);
                    });
                    duplicates(ids).forEach((i) => add([...base, "availabilityZoneIds", i], "AZ id listed twice (expected each AZ once)"));
                }
                const poolBlocks = Object.entries(r.pools).map(([segment, cidr]) => ({ path: [...base, "pools", segment], cidr }));
                overlaps(poolBlocks).forEach(([a, b]) => add(b.path, `pool overlaps ${a.cidr} at ${keyPath(a.path)} (expected non-overlapping segment pools)`));
                for (const key of ["inspectionCidr", "endpointsCidr"] as const) {
                    if (!contains(r.pools.shared, r[key]))
                        add([...base, key], `hub VPC CIDR is outside the shared pool ${r.pools.shared} (expected a block inside it)`);
                }
                if (asns.has(r.transitGatewayAsn))
                    add([...base, "transitGatewayAsn"], `ASN already used in ${asns.get(r.transitGatewayAsn)} (expected a unique ASN per region for TGW peering)`);
                asns.set(r.transitGatewayAsn, region);
            }
            return problems;
        },
    },
    {
        name: "spokes",
        reads: ["network"],
        problems: (c) => {
            const problems: ConfigProblem[] = [];
            const add = (path: (string | number)[], message: string) => problems.push({ path, message });
            const net = c.network;
            const spokeNames = new Set<string>();
            net.spokes.forEach((s, i) => {
                const p = ["network", "spokes", i];
                if (spokeNames.has(s.name)) add([...p, "name"], "spoke name used twice (expected unique spoke names)");
                spokeNames.add(s.name);
                const region = net.regions[s.region];
                if (!region) {
                    add([...p, "region"], `no network plan for this region (expected one of ${Object.keys(net.regions).join(", ")})`);
                } else if (!contains(region.pools[s.segment], s.cidr)) {
                    add([...p, "cidr"], `spoke CIDR is outside the ${s.segment} pool ${region.pools[s.segment]} of ${s.region} (expected a block inside it)`);
                }
                const subnetPrefix = s.subnetPrefixLength ?? 24;
                const prefix = tryRange(s.cidr)?.prefix ?? subnetPrefix;
                const azs = region?.availabilityZones ?? 3;
                const needed = (s.tiers?.length ?? 2) * azs + 1; // +1 block for the TGW attachment subnets
                const available = subnetPrefix >= prefix ? 2 ** (subnetPrefix - prefix) : 0;
                if (needed > available) {
                    add(
                        [...p, "cidr"],
                        `too small for ${s.tiers?.length ?? 2} tiers x ${azs} AZs of /${subnetPrefix} subnets plus TGW attachment subnets (expected a prefix of /${subnetPrefix - Math.ceil(Math.log2(needed))} or shorter)`,
                    );
                }
                // The block after the tiers holds one /28 TGW attachment subnet per AZ.
                if (subnetPrefix + Math.ceil(Math.log2(azs)) > 28)
                    add(
                        [...p, "subnetPrefixLength"],
                        `too long to hold ${azs} /28 TGW attachment subnets in one block (expected /${28 - Math.ceil(Math.log2(azs))} or shorter)`,
                    );
                duplicates(s.tiers ?? []).forEach((t) => add([...p, "tiers", t], "tier listed twice (expected unique tiers)"));
            });
            return problems;
        },
    },
    {
        name: "spoke accounts",
        reads: ["network", "organization"],
        problems: (c) => {
            const refs = organizationReferences(c);
            const workloadEnv = new Map(c.organization.workloadAccounts.map((a) => [a.name, a.environment]));
            return c.network.spokes.flatMap((s, i): ConfigProblem[] => {
                const p = ["network", "spokes", i];
                const env = workloadEnv.get(s.account);
                const expectedSegment = env === undefined ? "shared" : env === "prod" ? "prod" : "nonprod";
                return [
                    ...refs.account([...p, "account"], s.account, false),
                    ...(refs.accountNames.has(s.account) && s.segment !== expectedSegment
                        ? [{ path: [...p, "segment"], message: `segment does not match the account's environment (expected ${expectedSegment})` }]
                        : []),
                ];
            });
        },
    },
    {
        name: "VPC CIDRs",
        reads: ["network"],
        problems: (c) =>
            overlaps(vpcBlocks(c)).map(([a, b]) => ({
                path: b.path,
                message: `CIDR overlaps ${a.cidr} at ${keyPath(a.path)} (expected non-overlapping VPC CIDRs across the organization)`,
            })),
    },
    {
        name: "block public access exclusions",
        reads: ["network", "organization", "regions"],
        problems: (c) => {
            const refs = organizationReferences(c);
            const exclusions = c.network.blockPublicAccessExclusions;
            return [
                ...exclusions.flatMap((e, i) => refs.account(["network", "blockPublicAccessExclusions", i, "account"], e.account, false)),
                ...exclusions.flatMap((e, i) =>
                    e.region !== undefined && !c.regions.allowed.includes(e.region)
                        ? [
                              {
                                  path: ["network", "blockPublicAccessExclusions", i, "region"],
                                  message: `region is not in regions.allowed (expected one of ${c.regions.allowed.join(", ")})`,
                              },
                          ]
                        : [],
                ),
            ];
        },
    },
    {
        name: "cross-region segments",
        reads: ["network"],
        problems: (c) =>
            duplicates(c.network.crossRegionSegments).map((i) => ({
                path: ["network", "crossRegionSegments", i],
                message: "segment listed twice (expected each segment once)",
            })),
    },
    {
        name: "spoke NACL quota",
        reads: ["network"],
        problems: (c) => {
            const net = c.network;
            return net.spokes.flatMap((s, i) => {
                // One NACL rule per eastWest port and pool must fit the 20-rule NACL quota (see spokeNaclRules). A
                // same-segment rule (valid: segment tables send spoke-to-spoke flows within a segment through
                // inspection too) adds both its directions.
                const rules = net.eastWest.reduce(
                    (n, r) => n + (r.ports.length + 1) * Object.keys(net.regions).length * ((r.from === s.segment ? 1 : 0) + (r.to === s.segment ? 1 : 0)),
                    0,
                );
                // Own VPC, endpoints, a deny per region, internet return ranges around the administration ports.
                const fixed = 2 + Object.keys(net.regions).length + internetReturnRanges(naclAdminPortsOf(c.policyPack)).length;
                return rules + fixed > 20
                    ? [
                          {
                              path: ["network", "spokes", i, "segment"],
                              message: `network.eastWest needs ${rules + fixed} NACL rules for this segment (expected at most 20, the AWS NACL quota)`,
                          },
                      ]
                    : [];
            });
        },
    },
    { name: "DNS Firewall managed lists", reads: ["network"], problems: (c) => managedDomainListProblems(c.network.regions) },
    { name: "egress domains", reads: ["network"], problems: (c) => egressDomainProblems(c.network) },
];
