import {
    type AdvancedEventSelector,
    CloudTrailClient,
    GetEventSelectorsCommand,
    GetTrailCommand,
    GetTrailStatusCommand,
    PutEventSelectorsCommand,
    StartLoggingCommand,
    UpdateTrailCommand,
} from "@aws-sdk/client-cloudtrail";
import { REMEDIATED_CALLS } from "../patterns";
import { trailFromName } from "./events";
import { Actions, assumeRemediationRole, checkTarget, cloudTrailCall, dispatch, errorName, rejected, Result, skipped } from "./runtime";

const TRAIL_CHANGES = REMEDIATED_CALLS.trail;

/**
 * Turns logging back on for a trail someone stopped, and puts an organization trail's guarantees
 * back after an UpdateTrail or PutEventSelectors: all regions, global service events, log file
 * validation, delivery to the central bucket (ORGANIZATION_TRAIL_BUCKET) encrypted with its key
 * (ORGANIZATION_TRAIL_KMS_KEY), and the event selectors the program set (ORGANIZATION_TRAIL_SELECTORS,
 * the API's AdvancedEventSelectors as JSON). Other trails belong to their account's team, so only
 * their logging is restored. Every step compares with the trail's current state first.
 */
export async function handler(event: unknown): Promise<Result> {
    return dispatch(event, {
        "aws.cloudtrail|AWS API Call via CloudTrail": async (e, s) => {
            const got = cloudTrailCall(e, {
                eventSource: "cloudtrail.amazonaws.com",
                eventNames: TRAIL_CHANGES,
                described: `one of ${TRAIL_CHANGES.join(", ")}`,
                subject: "trail",
                // PutEventSelectors names the trail trailName; the other calls name.
                subjectOf: (d) => {
                    const named = d.requestParameters?.name ?? d.requestParameters?.trailName;
                    return typeof named === "string" ? named : undefined;
                },
                subjectProblem: (name) => (name ? undefined : "requestParameters.name is missing"),
            });
            if (!got.ok) return got.result;
            const { subject: name, target, fields } = got;
            if (!trailFromName(name, target)) {
                return rejected(
                    `requestParameters.name ${JSON.stringify(name)} is neither a trail name nor a trail of ${target.account} in ${target.region}`,
                    fields,
                );
            }
            const refused = checkTarget(s, target, fields);
            if (refused) return refused;

            const credentials = await assumeRemediationRole(s, target, e.id);
            const cloudtrail = new CloudTrailClient({ region: target.region, credentials });
            const actions = new Actions(s, fields);
            let trail;
            try {
                trail = (await cloudtrail.send(new GetTrailCommand({ Name: name }))).Trail;
            } catch (err) {
                if (errorName(err) !== "TrailNotFoundException") throw err;
            }
            if (!trail?.TrailARN) return skipped(`trail ${name} no longer exists`, fields);
            const arn = trail.TrailARN;

            if (trail.IsOrganizationTrail) {
                const bucket = process.env.ORGANIZATION_TRAIL_BUCKET || undefined;
                const kmsKey = process.env.ORGANIZATION_TRAIL_KMS_KEY || undefined;
                const drift = [
                    !trail.IsMultiRegionTrail && "multi-region",
                    !trail.IncludeGlobalServiceEvents && "global service events",
                    !trail.LogFileValidationEnabled && "log file validation",
                    bucket !== undefined && trail.S3BucketName !== bucket && `bucket ${trail.S3BucketName} (expected ${bucket})`,
                    kmsKey !== undefined && trail.KmsKeyId !== kmsKey && `KMS key ${trail.KmsKeyId ?? "none"} (expected ${kmsKey})`,
                ].filter((x): x is string => typeof x === "string");
                if (drift.length > 0) {
                    await actions.run(`restore organization trail ${arn}: ${drift.join(", ")}`, () =>
                        cloudtrail.send(
                            new UpdateTrailCommand({
                                Name: arn,
                                IsMultiRegionTrail: true,
                                IncludeGlobalServiceEvents: true,
                                EnableLogFileValidation: true,
                                ...(bucket ? { S3BucketName: bucket } : {}),
                                ...(kmsKey ? { KmsKeyId: kmsKey } : {}),
                            }),
                        ),
                    );
                }
                const expected = expectedSelectors();
                if (expected) {
                    const current = await cloudtrail.send(new GetEventSelectorsCommand({ TrailName: arn }));
                    const basic = current.EventSelectors ?? [];
                    if (basic.length > 0 || canonical(current.AdvancedEventSelectors ?? []) !== canonical(expected)) {
                        await actions.run(`restore the event selectors of organization trail ${arn}`, () =>
                            cloudtrail.send(new PutEventSelectorsCommand({ TrailName: arn, AdvancedEventSelectors: expected })),
                        );
                    }
                }
            }
            const status = await cloudtrail.send(new GetTrailStatusCommand({ Name: arn }));
            if (!status.IsLogging) await actions.run(`start logging on trail ${arn}`, () => cloudtrail.send(new StartLoggingCommand({ Name: arn })));
            return actions.result(
                trail.IsOrganizationTrail
                    ? `organization trail ${arn} is logging with its guarantees intact`
                    : `trail ${arn} is logging (it is not an organization trail, so its settings are its owner's)`,
            );
        },
    });
}

/** The organization trail's selectors from ORGANIZATION_TRAIL_SELECTORS; undefined when not configured. */
function expectedSelectors(): AdvancedEventSelector[] | undefined {
    const raw = process.env.ORGANIZATION_TRAIL_SELECTORS;
    if (!raw) return undefined;
    const value: unknown = JSON.parse(raw);
    if (!Array.isArray(value) || value.length === 0) throw new Error("ORGANIZATION_TRAIL_SELECTORS is not a non-empty JSON array of AdvancedEventSelectors");
    return value as AdvancedEventSelector[];
}

/** Selectors compared as sets: order of selectors, of field selectors and of values carries no meaning. */
function canonical(selectors: readonly AdvancedEventSelector[]): string {
    const sorted = (v: readonly string[] | undefined) => (v && v.length > 0 ? [...v].sort() : undefined);
    return JSON.stringify(
        selectors
            .map((s) => ({
                name: s.Name ?? "",
                fields: (s.FieldSelectors ?? [])
                    .map((f) => ({
                        field: f.Field,
                        equals: sorted(f.Equals),
                        startsWith: sorted(f.StartsWith),
                        endsWith: sorted(f.EndsWith),
                        notEquals: sorted(f.NotEquals),
                        notStartsWith: sorted(f.NotStartsWith),
                        notEndsWith: sorted(f.NotEndsWith),
                    }))
                    .sort((a, b) => (a.field ?? "").localeCompare(b.field ?? "")),
            }))
            .sort((a, b) => a.name.localeCompare(b.name)),
    );
}
