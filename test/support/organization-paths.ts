/**
 * The organization policies AWS evaluates for an account: those attached to the root, to each OU from
 * the top down to the account's, and to the account itself, as iam-simulate's levels.
 */
import { organizationPolicyPlan } from "../../components/organization/policy-plan";
import type { PolicyDocument } from "../../components/policies/document";
import type { LandingZoneConfig } from "../../stacks/config";
import type { NamedPolicies, OrgPolicyLevel } from "./iam-simulation";

export type OrgPolicyType = "SERVICE_CONTROL_POLICY" | "RESOURCE_CONTROL_POLICY";

/** Levels of `type` policies on the path of the account called `name`, by account name (accountIds: id by name). */
export function organizationPaths(config: LandingZoneConfig, organizationId: string, accountIds: Readonly<Record<string, string>>) {
    const plan = organizationPolicyPlan(config);
    const ids = { organizationId, accountIds: { ...accountIds } };
    const accounts = [
        ...Object.values(config.organization.coreAccounts),
        ...config.organization.workloadAccounts.map((a) => ({ ...a, ou: a.quarantined ? config.organization.quarantineOu : a.ou })),
    ];
    return (type: OrgPolicyType, name: string): OrgPolicyLevel[] => {
        const account = accounts.find((a) => a.name === name);
        if (!account) throw new Error(`organizationPaths: no account ${name} in config`);
        const attached = (hit: (t: (typeof plan)[number]["targets"][number]) => boolean): NamedPolicies =>
            Object.fromEntries(plan.filter((p) => p.type === type && p.targets.some(hit)).map((p) => [p.name, JSON.parse(p.render(ids)) as PolicyDocument]));
        const parts = account.ou.split("/");
        return [
            { target: "root", policies: attached((t) => t.kind === "root") },
            ...parts.map((_, i) => parts.slice(0, i + 1).join("/")).map((ou) => ({ target: ou, policies: attached((t) => t.kind === "ou" && t.path === ou) })),
            { target: accountIds[name], policies: attached((t) => t.kind === "account" && t.name === name) },
        ];
    };
}
