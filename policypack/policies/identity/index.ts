import type { ZeroTrustPolicy } from "../common";
import { accountPolicies } from "./accounts";
import { documentPolicies } from "./iam-documents";
import { principalPolicies } from "./principals";

/** The identity area: IAM policy documents, principals and their credentials, the accounts' identity baseline. */
export const identityPolicies: ZeroTrustPolicy[] = [...documentPolicies, ...principalPolicies, ...accountPolicies];
