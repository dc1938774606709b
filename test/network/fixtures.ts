import { networkSchema } from "../../stacks/schema/network";

/** A two-region network plan for the pure rule builders and the firewall model (no program run). */
export const LISTS = {
    aggregateThreats: "rslvr-fdl-1111111111111111",
    malware: "rslvr-fdl-2222222222222222",
    botnetCommandAndControl: "rslvr-fdl-3333333333333333",
};
export const network = networkSchema.parse({
    regions: {
        "eu-west-1": {
            cidr: "10.0.0.0/12",
            pools: { prod: "10.0.0.0/14", nonprod: "10.4.0.0/14", shared: "10.8.0.0/14" },
            inspectionCidr: "10.8.0.0/23",
            endpointsCidr: "10.8.4.0/22",
            transitGatewayAsn: 64512,
            dnsFirewallManagedDomainLists: LISTS,
        },
        "eu-central-1": {
            cidr: "10.16.0.0/12",
            pools: { prod: "10.16.0.0/14", nonprod: "10.20.0.0/14", shared: "10.24.0.0/14" },
            inspectionCidr: "10.24.0.0/23",
            endpointsCidr: "10.24.4.0/22",
            transitGatewayAsn: 64513,
            dnsFirewallManagedDomainLists: LISTS,
        },
    },
    eastWest: [{ from: "prod", to: "shared", ports: [443, 8443], description: 'artifact "proxy"; internal' }],
    egressAllowedDomains: [".github.com", "registry.npmjs.org"],
});
