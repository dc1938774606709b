import assert from "node:assert/strict";
import * as fc from "fast-check";
import * as YAML from "yaml";
import { accountsInOu, assignableAccounts, expandAssignments, type AssignableAccount } from "../../components/identity/assignments";
import { ConfigError, namespacedConfig, parseLandingZoneConfig } from "../../stacks/config";
import { stackYaml } from "../support/preview";

function raw(stack: string): any {
    return namespacedConfig((YAML.parse(stackYaml(stack)) as { config: Record<string, unknown> }).config);
}

function problemsOf(config: Record<string, unknown>): readonly string[] {
    try {
        parseLandingZoneConfig(config);
    } catch (err) {
        assert.ok(err instanceof ConfigError, `expected ConfigError, got ${String(err)}`);
        return err.problems;
    }
    return [];
}

describe("identity config rules", () => {
    it("keeps platform-admin to the management and infrastructure accounts, and developer to workload accounts", () => {
        const c = raw("prod");
        c.identity.assignments.push(
            { group: "aws-platform-admins", permissionSet: "platform-admin", accounts: ["payments-prod"] },
            { group: "aws-developers-payments", permissionSet: "developer", accounts: ["management"] },
            { group: "aws-developers-payments", permissionSet: "developer", ous: ["Infrastructure"] },
        );
        const n = c.identity.assignments.length;
        const problems = problemsOf(c);
        assert.ok(
            problems.some((p) =>
                p.startsWith(
                    `landing-zone:identity.assignments[${n - 3}].accounts[0]: platform-admin may not be assigned to payments-prod (got "payments-prod"; expected the management account`,
                ),
            ),
            problems.join("\n"),
        );
        assert.ok(
            problems.some((p) => p.startsWith(`landing-zone:identity.assignments[${n - 2}].accounts[0]: developer may not be assigned to management`)),
            problems.join("\n"),
        );
        assert.ok(
            problems.some((p) =>
                p.startsWith(`landing-zone:identity.assignments[${n - 1}].ous[0]: OU contains network: developer may not be assigned to network`),
            ),
            problems.join("\n"),
        );
    });

    it("keeps log-analyst to the log-archive account, where the workgroup and the archive are", () => {
        const c = raw("prod");
        const logArchive = c.organization.coreAccounts.logArchive.name;
        c.identity.assignments.push(
            { group: "aws-security-auditors", permissionSet: "log-analyst", accounts: ["security-tooling"] },
            { group: "aws-security-auditors", permissionSet: "log-analyst", ous: ["Security"] },
        );
        const n = c.identity.assignments.length;
        const problems = problemsOf(c);
        assert.ok(
            problems.some((p) =>
                p.startsWith(
                    `landing-zone:identity.assignments[${n - 2}].accounts[0]: log-analyst may not be assigned to security-tooling (got "security-tooling"; expected the log-archive account (organization.coreAccounts.logArchive) only`,
                ),
            ),
            problems.join("\n"),
        );
        // The Security OU holds the log-archive account too: only its other account is refused.
        const ouProblems = problems.filter((p) => p.startsWith(`landing-zone:identity.assignments[${n - 1}].ous[0]:`));
        assert.deepEqual(ouProblems.length, 1, ouProblems.join("\n"));
        assert.match(ouProblems[0], /OU contains security-tooling: log-analyst may not be assigned to security-tooling/);
        assert.ok(!problems.some((p) => p.includes(`log-analyst may not be assigned to ${logArchive}`)), problems.join("\n"));
    });

    it("refuses to map the device-compliance attribute from the identity store, which would replace the sign-in verdict", () => {
        const c = raw("dev");
        c.identity.accessControlAttributes.push({ key: "deviceCompliant", source: "${path:enterprise.deviceCompliant}" });
        const n = c.identity.accessControlAttributes.length - 1;
        const problems = problemsOf(c);
        assert.ok(
            problems.some((p) =>
                p.startsWith(
                    `landing-zone:identity.accessControlAttributes[${n}].key: maps the device-compliance attribute from the identity store, which replaces the identity provider's sign-in verdict`,
                ),
            ),
            problems.join("\n"),
        );
        c.identity.accessControlAttributes.pop();
        assert.deepEqual(problemsOf(c), []);
    });

    it("requires a trusted network when a set restricts sensitive actions to one", () => {
        const c = raw("dev");
        c.identity.trustedNetworks = { cidrs: [] };
        const problems = problemsOf(c);
        assert.ok(
            problems.some((p) =>
                p.startsWith(
                    "landing-zone:identity.trustedNetworks: platform-admin, platform-engineer, security-auditor, developer, log-analyst require a trusted network",
                ),
            ),
            problems.join("\n"),
        );
        c.identity.trustedNetworks = { vpcEndpointIds: ["vpce-0a1b2c3d4e5f60718"] };
        assert.deepEqual(problemsOf(c), []);
    });

    it("rejects read-only break-glass roles that are not break-glass roles, duplicate archive rules and malformed overrides", () => {
        const c = raw("prod");
        c.identity.breakGlass.readOnlyRoleNames = ["break-glass-viewer"];
        c.identity.accessAnalyzer.archiveRules.push({ ...c.identity.accessAnalyzer.archiveRules[0] });
        c.identity.permissionSets.developer = { sensitiveActions: ["secretsmanager GetSecretValue"], relayState: "http://console.aws.amazon.com/" };
        const problems = problemsOf(c).join("\n");
        assert.match(
            problems,
            /identity\.breakGlass\.readOnlyRoleNames\[0\]: not a break-glass role \(got "break-glass-viewer"; expected one of break-glass-admin, break-glass-readonly\)/,
        );
        assert.match(problems, /identity\.accessAnalyzer\.archiveRules\[1\]\.name: archive rule name used twice for the same analyzer/);
        assert.match(problems, /identity\.permissionSets\.developer\.sensitiveActions\[0\]: not an IAM action/);
        assert.match(problems, /identity\.permissionSets\.developer\.relayState: not an https URL/);
    });
});

describe("assignment expansion", () => {
    const accounts = assignableAccounts(parseLandingZoneConfig(raw("prod")).organization);

    it("expands an OU to every account below it, skips quarantined accounts, and merges a grant reached twice", () => {
        const withQuarantined: AssignableAccount[] = [...accounts, { name: "new-prod", ou: "Workloads/Prod", kind: "workload", quarantined: true }];
        const grants = expandAssignments(
            [
                { group: "g", permissionSet: "read-only", accounts: ["payments-prod"], ous: ["Workloads"] },
                { group: "g", permissionSet: "read-only", accounts: [], ous: ["Workloads/Prod"] },
            ],
            withQuarantined,
        );
        const names = grants.map((g) => g.account);
        assert.deepEqual(names, [...new Set(names)]);
        assert.ok(!names.includes("new-prod"));
        assert.deepEqual(
            names.sort(),
            accountsInOu(accounts, "Workloads")
                .map((a) => a.name)
                .sort(),
        );
        assert.ok(grants.every((g) => g.key === `g-read-only-${g.account}`));
    });

    it("does not depend on the order of assignments or of their targets (property)", () => {
        const ous = ["Security", "Infrastructure", "Workloads", "Workloads/Prod", "Workloads/NonProd", "Sandbox"];
        const names = accounts.map((a) => a.name);
        const assignment = fc.record({
            group: fc.constantFrom("g1", "g2"),
            permissionSet: fc.constantFrom("read-only", "security-auditor"),
            accounts: fc.subarray(names),
            ous: fc.subarray(ous),
        });
        fc.assert(
            fc.property(fc.array(assignment, { maxLength: 6 }), fc.infiniteStream(fc.nat()), (list, seeds) => {
                const shuffled = list
                    .map((a) => ({ ...a, accounts: [...a.accounts].reverse(), ous: [...a.ous].reverse() }))
                    .map((a) => ({ a, k: seeds.next().value as number }))
                    .sort((x, y) => x.k - y.k)
                    .map((x) => x.a);
                assert.deepEqual(expandAssignments(shuffled, accounts), expandAssignments(list, accounts));
            }),
        );
    });
});
