import { builtInPermissionSets } from "../shared/config-types";
import type { BuiltInPermissionSet, CustomerManagedPolicyRef } from "../shared/config-types";
import { DEVELOPER_BOUNDARY_POLICY_NAME, LANDING_ZONE_IAM_PATH, type ProtectedIam } from "../policies/developer-boundary";
import { DEFAULT_SENSITIVE_ACTIONS, permissionSetInlinePolicy, type AccessConditions, type LogAnalyticsScope } from "../policies/permission-sets";
import type { PolicyDocument } from "../policies/document";

/**
 * Which accounts a permission set may be assigned to:
 * - "infrastructure": the management account and the network, shared-services and backup accounts;
 * - "workload": workload accounts only (prod, nonprod, sandbox);
 * - "log-archive": the log-archive account only (where the archive and its Athena workgroup are);
 * - "any": every account.
 */
export type PermissionSetTargets = "infrastructure" | "workload" | "log-archive" | "any";

/** What config may change of a built-in set (identity.permissionSets.<set>). */
export interface PermissionSetOverride {
    readonly sessionDuration?: string;
    readonly requireCompliantDevice?: boolean;
    readonly requireTrustedNetwork?: boolean;
    readonly sensitiveActions?: readonly string[];
    readonly managedPolicies?: readonly string[];
    readonly customerManagedPolicies?: readonly CustomerManagedPolicyRef[];
    readonly relayState?: string;
}

/** The identity config the catalog resolves sets against. */
export interface PermissionSetsConfig {
    readonly permissionSets: Readonly<Record<string, PermissionSetOverride>>;
    /** Session tag the identity provider sets from its device check. */
    readonly deviceComplianceAttribute: string;
    /** Where sensitive actions may come from. */
    readonly trustedNetworks: { readonly cidrs: readonly string[]; readonly vpcEndpointIds: readonly string[] };
}

/** The built-in defaults of a permission set; config may override the marked fields. */
export interface PermissionSetDefaults {
    readonly description: string;
    /** Overridable. */
    readonly sessionDuration: string;
    /** Overridable. AWS-managed policies by path/name below arn:<partition>:iam::aws:policy/. */
    readonly managedPolicies: readonly string[];
    /** Overridable. */
    readonly requireCompliantDevice: boolean;
    /** Overridable. */
    readonly requireTrustedNetwork: boolean;
    /** Overridable. Console path (below the partition's console host) users land on. */
    readonly relayPath?: string;
    readonly targets: PermissionSetTargets;
    /** The set is capped by the developer boundary (which exists in every member account). */
    readonly developerBoundary: boolean;
    /** The set may hold every action on every resource; for any other set that is an escalation. */
    readonly administrator: boolean;
}

export const PERMISSION_SET_CATALOG: Readonly<Record<BuiltInPermissionSet, PermissionSetDefaults>> = {
    "platform-admin": {
        description: "Full administration of the management and infrastructure accounts; short sessions from compliant devices only",
        sessionDuration: "PT1H",
        managedPolicies: ["AdministratorAccess"],
        requireCompliantDevice: true,
        requireTrustedNetwork: true,
        targets: "infrastructure",
        developerBoundary: false,
        administrator: true,
    },
    "platform-engineer": {
        description: "Builds and runs platform services; manages IAM roles under /workload/ capped by the developer boundary; no IAM users",
        sessionDuration: "PT4H",
        managedPolicies: ["PowerUserAccess"],
        requireCompliantDevice: true,
        requireTrustedNetwork: true,
        targets: "any",
        developerBoundary: false,
        administrator: false,
    },
    "security-auditor": {
        description: "Reads configuration and security services everywhere; triages findings",
        sessionDuration: "PT4H",
        managedPolicies: ["SecurityAudit", "job-function/ViewOnlyAccess"],
        requireCompliantDevice: true,
        requireTrustedNetwork: true,
        relayPath: "/securityhub/home",
        targets: "any",
        developerBoundary: false,
        administrator: false,
    },
    developer: {
        description: "Deploys and operates a team's workloads in its workload accounts, capped by the developer boundary",
        sessionDuration: "PT8H",
        managedPolicies: ["PowerUserAccess"],
        requireCompliantDevice: true,
        requireTrustedNetwork: true,
        targets: "workload",
        developerBoundary: true,
        administrator: false,
    },
    "read-only": {
        description: "Views resource configuration and metrics; no data reads",
        sessionDuration: "PT8H",
        managedPolicies: ["job-function/ViewOnlyAccess"],
        requireCompliantDevice: false,
        requireTrustedNetwork: false,
        targets: "any",
        developerBoundary: false,
        administrator: false,
    },
    "billing-viewer": {
        description: "Views bills, costs and budgets",
        sessionDuration: "PT4H",
        managedPolicies: ["AWSBillingReadOnlyAccess"],
        requireCompliantDevice: false,
        requireTrustedNetwork: false,
        relayPath: "/billing/home",
        targets: "any",
        developerBoundary: false,
        administrator: false,
    },
    // CIS AWS Foundations 1.16: a role in every account to manage incidents with AWS Support.
    support: {
        description: "Opens and follows AWS Support cases and reads AWS Health events during incidents",
        sessionDuration: "PT4H",
        managedPolicies: ["AWSSupportAccess"],
        requireCompliantDevice: true,
        requireTrustedNetwork: false,
        relayPath: "/support/home",
        targets: "any",
        developerBoundary: false,
        administrator: false,
    },
    "log-analyst": {
        description: "Queries the flow-log and DNS-log archive through the log-analytics Athena workgroup; reads nothing else, writes only query results",
        sessionDuration: "PT4H",
        // Everything it may do is in the inline policy, scoped to the workgroup, the database and the archive prefixes.
        managedPolicies: [],
        requireCompliantDevice: true,
        requireTrustedNetwork: true,
        relayPath: "/athena/home",
        targets: "log-archive",
        developerBoundary: false,
        administrator: false,
    },
};

/** A permission set with defaults and overrides resolved: everything a component needs to build it. */
export interface PermissionSetSpec {
    readonly name: BuiltInPermissionSet;
    readonly description: string;
    readonly sessionDuration: string;
    readonly managedPolicyArns: readonly string[];
    readonly customerManagedPolicies: readonly CustomerManagedPolicyRef[];
    readonly inlinePolicy: PolicyDocument;
    /** Customer-managed permissions boundary, when the set has one. */
    readonly permissionsBoundary?: CustomerManagedPolicyRef;
    readonly relayState?: string;
    readonly targets: PermissionSetTargets;
    readonly conditions: AccessConditions;
}

/** Device and network settings of a set after overrides; config validation uses it too. */
export function effectiveConditions(
    identity: PermissionSetsConfig,
    set: BuiltInPermissionSet,
): AccessConditions {
    const defaults = PERMISSION_SET_CATALOG[set];
    const override = identity.permissionSets[set] ?? {};
    return {
        deviceComplianceAttribute: identity.deviceComplianceAttribute,
        requireCompliantDevice: override.requireCompliantDevice ?? defaults.requireCompliantDevice,
        requireTrustedNetwork: override.requireTrustedNetwork ?? defaults.requireTrustedNetwork,
        sensitiveActions: override.sensitiveActions ?? DEFAULT_SENSITIVE_ACTIONS,
        trustedCidrs: identity.trustedNetworks.cidrs,
        trustedVpcEndpointIds: identity.trustedNetworks.vpcEndpointIds,
    };
}

/** Console host of a partition, for relay states. */
export function consoleHost(partition: string): string {
    switch (partition) {
        case "aws-us-gov":
            return "https://console.amazonaws-us-gov.com";
        case "aws-cn":
            return "https://console.amazonaws.cn";
        default:
            return "https://console.aws.amazon.com";
    }
}

/** Every built-in permission set, resolved against config. All of them are always built, assigned or not. */
export function resolvePermissionSets(
    identity: PermissionSetsConfig,
    partition: string,
    protectedIam: ProtectedIam,
    logAnalytics: LogAnalyticsScope,
): PermissionSetSpec[] {
    return builtInPermissionSets.map((name) => {
        const defaults = PERMISSION_SET_CATALOG[name];
        const override = identity.permissionSets[name] ?? {};
        const conditions = effectiveConditions(identity, name);
        const relayState = override.relayState ?? (defaults.relayPath ? `${consoleHost(partition)}${defaults.relayPath}` : undefined);
        return {
            name,
            description: defaults.description,
            sessionDuration: override.sessionDuration ?? defaults.sessionDuration,
            managedPolicyArns: (override.managedPolicies ?? defaults.managedPolicies).map((p) => `arn:${partition}:iam::aws:policy/${p}`),
            customerManagedPolicies: override.customerManagedPolicies ?? [],
            inlinePolicy: permissionSetInlinePolicy({ permissionSet: name, partition, protectedIam, conditions, logAnalytics }),
            permissionsBoundary: defaults.developerBoundary ? { name: DEVELOPER_BOUNDARY_POLICY_NAME, path: LANDING_ZONE_IAM_PATH } : undefined,
            relayState,
            targets: defaults.targets,
            conditions,
        };
    });
}
