import { strict as assert } from "assert";
import { runPreview } from "../support/preview";
import type { ReportResource } from "../../tools/report-model";
import { stackConfig } from "./harness";
import {
    BACKUP_ROLE_NAME,
    BACKUP_VAULT_NAME,
    CENTRAL_BACKUP_VAULT_NAME,
    KEY_PURPOSES,
    keyAlias,
    LOG_BUCKET_KINDS,
    logBucketName,
    ORGANIZATION_TRAIL_LOG_GROUP,
    ORGANIZATION_TRAIL_NAME,
} from "../../components/shared/names";

/** The data layer as the offline preview of each stack registers it. */
for (const stack of ["dev", "prod"] as const) {
    describe(`data: ${stack} stack`, () => {
        const config = stackConfig(stack);
        let resources: readonly ReportResource[] = [];
        const accountIds = new Map<string, string>();
        const of = (type: string) => resources.filter((r) => r.type === type);
        const memberCount = 5 + config.organization.workloadAccounts.length;
        const regions = config.regions.allowed;
        const home = config.regions.home;

        before(function () {
            this.timeout(300_000);
            const run = runPreview({ stack });
            assert.equal(run.code, 0, run.stderr + run.stdout);
            resources = run.report!.resources;
            for (const a of of("aws:organizations/account:Account"))
                accountIds.set(String((a.inputs.tags as Record<string, string>).AccountName), String(a.id));
        });

        it("creates a rotating, protected key with an alias per member account, region and purpose, plus the management logs key and ebs keys", () => {
            const keys = of("aws:kms/key:Key");
            const replicas = of("aws:kms/replicaKey:ReplicaKey");
            const multiRegion = config.data.multiRegionKeys ? 1 : 0;
            assert.equal(keys.length + replicas.length, memberCount * regions.length * KEY_PURPOSES.length + 1 + regions.length);
            // Multi-region backup keys: one primary in the home region, replicas elsewhere.
            assert.equal(replicas.length, multiRegion * memberCount * (regions.length - 1));
            for (const k of keys) {
                assert.equal(k.inputs.enableKeyRotation, true, k.name);
                assert.equal(k.inputs.deletionWindowInDays, config.settings.kmsDeletionWindowDays, k.name);
                assert.equal(k.options.retainOnDelete, true, k.name);
                assert.equal(k.options.protect, config.settings.protectStatefulResources, k.name);
                assert.equal(k.inputs.multiRegion, config.data.multiRegionKeys && k.name.endsWith("-backup"), k.name);
                const admin = (JSON.parse(String(k.inputs.policy)) as { Statement: { Sid: string; Principal: { AWS: unknown } }[] }).Statement.find(
                    (s) => s.Sid === "KeyAdministration",
                )!;
                const expected =
                    k.account === config.managementAccountId
                        ? `arn:aws:iam::${k.account}:root`
                        : [`arn:aws:iam::${k.account}:role/${config.organization.accessRoleName}`];
                assert.deepEqual(admin.Principal.AWS, expected, k.name);
            }
            const aliases = of("aws:kms/alias:Alias").map((a) => String(a.inputs.name));
            assert.equal(aliases.length, keys.length + replicas.length);
            for (const p of KEY_PURPOSES) assert.ok(aliases.includes(keyAlias(p)));
            const management = keys.filter((k) => k.account === config.managementAccountId);
            // The trail's delivery log group at home; EBS default encryption in every region, as in members.
            assert.deepEqual(
                management.map((k) => `${k.region} ${k.name.split("-").pop()}`).sort(),
                [`${home} logs`, ...regions.map((r) => `${r} ebs`)].sort(),
            );
        });

        it("builds every log bucket in the log-archive account with versioning, KMS, Object Lock, lifecycle and access logging", () => {
            const logArchive = accountIds.get(config.organization.coreAccounts.logArchive.name);
            // The archive's buckets; the log-analytics results bucket beside them is not a log bucket (test/operations).
            const buckets = of("aws:s3/bucket:Bucket").filter((b) => b.parent?.includes("landing-zone:data:LogArchive"));
            assert.deepEqual(buckets.map((b) => b.inputs.bucket).sort(), LOG_BUCKET_KINDS.map((k) => logBucketName(config, k)).sort());
            for (const b of buckets) {
                assert.equal(b.account, logArchive, b.name);
                assert.equal(b.region, home, b.name);
                assert.equal(b.options.retainOnDelete, true, b.name);
                assert.equal(b.options.protect, config.settings.protectStatefulResources, b.name);
                // Every log bucket has Object Lock, the access-logs bucket included (without a default retention, below).
                assert.equal(b.inputs.objectLockEnabled, true, b.name);
            }
            const bucketOf = (r: ReportResource) => buckets.find((b) => b.id === r.inputs.bucket || b.urn === r.parent)!;
            const ofArchive = (type: string) => of(type).filter((r) => bucketOf(r) !== undefined);
            for (const v of ofArchive("aws:s3/bucketVersioning:BucketVersioning")) assert.deepEqual(v.inputs.versioningConfiguration, { status: "Enabled" });
            for (const e of ofArchive("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration")) {
                const rule = (
                    e.inputs.rules as { applyServerSideEncryptionByDefault: { sseAlgorithm: string; kmsMasterKeyId?: string }; bucketKeyEnabled?: boolean }[]
                )[0];
                if (bucketOf(e).inputs.bucket === logBucketName(config, "access-logs")) {
                    assert.equal(rule.applyServerSideEncryptionByDefault.sseAlgorithm, "AES256");
                } else {
                    assert.equal(rule.applyServerSideEncryptionByDefault.sseAlgorithm, "aws:kms", e.name);
                    assert.match(String(rule.applyServerSideEncryptionByDefault.kmsMasterKeyId), new RegExp(`^arn:aws:kms:${home}:${logArchive}:key/`));
                    assert.equal(rule.bucketKeyEnabled, true);
                }
            }
            const locks = ofArchive("aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration");
            assert.equal(locks.length, LOG_BUCKET_KINDS.length - 1);
            assert.ok(
                locks.every((l) => bucketOf(l).inputs.bucket !== logBucketName(config, "access-logs")),
                "server access logging rejects a default retention",
            );
            for (const l of locks)
                assert.deepEqual(l.inputs.rule, {
                    defaultRetention: { mode: config.settings.objectLock.mode, days: config.settings.objectLock.retentionDays },
                });
            for (const l of ofArchive("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration")) {
                const rule = (l.inputs.rules as { transitions: { days: number; storageClass: string }[] }[])[0];
                assert.deepEqual(rule.transitions[0], { days: config.settings.logTransitionDays, storageClass: "GLACIER_IR" });
            }
            const logging = ofArchive("aws:s3/bucketLogging:BucketLogging");
            assert.equal(logging.length, LOG_BUCKET_KINDS.length - 1);
            for (const l of logging) assert.equal(l.inputs.targetBucket, logBucketName(config, "access-logs"));
            for (const p of ofArchive("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"))
                for (const k of ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"]) assert.equal(p.inputs[k], true);
            assert.equal(ofArchive("aws:s3/bucketPolicy:BucketPolicy").length, LOG_BUCKET_KINDS.length);
        });

        it("runs one multi-region, validated, encrypted organization trail from the management account, delivering to CloudWatch Logs", () => {
            const [trail, ...others] = of("aws:cloudtrail/trail:Trail");
            assert.equal(others.length, 0);
            assert.equal(trail.account, config.managementAccountId);
            assert.equal(trail.region, home);
            assert.equal(trail.inputs.name, ORGANIZATION_TRAIL_NAME);
            assert.equal(trail.inputs.isOrganizationTrail, true);
            assert.equal(trail.inputs.isMultiRegionTrail, true);
            assert.equal(trail.inputs.enableLogFileValidation, true);
            assert.equal(trail.inputs.s3BucketName, logBucketName(config, "cloudtrail"));
            assert.match(String(trail.inputs.kmsKeyId), new RegExp(`:${accountIds.get(config.organization.coreAccounts.logArchive.name)}:key/`));
            assert.match(
                String(trail.inputs.cloudWatchLogsGroupArn),
                new RegExp(`^arn:aws:logs:${home}:${config.managementAccountId}:log-group:${ORGANIZATION_TRAIL_LOG_GROUP}:\\*$`),
            );
            assert.equal(trail.options.retainOnDelete, true);
            const bucketPolicy = of("aws:s3/bucketPolicy:BucketPolicy").find((p) => p.name === "log-archive-cloudtrail-policy")!;
            assert.ok(trail.dependencies.includes(bucketPolicy.urn), "the trail is created only after its bucket admits it");
            const selectors = (trail.inputs.advancedEventSelectors as { fieldSelectors: { field: string; equals?: string[] }[] }[]).map(
                (s) => s.fieldSelectors.find((f) => f.field === "resources.type")?.equals?.[0] ?? "management",
            );
            assert.deepEqual(selectors, [
                "management",
                ...(config.data.cloudTrail.s3DataEvents ? ["AWS::S3::Object"] : []),
                ...(config.data.cloudTrail.lambdaDataEvents ? ["AWS::Lambda::Function"] : []),
            ]);
            const groups = of("aws:cloudwatch/logGroup:LogGroup").filter((g) => g.inputs.name === ORGANIZATION_TRAIL_LOG_GROUP);
            assert.deepEqual(
                groups.map((g) => g.account).sort(),
                [config.managementAccountId, accountIds.get(config.organization.coreAccounts.securityTooling.name)].sort(),
            );
            for (const g of groups) assert.equal(g.inputs.retentionInDays, config.settings.logRetentionDays);
            const [rule] = of("aws:observabilityadmin/centralizationRuleForOrganization:CentralizationRuleForOrganization");
            assert.equal(
                (rule.inputs.rule as { destination: { account: string } }).destination.account,
                accountIds.get(config.organization.coreAccounts.securityTooling.name),
            );
        });

        it("baselines every account, the management account included: S3 Block Public Access once, EBS default encryption with its own key and an empty default security group in every region", () => {
            // CIS 2.1.4 and 5.1.1 hold for every account; the management account is no exception.
            const accounts = memberCount + 1;
            const bpa = of("aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock");
            assert.equal(bpa.length, accounts);
            assert.equal(new Set(bpa.map((b) => b.account)).size, accounts);
            assert.ok(bpa.some((b) => b.account === config.managementAccountId));
            for (const b of bpa)
                for (const k of ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"]) assert.equal(b.inputs[k], true);
            const encryption = of("aws:ebs/encryptionByDefault:EncryptionByDefault");
            assert.equal(encryption.length, accounts * regions.length);
            assert.deepEqual(
                encryption.filter((e) => e.account === config.managementAccountId).map((e) => e.region).sort(),
                [...regions].sort(),
            );
            for (const e of encryption) assert.equal(e.inputs.enabled, true);
            const keys = of("aws:ebs/defaultKmsKey:DefaultKmsKey");
            assert.equal(keys.length, accounts * regions.length);
            for (const k of keys) assert.match(String(k.inputs.keyArn), new RegExp(`^arn:aws:kms:${k.region}:${k.account}:key/`), k.name);
            // The preview's accounts come with a default VPC in every region, as Organizations creates them
            // (the network area empties the default groups of the VPCs it builds itself).
            const groups = of("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup").filter((g) => g.urn.includes("landing-zone:data:AccountBaseline$"));
            assert.equal(groups.length, accounts * regions.length);
            for (const g of groups) {
                assert.deepEqual(g.inputs.ingress, [], g.name);
                assert.deepEqual(g.inputs.egress, [], g.name);
            }
        });

        it("gives every member account a locked backup vault and role, and the backup account the central copy vault", () => {
            const vaults = of("aws:backup/vault:Vault");
            const central = vaults.filter((v) => v.inputs.name === CENTRAL_BACKUP_VAULT_NAME);
            assert.equal(vaults.filter((v) => v.inputs.name === BACKUP_VAULT_NAME).length, memberCount * regions.length);
            assert.deepEqual(
                central.map((v) => [v.account, v.region]),
                [[accountIds.get(config.organization.coreAccounts.backup.name), home]],
            );
            for (const v of vaults) {
                assert.match(String(v.inputs.kmsKeyArn), new RegExp(`^arn:aws:kms:${v.region}:${v.account}:key/`), v.name);
                assert.equal(v.options.retainOnDelete, true);
            }
            for (const l of of("aws:backup/vaultLockConfiguration:VaultLockConfiguration")) {
                assert.equal(l.inputs.changeableForDays, config.data.backup.vaultLock.mode === "COMPLIANCE" ? 3 : undefined, l.name);
                assert.equal(l.inputs.minRetentionDays, config.data.backup.vaultLock.minRetentionDays);
            }
            const roles = of("aws:iam/role:Role").filter((r) => r.inputs.name === BACKUP_ROLE_NAME);
            assert.equal(roles.length, memberCount);
        });

        it("enables Macie in the security-tooling account in every region with auto-enable for the organization", () => {
            const tooling = accountIds.get(config.organization.coreAccounts.securityTooling.name);
            const accounts = of("aws:macie2/account:Account");
            assert.deepEqual(
                accounts.map((a) => a.account),
                regions.map(() => tooling),
            );
            assert.deepEqual(accounts.map((a) => a.region).sort(), [...regions].sort());
            for (const c of of("aws:macie2/organizationConfiguration:OrganizationConfiguration")) {
                assert.equal(c.account, tooling);
                assert.equal(c.inputs.autoEnable, true);
            }
        });

        it("enables Macie for every account already in the organization, in every region (auto-enable reaches only new ones)", () => {
            const tooling = accountIds.get(config.organization.coreAccounts.securityTooling.name);
            const others = [...accountIds.values()].filter((id) => id !== tooling).sort();
            const members = of("aws:macie2/member:Member");
            for (const region of regions) {
                const here = members.filter((m) => m.region === region);
                assert.deepEqual(here.map((m) => m.inputs.accountId).sort(), others, region);
                for (const m of here) {
                    assert.equal(m.account, tooling, m.name);
                    assert.equal(m.inputs.status, "ENABLED", m.name);
                    assert.match(String(m.inputs.email), /@/, m.name);
                }
            }
        });
    });
}
