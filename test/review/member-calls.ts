import type { PolicyDocument } from "../../components/policies/document";
import type { CapturedResource } from "../../tools/captured-resources";
import type { RuntimeResource } from "../../tools/runtime-call-model";
import { accountNamesOf, endpointWith, organizationOf, type PipelineMode, stackRun } from "../support/stack-runs";

/** What a stack does in member accounts in one pipeline mode. */
export interface MemberCalls {
    readonly managementAccountId: string;
    readonly organizationId: string;
    readonly accountNames: Record<string, string>;
    /** Each resource type registered in a member account, with the accounts and regions it is registered in. */
    readonly types: Record<string, string[]>;
    readonly invokes: string[];
    readonly providers: { name: string; allowedAccountIds: string; assumeRoles: string | null }[];
    /** The member preview roles as registered. */
    readonly previewRoles: { account: string; name: string; trust: PolicyDocument; policy: PolicyDocument }[];
    /** Every resource registered in a member account, as its create call names it. */
    readonly resources: readonly RuntimeResource[];
}

/** The stack's run with `landing-zone:pipelineMode` set to the mode, and the off-by-default features whose types live in member accounts switched on. */
export function memberCalls(stack: string, mode: PipelineMode, features = ""): MemberCalls {
    // An optional feature's types are registered only when it is on: the call table must cover them too.
    const config = features.includes("private-ca") ? endpointWith(stack, { privateCa: { enabled: true } }) : {};
    const run = stackRun(stack, { mode, config });
    const { organizationId, managementAccountId: management } = organizationOf(run);
    const members = run.resources.filter((x) => x.custom && x.account !== management && !x.type.startsWith("pulumi:"));
    const types: Record<string, string[]> = {};
    for (const r of members) types[r.type] = [...new Set([...(types[r.type] ?? []), `${r.account}/${r.region}`])].sort();
    const policyOf = (role: CapturedResource) =>
        run.resources.find((p) => p.type === "aws:iam/rolePolicy:RolePolicy" && p.parent === role.parent && p.account === role.account)?.inputs.policy;
    return {
        managementAccountId: management,
        organizationId,
        accountNames: accountNamesOf(run),
        types,
        resources: members,
        invokes: [...new Set(run.invokes.filter((i) => i.account !== management).map((i) => i.token))].sort(),
        providers: run.resources
            .filter((r) => r.type === "pulumi:providers:aws")
            .map((r) => ({
                name: r.name,
                allowedAccountIds: String(r.inputs.allowedAccountIds),
                assumeRoles: (r.inputs.assumeRoles as string | undefined) ?? null,
            })),
        previewRoles: run.resources
            .filter((r) => r.type === "aws:iam/role:Role" && String(r.inputs.name).endsWith("-member-preview"))
            .map((r) => ({
                account: r.account!,
                name: String(r.inputs.name),
                trust: JSON.parse(String(r.inputs.assumeRolePolicy)) as PolicyDocument,
                policy: JSON.parse(String(policyOf(r))) as PolicyDocument,
            })),
    };
}
