/**
 * The permission sets of prod, resolved as the landing zone assigns them, and the policies a session of each is
 * evaluated against in an account: the managed and inline policies, the developer boundary and the SCPs of its OU.
 */
import * as YAML from "yaml";
import { resolvePermissionSets, type PermissionSetSpec } from "../../components/identity/catalog";
import { organizationPolicyPlan } from "../../components/organization/policy-plan";
import type { PolicyDocument } from "../../components/policies/document";
import { breakGlassTrustPolicy } from "../../components/policies/break-glass";
import { developerBoundaryPolicy } from "../../components/policies/developer-boundary";
import { logAnalyticsScope, PLATFORM_ROLE_PREFIX } from "../../components/shared/names";
import { LandingZoneConfig, namespacedConfig, parseLandingZoneConfig } from "../../stacks/config";
import { expectDecisions, type OrgPolicyLevel, type PolicySet, type SimulationOutcome, type SimulationRequest } from "../support/iam-simulation";
import { stackYaml } from "../support/preview";
import { managedDocuments } from "./aws-managed-policies";

export const MANAGEMENT = "123456789012";
export const WORKLOAD = "222222222222";
export const INFRA = "333333333333";
export const SANDBOX = "444444444444";
export const LOG_ARCHIVE = "555555555555";
export const OUTSIDER = "999999999999";
export const TRUSTED_IP = "198.51.100.10";
export const UNTRUSTED_IP = "192.0.2.77";
export const VPCE = "vpce-0a1b2c3d4e5f60718";

export function stackConfig(stack: string, edit: (raw: any) => void = () => undefined): LandingZoneConfig {
    const raw = namespacedConfig((YAML.parse(stackYaml(stack)) as { config: Record<string, unknown> }).config) as any;
    edit(raw);
    return parseLandingZoneConfig(raw);
}

// Prod, with a VPC endpoint added to the trusted networks so the endpoint path is simulated too.
export const prod = stackConfig("prod", (raw) => (raw.identity.trustedNetworks.vpcEndpointIds = [VPCE]));
export const protectedIam = {
    platformRolePrefix: PLATFORM_ROLE_PREFIX,
    accessRoleName: prod.organization.accessRoleName,
    breakGlassRoleNames: prod.identity.breakGlass!.roleNames,
};
export const sets = new Map<string, PermissionSetSpec>(
    resolvePermissionSets(prod.identity, "aws", protectedIam, logAnalyticsScope(prod)).map((s) => [s.name, s]),
);
export const boundary = developerBoundaryPolicy({ partition: "aws", allowedRegions: prod.regions.allowed, protectedIam });
export const trust = breakGlassTrustPolicy({
    partition: "aws",
    trustedAccountIds: prod.identity.breakGlass!.trustedAccountIds,
    mfaMaxAgeSeconds: prod.identity.breakGlass!.mfaMaxAgeSeconds,
});

/** The SCPs of an account in an OU, level by level from the root, as the organization plan attaches them. */
export function scpsFor(ou: string | undefined): OrgPolicyLevel[] {
    const plan = organizationPolicyPlan(prod).filter((p) => p.type === "SERVICE_CONTROL_POLICY");
    const ids = { organizationId: "o-a1b2c3d4e5", accountIds: {} };
    const at = (match: (t: { kind: string; path?: string }) => boolean) =>
        Object.fromEntries(plan.filter((p) => p.targets.some(match)).map((p) => [p.name, JSON.parse(p.render(ids)) as PolicyDocument]));
    const levels: OrgPolicyLevel[] = [{ target: "r-root", policies: at((t) => t.kind === "root") }];
    const parts = ou ? ou.split("/") : [];
    parts.forEach((_, i) => {
        const path = parts.slice(0, i + 1).join("/");
        levels.push({ target: `ou-${path}`, policies: at((t) => t.kind === "ou" && t.path === path) });
    });
    return levels;
}

/** What a session of a permission set is evaluated against in an account. */
export function sessionPolicies(set: string, ou: string | undefined): PolicySet {
    const spec = sets.get(set)!;
    return {
        identity: { ...managedDocuments(spec.managedPolicyArns), [`${set}-inline`]: spec.inlinePolicy },
        permissionBoundary: spec.permissionsBoundary ? boundary : undefined,
        // SCPs never apply to the management account.
        scps: ou === undefined ? undefined : scpsFor(ou),
    };
}

export const session = (account: string, set: string) => `arn:aws:sts::${account}:assumed-role/AWSReservedSSO_${set}_0123456789abcdef/alice@northwind.example`;

/** Context of a session from a compliant device on the corporate network in the home region, with overrides; null removes a key. */
export function context(overrides: Record<string, string | null> = {}): Record<string, string> {
    const base: Record<string, string | null> = {
        "aws:PrincipalTag/deviceCompliant": "true",
        "aws:SourceIp": TRUSTED_IP,
        "aws:RequestedRegion": "eu-west-1",
        ...overrides,
    };
    return Object.fromEntries(Object.entries(base).filter((e): e is [string, string] => e[1] !== null));
}

const simulated: Record<string, number> = {};
export async function table(name: string, policies: PolicySet, rows: readonly SimulationRequest[]): Promise<SimulationOutcome[]> {
    const outcomes = await expectDecisions(policies, rows);
    simulated[name] = (simulated[name] ?? 0) + rows.length;
    return outcomes;
}

/** Prints how many requests each table simulated: run after a describe's tests. */
export function logSimulatedRequests(): void {
    const total = Object.values(simulated).reduce((a, b) => a + b, 0);
    console.log(
        `      simulated requests per table: ${Object.entries(simulated)
            .map(([k, v]) => `${k}=${v}`)
            .join(", ")} (total ${total})`,
    );
}
