import * as assert from "assert";
import * as YAML from "yaml";
import { ConfigError, namespacedConfig, parseLandingZoneConfig } from "../../stacks/config";
import { stackYaml } from "./preview";

/** A stack file's `landing-zone:*` values with the namespace stripped, as the schema reads them. */
export function stackValues(stack: string): Record<string, unknown> {
    return namespacedConfig((YAML.parse(stackYaml(stack)) as { config: Record<string, unknown> }).config);
}

/** The problems config validation reports for raw values; empty when they are valid. */
export function problemsOf(raw: Record<string, unknown>): readonly string[] {
    try {
        parseLandingZoneConfig(raw);
    } catch (err) {
        assert.ok(err instanceof ConfigError, `expected ConfigError, got ${String(err)}`);
        return err.problems;
    }
    return [];
}
