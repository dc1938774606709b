import { strict as assert } from "assert";
import { readFileSync } from "fs";
import { join } from "path";
import { parse } from "yaml";
import { namespacedConfig, parseLandingZoneConfig } from "../../stacks/config";

function devWith(response: Record<string, unknown>): Record<string, unknown> {
    const file = parse(readFileSync(join(__dirname, "..", "..", "Pulumi.dev.yaml"), "utf8")) as { config: Record<string, unknown> };
    const raw = namespacedConfig(file.config);
    return { ...raw, response: { ...(raw.response as object), ...response } };
}

describe("response: config", () => {
    it("defaults to dry-run, severity 7 and us-east-1 for global-service events", () => {
        const raw = devWith({});
        delete (raw as { response?: unknown }).response;
        const config = parseLandingZoneConfig(raw);
        assert.equal(config.response.dryRun, true);
        assert.equal(config.response.guardDutyMinSeverity, 7);
        assert.equal(config.response.globalEventsRegion, "us-east-1");
    });

    it("rejects a global-events region outside the home region's partition, naming the key", () => {
        assert.throws(
            () => parseLandingZoneConfig(devWith({ globalEventsRegion: "cn-north-1" })),
            /landing-zone:response\.globalEventsRegion: region is outside the aws partition of the home region \(got "cn-north-1"; expected us-east-1\)/,
        );
    });

    it("rejects a region that does not exist and a severity out of GuardDuty's range", () => {
        assert.throws(
            () => parseLandingZoneConfig(devWith({ globalEventsRegion: "us-east-9", guardDutyMinSeverity: 11 })),
            (e: Error) => {
                assert.match(e.message, /landing-zone:response\.globalEventsRegion: not a real AWS region/);
                assert.match(e.message, /landing-zone:response\.guardDutyMinSeverity/);
                return true;
            },
        );
    });

    it("takes runbook approvers and reports every problem with them at once, naming the key", () => {
        const ok = parseLandingZoneConfig(devWith({ runbookApprovers: { principals: ["arn:aws:iam::123456789012:role/security-responders", "jane.doe"] } }));
        assert.deepEqual(ok.response.runbookApprovers, {
            principals: ["arn:aws:iam::123456789012:role/security-responders", "jane.doe"],
            minRequiredApprovals: 1,
        });
        assert.throws(
            () => parseLandingZoneConfig(devWith({ runbookApprovers: { principals: ["arn:aws:s3:::bucket"], minRequiredApprovals: 2 } })),
            (e: Error) => {
                assert.match(e.message, /runbookApprovers\.minRequiredApprovals: more approvals required than approvers listed/);
                assert.match(
                    e.message,
                    /landing-zone:response\.runbookApprovers\.principals\[0\]: not an approver \(got "arn:aws:s3:::bucket"; expected an IAM user name, or an IAM user, role or assumed-role ARN\)/,
                );
                return true;
            },
        );
        assert.throws(
            () => parseLandingZoneConfig(devWith({ runbookApprovers: { principals: ["jane.doe"], minRequiredApprovals: 2 } })),
            /landing-zone:response\.runbookApprovers\.minRequiredApprovals: more approvals required than approvers listed/,
        );
    });
});
