import assert from "node:assert/strict";
import { uncoveredStatements, type SimulationRequest } from "../support/iam-simulation";
import { context, logSimulatedRequests, MANAGEMENT, OUTSIDER, session, sessionPolicies, sets, table, trust, WORKLOAD } from "./permission-set-simulation";

describe("permission sets, simulated with the SCPs of the accounts they are assigned to", () => {
    after(logSimulatedRequests);

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
