import type { ZeroTrustPolicy } from "../common";
import { databasePolicies } from "./databases";
import { keyPolicies } from "./keys";
import { storagePolicies } from "./storage";

/** The data area: S3 storage, KMS keys and encryption at rest, databases. */
export const dataPolicies: ZeroTrustPolicy[] = [...storagePolicies, ...keyPolicies, ...databasePolicies];
