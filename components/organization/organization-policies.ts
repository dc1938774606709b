import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PolicyTarget, policyQuotaProblems } from "../policies/quotas";
import { ouSlug } from "./naming";
import { NO_IDS, PlannedPolicy, ResolvedIds } from "./policy-plan";

export interface OrganizationPoliciesArgs {
    /** The policies and their targets (organizationPolicyPlan of the stack config). */
    readonly policies: readonly PlannedPolicy[];
    /** The organization id, for documents that embed it. */
    readonly organizationId: pulumi.Input<string>;
    /** Ids of the same shape but the longest AWS can issue, to check quotas at plan time. */
    readonly worstCaseIds: ResolvedIds;
    /** Root id of the organization. */
    readonly rootId: pulumi.Input<string>;
    /** OU ids by path ("Workloads/Prod"). */
    readonly organizationalUnitIds: ReadonlyMap<string, pulumi.Input<string>>;
    /** Account ids by logical name (policy targets, and documents that embed them). */
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
    /** Attachments of policies with attachAfter, registered by release() once what they wait for exists. */
    private readonly held = new Map<string, (after: readonly pulumi.Resource[]) => void>();

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
                    content: content(p, args),
                    tags: { ManagedBy: "landing-zone" },
                },
                { parent: this, dependsOn },
            );
            policies.set(p.key, policy);
            const attach = (after: readonly pulumi.Resource[]) => {
                for (const t of p.targets)
                    new aws.organizations.PolicyAttachment(
                        `${name}-${p.key}-${targetSlug(t)}`,
                        { policyId: policy.id, targetId: this.targetId(name, p, t, args) },
                        { parent: this, dependsOn: [...dependsOn, ...after] },
                    );
            };
            if (p.attachAfter) this.held.set(p.attachAfter, attach);
            else attach([]);
            for (const t of p.targets) {
                const label = targetKey(t);
                attached.set(label, [...(attached.get(label) ?? []), p.name]);
            }
        }
        this.policies = policies;
        this.attachedByTarget = attached;
        this.registerOutputs({ policyIds: Object.fromEntries([...policies].map(([k, p]) => [k, p.id])), attachedByTarget: Object.fromEntries(attached) });
    }

    /** Attaches the policies waiting for `what`, after `resources`; each is released exactly once. */
    release(what: NonNullable<PlannedPolicy["attachAfter"]>, resources: readonly pulumi.Resource[]): void {
        const attach = this.held.get(what);
        if (!attach) throw new Error(`OrganizationPolicies: no policy waits for ${what}, or it was released already`);
        this.held.delete(what);
        attach(resources);
    }

    /** What is still held: the composition root checks it is empty once every area is wired. */
    get pending(): readonly string[] {
        return [...this.held.keys()];
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

/**
 * A document that embeds no id is a plain string, readable in a preview before any account exists;
 * one that does waits only for the ids it uses.
 */
function content(p: PlannedPolicy, args: OrganizationPoliciesArgs): pulumi.Input<string> {
    if (p.uses.length === 0) return p.render(NO_IDS);
    const organizationId = p.uses.includes("organizationId") ? pulumi.output(args.organizationId) : pulumi.output(NO_IDS.organizationId);
    const named = [...args.accountIds].filter(([name]) => (p.accounts ?? []).includes(name));
    const accountIds = p.uses.includes("accountIds") ? pulumi.all(Object.fromEntries(named)) : pulumi.output(NO_IDS.accountIds);
    return pulumi.all([organizationId, accountIds]).apply(([org, accounts]) => p.render({ organizationId: org, accountIds: accounts }));
}

/** "root", "ou:Workloads/Prod", "account:network". */
export function targetKey(t: PolicyTarget): string {
    return t.kind === "root" ? "root" : t.kind === "ou" ? `ou:${t.path}` : `account:${t.name}`;
}

function targetSlug(t: PolicyTarget): string {
    return t.kind === "root" ? "root" : t.kind === "ou" ? `ou-${ouSlug(t.path)}` : `account-${t.name}`;
}
