import assert from "node:assert/strict";
import * as YAML from "yaml";
import { DELEGATIONS } from "../../components/organization/organization-services";
import { LandingZoneConfig, namespacedConfig, parseLandingZoneConfig } from "../../stacks/config";
import { buildLandingZone } from "../../stacks/landing-zone";
import { runProgram } from "../../tools/mock-runtime";
import type { CapturedResource } from "../../tools/captured-resources";
import { stackYaml } from "../support/preview";

function stackConfig(stack: string, edit?: (raw: any) => void): LandingZoneConfig {
    const raw = namespacedConfig((YAML.parse(stackYaml(stack)) as { config: Record<string, unknown> }).config);
    edit?.(raw);
    return parseLandingZoneConfig(raw);
}

async function capture(stack: string, config: LandingZoneConfig): Promise<CapturedResource[]> {
    return [...(await runProgram({ project: "landing-zone", stack, config: {}, load: () => buildLandingZone(config) })).resources];
}

/** The captured resources of one run, looked up the way the tests need them. */
class Captured {
    constructor(readonly resources: readonly CapturedResource[]) {}
    ofType(type: string): CapturedResource[] {
        return this.resources.filter((r) => r.type === type);
    }
    named(name: string): CapturedResource {
        const r = this.resources.find((x) => x.name === name);
        assert.ok(r, `no resource named ${name}; have ${this.resources.map((x) => x.name).join(", ")}`);
        return r;
    }
    accountId(logicalName: string): string {
        return this.named(`org-account-${logicalName}`).id!;
    }
    ouId(slug: string): string {
        return this.named(`org-ou-${slug}`).id!;
    }
    get rootId(): string {
        return String(this.named("org-ou-security").inputs.parentId);
    }
    get organizationId(): string {
        return this.named("org-organization").id!;
    }
    /** Policy names attached to a target id, by policy type. */
    attachedTo(targetId: string, type: string): string[] {
        const policies = new Map(this.ofType("aws:organizations/policy:Policy").map((p) => [p.id, p]));
        return this.ofType("aws:organizations/policyAttachment:PolicyAttachment")
            .filter((a) => a.inputs.targetId === targetId)
            .map((a) => policies.get(String(a.inputs.policyId)))
            .filter((p): p is CapturedResource => p !== undefined && p.inputs.type === type)
            .map((p) => String(p.inputs.name))
            .sort();
    }
    policyContent(name: string): any {
        const p = this.ofType("aws:organizations/policy:Policy").find((x) => x.inputs.name === name);
        assert.ok(p, `no policy ${name}`);
        return JSON.parse(String(p.inputs.content));
    }
}

describe("organization governance (dev stack under the mock runtime)", function () {
    let dev: Captured;
    let config: LandingZoneConfig;
    before(async () => {
        config = stackConfig("dev");
        dev = new Captured(await capture("dev", config));
    });

    it("sets the security, operations and billing contacts of every account from the management account (CIS 1.2)", () => {
        const contacts = dev.ofType("aws:account/alternativeContact:AlternativeContact");
        const accounts = [
            undefined,
            ...[...config.organization.workloadAccounts, ...Object.values(config.organization.coreAccounts)].map((a) => dev.accountId(a.name)),
        ];
        for (const type of ["SECURITY", "OPERATIONS", "BILLING"]) {
            const ofType = contacts.filter((c) => c.inputs.alternateContactType === type);
            // The management account's own has no accountId: AWS refuses the caller's own id there.
            assert.deepEqual(ofType.map((c) => c.inputs.accountId).sort(), [...accounts].sort(), type);
            assert.ok(
                ofType.every((c) => c.account === config.managementAccountId),
                type,
            );
        }
        const security = contacts.find((c) => c.inputs.alternateContactType === "SECURITY")!;
        assert.equal(security.inputs.emailAddress, config.organization.alternateContacts.security.email);
        assert.equal(security.inputs.phoneNumber, config.organization.alternateContacts.security.phone);
    });

    it("creates every organization policy in the management account", () => {
        const policies = dev.ofType("aws:organizations/policy:Policy");
        assert.deepEqual(policies.map((p) => p.inputs.name).sort(), [
            "lz-ai-opt-out",
            "lz-backup",
            "lz-baseline-guardrails",
            "lz-data-perimeter",
            "lz-ec2-baseline",
            "lz-protect-security-services",
            "lz-quarantine",
            "lz-region-allow-list",
            "lz-required-tags",
            "lz-sandbox",
        ]);
        for (const r of [...policies, ...dev.ofType("aws:organizations/policyAttachment:PolicyAttachment")])
            assert.equal(r.account, config.managementAccountId, r.name);
    });

    it("attaches the guardrails to the root, quarantine to the quarantine OU and sandbox to the sandbox OU", () => {
        assert.deepEqual(dev.attachedTo(dev.rootId, "SERVICE_CONTROL_POLICY"), [
            "lz-baseline-guardrails",
            "lz-protect-security-services",
            "lz-region-allow-list",
        ]);
        assert.deepEqual(dev.attachedTo(dev.rootId, "RESOURCE_CONTROL_POLICY"), ["lz-data-perimeter"]);
        assert.deepEqual(dev.attachedTo(dev.rootId, "DECLARATIVE_POLICY_EC2"), ["lz-ec2-baseline"]);
        assert.deepEqual(dev.attachedTo(dev.rootId, "TAG_POLICY"), ["lz-required-tags"]);
        // Not the root: a backup policy there reaches the management account, which has no backup vault or role.
        assert.deepEqual(dev.attachedTo(dev.rootId, "BACKUP_POLICY"), []);
        for (const ou of ["security", "infrastructure", "workloads", "sandbox", "suspended"])
            assert.deepEqual(dev.attachedTo(dev.ouId(ou), "BACKUP_POLICY"), ["lz-backup"], ou);
        assert.deepEqual(dev.attachedTo(dev.rootId, "AISERVICES_OPT_OUT_POLICY"), ["lz-ai-opt-out"]);
        assert.deepEqual(dev.attachedTo(dev.ouId("suspended"), "SERVICE_CONTROL_POLICY"), ["lz-quarantine"]);
        assert.deepEqual(dev.attachedTo(dev.ouId("sandbox"), "SERVICE_CONTROL_POLICY"), ["lz-sandbox"]);
        assert.deepEqual(dev.attachedTo(dev.ouId("workloads-prod"), "SERVICE_CONTROL_POLICY"), []);
    });

    it("stays within 5 SCPs per target counting FullAWSAccess", () => {
        const targets = new Set(dev.ofType("aws:organizations/policyAttachment:PolicyAttachment").map((a) => String(a.inputs.targetId)));
        for (const t of targets) assert.ok(dev.attachedTo(t, "SERVICE_CONTROL_POLICY").length + 1 <= 5, t);
    });

    it("embeds the real organization id in the data perimeter and the backup account in the backup policy", () => {
        const rcp = dev.policyContent("lz-data-perimeter");
        assert.equal(rcp.Statement[0].Condition.StringNotEqualsIfExists["aws:PrincipalOrgID"], dev.organizationId);
        const backup = dev.policyContent("lz-backup");
        const rule = backup.plans["landing-zone-daily"].rules.daily;
        assert.deepEqual(Object.keys(rule.copy_actions), [`arn:aws:backup:eu-west-1:${dev.accountId("backup")}:backup-vault:landing-zone-central-backup`]);
        assert.equal(rule.lifecycle.delete_after_days["@@assign"], String(config.data.backup.retentionDays));
        assert.deepEqual(dev.policyContent("lz-required-tags").tags.environment.tag_value["@@assign"], ["prod", "nonprod", "sandbox", "shared"]);
    });

    it("delegates each security service once, to the right account, from the management account", () => {
        const securityTooling = dev.accountId("security-tooling");
        const regional: [string, string][] = [
            ["aws:guardduty/organizationAdminAccount:OrganizationAdminAccount", "adminAccountId"],
            ["aws:securityhub/organizationAdminAccount:OrganizationAdminAccount", "adminAccountId"],
            ["aws:macie2/organizationAdminAccount:OrganizationAdminAccount", "adminAccountId"],
            ["aws:detective/organizationAdminAccount:OrganizationAdminAccount", "accountId"],
            ["aws:inspector2/delegatedAdminAccount:DelegatedAdminAccount", "accountId"],
        ];
        for (const [type, field] of regional) {
            const found = dev.ofType(type);
            assert.deepEqual(
                found.map((r) => [r.inputs[field], r.account, r.region]),
                config.regions.allowed.map((region) => [securityTooling, config.managementAccountId, region]),
                type,
            );
        }
        const fms = dev.ofType("aws:fms/adminAccount:AdminAccount");
        assert.deepEqual(
            fms.map((r) => [r.inputs.accountId, r.account, r.region]),
            [[securityTooling, config.managementAccountId, "us-east-1"]],
        );
        const ipam = dev.ofType("aws:ec2/vpcIpamOrganizationAdminAccount:VpcIpamOrganizationAdminAccount");
        assert.deepEqual(
            ipam.map((r) => [r.inputs.delegatedAdminAccountId, r.account]),
            [[dev.accountId("network"), config.managementAccountId]],
        );
        const generic = dev.ofType("aws:organizations/delegatedAdministrator:DelegatedAdministrator");
        assert.deepEqual(Object.fromEntries(generic.map((r) => [r.inputs.servicePrincipal, r.inputs.accountId])), {
            "access-analyzer.amazonaws.com": securityTooling,
            "backup.amazonaws.com": dev.accountId("backup"),
            "config-multiaccountsetup.amazonaws.com": securityTooling,
            "config.amazonaws.com": securityTooling,
        });
        // Services with their own delegation API must not also be registered generically (AWS rejects the duplicate).
        const ownApi = ["guardduty", "securityhub", "macie", "detective", "inspector2", "fms", "ipam"].map((s) => `${s}.amazonaws.com`);
        assert.deepEqual(
            generic.filter((r) => ownApi.includes(String(r.inputs.servicePrincipal))),
            [],
        );
        assert.equal(new Set(DELEGATIONS.map((d) => d.service)).size, DELEGATIONS.length);
    });

    it("delegates only to services the organization trusts", () => {
        const trusted = dev.named("org-organization").inputs.awsServiceAccessPrincipals as string[];
        for (const r of dev.ofType("aws:organizations/delegatedAdministrator:DelegatedAdministrator"))
            assert.ok(trusted.includes(String(r.inputs.servicePrincipal)), String(r.inputs.servicePrincipal));
        for (const p of ["guardduty", "securityhub", "macie", "detective", "inspector2", "fms", "ipam"]) assert.ok(trusted.includes(`${p}.amazonaws.com`), p);
    });

    it("enables central root access management and cross-account backup in the management account", () => {
        const [features] = dev.ofType("aws:iam/organizationsFeatures:OrganizationsFeatures");
        assert.deepEqual(features.inputs.enabledFeatures, ["RootCredentialsManagement", "RootSessions"]);
        assert.equal(features.account, config.managementAccountId);
        assert.ok(features.dependencies.includes(dev.named("org-organization").urn), "root access needs the organization's trusted access for IAM first");
        const [backup] = dev.ofType("aws:backup/globalSettings:GlobalSettings");
        // Without isDelegatedAdministratorEnabled the registered backup account cannot administer Backup.
        assert.deepEqual(backup.inputs.globalSettings, { isCrossAccountBackupEnabled: "true", isDelegatedAdministratorEnabled: "true" });
        const delegation = dev
            .ofType("aws:organizations/delegatedAdministrator:DelegatedAdministrator")
            .find((d) => d.inputs.servicePrincipal === "backup.amazonaws.com")!;
        assert.ok(backup.dependencies.includes(delegation.urn), "the setting syncs the registered delegated administrator: register it first");
    });

    it("enables RAM sharing with the organization in the management account, after trusted access for RAM", () => {
        const sharing = dev.ofType("aws:ram/sharingWithOrganization:SharingWithOrganization");
        assert.equal(sharing.length, 1);
        assert.equal(sharing[0].account, config.managementAccountId);
        assert.ok(sharing[0].dependencies.includes(dev.named("org-organization").urn));
        const trusted = dev.named("org-organization").inputs.awsServiceAccessPrincipals as string[];
        for (const p of ["ram", "observabilityadmin"]) assert.ok(trusted.includes(`${p}.amazonaws.com`), p);
    });
});

describe("organization governance: config variants", () => {
    for (const stack of ["dev", "prod"]) {
        it(`${stack}: creates the member accounts one at a time, core accounts first, in config order`, async () => {
            const config = stackConfig(stack);
            const run = new Captured(await capture(stack, config));
            const accounts = run.ofType("aws:organizations/account:Account");
            const byUrn = new Map(accounts.map((a) => [a.urn, a]));
            // The accounts each one waits for (directly or through another account): a total order means
            // the engine never has two CreateAccount requests in flight.
            const before = (a: CapturedResource, seen = new Set<string>()): Set<string> => {
                for (const d of a.dependencies) {
                    const dep = byUrn.get(d);
                    if (dep && !seen.has(d)) before(dep, seen.add(d));
                }
                return seen;
            };
            const ordered = [...accounts].sort((x, y) => before(x).size - before(y).size);
            assert.deepEqual(
                ordered.map((a) => before(a).size),
                accounts.map((_, i) => i),
                "two accounts could be created at the same time",
            );
            const expected = [...Object.values(config.organization.coreAccounts), ...config.organization.workloadAccounts].map((a) => a.name);
            assert.deepEqual(
                ordered.map((a) => (a.inputs.tags as Record<string, string>).AccountName),
                expected,
            );
        });
    }

    it("keeps the trusted services and policy types an adopted organization already uses (organization.keep)", async () => {
        const keep = { trustedServicePrincipals: ["license-manager.amazonaws.com", "ram.amazonaws.com"], policyTypes: ["CHATBOT_POLICY"] };
        const config = stackConfig("dev", (raw) => (raw.organization.keep = keep));
        const org = new Captured(await capture("dev", config)).named("org-organization");
        const trusted = org.inputs.awsServiceAccessPrincipals as string[];
        const types = org.inputs.enabledPolicyTypes as string[];
        for (const p of [...keep.trustedServicePrincipals, "guardduty.amazonaws.com"]) assert.ok(trusted.includes(p), p);
        assert.equal(trusted.filter((p) => p === "ram.amazonaws.com").length, 1, "a kept service the landing zone trusts too appears once");
        for (const t of ["CHATBOT_POLICY", "SERVICE_CONTROL_POLICY"]) assert.ok(types.includes(t), t);
    });

    it("parks a quarantined account in the quarantine OU, under the quarantine SCP", async () => {
        const config = stackConfig("dev", (raw) => {
            raw.organization.workloadAccounts[0].quarantined = true;
        });
        const run = new Captured(await capture("dev", config));
        const suspended = run.ouId("suspended");
        assert.equal(run.named("org-account-payments-staging").inputs.parentId, suspended);
        assert.deepEqual(run.attachedTo(suspended, "SERVICE_CONTROL_POLICY"), ["lz-quarantine"]);
        const quarantine = run.policyContent("lz-quarantine");
        assert.deepEqual(quarantine.Statement[0].Condition.ArnNotLike["aws:PrincipalArn"], [
            "arn:*:iam::*:role/landing-zone-platform",
            `arn:*:iam::*:role/${config.organization.accessRoleName}`,
        ]);
    });

    it("drops the sandbox SCP, tag and backup policies when config has no sandbox, tags or backup", async () => {
        const config = stackConfig("dev", (raw) => {
            raw.organization.workloadAccounts = raw.organization.workloadAccounts.filter((a: any) => a.environment !== "sandbox");
            raw.network.spokes = raw.network.spokes.filter((s: any) => s.account !== "sandbox-platform");
            raw.identity.assignments = raw.identity.assignments.map((a: any) => ({
                ...a,
                accounts: (a.accounts ?? []).filter((x: string) => x !== "sandbox-platform"),
            }));
            raw.organization.requiredTags = {};
            raw.data.backup.enabled = false;
        });
        const run = new Captured(await capture("dev", config));
        const names = run.ofType("aws:organizations/policy:Policy").map((p) => p.inputs.name);
        for (const gone of ["lz-sandbox", "lz-required-tags", "lz-backup"]) assert.ok(!names.includes(gone), gone);
        assert.equal(run.ofType("aws:backup/globalSettings:GlobalSettings").length, 0);
    });

    it("delegates in every allowed region of prod", async () => {
        const config = stackConfig("prod");
        const run = new Captured(await capture("prod", config));
        const regions = run.ofType("aws:guardduty/organizationAdminAccount:OrganizationAdminAccount").map((r) => r.region);
        assert.deepEqual(regions, config.regions.allowed);
    });
});
