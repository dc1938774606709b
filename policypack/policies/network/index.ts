import type { ZeroTrustPolicy } from "../common";
import { securityGroupPolicies } from "./security-groups";
import { vpcPolicies } from "./vpc";

export { ADMIN_PORTS } from "./security-groups";

/** The network area (the component-aware policies join it in ../index.ts): security groups and ACLs, then the VPC's shape. */
export const networkPolicies: ZeroTrustPolicy[] = [...securityGroupPolicies, ...vpcPolicies];
