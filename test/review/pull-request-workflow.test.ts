import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as zlib from "zlib";
import { spawnSync } from "child_process";
import { EngineError } from "../../tools/engine-toolchain";
import { parseEngineEvents } from "../../tools/engine-events";
import { runStepCommands, workflowCommands } from "../../tools/workflow-commands";
import { engineReport } from "../../tools/engine-report";
import { expandPolicyConfig, type PolicyPackConfigFile } from "../../tools/policy-engine";
import { loadPackDefinition, packInfo } from "../../tools/pack-definition";
import { COMMENT_BUDGET, renderReviewMarkdown } from "../../tools/review";
import { allPolicies } from "../../policypack/policies";
import { ensureBuilt, REPO } from "../support/preview";
import { flagValues, load, runs, stacksOf, STACKS, step, uses } from "./workflow-model";

describe("GitHub workflows", () => {
    describe("pull-request.yml", () => {
        const wf = load("pull-request.yml");

        it("runs on pull requests: install, type-check, test", () => {
            assert.ok("pull_request" in wf.on);
            const checks = wf.jobs.checks;
            step(checks, runs(/^npm ci$/), "runs npm ci");
            step(checks, runs(/npm run typecheck/), "type-checks");
            step(checks, runs(/^npm test$/), "runs the tests");
        });

        it("previews each stack offline against the base branch and updates one comment per stack in place", () => {
            const job = wf.jobs["offline-preview"];
            assert.deepStrictEqual(stacksOf(job), ["dev", "prod"]);
            assert.strictEqual(job.permissions?.["pull-requests"], "write");
            const baseline = step(job, runs(/--json "\$RUNNER_TEMP\/baseline\.json"/), "previews the base branch as the baseline");
            assert.strictEqual(baseline["continue-on-error"], true, "a base branch without the preview must not fail the review");
            const preview = step(job, runs(/npm run -s preview -- "\$\{args\[@\]\}"/), "runs the offline preview");
            assert.match(preview.run!, /--markdown/);
            assert.match(preview.run!, /--baseline/);
            assert.match(preview.run!, /--comment-marker "\$MARKER"/);
            assert.match(preview.run!, /--accept-removal "\$urn"/);
            assert.strictEqual(preview.env?.PR_BODY, "${{ github.event.pull_request.body }}", "the PR body reaches the script as data, never as code");
            const comment = step(job, uses("actions/github-script"), "posts the comment");
            const script = String(comment.with?.script);
            assert.match(script, /updateComment/);
            assert.match(script, /createComment/);
            assert.match(script, /startsWith\(marker\)/);
            assert.match(job.steps.at(-1)!.run ?? "", /exit 1/, "the job fails after commenting when the preview failed");
            assert.match(job.steps.at(-1)!.if ?? "", /exit-code != '0'/);
        });

        it("the comment step, run as github-script runs it: one comment per stack and source, edited in place on the next push, others left alone", async () => {
            const script = String(step(wf.jobs["offline-preview"], uses("actions/github-script"), "posts the comment").with?.script);
            const cloudScript = String(step(wf.jobs["cloud-preview"], uses("actions/github-script"), "posts the comment").with?.script);
            assert.strictEqual(cloudScript, script, "the cloud preview posts its comment with the offline job's script (its own marker and artifact)");
            type Comment = { id: number; body: string; user: { type: string } };
            const comments: Comment[] = [
                { id: 1, body: "<!-- landing-zone-preview:offline:dev -->\nquoted by a reviewer", user: { type: "User" } },
                { id: 2, body: "<!-- landing-zone-preview:offline:prod -->\nprod", user: { type: "Bot" } },
            ];
            const github = {
                paginate: async (list: () => Comment[]) => list(),
                rest: {
                    issues: {
                        listComments: () => comments,
                        createComment: async ({ body }: { body: string }) => comments.push({ id: comments.length + 1, body, user: { type: "Bot" } }),
                        updateComment: async ({ comment_id, body }: { comment_id: number; body: string }) => {
                            comments.find((c) => c.id === comment_id)!.body = body;
                        },
                    },
                },
            };
            const context = { repo: { owner: "o", repo: "r" }, payload: { pull_request: { number: 7 } } };
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lz-comment-"));
            const push = async (report: string, source = "offline") => {
                fs.writeFileSync(path.join(dir, "report.md"), report);
                Object.assign(process.env, {
                    MARKER: `landing-zone-preview:${source}:dev`,
                    STACK: "dev",
                    REPORT: path.join(dir, "report.md"),
                    ARTIFACT: `${source}-preview-dev`,
                });
                // github-script wraps the script in an async function of these names.
                await new Function("github", "context", "require", "process", `return (async () => {${script}})()`)(github, context, require, process);
            };
            try {
                await push("<!-- landing-zone-preview:offline:dev -->\n**PASS** first push\n");
                await push("<!-- landing-zone-preview:offline:dev -->\n**BLOCKED** second push\n");
                await push("<!-- landing-zone-preview:cloud:dev -->\n**PASS** the engine's first push\n", "cloud");
                await push("x".repeat(70_000));
                await push("<!-- landing-zone-preview:cloud:dev -->\n**BLOCKED** the engine's second push\n", "cloud");
            } finally {
                fs.rmSync(dir, { recursive: true, force: true });
                for (const k of ["MARKER", "STACK", "REPORT", "ARTIFACT"]) delete process.env[k];
            }
            assert.strictEqual(comments.length, 4, "one comment for dev per source, each created once");
            assert.strictEqual(
                comments[3].body,
                "<!-- landing-zone-preview:cloud:dev -->\n**BLOCKED** the engine's second push\n",
                "the cloud comment, edited in place",
            );
            assert.match(comments[0].body, /quoted by a reviewer/, "a person's comment quoting the marker is never edited");
            assert.strictEqual(comments[1].body, "<!-- landing-zone-preview:offline:prod -->\nprod", "the other stack's comment is left alone");
            // The last push was over GitHub's 65,536 characters: a pointer replaces it, marker first, never a cut.
            assert.match(
                comments[2].body,
                /^<!-- landing-zone-preview:offline:dev -->\n## Landing zone preview: `dev`\n\nThe report is 700\d\d characters; see this run's summary or the offline-preview-dev artifact/,
            );
        });

        it("runs the real pulumi preview with the policy pack per stack under an OIDC role, writes the engine's events and saves the plan", () => {
            const job = wf.jobs["cloud-preview"];
            assert.deepStrictEqual(stacksOf(job), ["dev", "prod"]);
            assert.strictEqual(job.permissions?.["id-token"], "write");
            assert.strictEqual(job.env?.MARKER, "landing-zone-preview:cloud:${{ matrix.stack }}", "its own marker: one comment per stack and source");
            const creds = step(job, uses("aws-actions/configure-aws-credentials"), "assumes the preview role");
            assert.strictEqual(creds.with?.["role-to-assume"], "${{ env.ROLE_ARN }}");
            const install = step(job, uses("pulumi/actions"), "installs the pulumi CLI");
            assert.strictEqual(install.with, undefined, "pulumi/actions without a command only installs the CLI");
            const preview = step(job, runs(/^\s*pulumi preview /m), "runs pulumi preview");
            const order = [install, creds, preview].map((x) => job.steps.indexOf(x));
            assert.deepStrictEqual(
                order,
                [...order].sort((a, b) => a - b),
                "the CLI, then the role, then the preview",
            );
            assert.strictEqual(preview.env?.PULUMI_ENABLE_STREAMING_JSON_PREVIEW, "true", "--json streams the engine's events");
            // The step as the engine suite runs it (tools/engine.ts translates the script): one command per stack.
            for (const stack of STACKS) {
                const temp = path.join(os.tmpdir(), "runner-temp");
                const commands = workflowCommands(stack, temp).filter((c) => c.source.startsWith("pull-request.yml: cloud-preview /"));
                assert.deepStrictEqual(
                    commands.map((c) => c.args),
                    [
                        [
                            "preview",
                            "--stack",
                            stack,
                            "--refresh",
                            "--run-program",
                            "--config",
                            "landing-zone:pipelineMode=preview",
                            "--policy-pack",
                            "policypack",
                            "--policy-pack-config",
                            `policypack/config/${stack}.json`,
                            "--save-plan",
                            `${temp}/plan-${stack}.json`,
                            "--json",
                        ],
                    ],
                );
            }
            // What the preview writes is what the render step reads, with the same pack config.
            const events = /--json > "([^"]+)"/.exec(preview.run!)?.[1];
            assert.strictEqual(events, "$RUNNER_TEMP/engine-events.json", "the preview's stdout (the events) goes to a file");
            const render = step(job, runs(/node dist\/tools\/engine-comment\.js /), "renders the review from the events");
            assert.deepStrictEqual(flagValues(render.run!, "--events"), [events]);
            assert.deepStrictEqual(flagValues(render.run!, "--policy-pack-config"), flagValues(preview.run!, "--policy-pack-config"));
            assert.deepStrictEqual(flagValues(render.run!, "--comment-marker"), ["$MARKER"]);
            assert.strictEqual(render.env?.ENGINE_EXIT_CODE, `\${{ steps.${preview.id}.outputs.exit-code }}`);
            assert.match(render.run!, /cat "\$RUNNER_TEMP\/engine-report-full\.md" >> "\$GITHUB_STEP_SUMMARY"/);
            const comment = step(job, uses("actions/github-script"), "posts the comment");
            assert.strictEqual(comment.env?.REPORT, "${{ runner.temp }}/engine-report.md");
            assert.deepStrictEqual(flagValues(render.run!, "--markdown"), ["$RUNNER_TEMP/engine-report.md"]);
            const upload = step(job, uses("actions/upload-artifact"), "uploads the plan and the report");
            const uploaded = String(upload.with?.path).trim().split("\n");
            assert.ok(uploaded.includes("${{ runner.temp }}/plan-${{ matrix.stack }}.json"), "the saved plan");
            assert.ok(uploaded.includes("${{ runner.temp }}/engine-events.json"), "the engine's events");
            // The engine's exit code is the job's verdict, after the comment is posted.
            const last = job.steps.at(-1)!;
            assert.match(last.if ?? "", new RegExp(`steps\\.${preview.id}\\.outputs\\.exit-code != '0'`));
            assert.match(last.run ?? "", /exit 1/);
            assert.ok(job.steps.indexOf(comment) < job.steps.length - 1);
            for (const s of job.steps.slice(1)) assert.match(s.if ?? "", /env\.ROLE_ARN != ''/, `${s.name} must be skipped without credentials`);
        });

        it("a run step's pulumi command is translated exactly, or refused: quotes, env, redirections, another stack, an unknown variable", () => {
            const env = { STACK: "${{ matrix.stack }}", FULL: "${{ vars.PULUMI_ORG }}/${{ matrix.stack }}" };
            const script = [
                'echo "::error::pulumi preview of $STACK failed; pulumi up is next"',
                'pulumi preview --stack "$FULL" --policy-pack-config "policypack/config/${STACK}.json" \\',
                '  --message \'a b\' --save-plan "$RUNNER_TEMP/p.json" --non-interactive --json > "$RUNNER_TEMP/e.json" 2>&1',
                "pulumi up --stack prod --yes",
            ].join("\n");
            assert.deepStrictEqual(runStepCommands(script, env, "dev", "/t", "s"), [
                {
                    command: "preview",
                    args: [
                        "preview",
                        "--stack",
                        "dev",
                        "--policy-pack-config",
                        "policypack/config/dev.json",
                        "--message",
                        "a b",
                        "--save-plan",
                        "/t/p.json",
                        "--json",
                    ],
                },
            ]);
            assert.throws(() => runStepCommands('pulumi preview --stack "$OTHER"', env, "dev", "/t", "s"), EngineError);
            assert.throws(() => runStepCommands("pulumi preview --stack $(cat stack)", env, "dev", "/t", "s"), EngineError);
        });

        describe("the cloud preview's render step, run on the engine's recorded events", () => {
            /**
             * `pulumi preview --json` of dev as this job runs it (the command above, PULUMI_ENABLE_STREAMING_JSON_PREVIEW=true),
             * recorded under the real engine (pulumi v3.276.0, tools/engine.ts, the stand-in AWS provider) as a first
             * rollout: nothing deployed, so unknown values make 100 findings mandatory and pulumi exited 1.
             */
            const RECORDED = path.join(REPO, "test", "review", "fixtures", "engine-preview-dev.jsonl.gz");
            const RECORDED_EXIT = 1;
            const recorded = () => zlib.gunzipSync(fs.readFileSync(RECORDED)).toString("utf8");

            /** Runs the render step's script in bash as the runner would, with the events file in $RUNNER_TEMP. */
            function renderStep(events: string, exitCode: number) {
                ensureBuilt();
                const job = wf.jobs["cloud-preview"];
                const render = step(job, runs(/node dist\/tools\/engine-comment\.js /), "renders the review");
                const temp = fs.mkdtempSync(path.join(os.tmpdir(), "lz-cloud-render-"));
                fs.writeFileSync(path.join(temp, "engine-events.json"), events);
                const summary = path.join(temp, "summary.md");
                const env = {
                    ...process.env,
                    STACK: "dev",
                    MARKER: String(job.env?.MARKER).replace("${{ matrix.stack }}", "dev"),
                    RUNNER_TEMP: temp,
                    ENGINE_EXIT_CODE: String(exitCode),
                    GITHUB_STEP_SUMMARY: summary,
                    GITHUB_SERVER_URL: "https://github.com",
                    GITHUB_REPOSITORY: "o/r",
                    GITHUB_RUN_ID: "42",
                };
                const run = spawnSync("bash", ["-e", "-c", render.run!], { cwd: REPO, env, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
                const read = (f: string) => (fs.existsSync(path.join(temp, f)) ? fs.readFileSync(path.join(temp, f), "utf8") : undefined);
                const out = {
                    run,
                    comment: read("engine-report.md"),
                    full: read("engine-report-full.md"),
                    summary: read("summary.md"),
                    json: read("engine-report.json"),
                };
                fs.rmSync(temp, { recursive: true, force: true });
                return out;
            }

            it("writes the comment with our renderer: the report engineReport makes of the events, rendered as the offline one is", () => {
                const text = recorded();
                const { run, comment, full, summary } = renderStep(text, RECORDED_EXIT);
                assert.strictEqual(run.status, 0, run.stderr);
                assert.ok(comment && full && summary, run.stderr);
                const events = parseEngineEvents(text);
                const info = packInfo(loadPackDefinition(path.join(REPO, "policypack"), path.join(REPO, "dist", "policypack", "pack.js")));
                const packConfig = JSON.parse(fs.readFileSync(path.join(REPO, "policypack", "config", "dev.json"), "utf8")) as PolicyPackConfigFile;
                const report = engineReport(events, {
                    project: "landing-zone",
                    stack: "dev",
                    pack: info,
                    policies: info.policies,
                    effective: expandPolicyConfig(packConfig, info.policies),
                });
                const fix = (policy: string) => allPolicies.find((p) => p.name === policy)?.remediation;
                const expected = renderReviewMarkdown(report, fix, {
                    marker: "landing-zone-preview:cloud:dev",
                    fullReport: "https://github.com/o/r/actions/runs/42",
                    title: "Pulumi preview in AWS",
                });
                assert.strictEqual(comment, expected);
                assert.ok(comment.length <= COMMENT_BUDGET, `${comment.length} characters`);
                assert.strictEqual(summary, full, "the untrimmed report is the run's summary");
                // The verdict is the engine's: it exited 1 on mandatory findings, and the comment counts them as it did.
                const levels = (level: string) => events.filter((e) => e.policyEvent?.enforcementLevel === level).length;
                assert.ok(levels("mandatory") > 0);
                const lines = comment.split("\n");
                assert.strictEqual(lines[0], "<!-- landing-zone-preview:cloud:dev -->");
                assert.strictEqual(lines[1], "## Pulumi preview in AWS: `dev`");
                assert.match(
                    lines[3],
                    new RegExp(`^\\*\\*BLOCKED\\*\\* · findings: ${levels("mandatory")} mandatory, 0 remediated, ${levels("advisory")} advisory · `),
                );
                assert.match(run.stdout, /^Engine preview of landing-zone\/dev: BLOCKED/, "the terminal report in the job log");
            });

            it("a preview the engine failed without a mandatory finding is an ERROR with the engine's messages, never a PASS", () => {
                // The same events without the findings, and the program's failure the engine reported.
                const failed = parseEngineEvents(recorded())
                    .filter((e) => !e.policyEvent)
                    .map((e) =>
                        e.diagnosticEvent?.severity === "error"
                            ? { ...e, diagnosticEvent: { ...e.diagnosticEvent, message: "TypeError: ```accounts``` is not iterable\n" } }
                            : e,
                    )
                    .map((e) => JSON.stringify(e))
                    .join("\n");
                const { run, comment } = renderStep(failed, 255);
                assert.strictEqual(run.status, 0, run.stderr);
                assert.ok(comment);
                assert.doesNotMatch(comment, /\*\*PASS\*\*/);
                assert.match(comment, /^<!-- landing-zone-preview:cloud:dev -->\n## Pulumi preview in AWS: `dev`\n\n\*\*ERROR\*\* - pulumi preview exited 255/);
                assert.match(comment, /\n````\nTypeError: ```accounts``` is not iterable\n````\n/, "in a fence longer than any backtick run inside");
                // No events at all (the CLI stopped before the engine started): still an error comment.
                const none = renderStep("", 255);
                assert.match(none.comment ?? "", /\*\*ERROR\*\* - pulumi preview wrote no summary/);
            });
        });
    });
});
