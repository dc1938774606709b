import * as assert from "assert";
import type { ReportViolation, ResourceValidationArgs, ResourceValidationPolicy, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import type { CapturedResource } from "../../tools/captured-resources";
import { analyzeResources, configurePack, expandPolicyConfig, PolicyPackConfigFile } from "../../tools/policy-engine";
import { PolicyEvaluator } from "../../tools/policy-evaluator";
import { packInfo, type PolicyPackDefinition } from "../../tools/pack-definition";
import { configure, PACK_DIR, packHandlers, secret, UNKNOWN } from "./harness";

/**
 * The fast evaluator against @pulumi/policy's own analyzer handlers on a small pack that reaches the
 * corners the landing zone's policies do not (evaluator-conformance.test.ts compares them on the real pack
 * and graphs): unknowns escaping a policy, nested unknowns, secrets, NotApplicable, validation arrays,
 * object-form and URN-targeted reports, options, provider, config, remediation and stack links.
 */

/** The library's analyzer handlers for any policy list (server.js); Configure is the loaded pack's, which shares their config. */
const server = require("@pulumi/policy/server") as Record<
    string,
    (...args: unknown[]) => (call: { request: unknown }, cb: (err: unknown, resp: any) => void) => unknown
>;

const STACK = "urn:pulumi:test::semantics::pulumi:pulumi:Stack::semantics-test";
const urn = (type: string, name: string) => `urn:pulumi:test::semantics::${type}::${name}`;
const BUCKET = "test:index:Bucket";
const QUEUE = "test:index:Queue";

function resource(type: string, name: string, extra: Partial<CapturedResource> = {}): CapturedResource {
    return {
        urn: urn(type, name),
        type,
        name,
        custom: true,
        dependencies: [],
        propertyDependencies: {},
        options: { protect: false, retainOnDelete: false, ignoreChanges: [], replaceOnChanges: [], additionalSecretOutputs: [], aliases: [] },
        inputs: {},
        wireInputs: {},
        ...extra,
    };
}

const provider = resource("pulumi:providers:test", "eu", { wireInputs: { region: "eu-west-1", token: secret("t0ken") } });
const component = resource("test:index:Component", "app", { custom: false });
const GRAPH: readonly CapturedResource[] = [
    resource("pulumi:pulumi:Stack", "semantics-test", { custom: false }),
    provider,
    component,
    resource(BUCKET, "data", {
        parent: component.urn,
        provider: provider.urn,
        dependencies: [component.urn, provider.urn],
        propertyDependencies: { policy: [component.urn], name: [provider.urn] },
        options: {
            protect: true,
            retainOnDelete: false,
            deleteBeforeReplace: true,
            ignoreChanges: ["tags"],
            replaceOnChanges: [],
            additionalSecretOutputs: ["password"],
            aliases: [urn(BUCKET, "old-data")],
        },
        wireInputs: { name: "data", password: secret("s3cr3t"), nested: { list: [1, { value: UNKNOWN }] }, fixed: false },
        wireOutputChanges: { id: "data-123", arn: "arn:test:data" },
    }),
    resource(QUEUE, "jobs", {
        parent: component.urn,
        provider: provider.urn,
        wireInputs: { name: "jobs", fixed: true, nested: { list: [2, { value: "known" }] } },
        wireOutputChanges: { id: "jobs-1", fixed: undefined, pending: UNKNOWN },
    }),
];

const tagged = <F extends object>(type: string, fn: F): F => Object.assign(fn, { __pulumiType: type });

type Policy = ResourceValidationPolicy | StackValidationPolicy;

const POLICIES: Policy[] = [
    {
        name: "reads-nested-unknown",
        description: "Reads a nested value without failing closed.",
        validateResource: (args: ResourceValidationArgs, report: ReportViolation) => {
            const list = args.props.nested?.list ?? [];
            if (list[1]?.value !== "known") report(`value is ${list[1]?.value}`);
        },
    },
    {
        name: "bucket-only",
        description: "Tagged with one type; reports plainly, against another URN and in object form.",
        enforcementLevel: "mandatory",
        severity: "high",
        validateResource: tagged(BUCKET, (args: ResourceValidationArgs, report: ReportViolation) => {
            report(`secret ${args.props.password}, provider ${args.provider?.name} in ${args.provider?.props.region} (${args.provider?.props.token})`);
            report("aimed elsewhere", component.urn);
            (report as unknown as (info: object) => void)({ message: "object form", severity: "critical", enforcementLevel: "advisory" });
        }),
    },
    {
        name: "validation-array",
        description: "Two validations: the first steps aside, the second inspects options and config.",
        severity: "low",
        validateResource: [
            (args: ResourceValidationArgs) => args.notApplicable("not this one"),
            async (args: ResourceValidationArgs, report: ReportViolation) => {
                await Promise.resolve();
                const isBucket = args.isType({ __pulumiType: BUCKET } as never);
                report(
                    JSON.stringify({
                        opts: args.opts,
                        config: args.getConfig(),
                        isBucket,
                        asType: args.asType({ __pulumiType: QUEUE } as never) !== undefined,
                    }),
                );
            },
        ],
    },
    {
        name: "remediates",
        description: "Sets fixed; still reports what it sees.",
        validateResource: (args: ResourceValidationArgs, report: ReportViolation) => {
            if (args.props.fixed !== true) report(`fixed is ${args.props.fixed}`);
        },
        remediateResource: (args: ResourceValidationArgs) => {
            args.props.fixed = true;
            return args.props;
        },
    },
    {
        name: "remediation-reads-unknown",
        description: "A remediation that reads an unknown value.",
        validateResource: () => undefined,
        remediateResource: (args: ResourceValidationArgs) => (args.props.nested?.list[1].value === "x" ? args.props : undefined),
    },
    {
        name: "switched-off",
        description: "Disabled by config.",
        validateResource: (_args: ResourceValidationArgs, report: ReportViolation) => report("should not run"),
    },
    {
        name: "stack-links",
        description: "Reports each resource's links.",
        severity: "medium",
        validateStack: (args: StackValidationArgs, report: ReportViolation) => {
            for (const r of args.resources) {
                const deps = Object.entries(r.propertyDependencies).map(([k, v]) => `${k}:${v.map((d) => d.name).join("+")}`);
                report(
                    `${r.name} parent=${r.parent?.name} provider=${r.provider?.name} deps=${r.dependencies.map((d) => d.name)} prop=${deps} id=${r.props.id} opts=${JSON.stringify(r.opts)}`,
                    r.urn,
                );
            }
        },
    },
    {
        name: "stack-absent-type",
        description: "Tagged with a type the graph does not have.",
        validateStack: tagged("test:index:Missing", (_args: StackValidationArgs, report: ReportViolation) => report("should not run")),
    },
    {
        name: "stack-reads-unknown",
        description: "Reads an output unknown during preview.",
        enforcementLevel: "mandatory",
        validateStack: (args: StackValidationArgs, report: ReportViolation) => {
            for (const r of args.resources) if (r.props.pending) report(`${r.name} pending`);
        },
    },
];

const PACK: PolicyPackDefinition = { name: "semantics-test", version: "1.2.3", enforcementLevel: "advisory", policies: POLICIES };
const CONFIG: PolicyPackConfigFile = {
    remediates: "remediate",
    "remediation-reads-unknown": "remediate",
    "switched-off": "disabled",
    "validation-array": { enforcementLevel: "mandatory", threshold: 3, names: ["a", "b"] },
};

/** The library's handlers for PACK, driven by the same request-building code the offline preview used to use. */
async function throughLibrary(pack: PolicyPackDefinition, config: PolicyPackConfigFile) {
    const handlers = {
        ...packHandlers(),
        analyze: server.makeAnalyzeRpcFun(pack.name, pack.version, pack.enforcementLevel, pack.policies),
        analyzeStack: server.makeAnalyzeStackRpcFun(pack.name, pack.version, pack.enforcementLevel, pack.policies),
        remediate: server.makeRemediateRpcFun(pack.name, pack.version, pack.enforcementLevel, pack.policies),
    };
    await configurePack(handlers, expandPolicyConfig(config, packInfo(pack).policies));
    return analyzeResources(handlers, GRAPH, STACK, { remediate: true });
}

function throughEvaluator(pack: PolicyPackDefinition, config: PolicyPackConfigFile) {
    return new PolicyEvaluator(pack, PACK_DIR, expandPolicyConfig(config, packInfo(pack).policies)).evaluate(GRAPH, STACK);
}

describe("fast policy evaluator: @pulumi/policy's analyzer semantics", () => {
    after(() => configure({}));

    it("gives the library handlers' violations and remediations on every corner of the protocol", async () => {
        const expected = await throughLibrary(PACK, CONFIG);
        const actual = await throughEvaluator(PACK, CONFIG);
        assert.deepStrictEqual(actual, expected);
    });

    it("is not a comparison of empty results", async () => {
        const { violations, remediations } = await throughEvaluator(PACK, CONFIG);
        const of = (policy: string) => violations.filter((v) => v.policy === policy);
        const unknown = of("reads-nested-unknown").find((v) => v.urn.endsWith("::data"));
        assert.match(unknown?.message ?? "", /^can't run policy 'reads-nested-unknown' from policy pack 'semantics-test@v1\.2\.3' during preview: /);
        assert.strictEqual(unknown?.enforcementLevel, "advisory");
        assert.ok(of("bucket-only").some((v) => v.urn === component.urn && v.message.endsWith("aimed elsewhere")));
        assert.ok(of("bucket-only").some((v) => v.message.includes("secret s3cr3t, provider eu in eu-west-1 (t0ken)")));
        assert.deepStrictEqual(of("remediates"), []);
        assert.deepStrictEqual(of("switched-off"), []);
        assert.deepStrictEqual(of("stack-absent-type"), []);
        assert.ok(of("stack-links").some((v) => v.message.includes("\ndata parent=app provider=eu deps=app,eu prop=name:eu,policy:app id=data-123 ")));
        assert.strictEqual(remediations.filter((r) => r.policy === "remediates" && !r.diagnostic).length, GRAPH.length);
        assert.deepStrictEqual(
            remediations.filter((r) => r.diagnostic).map((r) => [r.policy, r.urn.split("::").pop()]),
            [["remediation-reads-unknown", "data"]],
        );
    });

    it("keeps shared properties read-only: a policy that changes them fails by name instead of corrupting the next policy's view", async () => {
        const mutating: Policy = {
            name: "mutates-props",
            description: "Changes what it reads.",
            validateResource: (args: ResourceValidationArgs) => {
                args.props.nested?.list.push(3);
            },
        };
        const pack = { ...PACK, policies: [mutating] };
        await assert.rejects(
            throughEvaluator(pack, {}),
            /Error validating resource with policy 'mutates-props' from policy pack 'semantics-test@v1\.2\.3'[\s\S]*read-only/,
        );
    });

    it("gives each stack policy its own resource list", async () => {
        const seen: number[] = [];
        const shrinking: Policy = {
            name: "shrinks",
            description: "Empties its list.",
            validateStack: (args: StackValidationArgs) => void args.resources.splice(0),
        };
        const counting: Policy = {
            name: "counts",
            description: "Counts.",
            validateStack: (args: StackValidationArgs) => void seen.push(args.resources.length),
        };
        await throughEvaluator({ ...PACK, policies: [shrinking, counting] }, {});
        assert.deepStrictEqual(seen, [GRAPH.length]);
    });
});
