import * as pulumi from "@pulumi/pulumi";
import { DeploymentRoles } from "../../components/bootstrap/deployment-roles";
import { MemberPreviewRole } from "../../components/bootstrap/member-preview-role";
import { memberPreviewRoleName } from "../../components/bootstrap/policies";
import { partitionOf } from "../../components/organization/naming";
import { FIREWALL_MANAGER_REGION } from "../../components/organization/organization-services";
import { EVENT_FORWARDER_ROLE } from "../../components/response/event-forwarder";
import { trailLogsRolePattern } from "../../components/security/cloudtrail";
import { ORGANIZATION_TRAIL_COMPONENT } from "./data";
import { LandingZoneContext } from "../context";

/** What the pipeline needs to know after the first (administrator-run) `pulumi up`. */
export interface Bootstrap {
    readonly previewRoleArn?: pulumi.Output<string>;
    readonly deployRoleArn?: pulumi.Output<string>;
}

/**
 * The pipeline's deployment identities (landing-zone:deployment). The first `pulumi up` runs with
 * administrator credentials; from then on GitHub Actions assumes these roles through OIDC. The deploy
 * role cannot change these roles, so later changes to them are applied by an administrator too.
 * Pull-request previews and drift checks read member accounts through a read-only role in each
 * (landing-zone:pipelineMode=preview), never through the organization access role.
 */
export function wireBootstrap(ctx: LandingZoneContext): Bootstrap {
    const deployment = ctx.config.deployment;
    if (!deployment) return {};
    const home = ctx.config.regions.home;
    const roles = new DeploymentRoles(
        "deployment",
        {
            repository: deployment.repository,
            branch: deployment.branch,
            environment: deployment.environment ?? ctx.config.environment,
            stackEnvironment: ctx.config.environment,
            partition: partitionOf(home),
            managementAccountId: ctx.config.managementAccountId,
            organizationId: ctx.organization.organization.id,
            accessRoleName: ctx.config.organization.accessRoleName,
            stateKeyAlias: deployment.stateKeyAlias ?? `alias/landing-zone-${ctx.config.environment}-state`,
            regions: ctx.config.regions.allowed,
            globalEventsRegion: ctx.config.response.globalEventsRegion,
            firewallManagerRegion: FIREWALL_MANAGER_REGION,
            breakGlassRoleNames: ctx.config.identity.breakGlass?.roleNames ?? [],
            // The management account's service roles: the organization trail's log delivery (named by Pulumi from its
            // logical name) and the security-event forwarders' role.
            passRoles: { "cloudtrail.amazonaws.com": [trailLogsRolePattern(ORGANIZATION_TRAIL_COMPONENT)], "events.amazonaws.com": [EVENT_FORWARDER_ROLE] },
            maxSessionSeconds: deployment.maxSessionSeconds,
        },
        { provider: ctx.managementHome },
    );
    // Every member account gets its read-only preview role through its deploy-path provider (IAM is global: the home region's).
    for (const account of ctx.organization.accounts.values())
        new MemberPreviewRole(
            `preview-${account.name}`,
            {
                roleName: memberPreviewRoleName(ctx.config.environment),
                managementPreviewRoleArn: roles.previewRole.arn,
                maxSessionSeconds: deployment.maxSessionSeconds,
            },
            { provider: ctx.member.get(account.name, home) },
        );
    return { previewRoleArn: roles.previewRole.arn, deployRoleArn: roles.deployRole.arn };
}
