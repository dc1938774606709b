import * as assert from "assert";
import * as path from "path";
import type { EngineWorkspace } from "../../tools/engine";
import { engineWorkspace } from "../support/engine-workspace";
import type { EngineEvent } from "../../tools/engine-events";

/**
 * A component renamed with an alias keeps every child's state under the real engine: the preview
 * of the rename is all `same` (URNs matched through the aliases), and the same rename without the
 * alias deletes and recreates everything. test/safety/aliases.test.ts checks the offline model.
 */
describe("the real engine matches a renamed component's children through its alias", function () {
    this.timeout(20 * 60 * 1000);
    let ws: EngineWorkspace;

    before(() => {
        ws = engineWorkspace(path.join(__dirname, "fixtures", "renamed-component"), "aliases");
        ws.must(["config", "set", "componentName", "deployment", "--stack", "aliases"]);
        ws.must(["up", "--yes", "--skip-preview", "--stack", "aliases"]);
    });
    after(() => ws?.dispose());

    const ops = (events: readonly EngineEvent[]) =>
        events
            .filter((e) => e.resourcePreEvent)
            .reduce((m, e) => m.set(e.resourcePreEvent!.metadata.op, (m.get(e.resourcePreEvent!.metadata.op) ?? 0) + 1), new Map<string, number>());

    it("renamed with the alias: every resource is the same, none created, replaced or deleted", () => {
        ws.must(["config", "set", "componentName", "pipeline", "--stack", "aliases"]);
        ws.must(["config", "set", "aliasOf", "deployment", "--stack", "aliases"]);
        const { result, events } = ws.events(["preview", "--stack", "aliases"]);
        assert.strictEqual(result.status, 0, result.stderr);
        const counts = ops(events);
        assert.deepStrictEqual([...counts.keys()], ["same"], `operations: ${JSON.stringify([...counts])}`);
        const renamed = events.filter((e) => e.resourcePreEvent?.metadata.urn.includes("::pipeline"));
        assert.ok(renamed.length > 3, "the component and its children are previewed under the new name");
    });

    it("renamed without the alias: the engine deletes and recreates every resource", () => {
        ws.must(["config", "rm", "aliasOf", "--stack", "aliases"]);
        const { events } = ws.events(["preview", "--stack", "aliases"]);
        const counts = ops(events);
        assert.ok((counts.get("create") ?? 0) > 3, `operations: ${JSON.stringify([...counts])}`);
        assert.strictEqual(counts.get("create"), counts.get("delete"));
    });
});
