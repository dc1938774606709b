/**
 * The vocabulary that components and the stack config share: the fixed lists components build from
 * and the config shapes they read. The config schema (stacks/schema) is built from these, so the
 * dependency runs one way: stacks import components, never the reverse.
 */

/** Routing segments; each has its own TGW route table. Inspection is always added. */
export const SEGMENTS = ["prod", "nonprod", "shared"] as const;
export type Segment = (typeof SEGMENTS)[number];

/** The permission sets the catalog defines; every one is always built. */
export const builtInPermissionSets = [
    "platform-admin",
    "platform-engineer",
    "security-auditor",
    "developer",
    "read-only",
    "billing-viewer",
    "support",
    "log-analyst",
] as const;
export type BuiltInPermissionSet = (typeof builtInPermissionSets)[number];

/** A customer-managed IAM policy by name and path, as Identity Center attaches it. */
export interface CustomerManagedPolicyRef {
    readonly name: string;
    readonly path: string;
}

/** The five platform accounts, by their key in organization.coreAccounts. */
export const coreAccountRoles = ["logArchive", "securityTooling", "network", "sharedServices", "backup"] as const;
export type CoreAccountRole = (typeof coreAccountRoles)[number];

/** The alternate contact types AWS Account Management keeps per account (PutAlternateContact). */
export const ALTERNATE_CONTACT_TYPES = ["security", "operations", "billing"] as const;
export type AlternateContactType = (typeof ALTERNATE_CONTACT_TYPES)[number];

/** A person or team AWS writes to about one side of an account. */
export interface AlternateContact {
    readonly name: string;
    readonly title: string;
    readonly email: string;
    readonly phone: string;
}

export type AlternateContactsConfig = Readonly<Record<AlternateContactType, AlternateContact>>;

/** An OU of the configured tree. */
export interface OrganizationalUnitConfig {
    readonly name: string;
    readonly children?: readonly OrganizationalUnitConfig[];
}

/** Where a stack lives: enough to derive the names components agree on. */
export interface StackPlacement {
    readonly managementAccountId: string;
    readonly environment: string;
    readonly regions: { readonly home: string };
}

/** A member account as configured (organization.coreAccounts.* and organization.workloadAccounts[]). */
export interface AccountConfig {
    /** Stable logical name: the account's URN segment and the key other config refers to. */
    readonly name: string;
    readonly displayName?: string;
    readonly email: string;
    /** OU path such as "Workloads/Prod". */
    readonly ou: string;
    readonly tags: Readonly<Record<string, string>>;
}

export type WorkloadEnvironment = "prod" | "nonprod" | "sandbox";

export interface WorkloadAccountConfig extends AccountConfig {
    readonly environment: WorkloadEnvironment;
    readonly owner: string;
    readonly costCenter: string;
    /** Parked in the quarantine OU until its baseline exists. */
    readonly quarantined: boolean;
}

/** The organization section of the config, as the components that build and address it read it. */
export interface OrganizationShape {
    readonly accessRoleName: string;
    readonly organizationalUnits: readonly OrganizationalUnitConfig[];
    readonly quarantineOu: string;
    readonly coreAccounts: Readonly<Record<CoreAccountRole, AccountConfig>>;
    readonly workloadAccounts: readonly WorkloadAccountConfig[];
    /** Tag keys every resource must carry, with the allowed values (empty list: any value). */
    readonly requiredTags: Readonly<Record<string, readonly string[]>>;
}
