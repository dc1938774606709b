import assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { nextTurn } from "../../stacks/turn";
import { runProgram } from "../../tools/mock-runtime";
import { pulumiInternal } from "../../tools/sdk-internals";
import { RESOURCE_SIG } from "../../tools/wire";

const state = pulumiInternal<{ getStackResource(): unknown }>("runtime/state");
const debuggable = pulumiInternal<{ debuggablePromise: unknown }>("runtime/debuggable");

/** A bucket in a fixed account and region, so placements are known. */
function bucket(name: string, provider: aws.Provider): aws.s3.Bucket {
    return new aws.s3.Bucket(name, { bucket: `${name}-bucket` }, { provider });
}

describe("runProgram", () => {
    it("calls an exported async function and awaits its outputs, as the language host does", async () => {
        const run = await runProgram({
            project: "streamed",
            stack: "test",
            config: {},
            load: () => async () => {
                const provider = new aws.Provider("p", { region: "eu-west-1", allowedAccountIds: ["123456789012"] });
                const first = bucket("first", provider);
                await nextTurn();
                const second = bucket("second", provider);
                return { first: first.bucket, second: second.bucket, count: 2 };
            },
        });
        assert.deepEqual(
            run.resources.filter((r) => r.type === "aws:s3/bucket:Bucket").map((r) => [r.name, r.account, r.region]),
            [
                ["first", "123456789012", "eu-west-1"],
                ["second", "123456789012", "eu-west-1"],
            ],
        );
        assert.deepEqual(run.outputs, { count: 2, first: "first-bucket", second: "second-bucket" });
    });

    it("previews a deployed stack with one new account: the account and what is built in it are creates, the rest stays deployed", async () => {
        const run = await runProgram({
            project: "new-account",
            stack: "test",
            config: {},
            priorState: { created: (_type, name) => name.startsWith("ledger") },
            load: () => {
                const management = new aws.Provider("management", { region: "eu-west-1", allowedAccountIds: ["123456789012"] });
                const existing = new aws.organizations.Account("payments", { name: "payments", email: "p@example.com" }, { provider: management });
                const added = new aws.organizations.Account("ledger", { name: "ledger", email: "l@example.com" }, { provider: management });
                for (const [name, account] of [["payments", existing], ["ledger", added]] as const) {
                    const provider = new aws.Provider(`${name}-eu-west-1`, { region: "eu-west-1", allowedAccountIds: [account.id] });
                    bucket(`${name}-logs`, provider);
                }
            },
        });
        const of = (name: string) => run.resources.find((r) => r.name === name)!;
        // The existing account and its bucket are deployed: ids known, the provider configured and checked.
        assert.match(String(of("payments").id), /^\d{12}$/);
        assert.deepEqual(of("payments-eu-west-1").inputs.allowedAccountIds, JSON.stringify([of("payments").id]));
        assert.ok(of("payments-logs").id);
        // The new account is a create (id unknown), so its provider is unconfigured and its bucket has no outputs.
        assert.equal(of("ledger").id, undefined);
        assert.equal(of("ledger-logs").id, undefined);
        assert.deepEqual(of("ledger-logs").wireOutputChanges, { bucket: undefined });
    });

    it("takes module exports that are not a function as the outputs", async () => {
        const run = await runProgram({ project: "plain", stack: "test", config: {}, load: () => ({ answer: 42 }) });
        assert.deepEqual(run.outputs, { answer: 42 });
    });

    it("has registered what was built once a turn has passed", async () => {
        const registeredAfterTurn: boolean[] = [];
        await runProgram({
            project: "streamed",
            stack: "test",
            config: {},
            load: () => async () => {
                const provider = new aws.Provider("p", { region: "eu-west-1", allowedAccountIds: ["123456789012"] });
                for (const name of ["a", "b", "c"]) {
                    let registered = false;
                    bucket(name, provider).id.apply(() => (registered = true));
                    await nextTurn();
                    registeredAfterTurn.push(registered);
                }
                return {};
            },
        });
        assert.deepEqual(registeredAfterTurn, [true, true, true]);
    });

    it("switches the SDK's source positions and promise leak tracking off while the program runs, and back on after", async () => {
        const resourceClass = pulumi.Resource as unknown as { callsites(): unknown[] };
        const before = { stackTraceLimit: Error.stackTraceLimit, callsites: resourceClass.callsites, debuggablePromise: debuggable.debuggablePromise };
        let during: unknown[] = [];
        await runProgram({
            project: "diagnostics",
            stack: "test",
            config: {},
            load: () => {
                during = [Error.stackTraceLimit, resourceClass.callsites(), debuggable.debuggablePromise === before.debuggablePromise];
                return {};
            },
        });
        assert.deepEqual(during, [0, [], false]);
        assert.deepEqual(
            { stackTraceLimit: Error.stackTraceLimit, callsites: resourceClass.callsites, debuggablePromise: debuggable.debuggablePromise },
            before,
        );
    });

    it("answers a resource reference with the referenced resource's state, as the engine does", async () => {
        let referencedBucket: unknown;
        await runProgram({
            project: "references",
            stack: "test",
            config: {},
            load: () => async () => {
                const provider = new aws.Provider("p", { region: "eu-west-1", allowedAccountIds: ["123456789012"] });
                const urn = await new Promise<string>((resolve) => bucket("target", provider).urn.apply(resolve));
                // A resource read back by URN is answered from what the monitor registered.
                const again = new aws.s3.Bucket("target", undefined, { urn });
                again.bucket.apply((name) => (referencedBucket = name));
                return {};
            },
        });
        assert.equal(referencedBucket, "target-bucket");
    });

    describe("resource objects passed as inputs", () => {
        /** A load balancer, a role attachment and an instance profile given resources rather than their ids. */
        const program = (seen: Record<string, unknown>) => () => {
            const provider = new aws.Provider("p", { region: "eu-west-1", allowedAccountIds: ["123456789012"] });
            const sg = new aws.ec2.SecurityGroup("web", { description: "web" }, { provider });
            const role = new aws.iam.Role("app", { name: "app", assumeRolePolicy: "{}" }, { provider });
            new aws.lb.LoadBalancer("front", { securityGroups: [sg as unknown as string], subnets: ["subnet-1", "subnet-2"] }, { provider });
            new aws.iam.RolePolicyAttachment("read", { role, policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }, { provider });
            const profile = new aws.iam.InstanceProfile("app", { role }, { provider });
            profile.role.apply((r) => (seen.profileRole = r));
            sg.id.apply((id) => (seen.sgId = id));
            return {};
        };

        it("are sent to the AWS provider as their ids, as the engine sends them to a provider that does not accept references", async () => {
            const seen: Record<string, unknown> = {};
            const run = await runProgram({ project: "refs", stack: "test", config: {}, load: program(seen) });
            const byName = (type: string) => run.resources.find((r) => r.type === type)!;
            assert.match(String(seen.sgId), /^sg-[0-9a-f]{17}$/);
            assert.deepEqual(byName("aws:lb/loadBalancer:LoadBalancer").inputs.securityGroups, [seen.sgId]);
            assert.equal(byName("aws:iam/rolePolicyAttachment:RolePolicyAttachment").inputs.role, "app");
            // The provider's outputs carry the id too, so the program reads a string back.
            assert.equal(seen.profileRole, "app");
            assert.ok(run.resources.every((r) => !JSON.stringify(r.wireInputs).includes(RESOURCE_SIG)));
        });

        it("are unknown where the referenced resource's id is, in a first rollout", async () => {
            const run = await runProgram({ project: "refs", stack: "test", config: {}, load: program({}), priorState: "none" });
            const lb = run.resources.find((r) => r.type === "aws:lb/loadBalancer:LoadBalancer")!;
            assert.deepEqual(lb.inputs.securityGroups, ["[unknown]"]);
            assert.equal(run.resources.find((r) => r.type === "aws:iam/rolePolicyAttachment:RolePolicyAttachment")!.inputs.role, "[unknown]");
        });
    });

    it("lets go of the program's resource graph once the program has run", async () => {
        await runProgram({ project: "released", stack: "test", config: {}, load: () => ({}) });
        assert.equal(state.getStackResource(), undefined);
        assert.equal((globalThis as { stackResource?: unknown }).stackResource, undefined);
    });
});
