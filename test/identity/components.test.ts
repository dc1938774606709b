import assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import * as YAML from "yaml";
import { AccountIdentityBaseline } from "../../components/identity/account-baseline";
import { OrganizationAccessAnalyzer } from "../../components/identity/access-analyzer";
import { assignableAccounts, expandAssignments } from "../../components/identity/assignments";
import { PERMISSION_SET_CATALOG } from "../../components/identity/catalog";
import { IdentityCenter } from "../../components/identity/identity-center";
import { LandingZoneConfig, namespacedConfig, parseLandingZoneConfig } from "../../stacks/config";
import { runProgram } from "../../tools/mock-runtime";
import type { CapturedResource, ProgramRun } from "../../tools/captured-resources";
import { stackYaml } from "../support/preview";
import { stackRun } from "../support/stack-runs";

function stackConfig(stack: string): LandingZoneConfig {
    return parseLandingZoneConfig(namespacedConfig((YAML.parse(stackYaml(stack)) as { config: Record<string, unknown> }).config));
}

async function run(load: () => unknown, stack = "test"): Promise<ProgramRun> {
    return runProgram({ project: "landing-zone", stack, config: {}, load });
}

const ofType = (r: ProgramRun, type: string) => r.resources.filter((x) => x.type === type);
const named = (r: ProgramRun, name: string): CapturedResource => {
    const found = r.resources.find((x) => x.name === name);
    assert.ok(found, `no resource named ${name}`);
    return found;
};

describe("identity components under the mock runtime", () => {
    const runs = new Map<string, { config: LandingZoneConfig; run: ProgramRun }>();
    before(async () => {
        for (const stack of ["dev", "prod"]) runs.set(stack, { config: stackConfig(stack), run: stackRun(stack) });
    });

    for (const stack of ["dev", "prod"]) {
        describe(`stack ${stack}`, () => {
            it("creates the seven permission sets in the management account, with their session lengths and relay states", () => {
                const { config, run: r } = runs.get(stack)!;
                const sets = ofType(r, "aws:ssoadmin/permissionSet:PermissionSet");
                assert.deepEqual(sets.map((s) => s.inputs.name).sort(), [
                    "billing-viewer",
                    "developer",
                    "log-analyst",
                    "platform-admin",
                    "platform-engineer",
                    "read-only",
                    "security-auditor",
                    "support",
                ]);
                for (const s of sets) assert.equal(s.account, config.managementAccountId, `${s.name} is not in the management account`);
                const byName = new Map(sets.map((s) => [s.inputs.name as string, s.inputs]));
                assert.equal(byName.get("platform-admin")!.sessionDuration, "PT1H");
                assert.equal(byName.get("developer")!.sessionDuration, config.identity.permissionSets.developer?.sessionDuration ?? "PT8H");
                assert.equal(byName.get("billing-viewer")!.relayState, "https://console.aws.amazon.com/billing/home");
                assert.equal(byName.get("developer")!.relayState, undefined);
                assert.equal(byName.get("log-analyst")!.relayState, "https://console.aws.amazon.com/athena/home");
            });

            it("attaches managed policies, an inline policy to every set, and the developer boundary by reference", () => {
                const { run: r } = runs.get(stack)!;
                const managed = ofType(r, "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment")
                    .map((m) => m.inputs.managedPolicyArn)
                    .sort();
                assert.deepEqual(managed, [
                    "arn:aws:iam::aws:policy/AWSBillingReadOnlyAccess",
                    "arn:aws:iam::aws:policy/AWSSupportAccess",
                    "arn:aws:iam::aws:policy/AdministratorAccess",
                    "arn:aws:iam::aws:policy/PowerUserAccess",
                    "arn:aws:iam::aws:policy/PowerUserAccess",
                    "arn:aws:iam::aws:policy/SecurityAudit",
                    "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess",
                    "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess",
                ]);
                const inline = ofType(r, "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy");
                assert.equal(inline.length, Object.keys(PERMISSION_SET_CATALOG).length, "every built-in set has an inline policy");
                const developerInline = JSON.parse(named(r, "identity-center-developer-inline").inputs.inlinePolicy as string);
                const sids = developerInline.Statement.map((s: { Sid: string }) => s.Sid);
                assert.ok(sids.includes("DenyWithoutCompliantDevice") && sids.includes("DenySensitiveOutsideTrustedNetworks"), sids.join(","));
                const boundary = ofType(r, "aws:ssoadmin/permissionsBoundaryAttachment:PermissionsBoundaryAttachment");
                assert.equal(boundary.length, 1);
                assert.deepEqual(boundary[0].inputs.permissionsBoundary, {
                    customerManagedPolicyReference: { name: "landing-zone-developer-boundary", path: "/landing-zone/" },
                });
            });

            it("creates one assignment per (group, set, account), OUs expanded, keyed by names, with the account's id", () => {
                const { config, run: r } = runs.get(stack)!;
                const expected = expandAssignments(config.identity.assignments, assignableAccounts(config.organization));
                const assignments = ofType(r, "aws:ssoadmin/accountAssignment:AccountAssignment");
                assert.deepEqual(assignments.map((a) => a.name).sort(), expected.map((e) => `identity-center-assign-${e.key}`).sort());
                const accountIds = new Map(ofType(r, "aws:organizations/account:Account").map((a) => [a.name.replace(/^org-account-/, ""), a.id]));
                accountIds.set("management", config.managementAccountId);
                for (const e of expected) {
                    const a = named(r, `identity-center-assign-${e.key}`);
                    assert.equal(a.inputs.targetId, accountIds.get(e.account), `${e.key} targets the wrong account`);
                    assert.equal(a.inputs.principalType, "GROUP");
                    assert.equal(a.inputs.targetType, "AWS_ACCOUNT");
                }
                // Workloads is expanded to its accounts in both stacks.
                assert.ok(expected.some((e) => e.key === "aws-platform-engineers-platform-engineer-payments-staging"));
            });

            it("scopes the log-analyst set to the workgroup, database and buckets the program creates, and grants it in the log-archive account", () => {
                const { config, run: r } = runs.get(stack)!;
                const policy = JSON.parse(named(r, "identity-center-log-analyst-inline").inputs.inlinePolicy as string);
                const resources = (sid: string): string[] => {
                    const statement = policy.Statement.find((x: { Sid: string }) => x.Sid === sid);
                    assert.ok(statement, `no ${sid} in the log-analyst policy`);
                    return [statement.Resource].flat();
                };
                const workgroup = ofType(r, "aws:athena/workgroup:Workgroup");
                assert.equal(workgroup.length, 1);
                assert.deepEqual(resources("AllowLogAnalyticsQueries"), [`arn:aws:athena:${config.regions.home}:*:workgroup/${workgroup[0].inputs.name}`]);
                const database = ofType(r, "aws:glue/catalogDatabase:CatalogDatabase")[0].inputs.name as string;
                assert.ok(resources("AllowLogTableDefinitions").includes(`arn:aws:glue:${config.regions.home}:*:table/${database}/*`));
                // Exactly the buckets the tables read, each below AWSLogs/ where the tables' locations point.
                const locations = ofType(r, "aws:glue/catalogTable:CatalogTable").map((t) => (t.inputs.storageDescriptor as { location: string }).location);
                assert.deepEqual(resources("AllowArchiveReads").sort(), locations.map((l) => `${l.replace(/^s3:\/\//, "arn:aws:s3:::")}*`).sort());
                const results = ofType(r, "aws:s3/bucket:Bucket").find((b) => b.name === "analytics-results")!.inputs.bucket as string;
                assert.deepEqual(resources("AllowQueryResults"), [`arn:aws:s3:::${results}/*`]);
                const granted = ofType(r, "aws:ssoadmin/accountAssignment:AccountAssignment").filter((a) => a.name.includes("-log-analyst-"));
                assert.deepEqual(
                    granted.map((a) => a.name.split("-log-analyst-")[1]),
                    [config.organization.coreAccounts.logArchive.name],
                );
            });

            it("provisions the developer and platform-engineer sets into an account only after the boundary their roles need exists there", () => {
                const { run: r } = runs.get(stack)!;
                for (const set of ["developer", "platform-engineer"]) {
                    const granted = ofType(r, "aws:ssoadmin/accountAssignment:AccountAssignment").filter((a) => a.name.includes(`-${set}-`));
                    assert.ok(granted.length > 0, `no ${set} assignment in ${stack}`);
                    for (const a of granted) {
                        const account = a.name.split(`-${set}-`)[1];
                        // The management account has no boundary: there neither set can create or change a role.
                        if (account === "management") continue;
                        const boundaryUrn = named(r, `identity-${account}-developer-boundary`).urn;
                        assert.ok(a.dependencies.includes(boundaryUrn), `${a.name} does not wait for ${boundaryUrn}`);
                    }
                }
            });

            it("creates the developer boundary in every member account (platform engineers' roles carry it too), not in the management account", () => {
                const { config, run: r } = runs.get(stack)!;
                const boundaries = ofType(r, "aws:iam/policy:Policy").filter((p) => p.inputs.name === "landing-zone-developer-boundary");
                const accountIds = new Map(ofType(r, "aws:organizations/account:Account").map((a) => [a.name.replace(/^org-account-/, ""), a.id]));
                assert.equal(accountIds.size, 5 + config.organization.workloadAccounts.length);
                assert.deepEqual(boundaries.map((b) => b.name.replace(/^identity-|-developer-boundary$/g, "")).sort(), [...accountIds.keys()].sort());
                for (const b of boundaries) assert.equal(b.account, accountIds.get(b.name.replace(/^identity-|-developer-boundary$/g, "")));
            });

            it("puts a password policy and the break-glass roles, MFA-only, in every account", () => {
                const { config, run: r } = runs.get(stack)!;
                const accounts = 1 + 5 + config.organization.workloadAccounts.length;
                const policies = ofType(r, "aws:iam/accountPasswordPolicy:AccountPasswordPolicy");
                assert.equal(new Set(policies.map((p) => p.account)).size, accounts);
                assert.equal(policies[0].inputs.minimumPasswordLength, 14);
                const roles = ofType(r, "aws:iam/role:Role").filter(
                    (x) => x.inputs.tags && (x.inputs.tags as Record<string, string>)["landing-zone:break-glass"] === "true",
                );
                assert.equal(roles.length, accounts * config.identity.breakGlass!.roleNames.length);
                for (const role of roles) {
                    const trust = JSON.parse(role.inputs.assumeRolePolicy as string);
                    const allow = trust.Statement.find((s: { Effect: string }) => s.Effect === "Allow");
                    assert.equal(allow.Condition.Bool["aws:MultiFactorAuthPresent"], "true");
                    assert.equal(allow.Condition.NumericLessThan["aws:MultiFactorAuthAge"], String(config.identity.breakGlass!.mfaMaxAgeSeconds));
                    assert.equal(role.options.retainOnDelete, true);
                    assert.equal(role.options.protect, config.settings.protectStatefulResources);
                }
                const readOnly = ofType(r, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").filter((a) => a.name.endsWith("-break-glass-readonly-access"));
                for (const a of readOnly) assert.equal(a.inputs.policyArn, "arn:aws:iam::aws:policy/ReadOnlyAccess");
            });

            it("maps the ABAC attributes from the identity store, never the device-compliance key", () => {
                const { config, run: r } = runs.get(stack)!;
                const [attrs] = ofType(r, "aws:ssoadmin/instanceAccessControlAttributes:InstanceAccessControlAttributes");
                const keys = (attrs.inputs.attributes as { key: string }[]).map((a) => a.key);
                assert.deepEqual(keys, config.identity.accessControlAttributes.map((a) => a.key).sort());
                // The device verdict comes from the identity provider's assertion: a mapped key would replace it with the store's value.
                assert.ok(!keys.includes(config.identity.deviceComplianceAttribute));
            });

            it("builds the organization's Access Analyzers in the security-tooling account: external access per region, unused access once", () => {
                const { config, run: r } = runs.get(stack)!;
                const securityTooling = ofType(r, "aws:organizations/account:Account").find(
                    (a) => a.name === `org-account-${config.organization.coreAccounts.securityTooling.name}`,
                )!.id;
                const analyzers = ofType(r, "aws:accessanalyzer/analyzer:Analyzer");
                for (const a of analyzers) assert.equal(a.account, securityTooling);
                const external = analyzers.filter((a) => a.inputs.type === "ORGANIZATION");
                assert.deepEqual(external.map((a) => a.region).sort(), [...config.regions.allowed].sort());
                const unused = analyzers.filter((a) => a.inputs.type === "ORGANIZATION_UNUSED_ACCESS");
                assert.equal(unused.length, 1);
                assert.equal(unused[0].region, config.regions.home);
                assert.deepEqual(unused[0].inputs.configuration, {
                    unusedAccess: {
                        unusedAccessAge: config.identity.accessAnalyzer.unusedAccessAgeDays,
                        analysisRule: { exclusions: [{ resourceTags: [{ "landing-zone:break-glass": "true" }] }] },
                    },
                });
                const rules = ofType(r, "aws:accessanalyzer/archiveRule:ArchiveRule");
                const externalRules = config.identity.accessAnalyzer.archiveRules.filter((x) => x.analyzer === "external-access").length;
                assert.equal(rules.length, externalRules * config.regions.allowed.length);
            });
        });
    }
});

describe("Access Analyzer ordering", () => {
    it("creates the analyzers and archive rules only after the delegated-administrator registration", async () => {
        const r = await run(() => {
            const delegation = new aws.organizations.DelegatedAdministrator("delegation", {
                accountId: "111111111111",
                servicePrincipal: "access-analyzer.amazonaws.com",
            });
            return new OrganizationAccessAnalyzer("aa", {
                environment: "dev",
                unusedAccess: { unusedAccessAgeDays: 30, excludeTags: [] },
                archiveRules: [{ name: "vendor", analyzer: "external-access", filter: { "principal.AWS": ["464622532012"] } }],
                dependsOn: [delegation],
            });
        });
        const delegation = named(r, "delegation").urn;
        const children = r.resources.filter((x) => x.type.startsWith("aws:accessanalyzer/"));
        assert.equal(children.length, 3);
        for (const c of children) assert.ok(c.dependencies.includes(delegation), `${c.name} does not wait for the delegation`);
        // Without exclusion tags there is no analysis rule at all.
        assert.deepEqual(named(r, "aa-unused-access").inputs.configuration, { unusedAccess: { unusedAccessAge: 30 } });
    });
});

describe("identity components reject bad arguments", () => {
    it("AccountIdentityBaseline: a read-only break-glass role that is not a break-glass role", async () => {
        await assert.rejects(
            run(
                () =>
                    new AccountIdentityBaseline("x", {
                        account: "x",
                        partition: "aws",
                        protect: false,
                        breakGlass: {
                            roleNames: ["break-glass-admin"],
                            readOnlyRoleNames: ["break-glass-ro"],
                            trustedAccountIds: ["123456789012"],
                            mfaMaxAgeSeconds: 900,
                        },
                    }),
            ),
            /AccountIdentityBaseline x: breakGlass.readOnlyRoleNames break-glass-ro are not in roleNames/,
        );
    });

    it("IdentityCenter: an assignment of a set it does not build", async () => {
        await assert.rejects(
            run(
                () =>
                    new IdentityCenter("ic", {
                        permissionSets: [],
                        groups: ["g"],
                        assignments: [{ key: "g-developer-a", group: "g", permissionSet: "developer", account: "a" }],
                        accountIds: new Map([["a", "111111111111"]]),
                        accountPrerequisites: new Map(),
                        accessControlAttributes: [],
                    }),
            ),
            /IdentityCenter ic: assignment g-developer-a names permission set "developer", which is not in permissionSets/,
        );
    });

    it("OrganizationAccessAnalyzer: an unused-access archive rule where there is no unused-access analyzer", async () => {
        await assert.rejects(
            run(
                () =>
                    new OrganizationAccessAnalyzer("aa", {
                        environment: "dev",
                        archiveRules: [{ name: "r", analyzer: "unused-access", filter: { findingType: ["UnusedIAMRole"] } }],
                    }),
            ),
            /archive rule "r" targets the unused-access analyzer/,
        );
    });
});
