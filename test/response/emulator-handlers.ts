import { strict as assert } from "assert";
import { AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { EC2Client } from "@aws-sdk/client-ec2";
import { IAMClient } from "@aws-sdk/client-iam";
import { S3Client } from "@aws-sdk/client-s3";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import type { AwsCredentialIdentity } from "@aws-sdk/types";
import type { Result } from "../../components/response/handlers/runtime";
import { useEmulator } from "../support/emulator";
import { WORKLOAD_ACCOUNT } from "../../tools/events/samples";

/**
 * The five remediation handlers, unchanged, against moto (a local AWS API emulator): each test seeds the
 * AWS state a handler acts on through the SDK, delivers the event AWS would send (the samples, with ids
 * swapped for the seeded ones), and reads the resulting state back from the emulator. Each is run twice
 * (the second delivery must change nothing) and in dry-run (nothing may change at all).
 *
 * Everything runs in the workload account: the handlers assume their remediation role there through
 * STS, and moto files whatever a role's credentials do under the role's account, so seeding goes
 * through the same AssumeRole and a handler that acted in the wrong account would not see the state.
 *
 * The client-mock tests in the sibling *.test.ts files stay for what is better shown there: events
 * rejected before any AWS call (the mocks count calls), and AWS faults moto does not produce
 * (throttling, AccessDenied, one call of several failing).
 */

export const ROLE_NAME = "lz-remediation-test";
export const REGION = "eu-west-1";
export const FINDING = "a2c8b3f0e1d24c6b9f7a5e3d1c0b9a87";

/** Credentials of a role in the workload account, as the handlers get theirs. */
async function workloadCredentials(): Promise<AwsCredentialIdentity> {
    const sts = new STSClient({ region: REGION });
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${WORKLOAD_ACCOUNT}:role/emulator-seed`, RoleSessionName: "emulator-seed" }));
    const c = out.Credentials!;
    return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken };
}

async function workload() {
    const credentials = await workloadCredentials();
    const config = { region: REGION, credentials };
    return {
        ec2: new EC2Client(config),
        autoscaling: new AutoScalingClient(config),
        iam: new IAMClient(config),
        s3: new S3Client(config),
        cloudtrail: new CloudTrailClient(config),
    };
}
export type Clients = Awaited<ReturnType<typeof workload>>;

/** The workload account's clients of the running test, set before each test. */
export const aws = {} as Clients;

/** Registers, in the enclosing describe, the emulator and the handlers' settings, the clients, and the handler logs shown on failure. */
export function useHandlerEmulator(): void {
    const logs: string[] = [];
    const original = { log: console.log, error: console.error };

    useEmulator([STSClient, EC2Client, AutoScalingClient, IAMClient, S3Client, CloudTrailClient], {
        REMEDIATION_ROLE_NAME: ROLE_NAME,
        TARGET_ACCOUNTS: WORKLOAD_ACCOUNT,
        // The home region, and the global-events region where IAM's events (AWS Health's exposed keys) arrive.
        TARGET_REGIONS: `${REGION},us-east-1`,
        DRY_RUN: "false",
        AWS_LAMBDA_FUNCTION_NAME: "lz-remediation-emulator-test",
        ORGANIZATION_TRAIL_BUCKET: undefined,
    });
    beforeEach(async () => {
        Object.assign(aws, await workload());
        logs.length = 0;
        console.log = (line: unknown) => logs.push(String(line));
        console.error = (line: unknown) => logs.push(String(line));
    });
    afterEach(function () {
        console.log = original.log;
        console.error = original.error;
        if (this.currentTest?.state === "failed") console.error(`handler logs:\n${logs.join("\n")}`);
    });
}

/** Runs the handler and checks the outcome, showing the result when it is another. */
export async function expectOutcome(run: Promise<Result>, outcome: Result["outcome"]): Promise<Result> {
    const result = await run;
    assert.equal(result.outcome, outcome, `expected ${outcome}, got ${JSON.stringify(result)}`);
    return result;
}

/** Delivers the event, then again, then checks the first changed the state and the second did not. */
export async function remediateTwice<S>(run: () => Promise<Result>, state: () => Promise<S>): Promise<{ before: S; after: S; first: Result }> {
    const before = await state();
    const first = await expectOutcome(run(), "remediated");
    const after = await state();
    assert.notDeepEqual(after, before, "the first delivery changed nothing");
    await expectOutcome(run(), "compliant");
    assert.deepEqual(await state(), after, "the second delivery changed the state");
    return { before, after, first };
}

/** Delivers the event in dry-run and checks it reported actions and changed nothing. */
export async function dryRun<S>(run: () => Promise<Result>, state: () => Promise<S>): Promise<Result> {
    process.env.DRY_RUN = "true";
    const before = await state();
    const result = await expectOutcome(run(), "dry-run");
    assert.ok(result.actions.length > 0, "dry-run reported no action");
    assert.deepEqual(await state(), before, "dry-run changed the state");
    return result;
}
