import * as assert from "assert";
import { resourcePolicy } from "../../policypack/policies/common";
import { propsIf, type PropsOf } from "../../policypack/policies/props";

// The compile-time half of these tests is `npm run typecheck`: each @ts-expect-error fails it once the line compiles.
describe("typed props (policypack/policies/props.ts)", () => {
    it("types a policy's props from its literal type tokens: a misspelt or renamed input is a compile error", () => {
        const policy = resourcePolicy({
            name: "typed-props-example",
            description: "example",
            severity: "low",
            area: "identity",
            controls: [],
            remediation: "none",
            types: ["aws:iam/role:Role"],
            validate: (props, report) => {
                // @ts-expect-error maxSessionDurations is no input of aws.iam.Role (it is maxSessionDuration)
                if (props.maxSessionDurations !== undefined) report("misspelt");
                if ((props.maxSessionDuration ?? 3600) > 3600) report("long sessions");
            },
        });
        assert.deepStrictEqual(policy.resourceTypes, ["aws:iam/role:Role"]);
        // @ts-expect-error blockPublicAcl is no input of aws.s3.BucketPublicAccessBlock (the flag is blockPublicAcls)
        const misspelt = (p: PropsOf<"aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock">) => p.blockPublicAcl;
        const untyped = (p: PropsOf<"aws:example/unlisted:Unlisted">) => p.anything;
        assert.strictEqual(misspelt({ bucket: "b" }), undefined);
        assert.strictEqual(untyped({ anything: 1 }), 1);
    });

    it("propsIf gives a several-type policy the typed props of the resource's own type, and nothing for another", () => {
        const instance = { type: "aws:ec2/instance:Instance", props: { subnetId: "subnet-1" } };
        assert.strictEqual(propsIf(instance, "aws:ec2/instance:Instance")?.subnetId, "subnet-1");
        assert.strictEqual(propsIf(instance, "aws:ec2/launchTemplate:LaunchTemplate", "aws:ec2/eip:Eip"), undefined);
        assert.strictEqual(propsIf(instance, "aws:ec2/eip:Eip", "aws:ec2/instance:Instance"), instance.props);
    });
});
