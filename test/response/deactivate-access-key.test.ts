import { strict as assert } from "assert";
import { GetAccessKeyLastUsedCommand, IAMClient, ListAccessKeysCommand, UpdateAccessKeyCommand } from "@aws-sdk/client-iam";
import { mockClient } from "aws-sdk-client-mock";
import { handler } from "../../components/response/handlers/deactivate-access-key";
import { awsError, callCount, changes, clone, edited, handlerHarness, hostileGuardDutyOrigins, loggedRejection, sts } from "./harness";
import { exposedKeyHealthEvent, guardDutyAccessKeyFinding, guardDutyInstanceFinding, OUTSIDE_ACCOUNT } from "../../tools/events/samples";

const iam = mockClient(IAMClient);
const KEY = "AKIAIOSFODNN7EXAMPLE";

function user() {
    const state = { status: "Active" as "Active" | "Inactive" };
    iam.reset();
    iam.on(GetAccessKeyLastUsedCommand, { AccessKeyId: KEY }).resolves({
        UserName: "ci-deployer",
        AccessKeyLastUsed: { ServiceName: "s3", Region: "eu-west-1" },
    });
    iam.on(GetAccessKeyLastUsedCommand, { AccessKeyId: "AKIAUNKNOWNKEY000000" }).rejects(awsError("NoSuchEntityException"));
    iam.on(ListAccessKeysCommand, { UserName: "ci-deployer" }).callsFake(() => ({
        AccessKeyMetadata: [
            { UserName: "ci-deployer", AccessKeyId: "AKIAOTHERKEY00000001", Status: "Active" },
            { UserName: "ci-deployer", AccessKeyId: KEY, Status: state.status },
        ],
    }));
    iam.on(UpdateAccessKeyCommand).callsFake((input: { Status: "Active" | "Inactive" }) => {
        state.status = input.Status;
        return {};
    });
    return state;
}

const expected: [string, unknown][] = [["UpdateAccessKey", { UserName: "ci-deployer", AccessKeyId: KEY, Status: "Inactive" }]];

describe("response handler: deactivate-access-key", () => {
    handlerHarness();

    for (const [name, event] of [
        ["a GuardDuty IAMUser finding", guardDutyAccessKeyFinding],
        ["an AWS Health exposed-key event", exposedKeyHealthEvent],
    ] as const) {
        it(`deactivates only the reported key after ${name}, and a second delivery changes nothing`, async () => {
            user();
            const first = await handler(event);
            assert.equal(first.outcome, "remediated");
            assert.deepEqual(changes(iam), expected);
            iam.resetHistory();
            const second = await handler(event);
            assert.equal(second.outcome, "compliant");
            assert.deepEqual(changes(iam), []);
        });
    }

    it("only reads in dry-run", async () => {
        process.env.DRY_RUN = "true";
        user();
        const result = await handler(guardDutyAccessKeyFinding);
        assert.equal(result.outcome, "dry-run");
        assert.deepEqual(result.actions, [`deactivate access key ${KEY} of user ci-deployer`]);
        assert.deepEqual(changes(iam), []);
    });

    it("skips a key that was already deleted", async () => {
        user();
        const gone = clone(exposedKeyHealthEvent) as { detail: { affectedEntities: { entityValue: string }[] } };
        gone.detail.affectedEntities = [{ entityValue: "AKIAUNKNOWNKEY000000" }];
        const result = await handler(gone);
        assert.equal(result.outcome, "skipped");
        assert.deepEqual(changes(iam), []);
    });

    const withKey = (over: Record<string, unknown>) => {
        const e = clone(guardDutyAccessKeyFinding) as { detail: { resource: { accessKeyDetails: Record<string, unknown> } } };
        Object.assign(e.detail.resource.accessKeyDetails, over);
        return e;
    };
    const bad: [string, unknown, RegExp][] = [
        ["a finding on assumed-role credentials", withKey({ userType: "AssumedRole", accessKeyId: "ASIAEXAMPLEKEY123456" }), /AssumedRole principal/],
        ["a finding on root credentials", withKey({ userType: "Root" }), /Root principal/],
        ["a finding on an EC2 instance", guardDutyInstanceFinding, /concerns a Instance, not an access key/],
        ["a finding with a malformed key id", withKey({ accessKeyId: "not-a-key" }), /lacks a long-term access key id/],
        [
            "a Health event of another type",
            (() => {
                const e = clone(exposedKeyHealthEvent) as { detail: Record<string, unknown> };
                e.detail.eventTypeCode = "AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED";
                return e;
            })(),
            /is not AWS_RISK_CREDENTIALS_EXPOSED/,
        ],
        ["a bare string", "AKIAIOSFODNN7EXAMPLE", /malformed event/],
        // Hostile: wildcards and paths for the user or key, findings that disagree with their event, other partitions and regions.
        ["a finding naming the user with a wildcard", withKey({ userName: "*" }), /lacks a long-term access key id \(AKIA...\) and an IAM user name/],
        ["a finding naming the user with a path", withKey({ userName: "../break-glass-admin" }), /and an IAM user name/],
        ["a finding naming the key with a wildcard", withKey({ accessKeyId: "AKIA*" }), /lacks a long-term access key id/],
        ["a finding naming a key id with extra characters", withKey({ accessKeyId: "AKIAIOSFODNN7EXAMPLE0000" }), /lacks a long-term access key id/],
        ...hostileGuardDutyOrigins(guardDutyAccessKeyFinding),
        [
            "a Health event of an account outside the organization",
            edited(exposedKeyHealthEvent, (e) => (e.account = OUTSIDE_ACCOUNT)),
            /account 999988887777 is not a target account/,
        ],
        [
            "a Health event naming keys with a wildcard",
            edited(exposedKeyHealthEvent, (e) => (e.detail.affectedEntities = [{ entityValue: "AKIA*" }])),
            /affected entity is not an access key id/,
        ],
    ];
    for (const [name, event, reason] of bad) {
        it(`rejects ${name} with a logged reason and no AWS call`, async () => {
            user();
            const result = await handler(event);
            assert.equal(result.outcome, "rejected");
            assert.match(result.reason ?? "", reason);
            assert.match(loggedRejection() ?? "", reason);
            assert.equal(callCount(iam, sts), 0);
        });
    }
});
