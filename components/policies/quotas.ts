/**
 * AWS Organizations quotas on policies, checked before anything is deployed: a policy over its size
 * or a target over its attachment limit otherwise fails halfway through `pulumi up`.
 */

export type OrgPolicyType =
    "SERVICE_CONTROL_POLICY" | "RESOURCE_CONTROL_POLICY" | "DECLARATIVE_POLICY_EC2" | "TAG_POLICY" | "BACKUP_POLICY" | "AISERVICES_OPT_OUT_POLICY";

export interface PolicyTypeQuota {
    /** Short name used in messages. */
    readonly label: string;
    /** Maximum document size in characters, measured minified. */
    readonly maxSize: number;
    /** Maximum policies of this type attached directly to one root, OU or account. */
    readonly maxPerTarget: number;
    /** AWS-managed policies attached to every target by default that count against maxPerTarget. */
    readonly awsManaged: readonly string[];
}

/** From "Quotas for AWS Organizations" (maximum and minimum values). */
export const POLICY_QUOTAS: Readonly<Record<OrgPolicyType, PolicyTypeQuota>> = {
    SERVICE_CONTROL_POLICY: { label: "SCP", maxSize: 5120, maxPerTarget: 5, awsManaged: ["FullAWSAccess"] },
    RESOURCE_CONTROL_POLICY: { label: "RCP", maxSize: 5120, maxPerTarget: 5, awsManaged: ["RCPFullAWSAccess"] },
    DECLARATIVE_POLICY_EC2: { label: "declarative policy", maxSize: 10000, maxPerTarget: 10, awsManaged: [] },
    TAG_POLICY: { label: "tag policy", maxSize: 10000, maxPerTarget: 10, awsManaged: [] },
    BACKUP_POLICY: { label: "backup policy", maxSize: 10000, maxPerTarget: 10, awsManaged: [] },
    AISERVICES_OPT_OUT_POLICY: { label: "AI services opt-out policy", maxSize: 2500, maxPerTarget: 5, awsManaged: [] },
};

/** A root, an OU (by config path) or an account (by logical name). */
export type PolicyTarget = { readonly kind: "root" } | { readonly kind: "ou"; readonly path: string } | { readonly kind: "account"; readonly name: string };

export function targetLabel(t: PolicyTarget): string {
    return t.kind === "root" ? "the root" : t.kind === "ou" ? `OU ${t.path}` : `account ${t.name}`;
}

/** A policy as the quota check sees it. */
export interface QuotaSubject {
    readonly name: string;
    readonly type: OrgPolicyType;
    /** The document as it will be sent. */
    readonly content: string;
    readonly targets: readonly PolicyTarget[];
}

/** Size AWS counts: the minified document, in bytes (equal to characters for ASCII policies). */
export function minifiedSize(content: string): number {
    return Buffer.byteLength(JSON.stringify(JSON.parse(content)), "utf8");
}

/** One quota problem with the policy (or target) it concerns, phrased "problem (expected X)". */
export interface QuotaProblem {
    readonly policy?: string;
    readonly message: string;
}

/** Every size and per-target problem of a set of policies; empty when all fit. */
export function policyQuotaProblems(policies: readonly QuotaSubject[]): QuotaProblem[] {
    const problems: QuotaProblem[] = [];
    const perTarget = new Map<string, { type: OrgPolicyType; target: PolicyTarget; names: string[] }>();
    for (const p of policies) {
        const quota = POLICY_QUOTAS[p.type];
        const size = minifiedSize(p.content);
        if (size > quota.maxSize)
            problems.push({
                policy: p.name,
                message: `${quota.label} ${p.name} is ${size} characters minified (expected at most ${quota.maxSize}, the AWS quota; split it or shorten the config that feeds it)`,
            });
        for (const target of p.targets) {
            const key = `${p.type}|${JSON.stringify(target)}`;
            const entry = perTarget.get(key) ?? { type: p.type, target, names: [] };
            entry.names.push(p.name);
            perTarget.set(key, entry);
        }
    }
    for (const { type, target, names } of perTarget.values()) {
        const quota = POLICY_QUOTAS[type];
        const attached = [...quota.awsManaged, ...names];
        if (attached.length > quota.maxPerTarget)
            problems.push({
                message: `${attached.length} ${quota.label}s attached to ${targetLabel(target)} (${attached.join(", ")}) (expected at most ${quota.maxPerTarget} per target, the AWS quota, counting ${quota.awsManaged.join(", ") || "no AWS-managed policy"})`,
            });
    }
    return problems;
}
