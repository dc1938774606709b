import { strict as assert } from "assert";
import {
    CreateTrailCommand,
    GetEventSelectorsCommand,
    GetTrailCommand,
    GetTrailStatusCommand,
    PutEventSelectorsCommand,
    StartLoggingCommand,
    StopLoggingCommand,
    UpdateTrailCommand,
} from "@aws-sdk/client-cloudtrail";
import { CreateBucketCommand } from "@aws-sdk/client-s3";
import { handler as restoreTrail } from "../../components/response/handlers/restore-trail";
import { stopLogging, putEventSelectors, updateOrganizationTrail } from "../../tools/events/samples";
import { apiEventSelectors, organizationTrailSelectors } from "../../components/security/cloudtrail";
import { aws, dryRun, expectOutcome, REGION, remediateTwice, useHandlerEmulator } from "./emulator-handlers";

describe("response handlers against the AWS API emulator (moto)", () => {
    useHandlerEmulator();

    describe("restore-trail", () => {
        const CENTRAL_BUCKET = "lz-dev-cloudtrail-210987654321-eu-west-1";
        const ORG_TRAIL = "landing-zone-organization";
        const TEAM_TRAIL = "checkout-audit";
        /** Management events excluded: what someone blinding the trail would set. Restoring selectors is not this handler's job. */
        const BLIND_SELECTORS = [{ ReadWriteType: "ReadOnly" as const, IncludeManagementEvents: false, DataResources: [] }];
        const ORGANIZATION_SELECTORS = apiEventSelectors(
            organizationTrailSelectors("aws", { bucketName: CENTRAL_BUCKET, s3DataEvents: true, lambdaDataEvents: false }),
        );

        /** The central log bucket, an organization trail and a team's trail, both logging, then tampered with. */
        async function seed(): Promise<void> {
            const { s3, cloudtrail } = aws;
            for (const bucket of [CENTRAL_BUCKET, "attacker-bucket", "checkout-audit-logs"]) {
                await s3.send(new CreateBucketCommand({ Bucket: bucket, CreateBucketConfiguration: { LocationConstraint: REGION } }));
            }
            await cloudtrail.send(
                new CreateTrailCommand({
                    Name: ORG_TRAIL,
                    S3BucketName: CENTRAL_BUCKET,
                    IsOrganizationTrail: true,
                    IsMultiRegionTrail: true,
                    IncludeGlobalServiceEvents: true,
                    EnableLogFileValidation: true,
                }),
            );
            await cloudtrail.send(new CreateTrailCommand({ Name: TEAM_TRAIL, S3BucketName: "checkout-audit-logs", IsMultiRegionTrail: false }));
            for (const name of [ORG_TRAIL, TEAM_TRAIL]) await cloudtrail.send(new StartLoggingCommand({ Name: name }));
            // The tampering the events below report.
            await cloudtrail.send(
                new UpdateTrailCommand({ Name: ORG_TRAIL, IsMultiRegionTrail: false, EnableLogFileValidation: false, S3BucketName: "attacker-bucket" }),
            );
            await cloudtrail.send(new PutEventSelectorsCommand({ TrailName: ORG_TRAIL, EventSelectors: BLIND_SELECTORS }));
            for (const name of [ORG_TRAIL, TEAM_TRAIL]) await cloudtrail.send(new StopLoggingCommand({ Name: name }));
        }

        async function trailState(name: string) {
            const { cloudtrail } = aws;
            const t = (await cloudtrail.send(new GetTrailCommand({ Name: name }))).Trail!;
            const status = await cloudtrail.send(new GetTrailStatusCommand({ Name: name }));
            const selectors = await cloudtrail.send(new GetEventSelectorsCommand({ TrailName: name }));
            return {
                logging: status.IsLogging,
                multiRegion: t.IsMultiRegionTrail,
                globalEvents: t.IncludeGlobalServiceEvents,
                validation: t.LogFileValidationEnabled,
                bucket: t.S3BucketName,
                selectors: selectors.EventSelectors ?? [],
                advancedSelectors: selectors.AdvancedEventSelectors ?? [],
            };
        }
        const state = async () => ({ org: await trailState(ORG_TRAIL), team: await trailState(TEAM_TRAIL) });

        it("restores an organization trail's guarantees, central bucket, event selectors and logging after UpdateTrail, and a second delivery changes nothing", async () => {
            process.env.ORGANIZATION_TRAIL_BUCKET = CENTRAL_BUCKET;
            process.env.ORGANIZATION_TRAIL_SELECTORS = JSON.stringify(ORGANIZATION_SELECTORS);
            await seed();
            const { before: b, after: a, first } = await remediateTwice(() => restoreTrail(updateOrganizationTrail), state);
            const { selectors, advancedSelectors, ...settings } = a.org;
            assert.deepEqual(settings, { logging: true, multiRegion: true, globalEvents: true, validation: true, bucket: CENTRAL_BUCKET });
            assert.equal(first.actions.length, 3, first.actions.join("\n"));
            assert.deepEqual(b.org.selectors, BLIND_SELECTORS);
            // The tampered basic selectors are replaced by the program's advanced ones.
            assert.deepEqual(selectors, []);
            assert.deepEqual(advancedSelectors, ORGANIZATION_SELECTORS);
            assert.deepEqual(a.team, b.team, "the team's trail was touched");
        });

        it("puts the event selectors back after PutEventSelectors on the organization trail", async () => {
            process.env.ORGANIZATION_TRAIL_SELECTORS = JSON.stringify(ORGANIZATION_SELECTORS);
            await seed();
            const { after: a } = await remediateTwice(() => restoreTrail(putEventSelectors), state);
            assert.deepEqual(a.org.advancedSelectors, ORGANIZATION_SELECTORS);
            assert.deepEqual(a.org.selectors, []);
        });

        it("turns a team trail's logging back on after StopLogging and leaves its settings to its owner", async () => {
            await seed();
            const { before: b, after: a } = await remediateTwice(() => restoreTrail(stopLogging), state);
            assert.deepEqual(a.team, { ...b.team, logging: true });
            assert.equal(a.team.multiRegion, false);
            assert.deepEqual(a.org, b.org, "the organization trail was touched");
        });

        it("only reads in dry-run", async () => {
            process.env.ORGANIZATION_TRAIL_BUCKET = CENTRAL_BUCKET;
            await seed();
            await dryRun(() => restoreTrail(updateOrganizationTrail), state);
            await dryRun(() => restoreTrail(stopLogging), state);
        });

        it("skips a trail that no longer exists, with moto's real error name", async () => {
            const result = await expectOutcome(restoreTrail(stopLogging), "skipped");
            assert.match(result.reason ?? "", /no longer exists/);
        });
    });
});
