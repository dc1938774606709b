import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { toJson } from "../policies/document";
import type { ResolvedAssignment } from "./assignments";
import type { PermissionSetSpec } from "./catalog";

/** An Identity Center attribute for access control, mapped from the identity provider. */
export interface AccessControlAttribute {
    /** Session tag key (aws:PrincipalTag/<key>). */
    readonly key: string;
    /** Identity Center attribute path, e.g. ${path:enterprise.department}. */
    readonly source: string;
}

export interface IdentityCenterArgs {
    /** Permission sets with defaults and overrides resolved; each is created. */
    readonly permissionSets: readonly PermissionSetSpec[];
    /** SCIM group display names that assignments refer to. */
    readonly groups: readonly string[];
    /** Group-to-account grants, one per (group, permission set, account). */
    readonly assignments: readonly ResolvedAssignment[];
    /** Account ids by logical name, for every account an assignment names. */
    readonly accountIds: ReadonlyMap<string, pulumi.Input<string>>;
    /** Resources an account must have before a set is provisioned into it (e.g. its developer boundary policy). */
    readonly accountPrerequisites: ReadonlyMap<string, readonly pulumi.Resource[]>;
    /** ABAC attributes; empty leaves the instance's attribute configuration unmanaged. */
    readonly accessControlAttributes: readonly AccessControlAttribute[];
}

/**
 * Permission sets, ABAC attributes and group assignments of the organization's Identity Center
 * instance. The instance is looked up (an organization instance cannot be created through the API),
 * so the component must get the provider of the account that administers Identity Center: the
 * management account or the delegated administrator, in the instance's region.
 */
export class IdentityCenter extends pulumi.ComponentResource {
    readonly instanceArn: pulumi.Output<string>;
    readonly identityStoreId: pulumi.Output<string>;
    /** Permission set ARNs by name. */
    readonly permissionSetArns: ReadonlyMap<string, pulumi.Output<string>>;
    /** Assignment resources by `${group}-${permissionSet}-${account}`. */
    readonly assignments: ReadonlyMap<string, aws.ssoadmin.AccountAssignment>;

    constructor(name: string, args: IdentityCenterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:identity:IdentityCenter", name, {}, opts);
        const setNames = new Set(args.permissionSets.map((s) => s.name));
        const groups = new Set(args.groups);
        for (const a of args.assignments) {
            if (!setNames.has(a.permissionSet as PermissionSetSpec["name"]))
                throw new Error(
                    `IdentityCenter ${name}: assignment ${a.key} names permission set "${a.permissionSet}", which is not in permissionSets; add it or fix the assignment`,
                );
            if (!groups.has(a.group))
                throw new Error(`IdentityCenter ${name}: assignment ${a.key} names group "${a.group}", which is not in groups; add it to identity.groups`);
            if (!args.accountIds.has(a.account))
                throw new Error(`IdentityCenter ${name}: assignment ${a.key} names account "${a.account}" without an id in accountIds`);
        }
        const keys = new Set<string>();
        for (const a of args.assignments) {
            if (keys.has(a.key)) throw new Error(`IdentityCenter ${name}: assignment ${a.key} appears twice; pass each grant once`);
            keys.add(a.key);
        }
        const child = { parent: this };

        const instances = aws.ssoadmin.getInstancesOutput({}, child);
        this.instanceArn = instances.arns.apply((arns) => {
            if (arns.length === 0)
                throw new Error(
                    `IdentityCenter ${name}: no Identity Center instance in this account and region; enable the organization instance in the console first`,
                );
            return arns[0];
        });
        this.identityStoreId = instances.identityStoreIds.apply((ids) => ids[0]);
        const instanceArn = this.instanceArn;

        if (args.accessControlAttributes.length > 0) {
            new aws.ssoadmin.InstanceAccessControlAttributes(
                `${name}-access-control-attributes`,
                {
                    instanceArn,
                    attributes: [...args.accessControlAttributes]
                        .sort((a, b) => a.key.localeCompare(b.key))
                        .map((a) => ({ key: a.key, values: [{ sources: [a.source] }] })),
                },
                child,
            );
        }

        const arns = new Map<string, pulumi.Output<string>>();
        const setReady = new Map<string, pulumi.Resource[]>();
        for (const spec of args.permissionSets) {
            const set = new aws.ssoadmin.PermissionSet(
                `${name}-${spec.name}`,
                {
                    instanceArn,
                    name: spec.name,
                    description: spec.description,
                    sessionDuration: spec.sessionDuration,
                    relayState: spec.relayState,
                },
                child,
            );
            const parts: pulumi.Resource[] = [set];
            const target = { instanceArn, permissionSetArn: set.arn };
            for (const arn of spec.managedPolicyArns) {
                parts.push(
                    new aws.ssoadmin.ManagedPolicyAttachment(
                        `${name}-${spec.name}-managed-${slug(arn.split(":policy/")[1])}`,
                        { ...target, managedPolicyArn: arn },
                        child,
                    ),
                );
            }
            for (const ref of spec.customerManagedPolicies) {
                parts.push(
                    new aws.ssoadmin.CustomerManagedPolicyAttachment(
                        `${name}-${spec.name}-customer-${slug(`${ref.path}${ref.name}`)}`,
                        { ...target, customerManagedPolicyReference: { name: ref.name, path: ref.path } },
                        child,
                    ),
                );
            }
            parts.push(
                new aws.ssoadmin.PermissionSetInlinePolicy(`${name}-${spec.name}-inline`, { ...target, inlinePolicy: toJson(spec.inlinePolicy) }, child),
            );
            if (spec.permissionsBoundary) {
                parts.push(
                    new aws.ssoadmin.PermissionsBoundaryAttachment(
                        `${name}-${spec.name}-boundary`,
                        {
                            ...target,
                            permissionsBoundary: {
                                customerManagedPolicyReference: { name: spec.permissionsBoundary.name, path: spec.permissionsBoundary.path },
                            },
                        },
                        child,
                    ),
                );
            }
            arns.set(spec.name, set.arn);
            setReady.set(spec.name, parts);
        }
        this.permissionSetArns = arns;

        const groupIds = new Map<string, pulumi.Output<string>>();
        for (const group of [...groups].sort()) {
            groupIds.set(group, identityCenterGroupId(this.identityStoreId, group, child));
        }

        const assignments = new Map<string, aws.ssoadmin.AccountAssignment>();
        for (const a of args.assignments) {
            assignments.set(
                a.key,
                new aws.ssoadmin.AccountAssignment(
                    `${name}-assign-${a.key}`,
                    {
                        instanceArn,
                        permissionSetArn: arns.get(a.permissionSet)!,
                        principalType: "GROUP",
                        principalId: groupIds.get(a.group)!,
                        targetType: "AWS_ACCOUNT",
                        targetId: args.accountIds.get(a.account)!,
                    },
                    // Provisioning copies the set into the account as it is then: attachments first, and
                    // customer-managed policies (the boundary) must already exist in the account.
                    { ...child, dependsOn: [...setReady.get(a.permissionSet)!, ...(args.accountPrerequisites.get(a.account) ?? [])] },
                ),
            );
        }
        this.assignments = assignments;

        this.registerOutputs({
            instanceArn: this.instanceArn,
            identityStoreId: this.identityStoreId,
            permissionSetArns: Object.fromEntries(arns),
            assignmentCount: assignments.size,
        });
    }
}

/** "job-function/ViewOnlyAccess" -> "job-function-viewonlyaccess": a stable name segment. */
function slug(value: string): string {
    return value
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-|-$/g, "");
}

/** The id of an Identity Center group, looked up by display name (groups come from the identity provider). */
export function identityCenterGroupId(identityStoreId: pulumi.Input<string>, displayName: string, opts: pulumi.InvokeOptions): pulumi.Output<string> {
    return aws.identitystore.getGroupOutput(
        { identityStoreId, alternateIdentifier: { uniqueAttribute: { attributePath: "DisplayName", attributeValue: displayName } } },
        opts,
    ).groupId;
}

/** The identity store of the organization's Identity Center instance (management account, home region). */
export function identityStoreIdOf(opts: pulumi.InvokeOptions): pulumi.Output<string> {
    return aws.ssoadmin.getInstancesOutput({}, opts).identityStoreIds.apply((ids) => {
        if (ids.length === 0) throw new Error("no Identity Center instance in the management account's home region; enable the organization instance in the console first");
        return ids[0];
    });
}
