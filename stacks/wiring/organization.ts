import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AlternateContacts } from "../../components/organization/alternate-contacts";
import { OrganizationPolicies } from "../../components/organization/organization-policies";
import { FIREWALL_MANAGER_REGION, OrganizationServices } from "../../components/organization/organization-services";
import { organizationPolicyPlan, worstCaseIds } from "../../components/organization/policy-plan";
import { MANAGEMENT_ACCOUNT } from "../config";
import { LandingZoneContext } from "../context";

/** What the organization area gives other areas. */
export interface OrganizationGovernance {
    readonly policies: OrganizationPolicies;
    readonly services: OrganizationServices;
}

/**
 * Organization policies attached to the root, OUs and accounts, delegated administrators, central
 * root access management: all in the management account, which is the only place they can live.
 */
export function wireOrganization(ctx: LandingZoneContext): OrganizationGovernance {
    const { config, organization } = ctx;
    const provider = { provider: ctx.managementHome };
    const accounts = [...organization.accounts.values()];
    const accountIds = new Map<string, pulumi.Input<string>>(accounts.map((a) => [a.name, a.id]));

    const policies = new OrganizationPolicies(
        "org-policies",
        {
            policies: organizationPolicyPlan(config),
            organizationId: organization.organization.id,
            worstCaseIds: worstCaseIds(config),
            rootId: organization.rootId,
            organizationalUnitIds: new Map([...organization.organizationalUnits].map(([path, ou]) => [path, ou.id])),
            accountIds,
            dependsOn: [organization.organization],
        },
        provider,
    );

    const regionalProviders = new Map(config.regions.allowed.map((r) => [r, ctx.management.get(MANAGEMENT_ACCOUNT, r)]));
    // Firewall Manager's administrator is set in us-east-1 even when workloads never run there.
    const firewallManagerProvider = ctx.management.has(MANAGEMENT_ACCOUNT, FIREWALL_MANAGER_REGION)
        ? ctx.management.get(MANAGEMENT_ACCOUNT, FIREWALL_MANAGER_REGION)
        : new aws.Provider(`${MANAGEMENT_ACCOUNT}-firewall-manager-${FIREWALL_MANAGER_REGION}`, {
              region: FIREWALL_MANAGER_REGION,
              allowedAccountIds: [config.managementAccountId],
              defaultTags: { tags: { Environment: "shared", Owner: "platform", CostCenter: "platform", ManagedBy: "landing-zone" } },
          });

    const services = new OrganizationServices(
        "org-services",
        {
            delegates: {
                securityTooling: organization.core("securityTooling").id,
                network: organization.core("network").id,
                backup: organization.core("backup").id,
            },
            regions: config.regions.allowed,
            regionalProviders,
            homeProvider: ctx.managementHome,
            firewallManagerProvider,
            backup: { enabled: config.data.backup.enabled, crossAccountCopies: config.data.backup.copyToBackupAccount },
            dependsOn: [organization.organization],
        },
        provider,
    );

    // CIS AWS Foundations 1.2: AWS's security notices for each account reach the security team.
    new AlternateContacts(
        "contacts",
        {
            contacts: config.organization.alternateContacts,
            accounts: [{ name: MANAGEMENT_ACCOUNT }, ...accounts.map((a) => ({ name: a.name, id: a.id }))],
            dependsOn: [organization.organization],
        },
        provider,
    );
    return { policies, services };
}
