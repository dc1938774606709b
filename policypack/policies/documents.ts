import { list } from "./common";
import { propsIf, type ArgsByType, type PropsOf } from "./props";
import { NormalizedStatement, parseDocument } from "./iam-document";

/** What a document governs: an identity's permissions, who may assume a role, who may use a resource, or an org guardrail. */
export type DocumentKind = "identity" | "trust" | "resource" | "guardrail";

export interface LocatedDocument {
    /** Property path for messages, e.g. `inlinePolicies[0].policy`. */
    readonly path: string;
    readonly kind: DocumentKind;
    readonly statements: NormalizedStatement[];
}

/** Where each resource type keeps its policy documents: the fields are checked against the type's @pulumi/aws inputs. */
const FIELDS_BY_TYPE = {
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
} as const satisfies { readonly [T in keyof ArgsByType]?: readonly DocumentField<T>[] };

/** One place a type keeps a policy document: a field of its inputs, and what the document governs. */
export interface DocumentField<T extends keyof ArgsByType> {
    readonly field: keyof PropsOf<T> & string;
    readonly kind: DocumentKind;
}

/** A type whose policy documents the pack reads. */
export type DocumentType = keyof typeof FIELDS_BY_TYPE;

/** The same table typed per type, so a generic reader indexes the props of the type it was given. */
const DOCUMENT_FIELDS: { readonly [T in DocumentType]: readonly DocumentField<T>[] } = FIELDS_BY_TYPE;

/** Types whose policy documents the pack reads. */
export const DOCUMENT_TYPES = Object.keys(DOCUMENT_FIELDS) as readonly DocumentType[];

/** Organizations policy types whose content is an IAM-language document. */
const IAM_LANGUAGE_ORG_POLICIES = new Set(["SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"]);

function isDocumentType(type: string): type is DocumentType {
    return Object.prototype.hasOwnProperty.call(DOCUMENT_FIELDS, type);
}

/**
 * Every policy document on a resource (the analyzer's args or a stack's resource), parsed; reading an
 * unknown document throws (and the policy fails closed).
 */
export function documentsOf(resource: { readonly type: string; readonly props: unknown }): LocatedDocument[] {
    return isDocumentType(resource.type) ? documentsOfType(resource.type, resource.props as PropsOf<DocumentType>) : [];
}

function documentsOfType<T extends DocumentType>(type: T, props: PropsOf<T>): LocatedDocument[] {
    const out: LocatedDocument[] = [];
    const org = propsIf({ type, props }, "aws:organizations/policy:Policy");
    if (org && !IAM_LANGUAGE_ORG_POLICIES.has(org.type ?? "SERVICE_CONTROL_POLICY")) return out;
    for (const { field, kind } of DOCUMENT_FIELDS[type]) {
        const raw: unknown = props[field];
        if (raw === undefined || raw === null || raw === "") continue;
        const statements = parseDocument(raw);
        if (statements) out.push({ path: field, kind, statements });
    }
    const role = propsIf({ type, props }, "aws:iam/role:Role");
    list(role?.inlinePolicies).forEach((p, i) => {
        const statements = p && p.policy ? parseDocument(p.policy) : undefined;
        if (statements) out.push({ path: `inlinePolicies[${i}].policy`, kind: "identity", statements });
    });
    return out;
}
