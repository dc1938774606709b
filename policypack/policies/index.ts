import type { ZeroTrustArea, ZeroTrustPolicy } from "./common";
import { componentPolicies } from "./components";
import { dataPolicies } from "./data";
import { devicePolicies } from "./devices";
import { governancePolicies } from "./governance";
import { identityPolicies } from "./identity";
import { monitoringPolicies } from "./monitoring";
import { networkPolicies } from "./network";
import { workloadPolicies } from "./workloads";

/** Policies by zero-trust area. */
export const policiesByArea: Readonly<Record<ZeroTrustArea, readonly ZeroTrustPolicy[]>> = {
    identity: identityPolicies,
    devices: devicePolicies,
    network: [...networkPolicies, ...componentPolicies.filter((p) => p.area === "network")],
    workloads: [...workloadPolicies, ...componentPolicies.filter((p) => p.area === "workloads")],
    data: dataPolicies,
    monitoring: monitoringPolicies,
    governance: governancePolicies,
};

/** Every policy of the pack, in a stable order. */
export const allPolicies: readonly ZeroTrustPolicy[] = Object.values(policiesByArea).flat();
