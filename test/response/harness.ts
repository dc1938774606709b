import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { WORKLOAD_ACCOUNT } from "./samples";

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
