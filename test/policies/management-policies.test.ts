import assert from "node:assert/strict";
import { aiOptOutPolicy } from "../../components/policies/ai-opt-out";
import { BACKUP_PLAN_NAME, backupPolicy } from "../../components/policies/backup-policy";
import { ec2DeclarativePolicy } from "../../components/policies/declarative";
import { minifiedSize, POLICY_QUOTAS, policyQuotaProblems } from "../../components/policies/quotas";
import { TAG_ENFORCED_RESOURCE_TYPES, tagPolicy } from "../../components/policies/tag-policy";
import { toJson } from "../../components/policies/document";
import { identityGuardrailsScp } from "../../components/policies/scp";
import { scpInputs } from "./fixtures";

describe("declarative policy (EC2)", () => {
    it("blocks IGW traffic both ways, serial console, public AMI and snapshot sharing, and defaults to IMDSv2", () => {
        const p = ec2DeclarativePolicy({ allowBlockPublicAccessExclusions: false, exceptionMessage: "ask platform" }).ec2_attributes;
        // allow-egress exclusions (the inspection VPCs' NAT) apply only under block_bidirectional.
        assert.equal(p.vpc_block_public_access.internet_gateway_block.mode["@@assign"], "block_bidirectional");
        assert.equal(p.vpc_block_public_access.internet_gateway_block.exclusions_allowed["@@assign"], "disabled");
        assert.equal(p.serial_console_access.status["@@assign"], "disabled");
        assert.equal(p.image_block_public_access.state["@@assign"], "block_new_sharing");
        assert.equal(p.snapshot_block_public_access.state["@@assign"], "block_all_sharing");
        assert.equal(p.instance_metadata_defaults.http_tokens["@@assign"], "required");
        assert.equal(p.exception_message["@@assign"], "ask platform");
    });

    it("allows VPC BPA exclusions when asked (the inspection VPCs need theirs)", () => {
        const p = ec2DeclarativePolicy({ allowBlockPublicAccessExclusions: true, exceptionMessage: "x" });
        assert.equal(p.ec2_attributes.vpc_block_public_access.internet_gateway_block.exclusions_allowed["@@assign"], "enabled");
    });
});

describe("tag policy", () => {
    it("fixes key capitalization and enforces allowed values where config lists them", () => {
        const p = tagPolicy({ Environment: ["prod", "nonprod"], Owner: [] });
        assert.deepEqual(p.tags.environment, {
            tag_key: { "@@assign": "Environment" },
            tag_value: { "@@assign": ["prod", "nonprod"] },
            enforced_for: { "@@assign": [...TAG_ENFORCED_RESOURCE_TYPES] },
        });
        assert.deepEqual(p.tags.owner, { tag_key: { "@@assign": "Owner" } });
    });

    it("refuses keys that differ only in case, and an empty tag set", () => {
        assert.throws(() => tagPolicy({ Owner: [], owner: [] }), /differ only in case/);
        assert.throws(() => tagPolicy({}), /requiredTags is empty/);
    });
});

describe("backup policy", () => {
    const base = {
        schedule: "cron(0 3 * * ? *)",
        retentionDays: 35,
        regions: ["eu-west-1", "eu-central-1"],
        partition: "aws",
        vaultName: "landing-zone-backup",
        roleName: "landing-zone-backup",
        selectionTag: { key: "Backup", value: "true" },
    };

    it("backs up tagged resources daily in every region and copies to the central vault", () => {
        const plan = backupPolicy({ ...base, copyTo: { accountId: "444444444444", region: "eu-west-1", vaultName: "landing-zone-central-backup" } }).plans[
            BACKUP_PLAN_NAME
        ];
        assert.deepEqual(plan.regions["@@assign"], ["eu-west-1", "eu-central-1"]);
        assert.equal(plan.rules.daily.schedule_expression["@@assign"], "cron(0 3 * * ? *)");
        assert.equal(plan.rules.daily.lifecycle.delete_after_days["@@assign"], "35");
        const target = "arn:aws:backup:eu-west-1:444444444444:backup-vault:landing-zone-central-backup";
        assert.equal(plan.rules.daily.copy_actions?.[target].target_backup_vault_arn["@@assign"], target);
        const selection = plan.selections.tags[`${BACKUP_PLAN_NAME}-tagged`];
        assert.equal(selection.iam_role_arn["@@assign"], "arn:aws:iam::$account:role/landing-zone-backup");
        assert.deepEqual(selection.tag_value["@@assign"], ["true"]);
    });

    it("has no copy action when copies are off, and rejects a bad schedule", () => {
        assert.equal(backupPolicy(base).plans[BACKUP_PLAN_NAME].rules.daily.copy_actions, undefined);
        assert.throws(() => backupPolicy({ ...base, schedule: "daily" }), /not cron/);
    });
});

describe("AI services opt-out policy", () => {
    it("opts every service out and locks the choice for child policies", () => {
        assert.deepEqual(aiOptOutPolicy().services.default.opt_out_policy, { "@@operators_allowed_for_child_policies": ["@@none"], "@@assign": "optOut" });
    });
});

describe("organization policy quotas", () => {
    const scp = toJson(identityGuardrailsScp(scpInputs));

    it("measures the minified document", () => {
        assert.equal(minifiedSize(JSON.stringify(JSON.parse(scp), null, 4)), scp.length);
    });

    it("accepts four SCPs on a target (five with FullAWSAccess)", () => {
        const four = ["a", "b", "c", "d"].map((name) => ({
            name,
            type: "SERVICE_CONTROL_POLICY" as const,
            content: scp,
            targets: [{ kind: "root" as const }],
        }));
        assert.deepEqual(policyQuotaProblems(four), []);
    });

    it("rejects a fifth SCP on one target, naming FullAWSAccess in the count", () => {
        const five = ["a", "b", "c", "d", "e"].map((name) => ({
            name,
            type: "SERVICE_CONTROL_POLICY" as const,
            content: scp,
            targets: [{ kind: "ou" as const, path: "Sandbox" }],
        }));
        const problems = policyQuotaProblems(five);
        assert.equal(problems.length, 1);
        assert.match(problems[0].message, /^6 SCPs attached to OU Sandbox \(FullAWSAccess, a, b, c, d, e\) \(expected at most 5 per target/);
    });

    it("counts attachments per target and per type separately", () => {
        const spread = ["a", "b", "c", "d", "e"].map((name, i) => ({
            name,
            type: "SERVICE_CONTROL_POLICY" as const,
            content: scp,
            targets: [{ kind: "account" as const, name: `acct-${i}` }],
        }));
        const tags = ["t1", "t2", "t3", "t4", "t5"].map((name) => ({ name, type: "TAG_POLICY" as const, content: "{}", targets: [{ kind: "root" as const }] }));
        assert.deepEqual(policyQuotaProblems([...spread, ...tags]), []);
    });

    it("rejects an SCP over 5,120 characters minified", () => {
        const big = JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Sid: "Big", Effect: "Deny", Action: Array.from({ length: 400 }, (_, i) => `ec2:Action${i}`), Resource: "*" }],
        });
        const problems = policyQuotaProblems([{ name: "lz-big", type: "SERVICE_CONTROL_POLICY", content: big, targets: [] }]);
        assert.equal(problems.length, 1);
        assert.match(
            problems[0].message,
            new RegExp(`^SCP lz-big is ${minifiedSize(big)} characters minified \\(expected at most ${POLICY_QUOTAS.SERVICE_CONTROL_POLICY.maxSize}`),
        );
    });
});
