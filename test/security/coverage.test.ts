import * as assert from "assert";
import type { LandingZoneConfig } from "../../stacks/config";
import { stackConfig } from "../data/harness";
import { cloneConfig, LandingZoneRun, memberAccounts, runLandingZone } from "./harness";

/** Resource types that must exist in every (member account, allowed region) pair. */
const PER_PAIR_TYPES: Readonly<Record<string, readonly string[]>> = {
    "AWS Config": ["aws:cfg/recorder:Recorder", "aws:cfg/deliveryChannel:DeliveryChannel", "aws:cfg/recorderStatus:RecorderStatus"],
    "SSM default host management, Session Manager, patching": [
        "aws:ssm/serviceSetting:ServiceSetting",
        "aws:ssm/document:Document",
        "aws:ssm/patchBaseline:PatchBaseline",
        "aws:ssm/defaultPatchBaseline:DefaultPatchBaseline",
        "aws:ssm/patchGroup:PatchGroup",
        "aws:ssm/association:Association",
    ],
};

const NEW_ACCOUNT = {
    name: "ledger-prod",
    displayName: "Ledger (prod)",
    email: "aws+ledger-prod@northwind.example",
    ou: "Workloads/Prod",
    environment: "prod" as const,
    owner: "team-ledger",
    costCenter: "CC-1070",
    quarantined: false,
    tags: {},
};

function pairs(run: LandingZoneRun, type: string): Set<string> {
    return new Set(run.of(type).map((x) => `${x.account}/${x.region}`));
}

/** Asserts every enabled service covers every (account, region) pair of the config. */
function assertCoverage(config: LandingZoneConfig, run: LandingZoneRun): void {
    const accounts = memberAccounts(config);
    const regions = config.regions.allowed;
    const tooling = config.organization.coreAccounts.securityTooling.name;
    const others = accounts.filter((a) => a !== tooling);
    const expected = accounts.flatMap((a) => regions.map((r) => `${a}/${r}`));

    for (const [service, types] of Object.entries(PER_PAIR_TYPES)) {
        for (const type of types) {
            const have = pairs(run, type);
            const missing = expected.filter((p) => !have.has(p));
            assert.deepStrictEqual(missing, [], `${service}: ${type} missing in ${missing.join(", ")}`);
        }
    }
    // Global resources are recorded once per account: in the home region.
    for (const { r, account, region } of run.of("aws:cfg/recorder:Recorder")) {
        const group = r.inputs.recordingGroup as { includeGlobalResourceTypes: boolean; allSupported: boolean };
        assert.strictEqual(group.allSupported, true, `${account}/${region}`);
        assert.strictEqual(group.includeGlobalResourceTypes, region === config.regions.home, `${account}/${region}`);
    }
    // The global-events region holds every account's forwarding rules, so Config records there too (CIS 3.3).
    const globalRegion = config.response.globalEventsRegion;
    for (const type of PER_PAIR_TYPES["AWS Config"]) {
        const have = pairs(run, type);
        const missing = accounts.filter((a) => !have.has(`${a}/${globalRegion}`));
        assert.deepStrictEqual(missing, [], `AWS Config: ${type} missing in ${globalRegion} for ${missing.join(", ")}`);
    }
    // Default host management in every pair, pointing at the account's own role.
    const dhmc = run.of("aws:ssm/serviceSetting:ServiceSetting").filter((x) => String(x.r.inputs.settingId).endsWith("default-ec2-instance-management-role"));
    assert.deepStrictEqual(new Set(dhmc.map((x) => `${x.account}/${x.region}`)), new Set(expected));

    // Organization-wide services: configured in security tooling in every region, reaching every account.
    const inToolingEveryRegion = (type: string) =>
        assert.deepStrictEqual(
            new Set(run.of(type).map((x) => `${x.account}/${x.region}`)),
            new Set(regions.map((r) => `${tooling}/${r}`)),
            `${type} is not in security tooling in every region`,
        );
    inToolingEveryRegion("aws:guardduty/organizationConfiguration:OrganizationConfiguration");
    for (const x of run.of("aws:guardduty/organizationConfiguration:OrganizationConfiguration"))
        assert.strictEqual(x.r.inputs.autoEnableOrganizationMembers, "ALL", "GuardDuty must enable every member, present and future");
    inToolingEveryRegion("aws:cfg/organizationConformancePack:OrganizationConformancePack");
    inToolingEveryRegion("aws:detective/organizationConfiguration:OrganizationConfiguration");
    inToolingEveryRegion("aws:inspector2/organizationConfiguration:OrganizationConfiguration");

    // Detective and Inspector enrol every existing member in every region (auto-enable only reaches new ones).
    const memberPairs = new Set(others.flatMap((a) => regions.map((r) => `${a}/${r}`)));
    const accountIdOf = new Map([...run.accountNames].map(([id, name]) => [name, id]));
    for (const type of ["aws:detective/member:Member", "aws:inspector2/memberAssociation:MemberAssociation"]) {
        const enrolled = new Set(run.of(type).map((x) => `${run.accountNames.get(String(x.r.inputs.accountId))}/${x.region}`));
        assert.deepStrictEqual(enrolled, memberPairs, `${type} does not enrol every member in every region`);
        assert.ok(
            run.of(type).every((x) => x.account === tooling),
            `${type} must be created by the delegated administrator`,
        );
    }
    for (const region of regions) {
        const enabled = run
            .of("aws:inspector2/enabler:Enabler")
            .filter((x) => x.region === region)
            .flatMap((x) => x.r.inputs.accountIds as string[]);
        assert.deepStrictEqual(
            new Set(enabled),
            new Set(accounts.map((a) => accountIdOf.get(a))),
            `Inspector scans not enabled for every account in ${region}`,
        );
    }

    // Security Hub: one central policy on the root; the aggregator links every other region.
    const [association] = run.of("aws:securityhub/configurationPolicyAssociation:ConfigurationPolicyAssociation");
    assert.match(String(association.r.inputs.targetId), /^r-/);
    const [aggregator] = run.of("aws:securityhub/findingAggregator:FindingAggregator");
    assert.strictEqual(aggregator.region, config.regions.home);
    const linked = regions.filter((r) => r !== config.regions.home);
    if (linked.length > 0) assert.deepStrictEqual(new Set(aggregator.r.inputs.specifiedRegions as string[]), new Set(linked));

    // Firewall Manager policies have no include map: they apply to every account of the organization.
    const fms = run.of("aws:fms/policy:Policy");
    assert.ok(fms.length >= regions.length);
    for (const x of fms) assert.strictEqual(x.r.inputs.includeMap, undefined, `${x.r.name} is scoped to some accounts only`);

    // Verified Access groups are shared with every workload account in every region (the network area
    // shares its own resources with the whole organization, by organization ARN).
    const workloads = config.organization.workloadAccounts.map((a) => a.name);
    const shared = new Set(
        run
            .of("aws:ram/principalAssociation:PrincipalAssociation")
            .filter((x) => !String(x.r.inputs.principal).startsWith("arn:aws:organizations::"))
            .map((x) => `${run.accountNames.get(String(x.r.inputs.principal))}/${x.region}`),
    );
    assert.deepStrictEqual(shared, new Set(workloads.flatMap((a) => regions.map((r) => `${a}/${r}`))));
}

/** What AWS Config deploys organization-wide: to every account of the organization it does not exclude. */
const ORGANIZATION_CONFIG_TYPES = [
    "aws:cfg/organizationConformancePack:OrganizationConformancePack",
    "aws:cfg/organizationManagedRule:OrganizationManagedRule",
    "aws:cfg/organizationCustomRule:OrganizationCustomRule",
    "aws:cfg/organizationCustomPolicyRule:OrganizationCustomPolicyRule",
];
const RECORDING_TYPES = ["aws:cfg/recorder:Recorder", "aws:cfg/deliveryChannel:DeliveryChannel", "aws:cfg/recorderStatus:RecorderStatus"];

/**
 * Every account an organization conformance pack or rule reaches (the management account too, unless
 * excluded) must record in the pack's region: AWS fails the deployment in an account without a recorder.
 */
function assertOrganizationConfigReachesRecorders(run: LandingZoneRun): void {
    const deployments = ORGANIZATION_CONFIG_TYPES.flatMap((t) => run.of(t));
    assert.ok(deployments.length > 0, "no organization conformance pack or rule to check");
    for (const { r, region } of deployments) {
        const excluded = new Set((r.inputs.excludedAccounts as string[] | undefined) ?? []);
        for (const [id, account] of run.accountNames) {
            if (excluded.has(id)) continue;
            for (const type of RECORDING_TYPES)
                assert.ok(pairs(run, type).has(`${account}/${region}`), `${r.name} deploys to ${account} in ${region}, which has no ${type}`);
        }
    }
}

describe("security and endpoint coverage", function () {
    this.timeout(300_000);

    for (const stack of ["dev", "prod"] as const) {
        it(`${stack}: every enabled service covers every member account and allowed region`, async () => {
            const config = stackConfig(stack);
            assertCoverage(config, await runLandingZone(config));
        });
    }

    for (const stack of ["dev", "prod"] as const) {
        it(`${stack}: organization conformance packs reach only accounts that record in their region, the management account included`, async () => {
            assertOrganizationConfigReachesRecorders(await runLandingZone(stackConfig(stack)));
        });
    }

    it("a workload account added to config gets every service with no other change", async () => {
        const before = stackConfig("prod");
        const after = cloneConfig(before);
        after.organization.workloadAccounts.push(NEW_ACCOUNT);
        const [runBefore, runAfter] = [await runLandingZone(before), await runLandingZone(after)];
        assertCoverage(after, runAfter);
        for (const types of Object.values(PER_PAIR_TYPES))
            for (const type of types)
                for (const region of after.regions.allowed) assert.ok(pairs(runAfter, type).has(`${NEW_ACCOUNT.name}/${region}`), `${type} in ${region}`);
        // Existing resources keep their names: adding an account replaces nothing.
        const urnsAfter = new Set(runAfter.resources.map((r) => r.urn));
        const gone = runBefore.resources.filter((r) => !urnsAfter.has(r.urn)).map((r) => r.urn);
        assert.deepStrictEqual(gone, []);
    });

    it("switching a service off removes it everywhere", async () => {
        const config = cloneConfig(stackConfig("dev"));
        config.security.guardDuty.enabled = false;
        config.security.config.enabled = false;
        config.security.detective.enabled = false;
        const run = await runLandingZone(config);
        for (const type of [
            "aws:guardduty/detector:Detector",
            "aws:cfg/recorder:Recorder",
            "aws:detective/graph:Graph",
            "aws:cfg/organizationConformancePack:OrganizationConformancePack",
        ])
            assert.strictEqual(run.of(type).length, 0, type);
        assert.ok(run.of("aws:inspector2/organizationConfiguration:OrganizationConfiguration").length > 0);
    });
});
