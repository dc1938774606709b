import * as assert from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { isStateful, protectStatefulResources } from "../../components/shared/stateful";
import { runProgram } from "../../tools/mock-runtime";
import type { ProgramRun } from "../../tools/captured-resources";

/** A component that passes no stateful options, with a stateful child, a grandchild under a nested component and a plain child. */
class Archive extends pulumi.ComponentResource {
    constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
        super("test:stateful:Archive", name, {}, opts);
        new aws.s3.Bucket(`${name}-bucket`, { bucket: `${name}-bucket` }, { parent: this });
        new aws.iam.Role(`${name}-role`, { assumeRolePolicy: "{}" }, { parent: this });
        const inner = new pulumi.ComponentResource("test:stateful:Inner", `${name}-inner`, {}, { parent: this });
        // A component that asks for the opposite: the stack's settings win.
        new aws.cloudwatch.LogGroup(`${name}-logs`, { name: `/${name}` }, { parent: inner, protect: false, retainOnDelete: false });
    }
}

async function run(protect: boolean, register: boolean): Promise<ProgramRun> {
    return runProgram({
        project: "landing-zone",
        stack: "test",
        config: { "aws:region": "eu-west-1" },
        load: () => {
            if (register) pulumi.runtime.registerStackTransformation(protectStatefulResources(protect));
            new Archive("archive");
            new aws.kms.Key("top-level-key", {});
            return {};
        },
    });
}

describe("stateful options: one stack transformation", () => {
    for (const protect of [true, false]) {
        it(`reaches every stateful resource as the engine receives it, children of components included (protect: ${protect})`, async () => {
            const captured = (await run(protect, true)).resources.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:"));
            const stateful = captured.filter((r) => isStateful(r.type));
            assert.deepStrictEqual(stateful.map((r) => r.name).sort(), ["archive-bucket", "archive-logs", "top-level-key"]);
            for (const r of stateful) assert.deepStrictEqual([r.options.protect, r.options.retainOnDelete], [protect, true], r.urn);
            const role = captured.find((r) => r.name === "archive-role")!;
            assert.deepStrictEqual([role.options.protect, role.options.retainOnDelete], [false, false], "a type not in the list keeps its options");
        });
    }

    it("without it, the same program registers unprotected, deletable stateful resources", async () => {
        const bucket = (await run(true, false)).resources.find((r) => r.name === "archive-bucket")!;
        assert.deepStrictEqual([bucket.options.protect, bucket.options.retainOnDelete], [false, false]);
    });
});
