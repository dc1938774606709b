import { PolicyResource } from "@pulumi/policy";
import { eachFailClosed, list, ofType, peek, resourcePolicy, stackPolicy, ZeroTrustPolicy } from "../common";
import { DOCUMENT_TYPES, documentsOf, type DocumentType } from "../documents";
import { grants, hasWildcardPrincipal, onAllResources, readsNamedBucketsOnly, scopedByCondition, statementLabel, vocabularyProblems } from "../iam-document";

const INLINE_IDENTITY_TYPES = [
    "aws:iam/rolePolicy:RolePolicy",
    "aws:iam/userPolicy:UserPolicy",
    "aws:iam/groupPolicy:GroupPolicy",
    "aws:iam/role:Role",
    "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy",
] as const;

/** What IAM policy documents (identity, trust and resource policies) may say. */
export const documentPolicies: ZeroTrustPolicy[] = [
    stackPolicy({
        name: "iam-no-full-admin-policy",
        description:
            'No customer-managed IAM policy allows "*" actions on "*" resources, except a permissions boundary of an Identity Center permission set of the same stack that nothing attaches as a grant.',
        severity: "critical",
        area: "identity",
        controls: ["CIS 1.15", "IAM.1"],
        remediation:
            "List the actions the workload needs (service:Action) and the ARNs it needs them on; grant administration only through Identity Center permission sets.",
        validate: (resources, report) => {
            // Indexed once: a stack has a policy per account, each checked against every attachment.
            const boundaries = new PolicyReferences(resources);
            eachFailClosed(ofType(resources, "aws:iam/policy:Policy"), report, (policy) => {
                for (const doc of documentsOf(policy)) {
                    doc.statements.forEach((s, i) => {
                        if (s.effect !== "Allow" || !(s.actions.includes("*") || s.notActions.length > 0) || !onAllResources(s)) return;
                        // A boundary is a ceiling, not a grant: only Identity Center (which only the landing zone's
                        // management account manages) may name it as one, and nothing in the stack may grant with it.
                        if (boundaries.isPermissionSetBoundary(policy) && !boundaries.isGranted(policy)) return;
                        report(`${statementLabel(s, i)} allows every action on every resource`, policy.urn);
                    });
                }
            });
        },
    }),
    resourcePolicy({
        name: "iam-no-inline-admin",
        description: "Inline policies (role, user, group, permission set) grant no administrative wildcard (`*`, `iam:*`) on all resources.",
        severity: "critical",
        area: "identity",
        controls: ["CIS 1.15", "IAM.1", "IAM.21"],
        remediation: "Replace the inline wildcard with the specific actions and resource ARNs needed, in a reviewed managed policy or permission set.",
        types: INLINE_IDENTITY_TYPES,
        validate: (_props, report, { args }) => {
            for (const doc of documentsOf(args).filter((d) => d.kind === "identity")) {
                doc.statements.forEach((s, i) => {
                    if (s.effect !== "Allow" || !onAllResources(s)) return;
                    const wild = s.actions.filter((a) => a === "*" || /^iam:\*$/i.test(a));
                    if (wild.length > 0 || s.notActions.length > 0)
                        report(
                            `${doc.path} ${statementLabel(s, i)} allows ${wild.length > 0 ? wild.join(", ") : "NotAction (everything else)"} on every resource`,
                        );
                });
            }
        },
    }),
    resourcePolicy<{ allowedServices: string[] }, "aws:iam/policy:Policy" | (typeof INLINE_IDENTITY_TYPES)[number]>({
        name: "iam-no-service-wildcards",
        description: 'Identity policies do not allow whole-service wildcards ("s3:*", "iam:*") on every resource.',
        severity: "high",
        area: "identity",
        controls: ["IAM.21"],
        remediation: "Name the actions (for example s3:GetObject) or scope the wildcard to specific resource ARNs.",
        params: { allowedServices: { type: "array", items: { type: "string" }, default: [], description: "Services whose wildcard is accepted." } },
        types: ["aws:iam/policy:Policy", ...INLINE_IDENTITY_TYPES],
        validate: (_props, report, { args, config }) => {
            for (const doc of documentsOf(args).filter((d) => d.kind === "identity")) {
                doc.statements.forEach((s, i) => {
                    if (s.effect !== "Allow" || !onAllResources(s)) return;
                    for (const a of s.actions) {
                        const m = /^([a-z0-9-]+):\*$/i.exec(a);
                        if (m && !config.allowedServices.includes(m[1].toLowerCase()))
                            report(`${doc.path} ${statementLabel(s, i)} allows ${a} on every resource`);
                    }
                });
            }
        },
    }),
    resourcePolicy({
        name: "iam-deny-actions-exist",
        description: "Every action, resource service and condition key in a Deny statement exists, so a typo cannot silently disable a guardrail.",
        severity: "critical",
        area: "identity",
        controls: ["IAM.1"],
        remediation:
            "Fix the misspelt action or condition key (check the Service Authorization Reference); a Deny that names a non-existent action denies nothing.",
        types: DOCUMENT_TYPES,
        validate: async (_props, report, { args }) => {
            for (const doc of documentsOf(args)) {
                for (const p of await vocabularyProblems(doc.statements)) if (p.effect === "Deny") report(`${doc.path} ${p.message}`);
            }
        },
    }),
    resourcePolicy({
        name: "iam-allow-actions-exist",
        description: "Every action, resource service and condition key in an Allow statement exists.",
        severity: "medium",
        area: "identity",
        controls: [],
        remediation: "Fix or remove the unknown action or condition key; an unknown condition key never matches, so the statement does not mean what it says.",
        types: DOCUMENT_TYPES,
        validate: async (_props, report, { args }) => {
            for (const doc of documentsOf(args)) {
                for (const p of await vocabularyProblems(doc.statements)) if (p.effect === "Allow") report(`${doc.path} ${p.message}`);
            }
        },
    }),
    resourcePolicy<{ extraScopingKeys: string[] }, DocumentType>({
        name: "iam-no-unscoped-wildcard-principal",
        description:
            "Trust and resource policies never allow a wildcard principal unless a condition pins it to the organization, an account, a source resource or a VPC endpoint.",
        severity: "critical",
        area: "identity",
        controls: ["S3.6", "KMS.5", "SQS.3", "SNS.4", "Lambda.1"],
        remediation:
            'Name the principals, or add a condition such as "StringEquals": {"aws:PrincipalOrgID": "o-..."} (or aws:SourceArn / aws:SourceVpce) to the statement.',
        params: {
            extraScopingKeys: {
                type: "array",
                items: { type: "string" },
                default: [],
                description: "Further condition keys accepted as scoping a wildcard principal.",
            },
        },
        types: DOCUMENT_TYPES,
        validate: (_props, report, { args, config }) => {
            for (const doc of documentsOf(args).filter((d) => d.kind === "trust" || d.kind === "resource")) {
                doc.statements.forEach((s, i) => {
                    // An endpoint policy may let anyone in the VPC read named AWS-owned buckets (see readsNamedBucketsOnly).
                    if (args.type === "aws:ec2/vpcEndpoint:VpcEndpoint" && readsNamedBucketsOnly(s)) return;
                    if (s.effect === "Allow" && hasWildcardPrincipal(s) && !scopedByCondition(s, config.extraScopingKeys)) {
                        report(`${doc.path} ${statementLabel(s, i)} allows any principal ("*") without an organization, account or source condition`);
                    }
                });
            }
        },
    }),
    resourcePolicy({
        name: "iam-passrole-scoped",
        description: "iam:PassRole is granted only on named role ARNs or with an iam:PassedToService condition.",
        severity: "high",
        area: "identity",
        controls: ["IAM.21"],
        remediation: 'Set Resource to the role ARNs the workload may pass, or add "StringEquals": {"iam:PassedToService": "<service>.amazonaws.com"}.',
        types: ["aws:iam/policy:Policy", ...INLINE_IDENTITY_TYPES],
        validate: (_props, report, { args }) => {
            for (const doc of documentsOf(args).filter((d) => d.kind === "identity")) {
                doc.statements.forEach((s, i) => {
                    if (s.effect !== "Allow" || !grants(s, "iam:PassRole") || !onAllResources(s)) return;
                    const conditioned = Object.values(s.conditions).some((block) => Object.keys(block).some((k) => k.toLowerCase() === "iam:passedtoservice"));
                    if (!conditioned) report(`${doc.path} ${statementLabel(s, i)} lets the holder pass any role to any service`);
                });
            }
        },
    }),
];

/** Name and path: how Identity Center refers to a customer-managed policy. */
function namePathKey(name: unknown, path: unknown): string | undefined {
    return typeof name === "string" ? `${typeof path === "string" ? path : "/"}${name}` : undefined;
}

/**
 * How the stack refers to customer-managed policies: as an Identity Center permissions boundary (by
 * name and path), and as a granting attachment (by URN dependency, ARN, or name and path).
 */
class PolicyReferences {
    private readonly boundaries = new Set<string>();
    private readonly grantingUrns = new Set<string>();
    private readonly grantingArns = new Set<string>();
    private readonly grantingNames = new Set<string>();

    constructor(resources: readonly PolicyResource[]) {
        for (const r of resources) {
            switch (r.type) {
                case "aws:ssoadmin/permissionsBoundaryAttachment:PermissionsBoundaryAttachment":
                    this.addName(
                        this.boundaries,
                        peek(() => r.props.permissionsBoundary?.customerManagedPolicyReference),
                    );
                    break;
                case "aws:iam/rolePolicyAttachment:RolePolicyAttachment":
                case "aws:iam/userPolicyAttachment:UserPolicyAttachment":
                case "aws:iam/groupPolicyAttachment:GroupPolicyAttachment":
                case "aws:iam/policyAttachment:PolicyAttachment":
                    this.addGrant(r, "policyArn", [peek(() => r.props.policyArn)]);
                    break;
                case "aws:iam/role:Role":
                    this.addGrant(r, "managedPolicyArns", list(peek(() => r.props.managedPolicyArns)));
                    break;
                case "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive":
                case "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive":
                case "aws:iam/groupPolicyAttachmentsExclusive:GroupPolicyAttachmentsExclusive":
                    this.addGrant(r, "policyArns", list(peek(() => r.props.policyArns)));
                    break;
                case "aws:ssoadmin/customerManagedPolicyAttachment:CustomerManagedPolicyAttachment":
                    this.addName(
                        this.grantingNames,
                        peek(() => r.props.customerManagedPolicyReference),
                    );
                    break;
            }
        }
    }

    /** Whether an Identity Center permission set of the stack names `policy` as its permissions boundary. */
    isPermissionSetBoundary(policy: PolicyResource): boolean {
        const key = namePathKey(
            peek(() => policy.props.name),
            peek(() => policy.props.path),
        );
        return key !== undefined && this.boundaries.has(key);
    }

    /** Whether anything in the stack attaches `policy` as an identity (granting) policy. */
    isGranted(policy: PolicyResource): boolean {
        const arn = peek(() => policy.props.arn);
        const key = namePathKey(
            peek(() => policy.props.name),
            peek(() => policy.props.path),
        );
        return (
            this.grantingUrns.has(policy.urn) || (typeof arn === "string" && this.grantingArns.has(arn)) || (key !== undefined && this.grantingNames.has(key))
        );
    }

    private addName(into: Set<string>, ref: unknown): void {
        const { name, path } = (ref ?? {}) as { name?: unknown; path?: unknown };
        const key = namePathKey(name, path);
        if (key !== undefined) into.add(key);
    }

    private addGrant(r: PolicyResource, key: string, arns: readonly unknown[]): void {
        for (const d of r.propertyDependencies[key] ?? []) this.grantingUrns.add(d.urn);
        for (const arn of arns) if (typeof arn === "string" && arn !== "") this.grantingArns.add(arn);
    }
}
