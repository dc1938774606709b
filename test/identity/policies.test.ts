import assert from "node:assert/strict";
import { PERMISSION_SET_CATALOG, resolvePermissionSets } from "../../components/identity/catalog";
import { toJson, type PolicyDocument } from "../../components/policies/document";
import { breakGlassTrustPolicy } from "../../components/policies/break-glass";
import { developerBoundaryPolicy } from "../../components/policies/developer-boundary";
import { DEFAULT_SENSITIVE_ACTIONS } from "../../components/policies/permission-sets";
import { logAnalyticsScope, PLATFORM_ROLE_PREFIX } from "../../components/shared/names";
import { type PolicySet, simulateTable, type SimulationRequest } from "../support/iam-simulation";
import { expectValidDocuments } from "../support/iam-documents";
import { arnAccount } from "../../tools/runtime-call-model";
import { managedDocuments } from "./aws-managed-policies";
import { boundary, context, INFRA, MANAGEMENT, protectedIam, session, sessionPolicies, sets, stackConfig } from "./permission-set-simulation";

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
