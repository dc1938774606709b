import type { ZeroTrustPolicy } from "../common";
import { computePolicies } from "./compute";
import { frontDoorPolicies } from "./front-doors";

/** The workloads area (the component-aware policies join it in ../index.ts): front doors, then compute. */
export const workloadPolicies: ZeroTrustPolicy[] = [...frontDoorPolicies, ...computePolicies];
