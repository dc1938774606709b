import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { diffReports, PreviewDiff } from "../../tools/diff";
import type { PreviewReport } from "../../tools/report-model";
import { isStateful, STATEFUL_TYPES } from "../../components/shared/stateful";
import { runPreview, stackYaml } from "../support/preview";

/** The dev stack's config, parsed for editing. */
function devConfig(): Record<string, any> {
    return (YAML.parse(stackYaml("dev")) as { config: Record<string, any> }).config;
}

function previewOf(config: Record<string, any>, extraArgs?: string[]) {
    const run = runPreview({ stack: "dev", configYaml: YAML.stringify({ config }), extraArgs });
    assert.ok(run.report, run.stderr);
    return run;
}

function summary(diff: PreviewDiff): string {
    return JSON.stringify({ added: diff.added.map((r) => r.urn), changed: diff.changed, removed: diff.removed.map((r) => r.urn) }, null, 2);
}

/** Reverses every list of named things the issue names, at every level. */
function reverseOus(units: any[]): any[] {
    return [...units].reverse().map((u) => (u.children ? { ...u, children: reverseOus(u.children) } : u));
}

describe("nothing lost: stateful resources", () => {
    for (const stack of ["dev", "prod"]) {
        it(`${stack}: every resource of a stateful type is retained on delete, and protected as settings say`, () => {
            const report = runPreview({ stack }).report!;
            const protect = (YAML.parse(stackYaml(stack)).config["landing-zone:settings"] as { protectStatefulResources: boolean }).protectStatefulResources;
            const stateful = report.resources.filter((r) => isStateful(r.type));
            assert.ok(stateful.length > 0);
            const wrong = stateful.filter((r) => !r.options.retainOnDelete || r.options.protect !== protect).map((r) => r.urn);
            assert.deepStrictEqual(wrong, [], "stateful resources the stack transformation (protectStatefulResources) missed");
        });
    }

    it("lists each stateful type with what its deletion loses", () => {
        for (const [type, reason] of Object.entries(STATEFUL_TYPES)) {
            assert.match(type, /^aws:[a-z0-9]+\/[a-zA-Z0-9]+:[A-Z][A-Za-z0-9]+$/, type);
            assert.ok(reason.length > 10, type);
        }
        assert.ok(isStateful("aws:organizations/account:Account") && !isStateful("aws:iam/role:Role"));
    });
});

describe("URN stability", () => {
    let baseline: PreviewReport;
    before(() => (baseline = runPreviewBaseline()));

    it("reordering OUs, accounts, spokes and permission-set assignments changes nothing", () => {
        const config = devConfig();
        const org = config["landing-zone:organization"];
        org.organizationalUnits = reverseOus(org.organizationalUnits);
        org.workloadAccounts = [...org.workloadAccounts].reverse();
        const net = config["landing-zone:network"];
        net.spokes = [...net.spokes].reverse();
        const identity = config["landing-zone:identity"];
        identity.assignments = [...identity.assignments]
            .reverse()
            .map((a: any) => ({ ...a, ...(a.accounts ? { accounts: [...a.accounts].reverse() } : {}), ...(a.ous ? { ous: [...a.ous].reverse() } : {}) }));
        identity.groups = [...identity.groups].reverse();
        const diff = diffReports(baseline, previewOf(config).report!);
        assert.ok(diff.added.length + diff.removed.length + diff.changed.length === 0, summary(diff));
    });

    it("adding one account adds only that account's resources and changes nothing else", () => {
        const config = devConfig();
        config["landing-zone:organization"].workloadAccounts.push({
            name: "analytics-staging",
            displayName: "Analytics (staging)",
            email: "aws-staging+analytics@northwind.example",
            ou: "Workloads/NonProd",
            environment: "nonprod",
            owner: "team-analytics",
            costCenter: "CC-1077",
        });
        const after = previewOf(config).report!;
        const diff = diffReports(baseline, after);
        assert.deepStrictEqual(diff.removed, [], summary(diff));
        const account = diff.added.find((r) => r.type === "aws:organizations/account:Account");
        assert.ok(account?.id, summary(diff));
        const foreign = diff.added.filter((r) => !r.urn.split("::").pop()!.includes("analytics-staging")).map((r) => r.urn);
        assert.deepStrictEqual(foreign, [], "every added resource belongs to the new account (its name is in the URN)");

        // The only changes allowed elsewhere are the organization-wide lists of accounts admitting the new one:
        // the log-delivery grants by aws:SourceAccount (for delivery services that do not set aws:SourceOrgID),
        // the accounts the remediation functions act in and the compliance publisher reports on, the accounts
        // Inspector scans, and the accounts the log-analytics tables project.
        const deliveryPolicy = /::(keys-log-archive-[a-z0-9]+-[a-z]+|log-archive-[a-z-]+-policy)$/;
        const id = account.id;
        const beforeByUrn = new Map(baseline.resources.map((r) => [r.urn, r]));
        const afterByUrn = new Map(after.resources.map((r) => [r.urn, r]));
        assert.ok(diff.changed.length > 0, "the organization-wide delivery grants admit the new account");
        for (const c of diff.changed) {
            const was = beforeByUrn.get(c.urn)!.inputs;
            const now = afterByUrn.get(c.urn)!.inputs;
            assert.deepStrictEqual([c.options, c.aliasOf], [[], undefined], c.urn);
            if (["aws:kms/key:Key", "aws:s3/bucketPolicy:BucketPolicy"].includes(c.type) && deliveryPolicy.test(c.urn)) {
                assert.deepStrictEqual(c.inputs, ["policy"], c.urn);
                assert.notDeepStrictEqual(policyOf(now.policy), policyOf(was.policy), c.urn);
                assert.deepStrictEqual(
                    withoutSourceAccount(policyOf(now.policy), id),
                    policyOf(was.policy),
                    `${c.urn}: differs by more than the new account's aws:SourceAccount`,
                );
            } else if (
                c.type === "aws:lambda/function:Function" &&
                /landing-zone:(response:RemediationFunction|operations:CompliancePublisher)\$/.test(c.urn)
            ) {
                // Remediations act in TARGET_ACCOUNTS; the compliance publisher reports on ACCOUNTS.
                const key = c.urn.includes("CompliancePublisher") ? "ACCOUNTS" : "TARGET_ACCOUNTS";
                assert.deepStrictEqual(c.inputs, ["environment"], c.urn);
                const env = (x: Record<string, any>) => x.environment.variables as Record<string, string>;
                const targets = env(now)[key].split(",");
                assert.ok(targets.includes(id), c.urn);
                const rest = targets.filter((t: string) => t !== id).join(",");
                assert.deepStrictEqual({ ...env(now), [key]: rest }, env(was), `${c.urn}: differs by more than the new account`);
            } else if (c.type === "aws:inspector2/enabler:Enabler") {
                assert.deepStrictEqual(c.inputs, ["accountIds"], c.urn);
                assert.ok((now.accountIds as string[]).includes(id), c.urn);
                assert.deepStrictEqual(
                    (now.accountIds as string[]).filter((x) => x !== id),
                    was.accountIds,
                    `${c.urn}: differs by more than the new member account`,
                );
            } else if (c.type === "aws:glue/catalogTable:CatalogTable") {
                // Partition projection cannot discover accounts: each log table lists them.
                assert.deepStrictEqual(c.inputs, ["parameters"], c.urn);
                const params = (x: Record<string, any>) => x.parameters as Record<string, string>;
                const listed = Object.entries(params(now)).filter(([k, v]) => /^projection\.\w+\.values$/.test(k) && v.split(",").includes(id));
                assert.strictEqual(listed.length, 1, `${c.urn}: the new account is one projected account value`);
                const [key, values] = listed[0];
                assert.deepStrictEqual(
                    {
                        ...params(now),
                        [key]: values
                            .split(",")
                            .filter((x) => x !== id)
                            .join(","),
                    },
                    params(was),
                    `${c.urn}: differs by more than the new account`,
                );
            } else assert.fail(`${c.urn} changed, and it is not an organization-wide list of accounts\n${summary(diff)}`);
        }
    });

    it("renaming an account's display name changes only that account's name input", () => {
        const config = devConfig();
        const account = config["landing-zone:organization"].workloadAccounts.find((a: any) => a.name === "payments-staging");
        account.displayName = "Payments (pre-production)";
        const diff = diffReports(baseline, previewOf(config).report!);
        assert.deepStrictEqual([diff.added, diff.removed], [[], []], summary(diff));
        assert.deepStrictEqual(
            diff.changed.map((c) => [c.urn.split("::").pop(), c.inputs, c.options]),
            [["org-account-payments-staging", ["name"], []]],
        );
    });

    it("previewing the same config twice gives the same URNs, inputs and options", () => {
        const again = previewOf(devConfig()).report!;
        const graph = (r: PreviewReport) =>
            r.resources.map((x) => ({ urn: x.urn, inputs: x.inputs, options: x.options, parent: x.parent, provider: x.provider }));
        assert.deepStrictEqual(graph(again), graph(baseline));
        assert.ok(diffReports(baseline, again).changed.length === 0);
    });
});

describe("removing an account from config", () => {
    it("is a blocking finding: exit 1, listed first in the text and the Markdown report", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lz-baseline-"));
        const file = path.join(dir, "baseline.json");
        fs.writeFileSync(file, JSON.stringify(runPreviewBaseline()));
        const config = devConfig();
        const org = config["landing-zone:organization"];
        org.workloadAccounts = org.workloadAccounts.filter((a: any) => a.name !== "sandbox-platform");
        for (const a of config["landing-zone:identity"].assignments) if (a.accounts) a.accounts = a.accounts.filter((n: string) => n !== "sandbox-platform");
        const run = previewOf(config, ["--baseline", file]);
        fs.rmSync(dir, { recursive: true, force: true });

        assert.strictEqual(run.code, 1, run.stderr);
        // One verdict, first and the worst: the pack alone passes, the removal blocks.
        assert.match(run.stdout, /^Offline preview of landing-zone\/dev: BLOCKED · \+\d+ ~\d+ -\d+ ±\d+ · findings: 0 mandatory/);
        assert.match(run.stdout, /\nVerdict: BLOCKED/);
        assert.doesNotMatch(run.stdout, /PASS/);
        assert.match(run.stdout, /removes 1 account\(s\) from OU `Sandbox`: `sandbox-platform`/);
        assert.match(
            run.stdout,
            /BLOCKING - stateful resources removed \(\d+\):\n(.*\n)* {2}- urn:pulumi:dev::landing-zone::landing-zone:organization:Organization\$aws:organizations\/account:Account::org-account-sandbox-platform \(retained in AWS\)\n\s+aws:organizations\/account:Account: a member account and everything in it/,
        );

        const md = run.markdown!;
        assert.match(md.split("\n")[2], /^\*\*BLOCKED\*\* · /);
        assert.doesNotMatch(md, /PASS/);
        assert.doesNotMatch(md, /Estate: resources per account/, "with a baseline only the accounts whose counts change");
        assert.match(
            md,
            /\| `org-account-sandbox-platform` \| `aws:organizations\/account:Account` \| management \/ eu-west-1 \| a member account and everything in it \| retained in AWS, dropped from the stack \|/,
        );
        for (const b of diffReports(runPreviewBaseline(), run.report!).blocking) assert.ok(isStateful(b.type));
    });

    it("passes once the removal is accepted by URN, and still shows it to the reviewers", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lz-baseline-"));
        const file = path.join(dir, "baseline.json");
        fs.writeFileSync(file, JSON.stringify(runPreviewBaseline()));
        const config = devConfig();
        const org = config["landing-zone:organization"];
        org.workloadAccounts = org.workloadAccounts.filter((a: any) => a.name !== "sandbox-platform");
        for (const a of config["landing-zone:identity"].assignments) if (a.accounts) a.accounts = a.accounts.filter((n: string) => n !== "sandbox-platform");
        const urn = "urn:pulumi:dev::landing-zone::landing-zone:organization:Organization$aws:organizations/account:Account::org-account-sandbox-platform";
        const run = previewOf(config, ["--baseline", file, "--accept-removal", urn]);
        fs.rmSync(dir, { recursive: true, force: true });
        assert.strictEqual(run.code, 0, run.stdout);
        assert.doesNotMatch(run.stdout, /BLOCKING/);

        // The account's own stateful resources (keys, vaults, log groups in it) go with it: accepted, not blocking.
        const baseline = runPreviewBaseline();
        const accountId = baseline.resources.find((r) => r.urn === urn)!.id!;
        const diff = diffReports(baseline, run.report!, [urn]);
        assert.deepStrictEqual(diff.blocking, []);
        const inAccount = diff.removed.filter((r) => isStateful(r.type) && r.account === accountId).map((r) => r.urn);
        assert.ok(inAccount.length > 0, "the account held stateful resources");
        assert.deepStrictEqual(
            diff.accepted.map((b) => b.urn),
            [urn, ...inAccount].sort((a, b) => a.localeCompare(b)),
        );
        const n = diff.accepted.length;
        assert.match(
            run.stdout,
            new RegExp(`^Offline preview of landing-zone/dev: NEEDS APPROVAL[^\\n]*\\n  - ${n} stateful resource\\(s\\) removed on purpose`),
        );
        assert.match(run.stdout, new RegExp(`Accepted removals - [^\\n]* \\(${n}\\)`));
        for (const b of diff.accepted) assert.ok(run.stdout.includes(`  - ${b.urn} (${b.retainedOnDelete ? "retained in AWS" : "DELETED in AWS"})`), b.urn);
        assert.ok(diff.accepted.find((b) => b.urn === urn)!.retainedOnDelete, "the account itself is retained in AWS");
        assert.match(run.markdown!, new RegExp(`\\*\\*Stateful resources removed on purpose [^*]* \\(${n}\\)\\.\\*\\*`));
    });
});

function policyOf(input: unknown): any {
    return typeof input === "string" ? JSON.parse(input) : input;
}

/** The policy document with `accountId` taken out of every aws:SourceAccount list. */
function withoutSourceAccount(document: any, accountId: string): any {
    const statements = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
    return {
        ...document,
        Statement: statements.map((st: any) =>
            st.Condition
                ? {
                      ...st,
                      Condition: Object.fromEntries(
                          Object.entries(st.Condition as Record<string, Record<string, unknown>>).map(([op, keys]) => [
                              op,
                              Object.fromEntries(
                                  Object.entries(keys).map(([k, v]) => [
                                      k,
                                      k === "aws:SourceAccount" && Array.isArray(v) ? v.filter((id) => id !== accountId) : v,
                                  ]),
                              ),
                          ]),
                      ),
                  }
                : st,
        ),
    };
}

function runPreviewBaseline(): PreviewReport {
    return runPreview({ stack: "dev" }).report!;
}
