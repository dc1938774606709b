import * as assert from "assert";
import { CONFIG_CHECKS, ConfigCheckError, type ConfigCheck, parseLandingZoneConfig, runConfigChecks } from "../../stacks/config";
import { stackValues } from "../support/config";

describe("stack config checks", () => {
    const config = parseLandingZoneConfig(stackValues("dev"));
    const throwing: ConfigCheck = {
        name: "a broken check",
        reads: ["network"],
        problems: () => {
            throw new TypeError("cannot read properties of undefined");
        },
    };

    it("surfaces a check that throws on config the schema accepted, naming the check", () => {
        assert.throws(
            () => runConfigChecks([...CONFIG_CHECKS, throwing], config, new Set()),
            (err: unknown) => err instanceof ConfigCheckError && err.check === "a broken check" && /a broken check.*cannot read properties/.test(err.message),
        );
    });

    it("skips it only where a key it reads was rejected by the schema, which names the value already", () => {
        assert.deepStrictEqual(runConfigChecks([throwing], config, new Set(["network"])), []);
        assert.throws(() => runConfigChecks([throwing], config, new Set(["identity"])), ConfigCheckError);
    });

    it("the committed stack passes every check", () => {
        assert.deepStrictEqual(runConfigChecks(CONFIG_CHECKS, config, new Set()), []);
    });
});
