import { strict as assert } from "assert";
import { CreateAccessKeyCommand, CreateUserCommand, DeleteAccessKeyCommand, ListAccessKeysCommand } from "@aws-sdk/client-iam";
import { handler as deactivateAccessKey } from "../../components/response/handlers/deactivate-access-key";
import { exposedKeyHealthEvent, guardDutyAccessKeyFinding, retarget } from "../../tools/events/samples";
import { aws, dryRun, expectOutcome, remediateTwice, useHandlerEmulator } from "./emulator-handlers";

describe("response handlers against the AWS API emulator (moto)", () => {
    useHandlerEmulator();

    describe("deactivate-access-key", () => {
        const SAMPLE_KEY = "AKIAIOSFODNN7EXAMPLE";

        /** User ci-deployer with two active keys; the first is the one reported. */
        async function seed(): Promise<{ reported: string; other: string }> {
            const { iam } = aws;
            await iam.send(new CreateUserCommand({ UserName: "ci-deployer" }));
            const reported = (await iam.send(new CreateAccessKeyCommand({ UserName: "ci-deployer" }))).AccessKey!.AccessKeyId!;
            const other = (await iam.send(new CreateAccessKeyCommand({ UserName: "ci-deployer" }))).AccessKey!.AccessKeyId!;
            return { reported, other };
        }

        async function state() {
            const keys = (await aws.iam.send(new ListAccessKeysCommand({ UserName: "ci-deployer" }))).AccessKeyMetadata ?? [];
            return Object.fromEntries(keys.map((k) => [k.AccessKeyId!, k.Status]));
        }

        for (const [name, sample] of [
            ["a GuardDuty IAMUser finding", guardDutyAccessKeyFinding],
            ["an AWS Health exposed-key event", exposedKeyHealthEvent],
        ] as const) {
            it(`deactivates only the reported key after ${name}, and a second delivery changes nothing`, async () => {
                const keys = await seed();
                const event = retarget(sample, { [SAMPLE_KEY]: keys.reported });
                const { after } = await remediateTwice(() => deactivateAccessKey(event), state);
                // Deactivated, never deleted, and the user's other key is untouched.
                assert.deepEqual(after, { [keys.reported]: "Inactive", [keys.other]: "Active" });
            });
        }

        it("only reads in dry-run", async () => {
            const keys = await seed();
            const result = await dryRun(() => deactivateAccessKey(retarget(guardDutyAccessKeyFinding, { [SAMPLE_KEY]: keys.reported })), state);
            assert.deepEqual(result.actions, [`deactivate access key ${keys.reported} of user ci-deployer`]);
        });

        it("skips a key that was already deleted, with moto's real error name", async () => {
            const keys = await seed();
            await aws.iam.send(new DeleteAccessKeyCommand({ UserName: "ci-deployer", AccessKeyId: keys.reported }));
            const health = await expectOutcome(deactivateAccessKey(retarget(exposedKeyHealthEvent, { [SAMPLE_KEY]: keys.reported })), "skipped");
            assert.match(health.reason ?? "", /no longer exists/);
            const guardDuty = await expectOutcome(deactivateAccessKey(retarget(guardDutyAccessKeyFinding, { [SAMPLE_KEY]: keys.reported })), "skipped");
            assert.match(guardDuty.reason ?? "", /no longer exists/);
            assert.deepEqual(await state(), { [keys.other]: "Active" });
        });
    });
});
