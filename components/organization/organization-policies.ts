import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PolicyTarget, policyQuotaProblems } from "../policies/quotas";
import { ouSlug } from "./naming";
import type { PlannedPolicy, ResolvedIds } from "./policy-plan";

export interface OrganizationPoliciesArgs {
    /** The policies and their targets (organizationPolicyPlan of the stack config). */
    readonly policies: readonly PlannedPolicy[];
    /** Ids the documents embed, once the organization and accounts exist. */
    readonly ids: pulumi.Input<ResolvedIds>;
    /** Ids of the same shape but the longest AWS can issue, to check quotas at plan time. */
    readonly worstCaseIds: ResolvedIds;
    /** Root id of the organization. */
    readonly rootId: pulumi.Input<string>;
    /** OU ids by path ("Workloads/Prod"). */
    readonly organizationalUnitIds: ReadonlyMap<string, pulumi.Input<string>>;
    /** Account ids by logical name. */
    readonly accountIds: ReadonlyMap<string, pulumi.Input<string>>;
    /** Resources that must exist first (the organization, so its policy types are enabled). */
    readonly dependsOn?: readonly pulumi.Resource[];
}

/**
 * Organization policies (SCPs, RCPs, declarative, tag, backup, AI opt-out) and their attachments, in
 * the management account, the only account that can hold them.
 */
export class OrganizationPolicies extends pulumi.ComponentResource {
    /** Policies by plan key ("scp-region-allow-list"). */
    readonly policies: ReadonlyMap<string, aws.organizations.Policy>;
    /** Names of the policies attached to each target, by target label ("root", "ou:Sandbox", "account:network"). */
    readonly attachedByTarget: ReadonlyMap<string, readonly string[]>;

    constructor(name: string, args: OrganizationPoliciesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:organization:OrganizationPolicies", name, {}, opts);

        const keys = new Set<string>();
        for (const p of args.policies) {
            if (keys.has(p.key)) throw new Error(`OrganizationPolicies ${name}: policies has key "${p.key}" twice; give each policy its own key`);
            keys.add(p.key);
            for (const t of p.targets) this.targetId(name, p, t, args);
        }
        const problems = policyQuotaProblems(
            args.policies.map((p) => ({ name: p.name, type: p.type, content: p.render(args.worstCaseIds), targets: p.targets })),
        );
        if (problems.length > 0)
            throw new Error(
                `OrganizationPolicies ${name}: policies exceed AWS Organizations quotas; fix the config:\n  - ${problems.map((p) => p.message).join("\n  - ")}`,
            );

        const dependsOn = [...(args.dependsOn ?? [])];
        const policies = new Map<string, aws.organizations.Policy>();
        const attached = new Map<string, string[]>();
        for (const p of args.policies) {
            const policy = new aws.organizations.Policy(
                `${name}-${p.key}`,
                {
                    name: p.name,
                    description: p.description,
                    type: p.type,
                    content: pulumi.output(args.ids).apply((ids) => p.render(ids)),
                    tags: { ManagedBy: "landing-zone" },
                },
                { parent: this, dependsOn },
            );
            policies.set(p.key, policy);
            for (const t of p.targets) {
                new aws.organizations.PolicyAttachment(
                    `${name}-${p.key}-${targetSlug(t)}`,
                    { policyId: policy.id, targetId: this.targetId(name, p, t, args) },
                    { parent: this, dependsOn },
                );
                const label = targetKey(t);
                attached.set(label, [...(attached.get(label) ?? []), p.name]);
            }
        }
        this.policies = policies;
        this.attachedByTarget = attached;
        this.registerOutputs({ policyIds: Object.fromEntries([...policies].map(([k, p]) => [k, p.id])) });
    }

    private targetId(name: string, p: PlannedPolicy, t: PolicyTarget, args: OrganizationPoliciesArgs): pulumi.Input<string> {
        if (t.kind === "root") return args.rootId;
        const id = t.kind === "ou" ? args.organizationalUnitIds.get(t.path) : args.accountIds.get(t.name);
        if (id === undefined)
            throw new Error(
                `OrganizationPolicies ${name}: policy ${p.name} targets ${t.kind === "ou" ? `OU "${t.path}"` : `account "${t.name}"`}, which the organization does not have; fix the target or add it to config`,
            );
        return id;
    }
}

/** "root", "ou:Workloads/Prod", "account:network". */
export function targetKey(t: PolicyTarget): string {
    return t.kind === "root" ? "root" : t.kind === "ou" ? `ou:${t.path}` : `account:${t.name}`;
}

function targetSlug(t: PolicyTarget): string {
    return t.kind === "root" ? "root" : t.kind === "ou" ? `ou-${ouSlug(t.path)}` : `account-${t.name}`;
}
