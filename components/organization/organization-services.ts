import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/**
 * How each security service is delegated. Services with their own delegation API register the
 * Organizations delegated administrator themselves (and per region where the service is regional);
 * registering `aws.organizations.DelegatedAdministrator` as well would fail as a duplicate.
 */
export type DelegationMechanism =
    | { readonly kind: "organizations"; readonly servicePrincipal: string }
    | { readonly kind: "guardduty" | "securityhub" | "macie" | "detective" | "inspector"; readonly regional: true }
    | { readonly kind: "firewall-manager" };

/** Which core account administers a service for the organization. */
export type DelegateAccount = "securityTooling" | "network" | "backup";

export interface Delegation {
    /** Stable logical key; the resource name segment. */
    readonly service: string;
    readonly account: DelegateAccount;
    readonly mechanism: DelegationMechanism;
}

/** The landing zone's delegations: detection and audit to security tooling, Backup to backup (the Ipam component delegates IPAM to network before creating it). */
export const DELEGATIONS: readonly Delegation[] = [
    { service: "guardduty", account: "securityTooling", mechanism: { kind: "guardduty", regional: true } },
    { service: "securityhub", account: "securityTooling", mechanism: { kind: "securityhub", regional: true } },
    { service: "macie", account: "securityTooling", mechanism: { kind: "macie", regional: true } },
    { service: "detective", account: "securityTooling", mechanism: { kind: "detective", regional: true } },
    { service: "inspector", account: "securityTooling", mechanism: { kind: "inspector", regional: true } },
    // Config has no delegation API: the aggregator needs config, conformance packs and org rules need config-multiaccountsetup.
    { service: "config", account: "securityTooling", mechanism: { kind: "organizations", servicePrincipal: "config.amazonaws.com" } },
    {
        service: "config-multiaccountsetup",
        account: "securityTooling",
        mechanism: { kind: "organizations", servicePrincipal: "config-multiaccountsetup.amazonaws.com" },
    },
    { service: "access-analyzer", account: "securityTooling", mechanism: { kind: "organizations", servicePrincipal: "access-analyzer.amazonaws.com" } },
    { service: "firewall-manager", account: "securityTooling", mechanism: { kind: "firewall-manager" } },
    { service: "backup", account: "backup", mechanism: { kind: "organizations", servicePrincipal: "backup.amazonaws.com" } },
];

/** Region where Firewall Manager's administrator must be associated. */
export const FIREWALL_MANAGER_REGION = "us-east-1";

export interface OrganizationServicesArgs {
    /** Account ids of the delegate core accounts. */
    readonly delegates: Readonly<Record<DelegateAccount, pulumi.Input<string>>>;
    /** Regions the regional services run in: one delegation per region. */
    readonly regions: readonly string[];
    /** Management-account provider per region in `regions`. */
    readonly regionalProviders: ReadonlyMap<string, aws.Provider>;
    /** Management-account provider in the home region (global APIs: Organizations, IAM, IPAM, Backup). */
    readonly homeProvider: aws.Provider;
    /** Management-account provider in us-east-1, where Firewall Manager's administrator is set. */
    readonly firewallManagerProvider: aws.Provider;
    /** AWS Backup's organization settings: whether the backup policy is on, and whether it copies across accounts. */
    readonly backup: { readonly enabled: boolean; readonly crossAccountCopies: boolean };
    /** Resources that must exist first (the organization with trusted access for these services). */
    readonly dependsOn?: readonly pulumi.Resource[];
}

/**
 * Organization-wide service settings that can only be made from the management account: delegated
 * administrators for the security services, central root access management (member accounts have no
 * root credentials; privileged root tasks go through short sts:AssumeRoot sessions), and AWS Backup
 * cross-account copies, RAM sharing with the organization. The services' own organization configuration is built in the delegate accounts.
 */
export class OrganizationServices extends pulumi.ComponentResource {
    /** Delegation resources by "<service>" or "<service>-<region>". */
    readonly delegations: ReadonlyMap<string, pulumi.CustomResource>;
    readonly rootAccess: aws.iam.OrganizationsFeatures;
    /** RAM sharing with the organization; resource shares to the organization depend on it. */
    readonly ramSharing: aws.ram.SharingWithOrganization;

    constructor(name: string, args: OrganizationServicesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:organization:OrganizationServices", name, {}, opts);
        if (args.regions.length === 0) throw new Error(`OrganizationServices ${name}: regions is empty; pass the allowed regions`);
        for (const region of args.regions)
            if (!args.regionalProviders.has(region))
                throw new Error(
                    `OrganizationServices ${name}: regionalProviders has no provider for ${region}; pass a management provider for every region in regions`,
                );

        const dependsOn = [...(args.dependsOn ?? [])];
        const delegations = new Map<string, pulumi.CustomResource>();
        for (const d of DELEGATIONS) {
            const accountId = args.delegates[d.account];
            const home = { parent: this, provider: args.homeProvider, dependsOn };
            const m = d.mechanism;
            switch (m.kind) {
                case "organizations":
                    delegations.set(
                        d.service,
                        new aws.organizations.DelegatedAdministrator(`${name}-${d.service}`, { accountId, servicePrincipal: m.servicePrincipal }, home),
                    );
                    break;
                case "firewall-manager":
                    delegations.set(
                        d.service,
                        new aws.fms.AdminAccount(`${name}-${d.service}`, { accountId }, { parent: this, provider: args.firewallManagerProvider, dependsOn }),
                    );
                    break;
                default:
                    for (const region of args.regions) {
                        const resourceName = `${name}-${d.service}-${region}`;
                        const ropts = { parent: this, provider: args.regionalProviders.get(region), dependsOn };
                        delegations.set(`${d.service}-${region}`, regionalDelegation(m.kind, resourceName, accountId, ropts));
                    }
            }
        }
        this.delegations = delegations;

        // Needs trusted access for iam.amazonaws.com, which the organization grants.
        this.rootAccess = new aws.iam.OrganizationsFeatures(
            `${name}-root-access`,
            { enabledFeatures: ["RootCredentialsManagement", "RootSessions"] },
            { parent: this, provider: args.homeProvider, dependsOn },
        );

        // RAM shares to the organization or its OUs (transit gateways, IPAM pools, DNS Firewall, Route 53 profiles) need this once.
        this.ramSharing = new aws.ram.SharingWithOrganization(`${name}-ram-sharing`, {}, { parent: this, provider: args.homeProvider, dependsOn });

        // Registering the backup account with Organizations is not enough: AWS Backup gives a delegated
        // administrator its cross-account view and policy management only with isDelegatedAdministratorEnabled.
        const backupDelegation = delegations.get("backup");
        if (args.backup.enabled)
            new aws.backup.GlobalSettings(
                `${name}-backup-cross-account`,
                {
                    globalSettings: {
                        isCrossAccountBackupEnabled: String(args.backup.crossAccountCopies),
                        isDelegatedAdministratorEnabled: "true",
                    },
                },
                { parent: this, provider: args.homeProvider, dependsOn: [...dependsOn, ...(backupDelegation ? [backupDelegation] : [])] },
            );

        this.registerOutputs({ delegations: [...delegations.keys()] });
    }

    /**
     * A service's delegated administrator registration (in `region` for the regional services): what
     * only the delegate may configure waits for it.
     */
    delegation(service: string, region?: string): pulumi.Resource {
        const key = region === undefined ? service : `${service}-${region}`;
        const found = this.delegations.get(key);
        if (!found) throw new Error(`OrganizationServices: no delegation "${key}"; expected one of ${[...this.delegations.keys()].join(", ")}`);
        return found;
    }
}

function regionalDelegation(
    kind: "guardduty" | "securityhub" | "macie" | "detective" | "inspector",
    name: string,
    accountId: pulumi.Input<string>,
    opts: pulumi.CustomResourceOptions,
): pulumi.CustomResource {
    switch (kind) {
        case "guardduty":
            return new aws.guardduty.OrganizationAdminAccount(name, { adminAccountId: accountId }, opts);
        case "securityhub":
            return new aws.securityhub.OrganizationAdminAccount(name, { adminAccountId: accountId }, opts);
        case "macie":
            return new aws.macie2.OrganizationAdminAccount(name, { adminAccountId: accountId }, opts);
        case "detective":
            return new aws.detective.OrganizationAdminAccount(name, { accountId }, opts);
        case "inspector":
            return new aws.inspector2.DelegatedAdminAccount(name, { accountId }, opts);
    }
}
