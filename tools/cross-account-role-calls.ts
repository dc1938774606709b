import { HANDLER_CALLS, HandlerTarget, MANAGEMENT_ONLY_CALLS } from "../components/response/handlers/calls";
import type { Remediation } from "../components/response/patterns";
import { arnAccount, arnRegion, json, ResourceIndex, RuntimeCall, RuntimeCallOptions, str } from "./runtime-call-model";

/**
 * Roles acting across accounts: each remediation function assumes its role in every target account and
 * makes its handler's calls there; AWS Backup copies each account's recovery points into the central vault.
 */

/** Services whose endpoint is in us-east-1 whatever region the caller is in. */
const GLOBAL_SERVICES = ["iam", "organizations", "route53", "sts"];

export function remediation(ix: ResourceIndex, o: RuntimeCallOptions): RuntimeCall[] {
    const calls: RuntimeCall[] = [];
    for (const f of ix.of("aws:lambda/function:Function")) {
        const env = ((f.inputs.environment as { variables?: Record<string, string> } | undefined)?.variables ?? {}) as Record<string, string>;
        const roleName = env.REMEDIATION_ROLE_NAME;
        if (!roleName) continue;
        const name = String(f.inputs.name);
        const which = Object.keys(HANDLER_CALLS).find((r) => name === `lz-remediation-${r}`) as Remediation | undefined;
        if (!which) throw new Error(`runtimeCalls: function ${name} has REMEDIATION_ROLE_NAME but no handler call table`);
        const functionRole = String(f.inputs.role);
        const functionSession = `arn:aws:sts::${f.account}:assumed-role/${functionRole.split(":role/")[1]}/${name}`;
        for (const target of (env.TARGET_ACCOUNTS ?? "").split(",").filter(Boolean)) {
            const roleArn = `arn:aws:iam::${target}:role/${roleName}`;
            // The handler refuses events from any region but its TARGET_REGIONS (components/response/handlers/runtime.ts).
            const targetRegions = (env.TARGET_REGIONS ?? "").split(",");
            const regions = ix.forwardingRegions(target).filter((r) => targetRegions.includes(r));
            for (const region of regions) {
                calls.push({
                    kind: "remediation",
                    description: `${name}: assumes ${roleName} in ${target} (event from ${region})`,
                    principal: functionSession,
                    callerAccount: f.account,
                    identityPolicies: ix.rolePolicies(f.account!, functionRole.split(":role/")[1]),
                    action: "sts:AssumeRole",
                    resource: roleArn,
                    resourceAccount: target,
                    // The handler's STS client is in the event's region.
                    context: {
                        "aws:RequestedRegion": region,
                        "aws:SecureTransport": "true",
                        "aws:PrincipalOrgID": o.organizationId,
                        "aws:ResourceOrgID": o.organizationId,
                    },
                    resourcePolicy: ix.roleTrust(roleArn),
                });
                const t: HandlerTarget = { partition: "aws", account: target, region };
                const managementOnly = target === o.managementAccountId ? [] : (MANAGEMENT_ONLY_CALLS[which] ?? []);
                for (const call of HANDLER_CALLS[which].filter((c) => !managementOnly.includes(c.action))) {
                    const service = call.action.split(":")[0];
                    calls.push({
                        kind: "remediation",
                        description: `${name} in ${target} ${region}: ${call.action} on ${call.resource(t)}`,
                        principal: `arn:aws:sts::${target}:assumed-role/${roleName}/remediation-event`,
                        callerAccount: target,
                        identityPolicies: ix.rolePolicies(target, roleName),
                        action: call.action,
                        resource: call.resource(t),
                        resourceAccount: target,
                        context: {
                            "aws:RequestedRegion": GLOBAL_SERVICES.includes(service) ? "us-east-1" : region,
                            "aws:SecureTransport": "true",
                            "aws:PrincipalOrgID": o.organizationId,
                            "aws:ResourceOrgID": o.organizationId,
                            ...(call.context?.(t) ?? {}),
                        },
                    });
                }
            }
        }
    }
    return calls;
}

/** The value of an organization policy's `@@assign`, or the value itself. */
const assigned = <T>(v: unknown): T => (v && typeof v === "object" && "@@assign" in v ? (v as { "@@assign": T })["@@assign"] : (v as T));

export function backupCopies(ix: ResourceIndex, o: RuntimeCallOptions): RuntimeCall[] {
    const calls: RuntimeCall[] = [];
    for (const p of ix.of("aws:organizations/policy:Policy").filter((x) => x.inputs.type === "BACKUP_POLICY")) {
        const content = JSON.parse(String(p.inputs.content)) as { plans: Record<string, Record<string, unknown>> };
        for (const [planName, plan] of Object.entries(content.plans)) {
            const regions = assigned<string[]>(plan.regions);
            const selections = (plan.selections as { tags?: Record<string, { iam_role_arn: unknown }> } | undefined)?.tags ?? {};
            const roles = Object.values(selections).map((s) => assigned<string>(s.iam_role_arn));
            for (const rule of Object.values(
                (plan.rules ?? {}) as Record<
                    string,
                    { target_backup_vault_name: unknown; copy_actions?: Record<string, { target_backup_vault_arn: unknown }> }
                >,
            )) {
                const vaultName = assigned<string>(rule.target_backup_vault_name);
                for (const copy of Object.values(rule.copy_actions ?? {})) {
                    const target = assigned<string>(copy.target_backup_vault_arn);
                    const targetAccount = arnAccount(target)!;
                    const targetName = target.split(":backup-vault:")[1];
                    const vaultPolicy = ix
                        .of("aws:backup/vaultPolicy:VaultPolicy")
                        .find((v) => v.account === targetAccount && v.region === arnRegion(target) && v.inputs.backupVaultName === targetName);
                    // The plan runs in every account holding its source vault in one of its regions (the policy reaches them all).
                    const sources = ix
                        .of("aws:backup/vault:Vault")
                        .filter((v) => v.inputs.name === vaultName && regions.includes(v.region!) && v.account !== o.managementAccountId);
                    for (const source of sources)
                        for (const roleTemplate of roles) {
                            const role = roleTemplate.replace("$account", source.account!);
                            calls.push({
                                kind: "backup-copy",
                                description: `${planName} in ${source.account} ${source.region}: ${role.split(":role/")[1]} copies into ${target}`,
                                principal: `arn:aws:sts::${source.account}:assumed-role/${role.split(":role/")[1]}/AWSBackup-copy`,
                                callerAccount: source.account,
                                action: "backup:CopyIntoBackupVault",
                                resource: target,
                                resourceAccount: targetAccount,
                                context: {
                                    "aws:RequestedRegion": arnRegion(target)!,
                                    "aws:SecureTransport": "true",
                                    "aws:PrincipalOrgID": o.organizationId,
                                    "aws:ResourceOrgID": o.organizationId,
                                },
                                resourcePolicy: json(vaultPolicy?.inputs.policy),
                            });
                            // AWS Backup encrypts the copy with the central vault's key, for the copying role.
                            const vault = ix
                                .of("aws:backup/vault:Vault")
                                .find((v) => v.account === targetAccount && v.region === arnRegion(target) && v.inputs.name === targetName);
                            const key = str(vault?.inputs.kmsKeyArn);
                            for (const action of key ? ["kms:CreateGrant", "kms:GenerateDataKey"] : [])
                                calls.push({
                                    kind: "backup-copy",
                                    description: `${planName} in ${source.account} ${source.region}: ${role.split(":role/")[1]} ${action} on the central vault's key ${key}`,
                                    principal: `arn:aws:sts::${source.account}:assumed-role/${role.split(":role/")[1]}/AWSBackup-copy`,
                                    callerAccount: source.account,
                                    action,
                                    resource: key!,
                                    resourceAccount: targetAccount,
                                    context: {
                                        "aws:RequestedRegion": arnRegion(target)!,
                                        "aws:SecureTransport": "true",
                                        "aws:PrincipalOrgID": o.organizationId,
                                        "kms:ViaService": `backup.${arnRegion(target)}.amazonaws.com`,
                                        "kms:CallerAccount": source.account!,
                                        ...(action === "kms:CreateGrant" ? { "kms:GrantIsForAWSResource": "true" } : {}),
                                    },
                                    resourcePolicy: ix.keyPolicy(key!),
                                });
                        }
                }
            }
        }
    }
    return calls;
}
