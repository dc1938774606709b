import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AccountProviders } from "../components/organization/account-providers";
import { memberPreviewRoleName } from "../components/bootstrap/policies";
import { Organization } from "../components/organization/organization";
import { protectStatefulResources } from "../components/shared/stateful";
import { LandingZoneConfig, MANAGEMENT_ACCOUNT } from "./config";
import { LandingZoneContext } from "./context";
import { wireData } from "./wiring/data";
import { wireEndpoint } from "./wiring/endpoint";
import { wireSecurity } from "./wiring/security";
import { wireOrganization } from "./wiring/organization";
import { wireIdentity } from "./wiring/identity";
import { wireNetwork } from "./wiring/network";
import { wireBootstrap } from "./wiring/bootstrap";
import { wireOperations } from "./wiring/operations";
import { wireResponse } from "./wiring/response";
import { nextTurn } from "./turn";

/** AWS services the organization trusts to act across member accounts. */
export const TRUSTED_SERVICE_PRINCIPALS = [
    "access-analyzer.amazonaws.com",
    "account.amazonaws.com",
    "backup.amazonaws.com",
    "cloudtrail.amazonaws.com",
    "config-multiaccountsetup.amazonaws.com",
    "config.amazonaws.com",
    "detective.amazonaws.com",
    "fms.amazonaws.com",
    "guardduty.amazonaws.com",
    "iam.amazonaws.com",
    "inspector2.amazonaws.com",
    "ipam.amazonaws.com",
    "macie.amazonaws.com",
    "malware-protection.guardduty.amazonaws.com",
    "member.org.stacksets.cloudformation.amazonaws.com",
    "observabilityadmin.amazonaws.com",
    "ram.amazonaws.com",
    "securityhub.amazonaws.com",
    "servicecatalog.amazonaws.com",
    "ssm.amazonaws.com",
    "sso.amazonaws.com",
    "tagpolicies.tag.amazonaws.com",
];

export const ENABLED_POLICY_TYPES = [
    "AISERVICES_OPT_OUT_POLICY",
    "BACKUP_POLICY",
    "DECLARATIVE_POLICY_EC2",
    "RESOURCE_CONTROL_POLICY",
    "SERVICE_CONTROL_POLICY",
    "TAG_POLICY",
];

/** What the stack exports. */
export interface LandingZoneOutputs {
    readonly organizationId: pulumi.Output<string>;
    readonly accountIds: pulumi.Output<Record<string, string>>;
    /** Break-glass role ARNs by account and role name: alarms and response watch every use of them. */
    readonly breakGlassRoleArns: pulumi.Output<Record<string, Record<string, string>>>;
}

/**
 * Composes the landing zone for one environment from validated config. Areas are built one after
 * another, each yielding a turn between its units of work, so registrations stream out as they are built.
 */
export async function buildLandingZone(config: LandingZoneConfig): Promise<LandingZoneOutputs> {
    const protect = config.settings.protectStatefulResources;
    // Stateful options are applied here, once, to every resource of a stateful type the program creates.
    pulumi.runtime.registerStackTransformation(protectStatefulResources(protect));
    const platformTags = { Environment: "shared", Owner: "platform", CostCenter: "platform", ManagedBy: "landing-zone" };

    // The management account is reached with the caller's credentials; allowedAccountIds pins it.
    const management = new AccountProviders("management", {
        accounts: [{ name: MANAGEMENT_ACCOUNT, id: config.managementAccountId, tags: platformTags }],
        regions: config.regions.allowed,
        accessRoleName: config.organization.accessRoleName,
        directAccounts: [MANAGEMENT_ACCOUNT],
    });
    const managementProvider: aws.Provider = management.get(MANAGEMENT_ACCOUNT, config.regions.home);

    const organization = new Organization(
        "org",
        {
            config: config.organization,
            environment: config.environment,
            // An adopted organization keeps what it already trusts and enables (organization.keep).
            trustedServicePrincipals: [...new Set([...TRUSTED_SERVICE_PRINCIPALS, ...config.organization.keep.trustedServicePrincipals])],
            enabledPolicyTypes: [...new Set([...ENABLED_POLICY_TYPES, ...config.organization.keep.policyTypes])],
        },
        { provider: managementProvider },
    );

    const members = new AccountProviders("members", {
        accounts: [...organization.accounts.values()].map((a) => ({ name: a.name, id: a.id, tags: { ...a.tags, ManagedBy: "landing-zone" } })),
        regions: config.regions.allowed,
        // Previews (pull requests, drift) read member accounts through their read-only role, never the administrator access role.
        accessRoleName: config.pipelineMode === "preview" ? memberPreviewRoleName(config.environment) : config.organization.accessRoleName,
        directAccounts: [],
    });

    // Global services deliver their events in one region; reach it even when workloads may not run there.
    const globalRegion = config.response.globalEventsRegion;
    const globalEvents = config.regions.allowed.includes(globalRegion)
        ? { region: globalRegion, member: members, management }
        : {
              region: globalRegion,
              member: new AccountProviders("response-global-events", {
                  accounts: [...organization.accounts.values()].map((a) => ({ name: a.name, id: a.id, tags: { ...a.tags, ManagedBy: "landing-zone" } })),
                  regions: [globalRegion],
                  // The member providers' role: the access role to deploy, the preview role in preview mode.
                  accessRoleName: members.roleName,
                  directAccounts: [],
              }),
              management: new AccountProviders("response-global-events-management", {
                  accounts: [{ name: MANAGEMENT_ACCOUNT, id: config.managementAccountId, tags: { Owner: "platform", ManagedBy: "landing-zone" } }],
                  regions: [globalRegion],
                  accessRoleName: config.organization.accessRoleName,
                  directAccounts: [MANAGEMENT_ACCOUNT],
              }),
          };
    const context: LandingZoneContext = { config, organization, member: members, management, managementHome: managementProvider, globalEvents, protect };
    // Each area wires its components from the shared context and yields a turn per account it builds
    // for; a turn between areas lets each one's last resources settle before the next area starts.
    await nextTurn();
    // The organization area comes first: the other areas' organization-wide settings wait for its
    // delegated administrators, and their RAM associations for its RAM sharing.
    const organizationArea = wireOrganization(context);
    const services = organizationArea.services;
    await nextTurn();
    const data = await wireData(context, services);
    await nextTurn();
    const security = await wireSecurity(context, data, services);
    await nextTurn();
    await wireEndpoint(context, data, services);
    await nextTurn();
    const identity = await wireIdentity(context, { accessAnalyzerDelegation: services.delegation("access-analyzer") });
    await nextTurn();
    const network = await wireNetwork(context, data, services);
    // VPC BPA is enforced by the declarative policy only once the exclusions its mode needs exist.
    organizationArea.policies.release("vpc-bpa-exclusions", network.bpaExclusions);
    if (organizationArea.policies.pending.length > 0)
        throw new Error(`organization policies never attached: waiting for ${organizationArea.policies.pending.join(", ")}`);
    await nextTurn();
    wireBootstrap(context);
    await nextTurn();
    const response = await wireResponse(context, data);
    await nextTurn();
    await wireOperations(context, { data, network, security, response });

    return {
        organizationId: organization.organization.id,
        accountIds: pulumi.output(Object.fromEntries([...organization.accounts.values()].map((a) => [a.name, a.id]))),
        breakGlassRoleArns: pulumi.all(identity.breakGlassRoles.map((r) => r.arn.apply((arn) => [r.account, r.roleName, arn] as const))).apply((rows) => {
            const out: Record<string, Record<string, string>> = {};
            for (const [account, roleName, arn] of rows) (out[account] ??= {})[roleName] = arn;
            return out;
        }),
    };
}
