import assert from "node:assert/strict";
import { parseDocument, vocabularyProblems } from "../../policypack/policies/iam-document";
import { deployRolePolicy, githubSubject, githubTrustPolicy, previewRolePolicy, type DeploymentIdentity } from "../../components/bootstrap/policies";
import { PLATFORM_ROLE_PREFIX } from "../../components/shared/names";
import { expectDecisions, expectValidDocuments, type SimulationRequest } from "../support/iam-simulation";

const MGMT = "123456789012";
const MEMBER = "222222222222";
const ORG = "o-a1b2c3d4e5";
const id: DeploymentIdentity = {
    partition: "aws",
    managementAccountId: MGMT,
    organizationId: ORG,
    accessRoleName: "OrganizationAccountAccessRole",
    stateKeyAlias: "alias/landing-zone-prod-state",
    regions: ["eu-west-1", "eu-central-1"],
    previewRoleName: "landing-zone-prod-preview",
    deployRoleName: "landing-zone-prod-deploy",
    managedRoleNames: [`${PLATFORM_ROLE_PREFIX}*`, "break-glass-admin", "break-glass-readonly", "organization-trail-logs-role-*"],
};
const session = `arn:aws:sts::${MGMT}:assumed-role/landing-zone-prod-deploy/github`;
const role = (name: string) => `arn:aws:iam::${MGMT}:role/${name}`;
const home = { "aws:RequestedRegion": "eu-west-1" };

const row = (
    description: string,
    action: string,
    resource: string,
    expected: SimulationRequest["expected"],
    extra: Partial<SimulationRequest> = {},
): SimulationRequest => ({
    description,
    principal: session,
    action,
    resource,
    context: home,
    expected,
    ...extra,
});

describe("deployment role policies", () => {
    it("use only actions, condition keys and ARNs that exist", async () => {
        await expectValidDocuments({
            deploy: deployRolePolicy(id),
            preview: previewRolePolicy(id),
        });
        // The trust policy's OIDC claim keys are per provider, so the pack's own vocabulary check (which knows them) validates it.
        const trust = githubTrustPolicy(`arn:aws:iam::${MGMT}:oidc-provider/token.actions.githubusercontent.com`, [
            githubSubject.environment("northwind/aws-landing-zone", "prod"),
        ]);
        assert.deepStrictEqual(await vocabularyProblems(parseDocument(trust)!), []);
    });

    it("the deploy role reaches member accounts only through their access role inside the organization", async () => {
        const memberTrust = {
            Version: "2012-10-17" as const,
            Statement: [
                {
                    Sid: "ManagementAccount",
                    Effect: "Allow" as const,
                    Principal: { AWS: `arn:aws:iam::${MGMT}:root` },
                    Action: "sts:AssumeRole",
                    Resource: "*",
                },
            ],
        };
        await expectDecisions({ identity: { deploy: deployRolePolicy(id) }, resourcePolicy: memberTrust }, [
            row("assumes a member's access role", "sts:AssumeRole", `arn:aws:iam::${MEMBER}:role/OrganizationAccountAccessRole`, "Allowed", {
                context: { ...home, "aws:ResourceOrgID": ORG },
                statement: "AssumeMemberAccessRole",
            }),
            row(
                "assumes the role in an account outside the organization",
                "sts:AssumeRole",
                "arn:aws:iam::999999999999:role/OrganizationAccountAccessRole",
                "ImplicitlyDenied",
                {
                    context: { ...home, "aws:ResourceOrgID": "o-zzzzzzzzzz" },
                },
            ),
            row("assumes another role of a member", "sts:AssumeRole", `arn:aws:iam::${MEMBER}:role/team-admin`, "ImplicitlyDenied", {
                context: { ...home, "aws:ResourceOrgID": ORG },
            }),
        ]);
    });

    it("the deploy role can deploy the landing zone's management-account resources and nothing wider", async () => {
        await expectDecisions({ identity: { deploy: deployRolePolicy(id) } }, [
            // What the landing zone deploys in the management account.
            row("creates an OU", "organizations:CreateOrganizationalUnit", "*", "Allowed", { statement: "ManageOrganization" }),
            row("attaches an SCP", "organizations:AttachPolicy", `arn:aws:organizations::${MGMT}:policy/${ORG}/service_control_policy/p-abcd1234`, "Allowed"),
            row("registers a delegated administrator", "organizations:RegisterDelegatedAdministrator", "*", "Allowed"),
            row("creates a permission set", "sso:CreatePermissionSet", "*", "Allowed", { statement: "ManageIdentityCenter" }),
            row("creates a break-glass role", "iam:CreateRole", role("break-glass-admin"), "Allowed", { statement: "ManageLandingZoneRoles" }),
            row("attaches AdministratorAccess to a break-glass role", "iam:AttachRolePolicy", role("break-glass-admin"), "Allowed"),
            row("manages the trail's log-delivery role", "iam:PutRolePolicy", role("organization-trail-logs-role-1a2b3c4"), "Allowed"),
            row("passes the trail's role to CloudTrail", "iam:PassRole", role("organization-trail-logs-role-1a2b3c4"), "Allowed", {
                context: { ...home, "iam:PassedToService": "cloudtrail.amazonaws.com" },
                statement: "PassLandingZoneRolesToTheirServices",
            }),
            row("sets the password policy", "iam:UpdateAccountPasswordPolicy", "*", "Allowed", { statement: "ManageAccountIamSettings" }),
            row("delegates GuardDuty", "guardduty:EnableOrganizationAdminAccount", "*", "Allowed", { statement: "DelegateSecurityServices" }),
            row("creates the organization trail", "cloudtrail:CreateTrail", `arn:aws:cloudtrail:eu-west-1:${MGMT}:trail/landing-zone-organization`, "Allowed", {
                statement: "ManageOrganizationTrail",
            }),
            row("creates the logs key", "kms:CreateKey", "*", "Allowed", { statement: "ManageManagementAccountKeys" }),
            row(
                "tags the GitHub provider",
                "iam:TagOpenIDConnectProvider",
                `arn:aws:iam::${MGMT}:oidc-provider/token.actions.githubusercontent.com`,
                "Allowed",
                {
                    statement: "ManageGitHubProviderTags",
                },
            ),
            // What it may not do.
            row("creates a role outside the landing zone's names", "iam:CreateRole", role("team-admin"), "ImplicitlyDenied"),
            row("passes a landing-zone role to EC2", "iam:PassRole", role("landing-zone-platform"), "ImplicitlyDenied", {
                context: { ...home, "iam:PassedToService": "ec2.amazonaws.com" },
            }),
            row("passes another role to CloudTrail", "iam:PassRole", role("team-admin"), "ImplicitlyDenied", {
                context: { ...home, "iam:PassedToService": "cloudtrail.amazonaws.com" },
            }),
            row("widens its own access", "iam:PutRolePolicy", role("landing-zone-prod-deploy"), "ExplicitlyDenied", {
                statement: "DenyChangingDeploymentIdentity",
            }),
            row("creates an IAM user", "iam:CreateUser", `arn:aws:iam::${MGMT}:user/ci`, "ExplicitlyDenied", { statement: "DenyLongLivedCredentials" }),
            row("closes an account", "organizations:CloseAccount", `arn:aws:organizations::${MGMT}:account/${ORG}/${MEMBER}`, "ExplicitlyDenied", {
                statement: "DenyDissolvingOrganization",
            }),
            row(
                "changes the GitHub provider's audiences",
                "iam:AddClientIDToOpenIDConnectProvider",
                `arn:aws:iam::${MGMT}:oidc-provider/token.actions.githubusercontent.com`,
                "ExplicitlyDenied",
                {
                    statement: "DenyChangingGitHubProvider",
                },
            ),
            row(
                "stops the organization trail",
                "cloudtrail:StopLogging",
                `arn:aws:cloudtrail:eu-west-1:${MGMT}:trail/landing-zone-organization`,
                "ImplicitlyDenied",
            ),
            row("creates a trail outside the allowed regions", "cloudtrail:CreateTrail", `arn:aws:cloudtrail:us-east-1:${MGMT}:trail/x`, "ImplicitlyDenied", {
                context: { "aws:RequestedRegion": "us-east-1" },
            }),
            row("deletes an S3 bucket", "s3:DeleteBucket", "arn:aws:s3:::lz-prod-cloudtrail-123456789012-eu-west-1", "ImplicitlyDenied"),
        ]);
    });
});
