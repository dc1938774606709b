import * as assert from "assert";
import type { PolicyResource } from "@pulumi/policy";
import { ofType, resourcePolicy } from "../../policypack/policies/common";
import { DOCUMENT_TYPES, documentsOf, type DocumentField } from "../../policypack/policies/documents";
import { propsIf, type PluginRegistration, type PropsOf } from "../../policypack/policies/props";

/** The metadata every example policy shares. */
const EXAMPLE = { description: "example", severity: "low", area: "identity", controls: [], remediation: "none" } as const;

// The compile-time half of these tests is `npm run typecheck`: each @ts-expect-error fails it once the line compiles.
describe("typed props (policypack/policies/props.ts)", () => {
    it("types a policy's props from its literal type tokens: a misspelt or renamed input is a compile error", () => {
        const policy = resourcePolicy({
            name: "typed-props-example",
            ...EXAMPLE,
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
        // @ts-expect-error an untyped token's values are unknown: a policy checks them before use
        const unchecked = (p: PropsOf<"aws:example/unlisted:Unlisted">): number => p.anything;
        assert.strictEqual(unchecked({ anything: 2 }), 2);
        assert.strictEqual(misspelt({ bucket: "b" }), undefined);
        assert.strictEqual(untyped({ anything: 1 }), 1);
    });

    it("types the policy-document table and the policies over DOCUMENT_TYPES by the documents' types", () => {
        // @ts-expect-error a role keeps its trust policy in assumeRolePolicy, not assumeRolePolicies
        const misspelt: DocumentField<"aws:iam/role:Role"> = { field: "assumeRolePolicies", kind: "trust" };
        const right: DocumentField<"aws:iam/role:Role"> = { field: "assumeRolePolicy", kind: "trust" };
        assert.notStrictEqual(misspelt.field, right.field);
        const policy = resourcePolicy({
            name: "typed-document-props-example",
            ...EXAMPLE,
            types: DOCUMENT_TYPES,
            validate: (props, report) => {
                // @ts-expect-error policyDocument is no input of any document-bearing type
                if (props.policyDocument !== undefined) report("misspelt");
                if ("policy" in props && props.policy === "") report("empty policy");
            },
        });
        assert.deepStrictEqual(policy.resourceTypes, DOCUMENT_TYPES);
        const role = {
            type: "aws:iam/role:Role",
            props: { assumeRolePolicy: "{}", inlinePolicies: [{ name: "i", policy: '{"Statement":[{"Effect":"Deny"}]}' }] },
        };
        assert.deepStrictEqual(
            documentsOf(role).map((d) => [d.path, d.kind, d.statements.length]),
            [
                ["assumeRolePolicy", "trust", 0],
                ["inlinePolicies[0].policy", "identity", 1],
            ],
        );
    });

    it('types the "aws:*" policies by what every AWS resource may carry: its tags', () => {
        const policy = resourcePolicy({
            name: "typed-any-aws-props-example",
            ...EXAMPLE,
            types: "aws:*",
            validate: (props, report) => {
                // @ts-expect-error tag is no input of AWS resources (tags is); and no other input is common to them all
                if (props.tag !== undefined) report("misspelt");
                if (props.tags?.Owner === undefined) report("no owner");
            },
        });
        assert.strictEqual(policy.resourceTypes, "aws:*");
    });

    it("types the AWS provider's props from ProviderArgs, each value possibly the JSON text the engine sends", () => {
        // @ts-expect-error allowedAccountId is no input of aws.Provider (it is allowedAccountIds)
        const misspelt = (p: PropsOf<"pulumi:providers:aws">) => p.allowedAccountId;
        const pins = (p: PropsOf<"pulumi:providers:aws">): string[] | string | undefined => p.allowedAccountIds;
        assert.strictEqual(misspelt({ region: "eu-west-1" }), undefined);
        assert.strictEqual(pins({ allowedAccountIds: '["111111111111"]' }), '["111111111111"]');
    });

    it("types awsx and pulumi-eks component props as the program's inputs or the plugin's registration, which a policy must tell apart", () => {
        type Inputs<T extends string> = Exclude<PropsOf<T>, PluginRegistration>;
        // @ts-expect-error the plugin's { name, args, opts } registration has no networkConfiguration: a policy must first tell the shapes apart
        const unnarrowed = (p: PropsOf<"awsx:ecs:FargateService">) => p.networkConfiguration;
        // @ts-expect-error subnetSpec is no input of awsx.ec2.Vpc (it is subnetSpecs)
        const vpc = (p: Inputs<"awsx:ec2:Vpc">) => p.subnetSpec;
        // @ts-expect-error listners is no input of awsx.lb.ApplicationLoadBalancer (it is listeners)
        const alb = (p: Inputs<"awsx:lb:ApplicationLoadBalancer">) => p.listners;
        // @ts-expect-error endpointPublicAcess is misspelt (pulumi-eks's input is endpointPublicAccess)
        const eks = (p: Inputs<"eks:index:Cluster">) => p.endpointPublicAcess;
        const fargate = (p: Inputs<"awsx:ecs:FargateService">) => p.networkConfiguration?.assignPublicIp;
        assert.strictEqual(unnarrowed({ args: {}, opts: {} }), undefined);
        assert.deepStrictEqual([vpc({}), alb({}), eks({})], [undefined, undefined, undefined]);
        assert.strictEqual(fargate({ networkConfiguration: { subnets: ["subnet-1"], assignPublicIp: false } }), false);
    });

    it("ofType hands a stack policy each resource of the listed types with the props of its type", () => {
        const resources = [
            { type: "aws:s3/bucket:Bucket", name: "logs", props: { bucket: "logs", versioning: { enabled: true } } },
            { type: "aws:s3/bucketV2:BucketV2", name: "data", props: { bucket: "data" } },
        ] as unknown as PolicyResource[];
        const [bucket] = ofType(resources, "aws:s3/bucket:Bucket");
        // @ts-expect-error versionings is BucketV2's list; aws.s3.Bucket's input is versioning
        const misspelt = bucket.props.versionings;
        assert.strictEqual(misspelt, undefined);
        assert.strictEqual(bucket.props.versioning?.enabled, true);
        assert.deepStrictEqual(
            ofType(resources, "aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2").map((r) => r.props.bucket),
            ["logs", "data"],
        );
    });

    it("propsIf gives a several-type policy the typed props of the resource's own type, and nothing for another", () => {
        const instance = { type: "aws:ec2/instance:Instance", props: { subnetId: "subnet-1" } };
        assert.strictEqual(propsIf(instance, "aws:ec2/instance:Instance")?.subnetId, "subnet-1");
        assert.strictEqual(propsIf(instance, "aws:ec2/launchTemplate:LaunchTemplate", "aws:ec2/eip:Eip"), undefined);
        assert.strictEqual(propsIf(instance, "aws:ec2/eip:Eip", "aws:ec2/instance:Instance"), instance.props);
    });
});
