import assert from "node:assert/strict";
import { parseDocument, vocabularyProblems } from "../../policypack/policies/iam-document";
import { deployRolePolicy, githubSubject, githubTrustPolicy, previewRolePolicy } from "../../components/bootstrap/policies";
import { deploymentIdentity } from "../support/deployment-identity";
import { PLATFORM_ROLE_PREFIX } from "../../components/shared/names";
import { expectDecisions, requestsBy } from "../support/iam-simulation";
import { expectValidDocuments } from "../support/iam-documents";

const MGMT = "123456789012";
const MEMBER = "222222222222";
const ORG = "o-a1b2c3d4e5";
const id = deploymentIdentity({
    managementAccountId: MGMT,
    organizationId: ORG,
    breakGlassRoleNames: ["break-glass-admin", "break-glass-readonly"],
    passRoles: { "cloudtrail.amazonaws.com": ["organization-trail-logs-role-*"], "events.amazonaws.com": [`${PLATFORM_ROLE_PREFIX}security-event-forwarder`] },
});
const session = `arn:aws:sts::${MGMT}:assumed-role/landing-zone-prod-deploy/github`;
const role = (name: string) => `arn:aws:iam::${MGMT}:role/${name}`;
const home = { "aws:RequestedRegion": "eu-west-1" };
/** Global services (IAM, Organizations) answer at us-east-1. */
const global = { "aws:RequestedRegion": "us-east-1" };

const row = requestsBy(session, home);

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
            row("creates an OU", "organizations:CreateOrganizationalUnit", "*", "Allowed", { statement: "WriteGlobalServices", context: global }),
            row("attaches an SCP", "organizations:AttachPolicy", `arn:aws:organizations::${MGMT}:policy/${ORG}/service_control_policy/p-abcd1234`, "Allowed", {
                context: global,
            }),
            row("registers a delegated administrator", "organizations:RegisterDelegatedAdministrator", "*", "Allowed", { context: global }),
            row("creates a permission set", "sso:CreatePermissionSet", "*", "Allowed", { statement: "WriteInAllowedRegions" }),
            row(
                "puts a forwarding rule in the global-events region",
                "events:PutRule",
                `arn:aws:events:us-east-1:${MGMT}:rule/lz-forward-security-sign-in`,
                "Allowed",
                {
                    context: { "aws:RequestedRegion": "us-east-1" },
                    statement: "WriteEventRules",
                },
            ),
            row("sets Firewall Manager's administrator in us-east-1", "fms:AssociateAdminAccount", "*", "Allowed", {
                context: { "aws:RequestedRegion": "us-east-1" },
                statement: "WriteFirewallManagerAdministrator",
            }),
            row("passes the trail's role to CloudTrail", "iam:PassRole", role("organization-trail-logs-role-1a2b3c4"), "Allowed", {
                context: { ...home, "iam:PassedToService": "cloudtrail.amazonaws.com" },
                statement: "PassRoleToCloudtrail",
            }),
            row("passes the forwarder role to EventBridge", "iam:PassRole", role("landing-zone-security-event-forwarder"), "Allowed", {
                context: { ...home, "iam:PassedToService": "events.amazonaws.com" },
                statement: "PassRoleToEvents",
            }),
            row(
                "creates Identity Center's SAML provider for an assignment",
                "iam:CreateSAMLProvider",
                `arn:aws:iam::${MGMT}:saml-provider/AWSSSO_0123456789abcdef_DO_NOT_DELETE`,
                "Allowed",
                {
                    context: global,
                    statement: "IdentityCenterReservedIam",
                },
            ),
            // IAM refuses direct writes to a reserved role whatever a policy grants: only Identity Center changes it.
            row(
                "creates a reserved role itself",
                "iam:CreateRole",
                role("aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123456789abcdef"),
                "ImplicitlyDenied",
                {
                    context: global,
                },
            ),
            row("creates a service-linked role", "iam:CreateServiceLinkedRole", role("aws-service-role/fms.amazonaws.com/AWSServiceRoleForFMS"), "Allowed", {
                context: global,
                statement: "CreateServiceLinkedRoles",
            }),
            row("sets the password policy", "iam:UpdateAccountPasswordPolicy", "*", "Allowed", { context: global }),
            row("delegates GuardDuty", "guardduty:EnableOrganizationAdminAccount", "*", "Allowed"),
            row("creates the organization trail", "cloudtrail:CreateTrail", `arn:aws:cloudtrail:eu-west-1:${MGMT}:trail/landing-zone-organization`, "Allowed"),
            row("creates the logs key", "kms:CreateKey", "*", "Allowed"),
            row(
                "tags the GitHub provider",
                "iam:TagOpenIDConnectProvider",
                `arn:aws:iam::${MGMT}:oidc-provider/token.actions.githubusercontent.com`,
                "Allowed",
                {
                    context: global,
                },
            ),
            row("reads the SCPs", "organizations:DescribePolicy", "*", "Allowed", { statement: "ReadConfiguration", context: global }),
            // What it may not do.
            row("creates a role outside the landing zone's names", "iam:CreateRole", role("team-admin"), "ImplicitlyDenied", { context: global }),
            row("creates a landing-zone role (an administrator applies those)", "iam:CreateRole", role("landing-zone-anything"), "ImplicitlyDenied", {
                context: global,
            }),
            row(
                "attaches AdministratorAccess to a landing-zone role",
                "iam:AttachRolePolicy",
                role("landing-zone-security-event-forwarder"),
                "ImplicitlyDenied",
                {
                    context: { ...global, "iam:PolicyARN": "arn:aws:iam::aws:policy/AdministratorAccess" },
                },
            ),
            row("re-trusts break-glass", "iam:UpdateAssumeRolePolicy", role("break-glass-admin"), "ExplicitlyDenied", {
                context: global,
                statement: "DenyChangingPipelineAndBreakGlassRoles",
            }),
            row("assumes a management-account role", "sts:AssumeRole", role("landing-zone-remediation-restore-trail"), "ExplicitlyDenied", {
                context: {},
                statement: "DenyAssumingManagementRoles",
            }),
            row("passes a landing-zone role to EC2", "iam:PassRole", role("landing-zone-platform"), "ImplicitlyDenied", {
                context: { ...home, "iam:PassedToService": "ec2.amazonaws.com" },
            }),
            row("passes another role to CloudTrail", "iam:PassRole", role("team-admin"), "ImplicitlyDenied", {
                context: { ...home, "iam:PassedToService": "cloudtrail.amazonaws.com" },
            }),
            row("widens its own access", "iam:PutRolePolicy", role("landing-zone-prod-deploy"), "ExplicitlyDenied", {
                statement: "DenyChangingPipelineAndBreakGlassRoles",
                context: global,
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
