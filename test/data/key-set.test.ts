import { strict as assert } from "assert";
import { captureResources, settle, stackConfig } from "./harness";
import { buildLandingZone } from "../../stacks/landing-zone";
import { KEY_PURPOSES } from "../../components/shared/names";

describe("data: key sets", () => {
    it("creates one rotating key with an alias per member account, region and purpose (dev)", async () => {
        const captured = captureResources();
        const config = stackConfig("dev");
        buildLandingZone(config);
        await settle();
        const keys = captured.filter((r) => r.type === "aws:kms/key:Key");
        const accounts = 5 + config.organization.workloadAccounts.length;
        // plus the management account's one logs key for the trail's delivery log group
        assert.equal(keys.length, accounts * config.regions.allowed.length * KEY_PURPOSES.length + 1);
        for (const k of keys) {
            assert.equal(k.inputs.enableKeyRotation, true, k.name);
            assert.equal(k.inputs.deletionWindowInDays, 7, k.name);
        }
        const aliases = captured.filter((r) => r.type === "aws:kms/alias:Alias");
        assert.equal(aliases.length, keys.length);
    });
});
