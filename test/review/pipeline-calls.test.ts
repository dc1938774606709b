import assert from "node:assert/strict";
import { MANAGEMENT_ACCOUNT_CALLS, MANAGEMENT_ACCOUNT_INVOKES } from "../../components/bootstrap/calls";
import { GITHUB_OIDC_HOST } from "../../components/bootstrap/policies";
import type { PolicyDocument } from "../../components/policies/document";
import { Decision, expectDecisions, SimulationRequest } from "../support/iam-simulation";
import { expectValidDocuments } from "../support/iam-documents";
import { organizationOf, stackRun } from "../support/stack-runs";
import { wireOutputsOf } from "../../tools/captured-resources";

/** What a stack does in its management account: each resource type and invoke with the regions it is registered in, the IAM roles it creates there and the deployment roles' policies as registered. */
interface ManagementCalls {
    readonly types: Record<string, string[]>;
    readonly invokes: Record<string, string[]>;
    readonly managementAccountId: string;
    readonly organizationId: string;
    readonly roleNames: string[];
    readonly policies: Record<"landing-zone-deploy" | "landing-zone-preview", PolicyDocument>;
}

function managementCalls(stack: string): ManagementCalls {
    const run = stackRun(stack);
    const { organizationId, managementAccountId: management } = organizationOf(run);
    const byKey = (rows: { key: string; region: string }[]) => {
        const out: Record<string, string[]> = {};
        for (const { key, region } of rows) out[key] = [...new Set([...(out[key] ?? []), region])].sort();
        return out;
    };
    const inManagement = run.resources.filter((r) => r.account === management);
    return {
        types: byKey(inManagement.filter((r) => r.custom && !r.type.startsWith("pulumi:")).map((r) => ({ key: r.type, region: r.region! }))),
        invokes: byKey(run.invokes.filter((i) => i.account === management).map((i) => ({ key: i.token, region: i.region }))),
        managementAccountId: management,
        organizationId,
        roleNames: inManagement
            .filter((r) => r.type === "aws:iam/role:Role")
            .map((r) => String(r.inputs.name ?? wireOutputsOf(r)?.name))
            .sort(),
        policies: Object.fromEntries(
            inManagement
                .filter((r) => r.type === "aws:iam/rolePolicy:RolePolicy" && String(r.inputs.name).startsWith("landing-zone-"))
                .map((r) => [String(r.inputs.name), JSON.parse(String(r.inputs.policy)) as PolicyDocument]),
        ) as ManagementCalls["policies"],
    };
}

/** Global services answer at us-east-1 whatever region the provider is in; that is the region their calls carry. */
const requestedRegion = (action: string, region: string) => (["account", "iam", "organizations"].includes(action.split(":")[0]) ? "us-east-1" : region);

const STACKS = ["dev", "prod"] as const;
/** The pipeline's own roles and the break-glass roles. */
const protectedRole = /(break-glass-[a-z]+|landing-zone-(dev|prod)-(deploy|preview))$/;

describe("the pipeline's calls in the management account, simulated", () => {
    const calls = Object.fromEntries(STACKS.map((s) => [s, managementCalls(s)])) as Record<(typeof STACKS)[number], ManagementCalls>;

    it("the call table names exactly the resource types and invokes both stacks register in the management account", () => {
        const types = new Set(STACKS.flatMap((s) => Object.keys(calls[s].types)));
        assert.deepEqual(Object.keys(MANAGEMENT_ACCOUNT_CALLS).sort(), [...types].sort());
        const invokes = new Set(STACKS.flatMap((s) => Object.keys(calls[s].invokes)));
        assert.deepEqual(Object.keys(MANAGEMENT_ACCOUNT_INVOKES).sort(), [...invokes].sort());
    });

    for (const stack of STACKS) {
        describe(stack, () => {
            const c = calls[stack];
            const account = c.managementAccountId;
            const role = (name: string) => `arn:aws:iam::${account}:role/${name}`;
            const deploySession = `arn:aws:sts::${account}:assumed-role/landing-zone-${stack}-deploy/github`;
            const previewSession = `arn:aws:sts::${account}:assumed-role/landing-zone-${stack}-preview/github`;
            const deploy = c.policies["landing-zone-deploy"];
            const preview = c.policies["landing-zone-preview"];
            const row = (principal: string, action: string, region: string, expected: Decision, extra: Partial<SimulationRequest> = {}): SimulationRequest => ({
                description: `${principal.includes("-deploy/") ? "deploy" : "preview"} ${action} in ${region}`,
                principal,
                action,
                resource: "*",
                context: { "aws:RequestedRegion": requestedRegion(action, region) },
                expected,
                ...extra,
            });

            it("the registered policies use only actions, condition keys and ARNs that exist", async () => {
                await expectValidDocuments({ deploy, preview });
            });

            it("every read of every type and every invoke: allowed to both roles, in every region the stack calls it", async () => {
                const rows: SimulationRequest[] = [];
                for (const [type, regions] of Object.entries(c.types))
                    for (const region of regions)
                        for (const action of MANAGEMENT_ACCOUNT_CALLS[type].reads)
                            rows.push(row(deploySession, action, region, "Allowed"), row(previewSession, action, region, "Allowed"));
                for (const [token, regions] of Object.entries(c.invokes))
                    for (const region of regions)
                        for (const action of MANAGEMENT_ACCOUNT_INVOKES[token].calls)
                            rows.push(row(deploySession, action, region, "Allowed"), row(previewSession, action, region, "Allowed"));
                await expectDecisions({ identity: { preview } }, rows.filter((r) => r.principal === previewSession));
                await expectDecisions({ identity: { deploy } }, rows.filter((r) => r.principal === deploySession));
            });

            it("every write of every type: allowed to the deploy role where the stack makes it, never to the preview role", async () => {
                const writes: SimulationRequest[] = [];
                for (const [type, regions] of Object.entries(c.types))
                    for (const region of regions)
                        for (const action of MANAGEMENT_ACCOUNT_CALLS[type].writes)
                            writes.push(row(deploySession, action, region, "Allowed"), row(previewSession, action, region, "ImplicitlyDenied"));
                await expectDecisions({ identity: { deploy } }, writes.filter((r) => r.principal === deploySession));
                await expectDecisions({ identity: { preview } }, writes.filter((r) => r.principal === previewSession));
            });

            it("regional writes stop at the regions their types live in", async () => {
                await expectDecisions({ identity: { deploy } }, [
                    row(deploySession, "events:PutRule", "ap-southeast-2", "ImplicitlyDenied"),
                    row(deploySession, "fms:AssociateAdminAccount", "eu-west-1", "ImplicitlyDenied"),
                    row(deploySession, "kms:CreateKey", "us-east-1", "ImplicitlyDenied"),
                    row(deploySession, "sso:CreatePermissionSet", "ap-southeast-2", "ImplicitlyDenied"),
                ]);
            });

            it("the deploy role passes each service role only to its service, and nothing else to anyone", async () => {
                const forwarder = c.roleNames.find((n) => n.endsWith("security-event-forwarder"))!;
                const trailLogs = c.roleNames.find((n) => n.startsWith("organization-trail-logs-role-"))!;
                const pass = (name: string, service: string, expected: Decision): SimulationRequest => ({
                    ...row(deploySession, "iam:PassRole", "eu-west-1", expected),
                    description: `pass ${name} to ${service}`,
                    resource: role(name),
                    context: { "aws:RequestedRegion": "us-east-1", "iam:PassedToService": service },
                });
                const outcomes = await expectDecisions({ identity: { deploy } }, [
                    pass(forwarder, "events.amazonaws.com", "Allowed"),
                    pass(trailLogs, "cloudtrail.amazonaws.com", "Allowed"),
                    pass(forwarder, "lambda.amazonaws.com", "ImplicitlyDenied"),
                    pass(trailLogs, "events.amazonaws.com", "ImplicitlyDenied"),
                    // The pipeline's own and the break-glass roles are denied outright, whatever else would allow it.
                    ...c.roleNames
                        .filter((n) => n !== forwarder && n !== trailLogs)
                        .flatMap((n) =>
                            ["events.amazonaws.com", "cloudtrail.amazonaws.com", "ssm.amazonaws.com"].map((svc) =>
                                pass(n, svc, protectedRole.test(n) ? "ExplicitlyDenied" : "ImplicitlyDenied"),
                            ),
                        ),
                ]);
                assert.ok(outcomes.some((o) => /break-glass-admin$/.test(o.request.resource)));
            });

            it("neither role can change, pass or assume any management-account role: its own, break-glass's or a service role", async () => {
                const administratorOnly = Object.values(MANAGEMENT_ACCOUNT_CALLS).flatMap((t) => t.administratorOnly ?? []);
                const roleWrites = administratorOnly.filter((a) => /Role/.test(a));
                const rows: SimulationRequest[] = [];
                for (const name of c.roleNames)
                    for (const action of [...roleWrites, "iam:PutRolePermissionsBoundary", "iam:DeleteRolePermissionsBoundary"])
                        for (const principal of [deploySession, previewSession])
                            rows.push({
                                ...row(principal, action, "eu-west-1", "ImplicitlyDenied"),
                                description: `${principal === deploySession ? "deploy" : "preview"} ${action} on ${name}`,
                                resource: role(name),
                                context: {
                                    "aws:RequestedRegion": "us-east-1",
                                    ...(action === "iam:AttachRolePolicy" ? { "iam:PolicyARN": "arn:aws:iam::aws:policy/AdministratorAccess" } : {}),
                                },
                            });
                await expectDecisions(
                    { identity: { deploy } },
                    rows
                        .filter((r) => r.principal === deploySession)
                        .map((r) => ({ ...r, expected: protectedRole.test(r.resource) ? ("ExplicitlyDenied" as const) : r.expected })),
                );
                await expectDecisions({ identity: { preview } }, rows.filter((r) => r.principal === previewSession));

                // Assuming a management-account role (one re-trusted to the pipeline, say) is denied whatever its trust policy says.
                const anyoneInAccount: PolicyDocument = {
                    Version: "2012-10-17",
                    Statement: [{ Sid: "Trust", Effect: "Allow", Principal: { AWS: role(`landing-zone-${stack}-deploy`) }, Action: "sts:AssumeRole", Resource: "*" }],
                };
                await expectDecisions(
                    { identity: { deploy }, resourcePolicy: anyoneInAccount },
                    c.roleNames.map((name) => ({
                        ...row(deploySession, "sts:AssumeRole", "eu-west-1", "ExplicitlyDenied"),
                        description: `deploy assumes ${name}`,
                        resource: role(name),
                        context: {},
                        statement: "DenyAssumingManagementRoles",
                    })),
                );
            });

            it("the CI provider: the deploy role may not re-trust break-glass to it, nor change its audiences", async () => {
                const provider = `arn:aws:iam::${account}:oidc-provider/${GITHUB_OIDC_HOST}`;
                await expectDecisions({ identity: { deploy } }, [
                    ...["iam:AddClientIDToOpenIDConnectProvider", "iam:DeleteOpenIDConnectProvider", "iam:UpdateOpenIDConnectProviderThumbprint"].map((action) => ({
                        ...row(deploySession, action, "eu-west-1", "ExplicitlyDenied"),
                        resource: provider,
                        statement: "DenyChangingGitHubProvider",
                    })),
                    ...c.roleNames
                        .filter((n) => n.startsWith("break-glass"))
                        .map((name) => ({
                            ...row(deploySession, "iam:UpdateAssumeRolePolicy", "eu-west-1", "ExplicitlyDenied"),
                            resource: role(name),
                            statement: "DenyChangingPipelineAndBreakGlassRoles",
                        })),
                ]);
            });
        });
    }
});
