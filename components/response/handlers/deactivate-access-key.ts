import { GetAccessKeyLastUsedCommand, IAMClient, ListAccessKeysCommand, UpdateAccessKeyCommand } from "@aws-sdk/client-iam";
import { EXPOSED_KEY_EVENT } from "../patterns";
import { guardDutyFinding, healthDetail, ID_FORMATS, parse } from "./events";
import { Actions, assumeRemediationRole, checkTarget, combine, dispatch, errorName, partitionOf, rejected, Result, Settings, skipped, Target } from "./runtime";

/**
 * Deactivates (never deletes) an IAM user's access key that AWS reports as exposed, or that a
 * GuardDuty finding shows used anomalously. Deactivation is reversible, so the owner can rotate and
 * investigate; temporary and root credentials are out of reach and rejected with the reason.
 */
export async function handler(event: unknown): Promise<Result> {
    return dispatch(event, {
        "aws.guardduty|GuardDuty Finding": async (e, s) => {
            const parsed = parse(guardDutyFinding, e.detail, "detail");
            if (!parsed.ok) return rejected(`malformed GuardDuty finding: ${parsed.reason}`, { eventId: e.id });
            const f = parsed.value;
            const key = f.resource.accessKeyDetails;
            const fields = {
                eventId: e.id,
                findingId: f.id,
                findingType: f.type,
                account: f.accountId,
                accessKeyId: key?.accessKeyId,
                userName: key?.userName,
            };
            if (f.resource.resourceType !== "AccessKey" || !key) return rejected(`finding concerns a ${f.resource.resourceType}, not an access key`, fields);
            if (key.userType !== "IAMUser") {
                return rejected(`credentials belong to a ${key.userType ?? "(unknown)"} principal; only IAM user keys can be deactivated`, fields);
            }
            if (!key.accessKeyId || !ID_FORMATS.accessKey.test(key.accessKeyId) || !key.userName || !ID_FORMATS.iamUserName.test(key.userName)) {
                return rejected("finding lacks a long-term access key id (AKIA...) and an IAM user name", fields);
            }
            if (f.region !== e.region) return rejected(`finding is from ${f.region}, but the event came from ${e.region}`, fields);
            return deactivate(s, { account: f.accountId, region: f.region, partition: f.partition }, key.accessKeyId, key.userName, e.id, fields);
        },
        "aws.health|AWS Health Event": async (e, s) => {
            const parsed = parse(healthDetail, e.detail, "detail");
            if (!parsed.ok) return rejected(`malformed AWS Health event: ${parsed.reason}`, { eventId: e.id });
            const d = parsed.value;
            const fields = { eventId: e.id, eventTypeCode: d.eventTypeCode, account: e.account };
            if (d.eventTypeCode !== EXPOSED_KEY_EVENT) return rejected(`health event ${d.eventTypeCode} is not ${EXPOSED_KEY_EVENT}`, fields);
            const target = { account: e.account, region: e.region, partition: partitionOf(e.region) };
            const results: Result[] = [];
            for (const entity of d.affectedEntities) {
                const keyFields = { ...fields, accessKeyId: entity.entityValue };
                if (!ID_FORMATS.accessKey.test(entity.entityValue)) results.push(rejected(`affected entity is not an access key id`, keyFields));
                else results.push(await deactivate(s, target, entity.entityValue, undefined, e.id, keyFields));
            }
            return combine(results);
        },
    });
}

async function deactivate(
    s: Settings,
    target: Target,
    accessKeyId: string,
    knownUser: string | undefined,
    eventId: string,
    fields: Record<string, unknown>,
): Promise<Result> {
    const refused = checkTarget(s, target, fields);
    if (refused) return refused;
    const credentials = await assumeRemediationRole(s, target, eventId);
    const iam = new IAMClient({ region: target.region, credentials });
    const actions = new Actions(s, fields);

    let userName = knownUser;
    if (!userName) {
        try {
            userName = (await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: accessKeyId }))).UserName;
        } catch (err) {
            if (errorName(err) !== "NoSuchEntityException" && errorName(err) !== "NoSuchEntity") throw err;
        }
        if (!userName) return skipped(`access key ${accessKeyId} no longer exists`, fields);
        // The root user's keys report "root" here; IAM cannot act on them.
        if (userName === "root" || userName === "<root_account>") return rejected(`access key ${accessKeyId} belongs to the root user`, fields);
    }
    let keys;
    try {
        keys = (await iam.send(new ListAccessKeysCommand({ UserName: userName }))).AccessKeyMetadata ?? [];
    } catch (err) {
        if (errorName(err) !== "NoSuchEntityException" && errorName(err) !== "NoSuchEntity") throw err;
        return skipped(`user ${userName} no longer exists`, fields);
    }
    const key = keys.find((k) => k.AccessKeyId === accessKeyId);
    if (!key) return skipped(`access key ${accessKeyId} no longer exists for user ${userName}`, fields);
    if (key.Status !== "Inactive") {
        const user = userName;
        await actions.run(`deactivate access key ${accessKeyId} of user ${user}`, () =>
            iam.send(new UpdateAccessKeyCommand({ UserName: user, AccessKeyId: accessKeyId, Status: "Inactive" })),
        );
    }
    return actions.result(`access key ${accessKeyId} is already inactive`);
}
