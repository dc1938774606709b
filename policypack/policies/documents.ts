import { list } from "./common";
import type { Props } from "./props";
import { NormalizedStatement, parseDocument } from "./iam-document";

/** What a document governs: an identity's permissions, who may assume a role, who may use a resource, or an org guardrail. */
export type DocumentKind = "identity" | "trust" | "resource" | "guardrail";

export interface LocatedDocument {
    /** Property path for messages, e.g. `inlinePolicies[0].policy`. */
    readonly path: string;
    readonly kind: DocumentKind;
    readonly statements: NormalizedStatement[];
}

/** Where each resource type keeps its policy documents. */
const DOCUMENT_FIELDS: Readonly<Record<string, readonly { field: string; kind: DocumentKind }[]>> = {
    "aws:iam/policy:Policy": [{ field: "policy", kind: "identity" }],
    "aws:iam/rolePolicy:RolePolicy": [{ field: "policy", kind: "identity" }],
    "aws:iam/userPolicy:UserPolicy": [{ field: "policy", kind: "identity" }],
    "aws:iam/groupPolicy:GroupPolicy": [{ field: "policy", kind: "identity" }],
    "aws:iam/role:Role": [{ field: "assumeRolePolicy", kind: "trust" }],
    "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy": [{ field: "inlinePolicy", kind: "identity" }],
    "aws:organizations/policy:Policy": [{ field: "content", kind: "guardrail" }],
    "aws:s3/bucketPolicy:BucketPolicy": [{ field: "policy", kind: "resource" }],
    "aws:s3/bucket:Bucket": [{ field: "policy", kind: "resource" }],
    "aws:s3/bucketV2:BucketV2": [{ field: "policy", kind: "resource" }],
    "aws:sqs/queuePolicy:QueuePolicy": [{ field: "policy", kind: "resource" }],
    "aws:sqs/queue:Queue": [{ field: "policy", kind: "resource" }],
    "aws:sns/topicPolicy:TopicPolicy": [{ field: "policy", kind: "resource" }],
    "aws:sns/topic:Topic": [{ field: "policy", kind: "resource" }],
    "aws:secretsmanager/secretPolicy:SecretPolicy": [{ field: "policy", kind: "resource" }],
    "aws:secretsmanager/secret:Secret": [{ field: "policy", kind: "resource" }],
    "aws:ecr/repositoryPolicy:RepositoryPolicy": [{ field: "policy", kind: "resource" }],
    "aws:opensearch/domainPolicy:DomainPolicy": [{ field: "accessPolicies", kind: "resource" }],
    "aws:opensearch/domain:Domain": [{ field: "accessPolicies", kind: "resource" }],
    "aws:kms/key:Key": [{ field: "policy", kind: "resource" }],
    "aws:kms/keyPolicy:KeyPolicy": [{ field: "policy", kind: "resource" }],
    "aws:kms/replicaKey:ReplicaKey": [{ field: "policy", kind: "resource" }],
    "aws:efs/fileSystemPolicy:FileSystemPolicy": [{ field: "policy", kind: "resource" }],
    "aws:ec2/vpcEndpoint:VpcEndpoint": [{ field: "policy", kind: "resource" }],
    "aws:backup/vaultPolicy:VaultPolicy": [{ field: "policy", kind: "resource" }],
    "aws:cloudwatch/eventBusPolicy:EventBusPolicy": [{ field: "policy", kind: "resource" }],
};

/** Types whose policy documents the pack reads. */
export const DOCUMENT_TYPES: readonly string[] = Object.keys(DOCUMENT_FIELDS);

/** Organizations policy types whose content is an IAM-language document. */
const IAM_LANGUAGE_ORG_POLICIES = new Set(["SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"]);

/** Every policy document on a resource, parsed; reading an unknown document throws (and the policy fails closed). */
export function documentsOf(type: string, props: Props): LocatedDocument[] {
    const out: LocatedDocument[] = [];
    if (type === "aws:organizations/policy:Policy" && !IAM_LANGUAGE_ORG_POLICIES.has(props.type ?? "SERVICE_CONTROL_POLICY")) return out;
    for (const { field, kind } of DOCUMENT_FIELDS[type] ?? []) {
        const raw = props[field];
        if (raw === undefined || raw === null || raw === "") continue;
        const statements = parseDocument(raw);
        if (statements) out.push({ path: field, kind, statements });
    }
    if (type === "aws:iam/role:Role") {
        list(props.inlinePolicies).forEach((p: Props, i: number) => {
            const statements = p && p.policy ? parseDocument(p.policy) : undefined;
            if (statements) out.push({ path: `inlinePolicies[${i}].policy`, kind: "identity", statements });
        });
    }
    return out;
}
