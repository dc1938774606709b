import { policyDocument, PolicyDocument, Statement, trustRoleByArn } from "../policies/document";
import { CallScope, managementReads, managementWrites, memberReadServices, ROLE_WRITES, SERVICE_READ_VERBS } from "./calls";

/**
 * Policy documents of the deployment roles: pure functions of typed inputs, so the tests can
 * simulate them. The pipeline authenticates with GitHub's OIDC tokens (no stored AWS keys) and gets a
 * read-only role for pull requests and drift checks and a deploy role for the protected environments.
 */

/** GitHub's OIDC issuer (host only, as IAM condition keys name it). */
export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";
/** The audience aws-actions/configure-aws-credentials requests. */
export const GITHUB_OIDC_AUDIENCE = "sts.amazonaws.com";

export interface DeploymentIdentity {
    /** AWS partition of the management account. */
    readonly partition: string;
    /** Management account id (the roles live there). */
    readonly managementAccountId: string;
    /** The organization's id: member roles may be assumed only inside it. */
    readonly organizationId: string;
    /** Role Organizations created in every member account, which the program's providers assume. */
    readonly accessRoleName: string;
    /** Alias of the KMS key of the stack's secrets provider. */
    readonly stateKeyAlias: string;
    /** Regions the landing zone may act in. */
    readonly regions: readonly string[];
    /** Region where the management account forwards global events (EventBridge rules outside the allowed regions). */
    readonly globalEventsRegion: string;
    /** Region of Firewall Manager's administrator (us-east-1 in the commercial partition). */
    readonly firewallManagerRegion: string;
    /** Names of the deployment roles themselves, which the deploy role may not change. */
    readonly previewRoleName: string;
    readonly deployRoleName: string;
    /** The read-only role the program creates in every member account for previews (memberPreviewRoleName). */
    readonly memberPreviewRoleName: string;
    /** Break-glass roles of the management account: the deploy role may neither change nor pass them. */
    readonly breakGlassRoleNames: readonly string[];
    /** Roles (names or `prefix*` patterns) the deploy role may pass, by the service principal it passes them to. */
    readonly passRoles: Readonly<Record<string, readonly string[]>>;
}

/** The `sub` claims GitHub issues: a pull request, a branch push or schedule, a deployment environment. */
export const githubSubject = {
    pullRequest: (repository: string) => `repo:${repository}:pull_request`,
    branch: (repository: string, branch: string) => `repo:${repository}:ref:refs/heads/${branch}`,
    environment: (repository: string, environment: string) => `repo:${repository}:environment:${environment}`,
};

/** Trust policy: only GitHub tokens for this audience whose subject is exactly one of `subjects`. */
export function githubTrustPolicy(oidcProviderArn: string, subjects: readonly string[]): PolicyDocument {
    if (subjects.length === 0 || subjects.some((s) => /[*?]/.test(s)))
        throw new Error("githubTrustPolicy: subjects must be exact (no wildcards) and at least one (expected repo:<owner>/<name>:<context>)");
    return policyDocument([
        {
            Sid: "GitHubActionsOidc",
            Effect: "Allow",
            Principal: { Federated: oidcProviderArn },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: {
                StringEquals: {
                    [`${GITHUB_OIDC_HOST}:aud`]: GITHUB_OIDC_AUDIENCE,
                    [`${GITHUB_OIDC_HOST}:sub`]: [...subjects].sort(),
                },
            },
        },
    ]);
}

function assumeMemberAccessRole(id: DeploymentIdentity): Statement {
    return {
        Sid: "AssumeMemberAccessRole",
        Effect: "Allow",
        Action: "sts:AssumeRole",
        Resource: `arn:${id.partition}:iam::*:role/${id.accessRoleName}`,
        Condition: { StringEquals: { "aws:ResourceOrgID": id.organizationId } },
    };
}

function stateKey(id: DeploymentIdentity, actions: readonly string[]): Statement {
    return {
        Sid: "StackSecretsKey",
        Effect: "Allow",
        Action: [...actions],
        Resource: `arn:${id.partition}:kms:*:${id.managementAccountId}:key/*`,
        Condition: { "ForAnyValue:StringEquals": { "kms:ResourceAliases": id.stateKeyAlias } },
    };
}

/** Services whose API is global: their calls carry aws:RequestedRegion us-east-1 whatever the provider's region. */
const GLOBAL_SERVICES = new Set(["account", "iam", "organizations"]);

function isGlobal(action: string): boolean {
    return GLOBAL_SERVICES.has(action.split(":")[0]);
}

/** The regions each scope's calls are made in. */
export function scopeRegions(id: DeploymentIdentity, scope: CallScope): string[] {
    switch (scope) {
        case "global":
        case "allowed":
            return [...id.regions].sort();
        case "events":
            return [...new Set([...id.regions, id.globalEventsRegion])].sort();
        case "firewall-manager":
            return [id.firewallManagerRegion];
    }
}

/** The write statements of the call table: global services unconditioned, regional ones in their scope's regions. */
function writeStatements(id: DeploymentIdentity): Statement[] {
    const scopes: readonly [CallScope, string][] = [
        ["allowed", "WriteInAllowedRegions"],
        ["events", "WriteEventRules"],
        ["firewall-manager", "WriteFirewallManagerAdministrator"],
    ];
    const all = (["global", ...scopes.map(([scope]) => scope)] as CallScope[]).flatMap((scope) => managementWrites(scope));
    const global = [...new Set(all.filter(isGlobal))].sort();
    const statements: Statement[] = [{ Sid: "WriteGlobalServices", Effect: "Allow", Action: global, Resource: "*" }];
    for (const [scope, sid] of scopes) {
        const regional = managementWrites(scope).filter((a) => !isGlobal(a));
        if (regional.length > 0)
            statements.push({
                Sid: sid,
                Effect: "Allow",
                Action: regional,
                Resource: "*",
                Condition: { StringEquals: { "aws:RequestedRegion": scopeRegions(id, scope) } },
            });
    }
    return statements;
}

/**
 * The preview role (pull requests, drift checks): every read the engine's refresh makes and every
 * invoke the program makes in the management account (the call table, nothing else), decrypts the
 * stack's secrets, and reaches member accounts through their access role.
 */
export function previewRolePolicy(id: DeploymentIdentity): PolicyDocument {
    return policyDocument([
        { Sid: "ReadConfiguration", Effect: "Allow", Action: managementReads(), Resource: "*" },
        {
            // Never the organization access role: member accounts are read through their own preview role.
            Sid: "AssumeMemberPreviewRole",
            Effect: "Allow",
            Action: "sts:AssumeRole",
            Resource: `arn:${id.partition}:iam::*:role/${id.memberPreviewRoleName}`,
            Condition: { StringEquals: { "aws:ResourceOrgID": id.organizationId } },
        },
        stateKey(id, ["kms:Decrypt"]),
    ]);
}

/** The name of the read-only preview role in every member account of a stack. */
export function memberPreviewRoleName(stackEnvironment: string): string {
    return `landing-zone-${stackEnvironment}-member-preview`;
}

/**
 * Reads a Get/List/Describe wildcard would also allow that return data, secrets or code rather than
 * configuration, or that the IAM reference classes as writes; no refresh of the program's types needs them.
 */
export const DENIED_MEMBER_READS = [
    "athena:GetQueryResults*",
    "athena:GetSessionEndpoint",
    "backup:ListIndexedRecoveryPointsForSearch",
    "ec2:GetConsoleOutput",
    "ec2:GetConsoleScreenshot",
    "ec2:GetLaunchTemplateData",
    "ec2:GetPasswordData",
    "glue:BatchGetStageFiles",
    "glue:DescribeConnectionType",
    "glue:DescribeEntity",
    "glue:GetConnection*",
    "glue:GetDataPreviewStatement",
    "glue:GetEnvironment",
    "glue:GetExecutors*",
    "glue:GetLogParsingStatus",
    "glue:GetNotebookInstanceStatus",
    "glue:GetQueries",
    "glue:GetQuery",
    "glue:GetRecipeAction",
    "glue:GetStage*",
    "glue:GetStorage*",
    "glue:ListConnectionTypes",
    "glue:ListEntities",
    "inspector2:BatchGetCodeSnippet",
    "logs:GetLogEvents",
    "logs:GetLogRecord",
    "logs:GetQueryResults",
    "s3:GetObject*",
    "ssm:GetParameter*",
] as const;

/** Trust policy of a member preview role: only the management account's preview role, by ARN (one a re-created role keeps). */
export function memberPreviewTrustPolicy(managementPreviewRoleArn: string): PolicyDocument {
    return policyDocument([trustRoleByArn("ManagementPreviewRole", managementPreviewRoleArn)]);
}

/**
 * The member preview role: the read calls of every service the program registers resources of in
 * member accounts (the call table), and nothing that writes; data reads are denied outright.
 */
export function memberPreviewRolePolicy(): PolicyDocument {
    return policyDocument([
        {
            Sid: "ReadConfiguration",
            Effect: "Allow",
            Action: [
                ...memberReadServices().flatMap((service) => {
                    const verbs = SERVICE_READ_VERBS[service];
                    if (!verbs)
                        throw new Error(`memberPreviewRolePolicy: service ${service} has no entry in SERVICE_READ_VERBS (components/bootstrap/calls.ts)`);
                    return verbs.map((verb) => `${service}:${verb}*`);
                }),
                // A transit gateway route is read back by searching its route table.
                "ec2:SearchTransitGatewayRoutes",
            ].sort(),
            Resource: "*",
        },
        { Sid: "DenyDataReads", Effect: "Deny", Action: [...DENIED_MEMBER_READS], Resource: "*" },
    ]);
}

/** Every IAM write to a role, and passing it: a role the pipeline could change could be made to act with more than the pipeline has. */
const ROLE_ESCALATION = [
    ...ROLE_WRITES,
    "iam:DeleteRolePermissionsBoundary",
    "iam:DeleteServiceLinkedRole",
    "iam:PassRole",
    "iam:PutRolePermissionsBoundary",
].sort();

/**
 * The deploy role (main, behind environment approval): every write of the call table, in the regions
 * each type lives in, and the member accounts through their access role. It may never create
 * long-lived credentials, dissolve the organization, or widen its own access: it has no IAM role
 * write in the management account (an administrator applies those, as for these roles themselves),
 * passes only named roles to the one service each is for, and may not assume a management-account role.
 */
export function deployRolePolicy(id: DeploymentIdentity): PolicyDocument {
    const role = (name: string) => `arn:${id.partition}:iam::${id.managementAccountId}:role/${name}`;
    const pass = Object.entries(id.passRoles).sort(([a], [b]) => a.localeCompare(b));
    return policyDocument([
        { Sid: "ReadConfiguration", Effect: "Allow", Action: managementReads(), Resource: "*" },
        ...writeStatements(id),
        ...pass.map(([service, names]): Statement => ({
            Sid: `PassRoleTo${service.split(".")[0].replace(/^./, (c) => c.toUpperCase())}`,
            Effect: "Allow",
            Action: "iam:PassRole",
            Resource: [...names].sort().map(role),
            Condition: { StringEquals: { "iam:PassedToService": service } },
        })),
        {
            // Identity Center creates the reserved role and SAML provider of an assignment in the management account as the caller.
            Sid: "IdentityCenterReservedIam",
            Effect: "Allow",
            Action: [
                "iam:AttachRolePolicy",
                "iam:CreateRole",
                "iam:CreateSAMLProvider",
                "iam:DeleteRole",
                "iam:DeleteRolePolicy",
                "iam:DeleteSAMLProvider",
                "iam:DetachRolePolicy",
                "iam:PutRolePolicy",
                "iam:UpdateSAMLProvider",
            ],
            Resource: [
                `arn:${id.partition}:iam::${id.managementAccountId}:role/aws-reserved/sso.amazonaws.com/*`,
                `arn:${id.partition}:iam::${id.managementAccountId}:saml-provider/AWSSSO_*`,
            ],
        },
        {
            Sid: "CreateServiceLinkedRoles",
            Effect: "Allow",
            Action: "iam:CreateServiceLinkedRole",
            Resource: `arn:${id.partition}:iam::${id.managementAccountId}:role/aws-service-role/*`,
        },
        assumeMemberAccessRole(id),
        stateKey(id, ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"]),
        {
            Sid: "DenyLongLivedCredentials",
            Effect: "Deny",
            Action: ["iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:CreateUser", "iam:UpdateLoginProfile"],
            Resource: "*",
        },
        {
            Sid: "DenyDissolvingOrganization",
            Effect: "Deny",
            Action: [
                "organizations:CloseAccount",
                "organizations:DeleteOrganization",
                "organizations:LeaveOrganization",
                "organizations:RemoveAccountFromOrganization",
            ],
            Resource: "*",
        },
        {
            // The pipeline's own roles and the break-glass roles: no change, no pass, whatever else allows it.
            Sid: "DenyChangingPipelineAndBreakGlassRoles",
            Effect: "Deny",
            Action: ROLE_ESCALATION,
            Resource: [id.deployRoleName, id.previewRoleName, ...id.breakGlassRoleNames].sort().map(role),
        },
        {
            // A management-account role the pipeline could assume would be a way around everything above.
            Sid: "DenyAssumingManagementRoles",
            Effect: "Deny",
            Action: ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"],
            Resource: `arn:${id.partition}:iam::${id.managementAccountId}:role/*`,
        },
        {
            Sid: "DenyChangingGitHubProvider",
            Effect: "Deny",
            Action: [
                "iam:AddClientIDToOpenIDConnectProvider",
                "iam:DeleteOpenIDConnectProvider",
                "iam:RemoveClientIDFromOpenIDConnectProvider",
                "iam:UpdateOpenIDConnectProviderThumbprint",
            ],
            Resource: `arn:${id.partition}:iam::${id.managementAccountId}:oidc-provider/${GITHUB_OIDC_HOST}`,
        },
    ]);
}
