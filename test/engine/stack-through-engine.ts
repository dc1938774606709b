import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import { driftInPlan, SavedPlan } from "../../tools/drift-plan";
import type { EngineWorkspace } from "../../tools/engine";
import { type EngineEvent, providerUrn, type StateResource } from "../../tools/engine-events";
import { REPO } from "../../tools/engine-toolchain";
import { workflowCommands, type WorkflowCommand } from "../../tools/workflow-commands";
import * as path from "path";
import { engineReport } from "../../tools/engine-report";
import { expandPolicyConfig, type PolicyPackConfigFile } from "../../tools/policy-engine";
import { loadPackDefinition, packInfo } from "../../tools/pack-definition";
import { renderText } from "../../tools/report";
import type { PreviewReport } from "../../tools/report-model";
import { renderReviewMarkdown } from "../../tools/review";
import { allPolicies } from "../../policypack/policies";
import { engineWorkspace } from "../support/engine-workspace";
import { engineFindings, offlineFindings } from "./findings";
import { runPreview } from "../support/preview";

/**
 * Each stack through the real engine, with the commands the workflows run (tools/engine.ts reads
 * them from .github/workflows), held equal to the offline preview that models it:
 * - a first rollout's preview (nothing deployed) equals `npm run preview -- --first-rollout`;
 * - `pulumi up` as deploy.yml runs it passes the pack;
 * - the deployed graph and a preview of the deployed stack equal the offline preview;
 * - the drift check finds no changes; destroy honours `protect`.
 */

/** A resource as both paths can name it. */
function shape(r: { urn: string; type: string; parent?: string; provider?: string }): string {
    return [r.urn, r.type, r.parent ?? "", r.provider ?? ""].join(" | ");
}

function engineResources(events: readonly EngineEvent[]): string[] {
    return events
        .filter((e) => e.resourcePreEvent)
        .map((e) => {
            const m = e.resourcePreEvent!.metadata;
            return shape({ urn: m.urn, type: m.type, parent: m.new?.parent, provider: providerUrn(m.new?.provider) });
        })
        .sort();
}

function offlineResources(report: PreviewReport): string[] {
    return report.resources.map((r) => shape(r)).sort();
}

/** Lines in one list and not the other, for a readable failure. */
function difference(actual: readonly string[], expected: readonly string[]): string {
    const count = (xs: readonly string[]) => xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<string, number>());
    const a = count(actual);
    const e = count(expected);
    const lines: string[] = [];
    for (const [k, n] of a) if ((e.get(k) ?? 0) < n) lines.push(`+ engine only: ${k}`);
    for (const [k, n] of e) if ((a.get(k) ?? 0) < n) lines.push(`- offline only: ${k}`);
    return lines.slice(0, 40).join("\n") + (lines.length > 40 ? `\n... ${lines.length - 40} more` : "");
}

function assertSameList(actual: readonly string[], expected: readonly string[], what: string): void {
    const diff = difference(actual, expected);
    assert.ok(diff === "", `${what} differ between the engine and the offline preview:\n${diff}`);
}

function command(commands: readonly WorkflowCommand[], file: string, name: string): WorkflowCommand {
    const found = commands.find((c) => c.source.startsWith(`${file}:`) && c.command === name);
    assert.ok(found, `${file} runs no pulumi ${name} for this stack`);
    return found;
}

function stackResult(events: readonly EngineEvent[]): { result?: string; changes: Record<string, number> } {
    const summary = events.find((e) => e.summaryEvent)?.summaryEvent;
    return { result: summary?.result, changes: summary?.resourceChanges ?? {} };
}

/** One stack through the engine as the workflows run it: first rollout, deploy, deployed preview, drift, destroy. */
export function describeStackThroughEngine(stack: string): void {
    describe(`the real engine runs the ${stack} stack as the workflows do`, function () {
        this.timeout(60 * 60 * 1000);
        const commands = workflowCommands(stack, os.tmpdir());
        let ws: EngineWorkspace;
        let state: StateResource[] = [];

        before(() => {
            ws = engineWorkspace(REPO, stack);
        });
        after(() => ws?.dispose());

        it("every workflow that runs the engine passes the pack with this stack's config", () => {
            for (const c of commands) {
                const i = c.args.indexOf("--policy-pack");
                assert.ok(i >= 0, `${c.source}: no --policy-pack`);
                assert.strictEqual(c.args[i + 1], "policypack", `${c.source}: the pack is policypack/`);
                const j = c.args.indexOf("--policy-pack-config");
                assert.ok(j >= 0, `${c.source}: no --policy-pack-config`);
                assert.strictEqual(c.args[j + 1], `policypack/config/${stack}.json`, `${c.source}: the pack config is the stack's`);
            }
        });

        it("a first rollout's pull-request preview equals the offline first-rollout preview, resource by resource and finding by finding", () => {
            const { result, events } = ws.events(command(commands, "pull-request.yml", "preview").args);
            const offline = runPreview({ stack, extraArgs: ["--first-rollout"] });
            assert.ok(offline.report, offline.stderr);
            assert.ok(engineResources(events).length > 100, `the engine previewed the program:\n${result.stderr.slice(-3000)}`);
            assertSameList(engineResources(events), offlineResources(offline.report), "the previewed resources");
            assertSameList(engineFindings(events), offlineFindings(offline.report), "the pack's findings");
            assert.strictEqual(result.status === 0, offline.code === 0, "both paths pass or both fail");
        });

        it("pulumi up as deploy.yml runs it deploys the stack with the pack on", () => {
            const { result, events } = ws.events(command(commands, "deploy.yml", "up").args);
            const mandatory = engineFindings(events).filter((f) => f.includes("| mandatory |"));
            assert.deepStrictEqual(mandatory, [], "no mandatory finding on the deployed values");
            assert.strictEqual(result.status, 0, result.stderr.slice(-3000) || result.stdout.slice(-3000));
            state = ws.exportState().deployment.resources ?? [];
            assert.ok(state.length > 100);
        });

        it("the engine's recorded graph equals the offline preview's: type, parent, provider and dependencies of every resource", () => {
            const offline = runPreview({ stack });
            assert.ok(offline.report, offline.stderr);
            const engineGraph = state
                .filter((r) => r.type !== "pulumi:providers:pulumi")
                .map((r) => `${shape({ ...r, provider: providerUrn(r.provider) })} | ${[...(r.dependencies ?? [])].sort().join(",")}`);
            const offlineGraph = offline.report.resources.map((r) => `${shape(r)} | ${[...r.dependencies].sort().join(",")}`);
            assertSameList(engineGraph.sort(), offlineGraph.sort(), "the resource graphs");
            for (const r of offline.report.resources) {
                const s = state.find((x) => x.urn === r.urn);
                assert.strictEqual(Boolean(s?.protect), r.options.protect, `${r.urn}: protect`);
                assert.strictEqual(Boolean(s?.retainOnDelete), r.options.retainOnDelete, `${r.urn}: retainOnDelete`);
            }
        });

        it("the pull-request preview of the deployed stack shows no changes and the offline verdict, finding by finding", () => {
            const { result, events } = ws.events(command(commands, "pull-request.yml", "preview").args);
            assert.strictEqual(result.status, 0, result.stderr.slice(-3000));
            const { changes } = stackResult(events);
            // In preview mode each member provider assumes its account's preview role in place of the access
            // role the deploy recorded: those updates, and nothing else, are expected.
            // (--run-program refreshes each resource as its step: those refresh events change nothing.)
            const updated = events
                .filter((e) => e.resourcePreEvent && !["same", "refresh"].includes(e.resourcePreEvent.metadata.op))
                .map(
                    (e) => `${e.resourcePreEvent!.metadata.op} ${e.resourcePreEvent!.metadata.type} [${(e.resourcePreEvent!.metadata.diffs ?? []).join(",")}]`,
                );
            assert.deepStrictEqual(
                [...new Set(updated)],
                updated.length > 0 ? ["update pulumi:providers:aws [assumeRoles]"] : [],
                `no perpetual diff but the preview mode's providers: ${JSON.stringify(changes)}`,
            );
            const offline = runPreview({ stack });
            assert.ok(offline.report);
            assertSameList(engineFindings(events), offlineFindings(offline.report), "the pack's findings");
            // `npm run preview -- --engine` prints this report: the same text as the offline one.
            const info = packInfo(loadPackDefinition(path.join(REPO, "policypack"), path.join(REPO, "dist", "policypack", "pack.js")));
            const packConfig = JSON.parse(fs.readFileSync(path.join(REPO, "policypack", "config", `${stack}.json`), "utf8")) as PolicyPackConfigFile;
            const effective = expandPolicyConfig(packConfig, info.policies);
            const engine = engineReport(events, { project: "landing-zone", stack, pack: info, policies: info.policies, effective });
            const text = (r: PreviewReport) => renderText(r).replace(/^(Engine|Offline) preview/, "Preview");
            assert.strictEqual(text(engine), text(offline.report));
            // One renderer, two sources: the pull-request comment from the engine's own JSON is the offline one.
            const fix = (policy: string) => allPolicies.find((p) => p.name === policy)?.remediation;
            const comment = (r: PreviewReport) => renderReviewMarkdown(r, fix);
            assert.strictEqual(comment(engine), comment(offline.report));
            assert.strictEqual(comment(engine), offline.markdown, "the comment npm run preview -- --markdown writes");
            // pull-request.yml's cloud job renders these events with tools/engine-comment.js: the same comment, its own heading.
            const eventsFile = path.join(ws.root, "engine-events.json");
            const markdown = path.join(ws.root, "engine-report.md");
            fs.writeFileSync(eventsFile, result.stdout);
            const render = spawnSync(
                process.execPath,
                [
                    path.join(REPO, "dist", "tools", "engine-comment.js"),
                    "--stack",
                    stack,
                    "--events",
                    eventsFile,
                    "--engine-exit-code",
                    String(result.status),
                    "--markdown",
                    markdown,
                ],
                { cwd: REPO, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 },
            );
            assert.strictEqual(render.status, 0, render.stderr);
            assert.strictEqual(fs.readFileSync(markdown, "utf8").replace(/^## Pulumi preview in AWS: /, "## Landing zone preview: "), offline.markdown);
        });

        it("the drift check as drift.yml runs it finds no drift", () => {
            const { args } = command(commands, "drift.yml", "preview");
            const drift = ws.pulumi(args);
            assert.strictEqual(drift.status, 0, drift.stderr.slice(-3000) || drift.stdout.slice(-3000));
            // drift.yml's next step judges the saved plan.
            const plan = JSON.parse(fs.readFileSync(args[args.indexOf("--save-plan") + 1], "utf8")) as SavedPlan;
            assert.ok(Object.keys(plan.resourcePlans ?? {}).length > 100, "the plan covers the stack");
            assert.deepStrictEqual(driftInPlan(plan), []);
        });

        it("pulumi destroy removes nothing that the stack protects", () => {
            const protectedUrns = state.filter((r) => r.protect).map((r) => r.urn);
            const destroy = ws.pulumi(["destroy", "--yes", "--skip-preview", "--stack", stack]);
            if (protectedUrns.length > 0) {
                assert.notStrictEqual(destroy.status, 0, "destroy is refused while resources are protected");
                assert.match(destroy.stderr + destroy.stdout, /protected/);
                const after = ws.exportState().deployment.resources ?? [];
                for (const urn of protectedUrns)
                    assert.ok(
                        after.some((r) => r.urn === urn),
                        `${urn} is still there`,
                    );
            } else {
                assert.strictEqual(destroy.status, 0, destroy.stderr.slice(-3000));
                assert.deepStrictEqual(ws.exportState().deployment.resources ?? [], []);
            }
        });
    });
}
