import type { ZeroTrustPolicy } from "./common";
import { dataPolicies } from "./data";
import { governancePolicies } from "./governance";

/** Every policy of the pack, in a stable order. */
export const allPolicies: readonly ZeroTrustPolicy[] = [...governancePolicies, ...dataPolicies];
