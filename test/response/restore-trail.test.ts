import { strict as assert } from "assert";
import {
    AdvancedEventSelector,
    CloudTrailClient,
    EventSelector,
    GetEventSelectorsCommand,
    GetTrailCommand,
    GetTrailStatusCommand,
    PutEventSelectorsCommand,
    StartLoggingCommand,
    UpdateTrailCommand,
} from "@aws-sdk/client-cloudtrail";
import { apiEventSelectors, organizationTrailSelectors } from "../../components/security/cloudtrail";
import { mockClient } from "aws-sdk-client-mock";
import { handler } from "../../components/response/handlers/restore-trail";
import { awsError, callCount, changes, clone, edited, handlerHarness, hostileCloudTrailOrigins, loggedRejection, sts } from "./harness";
import {
    deleteTrail,
    OUTSIDE_ACCOUNT,
    putBucketPolicy,
    putEventSelectors,
    stopLogging,
    updateOrganizationTrail,
    WORKLOAD_ACCOUNT,
} from "../../tools/events/samples";

const cloudtrail = mockClient(CloudTrailClient);
const CENTRAL_BUCKET = "lz-dev-cloudtrail-210987654321-eu-west-1";
const TRAIL_KEY = "arn:aws:kms:eu-west-1:210987654321:key/1234abcd-12ab-34cd-56ef-1234567890ab";
/** The organization trail's selectors as the program sets them (management events and S3 data events). */
const SELECTORS = apiEventSelectors(
    organizationTrailSelectors("aws", { bucketName: CENTRAL_BUCKET, s3DataEvents: true, lambdaDataEvents: false }),
) as AdvancedEventSelector[];

interface TrailState {
    name: string;
    arn: string;
    organization: boolean;
    logging: boolean;
    multiRegion: boolean;
    global: boolean;
    validation: boolean;
    bucket: string;
    kmsKey?: string;
    selectors: AdvancedEventSelector[];
    basicSelectors: EventSelector[];
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
        kmsKey: TRAIL_KEY,
        selectors: SELECTORS,
        basicSelectors: [],
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
                KmsKeyId: state.kmsKey,
            },
        };
    });
    cloudtrail
        .on(GetEventSelectorsCommand)
        .callsFake(() => (state.basicSelectors.length > 0 ? { EventSelectors: state.basicSelectors } : { AdvancedEventSelectors: state.selectors }));
    cloudtrail.on(PutEventSelectorsCommand).callsFake((input: { AdvancedEventSelectors?: AdvancedEventSelector[] }) => {
        // CloudTrail keeps either basic or advanced selectors: putting one replaces the other.
        state.selectors = input.AdvancedEventSelectors ?? [];
        state.basicSelectors = [];
        return {};
    });
    cloudtrail.on(GetTrailStatusCommand).callsFake(() => ({ IsLogging: state.logging }));
    cloudtrail.on(StartLoggingCommand).callsFake(() => {
        state.logging = true;
        return {};
    });
    cloudtrail
        .on(UpdateTrailCommand)
        .callsFake(
            (input: {
                IsMultiRegionTrail: boolean;
                IncludeGlobalServiceEvents: boolean;
                EnableLogFileValidation: boolean;
                S3BucketName?: string;
                KmsKeyId?: string;
            }) => {
                state.multiRegion = input.IsMultiRegionTrail;
                state.global = input.IncludeGlobalServiceEvents;
                state.validation = input.EnableLogFileValidation;
                if (input.S3BucketName) state.bucket = input.S3BucketName;
                if (input.KmsKeyId) state.kmsKey = input.KmsKeyId;
                return {};
            },
        );
    return state;
}

const ORG_TRAIL = { name: "landing-zone-organization", arn: "arn:aws:cloudtrail:eu-west-1:111122223333:trail/landing-zone-organization", organization: true };

/** The UpdateTrail that puts the organization trail's guarantees and central bucket back. */
const restoredOrganizationTrail = (extra: Record<string, string> = {}): [string, unknown] => [
    "UpdateTrail",
    { Name: ORG_TRAIL.arn, IsMultiRegionTrail: true, IncludeGlobalServiceEvents: true, EnableLogFileValidation: true, S3BucketName: CENTRAL_BUCKET, ...extra },
];

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
        assert.deepEqual(changes(cloudtrail), [restoredOrganizationTrail()]);
        assert.match(first.actions[0], /multi-region, log file validation, bucket attacker-bucket \(expected lz-dev-cloudtrail/);
        cloudtrail.resetHistory();
        assert.equal((await handler(updateOrganizationTrail)).outcome, "compliant");
        assert.deepEqual(changes(cloudtrail), []);
    });

    it("puts back the organization trail's KMS key, log file validation and event selectors after PutEventSelectors", async () => {
        process.env.ORGANIZATION_TRAIL_BUCKET = CENTRAL_BUCKET;
        process.env.ORGANIZATION_TRAIL_KMS_KEY = TRAIL_KEY;
        process.env.ORGANIZATION_TRAIL_SELECTORS = JSON.stringify(SELECTORS);
        // Still "logging", but recording only read-only data events, unencrypted and unvalidated.
        trail({
            ...ORG_TRAIL,
            validation: false,
            kmsKey: undefined,
            basicSelectors: [{ ReadWriteType: "ReadOnly", IncludeManagementEvents: false, DataResources: [] }],
        });
        const first = await handler(putEventSelectors);
        assert.equal(first.outcome, "remediated");
        assert.deepEqual(changes(cloudtrail), [
            restoredOrganizationTrail({ KmsKeyId: TRAIL_KEY }),
            ["PutEventSelectors", { TrailName: ORG_TRAIL.arn, AdvancedEventSelectors: SELECTORS }],
        ]);
        assert.match(first.actions[0], /log file validation, KMS key none \(expected arn:aws:kms:/);
        cloudtrail.resetHistory();
        assert.equal((await handler(putEventSelectors)).outcome, "compliant");
        assert.deepEqual(changes(cloudtrail), []);
    });

    it("replaces advanced selectors that drop management events, and leaves equal ones in another order alone", async () => {
        process.env.ORGANIZATION_TRAIL_SELECTORS = JSON.stringify(SELECTORS);
        const state = trail({
            ...ORG_TRAIL,
            selectors: [{ Name: "Management events", FieldSelectors: [{ Field: "eventCategory", Equals: ["Data"] }] }],
        });
        assert.equal((await handler(putEventSelectors)).outcome, "remediated");
        assert.deepEqual(state.selectors, SELECTORS);
        trail({ ...ORG_TRAIL, selectors: [...SELECTORS].reverse().map((x) => ({ ...x, FieldSelectors: [...(x.FieldSelectors ?? [])].reverse() })) });
        assert.equal((await handler(putEventSelectors)).outcome, "compliant");
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
        // Hostile: wildcards, paths and trails of other accounts or regions, records that disagree with their event.
        ...([
            "*",
            "checkout-*",
            `arn:aws:cloudtrail:eu-west-1:${OUTSIDE_ACCOUNT}:trail/checkout-audit`,
            `arn:aws:cloudtrail:us-east-1:${WORKLOAD_ACCOUNT}:trail/checkout-audit`,
            `arn:aws-cn:cloudtrail:eu-west-1:${WORKLOAD_ACCOUNT}:trail/checkout-audit`,
            `arn:aws:cloudtrail:eu-west-1:${WORKLOAD_ACCOUNT}:trail/checkout-audit/../landing-zone-organization`,
            `arn:aws:cloudtrail:eu-west-1:${WORKLOAD_ACCOUNT}:trail/*`,
        ].map((name) => [
            `a call naming the trail ${JSON.stringify(name)}`,
            edited(stopLogging, (e) => (e.detail.requestParameters.name = name)),
            /requestParameters.name .* is neither a trail name nor a trail of 111122223333 in eu-west-1/,
        ]) as [string, unknown, RegExp][]),
        // The bare-named sample: an ARN name would be refused for its region first.
        ...hostileCloudTrailOrigins(updateOrganizationTrail),
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
