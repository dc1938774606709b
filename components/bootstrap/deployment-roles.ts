import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    deployRolePolicy,
    DeploymentIdentity,
    GITHUB_OIDC_AUDIENCE,
    GITHUB_OIDC_HOST,
    githubSubject,
    githubTrustPolicy,
    memberPreviewRoleName,
    previewRolePolicy,
} from "./policies";
import { toJson } from "../policies/document";

export interface DeploymentRolesArgs {
    /** GitHub repository (owner/name) whose workflows may assume the roles. */
    readonly repository: string;
    /** Branch whose scheduled drift checks may use the preview role. */
    readonly branch: string;
    /** GitHub environment whose jobs may use the deploy role. */
    readonly environment: string;
    /** Stack environment name; the roles are `landing-zone-<env>-preview` and `-deploy`. */
    readonly stackEnvironment: string;
    /** AWS partition of the management account. */
    readonly partition: string;
    /** Management account id, where the provider and roles live. */
    readonly managementAccountId: string;
    /** The organization's id; member access roles may be assumed only inside it. */
    readonly organizationId: pulumi.Input<string>;
    /** Role the program's providers assume in member accounts. */
    readonly accessRoleName: string;
    /** KMS alias of the stack's secrets provider key. */
    readonly stateKeyAlias: string;
    /** Regions the landing zone may act in. */
    readonly regions: readonly string[];
    /** Region where the management account forwards global events. */
    readonly globalEventsRegion: string;
    /** Region of Firewall Manager's administrator. */
    readonly firewallManagerRegion: string;
    /** Break-glass roles of the management account, which the deploy role may neither change nor pass. */
    readonly breakGlassRoleNames: readonly string[];
    /** Roles (names or `prefix*` patterns) the deploy role passes, by the service principal each is for. */
    readonly passRoles: Readonly<Record<string, readonly string[]>>;
    /** Longest session a role may hold, in seconds (900-3600). */
    readonly maxSessionSeconds: number;
}

/**
 * The pipeline's identities in the management account: GitHub's OIDC provider, a read-only preview
 * role that only this repository's pull requests (and scheduled runs on the branch) can assume, and a
 * deploy role that only jobs in the stack's GitHub environment - which carries the approval rule - can
 * assume. No AWS access key exists anywhere in the pipeline.
 */
export class DeploymentRoles extends pulumi.ComponentResource {
    readonly oidcProvider: aws.iam.OpenIdConnectProvider;
    readonly previewRole: aws.iam.Role;
    readonly deployRole: aws.iam.Role;

    constructor(name: string, args: DeploymentRolesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:bootstrap:DeploymentRoles", name, {}, opts);
        if (!/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/.test(args.repository))
            throw new Error(`DeploymentRoles ${name}: repository "${args.repository}" is not owner/name; set deployment.repository to the GitHub repository`);
        if (args.maxSessionSeconds < 900 || args.maxSessionSeconds > 3600)
            throw new Error(
                `DeploymentRoles ${name}: maxSessionSeconds ${args.maxSessionSeconds} is outside 900-3600; set deployment.maxSessionSeconds within it`,
            );

        for (const [service, names] of Object.entries(args.passRoles))
            if (names.length === 0 || names.some((n) => !/^[\w+=,.@-]+\*?$/.test(n) || n.length < 4))
                throw new Error(
                    `DeploymentRoles ${name}: passRoles["${service}"] must name roles (a name or a name prefix ending in *, never "*" alone); got ${JSON.stringify(names)}`,
                );

        const previewRoleName = `landing-zone-${args.stackEnvironment}-preview`;
        const deployRoleName = `landing-zone-${args.stackEnvironment}-deploy`;
        const tags = { Purpose: "deployment", Repository: args.repository };

        this.oidcProvider = new aws.iam.OpenIdConnectProvider(
            `${name}-github-oidc`,
            // IAM validates GitHub's certificate against its own trusted CAs; no thumbprint is pinned.
            { url: `https://${GITHUB_OIDC_HOST}`, clientIdLists: [GITHUB_OIDC_AUDIENCE], tags },
            { parent: this },
        );

        const identity = pulumi.output(args.organizationId).apply((organizationId): DeploymentIdentity => ({
            partition: args.partition,
            managementAccountId: args.managementAccountId,
            organizationId,
            accessRoleName: args.accessRoleName,
            stateKeyAlias: args.stateKeyAlias,
            regions: args.regions,
            globalEventsRegion: args.globalEventsRegion,
            firewallManagerRegion: args.firewallManagerRegion,
            previewRoleName,
            deployRoleName,
            memberPreviewRoleName: memberPreviewRoleName(args.stackEnvironment),
            breakGlassRoleNames: args.breakGlassRoleNames,
            passRoles: args.passRoles,
        }));

        const role = (roleName: string, subjects: string[], description: string) =>
            new aws.iam.Role(
                `${name}-${roleName.endsWith("preview") ? "preview" : "deploy"}`,
                {
                    name: roleName,
                    description,
                    maxSessionDuration: args.maxSessionSeconds,
                    assumeRolePolicy: this.oidcProvider.arn.apply((arn) => toJson(githubTrustPolicy(arn, subjects))),
                    tags,
                },
                { parent: this },
            );

        this.previewRole = role(
            previewRoleName,
            [githubSubject.pullRequest(args.repository), githubSubject.branch(args.repository, args.branch)],
            `Read-only preview of the ${args.stackEnvironment} landing zone from ${args.repository} pull requests and drift checks`,
        );
        this.deployRole = role(
            deployRoleName,
            [githubSubject.environment(args.repository, args.environment)],
            `Deploys the ${args.stackEnvironment} landing zone from the ${args.environment} environment of ${args.repository}`,
        );

        new aws.iam.RolePolicy(
            `${name}-preview-policy`,
            { role: this.previewRole.name, name: "landing-zone-preview", policy: identity.apply((id) => toJson(previewRolePolicy(id))) },
            { parent: this },
        );
        new aws.iam.RolePolicy(
            `${name}-deploy-policy`,
            { role: this.deployRole.name, name: "landing-zone-deploy", policy: identity.apply((id) => toJson(deployRolePolicy(id))) },
            { parent: this },
        );

        this.registerOutputs({ previewRoleArn: this.previewRole.arn, deployRoleArn: this.deployRole.arn, oidcProviderArn: this.oidcProvider.arn });
    }
}
