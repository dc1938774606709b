/**
 * Which organization policies exist and where they attach, derived from config alone. The same plan
 * feeds the config check (quotas, with worst-case ids) and the OrganizationPolicies component (with
 * the real ids once the organization exists), so what is checked is what is deployed.
 */
import { aiOptOutPolicy } from "../policies/ai-opt-out";
import { backupPolicy } from "../policies/backup-policy";
import { ec2DeclarativePolicy } from "../policies/declarative";
import { policyDocument, toJson } from "../policies/document";
import { OrgPolicyType, PolicyTarget, policyQuotaProblems, QuotaProblem } from "../policies/quotas";
import { dataPerimeterRcp } from "../policies/rcp";
import { dataProtectionScp, identityGuardrailsScp, protectSecurityServicesScp, quarantineScp, sandboxScp, ScpInputs } from "../policies/scp";
import { regionAllowListScp } from "../policies/region-allow-list";
import { tagPolicy } from "../policies/tag-policy";
import {
    BACKUP_ROLE_NAME,
    BACKUP_SELECTION_TAG,
    BACKUP_VAULT_NAME,
    CENTRAL_BACKUP_VAULT_NAME,
    CONFIG_REMEDIATION_ROLE,
    FORWARDER_RULE_PREFIX,
    LOG_BUCKET_KINDS,
    logBucketArn,
    PLATFORM_ROLE_NAME,
    PLATFORM_ROLE_PREFIX,
} from "../shared/names";
import type { OrganizationShape, StackPlacement } from "../shared/config-types";
import { partitionOf } from "./naming";

/** The parts of the stack config the organization policies derive from. */
export interface PolicyPlanConfig extends StackPlacement {
    readonly regions: { readonly home: string; readonly allowed: readonly string[] };
    readonly organization: OrganizationShape;
    readonly identity: { readonly breakGlass?: { readonly roleNames: readonly string[] } };
    readonly response: { readonly globalEventsRegion: string };
    readonly data: {
        readonly backup: { readonly enabled: boolean; readonly schedule: string; readonly retentionDays: number; readonly copyToBackupAccount: boolean };
    };
}

/** Ids only AWS knows, which some documents embed. */
export interface ResolvedIds {
    readonly organizationId: string;
    /** Account ids by logical name. */
    readonly accountIds: Readonly<Record<string, string>>;
}

export interface PlannedPolicy {
    /** Stable logical key; the resource name segment (never derived from list order). */
    readonly key: string;
    /** Name shown in AWS Organizations. */
    readonly name: string;
    readonly type: OrgPolicyType;
    readonly description: string;
    /** Config key that shapes the document most; quota problems are reported against it. */
    readonly configPath: readonly string[];
    readonly targets: readonly PolicyTarget[];
    /** Ids the document embeds; a document that embeds none is known at preview, before any account exists. */
    readonly uses: readonly (keyof ResolvedIds)[];
    /**
     * With "accountIds" in uses: the accounts (by name) whose ids the document embeds. Only their ids
     * are resolved, so an account added elsewhere leaves the document known in preview and unchanged.
     */
    readonly accounts?: readonly string[];
    /** The minified document for the given ids. */
    readonly render: (ids: ResolvedIds) => string;
    /**
     * What must exist before the policy is attached (OrganizationPolicies.release): the EC2 declarative
     * policy waits for the VPC BPA exclusions the mode it enforces needs.
     */
    readonly attachAfter?: "vpc-bpa-exclusions";
}

/** Ids for rendering a document that uses none: a builder that reads them anyway fails loudly. */
export const NO_IDS: ResolvedIds = { organizationId: "", accountIds: {} };

/** The SCP inputs of a config. */
export function scpInputs(c: PolicyPlanConfig): ScpInputs {
    return {
        platformRoleName: PLATFORM_ROLE_NAME,
        accessRoleName: c.organization.accessRoleName,
        protectedRolePrefix: PLATFORM_ROLE_PREFIX,
        breakGlassRoleNames: c.identity.breakGlass?.roleNames ?? [],
        allowedRegions: c.regions.allowed,
        globalEventsRegion: c.response.globalEventsRegion,
        forwarderRulePrefix: FORWARDER_RULE_PREFIX,
        accountPublicAccessBlockRoleNames: [CONFIG_REMEDIATION_ROLE],
        logBucketArns: LOG_BUCKET_KINDS.map((kind) => logBucketArn(c, kind)),
    };
}

/** OUs holding sandbox accounts (the quarantine OU excepted): the sandbox SCP's targets. */
export function sandboxOus(c: PolicyPlanConfig): string[] {
    const ous = c.organization.workloadAccounts.filter((a) => a.environment === "sandbox").map((a) => a.ou);
    return [...new Set(ous)].filter((ou) => ou !== c.organization.quarantineOu).sort();
}

/** Every organization policy of a config with its targets. */
export function organizationPolicyPlan(c: PolicyPlanConfig): PlannedPolicy[] {
    const scp = scpInputs(c);
    const root: PolicyTarget[] = [{ kind: "root" }];
    const json = (value: unknown) => JSON.stringify(value);
    const plan: PlannedPolicy[] = [
        {
            // Identity and data guardrails share one SCP: the root keeps a free slot under the 5-per-target quota.
            key: "scp-baseline-guardrails",
            name: "lz-baseline-guardrails",
            type: "SERVICE_CONTROL_POLICY",
            description: "Deny root user, leaving the org, IAM users and keys; protect access and platform roles; keep encryption, BPA and IMDSv2",
            configPath: ["identity", "breakGlass", "roleNames"],
            targets: root,
            uses: [],
            render: () => toJson(policyDocument([...identityGuardrailsScp(scp).Statement, ...dataProtectionScp(scp).Statement])),
        },
        {
            key: "scp-region-allow-list",
            name: "lz-region-allow-list",
            type: "SERVICE_CONTROL_POLICY",
            description: "Deny regional actions outside the allowed regions",
            configPath: ["regions", "allowed"],
            targets: root,
            uses: [],
            render: () => toJson(regionAllowListScp(scp)),
        },
        {
            key: "scp-protect-security-services",
            name: "lz-protect-security-services",
            type: "SERVICE_CONTROL_POLICY",
            description: "Security, logging services and the log archive change only through the platform",
            configPath: ["organization", "accessRoleName"],
            targets: root,
            uses: [],
            render: () => toJson(protectSecurityServicesScp(scp)),
        },
        {
            key: "scp-quarantine",
            name: "lz-quarantine",
            type: "SERVICE_CONTROL_POLICY",
            description: "Quarantined accounts: nothing but the platform until their baseline exists",
            configPath: ["organization", "quarantineOu"],
            targets: [{ kind: "ou", path: c.organization.quarantineOu }],
            uses: [],
            render: () => toJson(quarantineScp(scp)),
        },
        {
            key: "rcp-data-perimeter",
            name: "lz-data-perimeter",
            type: "RESOURCE_CONTROL_POLICY",
            description: "Only this organization's principals and AWS services acting for it, over TLS, reach S3, KMS, STS, SQS and Secrets Manager",
            configPath: ["organization"],
            targets: root,
            uses: ["organizationId"],
            render: (ids) => toJson(dataPerimeterRcp({ organizationId: ids.organizationId })),
        },
        {
            key: "declarative-ec2",
            name: "lz-ec2-baseline",
            type: "DECLARATIVE_POLICY_EC2",
            description: "VPC Block Public Access, IMDSv2 defaults, serial console off, no public AMI or snapshot sharing",
            configPath: ["network", "blockPublicAccessExclusions"],
            targets: root,
            uses: [],
            // Attached once every exclusion exists, so the inspection VPCs' egress never sees the block without its exclusion.
            attachAfter: "vpc-bpa-exclusions",
            render: () =>
                json(
                    ec2DeclarativePolicy({
                        // The inspection VPC of every region needs its allow-egress exclusion.
                        allowBlockPublicAccessExclusions: true,
                        exceptionMessage: `Blocked by the ${c.environment} landing zone's EC2 declarative policy; ask the platform team.`,
                    }),
                ),
        },
        {
            key: "ai-opt-out",
            name: "lz-ai-opt-out",
            type: "AISERVICES_OPT_OUT_POLICY",
            description: "Opt every account out of AI services using its content",
            configPath: ["organization"],
            targets: root,
            uses: [],
            render: () => json(aiOptOutPolicy()),
        },
    ];
    const sandbox = sandboxOus(c);
    if (sandbox.length > 0)
        plan.push({
            key: "scp-sandbox",
            name: "lz-sandbox",
            type: "SERVICE_CONTROL_POLICY",
            description: "Sandboxes: no corporate connectivity, no commitments, small instances only",
            configPath: ["organization", "workloadAccounts"],
            targets: sandbox.map((path) => ({ kind: "ou", path })),
            uses: [],
            render: () => toJson(sandboxScp()),
        });
    if (Object.keys(c.organization.requiredTags).length > 0)
        plan.push({
            key: "tag-policy",
            name: "lz-required-tags",
            type: "TAG_POLICY",
            description: "Required tags and their allowed values",
            configPath: ["organization", "requiredTags"],
            targets: root,
            uses: [],
            render: () => json(tagPolicy(c.organization.requiredTags)),
        });
    const backup = c.data.backup;
    if (backup.enabled)
        plan.push({
            key: "backup-policy",
            name: "lz-backup",
            type: "BACKUP_POLICY",
            description: "Daily backup of tagged resources, copied to the backup account",
            configPath: ["data", "backup"],
            // Management policies, unlike SCPs, reach the management account from the root, and it has no
            // landing-zone-backup vault or role. Every member account sits in an OU (config requires one), so
            // the top-level OUs reach each of them and the management account is left out.
            targets: c.organization.organizationalUnits.map((ou) => ({ kind: "ou", path: ou.name })),
            uses: backup.copyToBackupAccount ? ["accountIds"] : [],
            accounts: [c.organization.coreAccounts.backup.name],
            render: (ids) =>
                json(
                    backupPolicy({
                        schedule: backup.schedule,
                        retentionDays: backup.retentionDays,
                        regions: c.regions.allowed,
                        partition: partitionOf(c.regions.home),
                        vaultName: BACKUP_VAULT_NAME,
                        roleName: BACKUP_ROLE_NAME,
                        selectionTag: BACKUP_SELECTION_TAG,
                        copyTo: backup.copyToBackupAccount
                            ? {
                                  accountId: accountId(ids, c.organization.coreAccounts.backup.name),
                                  region: c.regions.home,
                                  vaultName: CENTRAL_BACKUP_VAULT_NAME,
                              }
                            : undefined,
                    }),
                ),
        });
    return plan;
}

function accountId(ids: ResolvedIds, name: string): string {
    const id = ids.accountIds[name];
    if (!id) throw new Error(`organization policy plan: no account id for "${name}"`);
    return id;
}

/**
 * The longest ids AWS can hand out, so a plan that fits with them fits with the real ones:
 * organization ids are "o-" plus up to 32 characters, account ids 12 digits.
 */
export function worstCaseIds(c: PolicyPlanConfig): ResolvedIds {
    const names = [...Object.values(c.organization.coreAccounts).map((a) => a.name), ...c.organization.workloadAccounts.map((a) => a.name)];
    return { organizationId: `o-${"x".repeat(32)}`, accountIds: Object.fromEntries(names.map((n) => [n, "999999999999"])) };
}

/**
 * Problems of a config's organization policies, each with the config key it concerns: accounts an
 * OU-level SCP would hit by mistake, a document the builders refuse (e.g. tag keys differing only in
 * case), sizes and per-target counts over quota.
 */
export function organizationPolicyProblems(c: PolicyPlanConfig): { path: readonly (string | number)[]; message: string }[] {
    const out: { path: readonly (string | number)[]; message: string }[] = [];
    const sandbox = new Set(sandboxOus(c));
    c.organization.workloadAccounts.forEach((a, i) => {
        if (!a.quarantined && a.ou === c.organization.quarantineOu)
            out.push({
                path: ["organization", "workloadAccounts", i, "ou"],
                message: `account placed in the quarantine OU without quarantined: true; the quarantine SCP denies it everything but the platform (expected another OU, or quarantined: true)`,
            });
        if (a.environment !== "sandbox" && sandbox.has(a.ou))
            out.push({
                path: ["organization", "workloadAccounts", i, "ou"],
                message: `${a.environment} account shares an OU with sandbox accounts, so the sandbox SCP would apply to it (expected sandbox accounts in OUs of their own)`,
            });
    });
    Object.entries(c.organization.coreAccounts).forEach(([role, a]) => {
        if (a.ou === c.organization.quarantineOu || sandbox.has(a.ou))
            out.push({
                path: ["organization", "coreAccounts", role, "ou"],
                message: `core account placed in an OU under the ${a.ou === c.organization.quarantineOu ? "quarantine" : "sandbox"} SCP (expected Security or Infrastructure)`,
            });
    });

    const ids = worstCaseIds(c);
    const rendered: { planned: PlannedPolicy; content: string }[] = [];
    for (const planned of organizationPolicyPlan(c)) {
        try {
            rendered.push({ planned, content: planned.render(ids) });
        } catch (err) {
            // A TypeError is config the schema rejected (a missing list): the caller skips the group, the schema names it.
            if (err instanceof TypeError) throw err;
            out.push({
                path: planned.configPath,
                message: `cannot build ${planned.name}: ${(err as Error).message} (expected config the policy builders accept)`,
            });
        }
    }
    const problems: QuotaProblem[] = policyQuotaProblems(
        rendered.map(({ planned, content }) => ({ name: planned.name, type: planned.type, content, targets: planned.targets })),
    );
    for (const p of problems) out.push({ path: rendered.find((r) => r.planned.name === p.policy)?.planned.configPath ?? ["organization"], message: p.message });
    return out;
}
