import assert from "node:assert/strict";
import * as YAML from "yaml";
import { NO_IDS, organizationPolicyPlan, organizationPolicyProblems, worstCaseIds } from "../../components/organization/policy-plan";
import type { PolicyDocument } from "../../components/policies/document";
import { ConfigError, LandingZoneConfig, namespacedConfig, parseLandingZoneConfig } from "../../stacks/config";
import { expectDecisions, OrgPolicyLevel } from "../support/iam-simulation";
import { expectValidDocuments } from "../support/iam-documents";
import { stackYaml } from "../support/preview";

function raw(stack: string): any {
    return namespacedConfig((YAML.parse(stackYaml(stack)) as { config: Record<string, unknown> }).config);
}

function problemsOf(values: Record<string, unknown>): readonly string[] {
    try {
        parseLandingZoneConfig(values);
    } catch (err) {
        assert.ok(err instanceof ConfigError);
        return err.problems;
    }
    return [];
}

/** The SCPs or RCPs of a plan, rendered, that attach to a target. */
function attached(config: LandingZoneConfig, type: string, target: (t: any) => boolean): Record<string, PolicyDocument> {
    const ids = worstCaseIds(config);
    return Object.fromEntries(
        organizationPolicyPlan(config)
            .filter((p) => p.type === type && p.targets.some(target))
            .map((p) => [p.name, JSON.parse(p.render(ids)) as PolicyDocument]),
    );
}

describe("organization policy plan", () => {
    for (const stack of ["dev", "prod"]) {
        it(`${stack}: every SCP and RCP as deployed uses only known actions, keys and ARNs`, async () => {
            const config = parseLandingZoneConfig(raw(stack));
            await expectValidDocuments({
                ...attached(config, "SERVICE_CONTROL_POLICY", () => true),
                ...attached(config, "RESOURCE_CONTROL_POLICY", () => true),
            });
        });
    }

    it("applies the SCPs of the root and the account's OU together, as AWS evaluates them", async () => {
        const config = parseLandingZoneConfig(raw("prod"));
        const root = attached(config, "SERVICE_CONTROL_POLICY", (t) => t.kind === "root");
        const levels = (ou: string): OrgPolicyLevel[] => [
            { target: "root", policies: root },
            { target: ou, policies: attached(config, "SERVICE_CONTROL_POLICY", (t) => t.kind === "ou" && t.path === ou) },
            { target: "account", policies: {} },
        ];
        const account = "111111111111";
        const workload = `arn:aws:sts::${account}:assumed-role/app-deployer/s`;
        const platform = `arn:aws:sts::${account}:assumed-role/landing-zone-platform/s`;
        const instance = `arn:aws:ec2:${config.regions.home}:${account}:instance/i-0123456789abcdef0`;
        const home = { "aws:RequestedRegion": config.regions.home };
        await expectDecisions({ scps: levels("Workloads/Prod") }, [
            {
                description: "prod workload launches an IMDSv2 m5.4xlarge",
                principal: workload,
                action: "ec2:RunInstances",
                resource: instance,
                context: { ...home, "ec2:MetadataHttpTokens": "required", "ec2:InstanceType": "m5.4xlarge" },
                expected: "Allowed",
            },
            {
                description: "prod workload stops the trail",
                principal: workload,
                action: "cloudtrail:StopLogging",
                resource: "*",
                context: home,
                expected: "ExplicitlyDenied",
                statement: "ProtectCloudTrail",
            },
            {
                description: "prod workload in an unlisted region",
                principal: workload,
                action: "sqs:CreateQueue",
                resource: `arn:aws:sqs:sa-east-1:${account}:q`,
                context: { "aws:RequestedRegion": "sa-east-1" },
                expected: "ExplicitlyDenied",
                statement: "DenyOutsideAllowedRegions",
            },
        ]);
        await expectDecisions({ scps: levels("Sandbox") }, [
            {
                description: "sandbox launches an IMDSv2 m5.4xlarge",
                principal: workload,
                action: "ec2:RunInstances",
                resource: instance,
                context: { ...home, "ec2:MetadataHttpTokens": "required", "ec2:InstanceType": "m5.4xlarge" },
                expected: "ExplicitlyDenied",
                statement: "DenySandboxLargeInstances",
            },
            {
                description: "sandbox launches an IMDSv2 t3.small",
                principal: workload,
                action: "ec2:RunInstances",
                resource: instance,
                context: { ...home, "ec2:MetadataHttpTokens": "required", "ec2:InstanceType": "t3.small" },
                expected: "Allowed",
            },
        ]);
        await expectDecisions({ scps: levels(config.organization.quarantineOu) }, [
            {
                description: "quarantined account: workload reads S3",
                principal: workload,
                action: "s3:ListAllMyBuckets",
                resource: "*",
                context: home,
                expected: "ExplicitlyDenied",
                statement: "DenyAllButPlatform",
            },
            {
                description: "quarantined account: platform builds the trail",
                principal: platform,
                action: "cloudtrail:CreateTrail",
                resource: `arn:aws:cloudtrail:${config.regions.home}:${account}:trail/org`,
                context: home,
                expected: "Allowed",
            },
        ]);
    });

    it("declares exactly the ids each document embeds, so the others are known at preview", () => {
        const config = parseLandingZoneConfig(raw("dev"));
        const plan = organizationPolicyPlan(config);
        for (const p of plan) {
            if (p.uses.length === 0) assert.doesNotThrow(() => p.render(NO_IDS), p.name);
            else assert.throws(() => p.render(NO_IDS), Error, `${p.name} declares ${p.uses.join(", ")} but renders without them`);
        }
        assert.deepEqual(
            plan.filter((p) => p.uses.length > 0).map((p) => [p.name, p.uses]),
            [
                ["lz-data-perimeter", ["organizationId"]],
                ["lz-backup", ["accountIds"]],
            ],
        );
    });

    it("dev and prod configs raise no quota problem", () => {
        for (const stack of ["dev", "prod"]) assert.deepEqual(organizationPolicyProblems(parseLandingZoneConfig(raw(stack))), []);
    });

    it("reports a tag policy over 10,000 characters against organization.requiredTags", () => {
        const values = raw("dev");
        values.organization.requiredTags = { Application: Array.from({ length: 900 }, (_, i) => `application-${i}`) };
        const problem = problemsOf(values).find((p) => p.startsWith("landing-zone:organization.requiredTags:"));
        assert.match(problem ?? "", /tag policy lz-required-tags is \d+ characters minified \(got .*; expected at most 10000, the AWS quota/);
    });

    it("reports tag keys that differ only in case against organization.requiredTags", () => {
        const values = raw("dev");
        values.organization.requiredTags = { Owner: [], owner: [] };
        const problem = problemsOf(values).find((p) => p.startsWith("landing-zone:organization.requiredTags:"));
        assert.match(problem ?? "", /cannot build lz-required-tags: tag keys "Owner" and "owner" differ only in case/);
    });
});

describe("organization policy plan: accounts an OU-level SCP would hit by mistake", () => {
    it("reports a workload account parked in the quarantine OU without quarantined: true", () => {
        const values = raw("dev");
        values.organization.workloadAccounts[0].ou = "Suspended";
        const problem = problemsOf(values).find((p) => p.startsWith("landing-zone:organization.workloadAccounts[0].ou:"));
        assert.match(problem ?? "", /quarantine OU without quarantined: true.*\(got "Suspended"; expected another OU, or quarantined: true\)/);
    });

    it("reports a non-sandbox account sharing an OU with sandbox accounts", () => {
        const values = raw("dev");
        values.organization.workloadAccounts[0].ou = "Sandbox";
        values.network.spokes = values.network.spokes.filter((s: any) => s.account !== "payments-staging");
        const problem = problemsOf(values).find((p) => p.startsWith("landing-zone:organization.workloadAccounts[0].ou:"));
        assert.match(problem ?? "", /nonprod account shares an OU with sandbox accounts/);
    });

    it("reports a core account under the quarantine SCP", () => {
        const values = raw("dev");
        values.organization.coreAccounts.network.ou = "Suspended";
        const problem = problemsOf(values).find((p) => p.startsWith("landing-zone:organization.coreAccounts.network.ou:"));
        assert.match(problem ?? "", /core account placed in an OU under the quarantine SCP/);
    });
});
