import { identityCenterGroupId, identityStoreIdOf } from "../../components/identity/identity-center";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ClientVpn } from "../../components/endpoint/client-vpn";
import { FirewallManagerPolicies } from "../../components/endpoint/firewall-manager";
import { SsmAccountRole, SsmBaseline } from "../../components/endpoint/ssm-baseline";
import { VerifiedAccess } from "../../components/endpoint/verified-access";
import { WorkspacesDirectory } from "../../components/endpoint/workspaces";
import { PrivateCertificateAuthority } from "../../components/security/private-ca";
import { partitionOf, regionCode } from "../../components/organization/naming";
import type { MemberAccount } from "../../components/organization/organization";
import { crlBucketName, SESSION_MANAGER_LOG_GROUP, SESSION_MANAGER_LOG_PREFIX } from "../../components/shared/names";
import type { DataLayer, LandingZoneContext, OrganizationDelegations, OrganizationSharing } from "../context";
import { nextTurn } from "../turn";

/** What the endpoint area gives other areas. */
export interface EndpointLayer {
    /** Verified Access instances by region, when enabled. */
    readonly verifiedAccess: ReadonlyMap<string, VerifiedAccess>;
}

/** CloudFront is global: Firewall Manager takes its policies in us-east-1, allowed region or not. */
const CLOUDFRONT_REGION = "us-east-1";

/**
 * Endpoint controls: Systems Manager in every member account and allowed region; Verified Access (and
 * the optional Client VPN and WorkSpaces) in the shared-services account; Firewall Manager policies and
 * the optional private CAs for mutual TLS from the security-tooling account, which serve every account
 * of the organization.
 */
export async function wireEndpoint(ctx: LandingZoneContext, data: DataLayer, org: OrganizationSharing & OrganizationDelegations): Promise<EndpointLayer> {
    const cfg = ctx.config.endpoint;
    const home = ctx.config.regions.home;
    const regions = ctx.config.regions.allowed;
    const accounts = [...ctx.organization.accounts.values()];
    const shared = ctx.organization.core("sharedServices");
    const tooling = ctx.organization.core("securityTooling");
    const logArchive = ctx.organization.core("logArchive");
    const retention = ctx.config.settings.logRetentionDays;

    for (const account of accounts) {
        const role = new SsmAccountRole(
            `endpoint-ssm-${account.name}`,
            {
                accountId: account.id,
                sessionBucketArn: data.logBucketArn("access-logs"),
                sessionLogPrefix: SESSION_MANAGER_LOG_PREFIX,
                sessionKeyArns: regions.map((r) => data.keyArn(account.name, r, "logs")),
                sessionLogGroupName: SESSION_MANAGER_LOG_GROUP,
            },
            { provider: ctx.member.get(account.name, home) },
        );
        for (const region of regions) {
            new SsmBaseline(
                `endpoint-ssm-${account.name}-${regionCode(region)}`,
                {
                    accountId: account.id,
                    region,
                    hostManagementRole: role.settingValue,
                    sessionBucketName: data.logBucketName("access-logs"),
                    sessionLogPrefix: SESSION_MANAGER_LOG_PREFIX,
                    sessionKeyArn: data.keyArn(account.name, region, "logs"),
                    sessionLogGroupName: SESSION_MANAGER_LOG_GROUP,
                    logRetentionDays: retention,
                    ssm: cfg.ssm,
                },
                { provider: ctx.member.get(account.name, region), dependsOn: [role] },
            );
        }
        await nextTurn();
    }

    const verifiedAccess = new Map<string, VerifiedAccess>();
    const provider = cfg.verifiedAccess.deviceTrustProvider;
    if (cfg.verifiedAccess.enabled && provider) {
        const workloads = accounts.filter((a) => a.environment !== "core");
        // Groups live in the identity store of the management account's home region: ids are looked up by name.
        const lookup = { provider: ctx.managementHome };
        const store = identityStoreIdOf(lookup);
        const vaGroups = Object.fromEntries(
            Object.entries(cfg.verifiedAccess.groups).map(([name, g]) => [
                name,
                { identityCenterGroupId: identityCenterGroupId(store, g.identityCenterGroup, lookup), description: g.description },
            ]),
        );
        for (const region of regions) {
            verifiedAccess.set(
                region,
                new VerifiedAccess(
                    `endpoint-verified-access-${regionCode(region)}`,
                    {
                        deviceTrustProvider: provider,
                        groups: vaGroups,
                        shareWith: workloads.map((a) => ({ name: a.name, id: a.id })),
                        ramSharing: org.ramSharing,
                        logBucketName: data.logBucketName("access-logs"),
                        logBucketOwner: logArchive.id,
                        logBucketPolicy: data.logBucketPolicy("access-logs"),
                        kmsKeyArn: data.keyArn(shared.name, region, "secrets"),
                    },
                    { provider: ctx.member.get(shared.name, region) },
                ),
            );
        }
    }

    const vpn = cfg.clientVpn;
    if (vpn.enabled && vpn.serverCertificateArn && vpn.clientRootCertificateArn) {
        const networks = Object.fromEntries(
            ctx.config.network.spokes.filter((s) => s.account === shared.name && s.region === home).map((s) => [s.name, s.cidr]),
        );
        new ClientVpn(
            "endpoint-client-vpn",
            {
                clientCidr: vpn.clientCidr,
                serverCertificateArn: vpn.serverCertificateArn,
                clientRootCertificateArn: vpn.clientRootCertificateArn,
                subnetIds: vpn.subnetIds,
                authorizedNetworks: networks,
                logKeyArn: data.keyArn(shared.name, home, "logs"),
                logRetentionDays: retention,
            },
            { provider: ctx.member.get(shared.name, home) },
        );
    }

    const ws = cfg.workspaces;
    if (ws.enabled && ws.directoryId) {
        new WorkspacesDirectory(
            "endpoint-workspaces",
            { accountId: shared.id, directoryId: ws.directoryId, subnetIds: ws.subnetIds, allowedCidrs: ctx.config.identity.trustedNetworks.cidrs },
            { provider: ctx.member.get(shared.name, home) },
        );
    }

    // Security tooling holds the CAs: it already serves the whole organization and runs no workloads, so
    // the few principals that may manage the CAs are the security team's.
    if (cfg.privateCa.enabled) {
        new PrivateCertificateAuthority(
            "security-private-ca",
            {
                region: home,
                caAccountId: tooling.id,
                organizationId: ctx.organization.organization.id,
                organizationArn: ctx.organization.organization.arn,
                ramSharing: org.ramSharing,
                archiveProvider: ctx.member.get(logArchive.name, home),
                archiveAccountId: logArchive.id,
                archiveAdministratorRoleName: ctx.config.organization.accessRoleName,
                crlBucketName: crlBucketName(ctx.config),
                accessLogBucketName: data.logBucketName("access-logs"),
                accessLogBucketPolicy: data.logBucketPolicy("access-logs"),
                kmsDeletionWindowDays: ctx.config.settings.kmsDeletionWindowDays,
                settings: cfg.privateCa,
            },
            { provider: ctx.member.get(tooling.name, home) },
        );
    }

    if (cfg.waf.enabled) {
        const policies = { remediate: cfg.waf.remediate, shieldAdvanced: cfg.shieldAdvanced.enabled, dependsOn: [org.delegation("firewall-manager")] };
        for (const region of regions) {
            new FirewallManagerPolicies(
                `endpoint-fms-${regionCode(region)}`,
                { scope: "regional", region, ...policies },
                { provider: ctx.member.get(tooling.name, region) },
            );
        }
        if (cfg.waf.cloudFront) {
            new FirewallManagerPolicies(
                "endpoint-fms-cloudfront",
                { scope: "cloudfront", region: CLOUDFRONT_REGION, ...policies },
                { provider: globalProvider(ctx, tooling) },
            );
        }
    }

    return { verifiedAccess };
}

/** The security-tooling provider in us-east-1, reusing the member provider when the region is allowed. */
function globalProvider(ctx: LandingZoneContext, tooling: MemberAccount): aws.Provider {
    if (ctx.member.has(tooling.name, CLOUDFRONT_REGION)) return ctx.member.get(tooling.name, CLOUDFRONT_REGION);
    return new aws.Provider(`${tooling.name}-${CLOUDFRONT_REGION}-global`, {
        region: CLOUDFRONT_REGION,
        allowedAccountIds: [tooling.id],
        assumeRoles: [
            {
                roleArn: pulumi.interpolate`arn:${partitionOf(CLOUDFRONT_REGION)}:iam::${tooling.id}:role/${ctx.member.roleName}`,
                sessionName: "landing-zone",
            },
        ],
        defaultTags: { tags: { ...tooling.tags, ManagedBy: "landing-zone" } },
    });
}
