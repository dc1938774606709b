import { strict as assert } from "assert";
import type * as pulumi from "@pulumi/pulumi";
import { after, childOptions } from "../../components/shared/child-options";

describe("shared child options", () => {
    const resource = (label: string) => ({ label }) as unknown as pulumi.Resource;
    const parent = resource("component");
    const registration = resource("delegated administrator registration");

    it("parents children to the component and makes them wait for what the caller named, or nothing", () => {
        assert.deepEqual(childOptions(parent, [registration]), { parent, dependsOn: [registration] });
        assert.deepEqual(childOptions(parent), { parent, dependsOn: [] });
    });

    it("adds the component's own prerequisites without changing the shared options", () => {
        const child = childOptions(parent, [registration]);
        const detector = resource("detector");
        assert.deepEqual(after(child, detector), { parent, dependsOn: [registration, detector] });
        assert.deepEqual(child.dependsOn, [registration], "the shared options still wait for the caller's resources only");
    });
});
