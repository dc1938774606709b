import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { formatPolicyConfigProblem, policyConfigProblems } from "../../policypack/config";
import { allPolicies } from "../../policypack/policies";
import { ConfigError, loadStackConfig, namespacedConfig, parseLandingZoneConfig } from "../../stacks/config";
import { policyPackConfigPath, readPolicyPackConfig } from "../../stacks/policy-pack";
import { runProgram } from "../../tools/mock-runtime";
import { expandPolicyConfig, PolicyPackConfigFile } from "../../tools/policy-engine";
import { validateLandingZone } from "../../tools/preview";
import { readStackFiles, runtimeConfig } from "../../tools/stack-files";
import { REPO, runPreview, stackYaml } from "../support/preview";

const STACKS = ["dev", "prod"];
const CONFIG_DIR = path.join(REPO, "policypack", "config");

function fileConfig(name: string): Record<string, unknown> {
    return JSON.parse(fs.readFileSync(path.join(CONFIG_DIR, name), "utf8")) as Record<string, unknown>;
}

/** A project directory holding only the stack's pack config file, with the given content. */
function projectWith(stack: string, content: unknown): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lz-pack-config-"));
    fs.mkdirSync(path.join(dir, "policypack", "config"), { recursive: true });
    fs.writeFileSync(path.join(dir, policyPackConfigPath(stack)), typeof content === "string" ? content : JSON.stringify(content, null, 4));
    return dir;
}

/** The problems the landing zone's validation reports for a stack with the pack config file in projectDir. */
function problemsWith(stack: string, projectDir: string, values = readStackFiles(REPO, stack).values): readonly string[] {
    try {
        validateLandingZone({ ...readStackFiles(REPO, stack), values }, `Pulumi.${stack}.yaml`, projectDir);
    } catch (err) {
        assert.ok(err instanceof ConfigError, `expected ConfigError, got ${String(err)}`);
        return err.problems;
    }
    return [];
}

describe("policy pack config files (policypack/config/*.json, the CLI's --policy-pack-config)", () => {
    const files = fs.readdirSync(CONFIG_DIR).filter((f) => f.endsWith(".json"));

    it("exist for each landing-zone stack and for the workload teams' policy group", () => {
        assert.deepStrictEqual(files.sort(), ["dev.json", "prod.json", "workloads.json"]);
    });

    for (const file of ["dev.json", "prod.json", "workloads.json"]) {
        it(`${file} validates against every policy's configSchema with zero problems`, () => {
            const config = fileConfig(file);
            assert.deepStrictEqual(
                policyConfigProblems(config, allPolicies).map((p) => formatPolicyConfigProblem(config, p)),
                [],
            );
            if (file !== "workloads.json") assert.strictEqual(config.all, "mandatory", `${file}: every policy not listed is mandatory`);
        });
    }

    it("workloads.json sets every governance policy's level explicitly and lowers no security policy below its default", () => {
        const config = fileConfig("workloads.json");
        const governance = allPolicies.filter((p) => p.area === "governance").map((p) => p.name);
        assert.deepStrictEqual(
            governance.filter((name) => typeof config[name] !== "string"),
            [],
        );
        const rank = { disabled: 0, advisory: 1, mandatory: 2, remediate: 2 } as Record<string, number>;
        const lowered = allPolicies.filter((p) => {
            if (p.area === "governance") return false;
            const entry = config[p.name] ?? config.all;
            const level = typeof entry === "string" ? entry : (entry as { enforcementLevel?: string } | undefined)?.enforcementLevel;
            return level !== undefined && rank[level] < rank[p.enforcementLevel ?? "mandatory"];
        });
        assert.deepStrictEqual(
            lowered.map((p) => p.name),
            [],
        );
    });

    for (const stack of STACKS) {
        it(`${stack}: the stack file no longer carries the pack config; the file validates with the stack config`, () => {
            const doc = YAML.parse(stackYaml(stack)) as { config: Record<string, unknown> };
            assert.ok(!("landing-zone:policyPack" in doc.config), `Pulumi.${stack}.yaml still has landing-zone:policyPack`);
            assert.deepStrictEqual(problemsWith(stack, REPO), []);
        });

        it(`${stack}: the offline preview evaluates the pack with exactly the file's config`, () => {
            const expected = fileConfig(`${stack}.json`);
            // What previewProgram hands the evaluator.
            assert.deepStrictEqual(validateLandingZone(readStackFiles(REPO, stack), `Pulumi.${stack}.yaml`, REPO), expected);
            // And what the --json report says each policy ran with: level and parameters.
            const report = runPreview({ stack }).report!;
            const effective = expandPolicyConfig(
                expected as PolicyPackConfigFile,
                allPolicies.map((p) => ({ name: p.name, description: p.description, enforcementLevel: p.enforcementLevel ?? "mandatory" })),
            );
            assert.deepStrictEqual(
                report.policies.map((p) => [p.name, p.enforcementLevel, p.parameters ?? {}]),
                allPolicies.map((p) => [p.name, effective.get(p.name)!.enforcementLevel, effective.get(p.name)!.properties]),
            );
        });

        it(`${stack}: the program reads the same file under the runtime`, async () => {
            const files = readStackFiles(REPO, stack);
            let seen: unknown;
            await runProgram({
                project: files.project,
                stack,
                config: runtimeConfig(files.values),
                load: () => {
                    seen = loadStackConfig().policyPack;
                    return {};
                },
            });
            assert.deepStrictEqual(seen, fileConfig(`${stack}.json`));
        });
    }
});

describe("policy pack config file: broken or missing", () => {
    const dev = () => fileConfig("dev.json");

    it("lists every unknown policy, bad level, bad parameter and impossible remediation by file and key path, with the stack config's problems", () => {
        const values = readStackFiles(REPO, "dev").values as Record<string, any>;
        const broken = {
            ...dev(),
            "kms-deletion-window": { minimumDays: 3 },
            "required-tags": { requiredTags: { Owner: "team" } },
            "sg-no-admin-ports-from-internet": { ports: [22, "rdp"], portz: [] },
            "iam-no-users": "remediate",
            "ebs-default-encryption-enabled": { enforcementLevel: "strict", landingZone: "yes" },
            "no-unapproved-internet-gateway": { approvedEgressVpcs: ["vpc-0123456789abcdef0"] },
            "no-such-policy": "advisory",
            "//": "comments are not policies",
        };
        const problems = problemsWith("dev", projectWith("dev", broken), {
            ...values,
            "landing-zone:response": { ...values["landing-zone:response"], guardDutyMinSeverity: 11 },
        });
        const file = "policypack/config/dev.json";
        assert.deepStrictEqual([...problems].sort(), [
            "landing-zone:response.guardDutyMinSeverity: too big (got 11; expected at most 10)",
            `${file}: //: no such policy in the pack (got "comments are not policies"; expected a policy name listed in policypack/README.md)`,
            `${file}: ebs-default-encryption-enabled.enforcementLevel: unknown enforcement level (got "strict"; expected one of advisory, mandatory, remediate, disabled)`,
            `${file}: ebs-default-encryption-enabled.landingZone: wrong type (got "yes"; expected boolean)`,
            `${file}: iam-no-users: policy has no safe remediation (got "remediate"; expected advisory, mandatory or disabled)`,
            `${file}: kms-deletion-window.minimumDays: too small (got 3; expected >= 7)`,
            `${file}: no-such-policy: no such policy in the pack (got "advisory"; expected a policy name listed in policypack/README.md)`,
            `${file}: no-unapproved-internet-gateway.approvedEgressVpcs[0]: does not match the pattern (got "vpc-0123456789abcdef0"; expected a string matching ^urn:pulumi:[^:]+::[^:]+::.*aws:ec2/vpc:Vpc::[^:]+$)`,
            `${file}: required-tags.requiredTags.Owner: wrong type (got "team"; expected a list of string)`,
            `${file}: sg-no-admin-ports-from-internet.ports[1]: wrong type (got "rdp"; expected integer)`,
            `${file}: sg-no-admin-ports-from-internet.portz: unknown parameter (got []; expected ports)`,
        ]);
    });

    it("keeps the break-glass exemption equal to the administrator break-glass roles", () => {
        const exempt = (exemptRoles: string[]) => ({
            ...dev(),
            "iam-no-privileged-managed-policies": { ...(dev()["iam-no-privileged-managed-policies"] as object), exemptRoles },
        });
        assert.deepStrictEqual(problemsWith("dev", projectWith("dev", exempt(["team-admin"]))), [
            'policypack/config/dev.json: iam-no-privileged-managed-policies.exemptRoles: break-glass administrator role(s) break-glass-admin not exempt (got ["team-admin"]; expected the administrator roles of landing-zone:identity.breakGlass.roleNames)',
            'policypack/config/dev.json: iam-no-privileged-managed-policies.exemptRoles: role(s) team-admin are not administrator break-glass roles (got ["team-admin"]; expected only landing-zone:identity.breakGlass.roleNames minus readOnlyRoleNames)',
        ]);
    });

    it("names a missing file, a file that is not JSON and a file that is not an object", () => {
        const empty = fs.mkdtempSync(path.join(os.tmpdir(), "lz-pack-config-"));
        const expected = "expected the stack's policy pack config: a JSON object as for pulumi preview --policy-pack-config, policypack/README.md";
        assert.deepStrictEqual(problemsWith("dev", empty), [`policypack/config/dev.json: cannot read the file (got no such file; ${expected})`]);
        assert.match(
            problemsWith("dev", projectWith("dev", '{ "all": "mandatory", }')).join("\n"),
            /^policypack\/config\/dev\.json: not valid JSON \(got .+; expected/,
        );
        assert.deepStrictEqual(problemsWith("dev", projectWith("dev", '["mandatory"]')), [
            `policypack/config/dev.json: wrong type (got ["mandatory"]; ${expected})`,
        ]);
        assert.deepStrictEqual(readPolicyPackConfig(empty, "dev"), {
            file: "policypack/config/dev.json",
            problem: `cannot read the file (got no such file; ${expected})`,
        });
    });

    it("rejects landing-zone:policyPack left in a stack file, pointing at the file", () => {
        const values = { ...namespacedConfig(readStackFiles(REPO, "dev").values), policyPack: { enforcementLevel: "mandatory" } };
        assert.throws(
            () => parseLandingZoneConfig(values, "Pulumi.dev.yaml", readPolicyPackConfig(REPO, "dev")),
            (err: ConfigError) =>
                err.problems.length === 1 &&
                err.problems[0].startsWith("landing-zone:policyPack: no longer a stack config key (got {") &&
                err.problems[0].includes("policypack/config/<stack>.json"),
        );
    });

    it("stops the program with the same error under the runtime, before any resource", async () => {
        const files = readStackFiles(REPO, "dev");
        await assert.rejects(
            runProgram({ project: files.project, stack: "staging", config: runtimeConfig(files.values), load: () => loadStackConfig() }),
            /Invalid landing-zone config in stack staging \(1 problem\):\n {2}- policypack\/config\/staging\.json: cannot read the file \(got no such file;/,
        );
    });

    it("offline preview: a stack without its file exits 2 naming the file, with no stack trace", () => {
        const run = runPreview({ stack: "staging", configYaml: stackYaml("dev") });
        assert.strictEqual(run.code, 2, run.stderr);
        assert.match(run.stderr, /policypack\/config\/staging\.json: cannot read the file \(got no such file; expected the stack's policy pack config/);
        assert.doesNotMatch(run.stderr, /\n\s+at /, "no stack trace");
        assert.strictEqual(run.report, undefined);
    });
});
