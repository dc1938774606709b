import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { OUTSIDE_ACCOUNT, WORKLOAD_ACCOUNT } from "../../tools/events/samples";

export const ROLE_NAME = "lz-remediation-test";

/** STS mock that hands out credentials for the remediation role; reset per test. */
export const sts = mockClient(STSClient);

/** Logs written by the handler during a test, parsed from the JSON lines. */
export const logs: Record<string, unknown>[] = [];

const original = { log: console.log, error: console.error };

/** Environment and log capture for every handler test; dry-run is off unless a test turns it on. */
export function handlerHarness(): void {
    beforeEach(() => {
        process.env.REMEDIATION_ROLE_NAME = ROLE_NAME;
        process.env.TARGET_ACCOUNTS = `${WORKLOAD_ACCOUNT},210987654321`;
        // The samples' region, and the global-events region where IAM's events (AWS Health's exposed keys) arrive.
        process.env.TARGET_REGIONS = "eu-west-1,us-east-1";
        process.env.DRY_RUN = "false";
        process.env.AWS_LAMBDA_FUNCTION_NAME = "lz-remediation-test";
        delete process.env.ORGANIZATION_TRAIL_BUCKET;
        delete process.env.ORGANIZATION_TRAIL_KMS_KEY;
        delete process.env.ORGANIZATION_TRAIL_SELECTORS;
        sts.reset();
        sts.on(AssumeRoleCommand).resolves({
            Credentials: {
                AccessKeyId: "ASIAREMEDIATIONKEY01",
                SecretAccessKey: "secret",
                SessionToken: "token",
                Expiration: new Date("2030-01-01T00:00:00Z"),
            },
        });
        logs.length = 0;
        const capture = (line: unknown) => {
            try {
                logs.push(JSON.parse(String(line)));
            } catch {
                logs.push({ message: String(line) });
            }
        };
        console.log = capture;
        console.error = capture;
    });
    afterEach(() => {
        console.log = original.log;
        console.error = original.error;
    });
}

interface Mocked {
    calls(): { args: unknown[] }[];
}

/** Calls that change something (anything but Describe/Get/List), as [command name, input], in order across clients. */
export function changes(...mocks: Mocked[]): [string, unknown][] {
    const all = mocks.flatMap((m) =>
        m.calls().map((c) => {
            const command = c.args[0] as { constructor: { name: string }; input: unknown };
            return { name: command.constructor.name.replace(/Command$/, ""), input: command.input, order: (c as unknown as { callId: number }).callId };
        }),
    );
    return all
        .filter((c) => !/^(Describe|Get|List)/.test(c.name))
        .sort((a, b) => a.order - b.order)
        .map((c) => [c.name, c.input]);
}

/** Number of AWS calls of any kind, to show a rejected event made none. */
export function callCount(...mocks: Mocked[]): number {
    return mocks.reduce((n, m) => n + m.calls().length, 0);
}

/** The reason logged for a rejection, to show it was logged and not thrown. */
export function loggedRejection(): string | undefined {
    const line = logs.find((l) => typeof l.message === "string" && l.message.startsWith("rejected: "));
    return line?.message as string | undefined;
}

/** A service error shaped as the AWS SDK v3 raises it. */
export function awsError(name: string): Error {
    return Object.assign(new Error(name), { name, $metadata: { httpStatusCode: 400 } });
}

export function clone<T>(value: T): T {
    return JSON.parse(JSON.stringify(value));
}

/** A copy of a sample event with one edit: the hostile variants of the handler tests. */
export function edited(event: unknown, edit: (e: any) => void): unknown {
    const copy = clone(event);
    edit(copy);
    return copy;
}

/** A row of a handler's rejection table: what the event is, the event, the reason it must be rejected with. */
export type Rejection = [string, unknown, RegExp];

/**
 * What every CloudTrail-triggered handler refuses, from one of its sample events: a record that names
 * another account or region than the event it came in (EventBridge sets those from where the call
 * happened), and calls in a region or account outside the remediation's.
 */
export function hostileCloudTrailOrigins(sample: unknown): Rejection[] {
    return [
        [
            "a CloudTrail record of another organization account than the event's",
            edited(sample, (e) => (e.detail.recipientAccountId = "210987654321")),
            /CloudTrail record names account 210987654321 in eu-west-1, but the event came from 111122223333 in eu-west-1/,
        ],
        [
            "a CloudTrail record of another region than the event's",
            edited(sample, (e) => (e.detail.awsRegion = "us-east-1")),
            /CloudTrail record names account 111122223333 in us-east-1, but the event came from 111122223333 in eu-west-1/,
        ],
        [
            "a CloudTrail call in a region outside the remediation's",
            edited(sample, (e) => {
                e.region = "ap-southeast-2";
                e.detail.awsRegion = "ap-southeast-2";
            }),
            /region ap-southeast-2 is not one of this remediation's regions \(eu-west-1, us-east-1\)/,
        ],
        [
            "a CloudTrail call in an account outside the organization",
            edited(sample, (e) => {
                e.account = OUTSIDE_ACCOUNT;
                e.detail.recipientAccountId = OUTSIDE_ACCOUNT;
            }),
            /account 999988887777 is not a target account of this organization/,
        ],
    ];
}

/** What every Security Hub-triggered handler refuses: a finding an account imported itself under a Security Hub control id. */
export function hostileSecurityHubOrigins(sample: unknown): Rejection[] {
    return [
        [
            "a finding an account imported itself (BatchImportFindings) under Security Hub's control id",
            edited(sample, (e) => (e.detail.findings[0].ProductArn = `arn:aws:securityhub:eu-west-1:${WORKLOAD_ACCOUNT}:product/${WORKLOAD_ACCOUNT}/default`)),
            /not Security Hub's own controls/,
        ],
    ];
}

/** What every GuardDuty-triggered handler refuses: a finding of another region than its event, another partition, a region outside. */
export function hostileGuardDutyOrigins(sample: unknown): Rejection[] {
    return [
        [
            "a finding of another region than its event",
            edited(sample, (e) => (e.detail.region = "us-west-2")),
            /finding is from us-west-2, but the event came from eu-west-1/,
        ],
        ["a finding claiming another partition", edited(sample, (e) => (e.detail.partition = "aws-cn")), /partition aws-cn is not the partition of eu-west-1/],
        [
            "a finding from a region outside the remediation's",
            edited(sample, (e) => {
                e.region = "ap-southeast-2";
                e.detail.region = "ap-southeast-2";
            }),
            /region ap-southeast-2 is not one of this remediation's regions/,
        ],
    ];
}
