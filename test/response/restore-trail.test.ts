import { strict as assert } from "assert";
import { CloudTrailClient, GetTrailCommand, GetTrailStatusCommand, StartLoggingCommand, UpdateTrailCommand } from "@aws-sdk/client-cloudtrail";
import { mockClient } from "aws-sdk-client-mock";
import { handler } from "../../components/response/handlers/restore-trail";
import { awsError, callCount, changes, clone, handlerHarness, loggedRejection, sts } from "./harness";
import { deleteTrail, putBucketPolicy, stopLogging, updateOrganizationTrail } from "./samples";

const cloudtrail = mockClient(CloudTrailClient);
const CENTRAL_BUCKET = "lz-dev-cloudtrail-210987654321-eu-west-1";

interface TrailState {
    name: string;
    arn: string;
    organization: boolean;
    logging: boolean;
    multiRegion: boolean;
    global: boolean;
    validation: boolean;
    bucket: string;
}

function trail(initial: Partial<TrailState>): TrailState {
    const state: TrailState = {
        name: "checkout-audit",
        arn: "arn:aws:cloudtrail:eu-west-1:111122223333:trail/checkout-audit",
        organization: false,
        logging: true,
        multiRegion: true,
        global: true,
        validation: true,
        bucket: CENTRAL_BUCKET,
        ...initial,
    };
    cloudtrail.reset();
    cloudtrail.on(GetTrailCommand).callsFake((input: { Name: string }) => {
        if (input.Name !== state.name && input.Name !== state.arn) throw awsError("TrailNotFoundException");
        return {
            Trail: {
                Name: state.name,
                TrailARN: state.arn,
                HomeRegion: "eu-west-1",
                IsOrganizationTrail: state.organization,
                IsMultiRegionTrail: state.multiRegion,
                IncludeGlobalServiceEvents: state.global,
                LogFileValidationEnabled: state.validation,
                S3BucketName: state.bucket,
            },
        };
    });
    cloudtrail.on(GetTrailStatusCommand).callsFake(() => ({ IsLogging: state.logging }));
    cloudtrail.on(StartLoggingCommand).callsFake(() => {
        state.logging = true;
        return {};
    });
    cloudtrail
        .on(UpdateTrailCommand)
        .callsFake((input: { IsMultiRegionTrail: boolean; IncludeGlobalServiceEvents: boolean; EnableLogFileValidation: boolean; S3BucketName?: string }) => {
            state.multiRegion = input.IsMultiRegionTrail;
            state.global = input.IncludeGlobalServiceEvents;
            state.validation = input.EnableLogFileValidation;
            if (input.S3BucketName) state.bucket = input.S3BucketName;
            return {};
        });
    return state;
}

const ORG_TRAIL = { name: "landing-zone-organization", arn: "arn:aws:cloudtrail:eu-west-1:111122223333:trail/landing-zone-organization", organization: true };

describe("response handler: restore-trail", () => {
    handlerHarness();

    it("turns logging back on after StopLogging, and a second delivery changes nothing", async () => {
        trail({ logging: false });
        assert.equal((await handler(stopLogging)).outcome, "remediated");
        assert.deepEqual(changes(cloudtrail), [["StartLogging", { Name: "arn:aws:cloudtrail:eu-west-1:111122223333:trail/checkout-audit" }]]);
        cloudtrail.resetHistory();
        assert.equal((await handler(stopLogging)).outcome, "compliant");
        assert.deepEqual(changes(cloudtrail), []);
    });

    it("restores an organization trail's guarantees and central bucket after UpdateTrail", async () => {
        process.env.ORGANIZATION_TRAIL_BUCKET = CENTRAL_BUCKET;
        trail({ ...ORG_TRAIL, multiRegion: false, validation: false, bucket: "attacker-bucket" });
        const first = await handler(updateOrganizationTrail);
        assert.equal(first.outcome, "remediated");
        assert.deepEqual(changes(cloudtrail), [
            [
                "UpdateTrail",
                {
                    Name: ORG_TRAIL.arn,
                    IsMultiRegionTrail: true,
                    IncludeGlobalServiceEvents: true,
                    EnableLogFileValidation: true,
                    S3BucketName: CENTRAL_BUCKET,
                },
            ],
        ]);
        assert.match(first.actions[0], /multi-region, log file validation, bucket attacker-bucket \(expected lz-dev-cloudtrail/);
        cloudtrail.resetHistory();
        assert.equal((await handler(updateOrganizationTrail)).outcome, "compliant");
        assert.deepEqual(changes(cloudtrail), []);
    });

    it("leaves the settings of a team's own trail to its owner", async () => {
        trail({ multiRegion: false });
        const update = clone(updateOrganizationTrail) as { detail: { requestParameters: Record<string, unknown> } };
        update.detail.requestParameters.name = "checkout-audit";
        const result = await handler(update);
        assert.equal(result.outcome, "compliant");
        assert.match(result.reason ?? "", /not an organization trail/);
        assert.deepEqual(changes(cloudtrail), []);
    });

    it("only reads in dry-run", async () => {
        process.env.DRY_RUN = "true";
        trail({ logging: false });
        const result = await handler(stopLogging);
        assert.equal(result.outcome, "dry-run");
        assert.deepEqual(result.actions, ["start logging on trail arn:aws:cloudtrail:eu-west-1:111122223333:trail/checkout-audit"]);
        assert.deepEqual(changes(cloudtrail), []);
    });

    it("skips a trail that no longer exists", async () => {
        trail({ name: "other", arn: "arn:aws:cloudtrail:eu-west-1:111122223333:trail/other" });
        assert.equal((await handler(stopLogging)).outcome, "skipped");
        assert.deepEqual(changes(cloudtrail), []);
    });

    const bad: [string, unknown, RegExp][] = [
        ["DeleteTrail, which only alerts", deleteTrail, /DeleteTrail is not one of StopLogging, UpdateTrail/],
        [
            "an S3 call delivered under the CloudTrail source",
            { ...clone(putBucketPolicy), source: "aws.cloudtrail" },
            /s3.amazonaws.com PutBucketPolicy is not one of/,
        ],
        [
            "a call without a trail name",
            (() => {
                const e = clone(stopLogging) as { detail: Record<string, unknown> };
                e.detail.requestParameters = null;
                return e;
            })(),
            /requestParameters.name is missing/,
        ],
        [
            "a CloudTrail record without a region",
            (() => {
                const e = clone(stopLogging) as { detail: Record<string, unknown> };
                delete e.detail.awsRegion;
                return e;
            })(),
            /malformed CloudTrail event: detail.awsRegion/,
        ],
    ];
    for (const [name, event, reason] of bad) {
        it(`rejects ${name} with a logged reason and no AWS call`, async () => {
            trail({});
            const result = await handler(event);
            assert.equal(result.outcome, "rejected");
            assert.match(result.reason ?? "", reason);
            assert.match(loggedRejection() ?? "", reason);
            assert.equal(callCount(cloudtrail, sts), 0);
        });
    }
});
