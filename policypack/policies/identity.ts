import { PolicyResource } from "@pulumi/policy";
import { Deployments, eachFailClosed, list, outputsPending, ofType, peek, refersTo, resourcePolicy, stackPolicy, ZeroTrustPolicy } from "./common";
import { DOCUMENT_TYPES, documentsOf } from "./documents";
import { grants, hasWildcardPrincipal, onAllResources, readsNamedBucketsOnly, scopedByCondition, statementLabel, vocabularyProblems } from "./iam-document";

const INLINE_IDENTITY_TYPES = [
    "aws:iam/rolePolicy:RolePolicy",
    "aws:iam/userPolicy:UserPolicy",
    "aws:iam/groupPolicy:GroupPolicy",
    "aws:iam/role:Role",
    "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy",
];
/** Attachments that own the whole list of a principal's managed policies (policyArns). */
const EXCLUSIVE_ATTACHMENT_TYPES = [
    "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive",
    "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive",
    "aws:iam/groupPolicyAttachmentsExclusive:GroupPolicyAttachmentsExclusive",
];
const ATTACHMENT_TYPES = [
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    "aws:iam/userPolicyAttachment:UserPolicyAttachment",
    "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
    "aws:iam/policyAttachment:PolicyAttachment",
    "aws:iam/role:Role",
    "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment",
    ...EXCLUSIVE_ATTACHMENT_TYPES,
];

export const identityPolicies: ZeroTrustPolicy[] = [
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
                for (const doc of documentsOf(policy.type, policy.props)) {
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
        validate: (props, report, { args }) => {
            for (const doc of documentsOf(args.type, props).filter((d) => d.kind === "identity")) {
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
    resourcePolicy<{ allowedServices: string[] }>({
        name: "iam-no-service-wildcards",
        description: 'Identity policies do not allow whole-service wildcards ("s3:*", "iam:*") on every resource.',
        severity: "high",
        area: "identity",
        controls: ["IAM.21"],
        remediation: "Name the actions (for example s3:GetObject) or scope the wildcard to specific resource ARNs.",
        params: { allowedServices: { type: "array", items: { type: "string" }, default: [], description: "Services whose wildcard is accepted." } },
        types: ["aws:iam/policy:Policy", ...INLINE_IDENTITY_TYPES],
        validate: (props, report, { args, config }) => {
            for (const doc of documentsOf(args.type, props).filter((d) => d.kind === "identity")) {
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
        validate: async (props, report, { args }) => {
            for (const doc of documentsOf(args.type, props)) {
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
        validate: async (props, report, { args }) => {
            for (const doc of documentsOf(args.type, props)) {
                for (const p of await vocabularyProblems(doc.statements)) if (p.effect === "Allow") report(`${doc.path} ${p.message}`);
            }
        },
    }),
    resourcePolicy<{ extraScopingKeys: string[] }>({
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
        validate: (props, report, { args, config }) => {
            for (const doc of documentsOf(args.type, props).filter((d) => d.kind === "trust" || d.kind === "resource")) {
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
        validate: (props, report, { args }) => {
            for (const doc of documentsOf(args.type, props).filter((d) => d.kind === "identity")) {
                doc.statements.forEach((s, i) => {
                    if (s.effect !== "Allow" || !grants(s, "iam:PassRole") || !onAllResources(s)) return;
                    const conditioned = Object.values(s.conditions).some((block) => Object.keys(block).some((k) => k.toLowerCase() === "iam:passedtoservice"));
                    if (!conditioned) report(`${doc.path} ${statementLabel(s, i)} lets the holder pass any role to any service`);
                });
            }
        },
    }),
    resourcePolicy({
        name: "iam-no-users",
        description: "No IAM users: people sign in through IAM Identity Center and workloads use roles.",
        severity: "high",
        area: "identity",
        controls: ["CIS 1.20", "IAM.2"],
        remediation: "Remove the aws.iam.User; give people an Identity Center assignment and give workloads an IAM role they assume.",
        types: ["aws:iam/user:User"],
        validate: (_props, report, { args }) => report(`IAM user "${args.name}" would hold long-lived credentials`),
    }),
    resourcePolicy({
        name: "iam-no-access-keys",
        description: "No IAM access keys: long-lived secrets are replaced by role sessions.",
        severity: "critical",
        area: "identity",
        controls: ["CIS 1.10", "CIS 1.12", "CIS 1.13", "IAM.3"],
        remediation: "Remove the aws.iam.AccessKey; use an IAM role (OIDC federation for CI, instance/task roles for workloads).",
        types: ["aws:iam/accessKey:AccessKey"],
        validate: (_props, report, { args }) => report(`access key "${args.name}" is a long-lived credential`),
    }),
    resourcePolicy({
        name: "iam-no-login-profiles",
        description: "No IAM console passwords: console access goes through Identity Center with MFA.",
        severity: "high",
        area: "identity",
        controls: ["CIS 1.9", "CIS 1.10", "IAM.5"],
        remediation: "Remove the aws.iam.UserLoginProfile and assign the person an Identity Center permission set.",
        types: ["aws:iam/userLoginProfile:UserLoginProfile"],
        validate: (_props, report, { args }) => report(`login profile "${args.name}" gives an IAM user a console password`),
    }),
    resourcePolicy({
        name: "iam-no-user-policies",
        description: "No policies attached to IAM users directly.",
        severity: "medium",
        area: "identity",
        controls: ["CIS 1.14", "IAM.2"],
        remediation: "Attach permissions to roles (or Identity Center permission sets), never to users.",
        types: ["aws:iam/userPolicy:UserPolicy", "aws:iam/userPolicyAttachment:UserPolicyAttachment"],
        validate: (props, report) => report(`policy attached directly to IAM user ${JSON.stringify(props.user)}`),
    }),
    stackPolicy<{ forbiddenPolicies: string[]; exemptRoles: string[]; exemptPermissionSets: Record<string, string[]> }>({
        name: "iam-no-privileged-managed-policies",
        description:
            "AWS-managed administrator policies (AdministratorAccess, IAMFullAccess, AWSCloudShellFullAccess, PowerUserAccess) are not attached outside the named break-glass roles and permission sets.",
        severity: "critical",
        area: "identity",
        controls: ["CIS 1.15", "CIS 1.21", "IAM.1"],
        remediation:
            "Attach a least-privilege policy instead; if this is a break-glass role, add its name to this policy's exemptRoles parameter (a permission set: exemptPermissionSets) in the stack's policy config.",
        params: {
            forbiddenPolicies: {
                type: "array",
                items: { type: "string" },
                default: ["AdministratorAccess", "IAMFullAccess", "AWSCloudShellFullAccess", "PowerUserAccess"],
                description: "Names of AWS-managed policies that must not be attached.",
            },
            exemptRoles: { type: "array", items: { type: "string" }, default: [], description: "Role names allowed to hold them (break-glass)." },
            exemptPermissionSets: {
                type: "object",
                additionalProperties: { type: "array", items: { type: "string" } },
                default: {},
                description: "Identity Center permission set name -> the forbidden policies it may hold (for example platform-admin: [AdministratorAccess]).",
            },
        },
        validate: (resources, report, { config }) => {
            const forbidden = (arn: unknown): string | undefined => {
                if (typeof arn !== "string") return undefined;
                return config.forbiddenPolicies.find((n) => new RegExp(`^arn:aws[a-z-]*:iam::aws:policy/(.*/)?${n}$`).test(arn));
            };
            eachFailClosed(ofType(resources, ...ATTACHMENT_TYPES), report, (r) => {
                const props = r.props;
                if (r.type === "aws:iam/role:Role") {
                    if (config.exemptRoles.includes(props.name)) return;
                    for (const arn of list(props.managedPolicyArns)) if (forbidden(arn)) report(`role attaches ${arn}`, r.urn);
                    return;
                }
                if (EXCLUSIVE_ATTACHMENT_TYPES.includes(r.type)) {
                    if (r.type.includes("rolePolicy") && config.exemptRoles.includes(props.roleName)) return;
                    for (const arn of list(props.policyArns)) if (forbidden(arn)) report(`attaches ${arn}`, r.urn);
                    return;
                }
                if (r.type === "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment") {
                    const policy = forbidden(props.managedPolicyArn);
                    if (!policy) return;
                    // The permission set is found through the engine's property dependency, so its name is known in preview.
                    const set = ofType(resources, "aws:ssoadmin/permissionSet:PermissionSet").find((p) => refersTo(r, "permissionSetArn", p, ["arn"]));
                    const setName = set ? peek(() => set.props.name) : undefined;
                    if (typeof setName === "string" && (config.exemptPermissionSets[setName] ?? []).includes(policy)) return;
                    report(`permission set ${typeof setName === "string" ? `"${setName}" ` : ""}attaches ${props.managedPolicyArn}`, r.urn);
                    return;
                }
                if (!forbidden(props.policyArn)) return;
                if (r.type === "aws:iam/rolePolicyAttachment:RolePolicyAttachment" && config.exemptRoles.includes(props.role)) return;
                report(`attaches ${props.policyArn}`, r.urn);
            });
        },
    }),
    resourcePolicy<{ minimumLength: number; reusePrevention: number }>({
        name: "iam-password-policy-strong",
        description: "The account password policy requires long passwords and prevents reuse.",
        severity: "medium",
        area: "identity",
        controls: ["CIS 1.7", "CIS 1.8", "IAM.7"],
        remediation: "Set minimumPasswordLength >= 14 and passwordReusePrevention >= 24 on aws.iam.AccountPasswordPolicy.",
        params: {
            minimumLength: { type: "integer", minimum: 14, default: 14, description: "Minimum password length." },
            reusePrevention: { type: "integer", minimum: 1, maximum: 24, default: 24, description: "Passwords remembered." },
        },
        types: ["aws:iam/accountPasswordPolicy:AccountPasswordPolicy"],
        validate: (props, report, { config }) => {
            if (!(props.minimumPasswordLength >= config.minimumLength))
                report(`minimumPasswordLength is ${props.minimumPasswordLength ?? "unset (6)"}; expected >= ${config.minimumLength}`);
            if (!(props.passwordReusePrevention >= config.reusePrevention))
                report(`passwordReusePrevention is ${props.passwordReusePrevention ?? "unset"}; expected >= ${config.reusePrevention}`);
        },
    }),
    resourcePolicy<{ maxHours: number }>({
        name: "identity-center-session-limit",
        description: "Identity Center permission sets issue short sessions.",
        severity: "medium",
        area: "identity",
        controls: [],
        remediation: 'Set sessionDuration on the aws.ssoadmin.PermissionSet to an ISO-8601 duration no longer than the limit (for example "PT1H").',
        params: { maxHours: { type: "number", minimum: 1, maximum: 12, default: 8, description: "Longest session allowed, in hours." } },
        types: ["aws:ssoadmin/permissionSet:PermissionSet"],
        validate: (props, report, { config }) => {
            const duration = props.sessionDuration ?? "PT1H";
            const m = /^PT(?:(\d+)H)?(?:(\d+)M)?$/.exec(duration);
            const hours = m ? Number(m[1] ?? 0) + Number(m[2] ?? 0) / 60 : Number.POSITIVE_INFINITY;
            if (hours > config.maxHours) report(`sessionDuration ${duration} exceeds ${config.maxHours} hours`);
        },
    }),
    resourcePolicy<{ maxSeconds: number }>({
        name: "iam-role-session-limit",
        description: "IAM roles issue sessions no longer than the limit.",
        severity: "low",
        enforcementLevel: "advisory",
        area: "identity",
        controls: [],
        remediation: "Lower maxSessionDuration on the aws.iam.Role (seconds).",
        params: { maxSeconds: { type: "integer", minimum: 900, maximum: 43200, default: 3600, description: "Longest role session, in seconds." } },
        types: ["aws:iam/role:Role"],
        validate: (props, report, { config }) => {
            const seconds = props.maxSessionDuration ?? 3600;
            if (seconds > config.maxSeconds) report(`maxSessionDuration ${seconds}s exceeds ${config.maxSeconds}s`);
        },
    }),
    stackPolicy({
        name: "iam-support-role-present",
        description:
            "The landing zone has a support role: AWSSupportAccess on an IAM role, or on an Identity Center permission set assigned to every account the stack creates. IAM is global: per account, not per region.",
        severity: "low",
        area: "identity",
        controls: ["CIS 1.16", "IAM.18"],
        remediation:
            "Attach arn:aws:iam::aws:policy/AWSSupportAccess to a permission set (aws.ssoadmin.ManagedPolicyAttachment) and assign it (aws.ssoadmin.AccountAssignment) in every account, or attach it to an IAM role.",
        landingZoneOnly: true,
        validate: (resources, report) => {
            const support = (arn: unknown) => typeof arn === "string" && /^arn:aws[a-z-]*:iam::aws:policy\/AWSSupportAccess$/.test(arn);
            const onRole = resources.some(
                (r) =>
                    (r.type === "aws:iam/role:Role" && list(r.props.managedPolicyArns).some(support)) ||
                    (r.type === "aws:iam/rolePolicyAttachment:RolePolicyAttachment" && support(r.props.policyArn)) ||
                    (r.type === "aws:iam/policyAttachment:PolicyAttachment" && support(r.props.policyArn) && list(r.props.roles).length > 0) ||
                    (r.type === "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive" && list(r.props.policyArns).some(support)),
            );
            if (onRole) return;
            // A permission set is found through the attachment's and the assignments' property dependencies.
            const sets = ofType(resources, "aws:ssoadmin/permissionSet:PermissionSet").filter((set) =>
                ofType(resources, "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment").some(
                    (m) => support(m.props.managedPolicyArn) && refersTo(m, "permissionSetArn", set, ["arn"]),
                ),
            );
            const assignments = ofType(resources, "aws:ssoadmin/accountAssignment:AccountAssignment").filter((a) =>
                sets.some((set) => refersTo(a, "permissionSetArn", set, ["arn"])),
            );
            if (assignments.length === 0) {
                report("no IAM role or assigned permission set holds AWSSupportAccess: nobody can open an AWS Support case during an incident");
                return;
            }
            for (const account of ofType(resources, "aws:organizations/account:Account"))
                if (!assignments.some((a) => refersTo(a, "targetId", account, ["id"])))
                    report(`account ${account.name} has no assignment of a permission set with AWSSupportAccess`, account.urn);
        },
    }),
    stackPolicy({
        name: "account-security-contact",
        description:
            "Every account the landing zone holds has a security alternate contact: the management account and each account the stack creates. Contacts are account-level (no region).",
        severity: "medium",
        area: "identity",
        controls: ["CIS 1.2", "Account.1"],
        remediation:
            'Create an aws.account.AlternativeContact with alternateContactType "SECURITY" for the management account (no accountId) and one per member account (accountId: the account\'s id), from the management account.',
        landingZoneOnly: true,
        validate: (resources, report) => {
            const security = ofType(resources, "aws:account/alternativeContact:AlternativeContact").filter(
                (c) => String(c.props.alternateContactType).toUpperCase() === "SECURITY",
            );
            // Without an accountId a contact is the calling account's own: the management account's, where the organization lives.
            // In a preview of its create the engine shows the unset accountId as computed (unknown): it is still the caller's
            // own contact when no other resource's output feeds it.
            const own = (c: PolicyResource) => peek(() => c.props.accountId) === undefined && (c.propertyDependencies.accountId ?? []).length === 0;
            if (ofType(resources, "aws:organizations/organization:Organization").length > 0 && !security.some(own))
                report("the management account has no security alternate contact (one without accountId)");
            for (const account of ofType(resources, "aws:organizations/account:Account"))
                if (!security.some((c) => refersTo(c, "accountId", account, ["id"])))
                    report(`account ${account.name} has no security alternate contact: AWS's security notices for it reach nobody`, account.urn);
        },
    }),
    stackPolicy({
        name: "iam-access-analyzer-present",
        description:
            "The landing zone runs an organization-wide IAM Access Analyzer in every region where it deploys workloads: an analyzer sees the resources of its own region only, for every account of the organization. A region holding only global-service plumbing (global-event forwarding rules, Firewall Manager's CloudFront policies), where the SCP admits no workload, needs none.",
        severity: "high",
        area: "identity",
        controls: ["CIS 1.19", "IAM.28"],
        remediation: 'In every region, create an aws.accessanalyzer.Analyzer with type "ORGANIZATION" in the delegated administrator account.',
        landingZoneOnly: true,
        validate: (resources, report) => {
            const deployed = new Deployments(resources, report);
            const analyzed = new Set(
                ofType(resources, "aws:accessanalyzer/analyzer:Analyzer")
                    .filter((a) => outputsPending(a) || String(a.props.type ?? "ACCOUNT").startsWith("ORGANIZATION"))
                    .flatMap((a) => deployed.place(a)?.region ?? []),
            );
            const regions = new Set(deployed.pairsDeployed(true).map((p) => p.region));
            for (const region of regions) if (!analyzed.has(region)) report(`no organization-wide IAM Access Analyzer in region ${region}`);
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
