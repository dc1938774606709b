import { eachFailClosed, list, ofType, peek, refersTo, resourcePolicy, stackPolicy, ZeroTrustPolicy } from "../common";

/** Attachments that own the whole list of a principal's managed policies (policyArns). */
const EXCLUSIVE_ATTACHMENT_TYPES = [
    "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive",
    "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive",
    "aws:iam/groupPolicyAttachmentsExclusive:GroupPolicyAttachmentsExclusive",
] as const;
const ATTACHMENT_TYPES = [
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    "aws:iam/userPolicyAttachment:UserPolicyAttachment",
    "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
    "aws:iam/policyAttachment:PolicyAttachment",
    "aws:iam/role:Role",
    "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment",
    ...EXCLUSIVE_ATTACHMENT_TYPES,
] as const;

/** Who holds permissions and how: no IAM users or their credentials, no AWS-managed administrator policies, short sessions, a strong password policy. */
export const principalPolicies: ZeroTrustPolicy[] = [
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
                if ((EXCLUSIVE_ATTACHMENT_TYPES as readonly string[]).includes(r.type)) {
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
    resourcePolicy<{ minimumLength: number; reusePrevention: number }, "aws:iam/accountPasswordPolicy:AccountPasswordPolicy">({
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
            if (!((props.minimumPasswordLength ?? 0) >= config.minimumLength))
                report(`minimumPasswordLength is ${props.minimumPasswordLength ?? "unset (6)"}; expected >= ${config.minimumLength}`);
            if (!((props.passwordReusePrevention ?? 0) >= config.reusePrevention))
                report(`passwordReusePrevention is ${props.passwordReusePrevention ?? "unset"}; expected >= ${config.reusePrevention}`);
        },
    }),
    resourcePolicy<{ maxHours: number }, "aws:ssoadmin/permissionSet:PermissionSet">({
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
    resourcePolicy<{ maxSeconds: number }, "aws:iam/role:Role">({
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
];
