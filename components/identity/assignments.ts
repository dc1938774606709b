import type { BuiltInPermissionSet, OrganizationShape } from "../shared/config-types";
import { PERMISSION_SET_CATALOG, PermissionSetTargets } from "./catalog";

/** The logical name of the management account in assignments. */
export const MANAGEMENT_ACCOUNT_NAME = "management";

/** Core accounts that count as infrastructure for the platform-admin set. */
const INFRASTRUCTURE_CORE_ROLES: readonly string[] = ["network", "sharedServices", "backup"];

/** An account as assignments see it. */
export interface AssignableAccount {
    readonly name: string;
    /** OU path; undefined for the management account, which sits at the root. */
    readonly ou?: string;
    readonly kind: "management" | "infrastructure" | "core" | "workload";
    /** Core accounts only: the account's role in organization.coreAccounts (e.g. logArchive). */
    readonly coreRole?: string;
    /** Quarantined accounts are skipped when an OU is expanded. */
    readonly quarantined: boolean;
}

/** A configured assignment (identity.assignments[]): a group gets a permission set in accounts and OU subtrees. */
export interface AssignmentConfig {
    readonly group: string;
    readonly permissionSet: string;
    /** Account logical names ("management" for the management account). */
    readonly accounts: readonly string[];
    /** OU paths; every account in the OU (and below) gets the assignment. */
    readonly ous: readonly string[];
}

/** One group-to-account grant of a permission set. */
export interface ResolvedAssignment {
    /** `${group}-${permissionSet}-${account}`: the stable resource-name segment. */
    readonly key: string;
    readonly group: string;
    readonly permissionSet: string;
    readonly account: string;
}

/** Every account of the organization, from config alone (the management account included). */
export function assignableAccounts(organization: Pick<OrganizationShape, "coreAccounts" | "workloadAccounts">): AssignableAccount[] {
    return [
        { name: MANAGEMENT_ACCOUNT_NAME, kind: "management", quarantined: false },
        ...Object.entries(organization.coreAccounts).map(([role, a]): AssignableAccount => ({
            name: a.name,
            ou: a.ou,
            kind: INFRASTRUCTURE_CORE_ROLES.includes(role) ? "infrastructure" : "core",
            coreRole: role,
            quarantined: false,
        })),
        ...organization.workloadAccounts.map((a): AssignableAccount => ({ name: a.name, ou: a.ou, kind: "workload", quarantined: a.quarantined })),
    ];
}

/** Accounts in an OU or any OU below it, quarantined ones excepted (they sit in the quarantine OU until baselined). */
export function accountsInOu(accounts: readonly AssignableAccount[], ou: string): AssignableAccount[] {
    return accounts.filter((a) => !a.quarantined && a.ou !== undefined && (a.ou === ou || a.ou.startsWith(`${ou}/`)));
}

/**
 * Expands config assignments into one grant per (group, permission set, account): named accounts plus
 * every account of each named OU subtree. The same grant reached twice (an account and its OU) is one
 * grant. Sorted by key, so the result does not depend on config order.
 */
export function expandAssignments(assignments: readonly AssignmentConfig[], accounts: readonly AssignableAccount[]): ResolvedAssignment[] {
    const byName = new Map(accounts.map((a) => [a.name, a]));
    const out = new Map<string, ResolvedAssignment>();
    for (const a of assignments) {
        const targets = [
            ...a.accounts.map((name) => {
                const account = byName.get(name);
                if (!account) throw new Error(`expandAssignments: assignment of ${a.permissionSet} to ${a.group} names unknown account "${name}"`);
                return account;
            }),
            ...a.ous.flatMap((ou) => accountsInOu(accounts, ou)),
        ];
        for (const account of targets) {
            const key = `${a.group}-${a.permissionSet}-${account.name}`;
            out.set(key, { key, group: a.group, permissionSet: a.permissionSet, account: account.name });
        }
    }
    return [...out.values()].sort((x, y) => x.key.localeCompare(y.key));
}

/** Whether a set's target rule admits an account. */
export function targetAllows(targets: PermissionSetTargets, account: AssignableAccount): boolean {
    switch (targets) {
        case "infrastructure":
            return account.kind === "management" || account.kind === "infrastructure";
        case "workload":
            return account.kind === "workload";
        case "log-archive":
            return account.coreRole === "logArchive";
        case "any":
            return true;
    }
}

/** Why a set may not go to an account, or undefined when it may. */
export function targetProblem(permissionSet: string, account: AssignableAccount): string | undefined {
    const defaults = PERMISSION_SET_CATALOG[permissionSet as BuiltInPermissionSet];
    if (!defaults || targetAllows(defaults.targets, account)) return undefined;
    return `${permissionSet} may not be assigned to ${account.name} (expected ${TARGET_DESCRIPTIONS[defaults.targets]})`;
}

/** What each target rule admits, in words, for errors. */
const TARGET_DESCRIPTIONS: Readonly<Record<PermissionSetTargets, string>> = {
    infrastructure: "the management account or the network, shared-services and backup accounts",
    workload: "workload accounts only (prod, nonprod, sandbox)",
    "log-archive": "the log-archive account (organization.coreAccounts.logArchive) only",
    any: "any account",
};
