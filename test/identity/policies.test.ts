import assert from "node:assert/strict";
import * as YAML from "yaml";
import { PERMISSION_SET_CATALOG, resolvePermissionSets, type PermissionSetSpec } from "../../components/identity/catalog";
import { organizationPolicyPlan } from "../../components/organization/policy-plan";
import { toJson, type PolicyDocument } from "../../components/policies/document";
import { breakGlassTrustPolicy } from "../../components/policies/break-glass";
import { developerBoundaryPolicy } from "../../components/policies/developer-boundary";
import { DEFAULT_SENSITIVE_ACTIONS } from "../../components/policies/permission-sets";
import { keyPolicy } from "../../components/policies/kms";
import { logAnalyticsScope, logBucketName, PLATFORM_ROLE_PREFIX } from "../../components/shared/names";
import { LandingZoneConfig, namespacedConfig, parseLandingZoneConfig } from "../../stacks/config";
import {
    expectDecisions,
    expectValidDocuments,
    requestsBy,
    uncoveredStatements,
    type OrgPolicyLevel,
    type PolicySet,
    type SimulationOutcome,
    simulateTable,
    type SimulationRequest,
} from "../support/iam-simulation";
import { arnAccount } from "../../tools/runtime-calls";
import { stackYaml } from "../support/preview";
import { managedDocuments } from "./aws-managed-policies";

const MANAGEMENT = "123456789012";
const WORKLOAD = "222222222222";
const INFRA = "333333333333";
const SANDBOX = "444444444444";
const LOG_ARCHIVE = "555555555555";
const OUTSIDER = "999999999999";
const TRUSTED_IP = "198.51.100.10";
const UNTRUSTED_IP = "192.0.2.77";
const VPCE = "vpce-0a1b2c3d4e5f60718";

function stackConfig(stack: string, edit: (raw: any) => void = () => undefined): LandingZoneConfig {
    const raw = namespacedConfig((YAML.parse(stackYaml(stack)) as { config: Record<string, unknown> }).config) as any;
    edit(raw);
    return parseLandingZoneConfig(raw);
}

// Prod, with a VPC endpoint added to the trusted networks so the endpoint path is simulated too.
const prod = stackConfig("prod", (raw) => (raw.identity.trustedNetworks.vpcEndpointIds = [VPCE]));
const protectedIam = {
    platformRolePrefix: PLATFORM_ROLE_PREFIX,
    accessRoleName: prod.organization.accessRoleName,
    breakGlassRoleNames: prod.identity.breakGlass!.roleNames,
};
const sets = new Map<string, PermissionSetSpec>(resolvePermissionSets(prod.identity, "aws", protectedIam, logAnalyticsScope(prod)).map((s) => [s.name, s]));
const boundary = developerBoundaryPolicy({ partition: "aws", allowedRegions: prod.regions.allowed, protectedIam });
const trust = breakGlassTrustPolicy({
    partition: "aws",
    trustedAccountIds: prod.identity.breakGlass!.trustedAccountIds,
    mfaMaxAgeSeconds: prod.identity.breakGlass!.mfaMaxAgeSeconds,
});

/** The SCPs of an account in an OU, level by level from the root, as the organization plan attaches them. */
function scpsFor(ou: string | undefined): OrgPolicyLevel[] {
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
function sessionPolicies(set: string, ou: string | undefined): PolicySet {
    const spec = sets.get(set)!;
    return {
        identity: { ...managedDocuments(spec.managedPolicyArns), [`${set}-inline`]: spec.inlinePolicy },
        permissionBoundary: spec.permissionsBoundary ? boundary : undefined,
        // SCPs never apply to the management account.
        scps: ou === undefined ? undefined : scpsFor(ou),
    };
}

const session = (account: string, set: string) => `arn:aws:sts::${account}:assumed-role/AWSReservedSSO_${set}_0123456789abcdef/alice@northwind.example`;

/** Context of a session from a compliant device on the corporate network in the home region, with overrides; null removes a key. */
function context(overrides: Record<string, string | null> = {}): Record<string, string> {
    const base: Record<string, string | null> = {
        "aws:PrincipalTag/deviceCompliant": "true",
        "aws:SourceIp": TRUSTED_IP,
        "aws:RequestedRegion": "eu-west-1",
        ...overrides,
    };
    return Object.fromEntries(Object.entries(base).filter((e): e is [string, string] => e[1] !== null));
}

const simulated: Record<string, number> = {};
async function table(name: string, policies: PolicySet, rows: readonly SimulationRequest[]): Promise<SimulationOutcome[]> {
    const outcomes = await expectDecisions(policies, rows);
    simulated[name] = (simulated[name] ?? 0) + rows.length;
    return outcomes;
}

describe("identity policy documents", () => {
    it("use only actions, condition keys and ARNs that exist, in both stacks", async () => {
        for (const stack of ["dev", "prod"]) {
            const c = stackConfig(stack);
            const docs: Record<string, PolicyDocument> = {
                "developer-boundary": developerBoundaryPolicy({ partition: "aws", allowedRegions: c.regions.allowed, protectedIam }),
                "break-glass-trust": breakGlassTrustPolicy({
                    partition: "aws",
                    trustedAccountIds: c.identity.breakGlass!.trustedAccountIds,
                    mfaMaxAgeSeconds: 900,
                }),
            };
            for (const spec of resolvePermissionSets(
                c.identity,
                "aws",
                {
                    platformRolePrefix: PLATFORM_ROLE_PREFIX,
                    accessRoleName: "OrganizationAccountAccessRole",
                    breakGlassRoleNames: ["break-glass-admin"],
                },
                logAnalyticsScope(c),
            ))
                docs[`${stack}/${spec.name}`] = spec.inlinePolicy;
            await expectValidDocuments(docs);
        }
    });

    it("fit the AWS size limits: 32,768 characters per permission set inline policy, 6,144 per customer-managed policy", () => {
        for (const spec of sets.values())
            assert.ok(toJson(spec.inlinePolicy).length <= 32768, `${spec.name} inline policy is ${toJson(spec.inlinePolicy).length} characters`);
        assert.ok(toJson(boundary).length <= 6144, `developer boundary is ${toJson(boundary).length} characters`);
    });

    it("every default sensitive action pattern matches a real action", async () => {
        await expectValidDocuments({
            sensitive: { Version: "2012-10-17", Statement: [{ Sid: "Sensitive", Effect: "Deny", Action: [...DEFAULT_SENSITIVE_ACTIONS], Resource: "*" }] },
        });
    });
});

describe("permission sets, simulated with the SCPs of the accounts they are assigned to", () => {
    after(() => {
        const total = Object.values(simulated).reduce((a, b) => a + b, 0);
        console.log(
            `      simulated requests per table: ${Object.entries(simulated)
                .map(([k, v]) => `${k}=${v}`)
                .join(", ")} (total ${total})`,
        );
    });

    it("developer in a non-prod workload account: deploys workloads, cannot escape the boundary, the SCPs or its conditions", async () => {
        const p = session(WORKLOAD, "developer");
        const role = (name: string) => `arn:aws:iam::${WORKLOAD}:role/${name}`;
        const boundaryArn = `arn:aws:iam::${WORKLOAD}:policy/landing-zone/landing-zone-developer-boundary`;
        const rows: SimulationRequest[] = [
            // The workload itself.
            {
                description: "creates a Lambda function",
                principal: p,
                action: "lambda:CreateFunction",
                resource: `arn:aws:lambda:eu-west-1:${WORKLOAD}:function:payments-api`,
                context: context(),
                expected: "Allowed",
                statement: "AllowWorkloadServices",
            },
            {
                description: "creates a DynamoDB table",
                principal: p,
                action: "dynamodb:CreateTable",
                resource: `arn:aws:dynamodb:eu-west-1:${WORKLOAD}:table/payments`,
                context: context(),
                expected: "Allowed",
                statement: "DenyWithoutCompliantDevice",
            },
            {
                description: "creates a queue in the second allowed region",
                principal: p,
                action: "sqs:CreateQueue",
                resource: `arn:aws:sqs:eu-central-1:${WORKLOAD}:payments-events`,
                context: context({ "aws:RequestedRegion": "eu-central-1" }),
                expected: "Allowed",
                statement: "DenyOutsideAllowedRegions",
            },
            {
                description: "cannot act outside the allowed regions",
                principal: p,
                action: "sqs:CreateQueue",
                resource: `arn:aws:sqs:us-east-1:${WORKLOAD}:payments-events`,
                context: context({ "aws:RequestedRegion": "us-east-1" }),
                expected: "ExplicitlyDenied",
                statement: "DenyOutsideAllowedRegions",
            },
            // IAM for workloads: only under /workload/ and only with the boundary.
            {
                description: "creates a workload role carrying the boundary",
                principal: p,
                action: "iam:CreateRole",
                resource: role("workload/payments-api"),
                context: context({ "iam:PermissionsBoundary": boundaryArn }),
                expected: "Allowed",
                statement: "AllowWorkloadRolesWithBoundary",
            },
            {
                description: "cannot attach the developer boundary to a workload role as a grant",
                principal: p,
                action: "iam:AttachRolePolicy",
                resource: role("workload/payments-api"),
                context: context({ "iam:PermissionsBoundary": boundaryArn, "iam:PolicyARN": boundaryArn }),
                expected: "ExplicitlyDenied",
                statement: "DenyPrivilegedPoliciesAsGrants",
            },
            {
                description: "attaches a workload policy to a workload role",
                principal: p,
                action: "iam:AttachRolePolicy",
                resource: role("workload/payments-api"),
                context: context({ "iam:PermissionsBoundary": boundaryArn, "iam:PolicyARN": `arn:aws:iam::${WORKLOAD}:policy/workload/payments-api` }),
                expected: "Allowed",
                statement: "DenyPrivilegedPoliciesAsGrants",
            },
            {
                description: "cannot create a role without the boundary",
                principal: p,
                action: "iam:CreateRole",
                resource: role("workload/payments-api"),
                context: context(),
                expected: "ImplicitlyDenied",
            },
            {
                description: "cannot create a role outside the workload path",
                principal: p,
                action: "iam:CreateRole",
                resource: role("payments-api"),
                context: context({ "iam:PermissionsBoundary": boundaryArn }),
                expected: "ImplicitlyDenied",
            },
            {
                description: "passes a workload role to a service",
                principal: p,
                action: "iam:PassRole",
                resource: role("workload/payments-api"),
                context: context(),
                expected: "Allowed",
                statement: "AllowWorkloadRoleLifecycle",
            },
            {
                description: "cannot pass the organization access role (the boundary)",
                principal: p,
                action: "iam:PassRole",
                resource: role("OrganizationAccountAccessRole"),
                context: context(),
                expected: "ExplicitlyDenied",
                statement: "DenyLandingZoneIamChanges",
            },
            {
                description: "reads the organization access role",
                principal: p,
                action: "iam:GetRole",
                resource: role("OrganizationAccountAccessRole"),
                context: context(),
                expected: "Allowed",
                statement: "DenyLandingZoneIamChanges",
            },
            {
                description: "creates a workload managed policy",
                principal: p,
                action: "iam:CreatePolicy",
                resource: `arn:aws:iam::${WORKLOAD}:policy/workload/payments-api`,
                context: context(),
                expected: "Allowed",
                statement: "AllowWorkloadPoliciesAndProfiles",
            },
            {
                description: "creates a service-linked role",
                principal: p,
                action: "iam:CreateServiceLinkedRole",
                resource: role("aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS"),
                context: context(),
                expected: "Allowed",
                statement: "AllowServiceLinkedRoles",
            },
            {
                description: "reads IAM",
                principal: p,
                action: "iam:GetRole",
                resource: role("workload/payments-api"),
                context: context(),
                expected: "Allowed",
                statement: "AllowIamRead",
            },
            {
                description: "lists IAM users (to find and remove them)",
                principal: p,
                action: "iam:ListUsers",
                resource: "*",
                context: context(),
                expected: "Allowed",
                statement: "DenyIamUsersAndKeys",
            },
            {
                description: "sets the boundary on a workload role",
                principal: p,
                action: "iam:PutRolePermissionsBoundary",
                resource: role("workload/payments-api"),
                context: context({ "iam:PermissionsBoundary": boundaryArn }),
                expected: "Allowed",
                statement: "DenyBoundaryTampering",
            },
            {
                description: "reads the trail's status",
                principal: p,
                action: "cloudtrail:GetTrailStatus",
                resource: `arn:aws:cloudtrail:eu-west-1:${WORKLOAD}:trail/org-trail`,
                context: context(),
                expected: "Allowed",
                statement: "DenyAuditTampering",
            },
            {
                description: "cannot strip the boundary from a role",
                principal: p,
                action: "iam:DeleteRolePermissionsBoundary",
                resource: role("workload/payments-api"),
                context: context(),
                expected: "ExplicitlyDenied",
                statement: "DenyBoundaryTampering",
            },
            {
                description: "cannot rewrite the boundary policy",
                principal: p,
                action: "iam:CreatePolicyVersion",
                resource: boundaryArn,
                context: context(),
                expected: "ExplicitlyDenied",
                statement: "DenyBoundaryTampering",
            },
            // The issue's four prohibitions.
            {
                description: "cannot create IAM users",
                principal: p,
                action: "iam:CreateUser",
                resource: `arn:aws:iam::${WORKLOAD}:user/alice`,
                context: context(),
                expected: "ExplicitlyDenied",
                statement: "DenyIamUsersAndKeys",
            },
            {
                description: "cannot create access keys",
                principal: p,
                action: "iam:CreateAccessKey",
                resource: `arn:aws:iam::${WORKLOAD}:user/alice`,
                context: context(),
                expected: "ExplicitlyDenied",
                statement: "DenyIamUsersAndKeys",
            },
            {
                description: "cannot leave the organization",
                principal: p,
                action: "organizations:LeaveOrganization",
                resource: "*",
                context: context(),
                expected: "ExplicitlyDenied",
                statement: "DenyOrganizationMembershipChanges",
            },
            {
                description: "cannot stop CloudTrail",
                principal: p,
                action: "cloudtrail:StopLogging",
                resource: `arn:aws:cloudtrail:eu-west-1:${WORKLOAD}:trail/org-trail`,
                context: context(),
                expected: "ExplicitlyDenied",
                statement: "DenyAuditTampering",
            },
            {
                description: "cannot delete the GuardDuty detector",
                principal: p,
                action: "guardduty:DeleteDetector",
                resource: `arn:aws:guardduty:eu-west-1:${WORKLOAD}:detector/12abc34d567e8fa901bc2d34e56789f0`,
                context: context(),
                expected: "ExplicitlyDenied",
                statement: "DenyAuditTampering",
            },
            // Device posture and location.
            {
                description: "without the device-compliance tag nothing is allowed",
                principal: p,
                action: "lambda:CreateFunction",
                resource: `arn:aws:lambda:eu-west-1:${WORKLOAD}:function:payments-api`,
                context: context({ "aws:PrincipalTag/deviceCompliant": null }),
                expected: "ExplicitlyDenied",
                statement: "DenyWithoutCompliantDevice",
            },
            {
                description: "a non-compliant device is denied",
                principal: p,
                action: "lambda:CreateFunction",
                resource: `arn:aws:lambda:eu-west-1:${WORKLOAD}:function:payments-api`,
                context: context({ "aws:PrincipalTag/deviceCompliant": "false" }),
                expected: "ExplicitlyDenied",
                statement: "DenyWithoutCompliantDevice",
            },
            {
                description: "reads a secret from the corporate network",
                principal: p,
                action: "secretsmanager:GetSecretValue",
                resource: `arn:aws:secretsmanager:eu-west-1:${WORKLOAD}:secret:payments-db-AbCdEf`,
                context: context(),
                expected: "Allowed",
                statement: "DenySensitiveOutsideTrustedNetworks",
            },
            {
                description: "cannot read a secret from outside the trusted networks",
                principal: p,
                action: "secretsmanager:GetSecretValue",
                resource: `arn:aws:secretsmanager:eu-west-1:${WORKLOAD}:secret:payments-db-AbCdEf`,
                context: context({ "aws:SourceIp": UNTRUSTED_IP }),
                expected: "ExplicitlyDenied",
                statement: "DenySensitiveOutsideTrustedNetworks",
            },
            {
                description: "reads a secret through a trusted VPC endpoint",
                principal: p,
                action: "secretsmanager:GetSecretValue",
                resource: `arn:aws:secretsmanager:eu-west-1:${WORKLOAD}:secret:payments-db-AbCdEf`,
                context: context({ "aws:SourceIp": null, "aws:SourceVpce": VPCE }),
                expected: "Allowed",
            },
            {
                description: "cannot read a secret through another VPC endpoint",
                principal: p,
                action: "secretsmanager:GetSecretValue",
                resource: `arn:aws:secretsmanager:eu-west-1:${WORKLOAD}:secret:payments-db-AbCdEf`,
                context: context({ "aws:SourceIp": null, "aws:SourceVpce": "vpce-0fffffffffffffff0" }),
                expected: "ExplicitlyDenied",
                statement: "DenySensitiveOutsideTrustedNetworks",
            },
            {
                description: "an AWS service reading a secret on the user's behalf (a CloudFormation dynamic reference) is not location-bound",
                principal: p,
                action: "secretsmanager:GetSecretValue",
                resource: `arn:aws:secretsmanager:eu-west-1:${WORKLOAD}:secret:payments-db-AbCdEf`,
                context: context({ "aws:SourceIp": "10.20.30.40", "aws:ViaAWSService": "true" }),
                expected: "Allowed",
            },
            {
                description: "creating a role from outside the trusted networks is denied",
                principal: p,
                action: "iam:CreateRole",
                resource: role("workload/payments-api"),
                context: context({ "aws:SourceIp": UNTRUSTED_IP, "iam:PermissionsBoundary": boundaryArn }),
                expected: "ExplicitlyDenied",
                statement: "DenySensitiveOutsideTrustedNetworks",
            },
        ];
        const outcomes = await table("developer", sessionPolicies("developer", "Workloads/NonProd"), rows);
        // The boundary grants nothing in organizations or account, so no nearby request there can be allowed.
        assert.deepEqual(uncoveredStatements([sets.get("developer")!.inlinePolicy, boundary], outcomes), [
            "DenyOrganizationMembershipChanges: no nearby simulated request is shown to be allowed",
        ]);
    });

    it("developer in a sandbox account also meets the sandbox SCP", async () => {
        const p = session(SANDBOX, "developer");
        await table("developer", sessionPolicies("developer", "Sandbox"), [
            {
                description: "peering a sandbox VPC to the corporate network is denied",
                principal: p,
                action: "ec2:CreateVpcPeeringConnection",
                resource: `arn:aws:ec2:eu-west-1:${SANDBOX}:vpc/vpc-0a1b2c3d`,
                context: context(),
                expected: "ExplicitlyDenied",
                statement: "DenySandboxConnectivity",
            },
            {
                description: "a sandbox bucket is fine",
                principal: p,
                action: "s3:CreateBucket",
                resource: "arn:aws:s3:::sandbox-research-scratch",
                resourceAccount: SANDBOX,
                context: context(),
                expected: "Allowed",
            },
        ]);
    });

    it("platform-admin in the management account: everything, but only from a compliant device and trusted networks for sensitive actions", async () => {
        const p = session(MANAGEMENT, "platform-admin");
        const rows: SimulationRequest[] = [
            {
                description: "creates an account",
                principal: p,
                action: "organizations:CreateAccount",
                resource: "*",
                context: context(),
                expected: "Allowed",
                statement: "DenySensitiveOutsideTrustedNetworks",
            },
            {
                description: "cannot create an account from outside the trusted networks",
                principal: p,
                action: "organizations:CreateAccount",
                resource: "*",
                context: context({ "aws:SourceIp": UNTRUSTED_IP }),
                expected: "ExplicitlyDenied",
                statement: "DenySensitiveOutsideTrustedNetworks",
            },
            {
                description: "cannot change a permission set from outside the trusted networks",
                principal: p,
                action: "sso:PutInlinePolicyToPermissionSet",
                resource: "arn:aws:sso:::permissionSet/ssoins-1234567890abcdef/ps-1234567890abcdef",
                context: context({ "aws:SourceIp": UNTRUSTED_IP }),
                expected: "ExplicitlyDenied",
                statement: "DenySensitiveOutsideTrustedNetworks",
            },
            {
                description: "non-sensitive reads work from anywhere",
                principal: p,
                action: "ec2:DescribeInstances",
                resource: "*",
                context: context({ "aws:SourceIp": UNTRUSTED_IP }),
                expected: "Allowed",
                statement: "DenyWithoutCompliantDevice",
            },
            {
                description: "nothing without a compliant device",
                principal: p,
                action: "ec2:DescribeInstances",
                resource: "*",
                context: context({ "aws:PrincipalTag/deviceCompliant": null }),
                expected: "ExplicitlyDenied",
                statement: "DenyWithoutCompliantDevice",
            },
        ];
        const outcomes = await table("platform-admin", sessionPolicies("platform-admin", undefined), rows);
        assert.deepEqual(uncoveredStatements([sets.get("platform-admin")!.inlinePolicy], outcomes), []);
    });

    it("platform-engineer in an infrastructure account: manages roles under the workload path with the boundary, never the landing zone's own, IAM users or Identity Center", async () => {
        const p = session(INFRA, "platform-engineer");
        const role = (name: string) => `arn:aws:iam::${INFRA}:role/${name}`;
        const boundaryArn = `arn:aws:iam::${INFRA}:policy/landing-zone/landing-zone-developer-boundary`;
        const bounded = { "iam:PermissionsBoundary": boundaryArn };
        const permissionSet = "arn:aws:sso:::permissionSet/ssoins-1234567890abcdef/ps-1234567890abcdef";
        const rows: SimulationRequest[] = [
            {
                description: "creates a service role under the workload path, carrying the boundary",
                principal: p,
                action: "iam:CreateRole",
                resource: role("workload/artifact-proxy"),
                context: context(bounded),
                expected: "Allowed",
                statement: "AllowWorkloadRolesWithBoundary",
            },
            {
                description: "cannot create a role without the boundary",
                principal: p,
                action: "iam:CreateRole",
                resource: role("workload/artifact-proxy"),
                context: context(),
                expected: "ImplicitlyDenied",
            },
            {
                description: "cannot create a role outside the workload path, even with the boundary",
                principal: p,
                action: "iam:CreateRole",
                resource: role("artifact-proxy"),
                context: context(bounded),
                expected: "ImplicitlyDenied",
            },
            {
                description: "changes the trust of a bounded role",
                principal: p,
                action: "iam:UpdateAssumeRolePolicy",
                resource: role("workload/artifact-proxy"),
                context: context(bounded),
                expected: "Allowed",
                statement: "AllowWorkloadRolesWithBoundary",
            },
            {
                description: "cannot change the trust of an unbounded role under the workload path",
                principal: p,
                action: "iam:UpdateAssumeRolePolicy",
                resource: role("workload/legacy-admin"),
                context: context(),
                expected: "ImplicitlyDenied",
            },
            {
                description: "reads IAM",
                principal: p,
                action: "iam:GetRole",
                resource: role("artifact-proxy"),
                context: context(),
                expected: "Allowed",
                statement: "AllowIamRead",
            },
            {
                description: "lists IAM users (to find and remove them)",
                principal: p,
                action: "iam:ListUsers",
                resource: "*",
                context: context(),
                expected: "Allowed",
                statement: "DenyIamUsersAndKeys",
            },
            {
                description: "creates a workload policy",
                principal: p,
                action: "iam:CreatePolicy",
                resource: `arn:aws:iam::${INFRA}:policy/workload/artifact-proxy`,
                context: context(),
                expected: "Allowed",
                statement: "AllowWorkloadPoliciesAndProfiles",
            },
            {
                description: "deletes a workload policy from the corporate network",
                principal: p,
                action: "iam:DeletePolicy",
                resource: `arn:aws:iam::${INFRA}:policy/workload/artifact-proxy`,
                context: context(),
                expected: "Allowed",
                statement: "DenySensitiveOutsideTrustedNetworks",
            },
            {
                description: "creates a service-linked role",
                principal: p,
                action: "iam:CreateServiceLinkedRole",
                resource: role("aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS"),
                context: context(),
                expected: "Allowed",
                statement: "AllowServiceLinkedRoles",
            },
            {
                description: "reads the platform role",
                principal: p,
                action: "iam:GetRole",
                resource: role(`${PLATFORM_ROLE_PREFIX}platform`),
                context: context(),
                expected: "Allowed",
                statement: "DenyLandingZoneIamChanges",
            },
            {
                description: "cannot change the platform role",
                principal: p,
                action: "iam:AttachRolePolicy",
                resource: role(`${PLATFORM_ROLE_PREFIX}platform`),
                context: context(),
                expected: "ExplicitlyDenied",
                statement: "DenyLandingZoneIamChanges",
            },
            {
                description: "cannot change a break-glass role's trust",
                principal: p,
                action: "iam:UpdateAssumeRolePolicy",
                resource: role("break-glass-admin"),
                context: context(),
                expected: "ExplicitlyDenied",
                statement: "DenyLandingZoneIamChanges",
            },
            {
                description: "cannot pass the organization access role",
                principal: p,
                action: "iam:PassRole",
                resource: role("OrganizationAccountAccessRole"),
                context: context({ "iam:PassedToService": "lambda.amazonaws.com" }),
                expected: "ExplicitlyDenied",
                statement: "DenyLandingZoneIamChanges",
            },
            {
                description: "passes a workload role to Lambda",
                principal: p,
                action: "iam:PassRole",
                resource: role("workload/observability-forwarder"),
                context: context({ "iam:PassedToService": "lambda.amazonaws.com" }),
                expected: "Allowed",
                statement: "AllowWorkloadRoleLifecycle",
            },
            {
                description: "cannot pass a role outside the workload path",
                principal: p,
                action: "iam:PassRole",
                resource: role("ci-admin"),
                context: context({ "iam:PassedToService": "lambda.amazonaws.com" }),
                expected: "ImplicitlyDenied",
            },
            {
                description: "attaches a workload policy to a bounded role",
                principal: p,
                action: "iam:AttachRolePolicy",
                resource: role("workload/observability-forwarder"),
                context: context({ ...bounded, "iam:PolicyARN": `arn:aws:iam::${INFRA}:policy/workload/observability-forwarder` }),
                expected: "Allowed",
                statement: "DenyPrivilegedPoliciesAsGrants",
            },
            {
                description: "cannot attach AdministratorAccess, even to a bounded role",
                principal: p,
                action: "iam:AttachRolePolicy",
                resource: role("workload/observability-forwarder"),
                context: context({ ...bounded, "iam:PolicyARN": "arn:aws:iam::aws:policy/AdministratorAccess" }),
                expected: "ExplicitlyDenied",
                statement: "DenyPrivilegedPoliciesAsGrants",
            },
            {
                description: "cannot attach the developer boundary to a role as a grant",
                principal: p,
                action: "iam:AttachRolePolicy",
                resource: role("workload/observability-forwarder"),
                context: context({ ...bounded, "iam:PolicyARN": boundaryArn }),
                expected: "ExplicitlyDenied",
                statement: "DenyPrivilegedPoliciesAsGrants",
            },
            {
                description: "sets the boundary on a workload role",
                principal: p,
                action: "iam:PutRolePermissionsBoundary",
                resource: role("workload/observability-forwarder"),
                context: context(bounded),
                expected: "Allowed",
                statement: "DenyBoundaryTampering",
            },
            {
                description: "cannot strip the boundary from a role",
                principal: p,
                action: "iam:DeleteRolePermissionsBoundary",
                resource: role("workload/observability-forwarder"),
                context: context(bounded),
                expected: "ExplicitlyDenied",
                statement: "DenyBoundaryTampering",
            },
            {
                description: "cannot create IAM users",
                principal: p,
                action: "iam:CreateUser",
                resource: `arn:aws:iam::${INFRA}:user/bob`,
                context: context(),
                expected: "ExplicitlyDenied",
                statement: "DenyIamUsersAndKeys",
            },
            {
                description: "lists permission sets",
                principal: p,
                action: "sso:ListPermissionSets",
                resource: "arn:aws:sso:::instance/ssoins-1234567890abcdef",
                context: context(),
                expected: "Allowed",
                statement: "DenyIdentityCenterChanges",
            },
            {
                description: "cannot assign a permission set (PowerUserAccess allows it)",
                principal: p,
                action: "sso:CreateAccountAssignment",
                resource: permissionSet,
                context: context(),
                expected: "ExplicitlyDenied",
                statement: "DenyIdentityCenterChanges",
            },
            {
                description: "cannot create a role from outside the trusted networks",
                principal: p,
                action: "iam:CreateRole",
                resource: role("workload/artifact-proxy"),
                context: context({ ...bounded, "aws:SourceIp": UNTRUSTED_IP }),
                expected: "ExplicitlyDenied",
                statement: "DenySensitiveOutsideTrustedNetworks",
            },
            {
                description: "deploys a transit gateway route",
                principal: p,
                action: "ec2:CreateTransitGatewayRoute",
                resource: `arn:aws:ec2:eu-west-1:${INFRA}:transit-gateway-route-table/tgw-rtb-0123456789abcdef0`,
                context: context(),
                expected: "Allowed",
                statement: "DenyWithoutCompliantDevice",
            },
            {
                description: "nothing without a compliant device",
                principal: p,
                action: "ec2:CreateTransitGatewayRoute",
                resource: `arn:aws:ec2:eu-west-1:${INFRA}:transit-gateway-route-table/tgw-rtb-0123456789abcdef0`,
                context: context({ "aws:PrincipalTag/deviceCompliant": "false" }),
                expected: "ExplicitlyDenied",
                statement: "DenyWithoutCompliantDevice",
            },
            {
                description: "cannot stop CloudTrail (SCP)",
                principal: p,
                action: "cloudtrail:StopLogging",
                resource: `arn:aws:cloudtrail:eu-west-1:${INFRA}:trail/org-trail`,
                context: context(),
                expected: "ExplicitlyDenied",
                statement: "ProtectCloudTrail",
            },
        ];
        const outcomes = await table("platform-engineer", sessionPolicies("platform-engineer", "Infrastructure"), rows);
        assert.deepEqual(uncoveredStatements([sets.get("platform-engineer")!.inlinePolicy], outcomes), []);
    });

    it("security-auditor in a prod workload account: reads and triages, changes nothing", async () => {
        const p = session(WORKLOAD, "security-auditor");
        const rows: SimulationRequest[] = [
            {
                description: "reads findings",
                principal: p,
                action: "securityhub:GetFindings",
                resource: `arn:aws:securityhub:eu-west-1:${WORKLOAD}:hub/default`,
                context: context(),
                expected: "Allowed",
                statement: "DenyWithoutCompliantDevice",
            },
            {
                description: "triages findings",
                principal: p,
                action: "securityhub:BatchUpdateFindings",
                resource: `arn:aws:securityhub:eu-west-1:${WORKLOAD}:hub/default`,
                context: context(),
                expected: "Allowed",
                statement: "AllowFindingTriage",
            },
            {
                description: "queries logs",
                principal: p,
                action: "logs:StartQuery",
                resource: `arn:aws:logs:eu-west-1:${WORKLOAD}:log-group:/aws/lambda/payments-api`,
                context: context(),
                expected: "Allowed",
                statement: "AllowInvestigation",
            },
            {
                description: "creates GuardDuty sample findings in the account's own detector (the live threat drill)",
                principal: p,
                action: "guardduty:CreateSampleFindings",
                resource: "*",
                context: context(),
                expected: "Allowed",
                statement: "AllowThreatDrill",
            },
            {
                description: "reads metric counts (the live threat drill)",
                principal: p,
                action: "cloudwatch:GetMetricData",
                resource: "*",
                context: context(),
                expected: "Allowed",
                statement: "AllowThreatDrill",
            },
            {
                description: "cannot triage from a non-compliant device",
                principal: p,
                action: "securityhub:BatchUpdateFindings",
                resource: `arn:aws:securityhub:eu-west-1:${WORKLOAD}:hub/default`,
                context: context({ "aws:PrincipalTag/deviceCompliant": "false" }),
                expected: "ExplicitlyDenied",
                statement: "DenyWithoutCompliantDevice",
            },
            {
                description: "cannot create roles",
                principal: p,
                action: "iam:CreateRole",
                resource: `arn:aws:iam::${WORKLOAD}:role/anything`,
                context: context(),
                expected: "ImplicitlyDenied",
            },
            {
                description: "cannot read secrets, and never from outside",
                principal: p,
                action: "secretsmanager:GetSecretValue",
                resource: `arn:aws:secretsmanager:eu-west-1:${WORKLOAD}:secret:payments-db-AbCdEf`,
                context: context({ "aws:SourceIp": UNTRUSTED_IP }),
                expected: "ExplicitlyDenied",
                statement: "DenySensitiveOutsideTrustedNetworks",
            },
            {
                description: "cannot read secrets from inside either",
                principal: p,
                action: "secretsmanager:GetSecretValue",
                resource: `arn:aws:secretsmanager:eu-west-1:${WORKLOAD}:secret:payments-db-AbCdEf`,
                context: context(),
                expected: "ImplicitlyDenied",
                statement: "DenySensitiveOutsideTrustedNetworks",
            },
        ];
        const outcomes = await table("security-auditor", sessionPolicies("security-auditor", "Workloads/Prod"), rows);
        // The auditor is granted no sensitive action, so none can be allowed from inside; the Deny guards wider overrides.
        assert.deepEqual(uncoveredStatements([sets.get("security-auditor")!.inlinePolicy], outcomes), [
            "DenySensitiveOutsideTrustedNetworks: no nearby simulated request is shown to be allowed",
        ]);
    });

    it("security-auditor runs the live threat drill: sample findings in the member, reads in security tooling, nothing else", async () => {
        const TOOLING = "666666666666";
        const member = requestsBy(session(WORKLOAD, "security-auditor"), context());
        const tooling = requestsBy(session(TOOLING, "security-auditor"), context());
        const detector = (account: string) => `arn:aws:guardduty:eu-west-1:${account}:detector/5ac8b3f0e1d24c6b9f7a5e3d1c0b9a86`;
        const fn = `arn:aws:lambda:eu-west-1:${TOOLING}:function:lz-remediation-isolate-instance`;
        await table("security-auditor", sessionPolicies("security-auditor", "Workloads/Prod"), [
            member("finds the member's detector", "guardduty:ListDetectors", "*", "Allowed"),
            member("creates sample findings in it", "guardduty:CreateSampleFindings", "*", "Allowed", {
                statement: "AllowThreatDrill",
            }),
            member("not from a non-compliant device", "guardduty:CreateSampleFindings", "*", "ExplicitlyDenied", {
                context: context({ "aws:PrincipalTag/deviceCompliant": "false" }),
                statement: "DenyWithoutCompliantDevice",
            }),
            member("cannot change the detector (SCP)", "guardduty:UpdateDetector", detector(WORKLOAD), "ExplicitlyDenied", { statement: "ProtectGuardDuty" }),
        ]);
        await table("security-auditor", sessionPolicies("security-auditor", "Security"), [
            tooling("finds the administrator's detector", "guardduty:ListDetectors", "*", "Allowed"),
            tooling("lists the member's sample findings there", "guardduty:ListFindings", "*", "Allowed"),
            tooling("reads them", "guardduty:GetFindings", "*", "Allowed"),
            tooling("reads rule, topic and function counts", "cloudwatch:GetMetricData", "*", "Allowed", { statement: "AllowThreatDrill" }),
            tooling(
                "reads a remediation's log",
                "logs:FilterLogEvents",
                `arn:aws:logs:eu-west-1:${TOOLING}:log-group:/aws/lambda/lz-remediation-isolate-instance`,
                "Allowed",
                { statement: "AllowInvestigation" },
            ),
            tooling("cannot switch a remediation's dry-run", "lambda:UpdateFunctionConfiguration", fn, "ImplicitlyDenied"),
            tooling("cannot invoke a remediation", "lambda:InvokeFunction", fn, "ImplicitlyDenied"),
            tooling(
                "cannot put events on the central bus",
                "events:PutEvents",
                `arn:aws:events:eu-west-1:${TOOLING}:event-bus/landing-zone-security`,
                "ImplicitlyDenied",
            ),
            tooling("cannot publish to an alert topic", "sns:Publish", `arn:aws:sns:eu-west-1:${TOOLING}:lz-security-high`, "ImplicitlyDenied"),
        ]);
    });

    it("read-only in a prod workload account: configuration and metrics, no data", async () => {
        const p = session(WORKLOAD, "read-only");
        const rows: SimulationRequest[] = [
            {
                description: "lists instances",
                principal: p,
                action: "ec2:DescribeInstances",
                resource: "*",
                context: context({ "aws:PrincipalTag/deviceCompliant": null }),
                expected: "Allowed",
            },
            {
                description: "reads metrics",
                principal: p,
                action: "cloudwatch:GetMetricData",
                resource: "*",
                context: context(),
                expected: "Allowed",
                statement: "AllowOperationalViews",
            },
            {
                description: "cannot read objects",
                principal: p,
                action: "s3:GetObject",
                resource: "arn:aws:s3:::payments-prod-statements/2026/11/statement.pdf",
                resourceAccount: WORKLOAD,
                context: context(),
                expected: "ExplicitlyDenied",
                statement: "DenyDataReads",
            },
            {
                description: "cannot decrypt",
                principal: p,
                action: "kms:Decrypt",
                resource: `arn:aws:kms:eu-west-1:${WORKLOAD}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
                context: context(),
                expected: "ExplicitlyDenied",
                statement: "DenyDataReads",
            },
            {
                description: "lists functions",
                principal: p,
                action: "lambda:ListFunctions",
                resource: "*",
                context: context(),
                expected: "Allowed",
                statement: "DenyDataReads",
            },
            {
                description: "cannot change anything",
                principal: p,
                action: "lambda:UpdateFunctionCode",
                resource: `arn:aws:lambda:eu-west-1:${WORKLOAD}:function:payments-api`,
                context: context(),
                expected: "ImplicitlyDenied",
            },
        ];
        const outcomes = await table("read-only", sessionPolicies("read-only", "Workloads/Prod"), rows);
        assert.deepEqual(uncoveredStatements([sets.get("read-only")!.inlinePolicy], outcomes), []);
    });

    it("log-analyst in the log-archive account: queries the archive in its workgroup only, writes nothing but results", async () => {
        const p = session(LOG_ARCHIVE, "log-analyst");
        const scope = logAnalyticsScope(prod);
        const workgroup = (name: string) => `arn:aws:athena:eu-west-1:${LOG_ARCHIVE}:workgroup/${name}`;
        const glue = (resource: string) => `arn:aws:glue:eu-west-1:${LOG_ARCHIVE}:${resource}`;
        const s3 = (bucket: string, key?: string) => `arn:aws:s3:::${bucket}${key === undefined ? "" : `/${key}`}`;
        const flowLogs = logBucketName(prod, "flow-logs");
        const dnsLogs = logBucketName(prod, "dns-query-logs");
        const cloudtrail = logBucketName(prod, "cloudtrail");
        const flowObject = `AWSLogs/aws-account-id=${WORKLOAD}/aws-service=vpcflowlogs/aws-region=eu-west-1/year=2026/month=11/day=30/hour=09/part.parquet`;
        const key = `arn:aws:kms:eu-west-1:${LOG_ARCHIVE}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
        // Key policies deny principals outside the organization and plain HTTP, so KMS rows carry both facts.
        const inOrg = { "aws:PrincipalOrgID": "o-a1b2c3d4e5", "aws:SecureTransport": "true", "kms:CallerAccount": LOG_ARCHIVE };
        const via = (service: string) => context({ ...inOrg, "kms:ViaService": `${service}.eu-west-1.amazonaws.com` });
        const row = requestsBy(p, context());
        const rows: SimulationRequest[] = [
            row("starts a query in the log-analytics workgroup", "athena:StartQueryExecution", workgroup(scope.workgroup), "Allowed", {
                statement: "AllowLogAnalyticsQueries",
            }),
            row("reads its results", "athena:GetQueryResults", workgroup(scope.workgroup), "Allowed", { statement: "AllowLogAnalyticsQueries" }),
            row("opens a saved query", "athena:GetNamedQuery", workgroup(scope.workgroup), "Allowed", { statement: "AllowLogAnalyticsQueries" }),
            row("lists workgroups in the console", "athena:ListWorkGroups", "*", "Allowed", { statement: "AllowAthenaCatalogViews" }),
            row("cannot query in another workgroup", "athena:StartQueryExecution", workgroup("primary"), "ImplicitlyDenied"),
            row("cannot change the workgroup's enforced settings", "athena:UpdateWorkGroup", workgroup(scope.workgroup), "ImplicitlyDenied"),
            row("reads the flow-log table's definition", "glue:GetTable", glue(`table/${scope.database}/vpc_flow_logs`), "Allowed", {
                statement: "AllowLogTableDefinitions",
            }),
            row("reads the database's partitions", "glue:GetPartitions", glue(`table/${scope.database}/dns_query_logs`), "Allowed", {
                statement: "AllowLogTableDefinitions",
            }),
            row("cannot read another database's tables", "glue:GetTable", glue("table/payments/transactions"), "ImplicitlyDenied"),
            row("cannot change a table", "glue:UpdateTable", glue(`table/${scope.database}/vpc_flow_logs`), "ImplicitlyDenied"),
            row("lists the flow-log archive below AWSLogs/", "s3:ListBucket", s3(flowLogs), "Allowed", {
                statement: "AllowArchiveListing",
                resourceAccount: LOG_ARCHIVE,
                context: context({ "s3:prefix": `AWSLogs/aws-account-id=${WORKLOAD}/` }),
            }),
            row("cannot list the bucket outside AWSLogs/", "s3:ListBucket", s3(flowLogs), "ImplicitlyDenied", {
                resourceAccount: LOG_ARCHIVE,
                context: context({ "s3:prefix": "" }),
            }),
            row("reads flow logs", "s3:GetObject", s3(flowLogs, flowObject), "Allowed", { statement: "AllowArchiveReads", resourceAccount: LOG_ARCHIVE }),
            row("reads DNS query logs", "s3:GetObject", s3(dnsLogs, `AWSLogs/${WORKLOAD}/vpcdnsquerylogs/vpc-0a1b2c3d/2026/11/30/log.gz`), "Allowed", {
                statement: "AllowArchiveReads",
                resourceAccount: LOG_ARCHIVE,
            }),
            row("cannot read the flow-log bucket outside AWSLogs/", "s3:GetObject", s3(flowLogs, "other/object"), "ImplicitlyDenied", {
                resourceAccount: LOG_ARCHIVE,
            }),
            row(
                "cannot read the CloudTrail archive",
                "s3:GetObject",
                s3(cloudtrail, `AWSLogs/${MANAGEMENT}/CloudTrail/eu-west-1/2026/11/30/log.json.gz`),
                "ImplicitlyDenied",
                {
                    resourceAccount: LOG_ARCHIVE,
                },
            ),
            row("cannot list the CloudTrail archive", "s3:ListBucket", s3(cloudtrail), "ImplicitlyDenied", {
                resourceAccount: LOG_ARCHIVE,
                context: context({ "s3:prefix": "AWSLogs/" }),
            }),
            row("cannot write into the flow-log archive", "s3:PutObject", s3(flowLogs, flowObject), "ImplicitlyDenied", { resourceAccount: LOG_ARCHIVE }),
            // The log-archive SCP denies it to everyone but the platform; the set would not allow it either.
            row("cannot delete from the DNS-log archive", "s3:DeleteObject", s3(dnsLogs, `AWSLogs/${WORKLOAD}/x.log.gz`), "ExplicitlyDenied", {
                statement: "ProtectLogArchive",
                resourceAccount: LOG_ARCHIVE,
            }),
            row("writes query results", "s3:PutObject", s3(scope.resultsBucket, "0f1e2d3c.csv"), "Allowed", {
                statement: "AllowQueryResults",
                resourceAccount: LOG_ARCHIVE,
            }),
            row("lists the results bucket", "s3:ListBucket", s3(scope.resultsBucket), "Allowed", {
                statement: "AllowQueryResultsBucket",
                resourceAccount: LOG_ARCHIVE,
            }),
            row("finds the buckets' region", "s3:GetBucketLocation", s3(flowLogs), "Allowed", {
                statement: "AllowBucketLocations",
                resourceAccount: LOG_ARCHIVE,
            }),
            row("queries nothing from a non-compliant device", "athena:StartQueryExecution", workgroup(scope.workgroup), "ExplicitlyDenied", {
                statement: "DenyWithoutCompliantDevice",
                context: context({ "aws:PrincipalTag/deviceCompliant": "false" }),
            }),
            row("queries from a compliant device", "athena:GetWorkGroup", workgroup(scope.workgroup), "Allowed", { statement: "DenyWithoutCompliantDevice" }),
            row("reads no secrets", "secretsmanager:GetSecretValue", `arn:aws:secretsmanager:eu-west-1:${LOG_ARCHIVE}:secret:x-AbCdEf`, "ImplicitlyDenied", {
                statement: "DenySensitiveOutsideTrustedNetworks",
            }),
            row(
                "reads no secrets, and never from outside",
                "secretsmanager:GetSecretValue",
                `arn:aws:secretsmanager:eu-west-1:${LOG_ARCHIVE}:secret:x-AbCdEf`,
                "ExplicitlyDenied",
                {
                    statement: "DenySensitiveOutsideTrustedNetworks",
                    context: context({ "aws:SourceIp": UNTRUSTED_IP }),
                },
            ),
        ];
        const outcomes = await table("log-analyst", sessionPolicies("log-analyst", "Security"), rows);
        // KMS decides with the key policy too: the archive's logs key, and the s3 key the workgroup encrypts results with.
        const keyPolicyOf = (purpose: "logs" | "s3") =>
            keyPolicy({
                partition: "aws",
                region: "eu-west-1",
                accountId: LOG_ARCHIVE,
                organizationId: "o-a1b2c3d4e5",
                purpose,
                accountRole: "logArchive",
                administratorRoleNames: [prod.organization.accessRoleName],
                organizationTrailArn: `arn:aws:cloudtrail:eu-west-1:${MANAGEMENT}:trail/landing-zone-organization`,
                logReaderAccountIds: [INFRA],
                backupAccountId: INFRA,
                homeRegion: "eu-west-1",
            });
        const kms = (purpose: "logs" | "s3") => ({ ...sessionPolicies("log-analyst", "Security"), resourcePolicy: keyPolicyOf(purpose) });
        outcomes.push(
            ...(await table("log-analyst", kms("logs"), [
                row("decrypts archived logs through S3", "kms:Decrypt", key, "Allowed", { statement: "AllowDecryptThroughS3", context: via("s3") }),
                row("cannot decrypt directly", "kms:Decrypt", key, "ImplicitlyDenied", { context: context(inOrg) }),
                row("cannot decrypt through another service", "kms:Decrypt", key, "ImplicitlyDenied", { context: via("secretsmanager") }),
            ])),
            ...(await table("log-analyst", kms("s3"), [
                row("encrypts results through S3", "kms:GenerateDataKey", key, "Allowed", { statement: "AllowResultEncryptionThroughS3", context: via("s3") }),
                row("decrypts results through S3", "kms:Decrypt", key, "Allowed", { statement: "AllowDecryptThroughS3", context: via("s3") }),
            ])),
        );
        // Like the auditor, the analyst holds no sensitive action; the Deny guards wider overrides.
        assert.deepEqual(uncoveredStatements([sets.get("log-analyst")!.inlinePolicy], outcomes), [
            "DenySensitiveOutsideTrustedNetworks: no nearby simulated request is shown to be allowed",
        ]);
    });

    it("billing-viewer in the management account: costs and budgets, no changes", async () => {
        const p = session(MANAGEMENT, "billing-viewer");
        const rows: SimulationRequest[] = [
            {
                description: "reads cost and usage",
                principal: p,
                action: "ce:GetCostAndUsage",
                resource: "*",
                context: context(),
                expected: "Allowed",
                statement: "AllowCostViews",
            },
            {
                description: "reads the free tier",
                principal: p,
                action: "freetier:GetFreeTierUsage",
                resource: "*",
                context: context(),
                expected: "Allowed",
                statement: "AllowCostViews",
            },
            {
                description: "views a budget",
                principal: p,
                action: "budgets:ViewBudget",
                resource: `arn:aws:budgets::${MANAGEMENT}:budget/platform`,
                context: context(),
                expected: "Allowed",
                statement: "DenyBillingChanges",
            },
            {
                description: "cannot modify a budget",
                principal: p,
                action: "budgets:ModifyBudget",
                resource: `arn:aws:budgets::${MANAGEMENT}:budget/platform`,
                context: context(),
                expected: "ExplicitlyDenied",
                statement: "DenyBillingChanges",
            },
            {
                description: "cannot close the account",
                principal: p,
                action: "account:CloseAccount",
                resource: "*",
                context: context(),
                expected: "ExplicitlyDenied",
                statement: "DenyBillingChanges",
            },
        ];
        const outcomes = await table("billing-viewer", sessionPolicies("billing-viewer", undefined), rows);
        assert.deepEqual(uncoveredStatements([sets.get("billing-viewer")!.inlinePolicy], outcomes), []);
    });

    it("support in a prod workload account: opens AWS Support cases and reads Health events (CIS 1.16), changes nothing", async () => {
        const p = session(WORKLOAD, "support");
        const rows: SimulationRequest[] = [
            {
                description: "opens a support case",
                principal: p,
                action: "support:CreateCase",
                resource: "*",
                context: context(),
                expected: "Allowed",
                statement: "DenyWithoutCompliantDevice",
            },
            {
                description: "reads an AWS Health event's details",
                principal: p,
                action: "health:DescribeEventDetails",
                resource: "*",
                context: context(),
                expected: "Allowed",
                statement: "AllowHealthEvents",
            },
            {
                description: "cannot open a case from an unmanaged device",
                principal: p,
                action: "support:CreateCase",
                resource: "*",
                context: context({ "aws:PrincipalTag/deviceCompliant": "false" }),
                expected: "ExplicitlyDenied",
                statement: "DenyWithoutCompliantDevice",
            },
            {
                description: "cannot change a workload",
                principal: p,
                action: "lambda:UpdateFunctionCode",
                resource: `arn:aws:lambda:eu-west-1:${WORKLOAD}:function:payments-api`,
                context: context(),
                expected: "ImplicitlyDenied",
            },
        ];
        const outcomes = await table("support", sessionPolicies("support", "Workloads/Prod"), rows);
        assert.deepEqual(uncoveredStatements([sets.get("support")!.inlinePolicy], outcomes), []);
    });

    it("break-glass trust: only MFA-authenticated, recent, self-identified principals of the trusted accounts", async () => {
        const user = `arn:aws:iam::${MANAGEMENT}:user/break-glass-alice`;
        const role = `arn:aws:iam::${WORKLOAD}:role/break-glass-admin`;
        const mfa = (age: string, extra: Record<string, string> = {}) => ({ "aws:MultiFactorAuthPresent": "true", "aws:MultiFactorAuthAge": age, ...extra });
        const rows: SimulationRequest[] = [
            {
                description: "MFA 2 minutes ago, with a source identity",
                principal: user,
                action: "sts:AssumeRole",
                resource: role,
                context: mfa("120", { "sts:SourceIdentity": "alice" }),
                expected: "Allowed",
                statement: "AllowMfaAuthenticatedEmergencyAccess",
            },
            {
                description: "sets the source identity with MFA",
                principal: user,
                action: "sts:SetSourceIdentity",
                resource: role,
                context: mfa("120", { "sts:SourceIdentity": "alice" }),
                expected: "Allowed",
                statement: "AllowMfaAuthenticatedEmergencyAccess",
            },
            {
                description: "no MFA at all",
                principal: user,
                action: "sts:AssumeRole",
                resource: role,
                context: { "sts:SourceIdentity": "alice" },
                expected: "ExplicitlyDenied",
                statement: "DenyWithoutMfa",
            },
            {
                description: "MFA explicitly absent",
                principal: user,
                action: "sts:AssumeRole",
                resource: role,
                context: { "aws:MultiFactorAuthPresent": "false", "sts:SourceIdentity": "alice" },
                expected: "ExplicitlyDenied",
                statement: "DenyWithoutMfa",
            },
            {
                description: "MFA older than the limit",
                principal: user,
                action: "sts:AssumeRole",
                resource: role,
                context: mfa("7200", { "sts:SourceIdentity": "alice" }),
                expected: "ImplicitlyDenied",
            },
            {
                description: "MFA just inside the limit",
                principal: user,
                action: "sts:AssumeRole",
                resource: role,
                context: mfa("899", { "sts:SourceIdentity": "alice" }),
                expected: "Allowed",
                statement: "DenyWithoutMfa",
            },
            { description: "no source identity", principal: user, action: "sts:AssumeRole", resource: role, context: mfa("120"), expected: "ImplicitlyDenied" },
            {
                description: "a principal of an untrusted account, even with MFA",
                principal: `arn:aws:iam::${OUTSIDER}:user/mallory`,
                action: "sts:AssumeRole",
                resource: role,
                context: mfa("120", { "sts:SourceIdentity": "mallory" }),
                expected: "ImplicitlyDenied",
            },
        ];
        const outcomes = await table("break-glass", { resourcePolicy: trust }, rows);
        assert.deepEqual(uncoveredStatements([trust], outcomes), []);
    });
});

describe("escalation: no permission set but the catalog's administrator ones can obtain *:*", () => {
    // Without SCPs (the management account's case, and the weakest anywhere: SCPs only take away), from a
    // compliant device on a trusted network, so only the sets' own policies and the boundary stand in the way.
    const ADMIN_POLICY = "arn:aws:iam::aws:policy/AdministratorAccess";
    type Attempt = Omit<SimulationRequest, "expected" | "principal">;

    /** The known ways to turn IAM, STS or Identity Center rights into administrator access, in one account. */
    function attempts(account: string, ownRole: string): Attempt[] {
        const role = (name: string) => `arn:aws:iam::${account}:role/${name}`;
        const user = `arn:aws:iam::${account}:user/ci`;
        const group = `arn:aws:iam::${account}:group/admins`;
        const boundaryArn = `arn:aws:iam::${account}:policy/landing-zone/landing-zone-developer-boundary`;
        const bounded = { "iam:PermissionsBoundary": boundaryArn };
        const permissionSet = "arn:aws:sso:::permissionSet/ssoins-1234567890abcdef/ps-1234567890abcdef";
        const row = (description: string, action: string, resource: string, extra: Record<string, string> = {}): Attempt => ({
            description,
            action,
            resource,
            context: context(extra),
        });
        return [
            row("creates a role without a boundary", "iam:CreateRole", role("workload/escalator")),
            row("creates a role bounded by AdministratorAccess", "iam:CreateRole", role("workload/escalator"), { "iam:PermissionsBoundary": ADMIN_POLICY }),
            row("creates a role outside the workload path", "iam:CreateRole", role("escalator"), bounded),
            row("attaches AdministratorAccess to an unbounded role", "iam:AttachRolePolicy", role("workload/legacy"), { "iam:PolicyARN": ADMIN_POLICY }),
            row("attaches AdministratorAccess to a bounded role", "iam:AttachRolePolicy", role("workload/escalator"), {
                ...bounded,
                "iam:PolicyARN": ADMIN_POLICY,
            }),
            row("attaches IAMFullAccess to a bounded role", "iam:AttachRolePolicy", role("workload/escalator"), {
                ...bounded,
                "iam:PolicyARN": "arn:aws:iam::aws:policy/IAMFullAccess",
            }),
            row("attaches AdministratorAccess to its own session's role", "iam:AttachRolePolicy", ownRole, { "iam:PolicyARN": ADMIN_POLICY }),
            row("writes an inline policy into an unbounded role", "iam:PutRolePolicy", role("ci-admin")),
            row("writes an inline policy into its own session's role", "iam:PutRolePolicy", ownRole),
            row("swaps a role's boundary for AdministratorAccess", "iam:PutRolePermissionsBoundary", role("workload/escalator"), {
                "iam:PermissionsBoundary": ADMIN_POLICY,
            }),
            row("strips the boundary from a role", "iam:DeleteRolePermissionsBoundary", role("workload/escalator"), bounded),
            row("rewrites the boundary policy", "iam:CreatePolicyVersion", boundaryArn),
            row("makes another version of the boundary the default", "iam:SetDefaultPolicyVersion", boundaryArn),
            row("rewrites a policy attached to an administrator role", "iam:CreatePolicyVersion", `arn:aws:iam::${account}:policy/ci-admin-extras`),
            row("trusts itself on a break-glass role", "iam:UpdateAssumeRolePolicy", role("break-glass-admin")),
            row("trusts itself on the organization access role", "iam:UpdateAssumeRolePolicy", role("OrganizationAccountAccessRole")),
            row("trusts itself on the landing zone's platform role", "iam:UpdateAssumeRolePolicy", role(`${PLATFORM_ROLE_PREFIX}platform`)),
            row("trusts itself on an administrator role someone else made", "iam:UpdateAssumeRolePolicy", role("ci-admin")),
            row("trusts itself on an unbounded role under the workload path", "iam:UpdateAssumeRolePolicy", role("workload/legacy")),
            row("passes an administrator role to Lambda", "iam:PassRole", role("ci-admin"), { "iam:PassedToService": "lambda.amazonaws.com" }),
            row("passes the organization access role to EC2", "iam:PassRole", role("OrganizationAccountAccessRole"), {
                "iam:PassedToService": "ec2.amazonaws.com",
            }),
            row("creates an IAM user", "iam:CreateUser", user),
            row("creates an access key", "iam:CreateAccessKey", user),
            row("gives a user a console password", "iam:CreateLoginProfile", user),
            row("attaches AdministratorAccess to a user", "iam:AttachUserPolicy", user, { "iam:PolicyARN": ADMIN_POLICY }),
            row("writes an inline policy into a user", "iam:PutUserPolicy", user),
            row("adds a user to an administrators group", "iam:AddUserToGroup", group),
            row("attaches AdministratorAccess to a group", "iam:AttachGroupPolicy", group, { "iam:PolicyARN": ADMIN_POLICY }),
            row("assigns itself a permission set", "sso:CreateAccountAssignment", permissionSet),
            row("adds AdministratorAccess to a permission set", "sso:AttachManagedPolicyToPermissionSet", permissionSet),
            row("rewrites a permission set's inline policy", "sso:PutInlinePolicyToPermissionSet", permissionSet),
            row(
                "joins an administrators group in the identity store",
                "identitystore:CreateGroupMembership",
                `arn:aws:identitystore::${MANAGEMENT}:identitystore/d-1234567890`,
            ),
            row("detaches an SCP", "organizations:DetachPolicy", `arn:aws:organizations::${MANAGEMENT}:policy/o-a1b2c3d4e5/service_control_policy/p-12345678`),
        ];
    }

    /** The organization access role in a member account trusts the management account. */
    const accessRoleTrust: PolicyDocument = {
        Version: "2012-10-17",
        Statement: [{ Sid: "ManagementAccount", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${MANAGEMENT}:root` }, Action: "sts:AssumeRole" }],
    };

    /** Descriptions of the attempts a principal with these policies gets Allowed, in the management account and an infrastructure one. */
    async function allowedEscalations(principalIn: (account: string) => string, policies: PolicySet): Promise<string[]> {
        const allowed: string[] = [];
        const check = async (principal: string, rows: readonly Attempt[], set: PolicySet) => {
            const outcomes = await simulateTable(
                set,
                rows.map((r) => ({ ...r, principal, expected: "ImplicitlyDenied" as const })),
            );
            for (const o of outcomes) {
                // A row the simulator rejects or whose keys do not apply would prove nothing.
                assert.notEqual(o.decision, "Error", `${o.request.description}: ${o.error}`);
                assert.deepEqual(o.ignoredContextKeys, [], `${o.request.description}: context keys that do not apply to ${o.request.action}`);
                if (o.decision === "Allowed") allowed.push(`${o.request.description} (${arnAccount(principal)})`);
            }
        };
        for (const account of [MANAGEMENT, INFRA]) {
            const principal = principalIn(account);
            const ownRole = `arn:aws:iam::${account}:role/aws-reserved/sso.amazonaws.com/${principal.split("/")[1]}`;
            await check(principal, attempts(account, ownRole), policies);
        }
        // From the management account, the organization access role of a member account is administrator.
        await check(
            principalIn(MANAGEMENT),
            [
                {
                    description: "assumes a member account's organization access role",
                    action: "sts:AssumeRole",
                    resource: `arn:aws:iam::${INFRA}:role/OrganizationAccountAccessRole`,
                    context: context(),
                },
            ],
            { ...policies, resourcePolicy: accessRoleTrust },
        );
        return allowed;
    }

    const noScps = (set: string): PolicySet => ({ ...sessionPolicies(set, "Infrastructure"), scps: undefined });
    /** The most a set without the administrator flag can build: a role with AdministratorAccess and the boundary. */
    const boundedRole: PolicySet = { identity: managedDocuments([ADMIN_POLICY]), permissionBoundary: boundary };

    it("every set, each in the management account and a member account", async () => {
        const found: Record<string, string[]> = {};
        for (const name of sets.keys()) found[name] = await allowedEscalations((account) => session(account, name), noScps(name));
        for (const [name, defaults] of Object.entries(PERMISSION_SET_CATALOG)) {
            if (defaults.administrator)
                assert.ok(found[name].length > 0, `${name} is an administrator set, yet the table shows it no escalation: the rows prove nothing`);
            else assert.deepEqual(found[name], [], `${name} can reach administrator access`);
        }
    });

    it("a role carrying the developer boundary, even with AdministratorAccess attached, cannot climb further", async () => {
        const found = await allowedEscalations((account) => `arn:aws:sts::${account}:assumed-role/escalator/session`, boundedRole);
        assert.deepEqual(found, []);
    });

    it("fails a platform-engineer whose role rights drop the boundary condition", async () => {
        const spec = sets.get("platform-engineer")!;
        const mutated: PolicyDocument = {
            ...spec.inlinePolicy,
            Statement: spec.inlinePolicy.Statement.map((s) => {
                if (s.Sid !== "AllowWorkloadRolesWithBoundary") return s;
                const { Condition: _dropped, ...unconditioned } = s;
                return unconditioned;
            }),
        };
        const policies = { ...noScps("platform-engineer"), identity: { ...managedDocuments(spec.managedPolicyArns), mutated } };
        const found = await allowedEscalations((account) => session(account, "platform-engineer"), policies);
        assert.ok(found.includes(`creates a role without a boundary (${MANAGEMENT})`), found.join("; "));
        assert.ok(found.includes(`trusts itself on an unbounded role under the workload path (${INFRA})`), found.join("; "));
    });
});
