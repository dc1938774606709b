import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { coreAccountRoles } from "../shared/config-types";
import type { AccountConfig, CoreAccountRole, OrganizationalUnitConfig, OrganizationShape } from "../shared/config-types";
import { ouSlug } from "./naming";

/** An account already in the organization, as services that enroll existing members one by one (Macie, Detective) record it. */
export interface EnrolledAccount {
    /** Logical name (stable resource name segment). */
    readonly name: string;
    readonly id: pulumi.Input<string>;
    /** The account's root email, which the service records for the member. */
    readonly email: string;
}

/** An account of the organization, as other components see it. */
export interface MemberAccount {
    /** Logical name from config. */
    readonly name: string;
    readonly id: pulumi.Output<string>;
    /** OU path the account belongs to once out of quarantine. */
    readonly ou: string;
    /** "core" for the five platform accounts; the workload environment otherwise. */
    readonly environment: "core" | "prod" | "nonprod" | "sandbox";
    /** Set for the five core accounts. */
    readonly coreRole?: CoreAccountRole;
    readonly quarantined: boolean;
    readonly tags: Readonly<Record<string, string>>;
}

export interface OrganizationArgs {
    /** The organization section of the stack config. */
    readonly config: Omit<OrganizationShape, "requiredTags">;
    /** Stack environment name, tagged on every account. */
    readonly environment: string;
    /** AWS service principals the organization trusts (security services, IPAM, backup, ...). */
    readonly trustedServicePrincipals: readonly string[];
    /** Organization policy types to enable on the root. */
    readonly enabledPolicyTypes: readonly string[];
}

/**
 * The AWS Organization, its OU tree and its member accounts. Lives in the management account
 * (the only thing that must); everything else is built in member accounts through their providers.
 */
export class Organization extends pulumi.ComponentResource {
    readonly organization: aws.organizations.Organization;
    readonly rootId: pulumi.Output<string>;
    /** OUs by path ("Workloads/Prod"). */
    readonly organizationalUnits: ReadonlyMap<string, aws.organizations.OrganizationalUnit>;
    /** Member accounts by logical name. */
    readonly accounts: ReadonlyMap<string, MemberAccount>;

    constructor(name: string, args: OrganizationArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:organization:Organization", name, {}, opts);
        const stateful = { parent: this };

        this.organization = new aws.organizations.Organization(
            `${name}-organization`,
            {
                featureSet: "ALL",
                awsServiceAccessPrincipals: [...args.trustedServicePrincipals].sort(),
                enabledPolicyTypes: [...args.enabledPolicyTypes].sort(),
            },
            stateful,
        );
        this.rootId = this.organization.roots.apply((roots) => roots[0].id);

        const ous = new Map<string, aws.organizations.OrganizationalUnit>();
        const createOus = (units: readonly OrganizationalUnitConfig[], parentPath: string | undefined, parentId: pulumi.Input<string>) => {
            for (const unit of units) {
                const path = parentPath ? `${parentPath}/${unit.name}` : unit.name;
                const ou = new aws.organizations.OrganizationalUnit(
                    `${name}-ou-${ouSlug(path)}`,
                    { name: unit.name, parentId, tags: { Environment: args.environment, ManagedBy: "landing-zone" } },
                    stateful,
                );
                ous.set(path, ou);
                if (unit.children) createOus(unit.children, path, ou.id);
            }
        };
        createOus(args.config.organizationalUnits, undefined, this.rootId);
        this.organizationalUnits = ous;

        const accounts = new Map<string, MemberAccount>();
        // CreateAccount is asynchronous and Organizations refuses concurrent requests past a small number
        // (ConcurrentModificationException) and accounts past the organization's quota: the accounts are
        // created one at a time, each after the one before it, in config order (core accounts first).
        let previous: aws.organizations.Account | undefined;
        const addAccount = (
            account: AccountConfig,
            environment: MemberAccount["environment"],
            quarantined: boolean,
            extraTags: Record<string, string>,
            coreRole?: CoreAccountRole,
        ) => {
            const tags = { Environment: environment === "core" ? "shared" : environment, ...extraTags, ...account.tags };
            const parentOu = ous.get(quarantined ? args.config.quarantineOu : account.ou);
            if (!parentOu) throw new Error(`Organization ${name}: account "${account.name}" names OU "${account.ou}", which is not in organizationalUnits`);
            const created = new aws.organizations.Account(
                `${name}-account-${account.name}`,
                {
                    name: account.displayName ?? account.name,
                    email: account.email,
                    parentId: parentOu.id,
                    roleName: args.config.accessRoleName,
                    iamUserAccessToBilling: "DENY",
                    closeOnDeletion: false,
                    tags: { ...tags, AccountName: account.name },
                },
                // roleName and billing access are create-only in AWS; changing them must not replace the account.
                { ...stateful, ignoreChanges: ["roleName", "iamUserAccessToBilling"], dependsOn: previous ? [previous] : [] },
            );
            previous = created;
            accounts.set(account.name, { name: account.name, id: created.id, ou: account.ou, environment, coreRole, quarantined, tags });
        };
        for (const role of coreAccountRoles) {
            const core = args.config.coreAccounts[role];
            addAccount(core, "core", false, { Owner: "platform", CostCenter: "platform" }, role);
        }
        for (const workload of args.config.workloadAccounts) {
            addAccount(workload, workload.environment, workload.quarantined, { Owner: workload.owner, CostCenter: workload.costCenter });
        }
        this.accounts = accounts;

        this.registerOutputs({ organizationId: this.organization.id, rootId: this.rootId });
    }

    /** The core account playing a role (log archive, security tooling, ...). */
    core(role: CoreAccountRole): MemberAccount {
        for (const account of this.accounts.values()) if (account.coreRole === role) return account;
        throw new Error(`Organization: no core account with role ${role}`);
    }
}
