import type { DeploymentIdentity } from "../../components/bootstrap/policies";

/** A prod stack's deployment identity for the policy tests; each test overrides what it exercises. */
export function deploymentIdentity(overrides: Partial<DeploymentIdentity> = {}): DeploymentIdentity {
    return {
        partition: "aws",
        managementAccountId: "123456789012",
        organizationId: "o-a1b2c3d4e5",
        accessRoleName: "OrganizationAccountAccessRole",
        stateKeyAlias: "alias/landing-zone-prod-state",
        regions: ["eu-west-1", "eu-central-1"],
        globalEventsRegion: "us-east-1",
        firewallManagerRegion: "us-east-1",
        previewRoleName: "landing-zone-prod-preview",
        memberPreviewRoleName: "landing-zone-prod-member-preview",
        deployRoleName: "landing-zone-prod-deploy",
        breakGlassRoleNames: ["break-glass-admin"],
        passRoles: {},
        ...overrides,
    };
}
