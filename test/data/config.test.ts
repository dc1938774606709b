import { strict as assert } from "assert";
import { readFileSync } from "fs";
import { join } from "path";
import { parse } from "yaml";
import { ConfigError, namespacedConfig, parseLandingZoneConfig } from "../../stacks/config";

function prodValues(): Record<string, any> {
    const file = parse(readFileSync(join(__dirname, "..", "..", "Pulumi.prod.yaml"), "utf8")) as { config: Record<string, unknown> };
    return namespacedConfig(file.config);
}

function problems(raw: Record<string, unknown>): readonly string[] {
    try {
        parseLandingZoneConfig(raw);
        return [];
    } catch (err) {
        if (err instanceof ConfigError) return err.problems;
        throw err;
    }
}

describe("data: config", () => {
    it("defaults the vault lock to governance and Macie to 15-minute publishing", () => {
        const raw = prodValues();
        delete raw.data.backup.vaultLock;
        delete raw.data.macie;
        raw.data.backup.retentionDays = 30;
        const config = parseLandingZoneConfig(raw);
        assert.deepEqual(config.data.backup.vaultLock, { mode: "GOVERNANCE", minRetentionDays: 7, maxRetentionDays: 3650 });
        assert.equal(config.data.macie.findingPublishingFrequency, "FIFTEEN_MINUTES");
    });

    it("rejects a backup retention outside the vault lock range", () => {
        const raw = prodValues();
        raw.data.backup.retentionDays = 14;
        assert.deepEqual(problems(raw), [
            "landing-zone:data.backup.retentionDays: outside the vault lock range (got 14; expected 35-3650 days, data.backup.vaultLock)",
        ]);
    });

    it("rejects a lock whose minimum exceeds its maximum", () => {
        const raw = prodValues();
        raw.data.backup.vaultLock.minRetentionDays = 4000;
        assert.ok(
            problems(raw).includes("landing-zone:data.backup.vaultLock.minRetentionDays: exceeds maxRetentionDays 3650 (got 4000; expected at most it)"),
            problems(raw).join("\n"),
        );
    });

    it("rejects an unknown vault lock mode", () => {
        const raw = prodValues();
        raw.data.backup.vaultLock.mode = "LEGAL_HOLD";
        assert.match(
            problems(raw).join("\n"),
            /landing-zone:data\.backup\.vaultLock\.mode: not an allowed value \(got "LEGAL_HOLD"; expected one of "GOVERNANCE", "COMPLIANCE"\)/,
        );
    });
});
