import * as pulumi from "@pulumi/pulumi";
import { AccountIdentityBaseline, BREAK_GLASS_TAG, type BreakGlassRole } from "../../components/identity/account-baseline";
import { OrganizationAccessAnalyzer } from "../../components/identity/access-analyzer";
import { assignableAccounts, expandAssignments, MANAGEMENT_ACCOUNT_NAME, targetProblem, type ResolvedAssignment } from "../../components/identity/assignments";
import { resolvePermissionSets } from "../../components/identity/catalog";
import { IdentityCenter } from "../../components/identity/identity-center";
import { partitionOf, regionCode } from "../../components/organization/naming";
import { developerBoundaryPolicy } from "../../components/policies/developer-boundary";
import { logAnalyticsScope, PLATFORM_ROLE_PREFIX } from "../../components/shared/names";
import type { LandingZoneContext } from "../context";
import { nextTurn } from "../turn";

/** What the identity area gives other areas. */
export interface IdentityWiring {
    /** Permission set ARNs by name. */
    readonly permissionSetArns: ReadonlyMap<string, pulumi.Output<string>>;
    /** Every group-to-account grant made. */
    readonly assignments: readonly ResolvedAssignment[];
    /** Every break-glass role in every account: the response area alarms on each use of these. */
    readonly breakGlassRoles: readonly BreakGlassRole[];
}

/** What identity waits for from other areas, when the composition root has it. */
export interface IdentityPrerequisites {
    /** The security-tooling account's delegated-administrator registration for access-analyzer.amazonaws.com. */
    readonly accessAnalyzerDelegation?: pulumi.Resource;
}

/**
 * Identity: the account baseline (password policy, break-glass roles, developer boundary) in every
 * account, Identity Center permission sets and assignments in the management account, and the
 * organization's Access Analyzers in the security-tooling account.
 */
export async function wireIdentity(ctx: LandingZoneContext, prerequisites: IdentityPrerequisites = {}): Promise<IdentityWiring> {
    const { config } = ctx;
    const home = config.regions.home;
    const partition = partitionOf(home);
    const identity = config.identity;
    const protectedIam = {
        platformRolePrefix: PLATFORM_ROLE_PREFIX,
        accessRoleName: config.organization.accessRoleName,
        breakGlassRoleNames: identity.breakGlass?.roleNames ?? [],
    };
    const developerBoundary = developerBoundaryPolicy({ partition, allowedRegions: config.regions.allowed, protectedIam });

    const accounts: { name: string; id: pulumi.Input<string> }[] = [
        { name: MANAGEMENT_ACCOUNT_NAME, id: config.managementAccountId },
        ...[...ctx.organization.accounts.values()].map((a) => ({ name: a.name, id: a.id })),
    ];

    const baselines = new Map<string, AccountIdentityBaseline>();
    for (const account of accounts) {
        const provider = account.name === MANAGEMENT_ACCOUNT_NAME ? ctx.managementHome : ctx.member.get(account.name, home);
        baselines.set(
            account.name,
            new AccountIdentityBaseline(
                `identity-${account.name}`,
                {
                    account: account.name,
                    partition,
                    breakGlass: identity.breakGlass,
                    // In every member account: it caps developers and every role developers and platform engineers
                    // create. Not in the management account, whose roles only administrators change (the
                    // pipeline may not write IAM there), so no other set can create or change a role there.
                    developerBoundary: account.name === MANAGEMENT_ACCOUNT_NAME ? undefined : developerBoundary,
                    protect: ctx.protect,
                },
                { provider },
            ),
        );
        await nextTurn();
    }

    const assignments = expandAssignments(identity.assignments, assignableAccounts(config.organization));
    const assignable = new Map(assignableAccounts(config.organization).map((a) => [a.name, a]));
    for (const a of assignments) {
        const problem = targetProblem(a.permissionSet, assignable.get(a.account)!);
        if (problem) throw new Error(`wireIdentity: ${problem}; fix identity.assignments`);
    }

    const center = new IdentityCenter(
        "identity-center",
        {
            permissionSets: resolvePermissionSets(identity, partition, protectedIam, logAnalyticsScope(config)),
            groups: identity.groups,
            assignments,
            accountIds: new Map(accounts.map((a) => [a.name, a.id])),
            accountPrerequisites: new Map(
                [...baselines].flatMap(([name, b]) => (b.developerBoundary ? [[name, [b.developerBoundary]] as [string, pulumi.Resource[]]] : [])),
            ),
            accessControlAttributes: identity.accessControlAttributes,
        },
        { provider: ctx.managementHome },
    );

    const securityTooling = ctx.organization.core("securityTooling").name;
    for (const region of config.regions.allowed) {
        const isHome = region === home;
        new OrganizationAccessAnalyzer(
            `identity-access-analyzer-${regionCode(region)}`,
            {
                environment: config.environment,
                unusedAccess: isHome
                    ? { unusedAccessAgeDays: identity.accessAnalyzer.unusedAccessAgeDays, excludeTags: [{ [BREAK_GLASS_TAG.key]: BREAK_GLASS_TAG.value }] }
                    : undefined,
                archiveRules: identity.accessAnalyzer.archiveRules.filter((r) => isHome || r.analyzer === "external-access"),
                dependsOn: prerequisites.accessAnalyzerDelegation ? [prerequisites.accessAnalyzerDelegation] : [],
            },
            { provider: ctx.member.get(securityTooling, region) },
        );
    }

    return {
        permissionSetArns: center.permissionSetArns,
        assignments,
        breakGlassRoles: [...baselines.values()].flatMap((b) => b.breakGlassRoles),
    };
}
