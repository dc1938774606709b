import { componentsCases } from "./cases/components";
import { databaseCases } from "./cases/data/databases";
import { keyCases } from "./cases/data/keys";
import { storageCases } from "./cases/data/storage";
import { devicesCases } from "./cases/devices";
import type { PolicyCases } from "./cases/fixtures";
import { governanceCases } from "./cases/governance";
import { accountCases } from "./cases/identity/accounts";
import { iamDocumentCases } from "./cases/identity/iam-documents";
import { principalCases } from "./cases/identity/principals";
import { monitoringCases } from "./cases/monitoring";
import { networkCases } from "./cases/network";
import { workloadsCases } from "./cases/workloads";

export type { Case, PolicyCases } from "./cases/fixtures";

/** Joins the per-area case tables; a policy named in two of them is a mistake, not an override. */
function joinAreas(...areas: Readonly<Record<string, PolicyCases>>[]): Readonly<Record<string, PolicyCases>> {
    const all: Record<string, PolicyCases> = {};
    for (const area of areas) {
        for (const [policy, cases] of Object.entries(area)) {
            if (policy in all) throw new Error(`cases of policy ${policy} are defined in two area files`);
            all[policy] = cases;
        }
    }
    return all;
}

/**
 * Every policy's failing and passing cases, next to the policy file they test: cases/<area>/<file>.ts for
 * policypack/policies/<area>/<file>.ts, cases/<area>.ts for the policies of an area (or of its folder) in one file.
 */
export const CASES: Readonly<Record<string, PolicyCases>> = joinAreas(
    iamDocumentCases,
    principalCases,
    accountCases,
    devicesCases,
    networkCases,
    workloadsCases,
    storageCases,
    keyCases,
    databaseCases,
    monitoringCases,
    governanceCases,
    componentsCases,
);
