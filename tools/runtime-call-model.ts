import type { PolicyDocument } from "../components/policies/document";

/** What the runtime-call derivation reads of a run and produces, and the index it looks resources up in. */

/** What the derivation reads of a captured resource. */
export interface RuntimeResource {
    readonly type: string;
    readonly name: string;
    readonly account?: string;
    readonly region?: string;
    readonly id?: string;
    readonly inputs: Record<string, unknown>;
}

export type RuntimeCallKind = "event-forwarding" | "alert-delivery" | "log-delivery" | "key-use" | "remediation" | "backup-copy";

export interface RuntimeCall {
    readonly kind: RuntimeCallKind;
    readonly description: string;
    /** Role session ARN, or a service principal (`<service>.amazonaws.com`). */
    readonly principal: string;
    /** Account the caller belongs to: its SCPs apply to a role session. Undefined for service principals and service-linked roles. */
    readonly callerAccount?: string;
    /** A service-linked role calls: neither SCPs nor RCPs apply to it, only the resource's policy. */
    readonly serviceLinked?: boolean;
    readonly action: string;
    readonly resource: string;
    /** Account owning the resource: its RCPs apply. */
    readonly resourceAccount: string;
    /** Request context, aws:RequestedRegion included. */
    readonly context: Readonly<Record<string, string>>;
    /**
     * The calling role's own policies as the program registers them (inline policies of a role with no
     * managed policy attached); undefined where they are not all known, and for service principals.
     */
    readonly identityPolicies?: Readonly<Record<string, PolicyDocument>>;
    /** Policy of the resource (bus, bucket, key, role trust, vault), when the program sets one. */
    readonly resourcePolicy?: PolicyDocument;
}

export interface RuntimeCallOptions {
    readonly organizationId: string;
    readonly managementAccountId: string;
    /** Every account of the organization, the management account included. */
    readonly accountIds: readonly string[];
}

export const json = (v: unknown): PolicyDocument | undefined => (typeof v === "string" && v.length > 0 ? (JSON.parse(v) as PolicyDocument) : undefined);
export const str = (v: unknown): string | undefined => (typeof v === "string" && v.length > 0 ? v : undefined);

/** Account of an ARN (its fifth field), if it names one. */
export function arnAccount(arn: string): string | undefined {
    const account = arn.split(":")[4];
    return account && /^\d{12}$/.test(account) ? account : undefined;
}
export const arnRegion = (arn: string): string | undefined => arn.split(":")[3] || undefined;

export class ResourceIndex {
    constructor(
        readonly resources: readonly RuntimeResource[],
        private readonly o: RuntimeCallOptions,
    ) {}
    of(type: string): RuntimeResource[] {
        return this.resources.filter((r) => r.type === type);
    }
    roleTrust(roleArn: string): PolicyDocument | undefined {
        const name = roleArn.split(":role/")[1]?.split("/").pop();
        const role = this.of("aws:iam/role:Role").find((r) => r.account === arnAccount(roleArn) && r.inputs.name === name);
        return json(role?.inputs.assumeRolePolicy);
    }
    /** The inline policies of a role, when they are all its policies (no managed policy attached). */
    rolePolicies(account: string, roleName: string): Record<string, PolicyDocument> | undefined {
        const mine = (r: RuntimeResource) => r.account === account && r.inputs.role === roleName;
        if (this.of("aws:iam/rolePolicyAttachment:RolePolicyAttachment").some(mine)) return undefined;
        const inline = this.of("aws:iam/rolePolicy:RolePolicy").filter(mine);
        return inline.length > 0 ? Object.fromEntries(inline.map((p) => [String(p.inputs.name ?? p.name), json(p.inputs.policy)!])) : undefined;
    }
    bucketPolicy(bucket: string): { account: string; policy: PolicyDocument } | undefined {
        const p = this.of("aws:s3/bucketPolicy:BucketPolicy").find((r) => r.inputs.bucket === bucket);
        return p && { account: p.account!, policy: json(p.inputs.policy)! };
    }
    bucketAccount(bucket: string): string {
        const b = this.of("aws:s3/bucket:Bucket").find((r) => r.inputs.bucket === bucket || r.id === bucket);
        const account = b?.account ?? this.bucketPolicy(bucket)?.account;
        if (!account) throw new Error(`runtimeCalls: no bucket ${bucket} is registered, so its account is unknown`);
        return account;
    }
    /** The SSE-KMS key S3 uses for a bucket's new objects, if it has one. */
    bucketDefaultKey(bucket: string): string | undefined {
        const sse = this.of("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").find((r) => r.inputs.bucket === bucket);
        const rules = (sse?.inputs.rules ?? []) as { applyServerSideEncryptionByDefault?: { kmsMasterKeyId?: string; sseAlgorithm?: string } }[];
        const rule = rules.find((r) => r.applyServerSideEncryptionByDefault?.sseAlgorithm?.startsWith("aws:kms"));
        return rule?.applyServerSideEncryptionByDefault?.kmsMasterKeyId;
    }
    keyPolicy(keyArn: string): PolicyDocument | undefined {
        const key = this.of("aws:kms/key:Key").find((k) => `arn:aws:kms:${k.region}:${k.account}:key/${k.id}` === keyArn || k.inputs.arn === keyArn);
        return json(key?.inputs.policy);
    }
    /** Regions an account forwards events from: where its forwarding rules are. */
    forwardingRegions(account: string): string[] {
        const regions = this.of("aws:cloudwatch/eventTarget:EventTarget")
            .filter((t) => t.account === account && str(t.inputs.roleArn))
            .map((t) => t.region!);
        return [...new Set(regions)].sort();
    }
    get organizationId(): string {
        return this.o.organizationId;
    }
}
