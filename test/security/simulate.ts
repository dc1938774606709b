import { runSimulation } from "@cloud-copilot/iam-simulate";
import type { PolicyDocument } from "../../components/policies/document";

export type Decision = "Allowed" | "ImplicitlyDenied" | "ExplicitlyDenied";

/** One request to simulate and the decision it must get. */
export interface Case {
    readonly action: string;
    readonly resource: string;
    readonly expect: Decision;
    readonly context?: Record<string, string | string[]>;
    readonly principal?: string;
}

export const ACCOUNT = "111111111111";
export const ROLE = `arn:aws:iam::${ACCOUNT}:role/under-test`;

/** Simulates a request against an identity policy (and optionally a resource policy); throws on invalid policies or actions. */
export async function decide(c: Case, policies: { identity?: PolicyDocument; resource?: PolicyDocument }): Promise<Decision> {
    const result = await runSimulation(
        {
            request: {
                principal: c.principal ?? ROLE,
                action: c.action,
                resource: { resource: c.resource, accountId: ACCOUNT },
                contextVariables: c.context ?? {},
            },
            identityPolicies: policies.identity ? [{ name: "under-test", policy: policies.identity }] : [],
            serviceControlPolicies: [],
            resourceControlPolicies: [],
            resourcePolicy: policies.resource,
        },
        {},
    );
    if (result.resultType === "error") throw new Error(`simulation of ${c.action} on ${c.resource} failed: ${JSON.stringify(result.errors)}`);
    if (result.resultType !== "single") throw new Error(`simulation of ${c.action} on ${c.resource}: expected one resource, got ${result.resultType}`);
    return result.overallResult as Decision;
}
